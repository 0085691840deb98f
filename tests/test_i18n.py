import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import gettext

from factories import create_test_offer
from participation.extensions import db
from participation.i18n import EASY, LANGUAGE_NAMES, catalogue_paths, is_public, untranslated_public
from participation.methods.services import seed_methods
from participation.offers.models import Offer
from participation.offers.quality import set_ticks
from participation.roles import Role

ROOT = Path(__file__).resolve().parent.parent
PATHS = catalogue_paths()
PUBLIC_PAGES = ["/", "/angebote/", "/datenschutz", "/gibt-es-nicht"]


def read(path: Path):
    with open(path, "rb") as f:
        return read_po(f)


def untranslated(cat) -> list[str]:
    return [
        m.id
        for m in cat
        if m.id and (m.fuzzy or not (m.string if isinstance(m.string, str) else all(m.string)))
    ]


def test_german_and_english_catalogues_have_no_empty_or_fuzzy_entries():
    assert untranslated(read(PATHS["de"])) == []
    assert untranslated(read(PATHS["en"])) == []


@pytest.mark.parametrize("language", list(PATHS))
def test_every_public_page_string_is_translated_in_every_catalogue(language):
    assert untranslated_public(PATHS[language]) == []


@pytest.mark.parametrize("language", [code for code in PATHS if code not in ("de", "en")])
def test_new_catalogues_say_native_speaker_review_is_pending(language):
    first_line = PATHS[language].read_text(encoding="utf-8").splitlines()[0]
    assert first_line.startswith("# Native-speaker review pending")


def test_every_string_in_the_code_is_in_every_catalogue(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            Path(sys.executable).parent / "pybabel",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--ignore-dirs",
            ".*",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    fresh = [m for m in read(pot) if m.id]
    extracted = {msgid(m) for m in fresh}
    public = {msgid(m) for m in fresh if is_public(m)}
    for language, path in PATHS.items():
        catalogue = [m for m in read(path) if m.id]
        assert sorted(extracted - {msgid(m) for m in catalogue}) == [], language
        # Stale locations (a file moved) would hide public strings from the translation check.
        assert sorted(public - {msgid(m) for m in catalogue if is_public(m)}) == [], language


def msgid(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def test_german_is_the_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page and "Rede mit!" in page


@pytest.mark.parametrize(
    ("header", "lang", "direction"),
    [
        ("en-GB,en;q=0.9", "en", "ltr"),
        ("ar-SY,ar;q=0.9", "ar", "rtl"),
        ("fa-AF", "fa", "rtl"),
        ("uk-UA,uk;q=0.9,ru;q=0.8", "uk", "ltr"),
        ("ru", "ru", "ltr"),
        ("tr-TR", "tr", "ltr"),
    ],
)
def test_accept_language_picks_the_language_and_direction(client, header, lang, direction):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}" dir="{direction}">' in page
    assert "Rede mit!" not in page


def test_language_switch_is_remembered_in_a_strictly_necessary_cookie(client):
    response = client.get("/sprache/ar?next=/angebote/")
    assert response.status_code == 302 and response.headers["Location"] == "/angebote/"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("lang=ar;") and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Max-Age=31536000" in cookie
    # the explicit choice beats the browser's language
    page = client.get("/", headers={"Accept-Language": "de"}).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page


def test_language_switch_stays_on_site_and_ignores_unknown_languages(client):
    for target in ("//evil.example", "/%09/evil.example", "https://evil.example", "/%0d%0ax"):
        assert client.get(f"/sprache/en?next={target}").headers["Location"] == "/"
    assert "Set-Cookie" not in client.get("/sprache/xx").headers
    assert '<html lang="en" dir="ltr">' in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_public_page_links_every_language_by_its_own_name(client, path):
    page = client.get(path).get_data(as_text=True)
    switcher = page[page.index('<nav class="langs"') :]
    switcher = switcher[: switcher.index("</nav>")]
    for code, name in LANGUAGE_NAMES.items():
        tag = "de" if code == EASY else code
        assert re.search(
            rf'href="/sprache/{code}\?next=[^"]*" lang="{tag}" hreflang="{tag}"[^>]*>{name}</a>', switcher
        ), code
    assert "<script" not in switcher  # plain links, no JavaScript


def test_leichte_sprache_overrides_german_and_keeps_the_german_page_language(client, app):
    easy = {m.id: m.string for m in read(PATHS[EASY]) if m.id}
    normal = {m.id: m.string for m in read(PATHS["de"]) if m.id}
    client.get(f"/sprache/{EASY}")
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page
    assert easy["Scan the QR code on the poster, or type in the code that is written under it."] in page
    assert (
        easy["Scan the QR code on the poster, or type in the code that is written under it."]
        != normal["Scan the QR code on the poster, or type in the code that is written under it."]
    )
    assert 'aria-current="true">Leichte Sprache</a>' in page


def test_leichte_sprache_falls_back_to_german_where_it_has_no_entry(app):
    easy = {m.id: m.string for m in read(PATHS[EASY]) if m.id}
    assert not easy["Changes saved."]  # a staff string: Leichte Sprache has no entry for it
    with app.test_request_context("/", headers={"Cookie": f"lang={EASY}"}):
        app.preprocess_request()
        assert gettext("Changes saved.") == "Änderungen gespeichert."


def test_staff_pages_speak_german_or_english_only(client, login, make_user):
    make_user("admin@example.org", Role.admin)
    login("admin@example.org")
    client.get("/sprache/ar")
    page = client.get("/team/").get_data(as_text=True)
    assert '<html lang="de" dir="ltr">' in page
    assert "/sprache/en?" in page and "/sprache/ar?" not in page
    page = client.get("/team/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert '<html lang="en" dir="ltr">' in page


@pytest.mark.parametrize("language", [code for code in LANGUAGE_NAMES if code not in ("de", "en")])
def test_public_method_pages_and_promises_speak_the_chosen_language(app, client, language):
    """The public Methodenkoffer and the checklist's promises are public pages like any other."""
    entries = {m.id: m.string for m in read(PATHS[language]) if m.id}

    def shown(msgid: str, page: str) -> bool:
        translated = entries.get(msgid)
        return bool(translated) and translated != msgid and html.escape(translated, quote=False) in page

    with app.app_context():
        seed_methods()
        offer = db.session.get(Offer, create_test_offer(app))
        set_ticks(offer, ["voluntary"], actor=None)
        db.session.commit()
        code = offer.code
    client.get(f"/sprache/{language}")
    method = client.get("/methoden/fotostreifzug").get_data(as_text=True)
    for msgid in ("Tips for inclusion", "Questions it usually asks", "All methods"):
        assert shown(msgid, method), msgid
    library = client.get("/methoden/").get_data(as_text=True)
    assert shown("Methodenkoffer: participation methods", library)
    offer_page = client.get(f"/angebote/{code}").get_data(as_text=True)
    assert shown("Taking part is voluntary: nothing bad happens if you say no.", offer_page)


class _GermanBlocks(HTMLParser):
    """Elements marked German, with whether they also say dir="ltr"."""

    def __init__(self):
        super().__init__()
        self.found: list[tuple[str, bool]] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if attributes.get("lang") == "de" and tag != "html":
            self.found.append((tag, attributes.get("dir") == "ltr"))


def test_german_inside_a_right_to_left_page_runs_left_to_right(app, client):
    """Method texts, offer texts and the data attribution are German on an Arabic page: without dir="ltr"
    their full stops and question marks land on the wrong side."""
    with app.app_context():
        seed_methods()
        db.session.commit()
    with app.app_context():
        code = db.session.get(Offer, create_test_offer(app)).code
    client.get("/sprache/ar")
    seen = 0
    for path in (
        "/",
        "/angebote/",
        f"/angebote/{code}",
        f"/q/{code}",
        "/methoden/",
        "/methoden/fotostreifzug",
        "/netzwerk/",
    ):
        parser = _GermanBlocks()
        parser.feed(client.get(path).get_data(as_text=True))
        assert all(ltr for _tag, ltr in parser.found), (path, parser.found)
        seen += len(parser.found)
    assert seen >= 10


def test_arabic_plurals_follow_the_cldr_categories(app):
    """Arabic has six plural forms: 11 to 99 take the "many" form (أسلوبًا), 100 to 102 the "other" one."""
    from flask_babel import force_locale, ngettext

    with app.test_request_context(), force_locale("ar"):
        forms = {n: ngettext("%(num)d method", "%(num)d methods", n) for n in (2, 5, 12, 99, 100, 102)}
    assert forms[2] == "2 أسلوبان" and forms[5] == "5 أساليب"
    assert forms[12] == "12 أسلوبًا" and forms[99] == "99 أسلوبًا"
    assert forms[100] == "100 أسلوب" and forms[102] == "102 أسلوب"
