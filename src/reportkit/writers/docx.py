"""Report -> DOCX with python-docx, from the brand's ``reference.docx``.

Like pandoc's ``--reference-doc``: the reference document gives the styles, numbering,
page set-up and theme; its body is replaced by the report. The content and its order are
those of the PDF (both come from :class:`reportkit.writers.context.Report`).

Word-native structure throughout: built-in heading styles (navigation pane, TOC), real
numbered lists that restart per list, PAGE/NUMPAGES fields in the footer, a TOC field
pre-filled with its entries, bookmarks and hyperlinks for every internal reference.
A brand without its own ``reference.docx`` inherits the default one, restyled with the
brand's fonts and colours from ``_brand.yml``; a brand's own reference document is taken
as it is.
"""

from __future__ import annotations

import io
import re
from typing import Any

from reportkit.brand.loader import BrandError
from reportkit.brand.model import DOCX_STYLES, Brand
from reportkit.writers import ooxml
from reportkit.writers.context import Block, Report, Segment

REFERENCE = "reference.docx"
#: Styles the writer uses: the brand contract (see brand.model.DOCX_STYLES).
STYLES = DOCX_STYLES
OPTIONAL_STYLES = ("TOC Heading", "toc 1", "toc 2", "List Continue")
PAGE_SIZES = {
    "A3": ("297mm", "420mm"),
    "A4": ("210mm", "297mm"),
    "A5": ("148mm", "210mm"),
    "B5": ("176mm", "250mm"),
    "Letter": ("8.5in", "11in"),
    "Legal": ("8.5in", "14in"),
    "Ledger": ("11in", "17in"),
}
RASTER = (".png", ".jpg", ".jpeg", ".gif", ".bmp")


class DocxWriter:
    """Renders reports of one brand to DOCX; reuse one per brand and process."""

    def __init__(self, brand: Brand) -> None:
        path = brand.template(REFERENCE)
        if path is None:
            raise BrandError(
                f"no {REFERENCE} in the brand or what it extends", path=str(brand.folder)
            )
        self.brand = brand
        self.path = path
        try:
            self.reference = ooxml.open_reference(path).getvalue()
        except (OSError, KeyError, ValueError) as exc:
            raise BrandError(f"not a Word document or template: {exc}", path=str(path)) from None
        # A brand's own reference document is authoritative; an inherited one, or the
        # built-in default brand's (generated from python-docx's template), is restyled.
        from reportkit.brand.search import builtin_dir

        self.restyle = path.parent != brand.folder or path.parent == builtin_dir() / "default"

    def render(self, report: Report) -> tuple[bytes, list[str]]:
        """The DOCX of ``report``, and warnings (characters removed, no raster logo)."""
        import docx

        document = docx.Document(io.BytesIO(self.reference))
        build = _Build(document, self.brand, report, self.path)
        if self.restyle:
            build.restyle()
        build.all()
        out = io.BytesIO()
        document.save(out)
        return out.getvalue(), build.warnings


_WRITERS: dict[str, DocxWriter] = {}


def docx_writer(brand: Brand) -> DocxWriter:
    """The process's writer for ``brand`` (the reference document is read once)."""
    key = repr(brand)
    if key not in _WRITERS:
        _WRITERS[key] = DocxWriter(brand)
    return _WRITERS[key]


class _Build:
    """One document being built: the styles it resolved, bookmark ids, warnings."""

    def __init__(self, document: Any, brand: Brand, report: Report, reference: Any) -> None:
        self.doc = document
        self.brand = brand
        self.report = report
        self.warnings: list[str] = []
        self.removed = 0
        self.bookmarks = 0
        ids = ooxml.style_ids(document, STYLES + OPTIONAL_STYLES)
        missing = [name for name in STYLES if ids[name] is None]
        if missing:
            raise BrandError(
                f"style {missing[0]!r} is missing (needed by the DOCX writer; "
                f"{len(missing)} missing in all: {', '.join(missing)})",
                path=str(reference),
            )
        by_id = {style.style_id: style for style in document.styles}
        self.styles = {
            name: by_id.get(style_id) for name, style_id in ids.items() if style_id is not None
        }
        self.numbering = ooxml.Numbering(document, ids["List Number"] or "")

    # -- the document, top to bottom ------------------------------------------------------
    def all(self) -> None:
        body = self.doc.element.body
        for child in list(body):
            if child.tag != ooxml.qn("w:sectPr"):
                body.remove(child)
        ooxml.set_language(self.doc, self.report.lang)
        self.page_setup()
        self.header_footer()
        self.cover()
        if self.report.show_toc and self.report.toc:
            self.toc()
        if self.report.facts:
            self.key_facts()
        for section in self.report.sections:
            if section.heading:
                level = "Heading 2" if section.level > 1 else "Heading 1"
                self.heading(section.heading, level, section.id)
            for block in section.blocks:
                self.block(block)
        if self.report.conclusions or self.report.conclusion_paragraphs:
            self.conclusions()
        if self.report.sources:
            self.sources()
        self.properties()
        if self.removed:
            self.warnings.append(f"{self.removed} character(s) XML cannot hold were removed")

    def page_setup(self) -> None:
        from docx.enum.text import WD_TAB_ALIGNMENT

        section = self.doc.sections[0]
        page = self.brand.settings.page
        width, height = PAGE_SIZES.get(page.size) or tuple(page.size.split())
        section.page_width, section.page_height = _length(width), _length(height)
        top, right, bottom, left = css_box(page.margins)
        section.top_margin, section.right_margin = _length(top), _length(right)
        section.bottom_margin, section.left_margin = _length(bottom), _length(left)
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.tabs = (
            (WD_TAB_ALIGNMENT.CENTER, self.text_width // 2),
            (WD_TAB_ALIGNMENT.RIGHT, self.text_width),
        )

    def header_footer(self) -> None:
        from docx.shared import Mm

        section = self.doc.sections[0]
        section.different_first_page_header_footer = True  # the cover has its own masthead
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        paragraph.style = self.styles["Header"]
        self._tab_stops(paragraph, right_only=True)
        logo = self._raster_logo()
        if logo is not None:
            paragraph.add_run().add_picture(str(logo), height=Mm(6))
            paragraph.add_run("  ")
        paragraph.add_run(self._t(self.report.brand_name))
        paragraph.add_run("\t" + self._t(self.report.short_title))
        for footer in (section.footer, section.first_page_footer):
            footer.is_linked_to_previous = False
            self._footer(footer.paragraphs[0])

    def _footer(self, paragraph: Any) -> None:
        paragraph.style = self.styles["Footer"]
        self._tab_stops(paragraph)
        paragraph.add_run(self._t(self.report.footer or ""))
        marking = paragraph.add_run("\t" + self._t((self.report.classification or "").upper()))
        marking.bold = True
        before, middle, after = self.report.page_label
        paragraph.add_run("\t" + self._t(before))
        ooxml.add_field(paragraph, "PAGE", "1")
        paragraph.add_run(self._t(middle))
        ooxml.add_field(paragraph, "NUMPAGES", "1")
        if after:
            paragraph.add_run(self._t(after))

    def cover(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt

        report = self.report
        if report.classification:
            p = self.doc.add_paragraph(style=self.styles["Normal"])
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = p.add_run(self._t(report.classification.upper()))
            run.bold = True
            run.font.size = Pt(8)
            run.font.color.rgb = _rgb(self.brand.color("primary", "#1f4e79"))
        logo = self._raster_logo()
        p = self.doc.add_paragraph(style=self.styles["Normal"])
        if logo is not None:
            p.add_run().add_picture(str(logo), height=Mm(12))
        else:
            p.add_run(self._t(report.brand_name)).bold = True
        if report.rubric:
            p = self.doc.add_paragraph(style=self.styles["Subtitle"])
            run = p.add_run(self._t(report.rubric.upper()))
            run.font.color.rgb = _rgb(self.brand.color("secondary", "#52606d"))
            run.bold, run.italic = True, False
        title = self.doc.add_paragraph(self._t(report.title), style=self.styles["Title"])
        self._bookmark(title, "title")
        labels = report.labels
        for label, value in (
            (labels["date"], report.date),
            (labels["prepared_by"], report.author),
            (labels["source"], "; ".join(report.origins)),
        ):
            if value:
                p = self.doc.add_paragraph(style=self.styles["Normal"])
                p.add_run(self._t(label) + ": ").bold = True
                p.add_run(self._t(value))

    def toc(self) -> None:
        """A real TOC field, pre-filled with the entries so that it is not blank in
        LibreOffice or a viewer that does not update fields; Word refreshes it."""
        style = self.styles.get("TOC Heading") or self.styles["Heading 1"]
        self.doc.add_paragraph(self._t(self.report.labels["contents"]), style=style)
        entries = self.report.toc
        for n, entry in enumerate(entries):
            entry_style = self.styles.get(f"toc {entry.level}") or self.styles["Normal"]
            p = self.doc.add_paragraph(style=entry_style)
            if n == 0:
                ooxml.begin_field(p, 'TOC \\o "1-3" \\h \\z \\u')
            ooxml.add_hyperlink(p, self._t(entry.text), anchor=entry.anchor)
            if n == len(entries) - 1:
                ooxml.end_field(p)
        ooxml.update_fields_on_open(self.doc)

    def key_facts(self) -> None:
        from docx.shared import Pt

        labels = self.report.labels
        self.heading(labels["key_facts"], "Heading 1", "key-facts")
        table = self.doc.add_table(rows=1, cols=3)
        table.style = self.styles["Table Grid"]
        table.autofit = False
        widths = (0.26, 0.60, 0.14)
        for column, width in zip(table.columns, widths, strict=True):
            column.width = int(self.text_width * width)  # the grid, which LibreOffice uses
        light = self.brand.color("light", "#eef2f6")
        header = table.rows[0]
        ooxml.repeat_header(header)
        for cell, text, width in zip(
            header.cells,
            (labels["figure"], labels["refers_to"], labels["in_text"]),
            widths,
            strict=True,
        ):
            cell.width = int(self.text_width * width)
            ooxml.shade(cell, light)
            run = cell.paragraphs[0].add_run(self._t(text.upper()))
            run.bold = True
            run.font.size = Pt(7.5)
        for fact in self.report.facts:
            cells = table.add_row().cells
            figure = cells[0].paragraphs[0].add_run(self._t(fact.figure))
            figure.bold = True
            figure.font.color.rgb = _rgb(self.brand.color("primary", "#1f4e79"))
            cells[1].paragraphs[0].add_run(self._t(fact.context))
            ooxml.add_hyperlink(
                cells[2].paragraphs[0],
                self._t(fact.paragraph_label),
                anchor=fact.paragraph,
                style=self.styles["Hyperlink"],
            )
            for cell, width in zip(cells, widths, strict=True):
                cell.width = int(self.text_width * width)
                for run in cell.paragraphs[0].runs:
                    run.font.size = Pt(8.5)
        self.doc.add_paragraph(style=self.styles["Normal"])  # air between table and text

    def heading(self, text: str, style: str, anchor: str) -> None:
        paragraph = self.doc.add_paragraph(self._t(text), style=self.styles[style])
        self._bookmark(paragraph, anchor)

    def block(self, block: Block) -> None:
        if block.kind == "list":
            self.list(block)
        elif block.kind == "quote":
            self._paragraph(block.segments, "Quote", block.id)
        else:
            self._paragraph(block.segments, "Normal", block.id)

    def list(self, block: Block) -> None:
        literal = block.list_type == "literal"  # "1.1": the label is part of the text
        num_id = (
            self.numbering.new_list(block.list_type, block.start or 1)
            if block.ordered and not literal
            else None
        )
        style = (
            "List Bullet"
            if not block.ordered
            else (
                ("List Continue" if "List Continue" in self.styles else "Normal")
                if literal
                else "List Number"
            )
        )
        expected = block.start or 1
        for item in block.items:
            if num_id is not None and item.value is not None and item.value != expected:
                # The brief skips or repeats a number (1, 2, 2, 5): Word counts on, so the
                # item restarts the count at its own number to keep its label.
                num_id = self.numbering.new_list(block.list_type, item.value)
            expected = (item.value or expected) + 1
            for n, paragraph in enumerate(item.paragraphs):
                if n == 0:
                    p = self._paragraph(paragraph, style, item.id)
                    if num_id is not None:
                        ooxml.set_numbering(p, num_id)
                else:
                    self._paragraph(
                        paragraph,
                        "List Continue" if "List Continue" in self.styles else "Normal",
                        "",
                    )

    def conclusions(self) -> None:
        report = self.report
        self.heading(report.labels["conclusions"], "Heading 1", "conclusions")
        if report.conclusions_lead:
            p = self._paragraph(report.conclusions_lead, "Normal", "")
            for run in p.runs:
                run.italic = True
        if report.conclusions is not None:
            self.list(report.conclusions)
        for item in report.conclusion_paragraphs:
            for n, paragraph in enumerate(item.paragraphs):
                self._paragraph(paragraph, "Normal", item.id if n == 0 else "")

    def sources(self) -> None:
        from docx.shared import Pt

        labels = self.report.labels
        self.heading(labels["appendix_sources"], "Heading 1", "sources")
        num_id = self.numbering.new_list("1", 1)
        grey = _rgb("#6b7280")
        for source in self.report.sources:
            p = self.doc.add_paragraph(style=self.styles["List Number"])
            ooxml.set_numbering(p, num_id)
            self._bookmark(p, f"src-{source.id}")
            p.add_run(self._t(source.name)).bold = True
            if source.title:
                p.add_run(" “" + self._t(source.title) + "”")
            kind = p.add_run("  " + self._t(source.kind_label.upper()))
            kind.font.size, kind.font.color.rgb = Pt(7), grey
            if source.url:
                p.add_run().add_break()
                ooxml.add_hyperlink(
                    p, self._t(source.url), url=source.url, style=self.styles["Hyperlink"]
                )
            if source.cited_in:
                p.add_run().add_break()
                cited = p.add_run(self._t(labels["cited_in"]) + ": ")
                cited.font.color.rgb = grey
                for n, (anchor, label) in enumerate(source.cited_in):
                    if n:
                        p.add_run(", ")
                    ooxml.add_hyperlink(
                        p, self._t(label), anchor=anchor, style=self.styles["Hyperlink"]
                    )

    def properties(self) -> None:
        report = self.report
        props = self.doc.core_properties
        props.title = self._t(report.title)
        props.subject = self._t(report.rubric or "")
        props.author = self._t(report.author or report.brand_name)
        props.keywords = self._t(", ".join(report.keywords))
        props.language = report.lang
        props.category = self._t(report.rubric or "")
        props.comments = report.generator
        props.last_modified_by = report.generator
        created = report.created.replace(tzinfo=None)
        props.created = props.modified = created
        props.revision = 1

    # -- brand styling of an inherited reference document ----------------------------------
    def restyle(self) -> None:
        from docx.shared import Pt

        t = self.brand.typography
        normal = self.styles["Normal"]
        _font(normal, t.base_family, _points(t.base_size), self.brand.color("foreground", ""))
        bold = str(t.headings_weight or "bold").casefold() in ("bold", "700", "800", "900")
        for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "TOC Heading"):
            style = self.styles.get(name)
            if style is not None:
                _font(
                    style,
                    t.headings_family or t.base_family,
                    None,
                    t.headings_color or self.brand.color("primary", ""),
                )
                style.font.bold = bold
        quote = self.styles["Quote"]
        _font(quote, None, None, self.brand.color("secondary", ""))
        link = self.styles["Hyperlink"]
        _font(link, None, None, t.link_color or self.brand.color("primary", ""))
        title = self.styles["Title"]
        title.font.size = Pt(24)

    # -- helpers ---------------------------------------------------------------------------
    def _paragraph(self, segments: list[Segment], style: str, anchor: str) -> Any:
        p = self.doc.add_paragraph(style=self.styles[style])
        if anchor:
            self._bookmark(p, anchor)
        for segment in segments:
            if segment.is_break:
                p.add_run().add_break()
            elif segment.href and segment.external:
                ooxml.add_hyperlink(
                    p, self._t(segment.text), url=segment.href, style=self.styles["Hyperlink"]
                )
            elif segment.href:
                ooxml.add_hyperlink(
                    p, self._t(segment.text), anchor=segment.href, style=self.styles["Hyperlink"]
                )
            else:
                p.add_run(self._t(segment.text))
        return p

    def _bookmark(self, paragraph: Any, anchor: str) -> None:
        self.bookmarks += 1
        ooxml.add_bookmark(paragraph, anchor, self.bookmarks)

    def _tab_stops(self, paragraph: Any, *, right_only: bool = False) -> None:
        """Our tab stops only: the Header/Footer styles bring their own, made for another
        page width, which would catch the tab first."""
        from docx.enum.text import WD_TAB_ALIGNMENT

        stops = paragraph.paragraph_format.tab_stops
        style_stops = paragraph.style.paragraph_format.tab_stops if paragraph.style else []
        for stop in style_stops:
            stops.add_tab_stop(stop.position, WD_TAB_ALIGNMENT.CLEAR)
        for alignment, position in self.tabs[1:] if right_only else self.tabs:
            stops.add_tab_stop(position, alignment)

    def _raster_logo(self) -> Any:
        for size in ("medium", "large", "small"):
            logo = self.brand.logos.get(size)
            if logo is not None and logo.path.suffix.lower() in RASTER:
                return logo.path
        if self.brand.logos and "no raster logo" not in " ".join(self.warnings):
            self.warnings.append(
                "no raster logo (PNG/JPEG) in the brand: DOCX cannot "
                "embed SVG, so the DOCX shows no logo"
            )
        return None

    def _t(self, text: str) -> str:
        cleaned, removed = ooxml.xml_text(text)
        self.removed += removed
        return cleaned


def css_box(shorthand: str) -> tuple[str, str, str, str]:
    """CSS margin shorthand -> (top, right, bottom, left): "a", "a b", "a b c", "a b c d"."""
    v = shorthand.split()
    return {1: (v[0],) * 4, 2: (v[0], v[1], v[0], v[1]), 3: (v[0], v[1], v[2], v[1]), 4: tuple(v)}[
        len(v)
    ]  # type: ignore[return-value]


def _length(value: str) -> int:
    from docx.shared import Cm, Inches, Mm, Pt

    match = re.fullmatch(r"(\d+(?:\.\d+)?)(mm|cm|in|pt|pc|px)", value.strip())
    if not match:
        raise BrandError(f"page length {value!r} is not understood")
    number, unit = float(match.group(1)), match.group(2)
    converters = {
        "mm": Mm,
        "cm": Cm,
        "in": Inches,
        "pt": Pt,
        "pc": lambda v: Pt(v * 12),
        "px": lambda v: Pt(v * 0.75),
    }
    return int(converters[unit](number))


def _points(size: str | None) -> float | None:
    if not size:
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)pt", size.strip())
    return float(match.group(1)) if match else None


def _rgb(color: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def _font(style: Any, family: str | None, size: float | None, color: str | None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    if family:
        style.font.name = family
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:cs", "w:eastAsia", "w:hAnsi", "w:ascii"):
            rfonts.set(qn(attribute), family)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:csTheme", "w:eastAsiaTheme"):
            rfonts.attrib.pop(qn(theme), None)
    if size:
        style.font.size = Pt(size)
    if color:
        style.font.color.rgb = _rgb(color)
