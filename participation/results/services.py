"""Tallies of an offer's answers (counted in the database), the Rückmeldung and the public results."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import case, func, select

from participation.audit.services import record
from participation.auth.models import User
from participation.extensions import db
from participation.feedback.models import Answer, ReviewState, Submission
from participation.offers.models import AgeGroup, Offer, OfferStatus, Question, QuestionKind
from participation.offers.services import participant_count, phase
from participation.offers.vocabulary import AGE_GROUP_LABELS, SMILEYS, YES_NO
from participation.places import ortsteil_name
from participation.results.models import Outcome
from participation.results.suppression import suppress
from participation.text import strip_control
from participation.timeutil import local_date, local_today, utcnow


@dataclass
class Row:
    key: str  # stable, language-independent key (for JSON/CSV)
    label: str  # what a person reads
    count: int


@dataclass
class QuestionTally:
    question: Question
    answered: int  # how many participants answered this question
    rows: list[Row]

    @property
    def largest(self) -> int:
        return max((row.count for row in self.rows), default=0)


@dataclass
class FreeText:
    question_id: int
    text: str
    created_at: datetime
    review_state: ReviewState


def tallies(offer: Offer) -> list[QuestionTally]:
    """Count each question's answers in two GROUP BY queries, whatever the number of answers."""
    value_key = case((Answer.option_id.is_(None), Answer.value))
    grouped = db.session.execute(
        select(Answer.question_id, Answer.option_id, value_key, func.count(), func.coalesce(func.sum(Answer.value), 0))
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.offer_id == offer.id)
        .group_by(Answer.question_id, Answer.option_id, value_key)
    ).all()
    answered = dict(db.session.execute(
        select(Answer.question_id, func.count(func.distinct(Answer.submission_id)))
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.offer_id == offer.id)
        .group_by(Answer.question_id)
    ).all())
    counts: dict[tuple[int, int | None, int | None], tuple[int, int]] = {
        (qid, oid, value): (count, total) for qid, oid, value, count, total in grouped
    }
    return [QuestionTally(q, answered.get(q.id, 0), _rows(q, counts)) for q in offer.questions]


def _rows(question: Question, counts: dict) -> list[Row]:
    qid = question.id
    if question.kind is QuestionKind.smiley:
        return [Row(str(v), f"{face} {label}", counts.get((qid, None, v), (0, 0))[0]) for v, face, label in SMILEYS]
    if question.kind is QuestionKind.yes_no:
        keys = {1: "yes", 0: "no"}
        return [Row(keys[v], str(label), counts.get((qid, None, v), (0, 0))[0]) for v, label in YES_NO]
    if question.kind is QuestionKind.text:
        return [Row("answers", "", counts.get((qid, None, None), (0, 0))[0])]
    # Dot voting adds up points; single and multiple choice count picks.
    position = 1 if question.kind is QuestionKind.dots else 0
    return [Row(o.label, o.label, counts.get((qid, o.id, None), (0, 0))[position]) for o in question.options]


def free_texts(offer: Offer) -> list[FreeText]:
    """Return the offer's free-text answers for its own staff, newest first (never public here)."""
    rows = db.session.execute(
        select(Answer.question_id, Answer.text, Submission.created_at, Answer.review_state)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.offer_id == offer.id, Answer.text.is_not(None))
        .order_by(Submission.created_at.desc(), Answer.id.desc())
    ).all()
    return [FreeText(*row) for row in rows]


def results_dict(offer: Offer) -> dict:
    """Return the offer's results in the command line's JSON shape (free text counted, not printed)."""
    return {
        "code": offer.code,
        "participants": participant_count(offer),
        "questions": [
            {"prompt": t.question.prompt, "kind": t.question.kind.value,
             "tallies": {row.key: row.count for row in t.rows}}
            for t in tallies(offer)
        ],
    }


class NotClosed(Exception):
    """The Rückmeldung is written, and results published, only after an offer has closed."""


class OutcomeMissing(Exception):
    """Results are published together with a Rückmeldung, never without."""


@dataclass
class OutcomeFields:
    decision: str
    next_steps: str = ""
    responsible: str = ""
    due_on: date | None = None
    message: str = ""


def save_outcome(offer: Offer, fields: OutcomeFields, *, actor: User | None) -> Outcome:
    """Write or change the Rückmeldung of a closed offer."""
    if phase(offer, local_today()) != "closed":
        raise NotClosed(offer)
    outcome = offer.outcome or Outcome(offer=offer)
    outcome.decision = strip_control(fields.decision).strip()
    outcome.next_steps = strip_control(fields.next_steps).strip()
    outcome.responsible = strip_control(fields.responsible).strip()
    outcome.due_on = fields.due_on
    outcome.message = strip_control(fields.message).strip()
    db.session.add(outcome)
    record("outcome.save", actor=actor, offer_id=offer.id)
    db.session.flush()
    return outcome


def publish_results(offer: Offer, *, actor: User | None) -> None:
    """Show the Rückmeldung and the results at the offer's public link from now on."""
    if phase(offer, local_today()) != "closed":
        raise NotClosed(offer)
    if offer.outcome is None:
        raise OutcomeMissing(offer)
    if offer.status is OfferStatus.open:  # the end date passed without anyone pressing "close"
        offer.status, offer.closed_at = OfferStatus.closed, utcnow()
    offer.results_published_at = offer.results_published_at or utcnow()
    record("results.publish", actor=actor, offer_id=offer.id)
    db.session.flush()


@dataclass
class Timeliness:
    state: str  # "on_time", "late", "due" (not yet published, still in time) or "overdue"
    days: int  # days late or overdue, days left when due


def timeliness(offer: Offer, today: date) -> Timeliness:
    """Was (or is) the promised feedback date kept? Dates are compared in the city's time zone."""
    if offer.results_published_at is not None:
        published = local_date(offer.results_published_at)
        late = (published - offer.feedback_due_on).days
        return Timeliness("late", late) if late > 0 else Timeliness("on_time", 0)
    overdue = (today - offer.feedback_due_on).days
    return Timeliness("overdue", overdue) if overdue > 0 else Timeliness("due", -overdue)


@dataclass
class PublicResults:
    participants: int
    minimum: int
    tallies: list[QuestionTally]
    by_age_group: list[tuple[str, int | None]]
    by_ortsteil: list[tuple[str, int | None]]
    quotes: dict[int, list[str]]  # question id -> approved texts

    @property
    def suppressed(self) -> bool:
        return self.participants < self.minimum


def public_results(offer: Offer, *, minimum: int) -> PublicResults:
    """Everything the results page may show; nothing at all beyond the count for small groups."""
    participants = participant_count(offer)
    if participants < minimum:
        return PublicResults(participants, minimum, [], [], [], {})
    return PublicResults(participants, minimum, tallies(offer), _by_age_group(offer, minimum),
                         _by_ortsteil(offer, minimum), _quotes(offer))


def _grouped(offer: Offer, column) -> dict:
    return dict(db.session.execute(
        select(column, func.count()).where(Submission.offer_id == offer.id).group_by(column)).all())


def _by_age_group(offer: Offer, minimum: int) -> list[tuple[str, int | None]]:
    counts = _grouped(offer, Submission.age_group)
    cells = {group: counts.get(group, 0) for group in [*AgeGroup, None]}
    shown = suppress(cells, minimum)
    return [(str(AGE_GROUP_LABELS[g]) if g else _("not stated"), shown[g]) for g in cells]


def _by_ortsteil(offer: Offer, minimum: int) -> list[tuple[str, int | None]]:
    counts = _grouped(offer, Submission.ortsteil_code)
    cells = {code: n for code, n in counts.items() if code is not None}
    cells[None] = counts.get(None, 0)
    shown = suppress(cells, minimum)
    ordered = sorted((code for code in cells if code is not None), key=ortsteil_name)
    return [(ortsteil_name(code), shown[code]) for code in ordered] + [(_("not stated"), shown[None])]


def _quotes(offer: Offer) -> dict[int, list[str]]:
    rows = db.session.execute(
        select(Answer.question_id, Answer.published_text)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.offer_id == offer.id, Answer.review_state == ReviewState.approved)
        .order_by(Answer.id)
    )
    quotes: dict[int, list[str]] = {}
    for question_id, text in rows:
        quotes.setdefault(question_id, []).append(text)
    return quotes
