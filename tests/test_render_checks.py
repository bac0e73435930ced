"""Render-time checks that turn silent renderer fallbacks into visible problems."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import reportkit
from reportkit.api import render
from reportkit.brand import BrandError, load_brand

BRIEF = "Analysis\n\nA title\n\nA body paragraph with words.\n\nSource: Reuters\n"


def test_a_brand_font_that_is_not_installed_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "ghost"
    folder.mkdir()
    (folder / "_brand.yml").write_text(
        textwrap.dedent("""\
        typography:
          fonts: [{family: Ghost Sans Nowhere, source: system}]
          base: {family: Ghost Sans Nowhere}
        defaults: {reportkit: {extends: default}}
        """)
    )
    brand = load_brand(folder)
    with pytest.raises(BrandError, match="brand font 'Ghost Sans Nowhere' is not in the PDF"):
        render(reportkit.parse(BRIEF), "pdf", brand)


def test_missing_glyphs_become_warnings() -> None:
    """DejaVu has no CJK glyphs: WeasyPrint draws boxes and says so; reportkit reports it
    instead of letting it pass silently."""
    brief = reportkit.parse(BRIEF.replace("with words", "with 中文字符 in it"))
    output = render(brief, "pdf", load_brand("default"))
    assert any(w.code == "missing-glyph" and "中" in w.message for w in output.warnings)


def test_doctor_reports_the_rendering_stack() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reportkit", "doctor"], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    lines = proc.stdout.splitlines()
    for part in (
        "WeasyPrint",
        "Pango",
        "HarfBuzz subsetting",
        "fonts for Latin",
        "fonts for Cyrillic",
        "fonts for Arabic",
        "brand default",
        "brand meridian",
    ):
        assert any(line.startswith("ok") and f" {part}:" in line for line in lines), part
