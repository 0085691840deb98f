"""The Kinderschutz queue: free text suggesting that a child may be in danger (moderation.concern), for
the organisation's designated contact and for administrators only. Never published, never in results.

Each case has a status (new, seen, consulted, closed) and a note; the audit log records each status
change without the text or the note. The author is anonymous by design: nothing here (or anywhere in
the platform) can trace who wrote it, and nothing tries.
"""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import and_, false, or_, select, update

from participation.accounts.models import Organisation, User, memberships
from participation.accounts.services import may_be_contact
from participation.answers.models import Answer, ConcernCase, Submission
from participation.answers.staff_view import shown_up_to
from participation.answers.tallies import digital_count
from participation.audit.services import record
from participation.enums import ConcernStatus, ReviewState
from participation.extensions import db
from participation.offers.models import Offer, Question
from participation.roles import ADMINS, OFFER_MANAGERS
from participation.timeutil import local_today, utcnow

NOTE_LIMIT = 500
MOVABLE = (ReviewState.pending, ReviewState.approved, ReviewState.rejected)


class NoteRequired(Exception):
    """Consulting a specialist or closing a case needs a note saying what was done."""


def contact_organisation_ids(user: User) -> set[int] | None:
    """The organisations whose Kinderschutz queue the user reads; None means all (administrators)."""
    if user.role in ADMINS:
        return None
    named = select(Organisation).where(Organisation.child_protection_contact_id == user.id)
    return {o.id for o in db.session.scalars(named) if may_be_contact(user, o)}


def may_read(user: User, organisation_id: int) -> bool:
    allowed = contact_organisation_ids(user)
    return allowed is None or organisation_id in allowed


@dataclass
class Case:
    answer: Answer
    organisation: str
    offer_title: str
    prompt: str
    created_at: datetime
    status: ConcernStatus
    note: str
    updated_at: datetime | None


def _shown(offer_ids: set[int]):
    """A where-clause: the submission is among the shown ones of its offer. Of an open offer only its
    completed batches of five (answers.staff_view), as in the moderation queue: a text that shows up the
    moment a child was seen with a phone would tell who wrote it, and nothing here may tell that."""
    today, parts = local_today(), []
    for offer in db.session.scalars(select(Offer).where(Offer.id.in_(offer_ids))):
        last = shown_up_to(offer, digital_count(offer.id), today)[1]
        parts.append(
            Submission.offer_id == offer.id
            if last is None
            else and_(
                Submission.offer_id == offer.id,
                or_(Submission.id <= last, Submission.analog_entry_id.is_not(None)),
            )
        )
    return or_(*parts) if parts else false()


def cases(user: User) -> list[Case]:
    """The concern answers the user may read (of an open offer, its shown batches only): open cases
    first, newest first."""
    query = (
        select(Answer, Organisation.name, Offer.title, Question.prompt, Submission.created_at, ConcernCase)
        .join(Submission, Submission.id == Answer.submission_id)
        .join(Offer, Offer.id == Submission.offer_id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .join(Question, Question.id == Answer.question_id)
        .outerjoin(ConcernCase, ConcernCase.answer_id == Answer.id)
        .where(Answer.review_state == ReviewState.concern, Answer.text.is_not(None))
        .order_by(Submission.created_at.desc(), Answer.review_key)
    )
    allowed = contact_organisation_ids(user)
    if allowed is not None:
        query = query.where(Offer.organisation_id.in_(allowed or {-1}))
    offer_ids = set(
        db.session.scalars(
            select(Submission.offer_id)
            .join(Answer, Answer.submission_id == Submission.id)
            .where(Answer.review_state == ReviewState.concern)
            .distinct()
        )
    )
    query = query.where(_shown(offer_ids))
    found = [
        Case(
            answer,
            organisation,
            title,
            prompt,
            created,
            case.status if case else ConcernStatus.new,
            (case.note or "") if case else "",
            case.updated_at if case else None,
        )
        for answer, organisation, title, prompt, created, case in db.session.execute(query)
    ]
    return sorted(found, key=lambda c: c.status is ConcernStatus.closed)  # stable: newest first within


class NotMovable(Exception):
    """The answer is no longer there to move (already in the queue, or purged)."""


def escalate(answer: Answer, *, actor: User) -> None:
    """A moderator moves an answer that the detector missed into the Kinderschutz queue: a waiting one, or
    one already decided (approved and public, or rejected) that turns out to be a cry for help."""
    changed = db.session.execute(
        update(Answer)
        .where(Answer.id == answer.id, Answer.review_state.in_(MOVABLE))
        .values(review_state=ReviewState.concern, published_text=None, reviewed_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.refresh(answer)
    if changed != 1:
        raise NotMovable(answer)
    offer_id = db.session.scalar(select(Submission.offer_id).where(Submission.id == answer.submission_id))
    record("answer.to_concern", actor=actor, offer_id=offer_id, answer_id=answer.id)
    db.session.flush()


def find(review_key: str) -> tuple[Answer, int] | None:
    """The concern answer with this review key and its organisation's id (None: no such concern)."""
    row = db.session.execute(
        select(Answer, Offer.organisation_id)
        .join(Submission, Submission.id == Answer.submission_id)
        .join(Offer, Offer.id == Submission.offer_id)
        .where(Answer.review_key == review_key, Answer.review_state == ReviewState.concern)
    ).first()
    return (row[0], row[1]) if row else None


def set_status(answer: Answer, *, status: ConcernStatus, note: str, actor: User, today: date | None = None):
    """Record where the case stands. The note is added to the case's journal as a dated entry: what was
    documented is never overwritten (kept with the case, never in the log)."""
    entry = (note or "").strip()[:NOTE_LIMIT]
    if status in (ConcernStatus.consulted, ConcernStatus.closed) and not entry:
        raise NoteRequired(answer)
    today = today or local_today()
    case = db.session.scalar(select(ConcernCase).where(ConcernCase.answer_id == answer.id))
    if case is None:
        case = ConcernCase(answer_id=answer.id)
        db.session.add(case)
    if entry:
        line = f"{today.isoformat()}: {' '.join(entry.split())}"  # one line per entry
        case.note = f"{case.note}\n{line}" if case.note else line
    case.status, case.updated_at = status, utcnow()
    case.closed_on = today if status is ConcernStatus.closed else None
    offer_id = db.session.scalar(select(Submission.offer_id).where(Submission.id == answer.submission_id))
    record("concern.status", actor=actor, offer_id=offer_id, answer_id=answer.id, detail=status.value)
    db.session.flush()


def organisations_without_contact() -> list[Organisation]:
    """Active organisations without a Kinderschutz contact who may be one (named none, or named an
    account that left, was deactivated or no longer works with offers; see may_be_contact): the planning
    dashboard lists them. One query."""
    valid_contact = (
        select(memberships.c.user_id)
        .join(User, User.id == memberships.c.user_id)
        .where(
            memberships.c.organisation_id == Organisation.id,
            memberships.c.user_id == Organisation.child_protection_contact_id,
            User.is_active_account,
            User.role.in_(OFFER_MANAGERS),
        )
        .exists()
    )
    return list(
        db.session.scalars(
            select(Organisation).where(Organisation.is_active, ~valid_contact).order_by(Organisation.name)
        )
    )


def contact_choices(organisation: Organisation) -> list[User]:
    """Who can be the organisation's Kinderschutz contact: its active members who work with offers."""
    return [u for u in organisation.members if may_be_contact(u, organisation)]


def set_contact(organisation: Organisation, contact: User | None, *, actor: User) -> None:
    if contact is not None and contact not in contact_choices(organisation):
        raise ValueError("not a member who works with offers")
    organisation.child_protection_contact_id = contact.id if contact else None
    record(
        "concern.contact",
        actor=actor,
        detail=f"{organisation.name}: {'account ' + str(contact.id) if contact else 'none'}",
    )
    db.session.flush()
