"""The Python API: everything the command line does, as plain functions.

>>> from reportkit import parse
>>> brief = parse("Analysis\\n\\nA title\\n\\nOne paragraph.\\n\\nSource: Reuters\\n")
>>> brief.meta.title, brief.sources[0].name
('A title', 'Reuters')
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from reportkit.errors import InputError
from reportkit.model import Brief

#: Briefs larger than this are refused unless the caller raises the limit.
DEFAULT_MAX_BYTES = 10 * 1024 * 1024


def parse(data: bytes | str, *, source_file: str | None = None) -> Brief:
    """Parse one brief given as raw bytes (any supported encoding) or as text.

    Raises :class:`reportkit.errors.InputError` when the input is not a usable brief
    (binary, empty, undecodable).
    """
    from reportkit.reader import read_brief

    try:
        return read_brief(data, source_file=source_file)
    except InputError as error:
        if source_file:
            error.with_path(source_file)
        raise


def parse_file(path: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Brief:
    """Read and parse the brief at ``path``; errors name the file."""
    path = Path(path)
    data = read_input(path, max_bytes=max_bytes)
    return parse(data, source_file=path.name)


def read_input(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing directories, unreadable files and oversize input."""
    where = str(path)
    try:
        size = path.stat().st_size
        if path.is_dir():
            raise InputError("is a directory, not a brief", path=where)
        if size > max_bytes:
            raise InputError(f"is {size:,} bytes, over the {max_bytes:,}-byte limit", path=where)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=where) from None
    except PermissionError:
        raise InputError("permission denied", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=where) from None
    if len(data) > max_bytes:  # grew while we read it, or a special file
        raise InputError(f"is over the {max_bytes:,}-byte limit", path=where)
    return data


def choose_brand(brief_brand: str | None, settings: Any) -> tuple[str, str]:
    """Which brand a brief is rendered with, and why.

    ``--brand`` on the command line wins; then ``brand:`` in the brief's front matter;
    then ``REPORTKIT_BRAND`` or the config file; then the built-in ``default``.
    ``settings`` is a :class:`reportkit.config.Settings`.
    """
    origin = settings.origin.get("brand", "default")
    if origin.startswith("command line") or not brief_brand:
        return settings.brand, origin
    return brief_brand, "front matter of the brief"


def report_labels(brief: Brief, brand: Any, lang: str | None = None) -> Any:
    """The labels a report of ``brief`` prints: ``lang`` (``--lang``) if given, else the
    brief's language, with the brand's overrides for that language."""
    from reportkit.labels import labels_for

    return labels_for(lang or brief.meta.language, brand.settings.labels)
