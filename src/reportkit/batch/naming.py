"""Output file names from a template: ``--name '{date}-{slug}'``.

Fields: ``stem`` (the brief's file name without extension), ``dir`` (its folder below the
input folder), ``slug`` (the title, slugified), ``rubric`` (the rubric, slugified),
``date`` (the brief's date, or today), ``brand``. Names are paths relative to the output
folder; one that would leave it (``..``, an absolute path) is refused.
"""

from __future__ import annotations

import re
import string
import unicodedata
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from reportkit.errors import ReportkitError, UsageError

FIELDS = ("stem", "dir", "slug", "rubric", "date", "brand")
#: Fields that need the brief's content, so the brief is parsed before naming.
CONTENT_FIELDS = frozenset({"slug", "rubric", "date"})
MAX_SLUG = 60


def template_fields(template: str) -> set[str]:
    """The fields a template uses; an unknown field is a usage error."""
    try:
        names = {field for _, field, _, _ in string.Formatter().parse(template) if field}
    except ValueError as exc:
        raise UsageError(f"--name {template!r}: {exc}") from None
    unknown = names - set(FIELDS)
    if unknown:
        raise UsageError(
            f"--name {template!r}: unknown field {sorted(unknown)[0]!r} "
            f"(fields: {', '.join(FIELDS)})"
        )
    return names


def slugify(text: str | None, fallback: str = "untitled") -> str:
    """Lower-case words joined by hyphens; letters of any script are kept."""
    if not text:
        return fallback
    text = unicodedata.normalize("NFKC", text).casefold()
    slug = re.sub(r"[^\w]+", "-", text).strip("-_")
    slug = slug[:MAX_SLUG].rstrip("-_")
    return slug or fallback


def output_name(template: str, values: dict[str, Any]) -> PurePosixPath:
    """The relative output path (without extension) for one brief."""
    fields = {
        "stem": values.get("stem", "brief"),
        "dir": values.get("dir", ""),
        "slug": slugify(values.get("title")),
        "rubric": slugify(values.get("rubric"), "no-rubric"),
        "date": values.get("date") or date.today().isoformat(),
        "brand": values.get("brand", "default"),
    }
    name = template.format(**fields).replace("\\", "/")
    # Empty parts come from empty fields ("{dir}/{stem}" at the top of the input folder)
    # and are dropped; an absolute template or a ".." part is refused.
    path = PurePosixPath(*[part for part in name.split("/") if part not in ("", ".")])
    if template.lstrip().startswith(("/", "\\")) or ".." in path.parts or not path.parts:
        raise UsageError(
            f"--name {template!r} gives {name!r}, which is not a name inside the output folder"
        )
    return path


def check_template(template: str) -> None:
    """Refuse a bad ``--name`` before anything is read or written."""
    template_fields(template)
    output_name(
        template,
        {
            "stem": "brief",
            "dir": "sub",
            "title": "t",
            "rubric": "r",
            "date": "2024-01-01",
            "brand": "default",
        },
    )


def inside(folder: Path, relative: PurePosixPath, suffix: str) -> Path:
    """``folder/relative+suffix``, refusing a target that escapes ``folder`` through a
    symlinked sub-folder."""
    target = folder / Path(*relative.parts)
    target = target.with_name(target.name + suffix)
    if not target.parent.resolve().is_relative_to(folder.resolve()):
        # This brief's problem, not the run's: a symlinked sub-folder of the output folder.
        raise ReportkitError(f"{target} would be written outside the output folder {folder}")
    return target
