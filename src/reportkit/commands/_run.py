"""What ``reportkit convert`` and ``reportkit watch`` share: the options that shape the
reports, and the reporter that prints how each brief went."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from reportkit.commands._common import F, _settings, complete_brand
from reportkit.commands._progress import ProgressLine
from reportkit.formats import FORMATS


@dataclass(frozen=True)
class RunArgs:
    """The options convert and watch share, as one object (as Click's pass decorators
    hand commands one context object): where settings come from, what to convert, how
    to name and shape the reports, how much to say."""

    config_path: Path | None
    templates: tuple[Path, ...]
    formats: tuple[str, ...]
    name_template: str
    recursive: bool
    include: tuple[str, ...]
    exclude: tuple[str, ...]
    jobs: int | None
    verbose: bool
    quiet: bool
    log_format: str
    brand: str | None
    lang: str | None
    toc: bool | None
    pdf_variant: str | None

    def settings(self, **more: Any) -> Any:
        """The effective settings: these flags over the environment, the config file and
        the defaults (:mod:`reportkit.config`)."""
        return _settings(
            self.config_path,
            templates=self.templates,
            brand=self.brand,
            lang=self.lang,
            formats=self.formats,
            toc=self.toc,
            pdf_variant=self.pdf_variant,
            jobs=self.jobs,
            **more,
        )

    def reporter(self, *, dry_run: bool = False, data_on_stdout: bool = False) -> _Reporter:
        """What the run says; JSON log lines go to stderr when stdout carries data."""
        json_log = self.log_format == "json"
        return _Reporter(
            verbose=self.verbose,
            quiet=self.quiet,
            json_log=json_log,
            dry_run=dry_run,
            log_to_stderr=data_on_stdout,
        )


_RUN_ARGS = tuple(RunArgs.__dataclass_fields__)


def render_options(fn: F) -> F:
    """The options convert and watch share: formats, names, inputs, workers, output
    verbosity, and what shapes the reports; with ``settings_options`` outside it, the
    command gets them all as one :class:`RunArgs` (``args``)."""
    for option in reversed(
        [
            click.option(
                "-f",
                "--format",
                "-t",
                "--to",
                "formats",
                multiple=True,
                type=click.Choice(list(FORMATS)),
                help="Output format (repeatable; -t/--to as in pandoc). Default: the -o "
                "file's extension, else the config, else pdf and docx.",
            ),
            click.option(
                "--name",
                "name_template",
                default="{stem}",
                help="Output name template; fields: {stem} {dir} {slug} {rubric} {date} "
                "{brand} (default: {stem}).",
            ),
            click.option(
                "-r", "--recursive", is_flag=True, help="Look for briefs in sub-folders too."
            ),
            click.option(
                "--include",
                multiple=True,
                help="Glob of files to take from folders (repeatable; default: *.txt *.md).",
            ),
            click.option(
                "--exclude", multiple=True, help="Glob of files to leave out (repeatable)."
            ),
            click.option(
                "-j",
                "--jobs",
                type=click.IntRange(min=1),
                metavar="N",
                help="Parallel workers (default: the config's, else the number of CPUs).",
            ),
            click.option("-v", "--verbose", is_flag=True, help="One line per brief."),
            click.option("-q", "--quiet", is_flag=True, help="Only errors."),
            click.option(
                "--log-format",
                type=click.Choice(["text", "json"]),
                default="text",
                help="json: one JSON line per brief and a summary, on stdout (stderr when "
                "-o - writes the report there) (default: text).",
            ),
            click.option(
                "--brand",
                shell_complete=complete_brand,
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
        fn = option(_grouped(fn))
    return fn


def _grouped(fn: F) -> F:
    """``fn`` called with the shared options gathered in one :class:`RunArgs` (``args``)
    instead of fifteen keyword arguments."""
    if getattr(fn, "_run_args", False):
        return fn

    @functools.wraps(fn)
    def call(**kwargs: Any) -> Any:
        args = RunArgs(**{name: kwargs.pop(name) for name in _RUN_ARGS})
        return fn(args=args, **kwargs)

    call._run_args = True  # type: ignore[attr-defined]
    return call  # type: ignore[return-value]


def _render_options(settings: Any, name_template: str) -> Any:
    """The RenderOptions of a run, from the effective settings."""
    from reportkit.batch.worker import RenderOptions

    return RenderOptions(
        formats=tuple(settings.formats),
        brand=settings.brand,
        brand_forced=settings.given_on_command_line("brand"),
        lang=settings.lang,
        toc=settings.toc,
        pdf_variant=settings.pdf_variant,
        name=name_template,
        templates=tuple(str(t) for t in settings.templates),
    )


class _Reporter:
    """What a run says as it goes: per-brief lines, JSON log lines, the summary."""

    def __init__(
        self,
        *,
        verbose: bool,
        quiet: bool,
        json_log: bool,
        dry_run: bool,
        log_to_stderr: bool = False,
    ) -> None:
        self.verbose, self.quiet, self.json_log, self.dry_run = verbose, quiet, json_log, dry_run
        self.log_to_stderr = log_to_stderr  # stdout carries the report (-o -)
        #: the progress line on the terminal, if any: lines are written around it
        self.bar: ProgressLine | None = None

    def say(self, line: str) -> None:
        """Write a line to stderr, on a line of its own even while a progress line is
        drawn (it is cleared, and drawn again below)."""
        if self.bar is not None:
            self.bar.echo(line)
        else:
            click.echo(line, err=True)

    def close_bar(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None

    def started(self, name: str) -> None:
        if self.bar is not None:
            self.bar.started(name)

    def __call__(self, outcome: Any) -> None:
        self._report(outcome)
        if self.bar is not None:
            self.bar.finished(outcome.name, converted=outcome.status != "skipped")

    def _report(self, outcome: Any) -> None:
        from reportkit.batch.runner import log_line

        if self.json_log:
            click.echo(log_line(outcome), err=self.log_to_stderr)
            return
        if self.dry_run and not self.quiet and outcome.status != "failed":
            reason = f" ({outcome.reason})" if outcome.reason else ""
            click.echo(f"{outcome.status:<14} {outcome.name}{reason}")
            return
        if outcome.status == "failed":
            self.say(f"reportkit: error: {outcome.name}: {outcome.error}")
            return
        if not self.quiet:
            for warning in outcome.warnings:  # FILE:LINE: as parse and compilers say it
                where = f"{outcome.name}:{warning.line}" if warning.line else outcome.name
                what = f"{warning.format}: " if warning.format else ""
                self.say(f"{where}: warning: {what}{warning.message}")
        if self.verbose:
            targets = ", ".join(outcome.outputs)
            reason = f" ({outcome.reason})" if outcome.reason else ""
            self.say(f"{outcome.status:<10} {outcome.name} -> {targets}{reason}")

    def summary(self, outcomes: list[Any]) -> int:
        from reportkit.batch.runner import tally

        counts = tally(outcomes)
        failed = counts.get("failed", 0)
        if self.json_log:  # the last record: what the run did, for whatever reads the log
            from reportkit.batch.runner import summary_line

            click.echo(summary_line(counts, len(outcomes)), err=self.log_to_stderr)
        # One brief that failed was said once, as it happened, and one converted is where
        # it was asked to be (pandoc says nothing either): nothing to sum up. One skipped
        # is said (why no new file?). With several, the failures are listed again after
        # the lines of the others.
        alone = len(outcomes) == 1 and outcomes[0].status in ("failed", "converted")
        if not self.quiet and not self.json_log and not alone:
            parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
            click.echo(f"{len(outcomes)} brief(s): {parts}", err=True)
            for outcome in outcomes:
                if outcome.status == "failed":
                    click.echo(f"  failed: {outcome.name}: {outcome.error}", err=True)
        return failed
