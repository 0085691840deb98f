"""Structured logs: one JSON object per line with a request id, for the app's own loggers
(participation.*). What goes in is what the code logs: actions and account ids (stafflog), never free
text, IP addresses or user agents; request ids are random.

The request id comes from the proxy (nginx sets X-Request-ID to its own random $request_id) or is made
here, and goes back in the X-Request-ID response header, so a log line can be found from a request.
"""

import json
import logging
import re
import secrets
import sys

from flask import Flask, g, has_request_context, request

HEADER = "X-Request-ID"
_REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")  # anything else is replaced: no user text in the logs


def request_id() -> str | None:
    """The current request's id (None outside a request)."""
    if not has_request_context():
        return None
    if "request_id" not in g:
        given = request.headers.get(HEADER, "")
        g.request_id = given if _REQUEST_ID.fullmatch(given) else secrets.token_hex(8)
    return g.request_id


class JsonFormatter(logging.Formatter):
    """time, level, logger, message and request id as one JSON line."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id(),
        }
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False)


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is when a line is logged (a server's, or a test's captured one)."""

    def emit(self, record: logging.LogRecord) -> None:
        self.stream = sys.stderr
        super().emit(record)


def _echo(response):
    response.headers[HEADER] = request_id()
    return response


_QUERY = re.compile(r"\?\S*")


class NoQueryString(logging.Filter):
    """Drops the query string from the development server's request lines, as the production access logs
    (deploy/gunicorn.conf.py, nginx) do: a one-time code from a card's link (?karte=) is never logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args and isinstance(record.args[0], str):
            record.args = (_QUERY.sub("", record.args[0]), *record.args[1:])
        if isinstance(record.msg, str) and "?" in record.msg and not record.args:
            record.msg = _QUERY.sub("", record.msg)
        return True


def init_app(app: Flask) -> None:
    """JSON lines on stderr for participation.* at LOG_LEVEL, and the request id on every response."""
    server_log = logging.getLogger("werkzeug")  # `flask run` and the tests' live server
    if not any(isinstance(f, NoQueryString) for f in server_log.filters):
        server_log.addFilter(NoQueryString())
    logger = logging.getLogger("participation")  # also Flask's app.logger: the app is named participation
    logger.setLevel(app.config["LOG_LEVEL"])
    handler = StderrHandler()
    handler.setFormatter(JsonFormatter())
    logger.handlers = [handler]  # instead of Flask's default "[time] LEVEL in module" handler
    app.after_request(_echo)
