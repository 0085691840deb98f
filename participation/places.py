"""Leipzig's 63 Ortsteile and 10 Stadtbezirke, read once from the packaged CSV."""

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Ortsteil:
    code: str
    name: str
    stadtbezirk_code: str
    stadtbezirk_name: str


@cache
def ortsteile() -> dict[str, Ortsteil]:
    """Return every Ortsteil by its two-digit code, in official order."""
    raw = resources.files("participation.data").joinpath("leipzig_ortsteile.csv").read_text("utf-8")
    rows = csv.DictReader(io.StringIO(raw))
    return {row["code"]: Ortsteil(**row) for row in rows}


@cache
def grouped_by_stadtbezirk() -> list[tuple[str, list[Ortsteil]]]:
    """Return (Stadtbezirk name, its Ortsteile) pairs for grouped pickers."""
    groups: dict[str, list[Ortsteil]] = {}
    for ortsteil in ortsteile().values():
        groups.setdefault(ortsteil.stadtbezirk_name, []).append(ortsteil)
    return list(groups.items())


def ortsteil_name(code: str) -> str:
    """Return the Ortsteil's name, or the code itself if unknown."""
    found = ortsteile().get(code)
    return found.name if found else code


@dataclass(frozen=True)
class Population:
    residents: int  # Einwohner insgesamt, 31.12.2023
    under15_estimate: int  # own estimate from Jugendquote and Altenquote: label it "Schätzung"


@cache
def population() -> dict[str, Population]:
    """Residents per Ortsteil (Stadt Leipzig, Amt für Statistik und Wahlen, 2023)."""
    raw = (
        resources.files("participation.data")
        .joinpath("leipzig_ortsteile_bevoelkerung.csv")
        .read_text("utf-8")
    )
    return {
        row["code"]: Population(int(row["einwohner_insgesamt"]), int(row["unter15_schaetzung"]))
        for row in csv.DictReader(io.StringIO(raw))
    }
