"""The public directory (Informationstransparenz): open offers and offers with published results."""

from dataclasses import dataclass
from datetime import date, datetime

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from participation.accounts.models import Organisation
from participation.enums import OfferStatus
from participation.extensions import db
from participation.offers.filters import OfferFilters
from participation.offers.models import Offer
from participation.paging import paginate
from participation.timeutil import to_utc

PER_PAGE = 20
FEED_SIZE = 50


@dataclass
class DirectoryFilters(OfferFilters):
    """The offer filters plus the status: "open", "results" or "" for both."""

    status: str = ""


def open_now(today: date):
    """The condition of an offer open for answers now or opening soon (published, not ended)."""
    return and_(Offer.status == OfferStatus.open, Offer.ends_on >= today)


def _public(today: date) -> Select:
    """Offers anyone may see: published, of an active organisation, open (or opening soon) or with results."""
    is_open = open_now(today)
    return (
        select(Offer)
        .join(Organisation, Organisation.id == Offer.organisation_id)
        .where(
            Offer.status != OfferStatus.draft,
            Organisation.is_active,
            or_(is_open, Offer.results_published_at.is_not(None)),
        )
    )


def _filtered(filters: DirectoryFilters, today: date) -> Select:
    query = _public(today)
    if filters.status == "open":  # open now: started and not ended
        query = query.where(
            Offer.status == OfferStatus.open, Offer.starts_on <= today, Offer.ends_on >= today
        )
    elif filters.status == "results":
        query = query.where(Offer.results_published_at.is_not(None))
    return filters.narrow(query)


def directory_page(filters: DirectoryFilters, raw_page: str | None, *, today: date) -> Pagination:
    """One page of matching offers, newest first (an odd page number shows page 1, past the end the last)."""
    newest = func.coalesce(Offer.results_published_at, Offer.opened_at)
    query = (
        _filtered(filters, today)
        .options(
            selectinload(Offer.organisation),
            selectinload(Offer.ortsteil_rows),
            selectinload(Offer.age_group_rows),
        )
        .order_by(newest.desc(), Offer.id.desc())
    )
    return paginate(query, raw_page, per_page=PER_PAGE)


@dataclass
class FeedEntry:
    kind: str  # "opened" or "results"
    offer: Offer
    at: datetime


def _newest(public, column) -> list[Offer]:
    """The FEED_SIZE public offers with the latest value of a timestamp column."""
    return list(
        db.session.scalars(
            select(Offer)
            .join(public, public.c.id == Offer.id)
            .where(column.is_not(None))
            .order_by(column.desc())
            .limit(FEED_SIZE)
        )
    )


def feed_entries(today: date) -> list[FeedEntry]:
    """Newly opened offers and newly published results, newest first."""
    public = _public(today).subquery()
    entries = [FeedEntry("opened", o, o.opened_at) for o in _newest(public, Offer.opened_at)]
    entries += [
        FeedEntry("results", o, o.results_published_at) for o in _newest(public, Offer.results_published_at)
    ]
    return sorted(entries, key=lambda e: (to_utc(e.at), e.kind), reverse=True)[:FEED_SIZE]
