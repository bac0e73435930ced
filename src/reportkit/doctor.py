"""``reportkit doctor``: is this machine able to render reports?"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from reportkit._version import __version__
from reportkit.brand.check import SCRIPTS

Status = Literal["ok", "missing", "optional"]


@dataclass(frozen=True)
class Check:
    name: str
    status: Status
    detail: str


def run_checks() -> Iterator[Check]:
    yield Check("reportkit", "ok", f"{__version__} on Python {sys.version.split()[0]}")
    yield from _weasyprint()
    yield from _fonts()
    yield from _brands()
    yield from _tools()


def _weasyprint() -> Iterator[Check]:
    try:
        import weasyprint
        from weasyprint.text import ffi
    except Exception as exc:  # ImportError, or OSError when Pango cannot be loaded
        yield Check("WeasyPrint", "missing", f"cannot be imported: {exc}")
        return
    yield Check("WeasyPrint", "ok", weasyprint.__version__)
    version = ffi.pango.pango_version()
    yield Check(
        "Pango",
        "ok" if version >= 14400 else "missing",
        f"{version // 10000}.{version // 100 % 100}.{version % 100}"
        + ("" if version >= 14400 else " (WeasyPrint needs 1.44 or later)"),
    )
    if ffi.harfbuzz_subset is None:
        yield Check(
            "HarfBuzz subsetting",
            "missing",
            "libharfbuzz-subset0 not found: fonts would be subset by fontTools, 2-3x "
            "slower (apt-get install libharfbuzz-subset0)",
        )
    else:
        yield Check("HarfBuzz subsetting", "ok", "libharfbuzz-subset present")


def _fonts() -> Iterator[Check]:
    if shutil.which("fc-list") is None:
        yield Check("fontconfig", "missing", "fc-list not found (apt-get install fontconfig)")
        return
    for lang, script in SCRIPTS.items():
        families = sorted(
            {
                line.split(",")[0].strip()
                for line in _run(["fc-list", f":lang={lang}", "family"]).splitlines()
                if line.strip()
            }
        )
        if families:
            yield Check(
                f"fonts for {script}",
                "ok",
                ", ".join(families[:4]) + (" ..." if len(families) > 4 else ""),
            )
        else:
            yield Check(
                f"fonts for {script}",
                "missing",
                "none installed (apt-get install fonts-dejavu-core)",
            )
    emoji = _run(["fc-list", ":charset=1f33e 1f4b0 1f69a", "family"]).splitlines()
    yield Check(
        "fonts for emoji",
        "ok" if emoji else "optional",
        emoji[0].split(",")[0].strip()
        if emoji
        else "none installed: emoji print as empty boxes, each reported as a missing-glyph "
        "warning (apt-get install fonts-noto-color-emoji)",
    )


def _brands() -> Iterator[Check]:
    from reportkit.brand import SearchPath, builtin_dir
    from reportkit.brandcheck import check_brand

    search = SearchPath.build(cwd=builtin_dir())
    for name in ("default", "meridian"):
        brand, problems = check_brand(builtin_dir() / name, search)
        errors = [p for p in problems if p.level == "error"]
        if brand is None or errors:
            yield Check(f"brand {name}", "missing", str(errors[0] if errors else problems[0]))
        else:
            yield Check(f"brand {name}", "ok", str(brand.folder))


def _tools() -> Iterator[Check]:
    for name, command in (
        ("LibreOffice", ["soffice", "--version"]),
        ("pandoc", ["pandoc", "--version"]),
        ("qpdf", ["qpdf", "--version"]),
        ("pdftotext", ["pdftotext", "-v"]),
    ):
        if shutil.which(command[0]) is None:
            yield Check(name, "optional", "not installed (only the test suite uses it)")
        else:
            output = _run(command, stderr=True).strip().splitlines()
            yield Check(name, "ok", output[0] if output else "installed")


def _run(args: list[str], *, stderr: bool = False) -> str:
    try:
        result = subprocess.run(args, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return result.stdout + (result.stderr if stderr else "")
