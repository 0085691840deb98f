"""Content-hashed static URLs, so browsers may cache static files for a year."""

import hashlib
from functools import cache
from pathlib import Path

from flask import Flask, current_app, url_for


@cache
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    """Return the static URL of filename with a version parameter taken from its content."""
    path = Path(current_app.static_folder) / filename
    return url_for("static", filename=filename, v=_digest(path))


def init_app(app: Flask) -> None:
    """Make asset_url() available in templates."""
    app.jinja_env.globals["asset_url"] = asset_url
