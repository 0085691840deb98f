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
    LANGUAGES,
    PENDING,
    PERSONAL_DATA,
    load_cases,
    score,
)

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "detector_cases.tsv"
DOCS = ROOT / "docs" / "measurements.md"
HEADING = "## Detector in every language (issue 14)"


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _cell(counts) -> str:
    if not counts.tp + counts.fp + counts.fn:
        return ""
    return f"{_figure(counts.precision)} / {_figure(counts.recall)}"


def section() -> str:
    cases = load_cases(TABLE)
    scores = score(cases)
    kinds = (*ASSERTED, *PENDING)
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
    rows = [(kind, (kind,)) for kind in kinds]
    rows += [("personal data", PERSONAL_DATA), ("personal data + insult", ASSERTED)]
    for name, group in rows:
        total = scores.total(group)
        cells = [_cell(scores.total(group, [language])) for language in LANGUAGES]
        label = f"{name} (pending)" if name in PENDING else name
        lines.append(
            f"| {label} | "
            + " | ".join(cells)
            + f" | **{_cell(total)}** | {total.tp} | {total.fp} | {total.fn} |"
        )
    held_out = score(case for case in cases if case.part == "held-out")
    lines += [
        "",
        f"Held-out part only ({sum(held_out.cases.values())} texts written after the detector was extended): "
        + "; ".join(
            f"{name} {_cell(held_out.total(group))}" for name, group in rows[-2:] + [("insult", ("insult",))]
        )
        + " (precision / recall).",
    ]
    mistakes = [(case, found) for case, found in scores.mistakes if not (case.kinds | found) <= set(PENDING)]
    lines += [
        "",
        "Targets (asserted by `tests/test_detector.py`): precision and recall ≥ 0.9 for each personal-data "
        "kind and insults, and for personal data + insults in each language. `concern` is detected by "
        "`participation/moderation/concern.py`; until that module lands its recall is 0 and not asserted.",
        "",
        f"Mistakes on personal data and insults ({len(mistakes)}):",
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
