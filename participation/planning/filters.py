"""The planners' dashboard filters, as they appear in the URL: a period of months plus the offer filters."""

from dataclasses import dataclass
from datetime import date
from typing import Self

from sqlalchemy import Select

from participation.accounts.models import Organisation
from participation.enums import OrganisationKind, ParticipationLevel
from participation.offers.filters import OfferFilters
from participation.offers.models import Offer

MEASURES = ("participants", "per_1000", "per_1000_under15", "offers")
MAX_MONTHS = 60


def _month(raw: str) -> date | None:
    """Parse "YYYY-MM" (years 2000 to 2099 only); anything else is None."""
    parts = raw.split("-")
    if len(parts) != 2 or not all(p.isascii() and p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    year, month = int(parts[0]), int(parts[1])
    return date(year, month, 1) if 2000 <= year <= 2099 and 1 <= month <= 12 else None


def add_months(day: date, months: int) -> date:
    """Return the first day of the month `months` after (or before) day's month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass
class PlanningFilters(OfferFilters):
    """Period by month (inclusive) plus filters on offers. Unknown values are dropped, never an error."""

    von: str = ""
    bis: str = ""
    level: str = ""
    org_kind: str = ""
    channel: str = ""  # issue 13: only participants who came this way (qr, kiosk, code, analog)
    measure: str = "participants"

    @classmethod
    def from_args(cls, args, today: date) -> Self:
        """Read the filters; the period defaults to the last twelve months and spans five years at most."""
        wanted = super().from_args(args)
        if wanted.measure not in MEASURES:
            wanted.measure = "participants"
        end = _month(wanted.bis) or date(today.year, today.month, 1)
        start = _month(wanted.von) or add_months(end, -11)
        if start > end:
            start, end = end, start
        start = max(start, add_months(end, -(MAX_MONTHS - 1)))  # at most five years at once
        wanted.von, wanted.bis = start.strftime("%Y-%m"), end.strftime("%Y-%m")
        return wanted

    @property
    def start(self) -> date:
        """First day of the period."""
        return _month(self.von)

    @property
    def end(self) -> date:
        """First day after the period."""
        return add_months(_month(self.bis), 1)

    def narrow(self, query: Select) -> Select:
        """Keep the offers with the chosen tags, level and organisation type (query joins Organisation)."""
        query = super().narrow(query)
        if self.level:
            query = query.where(Offer.level == ParticipationLevel(self.level))
        if self.org_kind:
            query = query.where(Organisation.kind == OrganisationKind(self.org_kind))
        return query
