"""Phrases suggesting that a child may be in danger or distress (Kinderschutz), in every UI language.

`concern_flags(text)` returns spans of kind "concern". A concern is never an automatic verdict either:
it routes the answer into the organisation's Kinderschutz queue instead of the moderation queue (see
`route` below), where the designated contact reads it. The phrase lists live in
participation/data/concern_<lang>.txt; their syntax is described in the header of concern_de.txt.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

from sqlalchemy import event

from participation.answers.models import Answer
from participation.answers.services import TEXT_CHECKS
from participation.enums import ReviewState

LANGUAGES = ("de", "en", "ar", "fa", "uk", "ru", "tr")
GAP = 3  # "~" in a phrase: up to this many other words in between

# A word may carry separators inside ("selbst-mord", "s.c.h.l.ä.g.t", Persian half-spaces, apostrophes).
_MARKS = "\u064b-\u065f\u0670"  # Arabic vowel signs
_SEP = r"[-_.·'’ʼ`*\u200c\u200d]"
TOKEN = re.compile(rf"[\w$@!€|{_MARKS}]+(?:{_SEP}+[\w$@!€|{_MARKS}]+)*")
_FOLD = str.maketrans(
    {
        "ä": "a", "ö": "o", "ü": "u", "ı": "i", "ş": "s", "ç": "c", "ğ": "g", "ё": "е",
        "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ي": "ی", "ك": "ک", "ؤ": "و", "ئ": "ی",
    }
)  # fmt: skip


def _detector():
    from participation.moderation import detector  # imported late: detector.py calls concern_flags

    return detector


def _fold(word: str) -> str:
    word = re.sub(rf"{_SEP}|[{_MARKS}]", "", word)
    word = _detector()._normalise(word)  # lower case, ß -> ss, undo leetspeak (sch1ägt, umbr1ngen)
    word = unicodedata.normalize("NFC", word).translate(_FOLD)
    return word.replace("ae", "a").replace("oe", "o").replace("ue", "u")


def _variants(word: str) -> frozenset[str]:
    collapse = _detector()._collapse
    found = set()
    for spelling in {word, word.replace("1", "l").replace("|", "l")}:  # sch1ägt: a 1 may stand for l too
        folded = _fold(spelling)
        found |= {folded, collapse(folded, 1), collapse(folded, 2)}
    return frozenset(found)


@dataclass(frozen=True)
class _Slot:
    words: frozenset[str]
    stems: tuple[str, ...]

    def matches(self, variants: frozenset[str]) -> bool:
        return bool(variants & self.words) or any(v.startswith(s) for v in variants for s in self.stems)


Phrase = tuple[_Slot | None, ...]  # None: a gap of up to GAP words


def _slot(entry: str) -> _Slot:
    words, stems = set(), []
    for choice in entry.split("|"):
        if choice.endswith("*"):
            stems.append(_fold(choice[:-1]))
        else:
            words.add(_fold(choice))
    return _Slot(frozenset(words), tuple(stems))


def parse(text: str) -> list[Phrase]:
    """Read one phrase file: one phrase a line, # starts a comment."""
    phrases = []
    for line in text.splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            phrases.append(tuple(None if part == "~" else _slot(part) for part in entry.split()))
    return phrases


@cache
def phrases() -> tuple[Phrase, ...]:
    found: list[Phrase] = []
    for language in LANGUAGES:
        name = f"concern_{language}.txt"
        found += parse(resources.files("participation.data").joinpath(name).read_text("utf-8"))
    return tuple(found)


@dataclass(frozen=True)
class _Word:
    start: int
    end: int
    variants: frozenset[str]


def _words(text: str) -> list[_Word]:
    """The text's words, folded; runs of single letters ("s e l b s t m o r d") count as one word."""
    found: list[_Word] = []
    run: list[re.Match] = []

    def flush() -> None:
        if len(run) >= 3:
            found.append(_Word(run[0].start(), run[-1].end(), _variants("".join(m.group() for m in run))))
        else:
            found.extend(_Word(m.start(), m.end(), _variants(m.group())) for m in run)
        run.clear()

    for match in TOKEN.finditer(text):
        single = len(match.group()) == 1 and match.group().isalpha()
        if single and run and text[run[-1].end() : match.start()].isspace():
            run.append(match)
            continue
        flush()
        if single:
            run.append(match)
        else:
            found.append(_Word(match.start(), match.end(), _variants(match.group())))
    flush()
    return found


def _match(phrase: Phrase, words: list[_Word], at: int) -> int | None:
    """The index of the last word of phrase matched from words[at], or None."""
    slot, rest = phrase[0], phrase[1:]
    if slot is None:
        for skip in range(GAP + 1):
            if at + skip < len(words) and (end := _match(rest, words, at + skip)) is not None:
                return end
        return None
    if at >= len(words) or not slot.matches(words[at].variants):
        return None
    return at if not rest else _match(rest, words, at + 1)


@dataclass(frozen=True)
class ConcernSpan:
    start: int
    end: int


@cache
def _by_first_word() -> tuple[dict[str, tuple[Phrase, ...]], dict[str, tuple[Phrase, ...]]]:
    """The phrases by the words and by the stems their first slot takes: a word looks up only the
    phrases that can start with it (the answer path checks every free text against all 170 phrases:
    40 ms for 2,000 characters when each phrase was tried at every word, 3 ms now)."""
    words: dict[str, list[Phrase]] = {}
    stems: dict[str, list[Phrase]] = {}
    for phrase in phrases():
        first = phrase[0]
        if first is None:
            raise ValueError("a concern phrase starts with a word, not with a gap (~)")
        for word in first.words:
            words.setdefault(word, []).append(phrase)
        for stem in first.stems:
            stems.setdefault(stem, []).append(phrase)
    return (
        {word: tuple(found) for word, found in words.items()},
        {stem: tuple(found) for stem, found in stems.items()},
    )


def _starting_with(word: _Word) -> set[Phrase]:
    by_word, by_stem = _by_first_word()
    found: set[Phrase] = set()
    for variant in word.variants:
        found.update(by_word.get(variant, ()))
        for length in range(1, len(variant) + 1):
            found.update(by_stem.get(variant[:length], ()))
    return found


def concern_spans(text: str) -> list[ConcernSpan]:
    words = _words(text or "")
    spans = []
    for at, word in enumerate(words):
        for phrase in _starting_with(word):
            end = _match(phrase, words, at)
            if end is not None:
                spans.append(ConcernSpan(word.start, words[end].end))
    merged: list[ConcernSpan] = []
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):  # overlapping phrases: one span
        if merged and span.start <= merged[-1].end:
            merged[-1] = ConcernSpan(merged[-1].start, max(merged[-1].end, span.end))
        else:
            merged.append(span)
    return merged


def concern_flags(text: str) -> list:
    """The detector's flags of kind "concern" (participation.moderation.detector.find_flags)."""
    flag = _detector().Flag
    return [flag("concern", span.start, span.end) for span in concern_spans(text)]


def is_concern(text: str | None) -> bool:
    return bool(text) and bool(concern_spans(text))


def first_state(text: str) -> ReviewState | None:
    """A new free text that is a concern starts in the Kinderschutz queue (answers.services.TEXT_CHECKS)."""
    return ReviewState.concern if is_concern(text) else None


TEXT_CHECKS.append(first_state)


@event.listens_for(Answer, "before_insert")
def route(_mapper, _connection, answer: Answer) -> None:
    """A safety net for answers added through the ORM elsewhere (demo data, future paths): a pending
    concern never waits in the moderation queue. The answer path's Core insert does not pass here."""
    if answer.review_state is ReviewState.pending and is_concern(answer.text):
        answer.review_state = ReviewState.concern
