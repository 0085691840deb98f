"""The participation_counts rollup: one row per offer, month, stated age group, stated Ortsteil and
channel.

Written here, beside the submission that changes it; the planning dashboard only reads it.
"""

from datetime import date
from functools import cache

from sqlalchemy import Date, bindparam, delete, func, insert, literal, select, text
from sqlalchemy.dialects import postgresql, sqlite

from participation.answers.models import ParticipationCount, Submission
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
            n=1,
        )
        .on_conflict_do_update(
            index_elements=["offer_id", "month", "age_group", "ortsteil_code", "channel"],
            set_={"n": ParticipationCount.n + 1},
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
        },
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
    return result.rowcount
