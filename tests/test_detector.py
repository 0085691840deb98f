"""The personal-data and insult detector, checked against a table of positive and negative cases."""

import itertools
import json
from pathlib import Path

import pytest

from participation.moderation.detector import LEXICON_FILES, find_flags, segments
from participation.moderation.evaluation import ASSERTED, CONCERN, LANGUAGES, load_cases, score

# (text, the kinds that must be flagged). An empty set means: must not flag anything.
CASES = [
    # phone numbers, German and international spellings
    ("Ruf mich an 0176 12345678", {"phone"}),
    ("meine nummer 01761234567", {"phone"}),
    ("Tel. 0341/1234567", {"phone"}),
    ("(0341) 123 45 67", {"phone"}),
    ("0176-123-456-78 schreib mir", {"phone"}),
    ("+49 176 12345678", {"phone"}),
    ("+49 (0)341 123 45 67", {"phone"}),
    ("0049 341 1234567", {"phone"}),
    ("+44 20 7946 0958", {"phone"}),
    ("+1 555 123 4567", {"phone"}),
    ("0 1 7 6 1 2 3 4 5 6 7 8", {"phone"}),
    ("ruf mich an: null eins sieben sechs eins zwei drei", {"phone"}),  # digits written as words
    ("رقمي ٠١٧٦١٢٣٤٥٦٧", {"phone"}),  # Arabic-Indic digits
    ("شماره من ۰۱۷۶ ۱۲۳ ۴۵ ۶۷", {"phone"}),  # Persian digits
    # e-mail addresses, also obfuscated
    ("meine mail max.muster@web.de", {"email"}),
    ("schreib an lisa_2011@gmx.net!", {"email"}),
    ("max (at) gmx (dot) de", {"email"}),
    ("kim[at]posteo[dot]de", {"email"}),
    ("name punkt nachname at gmail punkt com", {"email"}),
    # street addresses with house numbers
    ("Ich wohne in der Eisenbahnstraße 12", {"address"}),
    ("eisenbahnstr 12 im hinterhaus", {"address"}),
    ("Karl-Liebknecht-Str. 5a", {"address"}),
    ("Treffpunkt Lützner Straße 30", {"address"}),
    ("Straße des 18. Oktober 12", {"address"}),
    ("Straße der Kinderrechte 5", {"address"}),
    ("wohne Am Kirchweg 3", {"address"}),
    ("I live at 221 Baker Street", {"address"}),
    ("Am Markt 5", {"address"}),
    ("wohne Augustusplatz 9", {"address"}),
    ("Georg-Schwarz-Ring 21", {"address"}),
    # social media handles and profile links
    ("folgt mir auf insta: coolkid_2010", {"social"}),
    ("@coolkid2010 schreib mir", {"social"}),
    ("snapchat: lena.lpz", {"social"}),
    ("mein tiktok ist dancequeen11", {"social"}),
    ("https://instagram.com/kid_lpz", {"social"}),
    ("discord.gg/abc123", {"social"}),
    # other links
    ("guck mal www.example.de", {"url"}),
    ("https://example.org/seite?x=1", {"url"}),
    ("unsere seite jugendtreff-ost.de", {"url"}),
    # insults and profanity, also obfuscated
    ("du arschloch", {"insult"}),
    ("Das ist so eine Scheiße!", {"insult"}),
    ("a$$", {"insult"}),
    ("sch31ß", {"insult"}),
    ("Arschhhhloch", {"insult"}),
    ("f*ck you", {"insult"}),
    ("halt die fresse", {"insult"}),
    ("FUCK this", {"insult"}),
    ("du bist ein h*rensohn", {"insult"}),
    ("bitch", {"insult"}),
    ("Wichser", {"insult"}),
    ("kys", {"insult"}),
    ("Idiot!!!", {"insult"}),
    ("a r s c h", {"insult"}),
    ("ты идиот", {"insult"}),
    ("şerefsiz", {"insult"}),
    ("يا كلب", {"insult"}),
    ("خفه شو", {"insult"}),
    # mixed
    ("du idiot ruf 0176 1234567 an", {"insult", "phone"}),
    # must not flag: years, prices, dates, times, numbers, ordinary words
    ("Das war 2024 super", set()),
    ("kostet 12,50 €", set()),
    ("am 01.03.2024 um 10 Uhr", set()),
    ("Wir waren 25 Kinder und 3 Betreuer", set()),
    ("Straße der Kinderrechte", set()),
    ("Straße des 18. Oktober", set()),
    ("Klasse Sache, weiter so", set()),
    ("Ich gehe 2 mal die Woche zum Sportplatz", set()),
    ("Mein Schulweg ist 10 Minuten lang", set()),
    ("Postleitzahl 04109", set()),
    ("Wir brauchen mehr Pässe und Bälle", set()),
    ("Der Bass war zu laut", set()),
    ("Mehr Spaß beim Fußball", set()),
    ("Wir haben Platz 1 gemacht", set()),
    ("Das Turnier ging 3:2 aus", set()),
    ("z.B. mehr Ausflüge usw.", set()),
    ("Ich mag TikTok sehr", set()),
    ("as soon as possible", set()),
    ("Die Klasse 7b war dabei", set()),
    ("Fußballtor 5 Meter breit", set()),
    ("Die Scheibe ist kaputt", set()),
    ("Ich schieße gern Tore", set()),
    ("1000 Dank an alle", set()),
    ("Öffnungszeiten 14-18 Uhr", set()),
    ("auf dem Marktplatz war es laut", set()),
    ("Wir spielen am Sportplatz 2 Spiele", set()),
    ("Ich schlage vor, mehr Bänke aufzustellen", set()),
    ("ich gebe 3 von 10", set()),
    ("هیچ کس نیامد", set()),  # Persian "nobody": not the vulgar word
    ("bir şikayetim var", set()),  # Turkish "complaint", also typed "sikayet"
]

# Spellings the detector is known to miss or to flag wrongly. They count in the precision/recall
# figures below but are not asserted one by one; move a case up when the detector learns it.
KNOWN_LIMITS = [
    ("ich wohne im Kirchweg bei Nr. 3", {"address"}),  # number far from the street
    ("mein insta ist lena", {"social"}),  # handle shorter than three characters after the name
    ("Die Pizza war Arsch teuer", {"insult"}),  # found, but colloquial intensifier: fine to flag
]


def kinds(text):
    return {flag.kind for flag in find_flags(text)}


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_detector_table(text, expected):
    assert kinds(text) == expected


def test_precision_and_recall_on_the_whole_table(capsys):
    true_positive = false_positive = false_negative = 0
    for text, expected in CASES + KNOWN_LIMITS:
        found = kinds(text)
        true_positive += len(found & expected)
        false_positive += len(found - expected)
        false_negative += len(expected - found)
    precision = true_positive / (true_positive + false_positive)
    recall = true_positive / (true_positive + false_negative)
    with capsys.disabled():
        print(
            f"\ndetector: precision {precision:.3f}, recall {recall:.3f} "
            f"on {len(CASES) + len(KNOWN_LIMITS)} cases (TP {true_positive}, FP {false_positive}, "
            f"FN {false_negative})"
        )
    assert precision >= 0.95
    assert recall >= 0.9


def test_flags_do_not_overlap_and_segments_rebuild_the_text():
    text = "du arschloch, ruf 0176 1234567 an oder schreib max@web.de"
    flags = find_flags(text)
    assert [f.kind for f in flags] == ["insult", "phone", "email"]
    assert all(a.end <= b.start for a, b in itertools.pairwise(flags))
    pieces = segments(text, flags)
    assert "".join(piece for piece, _ in pieces) == text
    assert [piece for piece, kind in pieces if kind] == ["arschloch", "0176 1234567", "max@web.de"]


def test_check_command_prints_one_json_object_per_line_with_offsets_into_the_text(runner):
    lines = ["ruf mich an ٠١٧٦ ١٢٣٤٥٦٧", "Ich schlage vor, mehr Bänke aufzustellen", "du a r s c h"]
    result = runner.invoke(args=["moderation", "check"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    printed = [json.loads(line) for line in result.output.splitlines()]
    assert [item["text"] for item in printed] == lines
    phone = printed[0]["flags"]
    assert [flag["kind"] for flag in phone] == ["phone"]
    assert lines[0][phone[0]["start"] : phone[0]["end"]] == "٠١٧٦ ١٢٣٤٥٦٧"
    assert printed[1]["flags"] == []
    assert [(f["kind"], f["start"], f["end"]) for f in printed[2]["flags"]] == [("insult", 3, 12)]


def test_check_command_keeps_non_latin_text_readable_and_handles_an_empty_line(runner):
    result = runner.invoke(args=["moderation", "check"], input="ты идиот\n\n")
    assert result.exit_code == 0, result.output
    first, empty = result.output.splitlines()
    assert "ты идиот" in first  # not escaped to \u0442…
    assert json.loads(first)["flags"] == [{"kind": "insult", "start": 3, "end": 8}]
    assert json.loads(empty) == {"text": "", "flags": []}


TABLE = Path(__file__).parent / "data" / "detector_cases.tsv"


def test_the_table_covers_every_language_and_kind_with_hard_negatives():
    cases = load_cases(TABLE)
    assert len(cases) >= 300
    for language in LANGUAGES:
        mine = [case for case in cases if case.language == language]
        assert {"phone", "email", "address", "url", "insult", "concern"} <= set().union(
            *(c.kinds for c in mine)
        )
        assert sum(1 for case in mine if not case.kinds) >= 10, language
    assert sum(1 for case in cases if "concern" in case.kinds) >= 40


@pytest.mark.parametrize("kind", ASSERTED)
def test_precision_and_recall_per_kind_meet_the_targets(kind):
    counts = score(load_cases(TABLE)).total([kind])
    assert counts.precision >= 0.9, counts
    assert counts.recall >= 0.9, counts


@pytest.mark.parametrize("language", LANGUAGES)
def test_personal_data_and_insults_meet_the_targets_in_every_language(language):
    counts = score(load_cases(TABLE)).total(ASSERTED, [language])
    assert counts.precision >= 0.9, counts
    assert counts.recall >= 0.9, counts


@pytest.mark.parametrize("language", LANGUAGES)
def test_concern_recall_meets_the_target_in_every_language(language):
    """A text suggesting a child is in danger must reach the Kinderschutz queue: recall, in each language."""
    counts = score(load_cases(TABLE)).total(CONCERN, [language])
    assert counts.tp + counts.fn >= 10, counts
    assert counts.recall >= 0.9, counts


@pytest.mark.parametrize("language", LANGUAGES)
def test_concern_rarely_misroutes_an_ordinary_answer(language):
    """A false concern keeps an ordinary answer out of the results until the contact reads it: in each
    language (the table's hard negatives include surprises kept secret and wishes to sleep longer)."""
    counts = score(load_cases(TABLE)).total(CONCERN, [language])
    assert counts.precision is not None and counts.precision >= 0.9, counts


def test_concern_cases_include_texts_written_after_the_phrase_lists():
    parts = {case.part for case in load_cases(TABLE) if "concern" in case.kinds}
    assert {"held-out-2", "held-out-3"} <= parts
    negatives = [case for case in load_cases(TABLE) if case.part == "held-out-4"]
    assert len(negatives) >= 6 and not any(case.kinds for case in negatives)


@pytest.mark.parametrize("name", LEXICON_FILES)
def test_every_word_list_says_who_wrote_it_or_where_it_comes_from(name):
    text = (Path(__file__).parent.parent / "participation" / "data" / name).read_text("utf-8")
    header = "\n".join(line for line in text.splitlines()[:6] if line.startswith("#")).lower()
    assert any(word in header for word in ("written", "source", "author")), name
