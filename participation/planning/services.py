"""The planners' indicators for the goal "Kinder und Jugendliche beteiligen", aggregated in the database.

Offers of deactivated organisations still count (that participation happened), except "open now".
Offers are filtered by their tags (Ortsteil, Stadtbezirk, target age group, format, level, goal,
organisation type); participants are counted from the participation_counts rollup, by the month of
their answer and their own (optional) Ortsteil and age group. Every participant count passes
`mask()`, so no published number describes fewer than MIN_GROUP_SIZE young people.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import Organisation
from participation.answers.models import ParticipationCount
from participation.answers.velocity import Burst, bursts
from participation.enums import AgeGroup, Channel, OfferStatus
from participation.extensions import db
from participation.labels import AGE_GROUP_LABELS, CHANNEL_LABELS, FORMAT_LABELS, GOAL_LABELS, LEVEL_LABELS
from participation.offers import quality
from participation.offers.models import Offer, OfferAgeGroup, OfferGoal, OfferOrtsteil, Question
from participation.offers.quality import Checklist, Summary
from participation.paging import paginate
from participation.places import Ortsteil, ortsteile
from participation.planning.areas import AreaRow, reach
from participation.planning.filters import PlanningFilters, add_months
from participation.planning.scope import (
    NOT_STATED,
    active_in_period,
    close_day,
    counts_query,
    moment,
    offer_scope,
    participant_total,
)
from participation.protection import mask
from participation.sql import days_between, month_of


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
    due: int  # … whose promised Rückmeldung date has passed, or that published already
    published: int  # … of which results and Rückmeldung are out
    on_time: int  # … by the promised date
    median_days: float | None  # from the end of answering to publication (published offers only)

    @property
    def pending(self) -> int:
        """Closed offers whose Rückmeldung is not due yet: neither a success nor a failure so far."""
        return self.closed - self.due

    @property
    def rate(self) -> float | None:
        return self.published / self.due if self.due else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None


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
    participants_by_channel: list[tuple[str, int | str | None]] = field(default_factory=list)
    trend: list[tuple[date, int, int | str | None]] = field(default_factory=list)
    quality: Summary | None = None  # issue 14: the checklist over the offers in the period
    without_offers: list[Ortsteil] = field(default_factory=list)  # issue 14: no open or recent offer

    @property
    def participants_per_month(self) -> list[tuple[str, int | str | None]]:
        return [(month.strftime("%Y-%m"), people) for month, _opened, people in self.trend]


def indicators(filters: PlanningFilters, today: date, minimum: int) -> Indicators:
    """Offers opened, open now, closed and with results in the period; participants in the period."""
    scope = offer_scope(filters).subquery()
    is_closed = or_(Offer.status == OfferStatus.closed, Offer.ends_on < today)

    def in_period(column):
        return and_(column >= filters.start, column < filters.end)

    row = db.session.execute(
        select(
            func.sum(
                case(
                    (
                        and_(Offer.opened_at >= moment(filters.start), Offer.opened_at < moment(filters.end)),
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
            func.sum(case((and_(is_closed, in_period(close_day())), 1), else_=0)),
            func.sum(case((in_period(Offer.results_published_on), 1), else_=0)),
        )
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.id.in_(select(scope.c.id)))
    ).one()
    participants = participant_total(filters)
    shown = participants if participants >= minimum or participants == 0 else "small"
    return Indicators(*(int(v or 0) for v in row), participants=shown)


def loop_closing(filters: PlanningFilters, today: date) -> LoopClosing:
    """How many offers that ended in the period closed their loop, on time, and how fast (median days)."""
    closed = (
        offer_scope(filters)
        .where(
            or_(Offer.status == OfferStatus.closed, Offer.ends_on < today),
            close_day() >= filters.start,
            close_day() < filters.end,
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
    days = days_between(Offer.results_published_on, close_day())
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


def dashboard(filters: PlanningFilters, *, today: date, minimum: int) -> Dashboard:
    """Everything the dashboard, the exports and the report show, for one set of filters."""
    area = reach(filters, minimum)
    return Dashboard(
        filters=filters,
        indicators=indicators(filters, today, minimum),
        loop=loop_closing(filters, today),
        ortsteile=area.ortsteile,
        stadtbezirke=area.stadtbezirke,
        not_stated=area.not_stated,
        focus=area.focus,
        focus_codes=area.focus_codes,
        formats=_labelled(_offer_counts(filters, Offer.format), FORMAT_LABELS),
        levels=_labelled(_offer_counts(filters, Offer.level), LEVEL_LABELS),
        target_age_groups=_labelled(
            _tag_counts(filters, OfferAgeGroup, OfferAgeGroup.age_group), AGE_GROUP_LABELS
        ),
        goals=_labelled(_tag_counts(filters, OfferGoal, OfferGoal.goal), GOAL_LABELS),
        participants_by_age=_participants_by_age(filters, minimum, AGE_GROUP_LABELS),
        participants_by_channel=_participants_by_channel(filters, minimum),
        trend=_trend(filters, minimum),
        quality=quality_summary(filters, today),
        without_offers=ortsteile_without_offers(today),
    )


def _with_checklist_data(query):
    """Load what the checklist reads (ticks, texts for the languages point) in a few queries."""
    return query.options(
        selectinload(Offer.quality_rows),
        selectinload(Offer.questions).selectinload(Question.options),
        selectinload(Offer.outcome),
    )


def quality_summary(filters: PlanningFilters, today: date) -> Summary:
    """The quality checklist over the published offers open at some time in the period."""
    active = active_in_period(filters).subquery()
    offers = db.session.scalars(_with_checklist_data(select(Offer).where(Offer.id.in_(select(active.c.id)))))
    return quality.summary(offers, today)


def checklists(offers: list[Offer], today: date) -> dict[int, Checklist]:
    """The checklist of each offer on a page of the dashboard's list, by offer id (what it reads is
    loaded for the whole page at once)."""
    ids = [offer.id for offer in offers]
    loaded = db.session.scalars(_with_checklist_data(select(Offer).where(Offer.id.in_(ids)))).all()
    return quality.checklists(loaded, today)


RECENT_DAYS = 365  # an offer that ended within a year still counts as "offering participation" there


def ortsteile_without_offers(today: date) -> list[Ortsteil]:
    """Ortsteile where no active organisation offers participation: no published offer tagged with them
    is open (or opening) now, or ended in the last RECENT_DAYS days. Not narrowed by the filters."""
    recent = today - timedelta(days=RECENT_DAYS)
    covered = set(
        db.session.scalars(
            select(OfferOrtsteil.ortsteil_code)
            .join(Offer, Offer.id == OfferOrtsteil.offer_id)
            .join(Organisation, Organisation.id == Offer.organisation_id)
            .where(Offer.status != OfferStatus.draft, Organisation.is_active, close_day() >= recent)
            .distinct()
        )
    )
    return [ortsteil for code, ortsteil in ortsteile().items() if code not in covered]


def _offer_counts(filters: PlanningFilters, column) -> dict:
    active = active_in_period(filters).subquery()
    return dict(
        db.session.execute(
            select(column, func.count()).where(Offer.id.in_(select(active.c.id))).group_by(column)
        ).all()
    )


def _tag_counts(filters: PlanningFilters, model, column) -> dict:
    active = active_in_period(filters).subquery()
    return dict(
        db.session.execute(
            select(column, func.count()).where(model.offer_id.in_(select(active.c.id))).group_by(column)
        ).all()
    )


def _labelled(counts: dict, labels: dict) -> list[tuple[str, int]]:
    return [(str(label), int(counts.get(member, 0))) for member, label in labels.items()]


def _participants_by_age(filters: PlanningFilters, minimum: int, labels: dict):
    raw = {key: int(n) for key, n in db.session.execute(counts_query(filters, ParticipationCount.age_group))}
    cells = {group.name: raw.get(group.name, 0) for group in AgeGroup} | {NOT_STATED: raw.get(NOT_STATED, 0)}
    masked = mask(cells, minimum)
    return [
        (str(labels[AgeGroup[key]]) if key else _("not stated"), masked[key] if masked else None)
        for key in cells
    ]


def _participants_by_channel(filters: PlanningFilters, minimum: int):
    """Participants by how they answered (QR code or link, kiosk, one-time code, analog), masked."""
    raw = {key: int(n) for key, n in db.session.execute(counts_query(filters, ParticipationCount.channel))}
    cells = {channel.name: raw.get(channel.name, 0) for channel in Channel}
    masked = mask(cells, minimum)
    return [(str(CHANNEL_LABELS[Channel[key]]), masked[key] if masked else None) for key in cells]


def _trend(filters: PlanningFilters, minimum: int) -> list[tuple[date, int, int | str | None]]:
    months, current = [], filters.start
    while current < filters.end:
        months.append(current)
        current = add_months(current, 1)
    people = {
        _as_date(m): int(n) for m, n in db.session.execute(counts_query(filters, ParticipationCount.month))
    }
    opened_month = month_of(Offer.opened_at)
    opened = {
        _as_date(m): int(n)
        for m, n in db.session.execute(
            select(opened_month, func.count())
            .where(
                Offer.id.in_(offer_scope(filters)),
                Offer.opened_at >= moment(filters.start),
                Offer.opened_at < moment(filters.end),
            )
            .group_by(opened_month)
        )
    }
    masked = mask({m: people.get(m, 0) for m in months}, minimum) or {}
    return [(m, opened.get(m, 0), masked.get(m)) for m in months]


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


OFFERS_PER_PAGE = 20


def offers_in_period(filters: PlanningFilters, raw_page: str | None):
    """The published offers the dashboard counts (open at some time in the period), latest end first, one
    page at a time: each links to its protected results page."""
    active = active_in_period(filters).subquery()
    query = (
        select(Offer).where(Offer.id.in_(select(active.c.id))).order_by(close_day().desc(), Offer.id.desc())
    )
    return paginate(query, raw_page, per_page=OFFERS_PER_PAGE)


def flagged_offers() -> list[tuple[Offer, Burst]]:
    """Offers with an unusual burst of answers now (answers.velocity), busiest first."""
    found = bursts()
    if not found:
        return []
    offers = db.session.scalars(select(Offer).where(Offer.id.in_(found))).all()
    return sorted(((offer, found[offer.id]) for offer in offers), key=lambda pair: -pair[1].answers)
