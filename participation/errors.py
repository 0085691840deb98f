"""Friendly error pages in the user's language. The answer form handles its own CSRF failures (link.views)."""

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError

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


def init_app(app: Flask) -> None:
    """Register the error pages."""
    for code in MESSAGES:
        app.register_error_handler(code, lambda error, code=code: render_error(code))
    app.register_error_handler(CSRFError, handle_csrf)
