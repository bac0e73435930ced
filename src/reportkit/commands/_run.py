"""What ``reportkit convert`` and ``reportkit watch`` share: the options that shape the
reports, and the reporter that prints how each brief went."""

from __future__ import annotations

from typing import Any

import click

from reportkit.commands._common import F
from reportkit.formats import FORMATS


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
                type=click.Choice(list(FORMATS)),
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
