"""The Methodenkoffer: seeding, filtering, editing methods and making an offer from one. Services flush."""

import json
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources

from sqlalchemy import func, select

from participation.accounts.models import Organisation, User
from participation.audit.services import record
from participation.enums import OfferFormat, OfferStatus, ParticipationLevel, QuestionKind
from participation.extensions import db
from participation.methods.models import Method
from participation.offers import services as offer_services
from participation.offers.models import Offer
from participation.parsing import small_int
from participation.places import ortsteile
from participation.sanitize import strip_control
from participation.timeutil import local_today

# How long a draft made from a method answers and waits for its Rückmeldung, by default (days from today).
DEFAULT_DAYS = (0, 14, 28)


@dataclass
class MethodFilters:
    """The library's filters: a young person's age, the group's size, the time at most, the level."""

    age: int | None = None
    group: int | None = None
    minutes: int | None = None
    level: ParticipationLevel | None = None

    @classmethod
    def from_args(cls, args) -> "MethodFilters":
        def number(name: str, high: int) -> int | None:
            value = small_int(args.get(name))
            return value if value is not None and 0 < value <= high else None

        level = args.get("level", "")
        return cls(
            age=number("age", 99),
            group=number("group", 10000),
            minutes=number("minutes", 10000),
            level=ParticipationLevel(level) if level in {lv.value for lv in ParticipationLevel} else None,
        )

    def as_args(self) -> dict:
        args = {"age": self.age, "group": self.group, "minutes": self.minutes}
        args["level"] = self.level.value if self.level else None
        return {k: v for k, v in args.items() if v is not None}


@dataclass
class MethodFields:
    """Everything an admin fills in about a method (steps, materials, inclusion: one per line)."""

    slug: str
    name: str
    aim: str
    age_min: int
    age_max: int
    group_min: int
    group_max: int
    duration_minutes: int
    materials: str
    steps: str
    format: OfferFormat
    level: ParticipationLevel
    inclusion: str
    questions: list[dict] = field(default_factory=list)


def methods(filters: MethodFilters | None = None) -> list[Method]:
    """The methods that fit the filters, shortest first."""
    query = select(Method).order_by(Method.duration_minutes, Method.name)
    f = filters or MethodFilters()
    if f.age is not None:
        query = query.where(Method.age_min <= f.age, Method.age_max >= f.age)
    if f.group is not None:
        query = query.where(Method.group_min <= f.group, Method.group_max >= f.group)
    if f.minutes is not None:
        query = query.where(Method.duration_minutes <= f.minutes)
    if f.level is not None:
        query = query.where(Method.level == f.level)
    return list(db.session.scalars(query))


def by_slug(slug: str) -> Method | None:
    return db.session.scalar(select(Method).where(Method.slug == slug))


def _apply(method: Method, fields: MethodFields) -> None:
    for name in ("slug", "name", "aim", "materials", "steps", "inclusion"):
        setattr(method, name, strip_control(getattr(fields, name)).strip())
    for name in ("age_min", "age_max", "group_min", "group_max", "duration_minutes", "format", "level"):
        setattr(method, name, getattr(fields, name))
    method.questions = [dict(q) for q in fields.questions]


def create_method(fields: MethodFields, *, actor: User | None, audited: bool = True) -> Method:
    method = Method()
    _apply(method, fields)
    db.session.add(method)
    db.session.flush()
    if audited:  # the seed is not an action of anyone
        record("method.create", actor=actor, detail=method.slug)
    return method


def update_method(method: Method, fields: MethodFields, *, actor: User | None) -> None:
    _apply(method, fields)
    db.session.flush()
    record("method.update", actor=actor, detail=method.slug)


def question_fields(method: Method) -> list[offer_services.QuestionFields]:
    """The method's usual questions in the shape the offer's questions take."""
    return [
        offer_services.QuestionFields(
            kind=QuestionKind(q["kind"]),
            prompt=q["prompt"],
            points=q.get("points"),
            options=list(q.get("options") or []) or None,
        )
        for q in method.questions
    ]


def create_offer_from(method: Method, *, organisation: Organisation, created_by: User | None) -> Offer:
    """A draft with the method's format, level and questions, recorded as made from the method. The
    youth worker checks title, audience, dates and decision scope in the offer form afterwards."""
    today = local_today()
    starts, ends, due = (today + timedelta(days=n) for n in DEFAULT_DAYS)
    fields = offer_services.OfferFields(
        title=method.name[:120],
        description="",
        format=method.format,
        level=method.level,
        age_groups=[],
        ortsteil_codes=[],
        goals=[],
        decision_scope="",
        starts_on=starts,
        ends_on=ends,
        outcome_due_on=due,
    )
    offer = offer_services.create_offer(organisation=organisation, created_by=created_by, fields=fields)
    offer.method_id = method.id
    for question in question_fields(method):
        offer_services.add_question(offer, question)
    record("method.offer", actor=created_by, offer_id=offer.id, detail=method.slug)
    db.session.flush()
    return offer


def load_seed() -> list[dict]:
    """The methods we wrote for the Methodenkoffer (participation/data/methods_de.json)."""
    text = resources.files("participation.data").joinpath("methods_de.json").read_text(encoding="utf-8")
    return json.loads(text)["methods"]


def seed_methods() -> int:
    """Add the seed methods that are missing (by slug); an admin's edits are never overwritten."""
    added = 0
    for item in load_seed():
        if by_slug(item["slug"]) is not None:
            continue
        fields = MethodFields(
            **{k: item[k] for k in ("slug", "name", "aim", "age_min", "age_max", "group_min", "group_max")},
            duration_minutes=item["duration_minutes"],
            materials="\n".join(item["materials"]),
            steps="\n".join(item["steps"]),
            format=OfferFormat(item["format"]),
            level=ParticipationLevel(item["level"]),
            inclusion="\n".join(item["inclusion"]),
            questions=item["questions"],
        )
        create_method(fields, actor=None, audited=False)
        added += 1
    return added


@dataclass
class UsageRow:
    method: Method
    by_stadtbezirk: dict[str, int]
    total: int


def usage() -> tuple[list[str], list[UsageRow]]:
    """Which methods are used where: offers (not drafts) per method and Stadtbezirk. An offer for several
    Stadtbezirke counts once in each; the total counts it once."""
    offers = db.session.scalars(
        select(Offer).where(Offer.method_id.is_not(None), Offer.status != OfferStatus.draft)
    ).all()
    counts: dict[int, dict[str, int]] = {}
    totals: dict[int, int] = {}
    for offer in offers:
        totals[offer.method_id] = totals.get(offer.method_id, 0) + 1
        known = ortsteile()
        bezirke = {known[c].stadtbezirk_name for c in offer.ortsteil_codes if c in known} or {""}
        cells = counts.setdefault(offer.method_id, {})
        for bezirk in bezirke:
            cells[bezirk] = cells.get(bezirk, 0) + 1
    columns = sorted({b for cells in counts.values() for b in cells}, key=lambda b: (b == "", b))
    rows = [
        UsageRow(method, counts.get(method.id, {}), totals.get(method.id, 0))
        for method in db.session.scalars(select(Method).order_by(Method.name))
    ]
    return columns, sorted(rows, key=lambda r: -r.total)


def method_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Method)) or 0
