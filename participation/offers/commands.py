"""`flask purge`: delete raw free text and per-answer rows after the retention period (run daily)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from participation.extensions import db
from participation.offers.retention import purge, summary
from participation.timeutil import local_today


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say what would be deleted.")
@with_appcontext
def purge_command(dry_run: bool) -> None:
    """Delete the answers of offers past RETENTION_DAYS; tallies, participants and approved quotes stay.
    Kinderschutz texts go CONCERN_RETENTION_DAYS after their case was closed."""
    days = current_app.config["RETENTION_DAYS"]
    run = purge(
        local_today(), days, dry_run=dry_run, concern_days=current_app.config["CONCERN_RETENTION_DAYS"]
    )
    if dry_run:
        db.session.rollback()
        click.echo(f"Would purge: {summary(run, days)}.")
        return
    db.session.commit()
    click.echo(f"Purged: {summary(run, days)}.")
