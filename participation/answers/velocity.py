"""The velocity alarm: an offer that gets far more answers in an hour than it usually does is flagged
to its youth workers and to planners, who can check whether it was a planned session or a script.
Answer times are kept to the hour only (see Submission), so this works on hourly buckets."""

from dataclasses import dataclass
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from participation.answers.models import Submission
from participation.enums import Channel
from participation.extensions import db
from participation.timeutil import current_hour


@dataclass
class Burst:
    offer_id: int
    answers: int  # in the busiest of the current and the previous hour
    usual: float  # answers per hour with answers, before those two hours


def bursts(offer_ids: list[int] | None = None) -> dict[int, Burst]:
    """The offers (of offer_ids, or all) with a burst now: at least BURST_MIN_ANSWERS in an hour, and
    BURST_FACTOR times their usual hourly rate."""
    config = current_app.config
    since = current_hour() - timedelta(hours=1)
    per_hour = (
        select(Submission.offer_id, Submission.created_at, func.count().label("n"))
        # An answer by one-time code needs its own printed card: a class voting is no script.
        .where(Submission.created_at >= since, Submission.channel != Channel.code)
        .group_by(Submission.offer_id, Submission.created_at)
        .having(func.count() >= config["BURST_MIN_ANSWERS"])
    )
    if offer_ids is not None:
        per_hour = per_hour.where(Submission.offer_id.in_(offer_ids))
    recent: dict[int, int] = {}
    for offer_id, _hour, n in db.session.execute(per_hour):
        recent[offer_id] = max(n, recent.get(offer_id, 0))
    if not recent:
        return {}
    before = db.session.execute(
        select(Submission.offer_id, func.count(), func.count(func.distinct(Submission.created_at)))
        .where(Submission.offer_id.in_(recent), Submission.created_at < since)
        .group_by(Submission.offer_id)
    )
    usual = {offer_id: total / hours for offer_id, total, hours in before}
    found = {}
    for offer_id, n in recent.items():
        rate = usual.get(offer_id, 0.0)
        if n >= config["BURST_FACTOR"] * max(rate, 1.0):
            found[offer_id] = Burst(offer_id, n, rate)
    return found
