"""SQL pieces that differ between SQLite and PostgreSQL, written once."""

from sqlalchemy import Date, Integer, cast, func, text, type_coerce

from participation.extensions import db


def dialect_name() -> str:
    """ "postgresql" or "sqlite": the database the current session talks to."""
    return db.session.get_bind().dialect.name


def lift_statement_timeout() -> None:
    """Let the current transaction's statements run as long as they need (bulk maintenance commands);
    web requests keep DATABASE_STATEMENT_TIMEOUT_MS."""
    if dialect_name() == "postgresql":
        db.session.execute(text("SET LOCAL statement_timeout = 0"))


def month_of(column):
    """SQL for the first day of the (UTC) month of a timestamp column."""
    if dialect_name() == "postgresql":
        return cast(func.date_trunc("month", func.timezone("UTC", column)), Date)
    return func.date(column, "start of month")


def days_between(later, earlier):
    """SQL for the number of days from one date column to another."""
    if dialect_name() == "postgresql":
        return type_coerce(later - earlier, Integer)
    return func.julianday(later) - func.julianday(earlier)
