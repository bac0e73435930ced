"""A brand's ``reference.docx``, read as untrusted input: bounded, and made inert.

Every DOCX report starts as a copy of the reference document, so whatever it holds is in
every report: a 1 MB file that unpacks a 1 GiB part would cost gigabytes per worker and
per output, and an ``attachedTemplate`` that points to a URL makes Word fetch it (and
hand the reader's credentials to its host) each time a report is opened. So the package
is read with limits on its size, its parts, their sum and their compression ratio, and
external relationships are dropped, with the XML that used them, before python-docx
sees the document. External hyperlinks stay: nothing follows them until a reader clicks.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from reportkit.limits import read_regular

#: The largest reference document read (Word's own templates are well under 1 MB; a
#: brand that embeds its fonts reaches a few MB).
MAX_FILE = 32 << 20
#: The largest part, unpacked, and the sum of all parts.
MAX_PART = 32 << 20
MAX_TOTAL = 64 << 20
#: Parts a package may have; Word writes a dozen or two.
MAX_PARTS = 1000
#: A part larger than 1 MiB unpacked may be at most this many times its packed size
#: (XML packs 10-20 times; a bomb a thousand times and more).
MAX_RATIO = 100

TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class PackageError(ValueError):
    """The reference document cannot be used; the message says why, in one line."""


@dataclass
class Package:
    """The reference document as a ``.docx`` (a ``.dotx`` relabelled), and what was
    dropped from it: ``"attachedTemplate -> https://..."`` per external relationship."""

    data: bytes
    dropped: list[str] = field(default_factory=list)


def read_reference(path: Path) -> Package:
    """The bounded, inert package of ``path``; :class:`PackageError` if unusable,
    ``OSError`` if unreadable."""
    parts = _parts(read_regular(path, MAX_FILE))
    dropped: list[str] = []
    for name in [n for n in parts if n.endswith(".rels")]:
        parts[name], ids, notes = _drop_external(parts[name])
        dropped += notes
        source = _source_of(name)
        if ids and source in parts:
            parts[source] = _drop_references(parts[source], ids)
    types = "[Content_Types].xml"
    if types in parts and TEMPLATE_TYPE.encode() in parts[types]:
        parts[types] = parts[types].replace(TEMPLATE_TYPE.encode(), DOCUMENT_TYPE.encode())
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, content in parts.items():
            target.writestr(name, content)
    return Package(out.getvalue(), dropped)


def _parts(data: bytes) -> dict[str, bytes]:
    """Every part of the ZIP ``data``, unpacked within the limits."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise PackageError("not a Word document (not a ZIP package, or truncated)") from None
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise PackageError(f"has {len(infos):,} parts; a Word document has a few dozen")
    parts: dict[str, bytes] = {}
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        declared = info.file_size
        if declared > MAX_PART or (
            declared > 1 << 20 and declared > MAX_RATIO * max(1, info.compress_size)
        ):
            raise PackageError(
                f"part {info.filename} unpacks to {declared:,} bytes from "
                f"{info.compress_size:,}; refused (limit {MAX_PART:,} bytes, ratio {MAX_RATIO})"
            )
        try:
            with archive.open(info) as member:  # stops at the declared size, whatever comes
                content = member.read(MAX_PART + 1)
        except (zipfile.BadZipFile, EOFError, zlib.error, NotImplementedError, OSError) as exc:
            raise PackageError(f"part {info.filename} cannot be unpacked ({exc})") from None
        total += len(content)
        if total > MAX_TOTAL:
            raise PackageError(f"unpacks to more than {MAX_TOTAL:,} bytes; refused")
        parts[info.filename] = content
    return parts


def _parser():  # type: ignore[no-untyped-def]
    from lxml import etree

    # No entities expanded, nothing fetched: the XML is as untrusted as the ZIP.
    return etree.XMLParser(resolve_entities=False, no_network=True, remove_blank_text=False)


def _drop_external(rels: bytes) -> tuple[bytes, set[str], list[str]]:
    """``rels`` without its external relationships (hyperlinks excepted), the ids it
    dropped, and a note per relationship dropped."""
    from lxml import etree

    try:
        root = etree.fromstring(rels, _parser())
    except etree.XMLSyntaxError:
        return rels, set(), []  # python-docx reports a broken part when it opens it
    ids: set[str] = set()
    notes: list[str] = []
    for rel in root.findall(f"{{{_RELS_NS}}}Relationship"):
        kind = rel.get("Type", "").rsplit("/", 1)[-1]
        if rel.get("TargetMode") == "External" and kind != "hyperlink":
            ids.add(rel.get("Id", ""))
            notes.append(f"{kind} -> {rel.get('Target', '')}")
            root.remove(rel)
    if not ids:
        return rels, ids, notes
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True), ids, notes


def _source_of(rels_name: str) -> str:
    """``word/_rels/settings.xml.rels`` -> ``word/settings.xml``."""
    folder, name = posixpath.split(rels_name)
    return posixpath.join(posixpath.dirname(folder), name.removesuffix(".rels"))


def _drop_references(xml: bytes, ids: set[str]) -> bytes:
    """``xml`` without what used a dropped relationship: an element that names it by
    ``r:id`` (``w:attachedTemplate``, ``w:subDoc``...) goes, any other ``r:`` attribute
    (``r:link`` of a linked picture) is removed from its element."""
    from lxml import etree

    try:
        root = etree.fromstring(xml, _parser())
    except etree.XMLSyntaxError:
        return xml
    r_id = f"{{{_R_NS}}}id"
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue  # comments, processing instructions
        for attribute, value in list(element.attrib.items()):
            if not attribute.startswith(f"{{{_R_NS}}}") or value not in ids:
                continue
            parent = element.getparent()
            if attribute == r_id and parent is not None:
                parent.remove(element)
                break
            del element.attrib[attribute]
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
