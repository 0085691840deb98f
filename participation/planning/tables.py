"""The dashboard's tables, defined once: the page, the report, CSV and XLSX exports all use them."""

import io
from dataclasses import dataclass

from flask_babel import format_decimal
from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from participation.labels import filter_choices
from participation.places import ortsteil_name
from participation.planning.services import Dashboard
from participation.spreadsheets import append_row, spreadsheet_csv

ATTRIBUTION = (
    "Ortsteile, Stadtbezirke, Einwohner: Stadt Leipzig, Amt für Statistik und Wahlen, "
    "Open-Data-Portal Leipzig, Datenlizenz Deutschland – Namensnennung – Version 2.0 "
    "(www.govdata.de/dl-de/by-2-0); Daten verändert. Unter-15-Jährige: eigene Schätzung "
    "aus Jugend- und Altenquote 2023."
)


TABLE_NAMES = (
    "kennzahlen",
    "ortsteile",
    "stadtbezirke",
    "schwerpunktraeume",
    "formate",
    "stufen",
    "zielgruppen",
    "ziele",
    "alter",
    "kanaele",
    "verlauf",
    "qualitaet",
    "ohne-angebot",
)

# The tables the page draws as bar charts (with the same numbers written next to the bars) instead of
# repeating them as a second table.
CHART_TABLES = ("formate", "stufen", "zielgruppen", "ziele", "alter", "kanaele")


@dataclass
class Table:
    name: str  # URL slug of the export
    title: str
    columns: list[str]
    rows: list[list]  # int, float, str or None; masked participant counts are "small" or "hidden"
    note: str = ""


def display(value, minimum: int) -> str:
    """How a cell reads on the page and in CSV: "< 5" for small groups, "verdeckt" for hidden ones."""
    if value == "small":
        return f"< {minimum}"
    if value == "hidden":
        return _("hidden")
    if value is None:
        return "–"
    if isinstance(value, float):
        return format_decimal(value, format="#,##0.0")
    return str(value)


def _percent(value: float | None) -> float | None:
    return round(100 * value, 1) if value is not None else None


def _two_columns(name: str, title: str, label: str, value: str, rows: list[tuple]) -> Table:
    """A table of (label, value) pairs: offers by format, level, ..., participants by age group."""
    return Table(name, title, [label, value], [list(row) for row in rows])


def build_tables(board: Dashboard) -> list[Table]:
    """All tables of one dashboard, in the order the page shows them."""
    i, loop, q = board.indicators, board.loop, board.quality
    estimate = _("per 1,000 under 15 (Schätzung)")
    area_columns = [_("Name"), _("Offers"), _("Participants"), _("per 1,000 residents"), estimate]

    def area_rows(rows):
        return [[r.name, r.offers, r.participants, r.per_1000, r.per_1000_under15] for r in rows]

    return [
        Table(
            "kennzahlen",
            _("Indicators"),
            [_("Indicator"), _("Value")],
            [
                [_("Offers opened in the period"), i.offers_opened],
                [_("Offers open now"), i.open_now],
                [_("Offers whose answering ended in the period"), i.closed],
                [_("Offers with results published in the period"), i.results_published],
                [_("Participants in the period"), i.participants],
                [_("Offers whose Rückmeldung is not due yet"), loop.pending],
                [_("Loop closed: results and Rückmeldung published (%)"), _percent(loop.rate)],
                [_("… by the promised date (%)"), _percent(loop.on_time_rate)],
                [_("Median days from end of answering to publication"), loop.median_days],
                [_("Quality checklist: average completion (%)"), _percent(q.average_rate) if q else None],
                [_("Offers with every checklist point met"), q.complete if q else None],
            ],
        ),
        Table(
            "ortsteile",
            _("Reach by Ortsteil"),
            area_columns,
            area_rows(board.ortsteile) + [[_("not stated"), None, board.not_stated, None, None]],
            _("Participants by the Ortsteil they stated; offers by the Ortsteile they were tagged with."),
        ),
        Table("stadtbezirke", _("Reach by Stadtbezirk"), area_columns, area_rows(board.stadtbezirke)),
        Table(
            "schwerpunktraeume",
            _("Schwerpunkträume compared with the rest of the city"),
            area_columns,
            area_rows(board.focus),
            _(
                "Schwerpunkträume: %(list)s",
                list=", ".join(ortsteil_name(code) for code in board.focus_codes) or _("none configured yet"),
            ),
        ),
        _two_columns("formate", _("Offers by format"), _("Format"), _("Offers"), board.formats),
        _two_columns("stufen", _("Offers by participation level"), _("Level"), _("Offers"), board.levels),
        _two_columns(
            "zielgruppen",
            _("Offers by target age group"),
            _("Age group"),
            _("Offers"),
            board.target_age_groups,
        ),
        _two_columns("ziele", _("Offers by strategic goal"), _("Goal"), _("Offers"), board.goals),
        _two_columns(
            "alter",
            _("Participants by stated age group"),
            _("Age group"),
            _("Participants"),
            board.participants_by_age,
        ),
        _two_columns(
            "kanaele",
            _("Participants by channel"),
            _("Channel"),
            _("Participants"),
            board.participants_by_channel,
        ),
        Table(
            "verlauf",
            _("Trend per month"),
            [_("Month"), _("Offers opened"), _("Participants")],
            [[m.strftime("%Y-%m"), opened, people] for m, opened, people in board.trend],
        ),
        Table(
            "qualitaet",
            _("Quality checklist of the offers in the period"),
            [_("Point"), _("Offers meeting it"), _("Offers where it counts"), _("Share (%)")],
            [
                [str(point.label), met, counted, _percent(met / counted) if counted else None]
                for point, met, counted in (q.per_point if q else [])
            ],
            _(
                "After the general quality standards for child and youth participation. “Results fed back "
                "on time” counts only once the promised date has come."
            ),
        ),
        Table(
            "ohne-angebot",
            _("Ortsteile without a participation offer"),
            [_("Ortsteil"), _("Stadtbezirk")],
            [[o.name, o.stadtbezirk_name] for o in board.without_offers],
            _(
                "No published offer of an active organisation tagged with the Ortsteil is open now or ended "
                "in the last 12 months (whatever the filters)."
            ),
        ),
    ]


def filter_rows(board: Dashboard) -> list[tuple[str, str]]:
    """The filter settings, in words, for exports and the printed report."""
    f = board.filters
    labels = {
        "von": _("from"),
        "bis": _("to"),
        "stadtbezirk": _("Stadtbezirk"),
        "ortsteil": _("Ortsteil"),
        "age_group": _("target age group"),
        "format": _("format"),
        "level": _("participation level"),
        "goal": _("goal"),
        "org_kind": _("organisation type"),
        "channel": _("channel"),
    }
    names = {
        key: dict(pairs) for key, pairs in filter_choices(*labels.keys() - {"von", "bis", "ortsteil"}).items()
    }

    def named(key: str) -> str:
        value = getattr(f, key)
        if not value:
            return _("all")
        if key == "ortsteil":
            return ortsteil_name(value)
        return str(names.get(key, {}).get(value, value))

    return [(str(label), named(key)) for key, label in labels.items()]


def _cells(row: list, minimum: int) -> list:
    return [value if isinstance(value, int | float) else display(value, minimum) for value in row]


def as_csv(table: Table, minimum: int) -> bytes:
    """The table as CSV for German spreadsheets (";", decimal comma, UTF-8 with BOM), masked cells in
    words, formula-like text kept as text."""
    return spreadsheet_csv(table.columns, [_cells(row, minimum) for row in table.rows])


def is_all_zero(row: list) -> bool:
    """A row whose every number is 0 or missing (a masked cell is not zero: it hides something)."""
    return all(value in (0, None) for value in row[1:])


def without_zero_rows(table: Table) -> tuple[Table, int]:
    """The table without its all-zero rows (for the printed report), and how many were left out."""
    kept = [row for row in table.rows if not is_all_zero(row)]
    return Table(table.name, table.title, table.columns, kept, table.note), len(table.rows) - len(kept)


def as_xlsx(table: Table, board: Dashboard, minimum: int) -> bytes:
    """A workbook with the table (typed numbers, bold header) and a sheet with filters and sources."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Data")[:31]
    append_row(sheet, table.columns)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        append_row(sheet, _cells(row, minimum))
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(
            12, min(60, max(len(str(c.value or "")) for c in column) + 2)
        )
    meta = book.create_sheet(_("Filters and sources")[:31])
    append_row(meta, [_("Table"), table.title])
    for label, value in filter_rows(board):
        append_row(meta, [label, value])
    append_row(
        meta,
        [
            _("Small groups"),
            _(
                "Counts under %(minimum)d are shown as “< %(minimum)d”; some larger ones are "
                "hidden so that small ones cannot be worked out.",
                minimum=minimum,
            ),
        ],
    )
    append_row(meta, [_("Sources"), ATTRIBUTION])
    for cell in meta["A"]:
        cell.font = Font(bold=True)
    meta.column_dimensions["A"].width = 24
    meta.column_dimensions["B"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
