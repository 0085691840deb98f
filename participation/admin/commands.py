"""`flask create-admin`: the first administrator of a new installation."""

import click
from flask.cli import with_appcontext

from participation.accounts.services import AccountExists, create_user
from participation.admin.audit_log import as_detail
from participation.audit.services import record
from participation.extensions import db
from participation.roles import Role


@click.command("create-admin")
@click.argument("email")
@click.password_option(help="Asked for interactively when not given.")
@with_appcontext
def create_admin(email: str, password: str) -> None:
    """Create an administrator account."""
    try:
        user = create_user(email=email, password=password, role=Role.admin, organisations=[])
    except AccountExists as exc:
        raise click.ClickException(f"An account for {email} exists already.") from exc
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc
    record("account.create", actor=None, detail=as_detail(account=user.id, role=user.role.value))
    db.session.commit()
    click.echo(f"Admin {email} created.")
