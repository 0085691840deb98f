"""Participation methods of the Methodenkoffer: how youth workers run participation, offer by offer."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from participation.enums import OfferFormat, ParticipationLevel, QuestionKind
from participation.extensions import db
from participation.timeutil import utcnow


class Method(db.Model):
    """One method (German content): aim, audience, time, steps, level, inclusion tips, usual questions.

    steps, materials and inclusion hold one item per line; questions is a list of
    {"kind", "prompt", "options", "points"} in the shape of offers.services.QuestionFields.
    """

    __tablename__ = "methods"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    aim: Mapped[str] = mapped_column(Text)
    age_min: Mapped[int]
    age_max: Mapped[int]
    group_min: Mapped[int]
    group_max: Mapped[int]
    duration_minutes: Mapped[int]
    materials: Mapped[str] = mapped_column(Text, default="")
    steps: Mapped[str] = mapped_column(Text)
    format: Mapped[OfferFormat]
    level: Mapped[ParticipationLevel]
    inclusion: Mapped[str] = mapped_column(Text, default="")
    questions: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in (text or "").splitlines() if line.strip()]

    @property
    def step_list(self) -> list[str]:
        return self.lines(self.steps)

    @property
    def material_list(self) -> list[str]:
        return self.lines(self.materials)

    @property
    def inclusion_list(self) -> list[str]:
        return self.lines(self.inclusion)

    @property
    def question_rows(self) -> list[tuple[QuestionKind, str, list[str], int | None]]:
        return [
            (QuestionKind(q["kind"]), q["prompt"], q.get("options") or [], q.get("points"))
            for q in self.questions
        ]

    def __repr__(self) -> str:
        return f"<Method {self.slug}>"
