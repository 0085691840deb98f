"""The public network page (issue 14): the organisations that run participation offers, where they are,
how to reach them (their own public address, never a young person's) and their open offers."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from participation.accounts.models import Organisation
from participation.directory.services import open_now
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.offers.models import Offer
from participation.places import ortsteile


@dataclass
class Member:
    organisation: Organisation
    stadtbezirk_name: str | None
    open_offers: list[Offer] = field(default_factory=list)


def stadtbezirk_names() -> dict[str, str]:
    return {o.stadtbezirk_code: o.stadtbezirk_name for o in ortsteile().values()}


def members(today: date) -> list[tuple[OrganisationKind, list[Member]]]:
    """Active organisations grouped by kind (in the enum's order), by name; each with its offers that are
    open now or opening soon (published, not ended). Two queries."""
    organisations = db.session.scalars(
        select(Organisation).where(Organisation.is_active).order_by(Organisation.name)
    ).all()
    offers = db.session.scalars(
        select(Offer)
        .where(
            Offer.organisation_id.in_([o.id for o in organisations]),
            open_now(today),
        )
        .order_by(Offer.ends_on, Offer.id)
    ).all()
    names = stadtbezirk_names()
    by_id = {o.id: Member(o, names.get(o.stadtbezirk or "")) for o in organisations}
    for offer in offers:
        by_id[offer.organisation_id].open_offers.append(offer)
    groups = []
    for kind in OrganisationKind:
        found = [m for m in by_id.values() if m.organisation.kind is kind]
        if found:
            groups.append((kind, found))
    return groups
