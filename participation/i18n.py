"""Language choice (seven UI languages plus Leichte Sprache) and the `flask translate` commands.

Leichte Sprache is not a Babel locale: the page locale stays "de" and a second gettext domain
("easy") overrides the German catalogue where it has an entry (STYLE.md §3.8).
"""

import subprocess
import sys
from pathlib import Path

import click
from babel import Locale
from babel.messages.pofile import read_po, write_po
from flask import Blueprint, Flask, current_app, g, has_request_context, redirect, request
from flask.cli import AppGroup
from flask_babel import Domain, get_locale

from participation.redirects import safe_local_path

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
EASY = "leicht"  # the language choice for Leichte Sprache; its page locale is "de"
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Every choice's name written in itself, in the order of the switcher.
LANGUAGE_NAMES = {
    "de": "Deutsch",
    EASY: "Leichte Sprache",
    "en": "English",
    "ar": "العربية",
    "fa": "دری / فارسی",
    "uk": "Українська",
    "ru": "Русский",
    "tr": "Türkçe",
}

# Files whose strings appear on pages for young people: every catalogue must translate them all.
PUBLIC_SOURCES = (
    "templates/base.html",
    "templates/_partials/",
    "templates/_macros/",
    "templates/link/",
    "templates/directory/",
    "templates/errors/",
    "templates/pages/",
    "templates/methods/index.html",  # the public Methodenkoffer shares these with staff
    "templates/methods/detail.html",
    "templates/methods/_facts.html",
    "templates/methods/_german_note.html",
    "participation/errors.py",
    "participation/link/",
    "participation/answers/",
    "participation/labels.py",
    "participation/results/public.py",
    "participation/protection.py",
    "participation/directory/",
    "participation/places.py",
    "participation/offers/promises.py",
)

# Staff-only modules inside a public folder: their strings are for staff pages (German and English).
STAFF_SOURCES = ("participation/answers/analog.py",)

bp = Blueprint("i18n", __name__)
_easy_domain: Domain | None = None


def is_staff_request() -> bool:
    """Staff pages (login included) all live under /team; they speak German or English."""
    return request.path == "/team" or request.path.startswith("/team/")


def public_languages(ui_languages: list[str]) -> list[str]:
    """The choices of public pages, in switcher order: the configured UI languages plus Leichte Sprache."""
    return [code for code in LANGUAGE_NAMES if code == EASY or code in ui_languages]


def page_lang(code: str) -> str:
    """The BCP 47 tag of a language choice, for lang attributes: Leichte Sprache is German."""
    return "de" if code == EASY else code


def direction_of(code: str) -> str:
    """ "rtl" or "ltr": the writing direction of a language choice, for dir attributes."""
    return Locale.parse(page_lang(code)).text_direction


def languages_here() -> list[str]:
    """The language choices offered on the current page."""
    if is_staff_request():
        return current_app.config["STAFF_LANGUAGES"]
    return public_languages(current_app.config["LANGUAGES"])


def chosen_language() -> str:
    """The language choice of this request: the cookie, then Accept-Language, then German."""
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    if "language" not in g:
        choices = languages_here()
        cookie = request.cookies.get(COOKIE)
        if cookie in choices:
            g.language = cookie
        else:
            locales = [c for c in choices if c != EASY]
            g.language = (
                request.accept_languages.best_match(locales) or current_app.config["BABEL_DEFAULT_LOCALE"]
            )
    return g.language


def select_locale() -> str:
    """Babel's locale: the chosen language, with Leichte Sprache as German."""
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    return page_lang(chosen_language())


def text_direction() -> str:
    """ "rtl" for Arabic and Persian pages, otherwise "ltr"."""
    return get_locale().text_direction


def use_easy_domain() -> None:
    """Before each request: switch gettext to the easy German overlay when Leichte Sprache is chosen."""
    if chosen_language() == EASY:
        _easy_domain.as_default()


def init_app(app: Flask) -> None:
    """Switch the gettext domain per request (the language helpers reach templates through templating)."""
    global _easy_domain
    directory = str(TRANSLATIONS)
    # The same folder twice: "messages" first, then "easy" overriding it entry by entry.
    _easy_domain = Domain(translation_directories=[directory, directory], domain="messages;easy")
    app.before_request(use_easy_domain)


@bp.route("/sprache/<lang>")
def choose(lang: str):
    """Remember the chosen language in a cookie (strictly necessary: it holds only the choice)."""
    # Only same-site paths: an open redirect would let anyone bounce children to other hosts.
    response = redirect(safe_local_path(request.args.get("next"), "/"))
    if lang in public_languages(current_app.config["LANGUAGES"]):
        response.set_cookie(
            COOKIE, lang, max_age=COOKIE_MAX_AGE, httponly=True, samesite="Lax", secure=request.is_secure
        )
    return response


translate_cli = AppGroup("translate", help="Extract, update and compile the gettext catalogues.")


def _pybabel(*args: str) -> None:
    # The pybabel next to this Python, so the command works without an activated venv.
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), *args], check=True, cwd=ROOT)


def _extract() -> None:
    # pybabel skips folders starting with "_" by default; templates/_partials and _macros hold strings too.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--ignore-dirs", ".*", "-o", "messages.pot", ".")


@translate_cli.command("extract")
def extract() -> None:
    """Extract msgids into messages.pot, merge them into every catalogue, mirror msgids into English."""
    _extract()
    _pybabel("update", "-i", "messages.pot", "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")
    _pybabel(
        "update",
        "-i",
        "messages.pot",
        "-d",
        "translations",
        "-D",
        "easy",
        "-l",
        "de",
        "--no-fuzzy-matching",
        "--ignore-obsolete",
    )
    mirror_msgids(TRANSLATIONS / "en" / "LC_MESSAGES" / "messages.po")


def mirror_msgids(path: Path) -> None:
    """Fill empty English entries with their msgid: msgids are English, and a complete catalogue lets
    reviewers improve wording without touching code."""
    with open(path, "rb") as f:
        catalog = read_po(f)
    for message in catalog:
        if message.id and not (message.string if isinstance(message.string, str) else all(message.string)):
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
    with open(path, "wb") as f:
        write_po(f, catalog, width=110)


def is_public(message) -> bool:
    """Whether a catalogue entry appears on a page for young people (see PUBLIC_SOURCES)."""
    return any(
        path.startswith(PUBLIC_SOURCES) and not path.startswith(STAFF_SOURCES)
        for path, _line in message.locations
    )


def untranslated_public(path: Path) -> list[str]:
    """msgids of public entries that are missing, empty or fuzzy in the catalogue at path."""
    with open(path, "rb") as f:
        catalog = read_po(f)
    missing = []
    for message in catalog:
        if not message.id or not is_public(message):
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def catalogue_paths() -> dict[str, Path]:
    """Every UI catalogue and the Leichte Sprache overlay, by language choice."""
    paths = {
        code: TRANSLATIONS / code / "LC_MESSAGES" / "messages.po" for code in LANGUAGE_NAMES if code != EASY
    }
    paths[EASY] = TRANSLATIONS / "de" / "LC_MESSAGES" / "easy.po"
    return paths


@translate_cli.command("check")
@click.argument("languages", nargs=-1)
def check(languages: tuple[str, ...]) -> None:
    """List public-page msgids that a catalogue lacks (all catalogues when no language is given)."""
    paths = catalogue_paths()
    failed = False
    for code in languages or paths:
        missing = untranslated_public(paths[code])
        click.echo(f"{code}: {len(missing)} public entries missing, empty or fuzzy")
        for msgid in missing:
            click.echo(f"  {msgid!r}")
        failed = failed or bool(missing)
    if failed:
        raise SystemExit(1)


@translate_cli.command("init")
@click.argument("lang")
def init(lang: str) -> None:
    """Start a catalogue for a new language."""
    _extract()
    _pybabel("init", "-i", "messages.pot", "-d", "translations", "-l", lang)


@translate_cli.command("compile")
def compile_() -> None:
    """Compile the .po catalogues (UI languages and the Leichte Sprache overlay) into .mo files."""
    _pybabel("compile", "-d", "translations", "-D", "messages easy")
