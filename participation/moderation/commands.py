"""`flask moderation check`: the free-text detector for scripts and measurements."""

import json

import click
from flask.cli import AppGroup

from participation.moderation.detector import find_flags

moderation_cli = AppGroup("moderation", help="Moderation tools on the command line.")


@moderation_cli.command("check")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-")
def check_command(source) -> None:
    """Read texts from SOURCE (standard input by default), one per line, and print one JSON object per line:
    {"text": ..., "flags": [{"kind": ..., "start": ..., "end": ...}]} with character offsets into the text."""
    for line in source:
        text = line.removesuffix("\n").removesuffix("\r")
        flags = [{"kind": f.kind, "start": f.start, "end": f.end} for f in find_flags(text)]
        click.echo(json.dumps({"text": text, "flags": flags}, ensure_ascii=False))
