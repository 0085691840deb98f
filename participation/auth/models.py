import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, Enum, ForeignKey, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from participation.extensions import db
from participation.timeutil import utcnow


class Role(enum.Enum):
    admin = "admin"
    planner = "planner"
    youth_worker = "youth_worker"


memberships = Table(
    "memberships",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    # The moderator right: may approve, reject or redact this organisation's free-text answers.
    Column("is_moderator", Boolean, nullable=False, default=False, server_default=false()),
)


class User(UserMixin, db.Model):
    """A staff account. Young people never have accounts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=20, create_constraint=True))
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    organisations: Mapped[list["Organisation"]] = relationship(  # noqa: F821
        secondary=memberships, back_populates="members", order_by="Organisation.name"
    )

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot log in (Flask-Login reads this)."""
        return self.is_active_account

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash (Werkzeug's current default), never the password."""
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, *roles: str) -> bool:
        return self.role.value in roles

    def can_manage(self, organisation_id: int) -> bool:
        """Admins manage every organisation; youth workers only their own."""
        if self.role is Role.admin:
            return True
        return self.role is Role.youth_worker and any(o.id == organisation_id for o in self.organisations)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"
