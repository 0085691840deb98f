"""Kinderschutz: the detector's "concern" kind, in every UI language, with obfuscations and hard negatives."""

import pytest

from participation.moderation.concern import LANGUAGES, concern_spans, is_concern
from participation.moderation.detector import find_flags

CONCERNS = {
    "de": [
        "Mein Vater schlägt mich",
        "mein papa schläg mich oft",
        "Mein Stiefvater sch1ägt mich jeden Tag",
        "Meine Eltern verprügeln uns",
        "ich will nicht mehr leeeeben",
        "ich denke an s e l b s t m o r d",
        "Selbst-mord",
        "ich will mich umbr1ngen",
        "Ich ritze mich",
        "ich werde in der Schule gemobbt",
        "ich habe Angst, nach Hause zu gehen",
        "Mein Onkel fasst mich immer an",
        "Mein Papa tut mir weh",  # Leichte Sprache
        "Ich habe Angst zu Hause",  # Leichte Sprache
        "Zuhause werde ich eingesperrt",
        "ein Mann hat mir Geld angeboten, wenn ich mitkomme",
    ],
    "en": [
        "My dad hits me",
        "my stepfather beats us",
        "I want to die",
        "i wanna d1e",
        "I don't want to live anymore",
        "sometimes i think about k i l l myself",
        "I cut myself",
        "I'm being bullied",
        "I'm scared to go home",
    ],
    "ar": ["أبي يضربني", "أريد أن أموت", "أفكر في الانتحار", "إنهم يتنمرون علي", "أخاف أن أعود إلى البيت"],
    "fa": ["پدرم منو میزنه", "می‌خوام بمیرم", "به خودکشی فکر میکنم", "از پدرم میترسم"],
    "uk": ["тато б'є мене", "не хочу жити", "мене цькують у школі", "боюся йти додому"],
    "ru": ["отец бьёт меня", "хочу умереть", "меня травят в школе", "я боюсь идти домой"],
    "tr": ["babam beni dövüyor", "ölmek istiyorum", "intihar etmeyi düşünüyorum", "eve gitmekten korkuyorum"],
}
HARD_NEGATIVES = {
    "de": [
        "der Horrorfilm war gruselig",
        "mein Vater hat mich zum Training gebracht",
        "Mein Bein tut mir weh",
        "Mehr Angebote gegen Mobbing wären gut",
        "Ich habe Angst vor Spinnen",
        "Der Trainer schlägt vor, dass wir länger spielen",
        "Wir wollen einen Bolzplatz",
        "Im Treff gibt es nichts zu essen",
        "Uns wurde Geld angeboten, wenn wir beim Fest helfen",
        "Im Escape Room waren wir eine Stunde eingesperrt, voll lustig",
    ],
    "en": [
        "the horror film was scary",
        "my dad drove me to training",
        "the song hit me right in the feels",
        "I'd die for more pizza nights",
    ],
    "ar": ["الفيلم كان مخيفا", "أبي أوصلني إلى التدريب"],
    "fa": ["فیلم ترسناک بود", "بابام منو به تمرین برد"],
    "uk": ["фільм був страшний", "тато відвіз мене на тренування"],
    "ru": ["фильм был страшный", "папа отвёз меня на тренировку"],
    "tr": ["korku filmi çok korkunçtu", "babam beni antrenmana götürdü"],
}


def test_every_ui_language_has_a_phrase_file_and_a_table():
    assert set(CONCERNS) == set(HARD_NEGATIVES) == set(LANGUAGES)


@pytest.mark.parametrize(
    "language,text", [(lang, t) for lang, texts in CONCERNS.items() for t in texts], ids=lambda v: v
)
def test_concern_is_found(language, text):
    assert is_concern(text), (language, text)
    assert "concern" in {flag.kind for flag in find_flags(text)}


@pytest.mark.parametrize(
    "language,text", [(lang, t) for lang, texts in HARD_NEGATIVES.items() for t in texts], ids=lambda v: v
)
def test_hard_negative_is_not_a_concern(language, text):
    assert not is_concern(text), (language, text)


def test_the_span_covers_the_phrase_in_the_original_text():
    text = "Hallo. Mein Vater sch1ägt mich. Tschüss"
    [span] = concern_spans(text)
    assert text[span.start : span.end] == "Vater sch1ägt mich"
