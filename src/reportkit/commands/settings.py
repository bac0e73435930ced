"""``reportkit config`` and ``reportkit brands``: the effective settings, and the brands."""

from __future__ import annotations

from pathlib import Path

import click

from reportkit.commands._common import _search, _settings, complete_brand, settings_options
from reportkit.commands._errors import CliError


@click.command()
@settings_options
@click.option(
    "--brand", shell_complete=complete_brand, help="Brand name or path to a brand folder."
)
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
    values = max(len(value) for _, value, _ in rows)
    for key, value, origin in rows:  # three aligned columns: key, value, where from
        click.echo(f"{key:<{width}}  {value:<{values}}  [{origin}]".rstrip())


@click.group()
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
@click.argument("name", shell_complete=complete_brand)
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
    help="The brand to start from, a name or a folder (default: default).",
)
@click.option(
    "--dir",
    "into",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("templates"),
    help="The folder to create it in (default: templates).",
)
@click.option(
    "--copy",
    is_flag=True,
    help="A full, editable copy of the --from brand (its templates too), instead of a "
    "_brand.yml that extends it.",
)
def brands_new(
    config_path: Path | None,
    templates: tuple[Path, ...],
    name: str,
    source: str,
    into: Path,
    copy: bool,
) -> None:
    """Create brand NAME: a _brand.yml that extends another brand and says only what
    differs (--copy: a full copy to edit)."""
    from reportkit.brand.scaffold import new_brand

    search = _search(_settings(config_path, templates=templates))
    target = new_brand(name, source=source, into=into, search=search, copy=copy)
    made = f"a copy of {source}" if copy else f"extends {source}"
    click.echo(
        f"created {target} ({made}); edit {target / '_brand.yml'}, then "
        f"run: reportkit brands check {target}"
    )


@brands.command("check")
@settings_options
@click.argument("brand", shell_complete=complete_brand)
@click.option("--strict", is_flag=True, help="Treat warnings as problems too (exit 1).")
def brands_check(
    config_path: Path | None, templates: tuple[Path, ...], brand: str, strict: bool
) -> None:
    """Validate BRAND (a name or a folder), lint it (contrast, logo, fonts,
    reference.docx styles) and render a probe brief with it: every problem in one run,
    each with file, line and key. Exits 1 on errors (or warnings, with --strict)."""
    from reportkit.brandcheck import check_brand

    loaded, problems = check_brand(brand, _search(_settings(config_path, templates=templates)))
    for problem in problems:
        click.echo(str(problem), err=True)
    errors = sum(p.level == "error" for p in problems)
    warnings = len(problems) - errors
    if errors or (strict and warnings):
        raise CliError(f"{brand}: {errors} error(s), {warnings} warning(s)", 1)
    name = loaded.name if loaded else brand
    click.echo(f"ok: brand {name} ({warnings} warning(s))")
