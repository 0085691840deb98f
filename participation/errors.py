"""Friendly error pages in the user's language, also while the database is away. The answer form handles
its own CSRF failures and outages (link.views), so that no answer is lost."""

from flask import Flask, current_app, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from participation.extensions import DATABASE_UNAVAILABLE, db

MESSAGES = {
    400: (
        _l("Something went wrong"),
        _l("The request could not be understood. Please go back and try again."),
    ),
    403: (_l("No access"), _l("You do not have permission to see this page.")),
    404: (_l("Not found"), _l("This page does not exist. Please check the code on the poster.")),
    405: (_l("Not possible"), _l("This action is not possible here.")),
    413: (_l("Too much"), _l("What you sent is too large. Please shorten it and try again.")),
    500: (_l("Something went wrong"), _l("Sorry, that was our mistake. Please try again in a moment.")),
}


def render_error(code: int):
    """The error page for an HTTP status code of MESSAGES."""
    title, text = MESSAGES[code]
    return render_template("errors/error.html", code=code, title=title, text=text), code


def handle_csrf(error: CSRFError):
    """A staff form that was open too long or came from elsewhere."""
    title = _l("Form expired")
    text = _l("The form was open too long or came from elsewhere. Please reload the page and try again.")
    return render_template("errors/error.html", code=400, title=title, text=text), 400


def handle_database_unavailable(error):
    """The database is away (restarting, unreachable, locked): a page in the user's language, no raw 500."""
    db.discard_session()
    title = _l("Please try again in a moment")
    text = _l("We cannot reach our data just now. Please try again in a minute.")
    headers = {"Retry-After": str(current_app.config["RETRY_AFTER_SECONDS"])}
    return render_template("errors/error.html", code=503, title=title, text=text), 503, headers


def init_app(app: Flask) -> None:
    """Register the error pages."""
    for code in MESSAGES:
        app.register_error_handler(code, lambda error, code=code: render_error(code))
    app.register_error_handler(CSRFError, handle_csrf)
    # A host name outside TRUSTED_HOSTS: no page (it could link to that host), just the status.
    app.register_error_handler(
        SecurityError, lambda error: ("Bad Request\n", 400, {"Content-Type": "text/plain"})
    )
    for error in DATABASE_UNAVAILABLE:
        app.register_error_handler(error, handle_database_unavailable)
