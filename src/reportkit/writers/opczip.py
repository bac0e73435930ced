"""Saving a python-docx document as a .docx (a ZIP archive), deflating recurring parts once.

python-docx deflates every part of the package on every save. Most of a report's package
is the same in every report of a brand: styles.xml (350 KB in the default reference, one
per language), stylesWithEffects.xml (438 KB), the theme, the logo. Deflating them again
took ~7 ms of a ~16 ms render. :class:`DeflateCache` keeps their deflated bytes and
:func:`save` writes the archive itself. The members, their order and their bytes are
those of python-docx's ``Document.save`` (``zipfile`` with ``ZIP_DEFLATED`` at zlib's
default level); only the parts python-docx serialises afresh (document, numbering,
settings, headers, footers, properties, relationships) are deflated each time.
"""

from __future__ import annotations

import struct
import sys
import zipfile
import zlib
from datetime import datetime
from typing import Any

#: As ``ZipFile.writestr`` writes a member: ZIP 2.0 (deflate), made on this platform,
#: permissions rw-------, UTF-8 flag only for a name that is not ASCII.
_VERSION = 20
_SYSTEM = 0 if sys.platform == "win32" else 3
_ATTRIBUTES = 0o600 << 16
_UTF8_NAME = 0x800
#: Beyond this zipfile switches to ZIP64 records; so does :func:`save`, by handing over.
_LIMIT = zipfile.ZIP64_LIMIT


class DeflateCache:
    """CRC and deflated bytes of blobs that recur from document to document, by content.

    Keys are the blobs themselves: a blob seen again is usually the very same ``bytes``
    object (python-docx keeps a part's blob; styles.xml comes from a cache), whose hash
    Python keeps, so a hit costs no hashing and no comparison.
    """

    def __init__(self, limit: int = 32) -> None:
        self.limit = limit
        self._entries: dict[bytes, tuple[int, bytes]] = {}

    def get(self, blob: bytes) -> tuple[int, bytes]:
        entry = self._entries.get(blob)
        if entry is None:
            entry = (zlib.crc32(blob), deflate(blob))
            if len(self._entries) >= self.limit:
                self._entries.clear()
            self._entries[blob] = entry
        return entry


def deflate(blob: bytes) -> bytes:
    """Raw deflate at zlib's default level, exactly what zipfile stores for a member."""
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return compressor.compress(blob) + compressor.flush()


def save(document: Any, cache: DeflateCache, when: datetime) -> bytes:
    """The .docx bytes of python-docx ``document``; deflated blobs of the parts it does
    not re-serialise (styles carried as bytes, images, themes...) come from ``cache``.

    Every member is dated ``when`` (the report's creation time), not the clock: the same
    report gives the same bytes, which ``SOURCE_DATE_EPOCH`` builds rely on."""
    from docx.opc.part import XmlPart
    from docx.opc.pkgwriter import PackageWriter

    package = document.part.package
    parts = package.parts
    for part in parts:
        part.before_marshal()
    recurring = {part.partname for part in parts if not isinstance(part, XmlPart)}
    archive = _Archive(cache, recurring, when)
    try:
        # python-docx's own sequence of members: PackageWriter.write, with this archive
        # in place of its zipfile writer
        PackageWriter._write_content_types_stream(archive, parts)
        PackageWriter._write_pkg_rels(archive, package.rels)
        PackageWriter._write_parts(archive, parts)
    except _TooLarge:
        return _zipfile_save(document)
    return archive.close()


def _zipfile_save(document: Any) -> bytes:
    # Only for packages over 2 GB (ZIP64): python-docx's own save, dated by the clock.
    import io

    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _TooLarge(Exception):
    """The archive needs ZIP64 records, which only zipfile writes."""


class _Archive:
    """A ZIP archive in memory, written member by member as ``ZipFile.writestr`` would
    (local header, deflated data; the central directory at the end). Quacks like
    python-docx's ``PhysPkgWriter``: ``write(pack_uri, blob)``."""

    def __init__(self, cache: DeflateCache, recurring: set[Any], when: datetime) -> None:
        self.cache = cache
        self.recurring = recurring
        self.chunks: list[bytes] = []
        self.size = 0
        self.central: list[bytes] = []
        # ZIP keeps a wall-clock time without zone, at 2-second resolution, 1980-2107.
        year = min(max(when.year, 1980), 2107)
        self.dos_time = when.hour << 11 | when.minute << 5 | when.second // 2
        self.dos_date = (year - 1980) << 9 | when.month << 5 | when.day

    def write(self, pack_uri: Any, blob: bytes) -> None:
        if pack_uri in self.recurring:
            crc, data = self.cache.get(blob)
        else:
            crc, data = zlib.crc32(blob), deflate(blob)
        if len(blob) * 1.05 > _LIMIT:
            raise _TooLarge
        name = pack_uri.membername
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        fields = (flags, zipfile.ZIP_DEFLATED, self.dos_time, self.dos_date, crc)
        sizes = (len(data), len(blob), len(encoded))
        local = struct.pack(
            zipfile.structFileHeader, zipfile.stringFileHeader, _VERSION, 0, *fields, *sizes, 0
        )
        self.central.append(
            struct.pack(
                zipfile.structCentralDir,
                zipfile.stringCentralDir,
                _VERSION,
                _SYSTEM,
                _VERSION,
                0,
                *fields,
                *sizes,
                0,  # extra field
                0,  # comment
                0,  # disk
                0,  # internal attributes
                _ATTRIBUTES,
                self.size,  # offset of the local header
            )
            + encoded
        )
        self.chunks += (local, encoded, data)
        self.size += len(local) + len(encoded) + len(data)
        if self.size > _LIMIT:
            raise _TooLarge

    def close(self) -> bytes:
        directory = b"".join(self.central)
        count = len(self.central)
        end = struct.pack(
            zipfile.structEndArchive,
            zipfile.stringEndArchive,
            0,
            0,
            count,
            count,
            len(directory),
            self.size,
            0,
        )
        return b"".join([*self.chunks, directory, end])
