"""Reading the answers back: participants, tallies per question (counted in the database), free texts,
approved quotes and counts by who answered. Nothing here protects small groups: results.public does."""

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import case, func, null, or_, select

from participation.answers.analog import analog_answered, analog_cells, analog_participants
from participation.answers.models import Answer, KeptTallies, Submission
from participation.enums import QuestionKind, ReviewState
from participation.extensions import db
from participation.labels import SMILEYS, YES_NO

if TYPE_CHECKING:
    from participation.offers.models import Offer, Question


def digital_count(offer_id: int) -> int:
    """How many young people answered the offer themselves (by QR code or link, kiosk, one-time code);
    an analog entry's typed-in texts count no one."""
    return db.session.scalar(
        select(func.count())
        .select_from(Submission)
        .where(Submission.offer_id == offer_id, Submission.analog_entry_id.is_(None))
    )


def participant_count(offer_id: int) -> int:
    """Return how many young people have answered the offer: themselves, or in an analog method."""
    return digital_count(offer_id) + analog_participants(offer_id)


@dataclass
class Row:
    key: str  # stable, language-independent key (for JSON/CSV)
    label: str  # what a person reads
    count: int
    face: str = ""  # smiley scale only; decorative, hidden from screen readers
    option_id: int | None = None  # choice questions: where the label's translations are found
    analog: int = 0  # of count, how many came from analog entries


@dataclass
class QuestionTally:
    question: "Question"
    answered: int  # how many participants answered this question
    rows: list[Row]

    @property
    def largest(self) -> int:
        return max((row.count for row in self.rows), default=0)


@dataclass
class FreeText:
    question_id: int
    text: str
    review_state: ReviewState | None  # None: an approved quote, for staff who do not moderate
    review_key: str | None = None


def _of_offer(offer_id: int, up_to: int | None):
    """Where-clauses for the offer's submissions, up to the submission id up_to (None: all of them).
    The typed-in texts of analog entries are always included: staff entered them, no child's arrival."""
    clauses = [Submission.offer_id == offer_id]
    if up_to is not None:
        clauses.append(or_(Submission.id <= up_to, Submission.analog_entry_id.is_not(None)))
    return clauses


def counted(offer: "Offer", up_to: int | None = None) -> tuple[list[tuple], dict[int, int]]:
    """The offer's answers grouped by (question, option, value) with picks and points, and how many
    answered each question: counted live (up to submission id up_to), or as kept when the per-answer
    rows were purged."""
    kept = db.session.get(KeptTallies, offer.id)
    if kept is not None:
        answered = {int(question_id): n for question_id, n in kept.counts["answered"].items()}
        return [tuple(row) for row in kept.counts["counts"]], answered
    value_key = case((Answer.option_id.is_(None), Answer.value))
    grouped = db.session.execute(
        select(
            Answer.question_id,
            Answer.option_id,
            value_key,
            func.count(),
            func.coalesce(func.sum(Answer.value), 0),
        )
        .join(Submission, Submission.id == Answer.submission_id)
        .where(*_of_offer(offer.id, up_to))
        .group_by(Answer.question_id, Answer.option_id, value_key)
    ).all()
    answered = dict(
        db.session.execute(
            select(Answer.question_id, func.count(func.distinct(Answer.submission_id)))
            .join(Submission, Submission.id == Answer.submission_id)
            .where(*_of_offer(offer.id, up_to), Submission.analog_entry_id.is_(None))
            .group_by(Answer.question_id)
        ).all()
    )
    # An analog entry's typed-in texts: one per person who wrote on paper.
    for question_id, n in db.session.execute(
        select(Answer.question_id, func.count())
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.offer_id == offer.id, Submission.analog_entry_id.is_not(None))
        .group_by(Answer.question_id)
    ):
        answered[question_id] = answered.get(question_id, 0) + n
    return [tuple(row) for row in grouped], answered


def tallies(offer: "Offer", up_to: int | None = None) -> list[QuestionTally]:
    """Count each question's answers in two GROUP BY queries, whatever the number of answers (up to
    submission id up_to, when given), together with the offer's analog entries (always all of them)."""
    grouped, answered = counted(offer, up_to)
    counts: dict[tuple[int, int | None, int | None], tuple[int, int]] = {
        (qid, oid, value): (count, total) for qid, oid, value, count, total in grouped
    }
    analog = analog_cells(offer.id)
    for cell, n in analog.items():  # dots, hands or crosses: picks, and for dot voting points
        count, total = counts.get(cell, (0, 0))
        counts[cell] = (count + n, total + n)
    for question_id, n in analog_answered(offer).items():
        answered[question_id] = answered.get(question_id, 0) + n
    return [QuestionTally(q, answered.get(q.id, 0), _rows(q, counts, analog)) for q in offer.questions]


def _rows(question: "Question", counts: dict, analog: dict) -> list[Row]:
    qid = question.id
    if question.kind is QuestionKind.smiley:
        return [
            Row(
                str(v),
                str(label),
                counts.get((qid, None, v), (0, 0))[0],
                face,
                analog=analog.get((qid, None, v), 0),
            )
            for v, face, label in SMILEYS
        ]
    if question.kind is QuestionKind.yes_no:
        keys = {1: "yes", 0: "no"}
        return [
            Row(
                keys[v],
                str(label),
                counts.get((qid, None, v), (0, 0))[0],
                analog=analog.get((qid, None, v), 0),
            )
            for v, label in YES_NO
        ]
    if question.kind is QuestionKind.text:
        return [Row("answers", "", counts.get((qid, None, None), (0, 0))[0])]
    # Dot voting adds up points; single and multiple choice count picks.
    position = 1 if question.kind is QuestionKind.dots else 0
    return [
        Row(
            o.label,
            o.label,
            counts.get((qid, o.id, None), (0, 0))[position],
            option_id=o.id,
            analog=analog.get((qid, o.id, None), 0),
        )
        for o in question.options
    ]


def free_texts(offer: "Offer", up_to: int | None = None, *, all_states: bool = True) -> list[FreeText]:
    """The offer's free-text answers for its own staff (never public here): every one with its state,
    or with all_states=False only the approved quotes. In random order: the order says nothing about
    who wrote what when."""
    if all_states:
        # An approved answer as published (with removed words replaced): the original is shown only on
        # its moderation page.
        shown = case((Answer.review_state == ReviewState.approved, Answer.published_text), else_=Answer.text)
        query = select(Answer.question_id, shown, Answer.review_state, Answer.review_key).where(
            Answer.text.is_not(None),
            Answer.review_state != ReviewState.concern,  # Kinderschutz: never here
        )
    else:
        query = select(Answer.question_id, Answer.published_text, null()).where(
            Answer.review_state == ReviewState.approved
        )
    rows = db.session.execute(
        query.join(Submission, Submission.id == Answer.submission_id).where(*_of_offer(offer.id, up_to))
    ).all()
    texts = [FreeText(*row) for row in rows]
    random.SystemRandom().shuffle(texts)
    return texts


def concern_count(offer_id: int, up_to: int | None = None) -> int:
    """How many of the offer's free texts wait in the Kinderschutz queue instead (issue 14): the staff
    offer page says only how many, never what."""
    return (
        db.session.scalar(
            select(func.count())
            .select_from(Answer)
            .join(Submission, Submission.id == Answer.submission_id)
            .where(Answer.review_state == ReviewState.concern, *_of_offer(offer_id, up_to))
        )
        or 0
    )


def approved_quotes(offer: "Offer") -> dict[int, list[str]]:
    """The approved (and redacted) free texts of the offer, by question id, in the order they came."""
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


def participants_by(offer: "Offer", attribute: str) -> dict:
    """Participants by what they stated ("age_group" or "ortsteil_code"); None stands for not stated,
    as for everyone of an analog entry."""
    column = getattr(Submission, attribute)
    found = dict(
        db.session.execute(
            select(column, func.count())
            .where(Submission.offer_id == offer.id, Submission.analog_entry_id.is_(None))
            .group_by(column)
        ).all()
    )
    analog = analog_participants(offer.id)
    if analog:
        found[None] = found.get(None, 0) + analog
    return found
