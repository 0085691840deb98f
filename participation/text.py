"""Small text helpers shared by the areas: control characters and same-site redirect targets."""

import re
from itertools import chain
from urllib.parse import urlsplit

from flask import Flask, abort, request

# Control characters (except tab and newline) have no place in anything a person types, and
# PostgreSQL refuses NUL in text columns.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def strip_control(value: str) -> str:
    """Remove control characters other than tab and newline; turn CRLF into LF."""
    return _CONTROL.sub("", value.replace("\r\n", "\n"))


def has_control(value: str) -> bool:
    """Say whether value contains a control character other than tab, CR or LF."""
    return bool(_CONTROL.search(value.replace("\r", "")))


def safe_local_path(target: str | None, fallback: str) -> str:
    """Return target if it is a path on this site, else fallback (no open redirects)."""
    if not target or any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in target) or "\\" in target:
        return fallback
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return fallback
    return target


def reject_control_characters() -> None:
    """Answer 400 to requests whose fields or URL carry control characters.

    The answer form is exempt: it strips them itself, so that a young person's answer is kept.
    """
    if request.endpoint == "feedback.give":
        return
    values = chain(request.args.listvalues(), request.form.listvalues(), [(request.view_args or {}).values()])
    if any(isinstance(v, str) and has_control(v) for group in values for v in group):
        abort(400)


def init_app(app: Flask) -> None:
    """Install the control-character guard."""
    app.before_request(reject_control_characters)
