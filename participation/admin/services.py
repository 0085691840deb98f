"""Organisations and staff accounts. Services flush, views and commands commit."""

import re

from sqlalchemy import select, update

from participation.admin.models import Organisation, OrganisationKind
from participation.auth.models import Role, User, memberships
from participation.extensions import db

MIN_PASSWORD_LENGTH = 10
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+")  # the form checks properly; this keeps the CLI honest


class AccountExists(Exception):
    """A staff account with this e-mail address exists already."""


class OrganisationExists(Exception):
    """An organisation with this name exists already."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """Return the staff account with this address, whatever its letter case."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))  # stored lower-case


def create_user(*, email: str, password: str, role: Role, organisations: list[Organisation],
                is_active: bool = True) -> User:
    """Create a staff account with a hashed password."""
    if not EMAIL_PATTERN.fullmatch(normalise_email(email)):
        raise ValueError("That does not look like an e-mail address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if find_user(email):
        raise AccountExists(email)
    user = User(email=normalise_email(email), role=role, organisations=list(organisations),
                is_active_account=is_active)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, *, role: Role, organisations: list[Organisation], is_active: bool,
                password: str | None = None) -> None:
    """Change a staff account's role, organisations, activity and optionally its password."""
    user.role = role
    user.organisations = list(organisations)
    user.is_active_account = is_active
    if password:
        user.set_password(password)
    db.session.flush()


def _name_taken(name: str, *, except_id: int | None = None) -> bool:
    # casefold() in Python: SQLite's lower() only folds ASCII, so "Ökotreff" and "ökotreff" would differ there.
    key = name.casefold()
    return any(o.name.casefold() == key and o.id != except_id for o in all_organisations())


def create_organisation(*, name: str, kind: OrganisationKind, is_active: bool = True) -> Organisation:
    """Create an organisation; names are unique whatever their letter case."""
    name = name.strip()
    if _name_taken(name):
        raise OrganisationExists(name)
    organisation = Organisation(name=name, kind=kind, is_active=is_active)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, *, name: str, kind: OrganisationKind, is_active: bool) -> None:
    """Rename, re-classify or (de)activate an organisation."""
    name = name.strip()
    if _name_taken(name, except_id=organisation.id):
        raise OrganisationExists(name)
    organisation.name, organisation.kind, organisation.is_active = name, kind, is_active
    db.session.flush()


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))


def moderator_rights(user: User) -> set[int]:
    """Return the organisations whose free text the user may moderate."""
    return set(db.session.scalars(select(memberships.c.organisation_id).where(
        memberships.c.user_id == user.id, memberships.c.is_moderator.is_(True))))


def set_moderator_rights(user: User, organisation_ids: set[int]) -> None:
    """Give the moderator right for these of the user's organisations, and take it for the others."""
    db.session.flush()  # membership rows must exist before their flag is set
    db.session.execute(update(memberships).where(memberships.c.user_id == user.id)
                       .values(is_moderator=memberships.c.organisation_id.in_(organisation_ids or {-1})))
