"""Request guards: control characters in a URL or a form field get a 400 before any view runs, a form
sent from another site gets a 403 (the CSRF token is checked as well), and ids in URLs stay within
what the database can hold."""

from collections.abc import Callable
from itertools import chain
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, request
from werkzeug.routing import IntegerConverter

from participation.sanitize import has_control

_EXEMPT = "_allows_control_characters"
_CHECKS_ORIGIN = "_checks_origin_itself"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def allow_control_characters(view: Callable) -> Callable:
    """Exempt a view from the guard (as csrf.exempt does for CSRF): it strips control characters itself,
    so that nothing a young person typed is lost over an invisible character."""
    setattr(view, _EXEMPT, True)
    return view


def reject_control_characters() -> None:
    """Answer 400 to requests whose fields or URL carry control characters, unless the view is exempt."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, _EXEMPT, False):
        return
    values = chain(request.args.listvalues(), request.form.listvalues(), [(request.view_args or {}).values()])
    if any(isinstance(v, str) and has_control(v) for group in values for v in group):
        abort(400)


def checks_origin_itself(view: Callable) -> Callable:
    """Exempt a view from the cross-site guard: it calls is_cross_site() and answers in its own way."""
    setattr(view, _CHECKS_ORIGIN, True)
    return view


def own_origin() -> str:
    """scheme://host of the platform: from PUBLIC_BASE_URL, or the request's own host."""
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_cross_site() -> bool:
    """Whether the browser says this request comes from another site. Sec-Fetch-Site (sent by every
    current browser) decides; otherwise Origin; a request with neither relies on the CSRF token alone.
    This replaces Flask-WTF's Referer check, which fails for browsers that send no Referer."""
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is not None and origin.lower() != own_origin()


def refuse_cross_site() -> None:
    """403 for a form sent to us from another site, before any view runs."""
    if request.method not in UNSAFE_METHODS:
        return
    view = current_app.view_functions.get(request.endpoint or "")
    if not getattr(view, _CHECKS_ORIGIN, False) and is_cross_site():
        abort(403)


class DatabaseId(IntegerConverter):
    """<int:...> in every route: an id the database can hold (INTEGER), so anything longer is a 404
    rather than an overflow in the database driver."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(map, *args, **kwargs)


def init_app(app: Flask) -> None:
    """Install the guard before every request and the bounded <int:> converter."""
    app.url_map.converters["int"] = DatabaseId
    app.before_request(reject_control_characters)
    app.before_request(refuse_cross_site)
