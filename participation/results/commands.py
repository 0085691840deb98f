"""`flask results CODE`: an offer's participants and tallies as JSON or CSV, for staff on the command line."""

import json

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from participation.extensions import db
from participation.offers.models import Offer
from participation.offers.services import normalise_code
from participation.results.services import results_dict
from participation.spreadsheets import csv_text


@click.command("results")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json", show_default=True)
@with_appcontext
def results(code: str, fmt: str) -> None:
    """Print an offer's participants and tallies per question (free text counted, not printed)."""
    offer = db.session.scalar(select(Offer).where(Offer.code == normalise_code(code)))
    if offer is None:
        raise click.ClickException(f"No offer with code {code!r}.")
    data = results_dict(offer)
    if fmt == "json":
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    header = ["code", "participants", "question", "prompt", "kind", "key", "count"]
    rows = [
        [data["code"], data["participants"], number, question["prompt"], question["kind"], key, count]
        for number, question in enumerate(data["questions"], start=1)
        for key, count in question["tallies"].items()
    ]
    click.echo(csv_text(header, rows), nl=False)
