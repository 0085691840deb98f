"""Content-hashed static file names (css/app.<hash>.css), so browsers may cache static files for a year."""

import hashlib
import re
from functools import cache
from pathlib import PurePosixPath

from flask import Flask, current_app, url_for

_HASHED = re.compile(r"^(?P<stem>.+)\.[0-9a-f]{10}(?P<suffix>\.[A-Za-z0-9]+)$")


@cache
def _digest(path: str) -> str:
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:10]


def asset_url(filename: str) -> str:
    """Return the static URL of filename with its content hash in the name (css/app.1a2b3c4d5e.css)."""
    digest = _digest(f"{current_app.static_folder}/{filename}")
    name = PurePosixPath(filename)
    return url_for("static", filename=str(name.with_name(f"{name.stem}.{digest}{name.suffix}")))


def send_static(filename: str):
    """Serve a static file by its hashed name (or its plain name)."""
    match = _HASHED.match(filename)
    if match:
        filename = match["stem"] + match["suffix"]
    return current_app.send_static_file(filename)


def init_app(app: Flask) -> None:
    """Serve static files by their hashed names too (templates link them with asset_url())."""
    app.view_functions["static"] = send_static
