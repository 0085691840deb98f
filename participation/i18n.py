"""Locale choice and the `flask translate` commands."""

import subprocess
import sys
from pathlib import Path

import click
from flask import Blueprint, Flask, current_app, has_request_context, redirect, request, session
from flask.cli import AppGroup
from babel.messages.pofile import read_po, write_po
from flask_babel import get_locale

from participation.text import safe_local_path

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE_NAMES = {"de": "Deutsch", "en": "English"}  # each language's name written in itself

bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """Pick the UI language: an explicit choice, then the browser's Accept-Language, then German."""
    if not has_request_context():  # CLI commands speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    chosen = session.get("lang")
    if chosen in languages:
        return chosen
    return request.accept_languages.best_match(languages) or current_app.config["BABEL_DEFAULT_LOCALE"]


def init_app(app: Flask) -> None:
    """Expose the current locale and the language list to templates."""
    app.jinja_env.globals["current_locale"] = get_locale  # Flask-Babel 4 does not expose it
    app.jinja_env.globals["language_names"] = LANGUAGE_NAMES


@bp.route("/sprache/<lang>")
def choose(lang: str):
    """Remember the chosen language in the session cookie and go back to the page."""
    if lang in current_app.config["LANGUAGES"]:
        session["lang"] = lang
    # Only same-site paths: an open redirect would let anyone bounce children to other hosts.
    return redirect(safe_local_path(request.args.get("next"), "/"))


translate_cli = AppGroup("translate", help="Extract, update and compile the gettext catalogues.")


def _pybabel(*args: str) -> None:
    # The pybabel next to this Python, so the command works without an activated venv.
    subprocess.run([str(Path(sys.executable).parent / "pybabel"), *args], check=True, cwd=ROOT)


def _extract() -> None:
    # pybabel skips folders starting with "_" by default; our templates/_partials and _macros hold strings too.
    _pybabel("extract", "-F", "babel.cfg", "-k", "_l", "--ignore-dirs", ".*", "-o", "messages.pot", ".")


@translate_cli.command("extract")
def extract() -> None:
    """Extract msgids into messages.pot, merge them into every catalogue, mirror msgids into English."""
    _extract()
    _pybabel("update", "-i", "messages.pot", "-d", "translations", "--no-fuzzy-matching", "--ignore-obsolete")
    mirror_msgids(ROOT / "translations" / "en" / "LC_MESSAGES" / "messages.po")


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


@translate_cli.command("init")
@click.argument("lang")
def init(lang: str) -> None:
    """Start a catalogue for a new language."""
    _extract()
    _pybabel("init", "-i", "messages.pot", "-d", "translations", "-l", lang)


@translate_cli.command("compile")
def compile_() -> None:
    """Compile the .po catalogues into the .mo files the app reads."""
    _pybabel("compile", "-d", "translations")
