"""Precision and recall of the free-text detector per kind and language, on tests/data/detector_cases.tsv.

.venv/bin/python bench/detector.py            # print the Markdown section
.venv/bin/python bench/detector.py --write    # and put it into docs/measurements.md
"""

import argparse
import datetime
import re
from pathlib import Path

from participation.moderation.evaluation import (
    ASSERTED,
    CONCERN,
    KINDS,
    LANGUAGES,
    PERSONAL_DATA,
    load_cases,
    score,
)

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "detector_cases.tsv"
DOCS = ROOT / "docs" / "measurements.md"
HEADING = "## Detector in every language (issue 14)"
# What each held-out part gave on its first run, before the detector was changed for it (precision /
# recall); recorded by hand, since the lists have changed since.
FIRST_RUNS = {
    "held-out": "personal data 1.00 / 1.00, insult 0.91 / 0.91",
    "held-out-2": "concern 0.97 / 0.70",
    "held-out-3": "concern 0.74 / 0.61",
    "held-out-4": "concern: 6 false positives, nothing else in it",
}


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _cell(counts) -> str:
    if not counts.tp + counts.fp + counts.fn:
        return ""
    return f"{_figure(counts.precision)} / {_figure(counts.recall)}"


def section() -> str:
    cases = load_cases(TABLE)
    scores = score(cases)
    lines = [
        HEADING,
        "",
        f"Measured {datetime.date.today().isoformat()} with `bench/detector.py` on "
        "`tests/data/detector_cases.tsv` "
        f"({len(cases)} labelled texts: "
        + ", ".join(f"{language} {scores.cases[language]}" for language in LANGUAGES)
        + "). Counted per text and kind. Each cell: precision / recall (– where the detector flagged nothing "
        "of that kind, empty where the table has no case of it).",
        "",
        "| kind | " + " | ".join(LANGUAGES) + " | all | TP | FP | FN |",
        "| --- | " + " | ".join("---:" for _ in LANGUAGES) + " | ---: | ---: | ---: | ---: |",
    ]
    rows = [(kind, (kind,)) for kind in KINDS]
    rows += [("personal data", PERSONAL_DATA), ("personal data + insult", ASSERTED)]
    for name, group in rows:
        total = scores.total(group)
        cells = [_cell(scores.total(group, [language])) for language in LANGUAGES]
        lines.append(
            f"| {name} | "
            + " | ".join(cells)
            + f" | **{_cell(total)}** | {total.tp} | {total.fp} | {total.fn} |"
        )
    parts = sorted({case.part for case in cases} - {"dev"})
    lines += [
        "",
        "Per part of the table (the first run of each part came before any change it led to; more in "
        "“Kinderschutz phrases” below):",
        "",
    ]
    for part in parts:
        scored = score(case for case in cases if case.part == part)
        first = f" (first run: {FIRST_RUNS[part]})" if part in FIRST_RUNS else ""
        now = "; ".join(
            f"{name} {_cell(scored.total(group))}"
            for name, group in (
                ("personal data", PERSONAL_DATA),
                ("insult", ("insult",)),
                ("concern", CONCERN),
            )
            if _cell(scored.total(group))
        )
        lines.append(f"- {part} ({sum(scored.cases.values())} texts){first}, now: {now or 'nothing flagged'}")
    mistakes = scores.mistakes
    lines += [
        "",
        "Targets (asserted by `tests/test_detector.py`): precision and recall ≥ 0.9 for each personal-data "
        "kind and insults, and for personal data + insults in each language; recall and precision ≥ 0.9 for "
        "`concern` (`participation/moderation/concern.py`) in each language.",
        "",
        f"Mistakes ({len(mistakes)}):",
        "",
    ]
    for case, found in mistakes:
        expected = ", ".join(sorted(case.kinds)) or "nothing"
        got = ", ".join(sorted(found)) or "nothing"
        lines.append(f"- {case.language} ({case.part}): “{case.text}” — expected {expected}, found {got}")
    return "\n".join(lines) + "\n"


def write(text: str) -> None:
    docs = DOCS.read_text("utf-8")
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
    if pattern.search(docs):
        docs = pattern.sub(lambda _: text + "\n", docs)
    else:
        docs = docs.rstrip("\n") + "\n\n" + text
    DOCS.write_text(docs, "utf-8")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--write", action="store_true", help="put the section into docs/measurements.md")
    arguments = parser.parse_args()
    result = section()
    print(result)
    if arguments.write:
        write(result)
