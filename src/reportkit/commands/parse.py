"""``reportkit parse`` and ``reportkit schema``: a brief's structure, and the schema of it."""

from __future__ import annotations

import sys

import click

from reportkit.commands._common import ByteSize, _emit, _settings
from reportkit.commands._errors import CliError

STDIN_NAME = "<stdin>"


@click.command()
# FILE is checked by the reader, not by Click: a directory or an unreadable file is a
# bad input (exit 1, one line naming it), not a usage error.
@click.argument("file", type=click.Path(allow_dash=True))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "outline"]),
    default="json",
    help="The JSON model, or a readable outline for people (default: json).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help="Write here (atomically) instead of standard output; - is standard output.",
)
@click.option(
    "--max-bytes",
    type=ByteSize(),
    help="Refuse briefs larger than this: bytes, or 10MB, 10MiB, 500k (default: the "
    "config's max_bytes, else 10MiB).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings to stderr.")
def parse(file: str, fmt: str, output: str | None, max_bytes: int | None, quiet: bool) -> None:
    """Parse FILE (or - for standard input) and print its structure.

    The JSON form follows the schema printed by `reportkit schema`. Warnings the reader
    finds (no source line, guessed encoding, ...) are also printed to stderr as
    FILE:LINE: warning: MESSAGE, unless --quiet.
    """
    from reportkit import api

    # --max-bytes, else REPORTKIT_MAX_BYTES or the config's max_bytes, as convert reads it
    max_bytes = _settings(None, max_bytes=max_bytes).max_bytes
    if file == "-":
        data = api.read_bounded(sys.stdin.buffer, max_bytes + 1)
        if len(data) > max_bytes:
            raise CliError(f"{STDIN_NAME}: over the {max_bytes:,}-byte limit", 1)
        brief = api.parse(data, source_file=STDIN_NAME)
    else:
        brief = api.parse_file(file, max_bytes=max_bytes)

    if not quiet:
        name = STDIN_NAME if file == "-" else file
        for d in brief.diagnostics:
            if d.level != "info":
                where = f"{name}:{d.line}" if d.line else name
                click.echo(f"{where}: {d.level}: {d.message}", err=True)

    if fmt == "outline":
        from reportkit.writers.outline import render_outline

        text = render_outline(brief)
    else:
        text = brief.to_json()
    _emit(text, output)


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help="Write here (atomically) instead of standard output; - is standard output.",
)
def schema(output: str | None) -> None:
    """Print the JSON Schema of the brief model (reportkit.brief/1)."""
    import json

    from reportkit.model import json_schema

    _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", output)
