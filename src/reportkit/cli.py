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


@main.command()
@settings_options
@click.argument("briefs", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@click.option(
    "-f",
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["pdf", "docx", "html", "json"]),
    help="Output format (repeatable). Default: from the config, else pdf and docx.",
)
@click.option(
    "-o",
    "--output",
    help="Output file, '-' for stdout, or a folder (ends with / "
    "or exists). Default: next to each brief.",
)
@click.option(
    "--brand",
    help="Brand name or folder (default: the brief's front matter, "
    "then the config, then 'default').",
)
@click.option("--lang", help="Language of the report's labels (default: the brief's).")
@click.option(
    "--toc/--no-toc", default=None, help="Add a table of contents (default: the brand decides)."
)
@click.option(
    "--pdf-variant",
    help="A WeasyPrint PDF variant, e.g. pdf/a-3b (archiving) or pdf/ua-1 (accessible).",
)
@click.option("-q", "--quiet", is_flag=True, help="Do not print warnings.")
def convert(
    config_path: Path | None,
    templates: tuple[Path, ...],
    briefs: tuple[str, ...],
    formats: tuple[str, ...],
    output: str | None,
    brand: str | None,
    lang: str | None,
    toc: bool | None,
    pdf_variant: str | None,
    quiet: bool,
) -> None:
    """Render BRIEFS as branded reports (PDF, DOCX, standalone HTML, or the JSON model).

    Each output is written to a temporary file and renamed into place. A brief that
    fails is reported and the others are still converted; the exit code is then 1.
    """
    from reportkit.convert import Job, run_job

    settings = _settings(
        config_path,
        templates=templates,
        brand=brand,
        lang=lang,
        formats=formats,
        toc=toc,
        pdf_variant=pdf_variant,
    )
    job = Job.plan(briefs, settings, output=output)
    failures = run_job(job, settings, echo=lambda m: None if quiet else click.echo(m, err=True))
    if failures:
        raise CliError(f"{failures} of {len(briefs)} brief(s) failed", 1)


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
