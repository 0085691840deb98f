"""`flask planning build-map`: the planners' map file (rebuild-counts comes from participation.answers)."""

from pathlib import Path

import click
from flask.cli import AppGroup, with_appcontext

from participation.planning.geo import MAP_FILE, write_map

planning_cli = AppGroup("planning", help="Planning data: the map and the participation rollup.")


@planning_cli.command("build-map")
@with_appcontext
def build_map_command() -> None:
    """Project and simplify the Ortsteil boundaries into the small map file the dashboard reads."""
    target = Path(__file__).resolve().parent.parent / "data" / MAP_FILE
    shapes = write_map(target)
    click.echo(f"{len(shapes['paths'])} Ortsteile written to {target} ({target.stat().st_size} bytes).")
