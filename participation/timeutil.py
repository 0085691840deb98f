"""Aware UTC datetimes that compare the same on SQLite and PostgreSQL."""

from datetime import UTC, date, datetime

from flask import current_app
from zoneinfo import ZoneInfo


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def as_utc(value: datetime | None) -> datetime | None:
    """Treat naive datetimes (SQLite hands them back so) as UTC."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def current_hour() -> datetime:
    """Return now truncated to the hour: an answer must not be linkable to the minute of a scan."""
    return utcnow().replace(minute=0, second=0, microsecond=0)


def local_today() -> date:
    """Return today's date in the city's time zone (offers run on local calendar days)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()
