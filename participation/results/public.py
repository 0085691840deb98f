"""The results young people see at the offer's link (and planners on their per-offer page), with
small-group protection: nothing at all below MIN_GROUP_SIZE participants or answers to a question,
and breakdowns by who answered never show a group smaller than that. Options are opinions, not
people: above the threshold each one shows its count."""

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from flask_babel import format_date
from flask_babel import gettext as _

from participation.answers.analog import entries as analog_entries
from participation.answers.tallies import (
    QuestionTally,
    approved_quotes,
    participant_count,
    participants_by,
    tallies,
)
from participation.enums import AgeGroup, QuestionKind
from participation.labels import AGE_GROUP_LABELS, ANALOG_METHOD_LABELS
from participation.places import ortsteil_name
from participation.protection import protect

if TYPE_CHECKING:
    from participation.offers.models import Offer, Question


@dataclass
class PublicRow:
    label: str
    count: int | None  # None: fewer than the threshold, not shown
    share: int | None = None  # per cent of those who answered the question
    face: str = ""
    option_id: int | None = None


@dataclass
class PublicQuestion:
    question: "Question"
    answered: int | None  # None when fewer than the threshold answered: then no numbers at all
    rows: list[PublicRow]
    quotes: list[str] | None = None


@dataclass
class PublicBreakdown:
    rows: list[PublicRow]
    combined: int


@dataclass
class AnalogNote:
    """One analog method in the results: "Punktabfrage on 3 May" with how many took part (never a
    channel other than analog: public pages do not say how the others answered)."""

    method: str
    held_on: date
    participants: int


@dataclass
class PublicResults:
    participants: int
    minimum: int
    questions: list[PublicQuestion]
    by_age_group: PublicBreakdown | None
    by_ortsteil: PublicBreakdown | None
    breakdowns_withheld: bool = False  # a question's answers were unanimous (see public_results)
    analog: list[AnalogNote] = field(default_factory=list)  # issue 13: of participants, in analog methods

    @property
    def analog_participants(self) -> int:
        return sum(note.participants for note in self.analog)

    @property
    def analog_methods(self) -> str:
        """ "Sticky dots (Punktabfrage) on 3 May 2026; Show of hands on 5 May 2026" """
        return "; ".join(
            _("%(method)s on %(date)s", method=note.method, date=format_date(note.held_on))
            for note in self.analog
        )

    @property
    def suppressed(self) -> bool:
        return self.participants < self.minimum


def public_results(offer: "Offer", *, minimum: int) -> PublicResults:
    """Everything the results page may show; nothing at all beyond "fewer than N" for small groups."""
    participants = participant_count(offer.id)
    if participants < minimum:
        return PublicResults(participants, minimum, [], None, None)
    analog = [
        AnalogNote(str(ANALOG_METHOD_LABELS.get(e.method, e.method)), e.held_on, e.participants)
        for e in analog_entries(offer.id)
    ]
    quotes = approved_quotes(offer)
    questions = [_public_question(t, minimum, quotes.get(t.question.id, [])) for t in tallies(offer)]
    if any(is_unanimous(item) for item in questions):
        # "All 24 chose X" next to "5 were 14 to 17" would tell what those five answered: a group's
        # answers become known, so the breakdowns by who answered are withheld for this offer.
        return PublicResults(
            participants, minimum, questions, None, None, breakdowns_withheld=True, analog=analog
        )
    return PublicResults(
        participants,
        minimum,
        questions,
        _by_age_group(offer, minimum),
        _by_ortsteil(offer, minimum),
        analog=analog,
    )


def _share(count: int, answered: int) -> int:
    return round(100 * count / answered) if answered else 0


def _public_question(tally: QuestionTally, minimum: int, quotes: list[str]) -> PublicQuestion:
    """One question's numbers. Small-group protection is for who answered (age group, Ortsteil),
    not for what they chose: once `minimum` people answered, every option shows its count, so a
    minority opinion of one is as visible as the majority (README, "Small-group protection")."""
    kind = tally.question.kind
    if kind is QuestionKind.text:
        return PublicQuestion(tally.question, None, [], quotes=quotes)
    if tally.answered < minimum:
        return PublicQuestion(tally.question, None, [])
    share = kind is not QuestionKind.dots  # points are summed, not shares of people
    rows = [
        PublicRow(r.label, r.count, _share(r.count, tally.answered) if share else None, r.face, r.option_id)
        for r in tally.rows
    ]
    return PublicQuestion(tally.question, tally.answered, rows)


def is_unanimous(item: PublicQuestion) -> bool:
    """Everyone who answered the question chose one and the same option (or all ticked it)."""
    kind = item.question.kind
    if item.answered is None or kind in (QuestionKind.text, QuestionKind.dots):
        return False
    return any(row.count == item.answered for row in item.rows)


def _breakdown(counts: dict, label, minimum: int) -> PublicBreakdown:
    protected = protect(counts, minimum)
    return PublicBreakdown(
        [PublicRow(label(key), n) for key, n in protected.shown.items()], protected.combined
    )


def _by_age_group(offer: "Offer", minimum: int) -> PublicBreakdown:
    counts = participants_by(offer, "age_group")
    ordered = {group: counts.get(group, 0) for group in [*AgeGroup, None]}
    return _breakdown(ordered, lambda g: str(AGE_GROUP_LABELS[g]) if g else _("not stated"), minimum)


def _by_ortsteil(offer: "Offer", minimum: int) -> PublicBreakdown:
    counts = participants_by(offer, "ortsteil_code")
    ordered = {code: counts[code] for code in sorted((c for c in counts if c), key=ortsteil_name)}
    ordered[None] = counts.get(None, 0)
    return _breakdown(ordered, lambda c: ortsteil_name(c) if c else _("not stated"), minimum)
