"""Offers (Beteiligungsangebote), their questions and options, their tags and their translated texts."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, WriteOnlyMapped, mapped_column, relationship

from participation.enums import AgeGroup, Goal, OfferFormat, OfferStatus, ParticipationLevel, QuestionKind
from participation.extensions import db
from participation.timeutil import utcnow

if TYPE_CHECKING:
    from participation.accounts.models import Organisation
    from participation.answers.models import Submission
    from participation.methods.models import Method
    from participation.results.models import Outcome


class Offer(db.Model):
    """A participation offer (Beteiligungsangebot) of one organisation."""

    __tablename__ = "offers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    format: Mapped[OfferFormat]
    level: Mapped[ParticipationLevel]
    decision_scope: Mapped[str] = mapped_column(Text)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    outcome_due_on: Mapped[date] = mapped_column(Date)  # the Rückmeldung is promised by this day
    status: Mapped[OfferStatus] = mapped_column(default=OfferStatus.draft, index=True)
    # Everyone counts once: answers only with a one-time code from a printed card (answers.AccessCode).
    requires_code: Mapped[bool] = mapped_column(default=False, server_default=false())
    # issue 14: the Methodenkoffer method this offer was made from (methods/ sits above offers)
    method_id: Mapped[int | None] = mapped_column(ForeignKey("methods.id", ondelete="SET NULL"), index=True)
    # opened_at is indexed for the planners' period filters
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    results_published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    # Calendar days (city time) for the planners' indicators: when answering really ended, when results came.
    closed_on: Mapped[date | None] = mapped_column(Date)
    results_published_on: Mapped[date | None] = mapped_column(Date)

    organisation: Mapped["Organisation"] = relationship()
    method: Mapped["Method | None"] = relationship()
    questions: Mapped[list["Question"]] = relationship(
        back_populates="offer", order_by="Question.position", cascade="all, delete-orphan"
    )
    age_group_rows: Mapped[list["OfferAgeGroup"]] = relationship(cascade="all, delete-orphan")
    ortsteil_rows: Mapped[list["OfferOrtsteil"]] = relationship(cascade="all, delete-orphan")
    goal_rows: Mapped[list["OfferGoal"]] = relationship(cascade="all, delete-orphan")
    quality_rows: Mapped[list["OfferQualityTick"]] = relationship(cascade="all, delete-orphan")
    submissions: WriteOnlyMapped["Submission"] = relationship(back_populates="offer", passive_deletes=True)
    outcome: Mapped["Outcome | None"] = relationship(
        back_populates="offer", cascade="all, delete-orphan", uselist=False
    )

    __table_args__ = (
        CheckConstraint("ends_on >= starts_on", name="ends_after_start"),
        CheckConstraint("outcome_due_on >= ends_on", name="outcome_after_end"),
    )

    @property
    def age_groups(self) -> list[AgeGroup]:
        return sorted((row.age_group for row in self.age_group_rows), key=lambda g: list(AgeGroup).index(g))

    @property
    def ortsteil_codes(self) -> list[str]:
        return sorted(row.ortsteil_code for row in self.ortsteil_rows)

    @property
    def goals(self) -> list[Goal]:
        return sorted((row.goal for row in self.goal_rows), key=lambda g: list(Goal).index(g))

    @property
    def is_draft(self) -> bool:
        return self.status is OfferStatus.draft

    @property
    def results_published(self) -> bool:
        return self.results_published_at is not None

    def phase_on(self, today: date) -> str:
        """Say what a visitor sees on this day: 'draft', 'upcoming', 'open' or 'closed'.

        An open offer whose end date has passed counts as closed, so a forgotten "close" click
        never keeps a form open longer than the poster promised.
        """
        if self.status is OfferStatus.draft:
            return "draft"
        if self.status is OfferStatus.closed or today > self.ends_on:
            return "closed"
        if today < self.starts_on:
            return "upcoming"
        return "open"

    def __repr__(self) -> str:
        return f"<Offer {self.code} {self.status.value}>"


class OfferTag:
    """A tag row of an offer (age group, Ortsteil, goal), deleted with the offer."""

    offer_id: Mapped[int] = mapped_column(
        ForeignKey("offers.id", ondelete="CASCADE"), primary_key=True, sort_order=-1
    )


class OfferAgeGroup(OfferTag, db.Model):
    __tablename__ = "offer_age_groups"
    age_group: Mapped[AgeGroup] = mapped_column(primary_key=True)


class OfferOrtsteil(OfferTag, db.Model):
    __tablename__ = "offer_ortsteile"
    ortsteil_code: Mapped[str] = mapped_column(String(2), primary_key=True, index=True)


class OfferGoal(OfferTag, db.Model):
    __tablename__ = "offer_goals"
    goal: Mapped[Goal] = mapped_column(primary_key=True)


class OfferQualityTick(OfferTag, db.Model):
    """A point of the quality checklist the youth worker ticked for this offer (offers.quality)."""

    __tablename__ = "offer_quality_ticks"
    point: Mapped[str] = mapped_column(String(30), primary_key=True)


class Question(db.Model):
    """One question of an offer's form; locked once the offer has answers."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    kind: Mapped[QuestionKind]
    prompt: Mapped[str] = mapped_column(String(300))
    is_required: Mapped[bool] = mapped_column(default=False)
    points: Mapped[int | None]  # dot voting: how many points each young person spreads

    offer: Mapped[Offer] = relationship(back_populates="questions")
    # Options are read wherever questions are shown: with their questions, in one query for all of them.
    options: Mapped[list["Option"]] = relationship(
        back_populates="question", order_by="Option.position", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<Question {self.id} {self.kind.value}>"


class Option(db.Model):
    """A choice of a single, multiple or dot-voting question. Answers refer to it by id."""

    __tablename__ = "options"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    label: Mapped[str] = mapped_column(String(120))

    question: Mapped[Question] = relationship(back_populates="options")


class ContentTranslation(db.Model):
    """A youth worker's translation of one text of an offer into one language.

    key is "title", "description", "decision_scope", "q<question id>" or "o<option id>". One table
    for every text lets the answer page load all of an offer's texts in one language with one query;
    answers keep referring to option ids, so tallies never split by language.
    """

    __tablename__ = "content_translations"

    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offers.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(8))
    key: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text)
    # Digest of the German text it translates: when the German changes, the translation is outdated
    # and the German is shown again until someone updates it.
    source_digest: Mapped[str] = mapped_column(String(16))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    __table_args__ = (UniqueConstraint("offer_id", "language", "key", name="uq_content_translations_text"),)
