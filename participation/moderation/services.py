"""Pre-moderation of free text: nothing a young person writes is public before a moderator decides."""

import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, false, func, or_, select, update

from participation.accounts.models import User
from participation.accounts.services import can_moderate, moderated_organisation_ids  # noqa: F401  (re-exported)
from participation.answers.models import Answer, Submission
from participation.answers.staff_view import shown_up_to
from participation.answers.tallies import digital_count
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


@dataclass(frozen=True)
class OfferCount:
    offer_id: int
    title: str
    waiting: int


def _visible_up_to(user: User) -> dict[int, int | None]:
    """For each offer with pending free text that the user may decide on: the id of its last submission
    shown to staff (None: all of them). Of an open offer only its shown batches (answers.staff_view), as on
    its staff page: refreshing the queue while a child scans must not show that child's text either."""
    query = (
        select(Offer)
        .join(Submission, Submission.offer_id == Offer.id)
        .join(Answer, Answer.submission_id == Submission.id)
        .where(Answer.review_state == ReviewState.pending)
        .distinct()
    )
    allowed = moderated_organisation_ids(user)
    if allowed is not None:
        query = query.where(Offer.organisation_id.in_(allowed))
    today = local_today()
    return {
        offer.id: shown_up_to(offer, digital_count(offer.id), today)[1] for offer in db.session.scalars(query)
    }


def _shown(up_to: dict[int, int | None]):
    """A where-clause: the submission is among those shown of its offer."""
    parts = [
        Submission.offer_id == offer_id
        if last is None
        else and_(
            Submission.offer_id == offer_id,
            or_(Submission.id <= last, Submission.analog_entry_id.is_not(None)),  # typed in by staff
        )
        for offer_id, last in up_to.items()
    ]
    return or_(*parts) if parts else false()


def queue_counts(user: User) -> list[OfferCount]:
    """How many answers wait in the user's queue, per offer, by title."""
    up_to = _visible_up_to(user)
    rows = db.session.execute(
        select(Offer.id, Offer.title, func.count())
        .join(Submission, Submission.offer_id == Offer.id)
        .join(Answer, Answer.submission_id == Submission.id)
        .where(Answer.review_state == ReviewState.pending, _shown(up_to))
        .group_by(Offer.id, Offer.title)
        .order_by(Offer.title, Offer.id)
    )
    return [OfferCount(*row) for row in rows]


def queue(user: User, *, offer_id: int | None = None, newest: bool = False) -> list[QueueItem]:
    """Return the pending free-text answers the user may decide on (only those shown to staff, see
    _visible_up_to), oldest hour first (random within an hour), or newest first; of one offer or of all."""
    up_to = _visible_up_to(user)
    if offer_id is not None:
        up_to = {offer_id: up_to[offer_id]} if offer_id in up_to else {}
    order = Submission.created_at.desc() if newest else Submission.created_at
    query = (
        select(Answer, Offer.title, Question.prompt, Submission.created_at)
        .join(Submission, Submission.id == Answer.submission_id)
        .join(Offer, Offer.id == Submission.offer_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.review_state == ReviewState.pending, _shown(up_to))
        .order_by(order, Answer.review_key)
        .limit(QUEUE_LIMIT)
    )
    return [
        QueueItem(answer, title, prompt, created, find_flags(answer.text))
        for answer, title, prompt, created in db.session.execute(query)
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


def _removable(token: str) -> bool:
    """Words can be removed; spaces and tokens of punctuation only ("!", "...", "–") cannot."""
    return not token.isspace() and not all(unicodedata.category(c)[0] in "PZ" for c in token)


def word_choices(text: str) -> list[tuple[int | None, str]]:
    """What the word-ticking view shows: (token index, the word with the punctuation that follows it).
    Punctuation gets no checkbox of its own; before any word it stands alone, with index None."""
    choices: list[list] = []
    gap = ""
    for index, token in enumerate(tokens(text)):
        if token.isspace():
            gap = " "
        elif _removable(token):
            choices.append([index, token])
            gap = ""
        elif choices:
            choices[-1][1] += gap + token
            gap = ""
        else:
            choices.append([None, token])
            gap = ""
    return [(index, label) for index, label in choices]


def flagged_token_indexes(text: str) -> set[int]:
    """Indexes of the words that overlap a flagged span (pre-ticked for removal)."""
    flags, result, position = find_flags(text), set(), 0
    for index, token in enumerate(tokens(text)):
        end = position + len(token)
        if _removable(token) and any(f.start < end and position < f.end for f in flags):
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
    pieces = tokens(answer.text)
    words = {i for i in removed or () if i < len(pieces) and _removable(pieces[i])}
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


def decide_many(
    *,
    actor: User,
    review_keys: list[str],
    action: str,
    reason: RejectReason,
    reasons: dict[str, RejectReason] | None = None,
) -> tuple[int, int]:
    """Approve or reject several answers (by review key); flagged ones are skipped on approval. An answer
    is rejected for its own reason (reasons, by review key) if one was chosen, else for reason. Return
    (done, skipped)."""
    reasons = reasons or {}
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
                reject(answer, actor=actor, reason=reasons.get(answer.review_key, reason))
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
