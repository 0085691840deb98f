"""What administrators change on organisations and accounts, with an audit record for each change (ids
and the names of the changed fields only: never a password or a secret). Services flush; views commit."""

from participation.accounts import services
from participation.accounts.models import Organisation, User
from participation.admin.audit_log import as_detail
from participation.audit.services import record
from participation.enums import OrganisationKind


def create_organisation(
    *,
    name: str,
    kind: OrganisationKind,
    is_active: bool,
    actor: User,
    profile: services.OrganisationProfile | None = None,
) -> Organisation:
    organisation = services.create_organisation(
        name=name, kind=kind, is_active=is_active, actor=actor, profile=profile
    )
    record("organisation.create", actor=actor, detail=as_detail(organisation=organisation.id))
    return organisation


def update_organisation(
    organisation: Organisation,
    *,
    name: str,
    kind: OrganisationKind,
    is_active: bool,
    actor: User,
    profile: services.OrganisationProfile | None = None,
) -> None:
    keys = ("name", "kind", "active", *services.PROFILE_FIELDS)

    def state():
        return (
            organisation.name,
            organisation.kind,
            organisation.is_active,
            *(getattr(organisation, key) for key in services.PROFILE_FIELDS),
        )

    before = state()
    services.update_organisation(
        organisation, name=name, kind=kind, is_active=is_active, actor=actor, profile=profile
    )
    after = state()
    changed = [key for key, old, new in zip(keys, before, after, strict=True) if old != new]
    if changed:
        record(
            "organisation.change",
            actor=actor,
            detail=as_detail(organisation=organisation.id, changes=",".join(changed)),
        )


def open_account(email: str, fields: services.AccountFields, *, actor: User) -> User:
    account = services.open_account(email, fields, actor=actor)
    record("account.create", actor=actor, detail=as_detail(account=account.id, role=account.role.value))
    return account


def _state(account: User) -> dict:
    return {
        "role": account.role,
        "organisations": sorted(o.id for o in account.organisations),
        "moderator_rights": sorted(services.moderator_rights(account)),
        "active": account.is_active_account,
        "second_factor": bool(account.totp_secret),
    }


def change_account(account: User, fields: services.AccountFields, *, actor: User) -> None:
    before = _state(account)
    services.change_account(account, fields, actor=actor)
    after = _state(account)
    changed = [key for key in before if before[key] != after[key]]
    if fields.password:
        changed.append("password")
    if changed:
        record(
            "account.change",
            actor=actor,
            detail=as_detail(
                account=account.id,
                role=account.role.value if "role" in changed else None,
                changes=",".join(changed),
            ),
        )
