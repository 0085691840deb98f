"""Staff accounts and the organisations they work for. Young people never have accounts."""

from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from participation.enums import OrganisationKind
from participation.extensions import db
from participation.passwords import check_secret, hash_secret
from participation.roles import ADMINS, OFFER_MANAGERS, Role
from participation.timeutil import utcnow

memberships = Table(
    "memberships",
    db.metadata,
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
    Column("organisation_id", ForeignKey("organisations.id", ondelete="CASCADE"), primary_key=True),
    # The moderator right: may approve, reject or redact this organisation's free-text answers.
    Column("is_moderator", Boolean, nullable=False, default=False, server_default=false()),
)


class Organisation(db.Model):
    """A Träger, an Amt, a school or a youth club that runs participation offers."""

    __tablename__ = "organisations"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[OrganisationKind]
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # The account that reads the organisation's Kinderschutz queue (set by admins); without one, only
    # administrators see it, and planners are told (issue 14).
    child_protection_contact_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    # Shown on the public network page (/netzwerk): the organisation's Stadtbezirk (code "0"…"9") and
    # its own public contact address. Never a young person's.
    stadtbezirk: Mapped[str | None] = mapped_column(String(2))
    contact_email: Mapped[str] = mapped_column(String(254), default="", server_default="")
    contact_phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    website: Mapped[str] = mapped_column(String(200), default="", server_default="")

    members: Mapped[list["User"]] = relationship(
        secondary=memberships, back_populates="organisations", order_by="User.email"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class User(UserMixin, db.Model):
    """A staff account."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role]
    is_active_account: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # Part of every staff session: raising it ends all of the account's sessions (logout everywhere,
    # a new password, a new role, deactivation).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    # Set when an administrator chose the password: the account holder picks their own at next login.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=false())
    # The second factor (TOTP, RFC 6238): the shared secret once enrolment is confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None]  # the last accepted time step: a code works once

    organisations: Mapped[list[Organisation]] = relationship(
        secondary=memberships, back_populates="members", order_by="Organisation.name"
    )
    recovery_codes: Mapped[list["RecoveryCode"]] = relationship(cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:
        """Deactivated accounts cannot log in (Flask-Login reads this)."""
        return self.is_active_account

    def get_id(self) -> str:
        """What the session cookie holds: the id and the session version (Flask-Login)."""
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """End every session of this account, on every device."""
        self.session_version += 1

    def set_password(self, password: str) -> None:
        """Store a salted scrypt hash (participation.passwords), never the password."""
        self.password_hash = hash_secret(password)

    def check_password(self, password: str) -> bool:
        """Say whether password is this account's password."""
        return check_secret(self.password_hash, password)

    def has_role(self, roles: frozenset[Role]) -> bool:
        """Say whether the account's role is one of roles (a set from participation.roles)."""
        return self.role in roles

    def can_manage(self, organisation_id: int) -> bool:
        """Admins manage every organisation; youth workers only their own."""
        if self.role in ADMINS:
            return True
        return self.role in OFFER_MANAGERS and any(o.id == organisation_id for o in self.organisations)

    def can_change(self, organisation: Organisation) -> bool:
        """Whether the account may change anything of organisation: as can_manage, and a deactivated
        organisation is read-only for its own youth workers (administrators may still act)."""
        return self.can_manage(organisation.id) and (organisation.is_active or self.role in ADMINS)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role.value}>"


class RecoveryCode(db.Model):
    """A one-time code that stands in for the second factor (a lost phone). Only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(255))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
