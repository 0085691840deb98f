"""One filter kit for lists of offers (the public directory, the planners' dashboard): values come from
the URL and unknown ones are dropped, never an error; as_args() gives them back for links, and
narrow() applies them to a query on offers."""

from dataclasses import dataclass, fields
from typing import Self

from sqlalchemy import Select, exists

from participation.enums import AgeGroup, Channel, Goal, OfferFormat, OrganisationKind, ParticipationLevel
from participation.offers.models import Offer, OfferAgeGroup, OfferGoal, OfferOrtsteil
from participation.places import ortsteile


def allowed_values(name: str) -> set[str] | None:
    """The values a URL filter on offers may take; None for fields that are not such a filter."""
    if name == "stadtbezirk":
        return {o.stadtbezirk_code for o in ortsteile().values()}
    if name == "ortsteil":
        return set(ortsteile())
    members = {
        "age_group": AgeGroup,
        "format": OfferFormat,
        "level": ParticipationLevel,
        "goal": Goal,
        "org_kind": OrganisationKind,
        "channel": Channel,  # the planners' filter on how participants answered (issue 13)
    }.get(name)
    if members is not None:
        return {member.value for member in members}
    return {"open", "results"} if name == "status" else None


@dataclass
class OfferFilters:
    """Filters on an offer's tags as they appear in the URL ("" means any)."""

    stadtbezirk: str = ""
    ortsteil: str = ""
    age_group: str = ""
    format: str = ""
    goal: str = ""

    @classmethod
    def from_args(cls, args) -> Self:
        """Read the filters from a query string; unknown values are dropped."""
        wanted = cls(**{f.name: args.get(f.name, "").strip() for f in fields(cls)})
        for f in fields(wanted):
            allowed = allowed_values(f.name)
            if allowed is not None and getattr(wanted, f.name) not in allowed:
                setattr(wanted, f.name, "")
        return wanted

    def as_args(self, **changes) -> dict[str, str]:
        """The filters that are set, for url_for(); changes override single values."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return {k: v for k, v in values.items() if v}

    def narrow(self, query: Select) -> Select:
        """Keep the offers of query that carry the chosen tags."""
        if self.ortsteil:
            query = query.where(
                exists().where(
                    OfferOrtsteil.offer_id == Offer.id, OfferOrtsteil.ortsteil_code == self.ortsteil
                )
            )
        if self.stadtbezirk:  # the first digit of an Ortsteil code is its Stadtbezirk
            query = query.where(
                exists().where(
                    OfferOrtsteil.offer_id == Offer.id,
                    OfferOrtsteil.ortsteil_code.startswith(self.stadtbezirk),
                )
            )
        if self.age_group:
            query = query.where(
                exists().where(
                    OfferAgeGroup.offer_id == Offer.id, OfferAgeGroup.age_group == AgeGroup(self.age_group)
                )
            )
        if self.goal:
            query = query.where(
                exists().where(OfferGoal.offer_id == Offer.id, OfferGoal.goal == Goal(self.goal))
            )
        if self.format:
            query = query.where(Offer.format == OfferFormat(self.format))
        return query
