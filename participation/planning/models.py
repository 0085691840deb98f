from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from participation.extensions import db


class ParticipationCount(db.Model):
    """How many young people answered an offer, per month, stated age group and stated Ortsteil.

    Kept up to date in the same transaction as each submission, so that the planners' dashboard
    aggregates tens of thousands of rows instead of a million submissions. "" stands for "not stated".
    """

    __tablename__ = "participation_counts"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # first day of the (UTC) month
    age_group: Mapped[str] = mapped_column(String(20), primary_key=True)  # AgeGroup member name or ""
    ortsteil_code: Mapped[str] = mapped_column(String(2), primary_key=True)  # or ""
    n: Mapped[int]

    # The dashboard filters by period first, then by offer (n stays out: upserts remain HOT updates).
    __table_args__ = (Index("ix_participation_counts_month_offer_id", "month", "offer_id"),)


class FocusArea(db.Model):
    """An Ortsteil in the Schwerpunkträume of the IJHP, as configured by an administrator."""

    __tablename__ = "focus_areas"

    ortsteil_code: Mapped[str] = mapped_column(String(2), primary_key=True)
