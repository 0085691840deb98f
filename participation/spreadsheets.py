"""Exports for spreadsheets: text that Excel or LibreOffice would run as a formula ("=HYPERLINK(...)",
"+...", "-...", "@...") is written so that it stays text. A question or an organisation name is typed
by staff, so it must never become a formula on a planner's computer."""

import csv
import io
from numbers import Number

from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """A CSV value: numbers stay numbers, formula-like text gets a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: list, rows) -> str:
    """A whole CSV document, every cell made safe."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    for row in [header, *rows]:
        writer.writerow([csv_cell(value) for value in row])
    return out.getvalue()


BOM = "\ufeff"


def spreadsheet_cell(value):
    """A CSV value for a German spreadsheet: decimal comma (1,5), formula-like text made safe."""
    if isinstance(value, float):
        return repr(value).replace(".", ",") if value == value and abs(value) != float("inf") else ""
    if isinstance(value, Number) and not isinstance(value, bool):
        return value
    return csv_cell(value)


def spreadsheet_csv(header: list, rows) -> bytes:
    """A whole CSV document as Excel and LibreOffice in German open it with a double click: UTF-8 with a
    byte order mark, ";" between cells, a decimal comma, every cell made safe. csv_text() stays the
    machine format (",", decimal point, no BOM) for scripts."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in [header, *rows]:
        writer.writerow([spreadsheet_cell(value) for value in row])
    return (BOM + out.getvalue()).encode("utf-8")


def append_row(sheet: Worksheet, row: list) -> None:
    """Append a row to a worksheet; text that openpyxl would store as a formula is stored as text."""
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if cell.data_type == "f":
            cell.data_type = "s"
