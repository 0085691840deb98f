"""The quality checklist of an offer, after the general quality standards for child and youth
participation (Allgemeine Qualitätsstandards für Kinder- und Jugendbeteiligung), in our own words.

Some points the product knows itself (what can be decided is written down, a Rückmeldung date is
promised, the form speaks more than German, the results came on time); the others the youth worker
ticks on the staff offer page while planning. A point is "met", "open" or "pending" (results on time,
before the promised date has come): completion counts the met points of those that are not pending.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from participation.accounts.models import User
from participation.audit.services import record
from participation.extensions import db
from participation.offers.content_translations import spoken_languages, spoken_languages_of
from participation.offers.models import Offer, OfferQualityTick
from participation.offers.promises import PROMISES
from participation.offers.services import timeliness


@dataclass(frozen=True)
class Point:
    key: str
    label: object  # lazy string
    explanation: object
    public: object | None  # what the public offer page promises when the point is met
    automatic: bool = False


POINTS = (
    Point(
        "scope",
        _l("The scope for decisions is clear"),
        _l("Young people read what they can decide and what is fixed already (filled in on the offer)."),
        None,  # the public page shows the text itself
        automatic=True,
    ),
    Point(
        "feedback_date",
        _l("A Rückmeldung date is promised"),
        _l("Young people know by when they will hear what became of their answers."),
        None,  # the public page shows the date itself
        automatic=True,
    ),
    Point(
        "voluntary",
        _l("Taking part is voluntary"),
        _l("No one is pushed to join, and no one loses anything by saying no."),
        PROMISES["voluntary"],
    ),
    Point(
        "age_appropriate",
        _l("Information fits the age"),
        _l("Words, pictures and length of the texts suit the age group invited."),
        PROMISES["age_appropriate"],
    ),
    Point(
        "languages",
        _l("More than one language"),
        _l("The form can be read in at least one language besides German (all texts translated)."),
        PROMISES["languages"],
        automatic=True,
    ),
    Point(
        "diversity",
        _l("Diversity is considered"),
        _l("Place, time and way of taking part let young people with different needs and backgrounds join."),
        PROMISES["diversity"],
    ),
    Point(
        "early",
        _l("Young people are involved early"),
        _l("They join while the plan can still change, not after the decision."),
        PROMISES["early"],
    ),
    Point(
        "resources",
        _l("Resources are sufficient"),
        _l("Time, money and staff are planned for the process and for carrying out the results."),
        PROMISES["resources"],
    ),
    Point(
        "transparent",
        _l("The process is transparent"),
        _l("Everyone can see the steps, who decides in the end, and what happens with the answers."),
        PROMISES["transparent"],
    ),
    Point(
        "evaluated",
        _l("The process is reviewed with the young people"),
        _l("Afterwards young people can say what worked and what should be better next time."),
        PROMISES["evaluated"],
    ),
    Point(
        "feedback_on_time",
        _l("Results fed back on time"),
        _l("The results and the Rückmeldung were published by the promised date."),
        PROMISES["feedback_on_time"],
        automatic=True,
    ),
)
BY_KEY = {point.key: point for point in POINTS}
TICKABLE = tuple(point.key for point in POINTS if not point.automatic)


@dataclass(frozen=True)
class Item:
    point: Point
    state: str  # "met", "open" or "pending"


@dataclass(frozen=True)
class Checklist:
    items: list[Item]

    @property
    def met(self) -> int:
        return sum(1 for item in self.items if item.state == "met")

    @property
    def counted(self) -> int:
        """Points that count now: every point but a pending one."""
        return sum(1 for item in self.items if item.state != "pending")

    @property
    def rate(self) -> float:
        return self.met / self.counted if self.counted else 0.0

    @property
    def complete(self) -> bool:
        return self.met == self.counted

    def promises(self) -> list[Item]:
        """The met points the public offer page tells young people about."""
        return [item for item in self.items if item.state == "met" and item.point.public is not None]


def ticked(offer: Offer) -> set[str]:
    return {row.point for row in offer.quality_rows if row.point in BY_KEY}


def _automatic(offer: Offer, key: str, today: date, spoken: list[str]) -> str:
    if key == "scope":
        return "met" if offer.decision_scope and offer.decision_scope.strip() else "open"
    if key == "feedback_date":
        return "met" if offer.outcome_due_on is not None else "open"
    if key == "languages":
        return "met" if len(spoken) > 1 else "open"
    state = timeliness(offer, today).state  # feedback_on_time
    return {"on_time": "met", "due": "pending"}.get(state, "open")


def _checklist(offer: Offer, today: date, spoken: list[str]) -> Checklist:
    done = ticked(offer)
    return Checklist(
        [
            Item(
                point,
                _automatic(offer, point.key, today, spoken)
                if point.automatic
                else ("met" if point.key in done else "open"),
            )
            for point in POINTS
        ]
    )


def checklist(offer: Offer, today: date) -> Checklist:
    """Every point of the offer's checklist with its state."""
    return _checklist(offer, today, spoken_languages(offer))


def checklists(offers: Iterable[Offer], today: date) -> dict[int, Checklist]:
    """The checklists of many offers, by offer id: their translations read in one query (the offers
    come with their ticks, questions, options and outcome loaded, see planning.services)."""
    offers = list(offers)
    spoken = spoken_languages_of(offers)
    return {offer.id: _checklist(offer, today, spoken[offer.id]) for offer in offers}


def set_ticks(offer: Offer, keys: Iterable[str], *, actor: User | None) -> tuple[set[str], set[str]]:
    """Store which points the youth worker ticked (unknown and automatic keys are ignored); audit the
    change. Returns (newly ticked, newly unticked)."""
    wanted = {key for key in keys if key in TICKABLE}
    before = ticked(offer)
    added, removed = wanted - before, before - wanted
    if not added and not removed:
        return added, removed
    offer.quality_rows = [row for row in offer.quality_rows if row.point in wanted]
    offer.quality_rows.extend(OfferQualityTick(point=key) for key in sorted(added))
    db.session.flush()
    detail = ";".join(
        f"{name}={','.join(sorted(keys))}"
        for name, keys in (("ticked", added), ("unticked", removed))
        if keys
    )
    record("quality.change", actor=actor, offer_id=offer.id, detail=detail)
    return added, removed


@dataclass
class Summary:
    """The checklist over many offers, for the planners."""

    offers: int
    average_rate: float | None  # mean completion of the offers, 0…1
    complete: int  # offers with every counted point met
    per_point: list[tuple[Point, int, int]]  # point, offers meeting it, offers where it counts


def summary(offers: Iterable[Offer], today: date) -> Summary:
    lists = list(checklists(offers, today).values())
    per_point = []
    for index, point in enumerate(POINTS):
        states = [c.items[index].state for c in lists]
        per_point.append((point, states.count("met"), sum(1 for s in states if s != "pending")))
    return Summary(
        offers=len(lists),
        average_rate=sum(c.rate for c in lists) / len(lists) if lists else None,
        complete=sum(1 for c in lists if c.complete),
        per_point=per_point,
    )
