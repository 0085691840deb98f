"""The audit log: one row per moderation or publication action, and the same line in the staff log."""

import logging
from datetime import date, timedelta
from typing import TYPE_CHECKING

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from participation.audit.models import AuditEvent
from participation.extensions import db
from participation.paging import paginate
from participation.stafflog import log_after_commit
from participation.timeutil import end_of_local_day

if TYPE_CHECKING:
    from participation.accounts.models import User

logger = logging.getLogger(__name__)
PER_PAGE = 50


def record(
    action: str,
    *,
    actor: "User | None",
    offer_id: int | None = None,
    answer_id: int | None = None,
    detail: str = "",
) -> AuditEvent:
    """Add an audit event to the current transaction (committed together with the action itself)."""
    actor_id = actor.id if actor else None
    event = AuditEvent(
        action=action, actor_id=actor_id, offer_id=offer_id, answer_id=answer_id, detail=detail[:300]
    )
    db.session.add(event)
    # The detail is a count, a reason or a language, never a young person's text (see the callers).
    log_after_commit(
        logger,
        "%s by account %s (offer %s, answer %s) %s",
        action,
        actor_id,
        offer_id,
        answer_id,
        detail[:300],
    )
    return event


def last_event(action: str) -> AuditEvent | None:
    """The latest event of this action, if any."""
    return db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id.desc())
    )


def recent_events(
    raw_page: str | None,
    *,
    action: str | None = None,
    actor_id: int | None = None,
    start: date | None = None,
    end: date | None = None,
) -> Pagination:
    """One page of events, newest first; optionally only one action, one account, and the city's calendar
    days from start to end (both included)."""
    query = select(AuditEvent)
    if action:
        query = query.where(AuditEvent.action == action)
    if actor_id is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if start:
        query = query.where(AuditEvent.created_at >= end_of_local_day(start - timedelta(days=1)))
    if end:
        query = query.where(AuditEvent.created_at < end_of_local_day(end))
    return paginate(query.order_by(AuditEvent.id.desc()), raw_page, per_page=PER_PAGE)
