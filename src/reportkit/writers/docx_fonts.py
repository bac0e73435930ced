"""A brand's font files embedded in its DOCX, so the document looks the same on a machine
without them (ECMA-376 Part 1, §17.8.1 and §17.8.3.3).

Word and LibreOffice both read embedded fonts: each file is a part ``word/fonts/fontN.odttf``
related to ``fontTable.xml``, whose ``w:font`` names it with ``w:embedRegular`` (Bold,
Italic, BoldItalic) and a ``w:fontKey``; ``w:embedTrueTypeFonts`` in settings.xml says the
document carries fonts. The file is "obfuscated": its first 32 bytes are XORed with the
key's 16 bytes, a speed bump against lifting fonts out of documents, not encryption.

A brand embeds only when it says its font licences allow it (``embed_fonts: true``) and a
file's own embedding bits agree: a font marked "restricted licence embedding" is skipped,
with a warning, whatever the brand says.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportkit.brand.model import Font

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
#: Settings that come before w:embedTrueTypeFonts in CT_Settings (Word checks the order).
_SETTINGS_BEFORE = (
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData",
)  # fmt: skip
#: The w:embed* children of w:font, last in CT_Font and in this order.
_EMBED_ORDER = ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic")
#: OS/2 fsType bit 1: the vendor allows no embedding at all.
_RESTRICTED = 0x0002


@dataclass(frozen=True)
class FontPart:
    """One font file as the DOCX carries it."""

    family: str
    element: str  # "embedRegular", "embedBold", ...
    key: str  # "{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}"
    data: bytes  # obfuscated


def font_parts(fonts: Iterable[Font]) -> tuple[list[FontPart], list[str]]:
    """The parts for every file of ``fonts`` that may be embedded, and a warning for each
    that may not (or cannot be read). One file per family and style: the first wins."""
    parts: list[FontPart] = []
    warnings: list[str] = []
    seen: set[tuple[str, str]] = set()
    for font in fonts:
        for file in font.files:
            element = _element(file.weight, file.style)
            if (font.family, element) in seen:
                continue
            try:
                data = Path(file.path).read_bytes()
            except OSError as exc:
                warnings.append(f"font {file.path.name} not embedded: {exc.strerror or exc}")
                continue
            problem = embedding_problem(data)
            if problem:
                warnings.append(f"font {file.path.name} not embedded: {problem}")
                continue
            seen.add((font.family, element))
            key = font_key(data)
            parts.append(FontPart(font.family, element, key, obfuscate(data, key)))
    return parts, warnings


def _element(weight: int, style: str) -> str:
    bold = weight >= 600
    italic = style in ("italic", "oblique")
    return _EMBED_ORDER[bold + 2 * italic]


def embedding_problem(data: bytes) -> str | None:
    """Why a TrueType/OpenType file may not be embedded, or None (read from its OS/2
    table's fsType, which is what Word checks)."""
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"OTTO", b"true"):
        return "not a TrueType or OpenType font file"
    (tables,) = struct.unpack_from(">H", data, 4)
    for index in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == b"OS/2":
            (fs_type,) = struct.unpack_from(">H", data, offset + 8)
            if fs_type & 0x000F == _RESTRICTED:
                return "its licence bits forbid embedding (OS/2 fsType 2)"
            return None
    return None  # no OS/2 table: nothing forbids it


def font_key(data: bytes) -> str:
    """A GUID for ``data``, derived from its content so the same brand gives the same
    bytes on every run (Word makes a random one)."""
    import uuid

    return f"{{{uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])}}}".upper()


def obfuscate(data: bytes, key: str) -> bytes:
    """§17.8.1: the key's 16 bytes in reverse order of its hex digits, XORed over the
    first 32 bytes of the font. The same operation undoes it."""
    digits = key.strip("{}").replace("-", "")
    mask = bytes.fromhex(digits)[::-1]
    head = bytes(byte ^ mask[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def embed(document: Any, parts: list[FontPart]) -> dict[str, bytes]:
    """Relate ``parts`` to the font table of python-docx ``document`` and mark the
    document as carrying fonts. The parts are created empty: the returned
    ``{member name: data}`` is what the archive must hold (spliced in when saving, see
    :mod:`reportkit.writers.zipfinish`)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn
    from lxml.etree import SubElement

    main = document.part
    table_part = main.part_related_by(RT.FONT_TABLE)
    table = parse_xml(table_part.blob)
    families = {item.family for item in parts}
    for font in table.iterchildren(qn("w:font")):
        if font.get(qn("w:name")) in families:  # the reference's own embedding is replaced
            for old in [c for c in font if c.tag.split("}")[1] in _EMBED_ORDER]:
                font.remove(old)
    members: dict[str, bytes] = {}
    for number, item in enumerate(parts, start=1):
        partname = PackURI(f"/word/fonts/font{number}.odttf")
        part = Part(partname, CONTENT_TYPE, b"", main.package)
        rid = table_part.relate_to(part, RELATIONSHIP)
        font = _font_element(table, item.family)
        embedded = SubElement(font, qn(f"w:{item.element}"))
        embedded.set(qn("r:id"), rid)
        embedded.set(qn("w:fontKey"), item.key)
        members[partname.membername] = item.data
    for font in table.iterchildren(qn("w:font")):
        _order_embeds(font, qn)
    from docx.opc.oxml import serialize_part_xml

    table_part._blob = serialize_part_xml(table)  # a plain Part: its XML is its blob
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is None:
        before = {qn(f"w:{name}") for name in _SETTINGS_BEFORE}
        index = max((i + 1 for i, c in enumerate(settings) if c.tag in before), default=0)
        settings.insert(index, settings.makeelement(qn("w:embedTrueTypeFonts"), {}))
    return members


def _font_element(table: Any, family: str) -> Any:
    from docx.oxml.ns import qn
    from lxml.etree import SubElement

    for font in table.iterchildren(qn("w:font")):
        if font.get(qn("w:name")) == family:
            return font
    font = SubElement(table, qn("w:font"))
    font.set(qn("w:name"), family)
    SubElement(font, qn("w:charset")).set(qn("w:val"), "00")
    SubElement(font, qn("w:family")).set(qn("w:val"), "auto")
    SubElement(font, qn("w:pitch")).set(qn("w:val"), "variable")
    return font


def _order_embeds(font: Any, qn: Any) -> None:
    """w:embed* after the font's description and in schema order."""
    embeds = [c for c in font if c.tag.split("}")[1] in _EMBED_ORDER]
    for child in embeds:
        font.remove(child)
    embeds.sort(key=lambda c: _EMBED_ORDER.index(c.tag.split("}")[1]))
    font.extend(embeds)


__all__ = ["CONTENT_TYPE", "FontPart", "embed", "embedding_problem", "font_parts", "obfuscate"]
