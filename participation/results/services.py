"""Tallies of an offer's answers, counted in the database."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import case, func, select

from participation.extensions import db
from participation.feedback.models import Answer, Submission
from participation.offers.models import Offer, Question, QuestionKind
from participation.offers.services import participant_count
from participation.offers.vocabulary import SMILEYS, YES_NO


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
        select(Answer.question_id, Answer.text, Submission.created_at)
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
