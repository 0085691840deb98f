"""The results young people see at the offer's link (and planners on their per-offer page), with
small-group protection: nothing at all below MIN_GROUP_SIZE participants or answers to a question,
and breakdowns by who answered never show a group smaller than that. Options are opinions, not
people: above the threshold each one shows its count."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _

from participation.answers.tallies import (
    QuestionTally,
    approved_quotes,
    participant_count,
    participants_by,
    tallies,
)
from participation.enums import AgeGroup, QuestionKind
from participation.labels import AGE_GROUP_LABELS
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


def public_results(offer: "Offer", *, minimum: int) -> PublicResults:
    """Everything the results page may show; nothing at all beyond "fewer than N" for small groups."""
    participants = participant_count(offer.id)
    if participants < minimum:
        return PublicResults(participants, minimum, [], None, None)
    quotes = approved_quotes(offer)
    by_age_group, by_ortsteil = _by_age_group(offer, minimum), _by_ortsteil(offer, minimum)
    breakdown_shown = bool(by_age_group.rows or by_ortsteil.rows)
    questions = [
        _public_question(t, minimum, quotes.get(t.question.id, []), breakdown_shown=breakdown_shown)
        for t in tallies(offer)
    ]
    return PublicResults(participants, minimum, questions, by_age_group, by_ortsteil)


def _share(count: int, answered: int) -> int:
    return round(100 * count / answered) if answered else 0


def _public_question(
    tally: QuestionTally, minimum: int, quotes: list[str], *, breakdown_shown: bool
) -> PublicQuestion:
    """One question's numbers. Small-group protection is for who answered (age group, Ortsteil),
    not for what they chose: once `minimum` people answered, every option shows its count, so a
    minority opinion of one is as visible as the majority (README, "Small-group protection")."""
    kind = tally.question.kind
    if kind is QuestionKind.text:
        return PublicQuestion(tally.question, None, [], quotes=quotes)
    if tally.answered < minimum:
        return PublicQuestion(tally.question, None, [])
    if kind is QuestionKind.dots:  # points, summed over at least `minimum` people
        return PublicQuestion(
            tally.question,
            tally.answered,
            [PublicRow(r.label, r.count, face=r.face, option_id=r.option_id) for r in tally.rows],
        )
    unanimous = any(r.count == tally.answered for r in tally.rows)
    if kind is QuestionKind.multiple or not (unanimous and breakdown_shown):
        rows = [
            PublicRow(r.label, r.count, _share(r.count, tally.answered), r.face, r.option_id)
            for r in tally.rows
        ]
        return PublicQuestion(tally.question, tally.answered, rows)
    # Everyone chose one option and the page also says who took part (age groups, Ortsteile):
    # the older, stricter rule stays, so the page lists no option by its (empty) count.
    protected = protect({r.key: r.count for r in tally.rows}, minimum)
    rows = [
        PublicRow(
            r.label,
            protected.shown[r.key],
            _share(protected.shown[r.key], tally.answered),
            r.face,
            r.option_id,
        )
        for r in tally.rows
        if r.key in protected.shown
    ]
    return PublicQuestion(tally.question, tally.answered, rows, protected.combined)


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
