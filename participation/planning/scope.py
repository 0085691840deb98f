"""Which offers and which rollup rows a set of planning filters selects (the queries every table builds on).

Offers of deactivated organisations still count (that participation happened). Participants are counted
from the participation_counts rollup (written by participation.answers), by the month of their answer.
"""

from datetime import date, datetime, time

from sqlalchemy import func, select

from participation.accounts.models import Organisation
from participation.answers.models import ParticipationCount
from participation.enums import OfferStatus
from participation.extensions import db
from participation.offers.models import Offer
from participation.planning.filters import PlanningFilters
from participation.timeutil import UTC

NOT_STATED = ""  # the rollup's value for an age group or Ortsteil nobody stated


def moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def offer_scope(filters: PlanningFilters):
    """Ids of the published offers that match the offer filters (a subquery)."""
    return filters.narrow(
        select(Offer.id)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(Offer.status != OfferStatus.draft)
    )


def active_in_period(filters: PlanningFilters):
    """Offers in scope that were open at some time in the period."""
    return offer_scope(filters).where(
        Offer.opened_at.is_not(None), Offer.starts_on < filters.end, close_day() >= filters.start
    )


def close_day():
    return func.coalesce(Offer.closed_on, Offer.ends_on)


def counted_rows(filters: PlanningFilters) -> list:
    """Where-clauses for the rollup rows in scope: offers, period and (issue 13) the channel."""
    clauses = [
        ParticipationCount.offer_id.in_(offer_scope(filters)),
        ParticipationCount.month >= filters.start,
        ParticipationCount.month < filters.end,
    ]
    if filters.channel:
        clauses.append(ParticipationCount.channel == filters.channel)
    return clauses


def counts_query(filters: PlanningFilters, *columns):
    return select(*columns, func.sum(ParticipationCount.n)).where(*counted_rows(filters)).group_by(*columns)


def participant_total(filters: PlanningFilters) -> int:
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(ParticipationCount.n), 0)).where(*counted_rows(filters))
        )
        or 0
    )
