"""The map's colours: five classes of the chosen measure; hidden values get a pattern, never a colour."""

from dataclasses import dataclass

from flask_babel import gettext as _

from participation.planning.areas import AreaRow
from participation.planning.geo import map_shapes
from participation.planning.services import Dashboard

CLASSES = 5


@dataclass
class Shape:
    code: str
    name: str
    path: str
    value: int | float | str | None
    css: str  # c0 (none), c1..c5, or hidden


@dataclass
class LegendEntry:
    css: str
    label: str


def measure_value(row: AreaRow, measure: str):
    if measure == "offers":
        return row.offers
    if measure == "per_1000":
        return row.per_1000 if isinstance(row.participants, int) else row.participants
    if measure == "per_1000_under15":
        return row.per_1000_under15 if isinstance(row.participants, int) else row.participants
    return row.participants


def _breaks(values: list[float]) -> list[float]:
    """Upper bounds of CLASSES classes with about equally many Ortsteile each (quantiles)."""
    ordered = sorted(values)
    return [ordered[min(len(ordered) - 1, (len(ordered) * k) // CLASSES)] for k in range(1, CLASSES)] + [
        ordered[-1]
    ]


def choropleth(board: Dashboard, measure: str, display) -> tuple[dict, list[Shape], list[LegendEntry]]:
    """Return the SVG size, one shape per Ortsteil with its class, and the legend."""
    shapes_data = map_shapes()
    values = {row.code: measure_value(row, measure) for row in board.ortsteile}
    positive = [v for v in values.values() if isinstance(v, int | float) and v > 0]
    breaks = _breaks(positive) if positive else []
    shapes = []
    for row in board.ortsteile:
        value = values[row.code]
        if isinstance(value, str) or value is None:
            css = "hidden"
        elif not value:
            css = "c0"
        else:
            css = f"c{next(i for i, upper in enumerate(breaks, start=1) if value <= upper)}"
        shapes.append(Shape(row.code, row.name, shapes_data["paths"][row.code], value, css))
    legend = [LegendEntry("c0", _("none (0)"))]
    # Classes that do not overlap: integers go 1–5, 6–10; rates (one decimal) 0.1–2.3, 2.4–5.0. A class
    # that quantile ties leave empty is not listed.
    step = 1 if all(isinstance(v, int) for v in positive) else 0.1
    lower = step
    previous = 0
    for index, upper in enumerate(breaks, start=1):
        if upper > previous:
            low = round(lower, 1) if step != 1 else lower
            label = display(upper) if low == upper else f"{display(low)} – {display(upper)}"
            legend.append(LegendEntry(f"c{index}", label))
            lower, previous = upper + step, upper
    hidden = _(
        "not shown: a small group (“%(small)s” or “%(hidden)s” in the tables)",
        small=display("small"),
        hidden=display("hidden"),
    )
    legend.append(LegendEntry("hidden", hidden))
    return {"width": shapes_data["width"], "height": shapes_data["height"]}, shapes, legend
