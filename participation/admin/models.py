import enum
from datetime import datetime

from sqlalchemy import DateTime, Enum, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.auth.models import memberships
from participation.extensions import db
from participation.timeutil import utcnow


class OrganisationKind(enum.Enum):
    traeger = "traeger"
    amt = "amt"
    school = "school"
    youth_club = "youth_club"
    other = "other"


class Organisation(db.Model):
    """A Träger, an Amt, a school or a youth club that runs participation offers."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind] = mapped_column(
        Enum(OrganisationKind, native_enum=False, length=20, create_constraint=True)
    )
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    members: Mapped[list["User"]] = relationship(  # noqa: F821
        secondary=memberships, back_populates="organisations", order_by="User.email"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"
