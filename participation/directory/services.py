"""The public directory (Informationstransparenz): open offers and offers with published results."""

from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from participation.admin.models import Organisation
from participation.extensions import db
from participation.offers.models import (
    Offer,
    OfferStatus,
)
from participation.offers.services import public_offer_query, where_tagged
from participation.offers.vocabulary import drop_unknown
from participation.timeutil import to_utc

PER_PAGE = 20
FEED_SIZE = 50


@dataclass
class Filters:
    """Directory filters as they appear in the URL; unknown values are dropped, never an error."""

    stadtbezirk: str = ""
    ortsteil: str = ""
    age_group: str = ""
    format: str = ""
    goal: str = ""
    status: str = ""  # "open", "results" or "" for both

    @classmethod
    def from_args(cls, args) -> "Filters":
        wanted = cls(**{f.name: args.get(f.name, "").strip() for f in fields(cls)})
        drop_unknown(wanted)
        return wanted

    def as_args(self) -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}


def _public(today: date) -> Select:
    """Offers anyone may see: published, of an active organisation, open (or about to open) or with results."""
    is_open = and_(Offer.status == OfferStatus.open, Offer.ends_on >= today)
    return (select(Offer).join(Organisation, Organisation.id == Offer.organisation_id)
            .where(Offer.status != OfferStatus.draft, Organisation.is_active,
                   or_(is_open, Offer.results_published_at.is_not(None))))


def _filtered(filters: Filters, today: date) -> Select:
    query = _public(today)
    if filters.status == "open":  # open now: started and not ended
        query = query.where(Offer.status == OfferStatus.open, Offer.starts_on <= today, Offer.ends_on >= today)
    elif filters.status == "results":
        query = query.where(Offer.results_published_at.is_not(None))
    return where_tagged(query, ortsteil=filters.ortsteil, stadtbezirk=filters.stadtbezirk,
                        age_group=filters.age_group, goal=filters.goal, format=filters.format)


def directory_page(filters: Filters, *, page: int, today: date) -> tuple[list[Offer], int, int, int]:
    """Return one page of matching offers (newest first), how many match, the page shown and the page count."""
    query = _filtered(filters, today)
    total = db.session.scalar(select(func.count()).select_from(query.subquery()))
    pages = max(1, -(-total // PER_PAGE))
    page = min(page, pages)  # past the end: show the last page rather than an empty one
    newest = func.coalesce(Offer.results_published_at, Offer.opened_at)
    offers = db.session.scalars(
        query.options(selectinload(Offer.organisation), selectinload(Offer.ortsteil_rows),
                      selectinload(Offer.age_group_rows))
        .order_by(newest.desc(), Offer.id.desc()).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    ).all()
    return list(offers), total, page, pages


def public_offer_by_code(code: str) -> Offer | None:
    """Any published offer of an active organisation, whatever its phase (its page says which)."""
    return db.session.scalar(public_offer_query(code))


@dataclass
class FeedEntry:
    kind: str  # "opened" or "results"
    offer: Offer
    at: datetime


def feed_entries(today: date) -> list[FeedEntry]:
    """Newly opened offers and newly published results, newest first."""
    public = _public(today).subquery()
    opened = db.session.scalars(select(Offer).join(public, public.c.id == Offer.id)
                                .where(Offer.opened_at.is_not(None))
                                .order_by(Offer.opened_at.desc()).limit(FEED_SIZE)).all()
    results = db.session.scalars(select(Offer).join(public, public.c.id == Offer.id)
                                 .where(Offer.results_published_at.is_not(None))
                                 .order_by(Offer.results_published_at.desc()).limit(FEED_SIZE)).all()
    entries = [FeedEntry("opened", o, o.opened_at) for o in opened]
    entries += [FeedEntry("results", o, o.results_published_at) for o in results]
    return sorted(entries, key=lambda e: (to_utc(e.at), e.kind), reverse=True)[:FEED_SIZE]
