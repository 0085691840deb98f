"""A request guard: control characters in a URL or a form field get a 400 before any view runs."""

from collections.abc import Callable
from itertools import chain

from flask import Flask, abort, current_app, request

from participation.sanitize import has_control

_EXEMPT = "_allows_control_characters"


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


def init_app(app: Flask) -> None:
    """Install the guard before every request."""
    app.before_request(reject_control_characters)
