"""`flask planning rebuild-counts`: recount the participation rollup. It lives with the answers, which
own the rollup; create_app hangs it into the planning group where operators look for it."""

import click
from flask.cli import with_appcontext

from participation.answers.counts import rebuild_counts
from participation.extensions import db


@click.command("rebuild-counts")
@with_appcontext
def rebuild_counts_command() -> None:
    """Recount the participation rollup from the submissions (after imports or repairs)."""
    rows = rebuild_counts()
    db.session.commit()
    click.echo(f"{rows} rollup rows written.")
