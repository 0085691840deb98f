"""The audit log: one row per moderation or publication action."""

from sqlalchemy import func, select

from participation.audit.models import AuditEvent
from participation.auth.models import User
from participation.extensions import db


def record(action: str, *, actor: User | None, offer_id: int | None = None, answer_id: int | None = None,
           detail: str = "") -> AuditEvent:
    """Add an audit event to the current transaction (committed together with the action itself)."""
    event = AuditEvent(action=action, actor_id=actor.id if actor else None, offer_id=offer_id,
                       answer_id=answer_id, detail=detail[:300])
    db.session.add(event)
    return event


def recent_events(*, page: int, per_page: int = 50) -> tuple[list[AuditEvent], int]:
    """Return one page of events, newest first, and the total number of events."""
    total = db.session.scalar(select(func.count()).select_from(AuditEvent))
    events = db.session.scalars(
        select(AuditEvent).order_by(AuditEvent.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    return list(events), total
