"""Analog results in the same numbers: the tallies of a Punktabfrage, a show of hands or a paper smiley
sheet, typed in by a youth worker, with how many took part and when.

An entry's counts (AnalogCount) join the offer's tallies, its participants join the participant count
and the planners' rollup (channel "analog", the month it was held, age group and Ortsteil not stated).
Free text from paper is typed in one per line and goes through moderation like any other: it is stored
as one submission with channel analog and the entry's id, which counts no one (the entry's participants
number does). Every change is audited; after the retention purge an entry can no longer be changed.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import delete, func, or_, select
from werkzeug.datastructures import MultiDict

from participation.answers.counts import add_analog
from participation.answers.models import AnalogCount, AnalogEntry, Answer, KeptTallies, Submission
from participation.answers.services import TEXT_LIMIT, text_answer
from participation.audit.services import record
from participation.enums import Channel, QuestionKind, ReviewState
from participation.extensions import db
from participation.labels import ANALOG_METHOD_LABELS
from participation.parsing import small_int
from participation.sanitize import strip_control
from participation.timeutil import utcnow

if TYPE_CHECKING:
    from participation.offers.models import Offer, Question

METHODS = ANALOG_METHOD_LABELS
MAX_PARTICIPANTS = 10_000
MAX_TEXTS = 200  # typed-in free texts per question and entry
SMILEY_VALUES = (1, 2, 3, 4, 5)
YES_NO_VALUES = (1, 0)

Cell = tuple[int, int | None, int | None]  # (question id, option id, value)


@dataclass
class AnalogData:
    """A checked analog entry form."""

    method: str = ""
    participants: int | None = None
    held_on: date | None = None
    counts: dict[Cell, int] = field(default_factory=dict)
    texts: dict[int, list[str]] = field(default_factory=dict)


def cell_name(question_id: int, option_id: int | None = None, value: int | None = None) -> str:
    """The form field of one count: q<id>_o<option id> or q<id>_v<value>."""
    return f"q{question_id}_o{option_id}" if option_id is not None else f"q{question_id}_v{value}"


def text_name(question_id: int) -> str:
    return f"q{question_id}_text"


def cells(question: "Question") -> list[tuple[str, int | None, int | None]]:
    """The counts a question can take: (field name, option id, value)."""
    kind = question.kind
    if kind is QuestionKind.smiley:
        return [(cell_name(question.id, value=v), None, v) for v in SMILEY_VALUES]
    if kind is QuestionKind.yes_no:
        return [(cell_name(question.id, value=v), None, v) for v in YES_NO_VALUES]
    if kind is QuestionKind.text:
        return []
    return [(cell_name(question.id, o.id), o.id, None) for o in question.options]


def latest_day(offer: "Offer", today: date) -> date:
    """The last day an analog method of the offer can have been held: its end, or today if earlier."""
    return min(offer.ends_on, today)


def parse_entry(offer: "Offer", form: MultiDict, today: date) -> tuple[AnalogData, dict[str, str]]:
    """Read and check an analog entry form; errors by field name, in the user's language."""
    data, errors = AnalogData(), {}
    data.method = form.get("method", "")
    if data.method not in METHODS:
        errors["method"] = _("Please choose the method.")
    data.participants = small_int(form.get("participants"))
    if data.participants is None or not 1 <= data.participants <= MAX_PARTICIPANTS:
        errors["participants"] = _(
            "Please enter how many took part: a whole number from 1 to %(max)d.", max=MAX_PARTICIPANTS
        )
    raw_day = (form.get("held_on") or "").strip()
    try:
        data.held_on = date.fromisoformat(raw_day) if len(raw_day) == 10 else None
    except ValueError:
        data.held_on = None
    last = latest_day(offer, today)
    if data.held_on is None:
        errors["held_on"] = _("Please enter the date as YYYY-MM-DD.")
    elif not offer.starts_on <= data.held_on <= last:
        errors["held_on"] = _(
            "The date must lie in the offer's period, from %(start)s to %(end)s (not in the future).",
            start=offer.starts_on.isoformat(),
            end=last.isoformat(),
        )
    for question in offer.questions:
        _parse_question(question, form, data, errors)
    return data, errors


def _parse_question(question: "Question", form: MultiDict, data: AnalogData, errors: dict) -> None:
    if question.kind is QuestionKind.text:
        raw = strip_control(form.get(text_name(question.id), "")).replace("\r", "")
        lines = [line.strip() for line in raw.split("\n") if line.strip()]
        too_long = [line for line in lines if len(line) > TEXT_LIMIT]
        if too_long:
            errors[text_name(question.id)] = _(
                "Each answer may have at most %(limit)d characters; one line has %(count)d.",
                limit=TEXT_LIMIT,
                count=len(too_long[0]),
            )
        elif len(lines) > MAX_TEXTS or (data.participants and len(lines) > data.participants):
            errors[text_name(question.id)] = _(
                "There are more written answers (%(count)d) than participants.", count=len(lines)
            )
        elif lines:
            data.texts[question.id] = lines
        return
    given: dict[Cell, int] = {}
    for name, option_id, value in cells(question):
        raw = (form.get(name) or "").strip()
        if not raw:
            continue  # every count is optional
        number = small_int(raw)
        if number is None:
            errors[name] = _("Please enter a whole number of 0 or more.")
            continue
        given[(question.id, option_id, value)] = number
    if any(name in errors for name, _o, _v in cells(question)) or not given or data.participants is None:
        data.counts.update(given)
        return
    total, people = sum(given.values()), data.participants
    first = cells(question)[0][0]
    if question.kind is QuestionKind.dots:
        limit = people * (question.points or 1)
        if total > limit:
            errors[first] = _(
                "The points add up to %(sum)d, more than %(num)d participants with %(points)d points "
                "each can give (%(limit)d).",
                sum=total,
                num=people,
                points=question.points or 1,
                limit=limit,
            )
    elif question.kind is QuestionKind.multiple:
        if max(given.values()) > people:
            errors[first] = _("An option cannot have more ticks than the %(num)d participants.", num=people)
    elif total > people:
        errors[first] = _(
            "The counts add up to %(sum)d, more than the %(num)d participants.", sum=total, num=people
        )
    data.counts.update(given)


class EntryLocked(Exception):
    """The offer's answers were purged: its analog entries stay as they are."""


class EntryHoldsConcern(Exception):
    """A typed-in text of the entry is in the Kinderschutz queue: the entry can be corrected, not deleted."""


def _not_concern():
    return or_(Answer.review_state.is_(None), Answer.review_state != ReviewState.concern)


def held_concerns(entry: AnalogEntry) -> int:
    """How many typed-in texts of the entry are with the Kinderschutz contact (never shown here)."""
    return db.session.scalar(
        select(func.count())
        .select_from(Answer)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.analog_entry_id == entry.id, Answer.review_state == ReviewState.concern)
    )


def is_locked(offer_id: int) -> bool:
    return db.session.get(KeptTallies, offer_id) is not None


def entries(offer_id: int) -> list[AnalogEntry]:
    """The offer's analog entries, by the day they were held."""
    return list(
        db.session.scalars(
            select(AnalogEntry)
            .where(AnalogEntry.offer_id == offer_id)
            .order_by(AnalogEntry.held_on, AnalogEntry.id)
        )
    )


def texts_of(entry: AnalogEntry) -> dict[int, list[str]]:
    """The typed-in texts of an entry by question (as typed, for correcting them); a concern stays out:
    only the Kinderschutz contact reads it."""
    rows = db.session.execute(
        select(Answer.question_id, Answer.text)
        .join(Submission, Submission.id == Answer.submission_id)
        .where(Submission.analog_entry_id == entry.id, Answer.text.is_not(None), _not_concern())
        .order_by(Answer.id)
    )
    found: dict[int, list[str]] = {}
    for question_id, text in rows:
        found.setdefault(question_id, []).append(text)
    return found


def form_values(entry: AnalogEntry) -> dict[str, str]:
    """An entry as the form's field values."""
    values = {
        "method": entry.method,
        "participants": str(entry.participants),
        "held_on": entry.held_on.isoformat(),
    }
    for count in entry.counts:
        values[cell_name(count.question_id, count.option_id, count.value)] = str(count.count)
    for question_id, lines in texts_of(entry).items():
        values[text_name(question_id)] = "\n".join(lines)
    return values


def _detail(entry: AnalogEntry) -> str:
    return f"method={entry.method};participants={entry.participants};held_on={entry.held_on.isoformat()}"


def _fill(entry: AnalogEntry, data: AnalogData) -> None:
    entry.method, entry.participants, entry.held_on = data.method, data.participants, data.held_on
    entry.counts = [
        AnalogCount(question_id=qid, option_id=oid, value=value, count=n)
        for (qid, oid, value), n in sorted(data.counts.items(), key=lambda item: str(item[0]))
        if n > 0
    ]
    if data.texts:
        submission = Submission(
            offer_id=entry.offer_id, channel=Channel.analog, analog_entry_id=entry.id, answers=[]
        )
        submission.answers = [text_answer(qid, text) for qid, lines in data.texts.items() for text in lines]
        db.session.add(submission)


def create_entry(offer: "Offer", data: AnalogData, *, actor) -> AnalogEntry:
    """Store a checked entry with its counts and typed texts; count it in the rollup (caller commits)."""
    if is_locked(offer.id):
        raise EntryLocked(offer)
    now = utcnow()
    entry = AnalogEntry(
        offer_id=offer.id,
        method=data.method,
        participants=data.participants,
        held_on=data.held_on,
        created_by_id=actor.id if actor else None,
        created_at=now,
        updated_at=now,
    )
    db.session.add(entry)
    db.session.flush()
    _fill(entry, data)
    add_analog(offer.id, entry.held_on, entry.participants)
    record("analog.create", actor=actor, offer_id=offer.id, detail=_detail(entry))
    db.session.flush()
    return entry


def _drop_texts(entry: AnalogEntry) -> None:
    """Delete the entry's typed-in texts, except those in the Kinderschutz queue (their case stays)."""
    mine = select(Submission.id).where(Submission.analog_entry_id == entry.id)
    db.session.execute(
        delete(Answer)
        .where(Answer.submission_id.in_(mine), _not_concern())
        .execution_options(synchronize_session=False)
    )
    emptied = mine.where(~select(Answer.id).where(Answer.submission_id == Submission.id).exists())
    db.session.execute(
        delete(Submission).where(Submission.id.in_(emptied)).execution_options(synchronize_session=False)
    )


def update_entry(entry: AnalogEntry, data: AnalogData, *, actor) -> None:
    """Replace an entry's figures, counts and typed texts (texts typed anew are moderated anew)."""
    if is_locked(entry.offer_id):
        raise EntryLocked(entry)
    add_analog(entry.offer_id, entry.held_on, -entry.participants)
    entry.counts = []
    db.session.flush()
    _drop_texts(entry)
    _fill(entry, data)
    entry.updated_at = utcnow()
    add_analog(entry.offer_id, entry.held_on, entry.participants)
    record("analog.change", actor=actor, offer_id=entry.offer_id, detail=_detail(entry))
    db.session.flush()


def delete_entry(entry: AnalogEntry, *, actor) -> None:
    """Remove an entry with its counts and typed texts, and take it out of the rollup."""
    if is_locked(entry.offer_id):
        raise EntryLocked(entry)
    if held_concerns(entry):
        raise EntryHoldsConcern(entry)
    add_analog(entry.offer_id, entry.held_on, -entry.participants)
    detail = _detail(entry)
    _drop_texts(entry)
    db.session.delete(entry)
    record("analog.delete", actor=actor, offer_id=entry.offer_id, detail=detail)
    db.session.flush()


# Reading the analog numbers back (for answers.tallies).


def analog_participants(offer_id: int) -> int:
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(AnalogEntry.participants), 0)).where(
                AnalogEntry.offer_id == offer_id
            )
        )
        or 0
    )


def analog_cells(offer_id: int) -> dict[Cell, int]:
    """The offer's analog counts summed over its entries, by (question, option, value)."""
    rows = db.session.execute(
        select(AnalogCount.question_id, AnalogCount.option_id, AnalogCount.value, func.sum(AnalogCount.count))
        .join(AnalogEntry, AnalogEntry.id == AnalogCount.entry_id)
        .where(AnalogEntry.offer_id == offer_id)
        .group_by(AnalogCount.question_id, AnalogCount.option_id, AnalogCount.value)
    )
    return {(qid, oid, value): int(n) for qid, oid, value, n in rows}


def analog_answered(offer: "Offer") -> dict[int, int]:
    """How many of the analog participants answered each question: the sum of the counts for a question
    with one answer each (single choice, smiley, yes/no), and everyone of an entry that counted a
    question where one may give several (multiple choice, dots)."""
    rows = db.session.execute(
        select(AnalogEntry.id, AnalogEntry.participants, AnalogCount.question_id, func.sum(AnalogCount.count))
        .join(AnalogCount, AnalogCount.entry_id == AnalogEntry.id)
        .where(AnalogEntry.offer_id == offer.id)
        .group_by(AnalogEntry.id, AnalogEntry.participants, AnalogCount.question_id)
    ).all()
    several = {q.id for q in offer.questions if q.kind in (QuestionKind.multiple, QuestionKind.dots)}
    answered: dict[int, int] = {}
    for _entry_id, people, question_id, total in rows:
        answered[question_id] = answered.get(question_id, 0) + (
            people if question_id in several else int(total)
        )
    return answered
