from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db
from participation.offers.models import AgeGroup, Offer
from participation.timeutil import current_hour


class Submission(db.Model):
    """One young person's filled-in form. Holds no personal data by design.

    No IP address, user agent or name; age group and Ortsteil are optional and coarse, and the
    time is kept only to the hour so that an answer cannot be tied to someone seen scanning.
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    age_group: Mapped[AgeGroup | None] = mapped_column(
        Enum(AgeGroup, native_enum=False, length=30, create_constraint=True)
    )
    ortsteil_code: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=current_hour)

    offer: Mapped[Offer] = relationship(back_populates="submissions")
    answers: Mapped[list["Answer"]] = relationship(back_populates="submission", cascade="all, delete-orphan")


class Answer(db.Model):
    """One value of a submission: an option picked, points given, a smiley, yes/no or free text."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("options.id", ondelete="CASCADE"), index=True)
    value: Mapped[int | None]  # smiley 1-5, yes 1 / no 0, dot-voting points
    text: Mapped[str | None] = mapped_column(String(500))

    submission: Mapped[Submission] = relationship(back_populates="answers")
