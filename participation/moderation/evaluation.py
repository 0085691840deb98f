"""Precision and recall of the free-text detector on a labelled table (tests/data/detector_cases.tsv).

Counted per text and kind: a kind the detector finds in a text is a true positive when the table expects it
there and a false positive otherwise; an expected kind it does not find is a false negative. Used by
bench/detector.py (which writes docs/measurements.md) and by the test that asserts the targets.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from participation.moderation.detector import Flag, find_flags

PERSONAL_DATA = ("phone", "email", "address", "social", "url")
ASSERTED = (*PERSONAL_DATA, "insult")  # precision and recall >= 0.9 asserted (tests/test_detector.py)
CONCERN = ("concern",)  # recall and precision >= 0.9 per language (its own module: moderation.concern)
KINDS = (*ASSERTED, *CONCERN)
LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")


@dataclass(frozen=True)
class Case:
    text: str
    language: str
    kinds: frozenset[str]
    part: str = "dev"


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Scores:
    cells: dict[tuple[str, str], Counts] = field(default_factory=dict)  # (kind, language) -> counts
    mistakes: list[tuple[Case, frozenset[str]]] = field(default_factory=list)  # (case, kinds found)
    cases: Counter = field(default_factory=Counter)  # cases per language

    def total(self, kinds: Iterable[str] | None = None, languages: Iterable[str] | None = None) -> Counts:
        kinds, languages = set(kinds or ()), set(languages or ())
        result = Counts()
        for (kind, language), counts in self.cells.items():
            if (not kinds or kind in kinds) and (not languages or language in languages):
                result.add(counts)
        return result


def load_cases(path: Path) -> list[Case]:
    """Read the tab-separated table: text, language, comma-separated kinds and optionally the part (dev or
    held-out); # lines and the header are skipped."""
    cases = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("text\tlanguage\t"):
            continue
        text, language, kinds, *part = line.split("\t")
        kinds = frozenset(k for k in kinds.split(",") if k)
        cases.append(Case(text, language, kinds, (part or ["dev"])[0] or "dev"))
    return cases


def score(cases: Iterable[Case], detect: Callable[[str], list[Flag]] = find_flags) -> Scores:
    scores = Scores()
    for case in cases:
        scores.cases[case.language] += 1
        found = frozenset(flag.kind for flag in detect(case.text))
        for kind in found | case.kinds:
            counts = scores.cells.setdefault((kind, case.language), Counts())
            if kind in found and kind in case.kinds:
                counts.tp += 1
            elif kind in found:
                counts.fp += 1
            else:
                counts.fn += 1
        if found != case.kinds:
            scores.mistakes.append((case, found))
    return scores
