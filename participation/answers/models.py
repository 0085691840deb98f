"""Young people's answers, and the participation rollup that each answer updates."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Date, DateTime, ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.enums import AgeGroup, Channel, ConcernStatus, RejectReason, ReviewState
from participation.extensions import db
from participation.timeutil import current_hour

if TYPE_CHECKING:
    from participation.offers.models import Offer


class Submission(db.Model):
    """One young person's filled-in form. Holds no personal data by design.

    No IP address, user agent or name; age group and Ortsteil are optional and coarse, and the
    time is kept only to the hour so that an answer cannot be tied to someone seen scanning.
    """

    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    age_group: Mapped[AgeGroup | None]
    ortsteil_code: Mapped[str | None] = mapped_column(String(2))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=current_hour)
    # The random id of the rendered form it came from: the same form is stored once, however often it
    # is sent. Linked to nothing else (not the session, not the browser).
    form_id: Mapped[str | None] = mapped_column(String(32), unique=True)
    channel: Mapped[Channel] = mapped_column(default=Channel.qr, server_default=Channel.qr.name)
    # Analog only: the typed-in free text of a paper method belongs to its entry (and counts no one twice).
    analog_entry_id: Mapped[int | None] = mapped_column(
        ForeignKey("analog_entries.id", ondelete="CASCADE"), index=True
    )

    offer: Mapped["Offer"] = relationship(back_populates="submissions")
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
    review_state: Mapped[ReviewState | None] = mapped_column(index=True)
    published_text: Mapped[str | None] = mapped_column(Text)  # approved text, redactions applied
    reject_reason: Mapped[RejectReason | None]
    review_note: Mapped[str | None] = mapped_column(String(300))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Free text only: a random key for the moderation pages, so that their URLs say nothing about when
    # (or in which order) an answer arrived.
    review_key: Mapped[str | None] = mapped_column(String(24), unique=True)

    submission: Mapped[Submission] = relationship(back_populates="answers")


class ConcernCase(db.Model):
    """The handling of a free-text answer in the Kinderschutz queue (review_state concern): its status and
    the contact's note. Made when someone first sets a status; until then the case is new. The answer's
    text stays on the answer, which is never published; CONCERN_RETENTION_DAYS decides when it goes."""

    __tablename__ = "concern_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), unique=True)
    status: Mapped[ConcernStatus] = mapped_column(default=ConcernStatus.new)
    note: Mapped[str | None] = mapped_column(Text)  # the contact's journal: dated entries, only added to
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_on: Mapped[date | None] = mapped_column(Date)


class KeptTallies(db.Model):
    """The tallies of an offer whose per-answer rows were purged after the retention period: the counts
    the results page, the staff and the planners read from then on (answers.retention)."""

    __tablename__ = "kept_tallies"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    purged_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # {"counts": [[question id, option id, value, picks, points], ...], "answered": {question id: n}}
    counts: Mapped[dict] = mapped_column(JSON)


class ParticipationCount(db.Model):
    """How many young people answered an offer, per month, stated age group, stated Ortsteil and channel.

    Written by each submission in its own transaction (participation.answers.counts), so that the
    planners' dashboard aggregates tens of thousands of rows instead of a million submissions. Planning
    only reads it. "" stands for "not stated".
    """

    __tablename__ = "participation_counts"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # first day of the (UTC) month
    age_group: Mapped[str] = mapped_column(String(20), primary_key=True)  # AgeGroup member name or ""
    ortsteil_code: Mapped[str] = mapped_column(String(2), primary_key=True)  # or ""
    channel: Mapped[str] = mapped_column(String(10), primary_key=True, default="qr")  # Channel member name
    n: Mapped[int]

    # The dashboard filters by period first, then by offer (n stays out: upserts remain HOT updates).
    __table_args__ = (Index("ix_participation_counts_month_offer_id", "month", "offer_id"),)


class KioskLink(db.Model):
    """A named, revocable, expiring link that turns one shared device (a tablet on the youth club's
    counter) into an answer kiosk for one offer. Only a hash of its token is stored."""

    __tablename__ = "kiosk_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AccessCode(db.Model):
    """One printed one-time code of an offer where everyone counts once (a class vote). Only a hash is
    stored, and using it sets `used` in the answer's own transaction: no column, time or log line ties
    a code to the submission it allowed."""

    __tablename__ = "access_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(default=False, server_default=false())
    batch: Mapped[int] = mapped_column(default=1)  # which printed sheet it came from


class AnalogEntry(db.Model):
    """The tallies of an analog method (sticky dots, a show of hands, a paper smiley sheet) that a youth
    worker typed in: how many took part, when, and the counts in AnalogCount. Correctable; audited."""

    __tablename__ = "analog_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    method: Mapped[str] = mapped_column(String(30))
    participants: Mapped[int]
    held_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(String(300), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    counts: Mapped[list["AnalogCount"]] = relationship(cascade="all, delete-orphan", passive_deletes=True)


class AnalogCount(db.Model):
    """One count of an analog entry: an option's dots or hands (option_id), or a smiley or yes/no value
    (value), for one question."""

    __tablename__ = "analog_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("analog_entries.id", ondelete="CASCADE"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    option_id: Mapped[int | None] = mapped_column(ForeignKey("options.id", ondelete="CASCADE"))
    value: Mapped[int | None]
    count: Mapped[int]

    __table_args__ = (
        UniqueConstraint("entry_id", "question_id", "option_id", "value", name="uq_analog_counts_cell"),
    )
