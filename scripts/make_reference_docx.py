"""Regenerate templates/default/reference.docx, the default brand's DOCX styles.

    .venv/bin/python scripts/make_reference_docx.py

It starts from python-docx's own template (which has every built-in style the writer
uses except Hyperlink), adds the Hyperlink character style and TOC entry styles, and
empties the body. Fonts and colours are applied from _brand.yml at render time, so this
file holds structure (styles, numbering), not the look.
"""

from __future__ import annotations

from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

TARGET = Path(__file__).resolve().parents[1] / "templates" / "default" / "reference.docx"


def main() -> None:
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
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    props = document.core_properties
    props.title, props.author, props.comments = "", "reportkit", "reportkit reference document"
    document.save(TARGET)
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
