"""Organisations and staff accounts, and the rules for changing them.

Services flush; views and commands commit."""

import logging
import re
from dataclasses import dataclass, field

from sqlalchemy import select, update

from participation.accounts.models import Organisation, User, memberships
from participation.accounts.passwords import check_password
from participation.enums import OrganisationKind
from participation.extensions import db
from participation.roles import ADMINS, OFFER_MANAGERS, Role
from participation.sanitize import strip_control
from participation.stafflog import log_after_commit

logger = logging.getLogger(__name__)

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


def _own_words(email: str) -> tuple[str, ...]:
    """Parts of the address that a password must not be built from."""
    return tuple(part for part in normalise_email(email).replace(".", "@").split("@") if len(part) > 2)


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
    check_password(password, _own_words(email))
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
    """Change a staff account's role, organisations, activity and optionally its password. A new role, a
    deactivation or a new password ends the account's sessions everywhere."""
    if password:
        check_password(password, _own_words(user.email))
    if role is not user.role or (user.is_active_account and not is_active) or password:
        user.end_sessions()
    user.role = role
    user.organisations = list(organisations)
    user.is_active_account = is_active
    if password:
        user.set_password(password)
    db.session.flush()
    _release_contact(user)
    log_after_commit(
        logger,
        "account %d changed (role %s, active %s, new password %s) by account %s",
        user.id,
        role.value,
        is_active,
        bool(password),
        _actor_id(actor),
    )


def may_be_contact(user: User, organisation: Organisation) -> bool:
    """Who can be an organisation's Kinderschutz contact: an active member who works with offers (the
    same rule as a query: moderation.kinderschutz.organisations_without_contact)."""
    return user.is_active and user.role in OFFER_MANAGERS and organisation in user.organisations


def _release_contact(user: User) -> None:
    """An account that left an organisation, was deactivated or no longer works with offers stops
    being its Kinderschutz contact (planners then see that none is named)."""
    named = select(Organisation).where(Organisation.child_protection_contact_id == user.id)
    for organisation in db.session.scalars(named):
        if not may_be_contact(user, organisation):
            organisation.child_protection_contact_id = None
            log_after_commit(
                logger,
                "account %d is no longer the Kinderschutz contact of organisation %d",
                user.id,
                organisation.id,
            )
    db.session.flush()


@dataclass
class AccountFields:
    """What an administrator sets on a staff account."""

    role: Role
    organisations: list[Organisation] = field(default_factory=list)
    moderated: set[int] = field(default_factory=set)  # organisations whose free text the account moderates
    is_active: bool = True
    password: str | None = None
    reset_second_factor: bool = False  # a lost phone: the account sets the second factor up again


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
    user.must_change_password = True  # the administrator knows it: the account holder picks their own
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
    if fields.password and account.id != actor.id:
        account.must_change_password = True
    if fields.reset_second_factor and account.totp_secret:
        reset_second_factor(account)
    set_moderator_rights(account, fields.moderated)


def reset_second_factor(user: User) -> None:
    """Switch the account's second factor off (its recovery codes go too) and end its sessions."""
    user.totp_secret = user.totp_last_step = None
    user.recovery_codes = []
    user.end_sessions()
    db.session.flush()
    log_after_commit(logger, "second factor of account %d switched off", user.id)


class WrongPassword(Exception):
    """The current password given does not match."""


def change_own_password(user: User, current: str, new: str) -> None:
    """The account holder sets a new password; every other session of the account ends."""
    if not user.check_password(current):
        raise WrongPassword(user)
    check_password(new, _own_words(user.email))
    user.set_password(new)
    user.must_change_password = False
    user.end_sessions()
    db.session.flush()
    log_after_commit(logger, "account %d changed its own password", user.id)


def log_out_everywhere(user: User) -> None:
    """End every session of the account, on every device (this one too)."""
    user.end_sessions()
    db.session.flush()
    log_after_commit(logger, "account %d logged out everywhere", user.id)


def moderator_rights(user: User) -> set[int]:
    """Return the organisations whose free text the user may moderate (by the per-organisation right)."""
    return set(
        db.session.scalars(
            select(memberships.c.organisation_id).where(
                memberships.c.user_id == user.id, memberships.c.is_moderator.is_(True)
            )
        )
    )


def moderated_organisation_ids(user: User) -> set[int] | None:
    """Return the organisations whose free text the user may moderate; None means all (admins). A
    deactivated organisation's free text waits for an administrator."""
    if user.role in ADMINS:
        return None
    if user.role not in OFFER_MANAGERS:
        return set()
    rights = moderator_rights(user)
    return {o.id for o in user.organisations if o.id in rights and o.is_active}


def can_moderate(user: User, organisation_id: int) -> bool:
    """Say whether the user may decide on (and read the unmoderated) free text of this organisation."""
    allowed = moderated_organisation_ids(user)
    return allowed is None or organisation_id in allowed


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


@dataclass(frozen=True)
class OrganisationProfile:
    """What the public network page shows of an organisation besides its name and kind (issue 14):
    its Stadtbezirk and its own public contact address, never a young person's."""

    stadtbezirk: str | None = None
    contact_email: str = ""
    contact_phone: str = ""
    website: str = ""

    def cleaned(self) -> "OrganisationProfile":
        return OrganisationProfile(
            stadtbezirk=self.stadtbezirk or None,
            contact_email=strip_control(self.contact_email or "").strip(),
            contact_phone=strip_control(self.contact_phone or "").strip(),
            website=strip_control(self.website or "").strip(),
        )


PROFILE_FIELDS = ("stadtbezirk", "contact_email", "contact_phone", "website")


def _apply_profile(organisation: Organisation, profile: OrganisationProfile | None) -> None:
    if profile is None:
        return
    cleaned = profile.cleaned()
    for key in PROFILE_FIELDS:
        setattr(organisation, key, getattr(cleaned, key))


def create_organisation(
    *,
    name: str,
    kind: OrganisationKind,
    is_active: bool = True,
    actor: User | None = None,
    profile: OrganisationProfile | None = None,
) -> Organisation:
    """Create an organisation; names are unique whatever their letter case."""
    name = strip_control(name).strip()
    if _name_taken(name):
        raise OrganisationExists(name)
    organisation = Organisation(name=name, kind=kind, is_active=is_active)
    _apply_profile(organisation, profile)
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
    profile: OrganisationProfile | None = None,
) -> None:
    """Rename, re-classify or (de)activate an organisation, and change its public profile."""
    name = strip_control(name).strip()
    if _name_taken(name, except_id=organisation.id):
        raise OrganisationExists(name)
    organisation.name, organisation.kind, organisation.is_active = name, kind, is_active
    _apply_profile(organisation, profile)
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
