"""Pre-moderation of free text: nothing a young person writes is public before a moderator decides."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update

from participation.accounts.models import User
from participation.accounts.services import can_moderate, moderated_organisation_ids  # noqa: F401  (re-exported)
from participation.answers.models import Answer, Submission
from participation.answers.staff_view import shown_up_to
from participation.answers.tallies import participant_count
from participation.audit.services import record
from participation.enums import RejectReason, ReviewState
from participation.extensions import db
from participation.moderation.detector import Flag, find_flags, segments
from participation.offers.models import Offer, Question
from participation.timeutil import local_today, utcnow

REMOVED = "[entfernt]"
QUEUE_LIMIT = 200
# Words, with punctuation at their end split off, so that removing "0176 1234567!" keeps the "!".
_TOKENS = re.compile(r"\s+|\S+?(?=[.,;:!?)]+(?:\s|$)|\s|$)|[.,;:!?)]+")
_WORDS = re.compile(r"\w")


class NeedsDecision(Exception):
    """A flagged answer needs a redaction or an explicit "approve anyway" with a note."""


class NoteRequired(Exception):
    """Approving a flagged answer anyway needs a note saying why."""


class NotPending(Exception):
    """The answer was already decided (perhaps by another moderator a moment ago)."""


class NothingLeft(Exception):
    """Every word would be removed: reject the answer instead."""


@dataclass
class QueueItem:
    answer: Answer
    offer_title: str
    prompt: str
    created_at: datetime
    flags: list[Flag]

    @property
    def pieces(self) -> list[tuple[str, str | None]]:
        return segments(self.answer.text, self.flags)


def backlog() -> int:
    """How many free-text answers wait for a moderator, across all organisations (for monitoring)."""
    return db.session.scalar(
        select(func.count()).select_from(Answer).where(Answer.review_state == ReviewState.pending)
    )


def queue(user: User) -> list[QueueItem]:
    """Return the pending free-text answers the user may decide on, oldest hour first (random within an
    hour). Of an open offer only those in its shown batches (answers.staff_view), as on its staff page:
    refreshing the queue while a child scans must not show that child's text either."""
    query = (
        select(Answer, Offer, Question.prompt, Submission.created_at, Submission.id)
        .join(Submission, Submission.id == Answer.submission_id)
        .join(Offer, Offer.id == Submission.offer_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.review_state == ReviewState.pending)
        .order_by(Submission.created_at, Answer.review_key)
        .limit(QUEUE_LIMIT)
    )
    allowed = moderated_organisation_ids(user)
    if allowed is not None:
        query = query.where(Offer.organisation_id.in_(allowed))
    rows = db.session.execute(query).all()
    today, up_to = local_today(), {}
    for offer in {row[1] for row in rows}:
        up_to[offer.id] = shown_up_to(offer, participant_count(offer.id), today)[1]
    return [
        QueueItem(answer, offer.title, prompt, created, find_flags(answer.text))
        for answer, offer, prompt, created, submission_id in rows
        if up_to[offer.id] is None or submission_id <= up_to[offer.id]
    ]


def answer_organisation_id(answer: Answer) -> int:
    """The organisation whose offer the answer belongs to."""
    return db.session.scalar(
        select(Offer.organisation_id)
        .join(Submission, Submission.offer_id == Offer.id)
        .where(Submission.id == answer.submission_id)
    )


def tokens(text: str) -> list[str]:
    """Split text into words, trailing punctuation and spaces; a moderator ticks words to remove."""
    return _TOKENS.findall(text)


def flagged_token_indexes(text: str) -> set[int]:
    """Indexes of the words that overlap a flagged span (pre-ticked for removal)."""
    flags, result, position = find_flags(text), set(), 0
    for index, token in enumerate(tokens(text)):
        end = position + len(token)
        if not token.isspace() and any(f.start < end and position < f.end for f in flags):
            result.add(index)
        position = end
    return result


def redact(text: str, removed: set[int]) -> str:
    """Replace the removed words by "[entfernt]", one marker per run of neighbouring removed words."""
    parts, in_run = [], False
    pieces = tokens(text)
    for index, token in enumerate(pieces):
        if token.isspace():
            following = index + 1 < len(pieces) and index + 1 in removed
            if not (in_run and following):
                parts.append(token)
            continue
        if index in removed:
            if not in_run:
                parts.append(REMOVED)
            in_run = True
        else:
            parts.append(token)
            in_run = False
    return "".join(parts)


def _decide(answer: Answer, **values) -> None:
    """Change a pending answer, in one UPDATE that fails if someone else decided a moment earlier."""
    changed = db.session.execute(
        update(Answer)
        .where(Answer.id == answer.id, Answer.review_state == ReviewState.pending)
        .values(reviewed_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(answer)
    if changed != 1:
        raise NotPending(answer)


def _offer_id(answer: Answer) -> int:
    return db.session.scalar(select(Submission.offer_id).where(Submission.id == answer.submission_id))


def approve(
    answer: Answer, *, actor: User, removed: set[int] | None = None, anyway: bool = False, note: str = ""
) -> None:
    """Publish an answer, with the ticked words replaced; flagged text needs a redaction or a note."""
    if answer.review_state is not ReviewState.pending:
        raise NotPending(answer)
    words = {
        i for i in removed or () if i < len(tokens(answer.text)) and not tokens(answer.text)[i].isspace()
    }
    published = redact(answer.text, words)
    if not _WORDS.search(published.replace(REMOVED, "")):
        raise NothingLeft(answer)
    if find_flags(published) and not anyway:
        raise NeedsDecision(answer)
    if anyway and not note.strip():
        raise NoteRequired(answer)
    _decide(
        answer,
        review_state=ReviewState.approved,
        published_text=published,
        review_note=note.strip()[:300] or None,
    )
    offer_id = _offer_id(answer)
    if published != answer.text:
        record(
            "answer.redact",
            actor=actor,
            offer_id=offer_id,
            answer_id=answer.id,
            detail=f"{len(words)} words replaced",
        )
    # The note is not copied into the log: notes tend to quote the flagged text.
    record(
        "answer.approve_anyway" if anyway else "answer.approve",
        actor=actor,
        offer_id=offer_id,
        answer_id=answer.id,
        detail="note given" if answer.review_note else "",
    )
    db.session.flush()


def reject(answer: Answer, *, actor: User, reason: RejectReason, note: str = "") -> None:
    """Keep an answer from ever being published; the log names the reason, never the text."""
    _decide(
        answer,
        review_state=ReviewState.rejected,
        reject_reason=reason,
        review_note=(note or "").strip()[:300] or None,
        published_text=None,
    )
    record("answer.reject", actor=actor, offer_id=_offer_id(answer), answer_id=answer.id, detail=reason.value)
    db.session.flush()


def withdraw(answer: Answer, *, actor: User, note: str) -> None:
    """Take an approved answer off the public pages again (a mistake, or the young person asked)."""
    if answer.review_state is not ReviewState.approved:
        raise NotPending(answer)
    if not note.strip():
        raise NoteRequired(answer)
    changed = db.session.execute(
        update(Answer)
        .where(Answer.id == answer.id, Answer.review_state == ReviewState.approved)
        .values(
            review_state=ReviewState.rejected,
            reject_reason=RejectReason.other,
            published_text=None,
            review_note=note.strip()[:300],
            reviewed_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(answer)
    if changed != 1:
        raise NotPending(answer)
    record(
        "answer.withdraw", actor=actor, offer_id=_offer_id(answer), answer_id=answer.id, detail="note given"
    )
    db.session.flush()


def decide_many(*, actor: User, review_keys: list[str], action: str, reason: RejectReason) -> tuple[int, int]:
    """Approve or reject several answers (by review key); flagged ones are skipped on approval. Return
    (done, skipped)."""
    done = skipped = 0
    for answer in db.session.scalars(select(Answer).where(Answer.review_key.in_(review_keys))):
        if answer.review_state is not ReviewState.pending or not can_moderate(
            actor, answer_organisation_id(answer)
        ):
            skipped += 1
            continue
        try:
            if action == "approve":
                approve(answer, actor=actor)
            else:
                reject(answer, actor=actor, reason=reason)
        except (NeedsDecision, NotPending, NothingLeft):
            skipped += 1
        else:
            done += 1
    return done, skipped


BULK_ACTIONS = ("approve", "reject")


def bulk_choice(single: str, action: str, ticked: list[str]) -> tuple[str, list[str]] | None:
    """Read the queue's buttons: a row's own button ("approve:<review key>") decides that answer,
    otherwise the chosen action applies to the ticked answers. None when there is nothing to do."""
    row_action, _sep, row_key = single.partition(":")
    keys = [row_key] if row_key else [key for key in ticked if key][:QUEUE_LIMIT]
    action = row_action or action
    if action not in BULK_ACTIONS or not keys:
        return None
    return action, keys
