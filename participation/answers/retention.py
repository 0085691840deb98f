"""Data minimisation: after the retention period an offer's per-answer rows and raw free text go.

What stays: the submissions (coarse and optional: age group, Ortsteil, the hour), so participant
counts, breakdowns and the planners' rollup stay as they were; the tallies, kept as counts (KeptTallies),
so published results look exactly the same; and the approved, redacted quotes, without their raw text.
Which offers are due is decided by offers.retention; this module only forgets.
"""

from dataclasses import dataclass

from sqlalchemy import delete, func, select, update

from participation.answers.models import Answer, KeptTallies, Submission
from participation.answers.tallies import counted
from participation.enums import ReviewState
from participation.extensions import db
from participation.sql import lift_statement_timeout
from participation.timeutil import utcnow


@dataclass
class Forgotten:
    """What one offer's purge removed and kept."""

    answers_deleted: int = 0
    texts_removed: int = 0  # raw free texts (every free-text answer's own words)
    quotes_kept: int = 0  # approved quotes, kept in their published (redacted) form


def forget_answers(offer, *, dry_run: bool = False) -> Forgotten:
    """Keep the offer's tallies as counts, then delete its per-answer rows and raw free text."""
    lift_statement_timeout()  # an offer can have many thousands of answers
    mine = select(Submission.id).where(Submission.offer_id == offer.id)
    quote = (Answer.review_state == ReviewState.approved) & Answer.published_text.is_not(None)
    # Kinderschutz texts follow their own rule (CONCERN_RETENTION_DAYS, offers.retention.due_concerns).
    concern = Answer.review_state.is_not(None) & (Answer.review_state == ReviewState.concern)
    in_offer = Answer.submission_id.in_(mine) & ~concern
    texts = db.session.scalar(select(func.count()).where(in_offer, Answer.text.is_not(None))) or 0
    quotes = db.session.scalar(select(func.count()).where(in_offer, quote)) or 0
    total = db.session.scalar(select(func.count()).where(in_offer)) or 0
    report = Forgotten(answers_deleted=total - quotes, texts_removed=texts, quotes_kept=quotes)
    if dry_run:
        return report
    grouped, answered = counted(offer)
    db.session.add(
        KeptTallies(
            offer_id=offer.id,
            purged_at=utcnow(),
            counts={"counts": [list(row) for row in grouped], "answered": answered},
        )
    )
    db.session.execute(delete(Answer).where(in_offer, ~quote))
    # The quotes stay in their published form only: no raw text, no moderator's note (it may quote it).
    db.session.execute(update(Answer).where(in_offer).values(text=None, review_note=None))
    db.session.execute(update(Submission).where(Submission.offer_id == offer.id).values(form_id=None))
    db.session.flush()
    return report


def is_forgotten(offer_id: int) -> bool:
    """Whether the offer's per-answer rows were purged."""
    return db.session.get(KeptTallies, offer_id) is not None
