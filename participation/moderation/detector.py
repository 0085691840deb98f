"""Flags personal data and insults in free text, for the moderator's eye (never as an automatic verdict).

`find_flags(text)` returns non-overlapping spans with a kind: phone, email, address, social, url, insult.
It reads text in every UI language (de, en, ar, fa, uk, ru, tr): Arabic-Indic and Persian digits count as
digits, phone numbers may be written as number words, e-mail addresses may be spelled out ("punkt", "at"),
addresses may be written with the street words of each language, and insults may be spaced out ("a r s c h")
or censored ("f*ck"). Offsets are character offsets into the text as given. Its precision and recall per
kind and language on tests/data/detector_cases.tsv are reported in docs/measurements.md (bench/detector.py).

Stable interface: `find_flags`, `segments`, `Flag(kind, start, end)` and `KINDS`. A further kind (such as
`concern`) is added by naming it in KINDS (earlier kinds win where spans overlap) and adding its candidate
spans in `find_flags`. Since issue 14, find_flags reads the text with DIGITS applied (same length), and
within one kind the earliest, then longest span wins.
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
# Spelled out: "lisa punkt m at gmx punkt de", "kim (ät) web [dot] de", "иван собака mail точка ru".
# Written as plain words, "at" and "punkt" are ordinary words too: the address must end in a known
# top-level domain.
_DOT = (
    r"(?:\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|\(punkt\)|\[punkt\]|\(point\))\s*"
    r"|\s+(?:punkt|dot|point|nokta|точка|крапка|نقطة|نقطه)\s+)"
)
_AT = (
    r"(?:\s*(?:@|\(at\)|\[at\]|\{at\}|\(ät\)|\[ät\]|\(et\))\s*"
    r"|\s+(?:at|ät|et|klammeraffe|собака|равлик|آت)\s+)"
)
_TLD = r"(?:de|com|net|org|eu|info|at|ch|ru|ua|tr|ir|io|me|fr|uk|nl|pl|edu|online)"
# At most three parts on either side keeps the search linear on long texts full of "punkt".
SPELLED_EMAIL = re.compile(
    rf"[\w+-]+(?:{_DOT}[\w+-]+){{0,3}}{_AT}[\w-]+(?:{_DOT}[\w-]+){{0,2}}?{_DOT}{_TLD}\b", re.IGNORECASE
)
SOCIAL_DOMAINS = (
    r"(?:instagram\.com|tiktok\.com|snapchat\.com|facebook\.com|fb\.com|t\.me|wa\.me|discord\.gg|"
    r"discord\.com|youtube\.com|youtu\.be|twitch\.tv|x\.com|twitter\.com|threads\.net)"
)
SOCIAL = re.compile(
    rf"(?:https?://)?(?:www\.)?{SOCIAL_DOMAINS}(?:/[^\s<>]*)?"
    r"|(?<![\w@.])@[a-z0-9_](?:[a-z0-9_.]{1,28}[a-z0-9_])"
    r"|\b(?:insta(?:gram)?|ig|snap(?:chat)?|tik ?tok|discord|telegram|whatsapp|twitter|twitch|youtube|yt"
    r"|انستا|انستغرام|انستقرام|اینستا|اینستاگرام|سناب|سناپ|تيك توك|تیک ?تاک|تلگرام|تلغرام"
    r"|инста|инстаграм|інста|інстаграм|тикток|тікток|снэп|снеп|телеграм|телеграмм|дискорд)"
    r"(?:\s*(?::|=|-)\s*|\s+(?:ist|is|heißt|heisst|name)\s+)@?[a-z0-9_.]{3,30}",
    re.IGNORECASE,
)
URL = re.compile(
    r"\b(?:https?://|www\.)[^\s<>]+"
    r"|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:de|com|net|org|io|tv|me|app|gg|info|eu|co|ly|be|at|ch)(?:/[^\s<>]*)?\b",
    re.IGNORECASE,
)
PHONE = re.compile(
    r"(?:\+|(?<!\d)00)\d{1,3}(?:[\s./–-]*\(0\))?(?:[\s./–-]*\(?\d\)?){6,13}"  # +49 176 …, 0049 …
    r"|(?<![\d.,])\(?0(?:[\s./–-]?\d){2,5}\)?(?:[\s./–-]*\d){5,11}(?!\d)"  # 0176 123 45 67, (0341) 1234567
)
DATE = re.compile(r"\d{1,2}\.\d{1,2}\.\d{2,4}")
# Arabic-Indic (٠-٩) and Persian (۰-۹) digits are read as 0-9; one character for one, so offsets stay true.
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
# Number words for the digits 0-9 in every UI language ("null eins sieben sechs …" is a phone number).
DIGIT_WORDS = {
    **dict.fromkeys(("null", "zero", "oh", "ноль", "нуль", "sıfır", "sifir", "صفر"), 1),
    **dict.fromkeys(("eins", "ein", "one", "один", "одна", "bir", "واحد", "یک"), 1),
    **dict.fromkeys(("zwei", "zwo", "two", "два", "две", "дві", "iki", "اثنان", "اثنين", "دو"), 1),
    **dict.fromkeys(("drei", "three", "три", "üç", "uc", "ثلاثة", "ثلاثه", "سه"), 1),
    **dict.fromkeys(
        ("vier", "four", "четыре", "чотири", "dört", "dort", "أربعة", "اربعة", "اربعه", "چهار"), 1
    ),
    **dict.fromkeys(("fünf", "fuenf", "five", "пять", "п'ять", "beş", "bes", "خمسة", "خمسه", "پنج"), 1),
    **dict.fromkeys(("sechs", "six", "шесть", "шість", "altı", "alti", "ستة", "سته", "شش"), 1),
    **dict.fromkeys(("sieben", "seven", "семь", "сім", "yedi", "سبعة", "سبعه", "هفت"), 1),
    **dict.fromkeys(("acht", "eight", "восемь", "вісім", "sekiz", "ثمانية", "ثمانيه", "هشت"), 1),
    **dict.fromkeys(("neun", "nine", "девять", "дев'ять", "dokuz", "تسعة", "تسعه", "نه"), 1),
    **dict.fromkeys(("doppel", "double", "doppelte"), 0),  # "doppel sieben": the next digit twice
}
NUMBER_TOKEN = re.compile(r"[^\s,;:/.()\-–]+")
_SUFFIX = (
    r"(?:straße|strasse|str\.?|weg|allee|platz|gasse|ring|damm|ufer|chaussee|steig|pfad|promenade|markt|anger"
    r"|zeile|winkel|stieg)"
)
_NOT_A_HOUSE_NUMBER = (
    r"(?!\s*(?i:min|minuten|mal|euro|€|km|m\b|meter|uhr|jahre|%|std|stunden|tage|wochen|x\b|\.\d|spiele|tore"
    r"|punkte|kinder|leute|personen|runden|teams|mannschaften|plätze|stück))"
)
# Compounds that name a kind of place, not a street: "Sportplatz 2 Spiele", "Spielplatz 3 Rutschen".
_PLACE_WORDS = (
    r"(?!(?:sport|spiel|bolz|park|fußball|fussball|tennis|basketball|zelt|grill|schul|heim|rück|"
    r"rad|fuß|fuss|wald|floh|super|wochen|weihnachts|box|kreis)(?:platz|weg|markt|ring|hof)\b)"
)
ADDRESS = re.compile(
    rf"\b{_PLACE_WORDS}[a-zäöü][a-zäöüß-]{{1,40}}{_SUFFIX}\s*(?:nr\.?\s*)?\d{{1,4}}(?!\d)(?:\s?[a-z]\b)?{_NOT_A_HOUSE_NUMBER}"
    rf"|\b(?:straße|strasse|str\.)\s+de[rsn]\s+(?:\d{{1,2}}\.\s+)?[a-zäöü][\wäöüß-]+\s+\d{{1,4}}[a-z]?\b"
    r"|\b\d{1,5}\s+[a-z]+\s+(?:street|st\.|road|rd\.|avenue|ave\.|lane|drive)\b",
    re.IGNORECASE,
)
# "Lützner Straße 30", "Am Markt 5": a capitalised name, then the street word on its own (case matters here).
ADDRESS_TWO_WORDS = re.compile(
    r"\b[A-ZÄÖÜ][a-zäöüß-]+\s+(?:Straße|Strasse|Str\.|Weg|Allee|Platz|Gasse|Ring|Damm|Ufer|Markt|Anger)"
    rf"\s*(?:Nr\.?\s*)?\d{{1,4}}(?!\d)(?:\s?[a-z]\b)?{_NOT_A_HOUSE_NUMBER}"
)
# Street words of the other UI languages, then a name of one or two words and a house number.
_CYRILLIC_WORD = r"[А-ЯЁІЇЄҐа-яёіїєґ'ʼ’-]+"
ADDRESS_OTHER = re.compile(
    # ru, uk: "ул. Ленина, д. 5", "вулиця Шевченка 12", "живу на Айзенбанштрассе 12"
    r"(?<![\w])(?:ул\.|улица|улице|улицу|вул\.|вулиця|вулиці|проспект|просп\.|переулок|пер\.|провулок|бульвар"
    rf"|площадь|площа)\s*{_CYRILLIC_WORD}(?:\s+{_CYRILLIC_WORD})?,?\s*(?:д\.|дом|буд\.|будинок|№)?\s*\d{{1,4}}"
    r"(?!\d)"
    rf"|{_CYRILLIC_WORD}(?:штрассе|штрасе|штр\.)\s*\d{{1,4}}(?!\d)"
    # tr: "Gül Sokak No: 3", "Atatürk Caddesi 15", "Cumhuriyet Mah. 12"
    r"|\b\w+\s+(?:sokak|sokağı|sokagi|sok\.|sk\.|caddesi|cad\.|cd\.|bulvarı|bulvari|mahallesi|mah\.)\s*"
    r"(?:no\s*[:.]?\s*)?\d{1,4}(?!\d)"
    # ar, fa: "شارع الحرية ١٥", "خیابان آزادی پلاک ۱۲"
    r"|(?:شارع|خیابان|خيابان|کوچه|كوچه|بلوار|میدان)\s+[^\s\d]+(?:\s+[^\s\d]+)?\s*،?\s*"
    r"(?:(?:رقم|پلاک|شماره|بلاک)\s*)?\d{1,4}(?!\d)(?!\s*(?:تا|نفر|ساعت|دقیقه|سال|محلات|ساعات|دقائق|سنوات|أطفال))",
    re.IGNORECASE,
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
# Letters, the look-alikes above, and the marks that Arabic and Persian words carry inside them (the
# zero-width non-joiner of "بی‌شرف", harakat, the stretching tatweel).
TOKEN = re.compile(r"[\w$@!€|*\u200c\u064b-\u065f\u0670]+")
_ARABIC_LETTERS = str.maketrans(
    {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ی", "ي": "ی", "ك": "ک"}
)
_ARABIC_MARKS = re.compile("[\u200c\u0640\u064b-\u065f\u0670]")
# Turkish letters typed without their marks ("serefsiz" for "şerefsiz"); ç and ö stay ("piç" is not "pic").
_TURKISH = str.maketrans({"ı": "i", "ş": "s", "ğ": "g", "İ": "i"})
# Latin look-alikes inside a Cyrillic word ("бл@ть", "cукa"): read as the Cyrillic letter.
_CYRILLIC_LOOKALIKES = str.maketrans("aceopxykmtbh", "асеорхукмтвн")
_CYRILLIC = re.compile("[а-яёіїєґ]")
_ARABIC_PREFIXES = ("یا", "وال", "ال", "و")
_PERSIAN_SUFFIXES = ("های", "ها", "ی", "ه")


def _normalise(token: str) -> str:
    word = _ARABIC_MARKS.sub(
        "", token.strip("!|").translate(_TURKISH).lower().replace("ß", "ss").replace("_", "")
    )
    word = word.translate(_LEET).translate(_ARABIC_LETTERS)
    if _CYRILLIC.search(word):
        word = word.translate(_CYRILLIC_LOOKALIKES)
    return word.replace("’", "'").replace("ʼ", "'")


def _collapse(word: str, keep: int) -> str:
    """Shorten runs of three or more equal letters to `keep` letters ("arschhhh" -> "arsch")."""
    return re.sub(r"(.)\1{2,}", lambda m: m.group(1) * keep, word)


def _variants(token: str) -> set[str]:
    word = _normalise(token)
    variants = {word, _collapse(word, 1), _collapse(word, 2)}
    # Arabic writes "the", "and" and "you …!" onto the word: "الحقير", "یاغبی".
    variants |= {
        w[len(p) :]
        for w in list(variants)
        for p in _ARABIC_PREFIXES
        if w.startswith(p) and len(w) > len(p) + 2
    }
    # Persian puts "you are", "the" and plurals after it: "احمقی", "عوضیها".
    variants |= {
        w[: -len(s)]
        for w in list(variants)
        for s in _PERSIAN_SUFFIXES
        if w.endswith(s) and len(w) > len(s) + 2
    }
    return variants


@dataclass(frozen=True)
class _Lexicon:
    words: frozenset[str]
    stems: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]


# One list per UI language, each with a header naming its author or source.
LEXICON_FILES = tuple(f"insults_{language}.txt" for language in ("de", "en", "ar", "fa", "uk", "ru", "tr"))


@cache
def lexicon() -> _Lexicon:
    """Load the packaged word lists of all languages once (a text's language is not known)."""
    words, stems, phrases = set(), [], []
    for name in LEXICON_FILES:
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


def _censored(word: str, target: str, whole: bool) -> bool:
    """Say whether word, whose stars stand for one letter each, spells target (or starts with it)."""
    if len(word) < len(target) or (whole and len(word) != len(target)):
        return False
    return all(c == "*" or c == t for c, t in zip(word, target, strict=False))


def _is_insult(token: str, lex: _Lexicon) -> bool:
    if "*" in token.strip("*"):  # censored spelling such as f*ck or п*здец: the star stands for one letter
        word = _normalise(token.strip("*"))
        pattern = re.compile(re.escape(word).replace(r"\*", "."))
        return any(pattern.fullmatch(w) for w in lex.words) or any(
            pattern.match(s) or _censored(word, s, whole=False) for s in lex.stems
        )
    variants = _variants(token.strip("*"))
    return bool(variants & lex.words) or any(v.startswith(s) for v in variants for s in lex.stems)


# Between the letters of a spaced-out word: "a r s c h", "f.u.c.k", "д-е-б-и-л"; wider gaps between words.
_LETTER_GAP = re.compile(r"[\s.\-]{1,3}")


def _spaced_out(text: str, tokens: list[re.Match], lex: _Lexicon) -> list[Flag]:
    """Join runs of three or more one-letter tokens and check the word they spell ("d u  i d i o t": the
    wider gaps split the run into words)."""
    runs, run = [], []
    for token in tokens:
        if len(token.group()) == 1 and (
            not run or _LETTER_GAP.fullmatch(text[run[-1].end() : token.start()])
        ):
            run.append(token)
            continue
        runs.append(run)
        run = [token] if len(token.group()) == 1 else []
    runs.append(run)
    flags = []
    for run in (r for r in runs if len(r) >= 3):
        gaps = [run[i + 1].start() - run[i].end() for i in range(len(run) - 1)]
        words, start = [], 0
        for i, gap in enumerate(gaps):
            if gap > min(gaps):
                words.append(run[start : i + 1])
                start = i + 1
        words.append(run[start:])
        for piece in (run, *words) if len(words) > 1 else (run,):
            if len(piece) >= 3 and _is_insult("".join(t.group() for t in piece), lex):
                flags.append(Flag("insult", piece[0].start(), piece[-1].end()))
    return flags


def _insults(text: str) -> list[Flag]:
    lex = lexicon()
    tokens = list(TOKEN.finditer(text))
    normalised = [_collapse(_normalise(t.group()), 1) for t in tokens]
    flags = _spaced_out(text, tokens, lex)
    starts = {phrase[0] for phrase in lex.phrases}
    for i, token in enumerate(tokens):
        for phrase in lex.phrases if normalised[i] in starts else ():
            if tuple(normalised[i : i + len(phrase)]) == phrase:
                flags.append(Flag("insult", token.start(), tokens[i + len(phrase) - 1].end()))
        if _is_insult(token.group(), lex):
            flags.append(Flag("insult", token.start(), token.start() + len(token.group().rstrip("!|*"))))
    return flags


@cache
def _digit_words() -> dict[str, int]:
    return {_normalise(word): count for word, count in DIGIT_WORDS.items()}


def _spelled_phones(text: str) -> list[Flag]:
    """Phone numbers written (partly) as number words: "null eins sieben sechs eins zwei drei vier"."""
    lookup = _digit_words()
    flags, run, digits, words, double = [], [], 0, 0, False
    for token in [*NUMBER_TOKEN.finditer(text), None]:
        word = _normalise(token.group()) if token is not None else ""
        if token is not None and word in lookup:
            run.append(token)
            digits += lookup[word] * (2 if double else 1)
            words, double = words + 1, lookup[word] == 0
            continue
        if token is not None and token.group().isdigit() and len(token.group()) <= 5:
            run.append(token)
            digits += len(token.group())
            continue
        if words and 7 <= digits <= 15:
            flags.append(Flag("phone", run[0].start(), run[-1].end()))
        run, digits, words, double = [], 0, 0, False
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
    text = text.translate(DIGITS)  # same length: offsets into the normalised text are offsets into text
    candidates = [
        *_spans("email", SPELLED_EMAIL, text),
        *_spans("email", EMAIL, text),
        *_spans("url", URL, text),
        *_spans("social", SOCIAL, text),
        *_spans("phone", PHONE, text),
        *_spelled_phones(text),
        *_spans("address", ADDRESS, text),
        *_spans("address", ADDRESS_TWO_WORDS, text),
        *_spans("address", ADDRESS_OTHER, text),
        *_insults(text),
        *concern_flags(text),  # issue 14: Kinderschutz (participation.moderation.concern)
    ]
    chosen: list[Flag] = []
    # A social profile link is a URL too: the more specific kind tells the moderator more.
    # Within a kind the earliest, then the longest span wins ("lisa punkt m at gmx.de" over "gmx.de").
    for flag in sorted(candidates, key=lambda f: (KINDS.index(f.kind), f.start, f.start - f.end)):
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
