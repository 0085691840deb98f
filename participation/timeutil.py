"""Time helpers: aware UTC now, the current hour for answers, and local calendar days for offers."""

from datetime import UTC, date, datetime

from flask import current_app
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def current_hour() -> datetime:
    """Return now truncated to the hour: an answer must not be linkable to the minute of a scan."""
    return utcnow().replace(minute=0, second=0, microsecond=0)


def local_today() -> date:
    """Return today's date in the city's time zone (offers run on local calendar days)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
