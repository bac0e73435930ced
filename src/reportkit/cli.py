"""The ``reportkit`` command line: options in, library calls, exit codes out.

Only click is imported at start-up; each command imports what it needs, so
``reportkit --help`` and ``--version`` never load the reader or a renderer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

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


# -- settings shared by the commands that use brands ---------------------------------------
F = TypeVar("F", bound=Callable[..., Any])


def settings_options(fn: F) -> F:
    """--config and --templates: where settings and brands come from."""
    fn = click.option(
        "--templates",
        "templates",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="A folder of brands, searched before ./templates and the "
        "built-in brands (repeatable).",
    )(fn)
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Use this reportkit.toml instead of searching for one.",
    )(fn)
    return fn


def _settings(config_path: Path | None, **flags: Any) -> Any:
    from reportkit.config import load_settings

    given = {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in flags.items() if v not in (None, ())
    }
    return load_settings(given, config_path=config_path)


def _search(settings: Any) -> Any:
    from reportkit.brand import SearchPath

    return SearchPath.build(settings.templates, extra_origin="configured")


@main.command()
@settings_options
@click.option("--brand", help="Brand name or path to a brand folder.")
@click.option("--lang", help="Language of the report's labels (default: the brief's).")
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    help="Output format: pdf, docx, html, json (repeatable).",
)
@click.option(
    "-o",
    "--output-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where reports are written.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the settings as JSON.")
def config(
    config_path: Path | None,
    templates: tuple[Path, ...],
    brand: str | None,
    lang: str | None,
    formats: tuple[str, ...],
    output_dir: Path | None,
    as_json: bool,
) -> None:
    """Show the effective settings and where each one comes from.

    Precedence: command-line flag, then environment variable (REPORTKIT_BRAND, ...),
    then reportkit.toml or [tool.reportkit] in pyproject.toml (searched from the working
    directory upwards), then the built-in default.
    """
    settings = _settings(
        config_path,
        templates=templates,
        brand=brand,
        lang=lang,
        formats=formats,
        output_dir=output_dir,
    )
    if as_json:
        import json

        data = {
            "settings": settings.to_dict(),
            "origin": settings.origin,
            "config_file": str(settings.config_file) if settings.config_file else None,
        }
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    file = settings.config_file or "none found"
    click.echo(f"config file: {file}")
    rows = settings.as_rows()
    width = max(len(key) for key, _, _ in rows)
    for key, value, origin in rows:
        click.echo(f"{key:<{width}}  {value}    [{origin}]")


@main.group()
def brands() -> None:
    """List, inspect, create and check brands (templates/<name>/_brand.yml)."""


@brands.command("list")
@settings_options
def brands_list(config_path: Path | None, templates: tuple[Path, ...]) -> None:
    """List the brands on the search path, in the order they are searched."""
    from reportkit.brand.listing import list_brands

    search = _search(_settings(config_path, templates=templates))
    rows = list_brands(search)
    width = max((len(r.name) for r in rows), default=4)
    for row in rows:
        note = "  (shadowed by an earlier one)" if row.shadowed else ""
        click.echo(f"{row.name:<{width}}  {row.description}{note}")
        click.echo(f"{'':<{width}}  {row.folder} [{row.origin}]")


@brands.command("show")
@settings_options
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of YAML.")
def brands_show(
    config_path: Path | None, templates: tuple[Path, ...], name: str, as_json: bool
) -> None:
    """Show NAME's resolved settings, after `extends` (NAME may be a path)."""
    from reportkit.brand import load_brand
    from reportkit.brand.listing import brand_as_dict

    brand = load_brand(name, _search(_settings(config_path, templates=templates)))
    data = brand_as_dict(brand)
    if as_json:
        import json

        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        import yaml

        click.echo(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), nl=False)


@brands.command("new")
@settings_options
@click.argument("name")
@click.option(
    "--from",
    "source",
    default="default",
    show_default=True,
    help="Brand to copy (a name or a folder).",
)
@click.option(
    "--dir",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("templates"),
    show_default=True,
    help="Where to create it.",
)
def brands_new(
    config_path: Path | None, templates: tuple[Path, ...], name: str, source: str, into: Path
) -> None:
    """Create brand NAME as an editable copy of another brand."""
    from reportkit.brand.scaffold import new_brand

    target = new_brand(
        name, source=source, into=into, search=_search(_settings(config_path, templates=templates))
    )
    click.echo(
        f"created {target} (a copy of {source}); edit {target / '_brand.yml'}, then "
        f"run: reportkit brands check {target}"
    )


@brands.command("check")
@settings_options
@click.argument("brand")
@click.option("--strict", is_flag=True, help="Treat warnings as problems too (exit 1).")
def brands_check(
    config_path: Path | None, templates: tuple[Path, ...], brand: str, strict: bool
) -> None:
    """Validate BRAND (a name or a folder) and lint it: colours, contrast, logo, fonts,
    reference.docx styles. Exits 1 when it has errors (or warnings, with --strict)."""
    from reportkit.brand.check import check_brand

    loaded, problems = check_brand(brand, _search(_settings(config_path, templates=templates)))
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if errors or (strict and warnings):
        raise CliError(f"{brand}: {errors} error(s), {warnings} warning(s)", 1)
    name = loaded.name if loaded else brand
    click.echo(f"ok: brand {name} ({warnings} warning(s))")


def render_options(fn: F) -> F:
    """The options convert and watch share: formats, names, inputs, workers, output
    verbosity, and what shapes the reports."""
    for option in reversed(
        [
            click.option(
                "-f",
                "--format",
                "formats",
                multiple=True,
                type=click.Choice(["pdf", "docx", "html", "json"]),
                help="Output format (repeatable). Default: from the config, else pdf and docx.",
            ),
            click.option(
                "--name",
                "name_template",
                default="{stem}",
                show_default=True,
                help="Output name template; fields: {stem} {dir} {slug} {rubric} {date} {brand}.",
            ),
            click.option(
                "-r", "--recursive", is_flag=True, help="Look for briefs in sub-folders too."
            ),
            click.option(
                "--include",
                multiple=True,
                help="Glob of files to take from folders (repeatable; default *.txt *.md).",
            ),
            click.option(
                "--exclude", multiple=True, help="Glob of files to leave out (repeatable)."
            ),
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                help="Parallel workers (default: the config's, else the number of CPUs).",
            ),
            click.option("-v", "--verbose", is_flag=True, help="One line per brief."),
            click.option("-q", "--quiet", is_flag=True, help="Only errors."),
            click.option(
                "--log-format",
                type=click.Choice(["text", "json"]),
                default="text",
                show_default=True,
                help="json: one JSON line per brief on stdout.",
            ),
            click.option(
                "--brand",
                help="Brand name or folder (default: the brief's front matter, "
                "then the config, then 'default').",
            ),
            click.option("--lang", help="Language of the report's labels (default: the brief's)."),
            click.option(
                "--toc/--no-toc",
                default=None,
                help="Add a table of contents (default: the brand decides).",
            ),
            click.option(
                "--pdf-variant",
                help="A WeasyPrint PDF variant: pdf/a-3b (archiving), pdf/ua-1 (accessible), ...",
            ),
        ]
    ):
        fn = option(fn)
    return fn


def _render_options(settings: Any, name_template: str) -> Any:
    """The RenderOptions of a run, from the effective settings."""
    from reportkit.batch.runner import RenderOptions

    return RenderOptions(
        formats=tuple(settings.formats),
        brand=settings.brand,
        brand_forced=settings.origin.get("brand", "").startswith("command line"),
        lang=settings.lang,
        toc=settings.toc,
        pdf_variant=settings.pdf_variant,
        name=name_template,
        templates=tuple(str(t) for t in settings.templates),
    )


@main.command()
@settings_options
@render_options
@click.argument("briefs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    help="A folder (ends with / or exists): incremental, with a "
    "manifest and a lock. A file, or '-' for stdout: one "
    "brief, one format. Default: next to each brief.",
)
@click.option("--force", is_flag=True, help="Convert even what the manifest says is current.")
@click.option("--dry-run", is_flag=True, help="Say what would be converted and why; write nothing.")
@click.option(
    "--wait",
    is_flag=True,
    help="If another run holds the output folder, wait for it instead of exiting with code 75.",
)
@click.option(
    "--progress/--no-progress", default=None, help="Progress bar (default: on a terminal only)."
)
@click.option("--fail-on-warning", is_flag=True, help="A brief with warnings fails.")
@click.option(
    "--timeout",
    type=click.FloatRange(min=0.1),
    help="Seconds a brief may take; a slower one fails and the batch goes on.",
)
@click.option(
    "--max-bytes", type=click.IntRange(min=1), help="Refuse larger briefs (default 10 MB)."
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    default="local",
    show_default=True,
    envvar="REPORTKIT_EXECUTOR",
    help="Where briefs are converted: local worker processes (--jobs), or a Dask "
    "cluster (needs the dask extra and --scheduler).",
)
@click.option(
    "--scheduler",
    envvar="REPORTKIT_DASK_SCHEDULER",
    help="With --executor dask: the scheduler's address, tcp://HOST:8786, or 'local' "
    "for a cluster of --jobs processes on this machine.",
)
@click.option(
    "--scheduler-timeout",
    type=click.FloatRange(min=0.1),
    default=30.0,
    show_default=True,
    help="With --executor dask: seconds to wait for the scheduler and a first worker "
    "(and for a worker when all have left); then exit 69.",
)
@click.option(
    "--shard",
    "shard_spec",
    metavar="I/N",
    help="Convert only shard I of N (0-based, e.g. $JOB_COMPLETION_INDEX/4) of the "
    "inputs, with the shard's own manifest and lock; see `reportkit manifest merge`.",
)
def convert(
    config_path: Path | None,
    templates: tuple[Path, ...],
    briefs: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    name_template: str,
    recursive: bool,
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    jobs: int | None,
    force: bool,
    dry_run: bool,
    wait: bool,
    progress: bool | None,
    verbose: bool,
    quiet: bool,
    log_format: str,
    fail_on_warning: bool,
    timeout: float | None,
    max_bytes: int | None,
    brand: str | None,
    lang: str | None,
    toc: bool | None,
    pdf_variant: str | None,
    executor: str,
    scheduler: str | None,
    scheduler_timeout: float,
    shard_spec: str | None,
) -> None:
    """Render BRIEFS (files, folders, globs; - for stdin) as branded reports.

    With an output folder the run is incremental and safe to re-run: a manifest in the
    folder records what was converted from what, unchanged briefs are skipped, every file
    is written to a temporary file and renamed, and a lock keeps two runs apart (exit
    code 75 when the folder is busy). A brief that fails is reported and the others are
    still converted (exit code 1). With --executor dask the briefs are converted on a
    Dask cluster, and this process still writes every file (exit code 69 when the
    cluster cannot be used).
    """
    import signal

    # SIGTERM (systemd, a workflow engine's cancel) stops a run like Ctrl-C does: the file
    # being written is removed and the manifest is saved.
    signal.signal(signal.SIGTERM, _interrupt)
    import os

    from reportkit.batch.inputs import discover
    from reportkit.batch.naming import check_template
    from reportkit.batch.runner import Run

    settings = _settings(
        config_path,
        templates=templates,
        brand=brand,
        lang=lang,
        formats=formats,
        toc=toc,
        pdf_variant=pdf_variant,
        jobs=jobs,
        max_bytes=max_bytes,
    )
    if settings.pdf_variant is not None:
        from reportkit.writers.pdf import check_variant

        check_variant(settings.pdf_variant)
    check_template(name_template)
    inputs = discover(briefs, recursive=recursive, include=include, exclude=exclude)
    if not inputs:
        raise CliError("no briefs found in " + ", ".join(briefs), 2)
    jobs = settings.jobs or os.cpu_count() or 1
    runner = _executor(executor, scheduler, scheduler_timeout, jobs)
    shard = None
    if shard_spec is not None:
        from reportkit.batch.shard import Shard

        shard = Shard.parse(shard_spec)
        found = len(inputs)
        inputs = [item for item in inputs if shard.selects(item)]
        if not inputs:
            if not quiet and log_format == "text":
                click.echo(f"shard {shard}: none of the {found} brief(s) is in it", err=True)
            return
    options = _render_options(settings, name_template)
    reporter = _Reporter(
        verbose=verbose, quiet=quiet, json_log=log_format == "json", dry_run=dry_run
    )
    run = Run(
        inputs,
        options,
        settings,
        output,
        jobs=jobs,
        force=force,
        dry_run=dry_run,
        wait=wait,
        fail_on_warning=fail_on_warning,
        timeout=timeout,
        report=reporter,
        executor=runner,
        shard=shard,
    )
    show_bar = (
        progress
        if progress is not None
        else (
            sys.stderr.isatty()
            and not quiet
            and not verbose
            and log_format == "text"
            and output != "-"
        )
    )
    if show_bar and not dry_run:
        with click.progressbar(length=len(inputs), file=sys.stderr, label="converting") as bar:
            run.progress = bar.update
            outcomes = run.execute()
    else:
        outcomes = run.execute()
    failed = reporter.summary(outcomes)
    if failed:
        raise CliError(f"{failed} of {len(outcomes)} brief(s) failed", 1)


def _executor(kind: str, scheduler: str | None, timeout: float, jobs: int) -> Any:
    """The executor ``--executor``/``--scheduler`` ask for; None for the local default."""
    source = click.get_current_context().get_parameter_source("scheduler")
    if kind == "local":
        if scheduler and source == click.core.ParameterSource.COMMANDLINE:
            raise CliError("--scheduler is for --executor dask", 2)
        return None
    if not scheduler:
        raise CliError(
            "--executor dask needs --scheduler tcp://HOST:8786 (or REPORTKIT_DASK_SCHEDULER); "
            "--scheduler local starts a cluster on this machine",
            2,
        )
    from reportkit.batch.executors import DaskExecutor, import_distributed

    import_distributed()  # a missing extra is a usage error before anything is read
    debug = bool(click.get_current_context().find_root().params.get("debug"))
    return DaskExecutor(scheduler.strip(), workers=jobs, timeout=timeout, quiet=not debug)


@main.group("manifest")
def manifest_group() -> None:
    """Work with the manifests of output folders."""


@manifest_group.command("merge")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument(
    "shard_manifests", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--keep", is_flag=True, help="Keep the shard manifests (default: remove the merged ones)."
)
@click.option(
    "--wait", is_flag=True, help="If a run holds the folder, wait for it instead of exiting 75."
)
def manifest_merge(folder: Path, shard_manifests: tuple[Path, ...], keep: bool, wait: bool) -> None:
    """Fold the shard manifests of FOLDER (from `convert --shard I/N` runs) into its main
    manifest, so that a later run without --shard skips what the shards converted.

    SHARD_MANIFESTS default to every .reportkit-manifest.shard-*-of-*.json in FOLDER.
    Holds the folder's lock: run it after the shards have finished. Entries whose
    outputs are missing (or were overwritten by another shard) are dropped, so they
    are converted again next time.
    """
    from reportkit.batch.lock import FolderLock
    from reportkit.batch.manifest import NAME, merge
    from reportkit.batch.runner import clean_stale_temporaries

    with FolderLock(folder, wait=wait):
        clean_stale_temporaries(folder)
        merged = merge(folder, list(shard_manifests) or None, keep=keep)
    for name in merged.dropped:
        click.echo(f"reportkit: warning: {name}: outputs missing or modified; dropped", err=True)
    click.echo(
        f"merged {len(merged.files)} shard manifest(s) into {folder / NAME}: "
        f"{merged.entries} entries" + (f", {len(merged.dropped)} dropped" if merged.dropped else "")
    )


@main.command()
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
        )
        outcomes = run.execute()
        if verbose:
            reporter.summary(outcomes)

    if not quiet and log_format == "text":
        click.echo(f"watching {inbox} -> {output} (Ctrl-C to stop)", err=True)
    watch_inbox(inbox, convert_paths, accept=accept)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


class _Reporter:
    """What a run says as it goes: per-brief lines, JSON log lines, the summary."""

    def __init__(self, *, verbose: bool, quiet: bool, json_log: bool, dry_run: bool) -> None:
        self.verbose, self.quiet, self.json_log, self.dry_run = verbose, quiet, json_log, dry_run

    def __call__(self, outcome: Any) -> None:
        from reportkit.batch.runner import log_line

        if self.json_log:
            click.echo(log_line(outcome))
            return
        if self.dry_run and not self.quiet and outcome.status != "failed":
            reason = f" ({outcome.reason})" if outcome.reason else ""
            click.echo(f"{outcome.status:<14} {outcome.name}{reason}")
            return
        if outcome.status == "failed":
            click.echo(f"reportkit: error: {outcome.name}: {outcome.error}", err=True)
            return
        if not self.quiet:
            for warning in outcome.warnings:
                click.echo(f"{outcome.name}: warning: {warning}", err=True)
        if self.verbose:
            targets = ", ".join(outcome.outputs)
            reason = f" ({outcome.reason})" if outcome.reason else ""
            click.echo(f"{outcome.status:<10} {outcome.name} -> {targets}{reason}", err=True)

    def summary(self, outcomes: list[Any]) -> int:
        counts: dict[str, int] = {}
        for outcome in outcomes:
            counts[outcome.status] = counts.get(outcome.status, 0) + 1
        failed = counts.get("failed", 0)
        if not self.quiet and not self.json_log:
            parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
            click.echo(f"{len(outcomes)} brief(s): {parts}", err=True)
            for outcome in outcomes:
                if outcome.status == "failed":
                    click.echo(f"  failed: {outcome.name}: {outcome.error}", err=True)
        return failed


@main.command()
def doctor() -> None:
    """Check the rendering stack: WeasyPrint, Pango, HarfBuzz subsetting, fonts for Latin,
    Cyrillic and Arabic, the built-in brands, and optional tools (LibreOffice, pandoc,
    qpdf, pdftotext). Exits 1 when something required is missing."""
    from reportkit.doctor import run_checks

    problems = 0
    for check in run_checks():
        mark = {"ok": "ok  ", "missing": "FAIL", "optional": "--  "}[check.status]
        click.echo(f"{mark} {check.name}: {check.detail}")
        problems += check.status == "missing"
    if problems:
        raise CliError(f"{problems} required part(s) of the rendering stack missing", 1)
