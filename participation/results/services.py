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
from participation.results.suppression import protect
from participation.text import strip_control
from participation.timeutil import end_of_local_day, local_today, utcnow


@dataclass
class Row:
    key: str  # stable, language-independent key (for JSON/CSV)
    label: str  # what a person reads
    count: int
    face: str = ""  # smiley scale only; decorative, hidden from screen readers
    option_id: int | None = None  # choice questions: where the label's translations are found


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
    answer_id: int
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
        return [Row(str(v), str(label), counts.get((qid, None, v), (0, 0))[0], face) for v, face, label in SMILEYS]
    if question.kind is QuestionKind.yes_no:
        keys = {1: "yes", 0: "no"}
        return [Row(keys[v], str(label), counts.get((qid, None, v), (0, 0))[0]) for v, label in YES_NO]
    if question.kind is QuestionKind.text:
        return [Row("answers", "", counts.get((qid, None, None), (0, 0))[0])]
    # Dot voting adds up points; single and multiple choice count picks.
    position = 1 if question.kind is QuestionKind.dots else 0
    return [Row(o.label, o.label, counts.get((qid, o.id, None), (0, 0))[position], option_id=o.id)
            for o in question.options]


def free_texts(offer: Offer) -> list[FreeText]:
    """Return the offer's free-text answers for its own staff, newest first (never public here)."""
    rows = db.session.execute(
        select(Answer.id, Answer.question_id, Answer.text, Submission.created_at, Answer.review_state)
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
    # After publication the change is public at once: the log and the page ("updated on") say so.
    record("outcome.update_after_publish" if offer.results_published else "outcome.save", actor=actor,
           offer_id=offer.id)
    db.session.flush()
    return outcome


def publish_results(offer: Offer, *, actor: User | None) -> None:
    """Show the Rückmeldung and the results at the offer's public link from now on."""
    if phase(offer, local_today()) != "closed":
        raise NotClosed(offer)
    if offer.outcome is None:
        raise OutcomeMissing(offer)
    if offer.results_published:
        return
    if offer.status is OfferStatus.open:  # the end date passed without anyone pressing "close"
        offer.status, offer.closed_at = OfferStatus.closed, end_of_local_day(offer.ends_on)
        offer.closed_on = offer.ends_on
    offer.results_published_at = utcnow()
    offer.results_published_on = local_today()
    record("results.publish", actor=actor, offer_id=offer.id)
    db.session.flush()


@dataclass
class Timeliness:
    state: str  # "on_time", "late", "due" (not yet published, still in time) or "overdue"
    days: int  # days late or overdue, days left when due


def timeliness(offer: Offer, today: date) -> Timeliness:
    """Was (or is) the promised feedback date kept? Dates are compared in the city's time zone."""
    if offer.results_published_on is not None:
        late = (offer.results_published_on - offer.feedback_due_on).days
        return Timeliness("late", late) if late > 0 else Timeliness("on_time", 0)
    overdue = (today - offer.feedback_due_on).days
    return Timeliness("overdue", overdue) if overdue > 0 else Timeliness("due", -overdue)


@dataclass
class PublicRow:
    label: str
    count: int | None  # None: fewer than the threshold, not shown
    share: int | None = None  # per cent of those who answered the question
    face: str = ""
    option_id: int | None = None


@dataclass
class PublicQuestion:
    question: Question
    answered: int | None  # None when fewer than the threshold answered: then no numbers at all
    rows: list[PublicRow]
    combined: int = 0  # exclusive answers under the threshold, added up (0 = none)
    quotes: list[str] | None = None


@dataclass
class PublicBreakdown:
    rows: list[PublicRow]
    combined: int


@dataclass
class PublicResults:
    participants: int
    minimum: int
    questions: list[PublicQuestion]
    by_age_group: PublicBreakdown | None
    by_ortsteil: PublicBreakdown | None

    @property
    def suppressed(self) -> bool:
        return self.participants < self.minimum


def public_results(offer: Offer, *, minimum: int) -> PublicResults:
    """Everything the results page may show; nothing at all beyond "fewer than N" for small groups."""
    participants = participant_count(offer)
    if participants < minimum:
        return PublicResults(participants, minimum, [], None, None)
    quotes = _quotes(offer)
    questions = [_public_question(t, minimum, quotes.get(t.question.id, [])) for t in tallies(offer)]
    return PublicResults(participants, minimum, questions, _by_age_group(offer, minimum),
                         _by_ortsteil(offer, minimum))


def _share(count: int, answered: int) -> int:
    return round(100 * count / answered) if answered else 0


def _public_question(tally: QuestionTally, minimum: int, quotes: list[str]) -> PublicQuestion:
    kind = tally.question.kind
    if kind is QuestionKind.text:
        return PublicQuestion(tally.question, None, [], quotes=quotes)
    if tally.answered < minimum:
        return PublicQuestion(tally.question, None, [])
    if kind is QuestionKind.dots:  # points, summed over at least `minimum` people: no person's choice shows
        return PublicQuestion(tally.question, tally.answered,
                              [PublicRow(r.label, r.count, face=r.face, option_id=r.option_id) for r in tally.rows])
    if kind is QuestionKind.multiple:  # picks overlap, so small counts are hidden one by one
        visible = [r.count >= minimum or r.count == 0 for r in tally.rows]
        rows = [PublicRow(r.label, r.count if shown else None, _share(r.count, tally.answered) if shown else None,
                          option_id=r.option_id)
                for r, shown in zip(tally.rows, visible)]
        return PublicQuestion(tally.question, tally.answered, rows)
    # One answer per person: small answers are combined, so the answered total reveals none of them.
    protected = protect({r.key: r.count for r in tally.rows}, minimum)
    rows = [PublicRow(r.label, protected.shown[r.key], _share(protected.shown[r.key], tally.answered), r.face,
                      r.option_id)
            for r in tally.rows if r.key in protected.shown]
    return PublicQuestion(tally.question, tally.answered, rows, protected.combined)


def _grouped(offer: Offer, column) -> dict:
    return dict(db.session.execute(
        select(column, func.count()).where(Submission.offer_id == offer.id).group_by(column)).all())


def _breakdown(counts: dict, label, minimum: int) -> PublicBreakdown:
    protected = protect(counts, minimum)
    return PublicBreakdown([PublicRow(label(key), n) for key, n in protected.shown.items()], protected.combined)


def _by_age_group(offer: Offer, minimum: int) -> PublicBreakdown:
    counts = _grouped(offer, Submission.age_group)
    ordered = {group: counts.get(group, 0) for group in [*AgeGroup, None]}
    return _breakdown(ordered, lambda g: str(AGE_GROUP_LABELS[g]) if g else _("not stated"), minimum)


def _by_ortsteil(offer: Offer, minimum: int) -> PublicBreakdown:
    counts = _grouped(offer, Submission.ortsteil_code)
    ordered = {code: counts[code] for code in sorted((c for c in counts if c), key=ortsteil_name)}
    ordered[None] = counts.get(None, 0)
    return _breakdown(ordered, lambda c: ortsteil_name(c) if c else _("not stated"), minimum)


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
