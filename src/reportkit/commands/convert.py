"""``reportkit convert``: briefs in, branded reports out, locally or on a Dask cluster."""

from __future__ import annotations

import sys
from typing import Any

import click

from reportkit.batch import interrupt
from reportkit.batch.interrupt import Interrupted
from reportkit.commands._common import ByteSize, Seconds, SectionedCommand, settings_options
from reportkit.commands._errors import CliError
from reportkit.commands._progress import ProgressLine
from reportkit.commands._run import RunArgs, _render_options, render_options


def _interrupt(signum: int, frame: Any) -> None:
    import signal

    # One stop is enough: a second signal must not cut short the manifest being saved.
    signal.signal(signum, signal.SIG_IGN)
    raise interrupt.request(signum)  # kept too: the run's loops raise it if it is lost


@click.command(cls=SectionedCommand)
@settings_options
@render_options
@click.argument("briefs", nargs=-1, required=True)
@click.option(
    "-o",
    "--output",
    help="A file whose extension names the format (report.pdf), '-' for stdout (one "
    "brief; PDF unless -f), or a folder (ends with /, exists, or several outputs): "
    "incremental, with a manifest and a lock. Default: next to each brief.",
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
    type=Seconds(),
    help="Seconds a brief may take; a slower one fails and the batch goes on.",
)
@click.option(
    "--max-bytes",
    type=ByteSize(),
    help="Refuse larger briefs: bytes, or 10MB, 10MiB, 500k (default: 10MiB).",
)
@click.option(
    "--executor",
    type=click.Choice(["local", "dask"]),
    help="Where briefs are converted: local worker processes (--jobs, the default), or a "
    "Dask cluster (needs the dask extra and --scheduler).",
)
@click.option(
    "--scheduler",
    help="With --executor dask: the scheduler's address, tcp://HOST:8786, or 'local' "
    "for a cluster of --jobs processes on this machine.",
)
@click.option(
    "--scheduler-timeout",
    type=Seconds(),
    default=30.0,
    help="With --executor dask: seconds to wait for the scheduler and a first worker "
    "(and for a worker when all have left), then exit 69 (default: 30).",
)
@click.option(
    "--shard",
    "shard_spec",
    metavar="I/N",
    help="Convert only shard I of N (0-based, e.g. $JOB_COMPLETION_INDEX/4) of the "
    "inputs, with the shard's own manifest and lock; see `reportkit manifest merge`.",
)
def convert(
    args: RunArgs,
    briefs: tuple[str, ...],
    output: str | None,
    force: bool,
    dry_run: bool,
    wait: bool,
    progress: bool | None,
    fail_on_warning: bool,
    timeout: float | None,
    max_bytes: int | None,
    executor: str | None,
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

    # SIGTERM (systemd, a workflow engine's cancel) and Ctrl-C stop a run at once: pending
    # briefs are cancelled, workers killed, the file being written removed, the manifest
    # saved; exit status 128 + the signal (143, 130), as a shell reports a killed job.
    interrupt.reset()  # a stop asked of an earlier run in this process is not this one's
    interrupt.quiet_unraisable()
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    from reportkit.batch.inputs import discover
    from reportkit.batch.naming import check_template
    from reportkit.batch.runner import Run
    from reportkit.limits import usable_cpus

    settings = args.settings(max_bytes=max_bytes, executor=executor, scheduler=scheduler)
    if settings.pdf_variant is not None:
        from reportkit.writers.pdf import check_variant

        check_variant(settings.pdf_variant)
    check_template(args.name_template)
    inputs = discover(briefs, recursive=args.recursive, include=args.include, exclude=args.exclude)
    if not inputs:
        raise CliError("no briefs found in " + ", ".join(briefs), 2)
    jobs = settings.jobs or usable_cpus()
    runner = _executor(settings, scheduler_timeout, jobs)
    shard = None
    if shard_spec is not None:
        from reportkit.batch.shard import Shard

        shard = Shard.parse(shard_spec)
        found = len(inputs)
        inputs = [item for item in inputs if shard.selects(item)]
        if not inputs:
            if not args.quiet and args.log_format == "text":
                click.echo(f"shard {shard}: none of the {found} brief(s) is in it", err=True)
            return
    from dataclasses import replace

    from reportkit.batch.target import resolve_output

    # -o report.pdf names the format, -o - is PDF unless -f says otherwise, -o reports is
    # a folder when there is more than one output (see reportkit.batch.target)
    output, formats = resolve_output(output, args.formats, tuple(settings.formats), len(inputs))
    options = replace(_render_options(settings, args.name_template), formats=formats)
    reporter = args.reporter(dry_run=dry_run, data_on_stdout=output == "-")
    quiet = args.quiet
    run = Run(
        inputs,
        options,
        output,
        output_dir=settings.configured_output_dir,
        max_bytes=settings.max_bytes,
        jobs=jobs,
        force=force,
        dry_run=dry_run,
        wait=wait,
        fail_on_warning=fail_on_warning,
        timeout=timeout,
        report=reporter,
        notice=(lambda message: None) if quiet else reporter.say,
        started=reporter.started,
        executor=runner,
        shard=shard,
    )
    show_bar = (
        progress
        if progress is not None
        else (
            sys.stderr.isatty()
            and not args.quiet
            and not args.verbose
            and args.log_format == "text"
            and output != "-"
        )
    )
    try:
        if show_bar and not dry_run:
            reporter.bar = ProgressLine(len(inputs), sys.stderr)
        try:
            outcomes = run.execute()
        finally:  # whatever is said next starts on a clean line
            reporter.close_bar()
    except Interrupted as stop:
        reporter.summary(run.outcomes)
        left = len(inputs) - len(run.outcomes)
        click.echo(
            f"reportkit: {signal.Signals(stop.signum).name}: stopped; {left} brief(s) not "
            "converted; run again to finish",
            err=True,
        )
        raise click.exceptions.Exit(128 + stop.signum) from None
    failed = reporter.summary(outcomes)
    if run.unsaved is not None:  # after the summary: what was done is reported first
        raise CliError(run.unsaved, 1)
    if failed and len(outcomes) > 1:
        raise CliError(f"{failed} of {len(outcomes)} brief(s) failed", 1)
    if failed:  # the one brief's error line said it all
        raise click.exceptions.Exit(1)


def _executor(settings: Any, timeout: float, jobs: int) -> Any:
    """The executor the settings ask for (``--executor``, ``REPORTKIT_EXECUTOR``,
    ``executor`` in the config); None for the local default."""
    if settings.executor == "local":
        if settings.scheduler and settings.given_on_command_line("scheduler"):
            raise CliError("--scheduler is for --executor dask", 2)
        return None
    if not settings.scheduler:
        raise CliError(
            "--executor dask needs --scheduler tcp://HOST:8786 (or REPORTKIT_DASK_SCHEDULER); "
            "--scheduler local starts a cluster on this machine",
            2,
        )
    from reportkit.batch.executors import DaskExecutor, import_distributed

    import_distributed()  # a missing extra is a usage error before anything is read
    debug = bool(click.get_current_context().find_root().params.get("debug"))
    return DaskExecutor(settings.scheduler.strip(), workers=jobs, timeout=timeout, quiet=not debug)
