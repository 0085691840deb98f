"""The audit log's table."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db
from participation.timeutil import utcnow

if TYPE_CHECKING:
    from participation.accounts.models import User


class AuditEvent(db.Model):
    """Who did what when: moderation and publication actions. Never a copy of a young person's text."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(40))
    # Plain ids, no foreign keys: the log outlives deleted offers and purged answers.
    offer_id: Mapped[int | None]
    answer_id: Mapped[int | None]
    detail: Mapped[str] = mapped_column(String(300), default="")

    actor: Mapped["User | None"] = relationship()
