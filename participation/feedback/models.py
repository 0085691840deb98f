import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.extensions import db
from participation.offers.models import AgeGroup, Offer
from participation.timeutil import current_hour


class ReviewState(enum.Enum):
    pending = "pending"
    approved = "approved"
    rejected = "rejected"


class RejectReason(enum.Enum):
    personal_data = "personal_data"
    insult = "insult"
    off_topic = "off_topic"
    spam = "spam"
    other = "other"


def _enum(cls: type[enum.Enum]) -> Enum:
    return Enum(cls, native_enum=False, length=30, create_constraint=True)


class Submission(db.Model):
    """One young person's filled-in form. Holds no personal data by design.

    No IP address, user agent or name; age group and Ortsteil are optional and coarse, and the
    time is kept only to the hour so that an answer cannot be tied to someone seen scanning.
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    age_group: Mapped[AgeGroup | None] = mapped_column(_enum(AgeGroup))
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
    # Free text only: nothing is public before a moderator decides (pre-moderation).
    review_state: Mapped[ReviewState | None] = mapped_column(_enum(ReviewState), index=True)
    published_text: Mapped[str | None] = mapped_column(Text)  # approved text, redactions applied
    reject_reason: Mapped[RejectReason | None] = mapped_column(_enum(RejectReason))
    review_note: Mapped[str | None] = mapped_column(String(300))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    submission: Mapped[Submission] = relationship(back_populates="answers")
