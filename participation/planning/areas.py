"""Reach by area: participants and offers per Ortsteil and Stadtbezirk, and the Schwerpunkträume against
the rest of the city. Participants count by the Ortsteil they stated, offers by the Ortsteile they were
tagged with; every participant count passes mask(), also against the totals it adds up to."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flask_babel import gettext as _
from sqlalchemy import case, delete, exists, func, select

from participation.answers.models import ParticipationCount
from participation.audit.services import record
from participation.extensions import db
from participation.offers.models import Offer, OfferOrtsteil
from participation.places import ortsteile, population
from participation.planning.filters import PlanningFilters
from participation.planning.models import FocusArea
from participation.planning.scope import NOT_STATED, active_in_period, counts_query
from participation.protection import hidden_sum_is_safe, mask

if TYPE_CHECKING:
    from participation.accounts.models import User


def _rate(count, base: int) -> float | None:
    return round(1000 * count / base, 1) if isinstance(count, int) and base else None


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


def by_stated_ortsteil(filters: PlanningFilters) -> dict[str, int]:
    return {
        code: int(n)
        for code, n in db.session.execute(counts_query(filters, ParticipationCount.ortsteil_code))
    }


def _offers_per_ortsteil(filters: PlanningFilters) -> dict[str, int]:
    active = active_in_period(filters).subquery()
    rows = db.session.execute(
        select(OfferOrtsteil.ortsteil_code, func.count(func.distinct(OfferOrtsteil.offer_id)))
        .where(OfferOrtsteil.offer_id.in_(select(active.c.id)))
        .group_by(OfferOrtsteil.ortsteil_code)
    )
    return dict(rows.all())


def _offers_per_stadtbezirk(filters: PlanningFilters) -> dict[str, int]:
    active = active_in_period(filters).subquery()
    bezirk = func.substr(OfferOrtsteil.ortsteil_code, 1, 1)
    rows = db.session.execute(
        select(bezirk, func.count(func.distinct(OfferOrtsteil.offer_id)))
        .where(OfferOrtsteil.offer_id.in_(select(active.c.id)))
        .group_by(bezirk)
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


def _focus_rows(filters, focus_codes, counts, masked, minimum) -> list[AreaRow]:
    people = population()
    inside = set(focus_codes)
    outside = set(ortsteile()) - inside
    active = active_in_period(filters).subquery()
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


def focus_area_codes() -> list[str]:
    """The Ortsteile an administrator put in the Schwerpunkträume, by code."""
    return sorted(db.session.scalars(select(FocusArea.ortsteil_code)))


def set_focus_areas(codes: set[str], *, actor: "User") -> list[str]:
    """Make exactly these Ortsteile the Schwerpunkträume (unknown codes are left out); return them."""
    chosen = sorted(code for code in codes if code in ortsteile())
    db.session.execute(delete(FocusArea))
    db.session.add_all(FocusArea(ortsteil_code=code) for code in chosen)
    record("focus_areas.set", actor=actor, detail=",".join(chosen))
    db.session.flush()
    return chosen


@dataclass
class Reach:
    ortsteile: list[AreaRow]
    stadtbezirke: list[AreaRow]
    not_stated: int | str | None  # participants who stated no Ortsteil
    focus: list[AreaRow]  # "in the Schwerpunkträume", "rest of the city"
    focus_codes: list[str]


def reach(filters: PlanningFilters, minimum: int) -> Reach:
    """Participants and offers per Ortsteil and Stadtbezirk, and the Schwerpunkträume against the rest."""
    counts = by_stated_ortsteil(filters)
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
    focus = _focus_rows(filters, focus_codes, counts, by_ortsteil, minimum)
    return Reach(ortsteil_rows, list(bezirke.values()), not_stated, focus, focus_codes)
