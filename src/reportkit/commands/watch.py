"""``reportkit watch``: convert briefs as they arrive in an inbox folder."""

from __future__ import annotations

from pathlib import Path

import click

from reportkit.commands._common import _settings, settings_options
from reportkit.commands._run import _render_options, _Reporter, render_options


@click.command()
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
def watch(
    config_path: Path | None,
    templates: tuple[Path, ...],
    inbox: Path,
    output: str,
    formats: tuple[str, ...],
    name_template: str,
    recursive: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int | None,
    verbose: bool,
    quiet: bool,
    log_format: str,
    brand: str | None,
    lang: str | None,
    toc: bool | None,
    pdf_variant: str | None,
) -> None:
    """Convert briefs as they arrive in (or change in) INBOX, until Ctrl-C or SIGTERM.

    Uses the output folder's manifest like convert, so a restart converts only what
    changed meanwhile. A file is read once its size has stopped changing.
    """
    import os

    from reportkit.batch.inputs import DEFAULT_INCLUDE, Input, _matches, discover
    from reportkit.batch.naming import check_template
    from reportkit.batch.runner import Run
    from reportkit.batch.watch import watch as watch_inbox

    settings = _settings(
        config_path,
        templates=templates,
        brand=brand,
        lang=lang,
        formats=formats,
        toc=toc,
        pdf_variant=pdf_variant,
        jobs=jobs,
    )
    check_template(name_template)
    options = _render_options(settings, name_template)
    reporter = _Reporter(verbose=verbose, quiet=quiet, json_log=log_format == "json", dry_run=False)
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
            settings,
            folder,
            jobs=settings.jobs or os.cpu_count() or 1,
            wait=True,
            report=reporter,
            notice=(lambda message: None) if quiet else (lambda m: click.echo(m, err=True)),
        )
        outcomes = run.execute()
        if verbose:
            reporter.summary(outcomes)
        if run.unsaved is not None:  # a full disk: the watcher goes on, and says so
            click.echo(f"reportkit: error: {run.unsaved}", err=True)

    if not quiet and log_format == "text":
        click.echo(f"watching {inbox} -> {output} (Ctrl-C to stop)", err=True)
    watch_inbox(inbox, convert_paths, accept=accept)
