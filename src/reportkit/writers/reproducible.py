"""Reproducible outputs: the same brief, brand, options and ``SOURCE_DATE_EPOCH`` give the
same bytes, on any machine, at any time, in any time zone.

PDFs already are (WeasyPrint takes its dates from the report's metadata and reportkit
gives it a stable identifier); a DOCX is a ZIP package whose members carry the time they
were written, which :func:`stamp_zip` replaces with the report's creation time.
"""

from __future__ import annotations

import struct
from datetime import datetime

_END = b"PK\x05\x06"  # end of central directory record
_CENTRAL = b"PK\x01\x02"
_LOCAL = b"PK\x03\x04"


def stamp_zip(data: bytes, when: datetime) -> bytes:
    """``data`` (a ZIP archive) with the modification time of every member set to
    ``when``, rewriting the two header fields in place (nothing is recompressed).

    ZIP stores local time without a zone at 2-second resolution, from 1980 on; the wall
    clock of ``when`` is used as it is. An archive this does not understand (ZIP64, a
    multi-disk one) is returned unchanged.
    """
    end = data.rfind(_END)
    if end < 0 or len(data) < end + 22:
        return data
    count, _size, offset = struct.unpack_from("<HII", data, end + 10)
    if count == 0xFFFF or offset == 0xFFFFFFFF:
        return data  # ZIP64
    year = min(max(when.year, 1980), 2107)
    stamp = struct.pack(
        "<HH",
        when.hour << 11 | when.minute << 5 | when.second // 2,
        (year - 1980) << 9 | when.month << 5 | when.day,
    )
    out = bytearray(data)
    position = offset
    for _ in range(count):
        if out[position : position + 4] != _CENTRAL:
            return data
        name, extra, comment = struct.unpack_from("<HHH", out, position + 28)
        (local,) = struct.unpack_from("<I", out, position + 42)
        if out[local : local + 4] != _LOCAL:
            return data
        out[position + 12 : position + 16] = stamp
        out[local + 10 : local + 14] = stamp
        position += 46 + name + extra + comment
    return bytes(out)
