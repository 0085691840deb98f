"""Organisations and staff accounts. Services flush, views and commands commit."""

from sqlalchemy import func, select

from participation.admin.models import Organisation, OrganisationKind
from participation.auth.models import Role, User
from participation.extensions import db

MIN_PASSWORD_LENGTH = 10


class AccountExists(Exception):
    """A staff account with this e-mail address exists already."""


class OrganisationExists(Exception):
    """An organisation with this name exists already."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """Return the staff account with this address, whatever its letter case."""
    return db.session.scalar(select(User).where(func.lower(User.email) == normalise_email(email)))


def create_user(*, email: str, password: str, role: Role, organisations: list[Organisation]) -> User:
    """Create a staff account with a hashed password."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if find_user(email):
        raise AccountExists(email)
    user = User(email=normalise_email(email), role=role, organisations=list(organisations))
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


def create_organisation(*, name: str, kind: OrganisationKind) -> Organisation:
    """Create an organisation."""
    name = name.strip()
    if db.session.scalar(select(Organisation).where(func.lower(Organisation.name) == name.lower())):
        raise OrganisationExists(name)
    organisation = Organisation(name=name, kind=kind)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, *, name: str, kind: OrganisationKind, is_active: bool) -> None:
    """Rename, re-classify or (de)activate an organisation."""
    name = name.strip()
    clash = db.session.scalar(select(Organisation).where(
        func.lower(Organisation.name) == name.lower(), Organisation.id != organisation.id))
    if clash:
        raise OrganisationExists(name)
    organisation.name, organisation.kind, organisation.is_active = name, kind, is_active
    db.session.flush()


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.email)))
