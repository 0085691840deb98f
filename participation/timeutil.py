"""Time helpers: aware UTC now, the current hour for answers, and local calendar days for offers."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app


def utcnow() -> datetime:
    """Return the current time as an aware UTC datetime."""
    return datetime.now(UTC)


def current_hour() -> datetime:
    """Return now truncated to the hour: an answer must not be linkable to the minute of a scan."""
    return utcnow().replace(minute=0, second=0, microsecond=0)


def local_today() -> date:
    """Return today's date in the city's time zone (offers run on local calendar days)."""
    return datetime.now(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def to_utc(moment: datetime) -> datetime:
    """Return a stored time as aware UTC (SQLite hands times back naive; they were written as UTC)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def local_date(moment: datetime) -> date:
    """Return the city's calendar day of a stored time."""
    return to_utc(moment).astimezone(ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])).date()


def iso_utc(moment: datetime) -> str:
    """Format a stored time as RFC 3339 in UTC, as Atom feeds want it."""
    return to_utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def end_of_local_day(day: date) -> datetime:
    """Return the moment the city's calendar day ends (midnight after it), as aware UTC."""
    zone = ZoneInfo(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone).astimezone(UTC)
