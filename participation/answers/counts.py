"""The participation_counts rollup: one row per offer, month, stated age group, stated Ortsteil and
channel.

Written here, beside the submission that changes it; the planning dashboard only reads it.
"""

from datetime import date
from functools import cache

from sqlalchemy import Date, bindparam, delete, func, insert, literal, select, text
from sqlalchemy.dialects import postgresql, sqlite

from participation.answers.models import AnalogEntry, ParticipationCount, Submission
from participation.enums import Channel
from participation.extensions import db
from participation.sql import dialect_name, lift_statement_timeout, month_of


@cache
def _upsert(dialect: str):
    # Built once per dialect: every answer runs it, and building it cost more than running it.
    dialect_insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return (
        dialect_insert(ParticipationCount)
        .values(
            offer_id=bindparam("offer_id"),
            month=bindparam("month", type_=Date),
            age_group=bindparam("age_group"),
            ortsteil_code=bindparam("ortsteil_code"),
            channel=bindparam("channel"),
            n=bindparam("n"),
        )
        .on_conflict_do_update(
            index_elements=["offer_id", "month", "age_group", "ortsteil_code", "channel"],
            set_={"n": ParticipationCount.n + bindparam("n")},
        )
    )


def count_submission(submission: Submission) -> None:
    """Add one to the submission's cell, in the submission's own transaction (an upsert)."""
    created = submission.created_at
    db.session.execute(
        _upsert(dialect_name()),
        {
            "offer_id": submission.offer_id,
            "month": date(created.year, created.month, 1),
            "age_group": submission.age_group.name if submission.age_group else "",
            "ortsteil_code": submission.ortsteil_code or "",
            "channel": (submission.channel or Channel.qr).name,
            "n": 1,
        },
    )


def add_analog(offer_id: int, held_on: date, n: int) -> None:
    """Add (or, with a negative n, take away) an analog entry's participants: channel analog, the month
    it was held, age group and Ortsteil not stated. A cell that falls to zero goes, as in a recount."""
    month = date(held_on.year, held_on.month, 1)
    key = {"offer_id": offer_id, "month": month, "age_group": "", "ortsteil_code": "", "channel": "analog"}
    db.session.execute(_upsert(dialect_name()), {**key, "n": n})
    db.session.execute(
        delete(ParticipationCount).where(
            *(getattr(ParticipationCount, column) == value for column, value in key.items()),
            ParticipationCount.n <= 0,
        )
    )


def rebuild_counts() -> int:
    """Recount everything from the submissions (after bulk loads); return the number of rows written."""
    lift_statement_timeout()  # a million submissions take longer than a web request may
    if dialect_name() == "postgresql":
        # Answers arriving meanwhile wait instead of colliding with the recount.
        db.session.execute(text("LOCK TABLE participation_counts, submissions IN SHARE ROW EXCLUSIVE MODE"))
    db.session.execute(delete(ParticipationCount))
    month = month_of(Submission.created_at)
    age = func.coalesce(Submission.age_group, literal(""))
    ortsteil = func.coalesce(Submission.ortsteil_code, literal(""))
    grouped = (
        select(Submission.offer_id, month, age, ortsteil, Submission.channel, func.count())
        .where(Submission.analog_entry_id.is_(None))  # an analog entry's typed-in texts count no one
        .group_by(Submission.offer_id, month, age, ortsteil, Submission.channel)
    )
    result = db.session.execute(
        insert(ParticipationCount).from_select(
            ["offer_id", "month", "age_group", "ortsteil_code", "channel", "n"], grouped
        )
    )
    # Analog entries: their participants number, in the month they were held (few rows, added one by one).
    analog_cells = set()
    for offer_id, held_on, participants in db.session.execute(
        select(AnalogEntry.offer_id, AnalogEntry.held_on, AnalogEntry.participants)
    ):
        add_analog(offer_id, held_on, participants)
        analog_cells.add((offer_id, held_on.year, held_on.month))
    return result.rowcount + len(analog_cells)
