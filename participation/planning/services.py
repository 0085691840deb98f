"""The planners' indicators for the goal "Kinder und Jugendliche beteiligen", aggregated in the database.

Offers of deactivated organisations still count (that participation happened), except "open now".
Offers are filtered by their tags (Ortsteil, Stadtbezirk, target age group, format, level, goal,
organisation type); participants are counted from the participation_counts rollup, by the month of
their answer and their own (optional) Ortsteil and age group. Every participant count passes
`mask()`, so no published number describes fewer than MIN_GROUP_SIZE young people.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from flask_babel import gettext as _
from sqlalchemy import and_, case, delete, exists, func, or_, select

from participation.accounts.models import Organisation
from participation.answers.models import ParticipationCount
from participation.audit.services import record
from participation.enums import AgeGroup, OfferStatus
from participation.extensions import db
from participation.labels import AGE_GROUP_LABELS, FORMAT_LABELS, GOAL_LABELS, LEVEL_LABELS
from participation.offers.models import Offer, OfferAgeGroup, OfferGoal, OfferOrtsteil
from participation.places import ortsteile, population
from participation.planning.filters import PlanningFilters, add_months
from participation.planning.models import FocusArea
from participation.protection import hidden_sum_is_safe, mask
from participation.sql import days_between, month_of
from participation.timeutil import UTC

NOT_STATED = ""


@dataclass
class Indicators:
    offers_opened: int
    open_now: int
    closed: int
    results_published: int
    participants: int | str | None  # masked: an int, "small", or None when withheld


@dataclass
class LoopClosing:
    closed: int  # offers whose answering ended in the period
    due: int  # … whose promised feedback date has passed, or that published already
    published: int  # … of which results and Rückmeldung are out
    on_time: int  # … by the promised date
    median_days: float | None  # from the end of answering to publication (published offers only)

    @property
    def pending(self) -> int:
        """Closed offers whose feedback is not due yet: neither a success nor a failure so far."""
        return self.closed - self.due

    @property
    def rate(self) -> float | None:
        return self.published / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


@dataclass
class AreaRow:
    code: str
    name: str
    offers: int
    participants: int | str | None
    residents: int
    under15_estimate: int

    @property
    def per_1000(self) -> float | None:
        return _rate(self.participants, self.residents)

    @property
    def per_1000_under15(self) -> float | None:
        return _rate(self.participants, self.under15_estimate)


@dataclass
class Dashboard:
    filters: PlanningFilters
    indicators: Indicators
    loop: LoopClosing
    ortsteile: list[AreaRow]
    stadtbezirke: list[AreaRow]
    not_stated: int | str | None
    focus: list[AreaRow]  # "in the Schwerpunkträume", "rest of the city"
    focus_codes: list[str]
    formats: list[tuple[str, int]]
    levels: list[tuple[str, int]]
    target_age_groups: list[tuple[str, int]]
    goals: list[tuple[str, int]]
    participants_by_age: list[tuple[str, int | str | None]]
    trend: list[tuple[date, int, int | str | None]] = field(default_factory=list)

    @property
    def participants_per_month(self) -> list[tuple[str, int | str | None]]:
        return [(month.strftime("%Y-%m"), people) for month, _opened, people in self.trend]


def _rate(count, base: int) -> float | None:
    return round(1000 * count / base, 1) if isinstance(count, int) and base else None


def _moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def offer_scope(filters: PlanningFilters):
    """Ids of the published offers that match the offer filters (a subquery)."""
    return filters.narrow(
        select(Offer.id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.status != OfferStatus.draft)
    )


def _active_in_period(filters: PlanningFilters):
    """Offers in scope that were open at some time in the period."""
    return offer_scope(filters).where(
        Offer.opened_at.is_not(None), Offer.starts_on < filters.end, _close_day() >= filters.start
    )


def _close_day():
    return func.coalesce(Offer.closed_on, Offer.ends_on)


def indicators(filters: PlanningFilters, today: date, minimum: int) -> Indicators:
    """Offers opened, open now, closed and with results in the period; participants in the period."""
    scope = offer_scope(filters).subquery()
    is_closed = or_(Offer.status == OfferStatus.closed, Offer.ends_on < today)
    in_period = lambda column: and_(column >= filters.start, column < filters.end)  # noqa: E731
    row = db.session.execute(
        select(
            func.sum(
                case(
                    (
                        and_(
                            Offer.opened_at >= _moment(filters.start), Offer.opened_at < _moment(filters.end)
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(
                case(
                    (
                        and_(
                            Offer.status == OfferStatus.open,
                            Offer.starts_on <= today,
                            Offer.ends_on >= today,
                            Organisation.is_active,
                        ),
                        1,
                    ),
                    else_=0,
                )
            ),
            func.sum(case((and_(is_closed, in_period(_close_day())), 1), else_=0)),
            func.sum(case((in_period(Offer.results_published_on), 1), else_=0)),
        )
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.id.in_(select(scope.c.id)))
    ).one()
    participants = _participant_total(filters)
    shown = participants if participants >= minimum or participants == 0 else "small"
    return Indicators(*(int(v or 0) for v in row), participants=shown)


def loop_closing(filters: PlanningFilters, today: date) -> LoopClosing:
    """How many offers that ended in the period closed their loop, on time, and how fast (median days)."""
    closed = (
        offer_scope(filters)
        .where(
            or_(Offer.status == OfferStatus.closed, Offer.ends_on < today),
            _close_day() >= filters.start,
            _close_day() < filters.end,
        )
        .subquery()
    )
    row = db.session.execute(
        select(
            func.count(),
            func.sum(
                case((or_(Offer.outcome_due_on < today, Offer.results_published_on.is_not(None)), 1), else_=0)
            ),
            func.sum(case((Offer.results_published_on.is_not(None), 1), else_=0)),
            func.sum(case((Offer.results_published_on <= Offer.outcome_due_on, 1), else_=0)),
        ).where(Offer.id.in_(select(closed.c.id)))
    ).one()
    days = days_between(Offer.results_published_on, _close_day())
    published = int(row[2] or 0)
    median = None
    if published:
        # A portable median (SQLite has no percentile function): the middle one or two values.
        ordered = (
            select(days)
            .where(Offer.id.in_(select(closed.c.id)), Offer.results_published_on.is_not(None))
            .order_by(days)
        )
        middle = db.session.scalars(ordered.limit(2 - published % 2).offset((published - 1) // 2)).all()
        median = round(sum(float(v) for v in middle) / len(middle), 1)
    return LoopClosing(int(row[0] or 0), int(row[1] or 0), published, int(row[3] or 0), median)


def _counts_query(filters: PlanningFilters, *columns):
    return (
        select(*columns, func.sum(ParticipationCount.n))
        .where(
            ParticipationCount.offer_id.in_(offer_scope(filters)),
            ParticipationCount.month >= filters.start,
            ParticipationCount.month < filters.end,
        )
        .group_by(*columns)
    )


def _participant_total(filters: PlanningFilters) -> int:
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(ParticipationCount.n), 0)).where(
                ParticipationCount.offer_id.in_(offer_scope(filters)),
                ParticipationCount.month >= filters.start,
                ParticipationCount.month < filters.end,
            )
        )
        or 0
    )


def _by_stated_ortsteil(filters: PlanningFilters) -> dict[str, int]:
    return {
        code: int(n)
        for code, n in db.session.execute(_counts_query(filters, ParticipationCount.ortsteil_code))
    }


def _offers_per_ortsteil(filters: PlanningFilters) -> dict[str, int]:
    active = _active_in_period(filters).subquery()
    rows = db.session.execute(
        select(OfferOrtsteil.ortsteil_code, func.count(func.distinct(OfferOrtsteil.offer_id)))
        .where(OfferOrtsteil.offer_id.in_(select(active.c.id)))
        .group_by(OfferOrtsteil.ortsteil_code)
    )
    return dict(rows.all())


def _masked_areas(counts: dict[str, int], minimum: int) -> tuple[dict, dict, int | str | None]:
    """Mask Stadtbezirk totals, then the Ortsteile within each Stadtbezirk against its total, so that
    no hidden Ortsteil can be worked out from its Stadtbezirk (or the city) total."""
    districts = ortsteile()
    bezirk_counts: dict[str, int] = {}
    for code, o in districts.items():
        bezirk_counts[o.stadtbezirk_code] = bezirk_counts.get(o.stadtbezirk_code, 0) + counts.get(code, 0)
    top = mask({**bezirk_counts, NOT_STATED: counts.get(NOT_STATED, 0)}, minimum) or {}
    by_ortsteil: dict[str, int | str | None] = {}
    for bezirk in bezirk_counts:
        members = {code: counts.get(code, 0) for code, o in districts.items() if o.stadtbezirk_code == bezirk}
        masked = mask(members, minimum) if isinstance(top.get(bezirk), int) else None
        for code in members:
            # Withheld Stadtbezirk: all members withheld, zeros too, or zeros would tell where people live.
            by_ortsteil[code] = masked[code] if masked else None
    return top, by_ortsteil, top.get(NOT_STATED)


def _group_total(
    codes: set[str], counts: dict[str, int], masked: dict[str, int | str | None], minimum: int
) -> int | str | None:
    """A total over several Ortsteile, withheld when it would reveal a hidden Ortsteil inside it."""
    total = sum(counts.get(code, 0) for code in codes)
    hidden = {code: counts.get(code, 0) for code in codes if not isinstance(masked.get(code), int)}
    small = {code for code in hidden if masked.get(code) == "small"}
    if hidden and not hidden_sum_is_safe(hidden, small, minimum):
        return "hidden"
    return total if total >= minimum or total == 0 else "small"


def dashboard(filters: PlanningFilters, *, today: date, minimum: int) -> Dashboard:
    """Everything the dashboard, the exports and the report show, for one set of filters."""
    counts = _by_stated_ortsteil(filters)
    offers_per = _offers_per_ortsteil(filters)
    top, by_ortsteil, not_stated = _masked_areas(counts, minimum)
    people = population()
    ortsteil_rows = [
        AreaRow(
            code,
            o.name,
            offers_per.get(code, 0),
            by_ortsteil[code],
            people[code].residents,
            people[code].under15_estimate,
        )
        for code, o in ortsteile().items()
    ]
    bezirke: dict[str, AreaRow] = {}
    for code, o in ortsteile().items():
        row = bezirke.setdefault(
            o.stadtbezirk_code,
            AreaRow(o.stadtbezirk_code, o.stadtbezirk_name, 0, top.get(o.stadtbezirk_code), 0, 0),
        )
        row.residents += people[code].residents
        row.under15_estimate += people[code].under15_estimate
    bezirk_offers = _offers_per_stadtbezirk(filters)
    for row in bezirke.values():
        row.offers = bezirk_offers.get(row.code, 0)
    focus_codes = focus_area_codes()
    return Dashboard(
        filters=filters,
        indicators=indicators(filters, today, minimum),
        loop=loop_closing(filters, today),
        ortsteile=ortsteil_rows,
        stadtbezirke=list(bezirke.values()),
        not_stated=not_stated,
        focus=_focus_rows(filters, focus_codes, counts, by_ortsteil, minimum),
        focus_codes=focus_codes,
        formats=_labelled(_offer_counts(filters, Offer.format), FORMAT_LABELS),
        levels=_labelled(_offer_counts(filters, Offer.level), LEVEL_LABELS),
        target_age_groups=_labelled(
            _tag_counts(filters, OfferAgeGroup, OfferAgeGroup.age_group), AGE_GROUP_LABELS
        ),
        goals=_labelled(_tag_counts(filters, OfferGoal, OfferGoal.goal), GOAL_LABELS),
        participants_by_age=_participants_by_age(filters, minimum, AGE_GROUP_LABELS),
        trend=_trend(filters, minimum),
    )


def _offers_per_stadtbezirk(filters: PlanningFilters) -> dict[str, int]:
    active = _active_in_period(filters).subquery()
    bezirk = func.substr(OfferOrtsteil.ortsteil_code, 1, 1)
    rows = db.session.execute(
        select(bezirk, func.count(func.distinct(OfferOrtsteil.offer_id)))
        .where(OfferOrtsteil.offer_id.in_(select(active.c.id)))
        .group_by(bezirk)
    )
    return dict(rows.all())


def _focus_rows(filters, focus_codes, counts, masked, minimum) -> list[AreaRow]:
    people = population()
    inside = set(focus_codes)
    outside = set(ortsteile()) - inside
    active = _active_in_period(filters).subquery()
    in_focus = exists().where(
        OfferOrtsteil.offer_id == Offer.id, OfferOrtsteil.ortsteil_code.in_(inside or {"--"})
    )
    offers_in, offers_all = db.session.execute(
        select(func.sum(case((in_focus, 1), else_=0)), func.count()).where(Offer.id.in_(select(active.c.id)))
    ).one()
    groups = (
        (_("Schwerpunkträume"), inside, offers_in or 0),
        (_("rest of the city"), outside, (offers_all or 0) - (offers_in or 0)),
    )
    totals = [_group_total(codes, counts, masked, minimum) for _label, codes, _offers in groups]
    # The two rows and "not stated" add up to the published total: one hidden row would show in the
    # other, so both go; and so do both when the pair would give a small group away.
    pair = mask(
        {
            "in": sum(counts.get(c, 0) for c in inside),
            "out": sum(counts.get(c, 0) for c in outside),
            NOT_STATED: counts.get(NOT_STATED, 0),
        },
        minimum,
    )
    if (
        pair is None
        or not all(isinstance(t, int) for t in totals)
        or not all(isinstance(pair[k], int) for k in ("in", "out"))
    ):
        totals = [
            "hidden" if sum(counts.get(c, 0) for c in codes) else 0 for _label, codes, _offers in groups
        ]
    return [
        AreaRow(
            "",
            label,
            int(offers),
            total,
            sum(people[c].residents for c in codes),
            sum(people[c].under15_estimate for c in codes),
        )
        for (label, codes, offers), total in zip(groups, totals, strict=True)
    ]


def _offer_counts(filters: PlanningFilters, column) -> dict:
    active = _active_in_period(filters).subquery()
    return dict(
        db.session.execute(
            select(column, func.count()).where(Offer.id.in_(select(active.c.id))).group_by(column)
        ).all()
    )


def _tag_counts(filters: PlanningFilters, model, column) -> dict:
    active = _active_in_period(filters).subquery()
    return dict(
        db.session.execute(
            select(column, func.count()).where(model.offer_id.in_(select(active.c.id))).group_by(column)
        ).all()
    )


def _labelled(counts: dict, labels: dict) -> list[tuple[str, int]]:
    return [(str(label), int(counts.get(member, 0))) for member, label in labels.items()]


def _participants_by_age(filters: PlanningFilters, minimum: int, labels: dict):
    raw = {key: int(n) for key, n in db.session.execute(_counts_query(filters, ParticipationCount.age_group))}
    cells = {group.name: raw.get(group.name, 0) for group in AgeGroup} | {NOT_STATED: raw.get(NOT_STATED, 0)}
    masked = mask(cells, minimum)
    return [
        (str(labels[AgeGroup[key]]) if key else _("not stated"), masked[key] if masked else None)
        for key in cells
    ]


def _trend(filters: PlanningFilters, minimum: int) -> list[tuple[date, int, int | str | None]]:
    months, current = [], filters.start
    while current < filters.end:
        months.append(current)
        current = add_months(current, 1)
    people = {
        _as_date(m): int(n) for m, n in db.session.execute(_counts_query(filters, ParticipationCount.month))
    }
    opened_month = month_of(Offer.opened_at)
    opened = {
        _as_date(m): int(n)
        for m, n in db.session.execute(
            select(opened_month, func.count())
            .where(
                Offer.id.in_(offer_scope(filters)),
                Offer.opened_at >= _moment(filters.start),
                Offer.opened_at < _moment(filters.end),
            )
            .group_by(opened_month)
        )
    }
    masked = mask({m: people.get(m, 0) for m in months}, minimum) or {}
    return [(m, opened.get(m, 0), masked.get(m)) for m in months]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def focus_area_codes() -> list[str]:
    """The Ortsteile an administrator put in the Schwerpunkträume, by code."""
    return sorted(db.session.scalars(select(FocusArea.ortsteil_code)))


def set_focus_areas(codes: set[str], *, actor) -> list[str]:
    """Make exactly these Ortsteile the Schwerpunkträume (unknown codes are left out); return them."""
    chosen = sorted(code for code in codes if code in ortsteile())
    db.session.execute(delete(FocusArea))
    db.session.add_all(FocusArea(ortsteil_code=code) for code in chosen)
    record("focus_areas.set", actor=actor, detail=",".join(chosen))
    db.session.flush()
    return chosen
