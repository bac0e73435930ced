"""Optional YAML front matter: a ``---`` block at the very top that overrides metadata.

Example::

    ---
    title: Grain corridor talks stall
    date: 2024-05-14
    classification: INTERNAL
    ---

Only the keys in ``KEYS`` are used; anything else is reported and ignored. A block that is
not valid YAML, or not a mapping, is left in the text as ordinary content (with a warning)
so that nothing the author wrote disappears.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from reportkit.model import Diagnostic

KEYS = ("title", "rubric", "date", "author", "classification", "brand", "language")
#: Front matter must close within this many lines, or it is not front matter.
MAX_LINES = 60
_CLOSE = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass
class FrontMatter:
    values: dict[str, str] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # line number (1-based) of the first body line in the input
    diagnostics: list[Diagnostic] = field(default_factory=list)


def split_front_matter(text: str) -> FrontMatter:
    """Separate a leading ``---`` YAML block from the body text."""
    if not text.startswith("---\n"):
        return FrontMatter(body=text)
    close = _CLOSE.search(text, 4)
    if close is None or text.count("\n", 0, close.start()) > MAX_LINES:
        return FrontMatter(body=text)
    raw = text[4 : close.start()]
    body_start = close.end() + 1 if close.end() < len(text) else close.end()
    body_line = text.count("\n", 0, body_start) + 1

    import yaml  # only briefs with front matter pay for the import

    try:
        # BaseLoader keeps every scalar as written: "2024-02-30" or "5" are text to
        # check, not a date constructor's exception or a number.
        data = yaml.load(raw, Loader=yaml.BaseLoader)  # builds no objects: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1
        problem = getattr(exc, "problem", None) or "invalid YAML"
        return _kept_as_text(text, f"front matter is not valid YAML ({problem})", line)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        return _kept_as_text(text, "front matter is not a key: value mapping", 1)

    values: dict[str, str] = {}
    diagnostics: list[Diagnostic] = []
    for key, value in data.items():
        name = str(key).strip().casefold()
        line = _key_line(raw, str(key))
        if name not in KEYS:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "front-matter-unknown-key",
                    f"unknown front-matter key {key!r} ignored (known: {', '.join(KEYS)})",
                    line=line,
                )
            )
            continue
        if isinstance(value, dt.datetime | dt.date):
            value = value.isoformat()
        if value is None:
            continue
        if isinstance(value, dict | list):
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "front-matter-type",
                    f"front-matter key {key!r} must be a single value, not a "
                    f"{type(value).__name__}; ignored",
                    line=line,
                )
            )
            continue
        problem = _check_value(name, str(value).strip())
        if problem:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "front-matter-value",
                    f"front-matter key {key!r}: {problem}; ignored",
                    line=line,
                )
            )
            continue
        values[name] = str(value).strip()
    return FrontMatter(values, text[body_start:], body_line, diagnostics)


def _kept_as_text(text: str, problem: str, line: int) -> FrontMatter:
    """Front matter we cannot use stays in the body, so none of its words are lost."""
    return FrontMatter(
        body=text,
        diagnostics=[
            Diagnostic("warning", "front-matter-invalid", f"{problem}; kept as text", line=line)
        ],
    )


LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
BRAND_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


def _check_value(name: str, value: str) -> str | None:
    """What is wrong with a front-matter value, if anything."""
    if name == "language" and not LANGUAGE.match(value):
        return f"{value!r} is not a language code such as 'en' or 'ru'"
    if name == "brand" and (not BRAND_NAME.match(value) or ".." in value):
        # An untrusted brief may choose among the installed brands, never a folder on disk.
        return f"{value!r} is not a brand name (a brief cannot name a folder)"
    return None


def _key_line(raw: str, key: str) -> int:
    for number, line in enumerate(raw.split("\n"), start=2):
        if line.lstrip().startswith(f"{key}:"):
            return number
    return 1
