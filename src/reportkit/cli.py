"""The ``reportkit`` command line: options in, library calls, exit codes out.

Only click is imported at start-up. The commands live in :mod:`reportkit.commands` and
are imported when they are run (or listed by ``--help``), so ``reportkit --version``
loads none of them, and no command loads the reader or a renderer before it runs.
"""

from __future__ import annotations

import sys
from typing import Any, NoReturn

import click

from reportkit._version import __version__
from reportkit.commands._errors import CliError

#: Command name -> (module, attribute) of the command, imported on first use.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "brands": ("reportkit.commands.settings", "brands"),
    "config": ("reportkit.commands.settings", "config"),
    "convert": ("reportkit.commands.convert", "convert"),
    "doctor": ("reportkit.commands.doctor", "doctor"),
    "manifest": ("reportkit.commands.manifest", "manifest_group"),
    "parse": ("reportkit.commands.parse", "parse"),
    "schema": ("reportkit.commands.parse", "schema"),
    "watch": ("reportkit.commands.watch", "watch"),
}


class ReportkitGroup(click.Group):
    """Maps reportkit's exceptions to one-line messages and documented exit codes;
    ``--debug`` lets them through with their traceback instead.

    Its commands are imported lazily, from :data:`LAZY_COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            from importlib import import_module

            module, attribute = LAZY_COMMANDS[cmd_name]
            self.add_command(getattr(import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError:
            # No such command: click suggests close names from self.commands, so load them
            # all first ("No such command 'conv'. (Did you mean one of: 'config', ...?)").
            for name in LAZY_COMMANDS:
                self.get_command(ctx, name)
            return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """``--debug`` after the command too (``reportkit convert x --debug``), as people
        type it: moved to the front, where the group reads it; never past a ``--``."""
        cut = args.index("--") if "--" in args else len(args)
        if "--debug" in args[1:cut]:
            args = ["--debug", *(a for a in args[:cut] if a != "--debug"), *args[cut:]]
        return super().parse_args(ctx, args)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.UsageError as error:  # an option of reportkit itself
            raise _one_line(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        from reportkit.errors import EXIT_INTERNAL, ReportkitError

        debug = bool(ctx.params.get("debug"))
        try:
            return super().invoke(ctx)
        except ReportkitError as error:
            if debug:
                raise
            raise CliError(str(error), error.exit_code) from None
        except click.UsageError as error:  # a command, its options or arguments
            raise _one_line(error) from None
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


def _one_line(error: click.UsageError) -> CliError:
    """Click's usage error (usage, hint, blank line, message) as one line, like every
    other error of reportkit, pointing to the help of the command it is about."""
    ctx = error.ctx
    where = f"{ctx.info_name}: " if ctx is not None and ctx.parent is not None else ""
    helping = ctx.command_path if ctx is not None else "reportkit"
    message = " ".join(error.format_message().split()).rstrip(".")
    return CliError(f"{where}{message} (see {helping} --help)", error.exit_code)


def _quiet_broken_pipe() -> NoReturn:
    """`reportkit parse x | head` closed our stdout: exit quietly like other tools."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(1)


def _help() -> str:
    from reportkit.errors import EXIT_CODES

    codes = "\n".join(f"  {code:>3}  {meaning}" for code, meaning in EXIT_CODES.items())
    return (
        "Turn plain-text analytical briefs into structured data and branded reports.\n\n"
        f"Exit codes:\n\n\b\n{codes}"
    )


@click.group(
    cls=ReportkitGroup,
    help=_help(),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.version_option(__version__, "-V", "--version", prog_name="reportkit")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
def main(debug: bool) -> None:
    """The group; its help is built from the exit code table, --debug is read by
    ReportkitGroup."""
