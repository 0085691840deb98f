"""Pre-moderation of free text: nothing a young person writes is public before a moderator decides."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from participation.audit.services import record
from participation.auth.models import Role, User, memberships
from participation.extensions import db
from participation.feedback.models import Answer, RejectReason, ReviewState, Submission
from participation.moderation.detector import Flag, find_flags, segments
from participation.offers.models import Offer, Question
from participation.timeutil import utcnow

REMOVED = "[entfernt]"
QUEUE_LIMIT = 200
_TOKENS = re.compile(r"\s+|\S+")


class NeedsDecision(Exception):
    """A flagged answer needs a redaction or an explicit "approve anyway" with a note."""


class NoteRequired(Exception):
    """Approving a flagged answer anyway needs a note saying why."""


class NotPending(Exception):
    """The answer was already decided (perhaps by another moderator a moment ago)."""


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


def moderated_organisation_ids(user: User) -> set[int] | None:
    """Return the organisations whose free text the user may moderate; None means all (admins)."""
    if user.role is Role.admin:
        return None
    if user.role is not Role.youth_worker:
        return set()
    rows = db.session.scalars(select(memberships.c.organisation_id).where(
        memberships.c.user_id == user.id, memberships.c.is_moderator.is_(True)))
    return set(rows)


def can_moderate(user: User, organisation_id: int) -> bool:
    allowed = moderated_organisation_ids(user)
    return allowed is None or organisation_id in allowed


def queue(user: User) -> list[QueueItem]:
    """Return the pending free-text answers the user may decide on, oldest first."""
    query = (
        select(Answer, Offer.title, Question.prompt, Submission.created_at)
        .join(Submission, Submission.id == Answer.submission_id)
        .join(Offer, Offer.id == Submission.offer_id)
        .join(Question, Question.id == Answer.question_id)
        .where(Answer.review_state == ReviewState.pending)
        .order_by(Submission.created_at, Answer.id)
        .limit(QUEUE_LIMIT)
    )
    allowed = moderated_organisation_ids(user)
    if allowed is not None:
        query = query.where(Offer.organisation_id.in_(allowed))
    return [QueueItem(answer, title, prompt, created, find_flags(answer.text))
            for answer, title, prompt, created in db.session.execute(query)]


def answer_organisation_id(answer: Answer) -> int:
    return db.session.scalar(select(Offer.organisation_id).join(Submission, Submission.offer_id == Offer.id)
                             .where(Submission.id == answer.submission_id))


def tokens(text: str) -> list[str]:
    """Split text into words and the spaces between them; a moderator ticks words to remove."""
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


def _check_pending(answer: Answer) -> None:
    if answer.review_state is not ReviewState.pending:
        raise NotPending(answer)


def approve(answer: Answer, *, actor: User, removed: set[int] | None = None, anyway: bool = False,
            note: str = "") -> None:
    """Publish an answer, with the ticked words replaced; flagged text needs a redaction or a note."""
    _check_pending(answer)
    published = redact(answer.text, removed) if removed else answer.text
    if find_flags(published) and not anyway:
        raise NeedsDecision(answer)
    if anyway and not note.strip():
        raise NoteRequired(answer)
    answer.review_state = ReviewState.approved
    answer.published_text = published
    answer.review_note = note.strip()[:300] or None
    answer.reviewed_at = utcnow()
    offer_id = db.session.scalar(select(Submission.offer_id).where(Submission.id == answer.submission_id))
    if removed:
        record("answer.redact", actor=actor, offer_id=offer_id, answer_id=answer.id,
               detail=f"{len(removed)} words removed")
    record("answer.approve_anyway" if anyway else "answer.approve", actor=actor, offer_id=offer_id,
           answer_id=answer.id, detail=answer.review_note or "")
    db.session.flush()


def reject(answer: Answer, *, actor: User, reason: RejectReason, note: str = "") -> None:
    """Keep an answer from ever being published; the log names the reason, never the text."""
    _check_pending(answer)
    answer.review_state = ReviewState.rejected
    answer.reject_reason = reason
    answer.review_note = note.strip()[:300] or None
    answer.published_text = None
    answer.reviewed_at = utcnow()
    offer_id = db.session.scalar(select(Submission.offer_id).where(Submission.id == answer.submission_id))
    record("answer.reject", actor=actor, offer_id=offer_id, answer_id=answer.id, detail=reason.value)
    db.session.flush()


def decide_many(*, actor: User, answer_ids: list[int], action: str, reason: RejectReason) -> tuple[int, int]:
    """Approve or reject several answers; flagged ones are skipped on approval. Return (done, skipped)."""
    done = skipped = 0
    for answer in db.session.scalars(select(Answer).where(Answer.id.in_(answer_ids))):
        if answer.review_state is not ReviewState.pending or not can_moderate(actor, answer_organisation_id(answer)):
            skipped += 1
            continue
        try:
            if action == "approve":
                approve(answer, actor=actor)
            else:
                reject(answer, actor=actor, reason=reason)
        except NeedsDecision:
            skipped += 1
        else:
            done += 1
    return done, skipped
