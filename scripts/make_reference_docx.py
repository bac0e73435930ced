"""Regenerate templates/default/reference.docx, the default brand's DOCX styles.

    .venv/bin/python scripts/make_reference_docx.py

It starts from python-docx's own template (which has every built-in style the writer
uses except Hyperlink), adds the Hyperlink character style and TOC entry styles, keeps
only the styles the writer uses (and those they are based on, link to or are followed
by), drops the parts no report needs (stylesWithEffects.xml, the thumbnail, custom XML)
and empties the body. Fonts and colours are applied from
_brand.yml at render time, so this file holds structure (styles, numbering), not the
look. pandoc's curated reference document is ~22 KB; this one is kept under 40 KB.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "default" / "reference.docx"
#: What the DOCX writer uses (writers/docx.py: STYLES, OPTIONAL_STYLES) and the defaults
#: Word expects of every document.
USED = (
    "Normal", "Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "Quote",
    "List Number", "List Bullet", "Hyperlink", "Caption", "Table Grid", "Header", "Footer",
    "TOC Heading", "toc 1", "toc 2", "List Continue",
    "Default Paragraph Font", "Normal Table", "No List",
)  # fmt: skip
#: Relationships of the document to parts no report needs.
DROPPED_RELS = (
    "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
    RT.CUSTOM_XML,
)


def keep_used_styles(document: docx.document.Document) -> None:
    """Remove every style the writer neither uses nor reaches through basedOn, link or
    next. The latent styles stay: Word still offers its other built-in styles to
    someone who edits a report."""
    element = document.styles.element
    styles = {s.get(qn("w:styleId")): s for s in element.findall(qn("w:style"))}
    # Word writes built-in names as it likes ("heading 2", "Title"): matched casefolded,
    # as the writer matches them (ooxml.style_ids)
    names = {s.find(qn("w:name")).get(qn("w:val")).casefold(): i for i, s in styles.items()}
    keep = {names[n.casefold()] for n in USED if n.casefold() in names}
    todo = list(keep)
    while todo:
        style = styles[todo.pop()]
        for tag in ("w:basedOn", "w:link", "w:next"):
            ref = style.find(qn(tag))
            target = ref.get(qn("w:val")) if ref is not None else None
            if target in styles and target not in keep:
                keep.add(target)
                todo.append(target)
    for style_id, style in styles.items():
        if style_id not in keep:
            element.remove(style)


def drop_parts(document: docx.document.Document) -> None:
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in DROPPED_RELS:
            del part.rels[rid]
    package = part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rid]


def main(target: Path = TARGET) -> None:
    document = docx.Document()
    styles = document.styles
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.base_style = styles["Default Paragraph Font"]
    link.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
    link.font.underline = True
    link.priority, link.unhide_when_used = 99, True
    for level in (1, 2):
        toc = styles.add_style(f"toc {level}", WD_STYLE_TYPE.PARAGRAPH)
        toc.base_style = styles["Normal"]
        toc.paragraph_format.left_indent = Pt(12 * (level - 1))
        toc.paragraph_format.space_after = Pt(2)
        toc.priority, toc.unhide_when_used = 39, True
    keep_used_styles(document)
    drop_parts(document)
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = document.core_properties
    props.title, props.author, props.comments = "", "reportkit", "reportkit reference document"
    document.save(target)
    print(f"wrote {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET)
