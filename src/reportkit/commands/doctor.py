"""``reportkit doctor``: check the rendering stack."""

from __future__ import annotations

import click

from reportkit.commands._errors import CliError


@click.command()
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
