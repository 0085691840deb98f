"""Which offers' answers are due for deletion, and the purge run that deletes them (answers.retention).

An offer is due RETENTION_DAYS after its results were published, or, when they never were, after its
answering ended (the day it was closed, or its end date). Each run writes one audit record with counts.

Kinderschutz texts (review state concern) follow their own rule: the offer's purge leaves them alone,
and they go CONCERN_RETENTION_DAYS after their case was closed (an open case is kept).
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Date, and_, delete, exists, func, or_, select, type_coerce

from participation.answers.models import Answer, ConcernCase, KeptTallies, Submission
from participation.answers.retention import Forgotten, forget_answers
from participation.audit.services import record
from participation.enums import ConcernStatus, OfferStatus, ReviewState
from participation.extensions import db
from participation.offers.models import Offer
from participation.timeutil import end_of_local_day


def _answering_ended():
    return func.coalesce(Offer.closed_on, Offer.ends_on)


def _kept_from():
    """The day from which an offer's answers are kept for the retention period."""
    return func.coalesce(Offer.results_published_on, _answering_ended())


def _waiting():
    """Published offers with answers that were not purged yet."""
    return (
        select(Offer)
        .where(Offer.status != OfferStatus.draft)
        .where(exists().where(Submission.offer_id == Offer.id))
        .where(~exists().where(KeptTallies.offer_id == Offer.id))
    )


def due_offers(today: date, days: int) -> list[Offer]:
    """The offers whose answers are due for deletion today."""
    cutoff = today - timedelta(days=days)
    due = or_(
        Offer.results_published_on <= cutoff,
        and_(Offer.results_published_on.is_(None), _answering_ended() <= cutoff, Offer.ends_on < today),
    )
    return list(db.session.scalars(_waiting().where(due).order_by(Offer.id)))


def next_purge_date(today: date, days: int) -> date | None:
    """The first day on which some offer's answers will be due (today if some are due already)."""
    waiting = _waiting().subquery()
    first = db.session.scalar(
        select(type_coerce(func.min(_kept_from()), Date)).where(Offer.id.in_(select(waiting.c.id)))
    )
    if first is None:
        return None
    return max(today, first + timedelta(days=days))


def due_concerns(today: date, concern_days: int) -> list[int]:
    """The answer ids of Kinderschutz texts due for deletion: their case was closed concern_days ago."""
    cutoff = today - timedelta(days=concern_days)
    return list(
        db.session.scalars(
            select(Answer.id)
            .join(ConcernCase, ConcernCase.answer_id == Answer.id)
            .where(
                Answer.review_state == ReviewState.concern,
                ConcernCase.status == ConcernStatus.closed,
                ConcernCase.closed_on <= cutoff,
            )
            .order_by(Answer.id)
        )
    )


def lingering_concerns(today: date, concern_days: int) -> int:
    """Kinderschutz texts whose case is still open concern_days after they came in. They are never
    deleted while open (an unread cry for help must not expire); the admins' retention page counts them
    so that someone asks the contact to close what was handled."""
    cutoff = end_of_local_day(today - timedelta(days=concern_days + 1))  # the start of that local day
    # A case begins when the answer came in, or when a moderator moved it to the queue (reviewed_at).
    began = func.coalesce(Answer.reviewed_at, Submission.created_at)
    return db.session.scalar(
        select(func.count())
        .select_from(Answer)
        .join(Submission, Submission.id == Answer.submission_id)
        .outerjoin(ConcernCase, ConcernCase.answer_id == Answer.id)
        .where(
            Answer.review_state == ReviewState.concern,
            or_(ConcernCase.id.is_(None), ConcernCase.status != ConcernStatus.closed),
            began < cutoff,
        )
    )


@dataclass
class PurgeRun:
    offers: list[int] = field(default_factory=list)
    total: Forgotten = field(default_factory=Forgotten)
    concerns_deleted: int = 0
    concern_days: int | None = None


def purge(today: date, days: int, *, dry_run: bool = False, concern_days: int | None = None) -> PurgeRun:
    """Delete the per-answer rows and raw free text of every due offer (nothing at all with dry_run),
    and, with concern_days, the Kinderschutz texts of cases closed that long ago."""
    run = PurgeRun(concern_days=concern_days)
    if concern_days is not None:
        concerns = due_concerns(today, concern_days)
        run.concerns_deleted = len(concerns)
        if concerns and not dry_run:
            db.session.execute(delete(ConcernCase).where(ConcernCase.answer_id.in_(concerns)))
            db.session.execute(delete(Answer).where(Answer.id.in_(concerns)))
    for offer in due_offers(today, days):
        forgotten = forget_answers(offer, dry_run=dry_run)
        run.offers.append(offer.id)
        run.total.answers_deleted += forgotten.answers_deleted
        run.total.texts_removed += forgotten.texts_removed
        run.total.quotes_kept += forgotten.quotes_kept
    if not dry_run:
        record("data.purge", actor=None, detail=summary(run, days))
        db.session.flush()
    return run


def summary(run: PurgeRun, days: int) -> str:
    """The run in one line, for the audit log and the command (counts only)."""
    t = run.total
    line = (
        f"{len(run.offers)} offers, {t.answers_deleted} answers deleted, {t.texts_removed} free texts "
        f"removed, {t.quotes_kept} quotes kept (retention {days} days)"
    )
    if run.concern_days is not None:
        line += f", {run.concerns_deleted} Kinderschutz texts deleted ({run.concern_days} days after closing)"
    return line
