"""The Rückmeldung's table."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db
from participation.timeutil import utcnow

if TYPE_CHECKING:
    from participation.offers.models import Offer


class Outcome(db.Model):
    """The Rückmeldung: what came of an offer, told back to the young people at the same link."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), unique=True)
    decision: Mapped[str] = mapped_column(Text)  # what was decided or will happen
    next_steps: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(200), default="")  # who takes care of it
    due_on: Mapped[date | None] = mapped_column(Date)  # by when
    message: Mapped[str] = mapped_column(Text, default="")  # anything else, in plain language
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    offer: Mapped["Offer"] = relationship(back_populates="outcome")
