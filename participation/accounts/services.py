"""Organisations and staff accounts, and the rules for changing them.

Services flush; views and commands commit."""

import logging
import re
from dataclasses import dataclass, field

from sqlalchemy import select, update

from participation.accounts.models import Organisation, User, memberships
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.roles import Role
from participation.stafflog import log_after_commit

logger = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 10
EMAIL_PATTERN = re.compile(r"[^@\s]+@[^@\s]+")  # the form checks properly; this keeps the CLI honest


class AccountExists(Exception):
    """A staff account with this e-mail address exists already."""


class OrganisationExists(Exception):
    """An organisation with this name exists already."""


class PasswordRequired(Exception):
    """A new account needs a password."""


class SelfLockout(Exception):
    """Administrators cannot take away their own administrator rights or deactivate themselves."""


def _actor_id(actor: User | None) -> int | None:
    return actor.id if actor else None


def normalise_email(email: str) -> str:
    """E-mail addresses are stored and compared in lower case, without surrounding spaces."""
    return email.strip().lower()


def find_user(email: str) -> User | None:
    """Return the staff account with this address, whatever its letter case."""
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))  # stored lower-case


def create_user(
    *,
    email: str,
    password: str,
    role: Role,
    organisations: list[Organisation],
    is_active: bool = True,
    actor: User | None = None,
) -> User:
    """Create a staff account with a hashed password."""
    if not EMAIL_PATTERN.fullmatch(normalise_email(email)):
        raise ValueError("That does not look like an e-mail address.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    if find_user(email):
        raise AccountExists(email)
    user = User(
        email=normalise_email(email),
        role=role,
        organisations=list(organisations),
        is_active_account=is_active,
    )
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    log_after_commit(
        logger, "account %d created with role %s by account %s", user.id, role.value, _actor_id(actor)
    )
    return user


def update_user(
    user: User,
    *,
    role: Role,
    organisations: list[Organisation],
    is_active: bool,
    password: str | None = None,
    actor: User | None = None,
) -> None:
    """Change a staff account's role, organisations, activity and optionally its password."""
    user.role = role
    user.organisations = list(organisations)
    user.is_active_account = is_active
    if password:
        user.set_password(password)
    db.session.flush()
    log_after_commit(
        logger,
        "account %d changed (role %s, active %s, new password %s) by account %s",
        user.id,
        role.value,
        is_active,
        bool(password),
        _actor_id(actor),
    )


@dataclass
class AccountFields:
    """What an administrator sets on a staff account."""

    role: Role
    organisations: list[Organisation] = field(default_factory=list)
    moderated: set[int] = field(default_factory=set)  # organisations whose free text the account moderates
    is_active: bool = True
    password: str | None = None


def open_account(email: str, fields: AccountFields, *, actor: User | None) -> User:
    """Create an account with its organisations and moderator rights (a new account needs a password)."""
    if not fields.password:
        raise PasswordRequired(email)
    user = create_user(
        email=email,
        password=fields.password,
        role=fields.role,
        organisations=fields.organisations,
        is_active=fields.is_active,
        actor=actor,
    )
    set_moderator_rights(user, fields.moderated)
    return user


def change_account(account: User, fields: AccountFields, *, actor: User) -> None:
    """Change an account; nobody can lock themselves out of administration."""
    if account.id == actor.id and (fields.role is not Role.admin or not fields.is_active):
        raise SelfLockout(account)
    update_user(
        account,
        role=fields.role,
        organisations=fields.organisations,
        is_active=fields.is_active,
        password=fields.password or None,
        actor=actor,
    )
    set_moderator_rights(account, fields.moderated)


def moderator_rights(user: User) -> set[int]:
    """Return the organisations whose free text the user may moderate (by the per-organisation right)."""
    return set(
        db.session.scalars(
            select(memberships.c.organisation_id).where(
                memberships.c.user_id == user.id, memberships.c.is_moderator.is_(True)
            )
        )
    )


def set_moderator_rights(user: User, organisation_ids: set[int]) -> None:
    """Give the moderator right for these of the user's organisations, and take it for the others."""
    db.session.flush()  # membership rows must exist before their flag is set
    db.session.execute(
        update(memberships)
        .where(memberships.c.user_id == user.id)
        .values(is_moderator=memberships.c.organisation_id.in_(organisation_ids or {-1}))
    )


def _name_taken(name: str, *, except_id: int | None = None) -> bool:
    # casefold() in Python: SQLite's lower() only folds ASCII ("Ökotreff" and "ökotreff" would differ).
    key = name.casefold()
    return any(o.name.casefold() == key and o.id != except_id for o in all_organisations())


def create_organisation(
    *, name: str, kind: OrganisationKind, is_active: bool = True, actor: User | None = None
) -> Organisation:
    """Create an organisation; names are unique whatever their letter case."""
    name = name.strip()
    if _name_taken(name):
        raise OrganisationExists(name)
    organisation = Organisation(name=name, kind=kind, is_active=is_active)
    db.session.add(organisation)
    db.session.flush()
    log_after_commit(logger, "organisation %d created by account %s", organisation.id, _actor_id(actor))
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    name: str,
    kind: OrganisationKind,
    is_active: bool,
    actor: User | None = None,
) -> None:
    """Rename, re-classify or (de)activate an organisation."""
    name = name.strip()
    if _name_taken(name, except_id=organisation.id):
        raise OrganisationExists(name)
    organisation.name, organisation.kind, organisation.is_active = name, kind, is_active
    db.session.flush()
    log_after_commit(
        logger,
        "organisation %d changed (active %s) by account %s",
        organisation.id,
        is_active,
        _actor_id(actor),
    )


def all_organisations() -> list[Organisation]:
    """Every organisation, by name."""
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def all_users() -> list[User]:
    """Every staff account, by e-mail address."""
    return list(db.session.scalars(select(User).order_by(User.email)))
