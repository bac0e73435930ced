"""Page geometry of a brand: named sizes, CSS lengths and margins, in one place.

The brand file writes them as CSS does (``size: A4``, ``margins: 22mm 20mm``); the
PDF gets them as CSS, the DOCX in EMU. Both read them from here.
"""

from __future__ import annotations

import re

#: Named page sizes: width and height.
PAGE_SIZES: dict[str, tuple[str, str]] = {
    "A3": ("297mm", "420mm"),
    "A4": ("210mm", "297mm"),
    "A5": ("148mm", "210mm"),
    "B5": ("176mm", "250mm"),
    "Letter": ("8.5in", "11in"),
    "Legal": ("8.5in", "14in"),
    "Ledger": ("11in", "17in"),
}
#: A CSS length in the units a page may be measured in.
LENGTH = r"\d+(?:\.\d+)?(?:mm|cm|in|pt|pc|px)"
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|cm|in|pt|pc|px)")
#: EMU (English Metric Units, 914,400 an inch) per unit.
_EMU = {"mm": 36_000, "cm": 360_000, "in": 914_400, "pt": 12_700, "pc": 152_400, "px": 9_525}


def size_problem(size: str) -> str | None:
    """What is wrong with a page ``size`` (None: nothing)."""
    if size in PAGE_SIZES or re.fullmatch(rf"{LENGTH} {LENGTH}", size):
        return None
    return f"{size!r} is not one of {', '.join(PAGE_SIZES)} or two lengths such as '210mm 297mm'"


def margins_problem(margins: str) -> str | None:
    """What is wrong with CSS ``margins`` shorthand (None: nothing)."""
    if re.fullmatch(rf"{LENGTH}(?: {LENGTH}){{0,3}}", margins):
        return None
    return f"{margins!r} is not 1 to 4 lengths such as '20mm'"


def page_dimensions(size: str) -> tuple[str, str]:
    """Width and height of a named size or of "WIDTH HEIGHT"."""
    width, height = PAGE_SIZES.get(size) or tuple(size.split())
    return width, height


def css_box(shorthand: str) -> tuple[str, str, str, str]:
    """CSS margin shorthand -> (top, right, bottom, left): "a", "a b", "a b c", "a b c d"."""
    v = shorthand.split()
    return {1: (v[0],) * 4, 2: (v[0], v[1], v[0], v[1]), 3: (v[0], v[1], v[2], v[1]), 4: tuple(v)}[
        len(v)
    ]  # type: ignore[return-value]


def emu(length: str) -> int:
    """A CSS length as EMU, the unit of DOCX page set-up (python-docx's ``Length``)."""
    match = _LENGTH.fullmatch(length.strip())
    if not match:
        raise ValueError(f"page length {length!r} is not understood")
    return int(float(match.group(1)) * _EMU[match.group(2)])
