"""The Python API: everything the command line does, as plain functions.

>>> from reportkit import parse
>>> brief = parse("Analysis\\n\\nA title\\n\\nOne paragraph.\\n\\nSource: Reuters\\n")
>>> brief.meta.title, brief.sources[0].name
('A title', 'Reuters')
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportkit.errors import InputError, UsageError
from reportkit.formats import FORMATS
from reportkit.limits import DEFAULT_MAX_BYTES
from reportkit.writers.base import Output

if TYPE_CHECKING:
    from reportkit.model import Brief


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
    """The bytes of ``path``, refusing directories, other files that are not regular
    files (a FIFO would block the run forever, a device never end), unreadable files and
    oversize input. Nothing is allocated beyond what the file holds."""
    import stat

    where = str(path)
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise InputError("is a directory, not a brief", path=where)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"is not a regular file ({_file_kind(info.st_mode)})", path=where)
        if info.st_size > max_bytes:
            raise InputError(
                f"is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit", path=where
            )
        # O_NONBLOCK: if the path was swapped for a FIFO since the check, opening it
        # must not wait for a writer.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError("is not a regular file", path=where)
            data = read_bounded(handle, max_bytes + 1)
    except FileNotFoundError:
        raise InputError("no such file", path=where) from None
    except PermissionError:
        raise InputError("permission denied", path=where) from None
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror or exc})", path=where) from None
    if len(data) > max_bytes:  # grew while we read it, or a special file
        raise InputError(f"is over the {max_bytes:,}-byte limit", path=where)
    return data


#: Bytes read at a time from a stream whose size is not known.
CHUNK = 1 << 20


def read_bounded(stream: Any, limit: int) -> bytes:
    """At most ``limit`` bytes of ``stream``, read a chunk at a time: ``read(limit)``
    would allocate ``limit`` bytes at once, however little the stream holds."""
    chunks: list[bytes] = []
    total = 0
    while total < limit:
        chunk = stream.read(min(CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def _file_kind(mode: int) -> str:
    import stat

    for test, name in (
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "a special file"


def choose_brand(brief_brand: str | None, settings: Any) -> tuple[str, str]:
    """Which brand a brief is rendered with, and why.

    ``--brand`` on the command line wins; then ``brand:`` in the brief's front matter;
    then ``REPORTKIT_BRAND`` or the config file; then the built-in ``default``.
    ``settings`` is a :class:`reportkit.config.Settings`.
    """
    name, from_brief = pick_brand(
        brief_brand, settings.brand, forced=settings.given_on_command_line("brand")
    )
    return name, "front matter of the brief" if from_brief else settings.origin.get(
        "brand", "default"
    )


def pick_brand(brief_brand: str | None, configured: str, *, forced: bool) -> tuple[str, bool]:
    """The rule itself: ``(brand, chosen by the brief?)``. A brand ``forced`` on the
    command line wins over the brief's front matter, which wins over ``configured``."""
    if brief_brand and not forced:
        return brief_brand, True
    return configured, False


def report_labels(brief: Brief, brand: Any, lang: str | None = None) -> Any:
    """The labels a report of ``brief`` prints: ``lang`` (``--lang``) if given, else the
    brief's language, with the brand's overrides for that language."""
    from reportkit.labels import labels_for

    return labels_for(lang or brief.meta.language, brand.settings.labels)


#: What ``brand=`` accepts: a loaded brand, a name on the brand search path, or a folder.
BrandRef = Any  # Brand | str | os.PathLike[str], kept lazy: brand imports YAML


def render_bytes(
    brief: Brief,
    fmt: str = "pdf",
    *,
    brand: BrandRef = "default",
    lang: str | None = None,
    toc: bool | None = None,
) -> bytes:
    """The report of ``brief`` in ``fmt`` as bytes: ``reportkit.render(brief, "pdf",
    brand="meridian")``. Its warnings (a glyph no font has, ...) go to the ``reportkit``
    logger, where a library caller routes them; :func:`render` returns them instead."""
    import logging

    output = render(brief, fmt, brand, lang=lang, toc=toc)
    log = logging.getLogger("reportkit")
    for warning in output.warnings:
        log.warning("%s: %s", fmt, warning.message)
    return output.data


def _brand(brand: BrandRef) -> Any:
    """A loaded brand from a Brand, a name or a folder."""
    from reportkit.brand import load_brand
    from reportkit.brand.model import Brand

    return brand if isinstance(brand, Brand) else load_brand(brand)


def render(
    brief: Brief,
    fmt: str,
    brand: BrandRef = "default",
    *,
    lang: str | None = None,
    toc: bool | None = None,
    pdf_variant: str | None = None,
    created: datetime | None = None,
) -> Output:
    """Render ``brief`` as ``fmt`` ("pdf", "docx", "html" or "json") with ``brand``.

    ``created`` is the creation time the PDF and DOCX metadata record (default:
    ``SOURCE_DATE_EPOCH`` if set, else now); the same inputs and ``created`` give the
    same bytes. PDF rendering reuses a warm WeasyPrint set-up per brand within the process.
    """
    if fmt == "json":
        return Output(fmt, brief.to_json().encode("utf-8"))
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    from reportkit.writers import writer_for
    from reportkit.writers.base import WriterOptions
    from reportkit.writers.context import build_report

    brand = _brand(brand)
    report = build_report(brief, brand, report_labels(brief, brand, lang), toc=toc, created=created)
    options = WriterOptions(
        standalone=True,
        pdf_variant=pdf_variant,
        identifier=f"{brief.meta.sha256}:{brand.name}",
    )
    return writer_for(fmt, brand).render(report, options)
