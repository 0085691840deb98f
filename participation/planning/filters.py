"""The planners' dashboard filters, as they appear in the URL."""

from dataclasses import dataclass, fields
from datetime import date

from participation.offers.vocabulary import drop_unknown

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
class PlanningFilters:
    """Period by month (inclusive) plus filters on offers. Unknown values are dropped, never an error."""

    von: str = ""
    bis: str = ""
    stadtbezirk: str = ""
    ortsteil: str = ""
    age_group: str = ""
    format: str = ""
    level: str = ""
    goal: str = ""
    org_kind: str = ""
    measure: str = "participants"

    @classmethod
    def from_args(cls, args, today: date) -> "PlanningFilters":
        wanted = cls(**{f.name: args.get(f.name, "").strip() for f in fields(cls)})
        drop_unknown(wanted)
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

    def as_args(self, **changes) -> dict[str, str]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values.update(changes)
        return {k: v for k, v in values.items() if v}

    def offer_filters(self) -> dict[str, str]:
        """The filters that narrow down offers (all except period and measure)."""
        return {k: v for k, v in self.as_args().items() if k not in ("von", "bis", "measure")}
