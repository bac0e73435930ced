"""``reportkit watch``: convert briefs as they arrive in an inbox folder."""

from __future__ import annotations

from pathlib import Path

import click

from reportkit.commands._common import SectionedCommand, settings_options
from reportkit.commands._run import RunArgs, _render_options, render_options


@click.command(cls=SectionedCommand)
@settings_options
@render_options
@click.argument("inbox", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(file_okay=False),
    help="The output folder (with its manifest).",
)
def watch(args: RunArgs, inbox: Path, output: str) -> None:
    """Convert briefs as they arrive in (or change in) INBOX, until Ctrl-C or SIGTERM.

    Uses the output folder's manifest like convert, so a restart converts only what
    changed meanwhile. A file is read once its size has stopped changing.
    """
    import os

    from reportkit.batch.inputs import DEFAULT_INCLUDE, Input, _matches, discover
    from reportkit.batch.naming import check_template
    from reportkit.batch.runner import Run
    from reportkit.batch.watch import watch as watch_inbox
    from reportkit.limits import usable_cpus

    settings = args.settings()
    check_template(args.name_template)
    options = _render_options(settings, args.name_template)
    reporter = args.reporter()
    recursive, include, exclude = args.recursive, args.include, args.exclude
    verbose, quiet = args.verbose, args.quiet
    folder = output if output.endswith("/") else output + "/"

    def accept(path: Path) -> bool:
        if path.name.startswith(".") or not path.is_file():
            return False
        if not recursive and path.parent.resolve() != inbox.resolve():
            return False
        return _matches(path, include or DEFAULT_INCLUDE) and not _matches(path, exclude)

    def convert_paths(paths: list[Path] | None) -> None:
        inputs = (
            discover([str(inbox)], recursive=recursive, include=include, exclude=exclude)
            if paths is None
            # watchfiles reports absolute paths: put them in the same form as the inbox as
            # typed, so {dir} and the names in messages come out as for convert
            else [
                Input(Path(p if inbox.is_absolute() else os.path.relpath(p)), inbox) for p in paths
            ]
        )
        if not inputs:
            return
        run = Run(
            inputs,
            options,
            folder,
            max_bytes=settings.max_bytes,
            jobs=settings.jobs or usable_cpus(),
            wait=True,
            report=reporter,
            notice=(lambda message: None) if quiet else (lambda m: click.echo(m, err=True)),
        )
        outcomes = run.execute()
        if verbose:
            reporter.summary(outcomes)
        if run.unsaved is not None:  # a full disk: the watcher goes on, and says so
            click.echo(f"reportkit: error: {run.unsaved}", err=True)

    if not quiet and args.log_format == "text":
        click.echo(f"watching {inbox} -> {output} (Ctrl-C to stop)", err=True)
    watch_inbox(inbox, convert_paths, accept=accept)
