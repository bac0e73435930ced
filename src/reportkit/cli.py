"""The ``reportkit`` command line: options in, library calls, exit codes out.

Only click is imported at start-up; each command imports what it needs, so
``reportkit --help`` and ``--version`` never load the reader or a renderer.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from reportkit import __version__
from reportkit.errors import EXIT_INTERNAL, ReportkitError

STDIN_NAME = "<stdin>"


class CliError(click.ClickException):
    """A ReportkitError shown as one line on stderr, with its own exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"reportkit: error: {self.format_message()}", err=True)


class ReportkitGroup(click.Group):
    """Maps reportkit's exceptions to one-line messages and documented exit codes;
    ``--debug`` lets them through with their traceback instead."""

    def invoke(self, ctx: click.Context) -> Any:
        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except ReportkitError as error:
            if debug:
                raise
            raise CliError(str(error), error.exit_code) from None
        except (click.exceptions.Exit, click.ClickException, click.Abort):
            raise
        except BrokenPipeError:
            _quiet_broken_pipe()
        except Exception as error:
            if debug:
                raise
            raise CliError(
                f"internal error: {type(error).__name__}: {error} "
                "(this is a bug in reportkit; run with --debug for the traceback)",
                EXIT_INTERNAL,
            ) from None


@click.group(cls=ReportkitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="reportkit")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
def main(debug: bool) -> None:
    """Turn plain-text analytical briefs into structured data and branded reports.

    Exit codes: 0 success; 1 an input could not be used or an output not written;
    2 usage or configuration error; 70 internal error (please report it, with the
    output of --debug).
    """


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-f",
    "--format",
    "fmt",
    type=click.Choice(["json", "outline"]),
    default="json",
    show_default=True,
    help="JSON model, or a readable outline for people.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here (atomically) instead of standard output.",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(min=1),
    default=10 * 1024 * 1024,
    show_default=True,
    help="Refuse briefs larger than this.",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings to stderr.")
def parse(file: str, fmt: str, output: str | None, max_bytes: int, quiet: bool) -> None:
    """Parse FILE (or - for standard input) and print its structure.

    The JSON form follows the schema printed by `reportkit schema`. Warnings the reader
    finds (no source line, guessed encoding, ...) are also printed to stderr as
    FILE:LINE: warning: MESSAGE, unless --quiet.
    """
    from reportkit import api

    if file == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
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


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write here (atomically) instead of standard output.",
)
def schema(output: str | None) -> None:
    """Print the JSON Schema of the brief model (reportkit.brief/1)."""
    import json

    from reportkit.model import json_schema

    _emit(json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n", output)


def _emit(text: str, output: str | None) -> None:
    if output:
        from reportkit.atomic import write_atomic

        try:
            write_atomic(output, text.encode("utf-8"))
        except (NotADirectoryError, FileExistsError):
            raise CliError(
                f"{output}: cannot be written (a file is in the way of its folder)", 1
            ) from None
        except OSError as exc:
            raise CliError(f"{output}: cannot be written ({exc.strerror or exc})", 1) from None
    else:
        click.echo(text, nl=False)


def _quiet_broken_pipe() -> NoReturn:
    """`reportkit parse x | head` closed our stdout: exit quietly like other tools."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)
