"""The last pass over a saved DOCX archive: dates, and members compressed in advance.

python-docx saves through :mod:`zipfile`, which stamps every member with the clock and
deflates every part on every save. Two things a report needs differently:

- the same report gives the same bytes (``SOURCE_DATE_EPOCH`` builds), so every member
  is dated with the report's creation time;
- a brand's embedded fonts (a megabyte or two) are the same in every report, so they are
  deflated once per writer (:class:`Deflated`) and spliced in here: deflating them per
  report would cost several times the rest of the report.

Only header fields are rewritten (APPNOTE.TXT 4.3.7, 4.3.12); the other members' data is
copied as it is, never inflated or deflated again.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass
from datetime import datetime

_LOCAL, _CENTRAL, _END = b"PK\x03\x04", b"PK\x01\x02", b"PK\x05\x06"
_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # 30 bytes
_CENTRAL_HEADER = struct.Struct("<4sHHHHHHIIIHHHHHII")  # 46 bytes
_END_RECORD = struct.Struct("<4sHHHHIIH")  # 22 bytes
_DATA_DESCRIPTOR = 0x0008  # flag bit 3: sizes after the data (never on a seekable file)
_DEFLATED = 8


@dataclass(frozen=True)
class Deflated:
    """A member's data deflated in advance: what the archive's headers say of it."""

    crc: int
    size: int
    payload: bytes

    @classmethod
    def of(cls, data: bytes) -> Deflated:
        packer = zlib.compressobj(6, zlib.DEFLATED, -15)  # raw deflate, as ZIP stores it
        return cls(zlib.crc32(data), len(data), packer.compress(data) + packer.flush())


def zip_stamp(when: datetime) -> tuple[int, int]:
    """ZIP's (time, date) fields: wall-clock time without zone, 2-second steps, 1980-2107."""
    year = min(max(when.year, 1980), 2107)
    return (
        when.hour << 11 | when.minute << 5 | when.second // 2,
        (year - 1980) << 9 | when.month << 5 | when.day,
    )


def finish_zip(data: bytes, when: datetime, replace: dict[str, Deflated] | None = None) -> bytes:
    """``data`` (a ZIP archive without ZIP64 records) with every member dated ``when``
    and the members named in ``replace`` holding that data instead of their own."""
    replace = replace or {}
    time, date = zip_stamp(when)
    end = data.rfind(_END)
    if end < 0:
        raise ValueError("not a ZIP archive")
    _, _, _, _, count, _, directory, _ = _END_RECORD.unpack_from(data, end)
    out = bytearray()
    central = bytearray()
    replaced = set()
    position = directory
    for _ in range(count):
        # central header: 3 flags, 4 method, 5 time, 6 date, 7 crc, 8 compressed size,
        # 9 size, 10-12 name/extra/comment lengths, 16 offset of the local header
        fields = list(_CENTRAL_HEADER.unpack_from(data, position))
        if fields[0] != _CENTRAL:
            raise ValueError("broken central directory")
        tail = data[position + 46 : position + 46 + fields[10] + fields[11] + fields[12]]
        name = tail[: fields[10]].decode("utf-8" if fields[3] & 0x800 else "cp437")
        position += 46 + len(tail)

        # local header: 2 flags, 3 method, 4 time, 5 date, 6 crc, 7 compressed size,
        # 8 size, 9-10 name/extra lengths
        offset = fields[16]
        local = list(_LOCAL_HEADER.unpack_from(data, offset))
        if local[0] != _LOCAL:
            raise ValueError(f"no local header for {name}")
        if local[2] & _DATA_DESCRIPTOR:
            raise ValueError(f"{name}: sizes after the data are not supported")
        start = offset + 30 + local[9] + local[10]
        payload = data[start : start + fields[8]]
        new = replace.get(name)
        if new is not None:
            replaced.add(name)
            payload = new.payload
            local[3:4] = fields[4:5] = [_DEFLATED]
            local[6:9] = fields[7:10] = [new.crc, len(new.payload), new.size]
        local[4:6] = fields[5:7] = [time, date]
        fields[16] = len(out)
        out += _LOCAL_HEADER.pack(*local) + data[offset + 30 : start] + payload
        central += _CENTRAL_HEADER.pack(*fields) + tail
    if len(replaced) != len(replace):
        raise ValueError(f"no member {sorted(set(replace) - replaced)[0]} to replace")
    directory_start = len(out)
    out += central
    out += _END_RECORD.pack(_END, 0, 0, count, count, len(central), directory_start, 0)
    return bytes(out)
