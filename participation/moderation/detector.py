"""Flags personal data and insults in free text, for the moderator's eye (never as an automatic verdict).

`find_flags(text)` returns non-overlapping spans with a kind: phone, email, address, social, url, insult.
Its precision and recall on the test table are reported in docs/measurements.md.
"""

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from participation.moderation.concern import concern_flags

# Earlier kinds win where spans overlap.
KINDS = ("concern", "email", "social", "url", "phone", "address", "insult")


@dataclass(frozen=True)
class Flag:
    kind: str
    start: int
    end: int


_TRAILING = ".,;:!?)"

EMAIL = re.compile(
    r"[\w.+-]+\s?(?:@|\(at\)|\[at\]|\{at\})\s?[\w-]+(?:\.[\w-]+)*\s?(?:\.|\(dot\)|\[dot\]|\(punkt\))\s?[a-z]{2,10}\b",
    re.IGNORECASE,
)
SOCIAL_DOMAINS = (
    r"(?:instagram\.com|tiktok\.com|snapchat\.com|facebook\.com|fb\.com|t\.me|wa\.me|discord\.gg|"
    r"discord\.com|youtube\.com|youtu\.be|twitch\.tv|x\.com|twitter\.com|threads\.net)"
)
SOCIAL = re.compile(
    rf"(?:https?://)?(?:www\.)?{SOCIAL_DOMAINS}(?:/[^\s<>]*)?"
    r"|(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_])"
    r"|\b(?:insta(?:gram)?|ig|snap(?:chat)?|tik ?tok|discord|telegram|whatsapp|twitter|twitch|youtube|yt)"
    r"(?:\s*(?::|=|-)\s*|\s+(?:ist|is|heißt|heisst|name)\s+)@?[a-z0-9_.]{3,30}",
    re.IGNORECASE,
)
URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:de|com|net|org|io|tv|me|app|gg|info|eu|co|ly|be|at|ch)(?:/[^\s<>]*)?\b",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?:\+|(?<!\d)00)\d{1,3}(?:[\s./-]*\(0\))?(?:[\s./-]*\(?\d\)?){6,13}"  # +49 176 …, 0049 …
    r"|(?<![\d.,])\(?0(?:[\s./-]?\d){2,5}\)?(?:[\s./-]*\d){5,11}(?!\d)"  # 0176 123 45 67, (0341) 1234567
)
DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
_SUFFIX = r"(?:straße|strasse|str\.?|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|promenade)"
_NOT_A_HOUSE_NUMBER = r"(?!\s*(?:min|minuten|mal|euro|€|km|uhr|jahre|%|std|stunden|tage|x\b|\.\d))"
ADDRESS = re.compile(
    rf"\b[a-zäöü][a-zäöüß-]{{1,40}}{_SUFFIX}\s*\d{{1,4}}\s?[a-z]?\b{_NOT_A_HOUSE_NUMBER}"
    rf"|\b(?:straße|strasse|str\.)\s+de[rsn]\s+(?:\d{{1,2}}\.\s+)?[a-zäöü][\wäöüß-]+\s+\d{{1,4}}[a-z]?\b"
    r"|\b\d{1,5}\s+[a-z]+\s+(?:street|st\.|road|rd\.|avenue|ave\.|lane|drive)\b",
    re.IGNORECASE,
)
# "Lützner Straße 30": a capitalised name, then the street word on its own (case matters here).
ADDRESS_TWO_WORDS = re.compile(
    rf"\b[A-ZÄÖÜ][a-zäöüß-]+\s+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer)\s*\d{{1,4}}\s?[a-z]?\b"
    rf"{_NOT_A_HOUSE_NUMBER}"
)

_LEET = str.maketrans(
    {
        "4": "a",
        "@": "a",
        "$": "s",
        "5": "s",
        "3": "e",
        "€": "e",
        "1": "i",
        "!": "i",
        "|": "i",
        "0": "o",
        "7": "t",
    }
)
TOKEN = re.compile(r"[\w$@!€|*]+")


def _normalise(token: str) -> str:
    return token.strip("!|").lower().replace("ß", "ss").translate(_LEET)


def _collapse(word: str, keep: int) -> str:
    """Shorten runs of three or more equal letters to `keep` letters ("arschhhh" -> "arsch")."""
    return re.sub(r"(.)\1{2,}", lambda m: m.group(1) * keep, word)


def _variants(token: str) -> set[str]:
    word = _normalise(token)
    return {word, _collapse(word, 1), _collapse(word, 2)}


@dataclass(frozen=True)
class _Lexicon:
    words: frozenset[str]
    stems: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


@cache
def lexicon() -> _Lexicon:
    """Load the packaged German and English word lists once."""
    words, stems, phrases = set(), [], []
    for name in ("insults_de.txt", "insults_en.txt"):
        text = resources.files("participation.data").joinpath(name).read_text("utf-8")
        for line in text.splitlines():
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if " " in entry:
                phrases.append(tuple(_normalise(w) for w in entry.split()))
            elif entry.endswith("*"):
                stems.append(_normalise(entry[:-1]))
            else:
                words.add(_normalise(entry))
    return _Lexicon(frozenset(words), tuple(stems), tuple(phrases))


def _is_insult(token: str, lex: _Lexicon) -> bool:
    if "*" in token.strip("*"):  # censored spelling such as f*ck: the star stands for one letter
        pattern = re.compile(re.escape(_normalise(token)).replace(r"\*", "."))
        return any(pattern.fullmatch(w) for w in lex.words) or any(pattern.match(s) for s in lex.stems)
    variants = _variants(token.strip("*"))
    return bool(variants & lex.words) or any(v.startswith(s) for v in variants for s in lex.stems)


def _insults(text: str) -> list[Flag]:
    lex = lexicon()
    tokens = list(TOKEN.finditer(text))
    normalised = [_collapse(_normalise(t.group()), 1) for t in tokens]
    flags = []
    for i, token in enumerate(tokens):
        for phrase in lex.phrases:
            if tuple(normalised[i : i + len(phrase)]) == phrase:
                flags.append(Flag("insult", token.start(), tokens[i + len(phrase) - 1].end()))
        if _is_insult(token.group(), lex):
            flags.append(Flag("insult", token.start(), token.start() + len(token.group().rstrip("!|*"))))
    return flags


def _spans(kind: str, pattern: re.Pattern, text: str) -> list[Flag]:
    flags = []
    for match in pattern.finditer(text):
        found = match.group().rstrip(_TRAILING)
        if kind == "phone" and (
            DATE.fullmatch(found.strip()) or not 7 <= sum(c.isdigit() for c in found) <= 15
        ):
            continue
        flags.append(Flag(kind, match.start(), match.start() + len(found)))
    return flags


def find_flags(text: str) -> list[Flag]:
    """Return the flagged spans of text, sorted and without overlaps."""
    candidates = [
        *_spans("email", EMAIL, text),
        *_spans("url", URL, text),
        *_spans("social", SOCIAL, text),
        *_spans("phone", PHONE, text),
        *_spans("address", ADDRESS, text),
        *_spans("address", ADDRESS_TWO_WORDS, text),
        *_insults(text),
        *concern_flags(text),  # issue 14: Kinderschutz (participation.moderation.concern)
    ]
    chosen: list[Flag] = []
    # A social profile link is a URL too: the more specific kind tells the moderator more.
    for flag in sorted(candidates, key=lambda f: (KINDS.index(f.kind), f.start)):
        if all(flag.end <= other.start or flag.start >= other.end for other in chosen):
            chosen.append(flag)
    return sorted(chosen, key=lambda f: f.start)


def segments(text: str, flags: list[Flag]) -> list[tuple[str, str | None]]:
    """Split text into (piece, kind or None) pairs, for highlighting flagged spans in a template."""
    pieces, position = [], 0
    for flag in flags:
        if flag.start > position:
            pieces.append((text[position : flag.start], None))
        pieces.append((text[flag.start : flag.end], flag.kind))
        position = flag.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces
