import time as clock
from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from participation.extensions import db
from participation.planning.counts import rebuild_counts
from participation.planning.geo import MAP_FILE, write_map
from participation.planning.synthetic import seed_synthetic
from participation.timeutil import local_today

planning_cli = AppGroup("planning", help="Planning data: the map and the participation rollup.")


@click.command("seed-synthetic")
@click.option("--offers", default=2000, show_default=True, help="How many offers to add.")
@click.option("--answers", default=1_000_000, show_default=True, help="How many submissions to add.")
@click.option("--seed", default=1, show_default=True, help="Random seed: the same seed gives the same data.")
@with_appcontext
def seed_synthetic_command(offers: int, answers: int, seed: int) -> None:
    """Add a realistic synthetic data set for benchmarks (never into a production database)."""
    started = clock.perf_counter()
    result = seed_synthetic(offers=offers, answers=answers, seed=seed, today=local_today())
    db.session.commit()
    click.echo(f"Added {result['offers']} offers, {result['submissions']} submissions, {result['answers']} "
               f"answers; {result['rollup_rows']} rollup rows; {clock.perf_counter() - started:.1f} s.")


@planning_cli.command("rebuild-counts")
@with_appcontext
def rebuild_counts_command() -> None:
    """Recount the participation rollup from the submissions (after imports or repairs)."""
    rows = rebuild_counts()
    db.session.commit()
    click.echo(f"{rows} rollup rows written.")


@planning_cli.command("build-map")
@with_appcontext
def build_map_command() -> None:
    """Project and simplify the Ortsteil boundaries into the small map file the dashboard reads."""
    target = Path(__file__).resolve().parent.parent / "data" / MAP_FILE
    shapes = write_map(target)
    click.echo(f"{len(shapes['paths'])} Ortsteile written to {target} ({target.stat().st_size} bytes).")
