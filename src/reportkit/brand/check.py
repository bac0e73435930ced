"""Brand lint: what makes a brand load (errors) and what makes it good (warnings).

Every problem is reported in one run, each with its file, line and key where it has them
(the file of the ``extends`` chain that sets the key):

* the brand loads at all (every error of :mod:`reportkit.brand.loader`); what could be
  built despite them is linted too;
* WCAG 2.1 contrast of text, heading and link colours against the background;
* a logo, with alt text;
* every font family resolves to a real font file through fontconfig (``fc-match``),
  and the family chain covers Latin, Cyrillic and Arabic script;
* a brand's own ``reference.docx`` defines every style the DOCX writer uses.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from reportkit.brand.chain import BrandDoc, dotted, locate, read_chain
from reportkit.brand.loader import load_brand
from reportkit.brand.model import DOCX_STYLES, FALLBACK_FAMILIES, Brand
from reportkit.brand.search import SearchPath
from reportkit.errors import BrandError

#: Scripts a report must be able to show: fontconfig language code -> name.
SCRIPTS = {"en": "Latin", "ru": "Cyrillic", "ar": "Arabic"}
#: WCAG 2.1 AA minimum for body text.
MIN_CONTRAST = 4.5

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One problem: ``error: templates/acme/_brand.yml:4: color.primary: ...``."""

    level: Level
    message: str
    path: str | None = None
    line: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.path and self.line is not None else self.path
        return ": ".join(part for part in (self.level, where, self.key, self.message) if part)


class _Locate:
    """Where a key of the brand is set: the nearest file of its chain that sets it."""

    def __init__(self, docs: list[BrandDoc]) -> None:
        self.docs = docs

    def __call__(self, level: Level, keys: tuple[str, ...], message: str) -> Problem:
        where = locate(self.docs, keys)  # a chain has one document at least
        return Problem(level, message, where["path"], where["line"], dotted(keys))


def lint_brand(
    ref: str | Path, search: SearchPath | None = None
) -> tuple[Brand | None, list[Problem]]:
    """Load brand ``ref`` and lint it: the brand (None if it does not load) and every
    problem; errors mean the brand is unusable. :func:`reportkit.brandcheck.check_brand`
    also renders with it."""
    search = search or SearchPath.build()
    loaded: Brand | None = None
    try:
        brand = loaded = load_brand(ref, search)
        problems: list[Problem] = []
    except BrandError as error:  # every problem the loader found, each on its own line
        problems = [_from_loader(problem) for problem in error.problems]
        if error.partial is None:
            return None, problems
        brand = error.partial  # lint what could be built: one run, every problem
    at = _Locate(read_chain(brand.folder, search))
    problems += [
        *_links_out(brand),
        *_contrast(brand, at),
        *(_logo(brand, at) if loaded else []),  # a logo file not found was said already
        *_fonts(brand, at),
        *_reference_docx(brand),
    ]
    return loaded, problems


def _from_loader(error: BrandError) -> Problem:
    """A loader's problem as a lint problem (its message starts with the dotted key)."""
    key, sep, message = error.message.partition(": ")
    if not sep or " " in key:
        key, message = "", error.message
    return Problem("error", message, error.path, error.line, key or None)


# -- files --------------------------------------------------------------------------------
def _links_out(brand: Brand) -> list[Problem]:
    """Files of the brand that are links to outside its folder: reportkit refuses them."""
    problems = []
    root = brand.folder.resolve()
    for path in sorted(brand.folder.rglob("*")):
        if path.is_symlink() and not path.resolve().is_relative_to(root):
            problems.append(
                Problem("error", "is a link to a file outside the brand folder", str(path))
            )
    return problems


# -- colours --------------------------------------------------------------------------------
def luminance(color: str) -> float:
    """WCAG 2.1 relative luminance of ``#rrggbb``."""
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def _contrast(brand: Brand, at: _Locate) -> list[Problem]:
    background = brand.color("background", "#ffffff")
    pairs = {
        ("color", "foreground"): ("body text", brand.color("foreground", "#000000")),
        ("typography", "headings", "color"): ("headings", brand.typography.headings_color),
        ("typography", "link", "color"): ("links", brand.typography.link_color),
        ("color", "primary"): ("rules, numbers, banner", brand.colors.get("primary")),
    }
    problems = []
    for keys, (what, color) in pairs.items():
        if color is None:
            continue
        ratio = contrast(color, background)
        if ratio < MIN_CONTRAST:
            problems.append(
                at(
                    "warning",
                    keys,
                    f"{color} ({what}) on background {background} has contrast "
                    f"{ratio:.2f}:1, below the WCAG 2.1 AA minimum of {MIN_CONTRAST}:1",
                )
            )
    return problems


# -- logo -----------------------------------------------------------------------------------
def _logo(brand: Brand, at: _Locate) -> list[Problem]:
    if not brand.logos:
        return [at("warning", ("logo",), "no logo (reports will show the brand name only)")]
    return [
        at("warning", ("logo", size), "no alt text (screen readers and PDF/UA need it)")
        for size, logo in brand.logos.items()
        if not logo.alt
    ]


# -- fonts ----------------------------------------------------------------------------------
def _fonts(brand: Brand, at: _Locate) -> list[Problem]:
    if shutil.which("fc-match") is None or shutil.which("fc-query") is None:
        return [Problem("warning", "fontconfig (fc-match) not found: fonts were not checked")]
    problems: list[Problem] = []
    shipped = {font.family.casefold(): font for font in brand.fonts if font.source == "file"}
    used = {
        ("typography", "base", "family"): brand.typography.base_family,
        ("typography", "headings", "family"): brand.typography.headings_family,
        ("typography", "monospace", "family"): brand.typography.monospace_family,
    }
    for font in brand.fonts:
        for file in font.files:
            families = _query(file.path, "%{family}")
            if font.family.casefold() not in {f.casefold() for f in families.split(",")}:
                problems.append(
                    at(
                        "error",
                        ("typography", "fonts"),
                        f"{file.path.name} holds family {families!r}, not {font.family!r}",
                    )
                )
    for keys, family in used.items():
        if family is None or family.casefold() in shipped:
            continue
        found = _run(["fc-match", "-f", "%{family}", family]).split(",")
        if family.casefold() not in {f.strip().casefold() for f in found}:
            problems.append(
                at(
                    "error",
                    keys,
                    f"font family {family!r} is not installed (fontconfig would silently "
                    f"use {found[0]!r}); ship it with source: file or install it",
                )
            )
    chain = [f for f in (brand.typography.base_family, *FALLBACK_FAMILIES) if f]
    for lang, script in SCRIPTS.items():
        if not any(_covers(family, lang, shipped) for family in chain):
            problems.append(
                at(
                    "error",
                    ("typography", "base", "family"),
                    f"no font in {chain} covers {script} script",
                )
            )
    return problems


def _covers(family: str, lang: str, shipped: dict[str, object]) -> bool:
    font = shipped.get(family.casefold())
    if font is not None:
        return any(lang in _query(f.path, "%{lang}").split("|") for f in font.files)  # type: ignore[attr-defined]
    return bool(_run(["fc-list", f"{family}:lang={lang}", "family"]).strip())


def _query(path: Path, fmt: str) -> str:
    return _run(["fc-query", "-f", fmt, str(path)])


def _run(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=20, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return ""


# -- reference.docx -------------------------------------------------------------------------
def _reference_docx(brand: Brand) -> list[Problem]:
    """Only the brand's own reference.docx is checked: inherited ones were checked with
    the brand they belong to."""
    from reportkit.brand.reference import PackageError, read_reference

    path = brand.folder / "reference.docx"
    if not path.is_file():
        return []
    try:
        package = read_reference(path)
    except (PackageError, OSError) as error:
        why = error.strerror if isinstance(error, OSError) and error.strerror else error
        return [Problem("error", str(why), str(path))]
    problems = [
        Problem(
            "warning",
            f"external relationship {note} is dropped from every report "
            "(Word would fetch it when a report is opened)",
            str(path),
        )
        for note in package.dropped
    ]
    missing = missing_docx_styles(package.data)
    if missing is None:
        return [*problems, Problem("error", "not a Word document python-docx can open", str(path))]
    problems += [
        Problem(
            "error",
            f"style {name!r} is missing (the DOCX writer needs it; "
            "add it in Word: Styles pane, New Style, or copy the default "
            "brand's reference.docx)",
            str(path),
        )
        for name in missing
    ]
    return problems


def missing_docx_styles(source: Path | bytes) -> list[str] | None:
    """Styles of :data:`DOCX_STYLES` that ``path`` lacks, or None if it is not a DOCX.

    Styles are matched by their built-in name, which Word keeps in English (lower case)
    in styles.xml whatever the user interface language, so a reference document saved by
    a localised Word still matches.
    """
    import io

    import docx

    try:
        document = docx.Document(io.BytesIO(source) if isinstance(source, bytes) else str(source))
    except Exception:  # python-docx raises many kinds for a package it cannot read
        return None
    names = {style.name.casefold() for style in document.styles if style.name}
    return [name for name in DOCX_STYLES if name.casefold() not in names]
