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

Speed: the reference document is prepared once per writer (:class:`_Template`) and the
body is built as lxml elements (:mod:`reportkit.writers.ooxml`), not through python-docx
proxies, whose style look-ups by name scan every style on each call; the archive is
python-docx's own, only its dates fixed and a brand's embedded fonts spliced in, deflated
once per writer (:mod:`reportkit.writers.zipfinish`, :mod:`reportkit.writers.docx_fonts`).
"""

from __future__ import annotations

import copy
import io
import re
from typing import Any

from reportkit.brand.geometry import css_box, emu, page_dimensions
from reportkit.brand.model import DOCX_STYLES, Brand
from reportkit.errors import BrandError
from reportkit.model import Diagnostic
from reportkit.writers import ooxml
from reportkit.writers.base import Output, WriterOptions
from reportkit.writers.context import Block, Report, Segment
from reportkit.writers.zipfinish import Deflated, finish_zip

REFERENCE = "reference.docx"
#: Styles the writer uses: the brand contract (see brand.model.DOCX_STYLES).
STYLES = DOCX_STYLES
OPTIONAL_STYLES = ("TOC Heading", "toc 1", "toc 2", "List Continue")
#: Styles the writer applies to runs and tables; every other one it applies to paragraphs.
CHARACTER_STYLES = ("Hyperlink",)
TABLE_STYLES = ("Table Grid",)
#: Styles the writer only restyles or requires, never applies.
UNAPPLIED_STYLES = ("Heading 3", "Caption")
#: Key judgements: share of the text width of the label and sentence columns.
JUDGEMENT_COLUMNS = (0.05, 0.95)
#: Key facts box: share of the text width of the figure and sentence columns.
FACT_COLUMNS = (0.32, 0.68)  # wide enough for "официальных" at 11 pt bold
#: Languages whose styles.xml a template keeps ready (briefs choose the language).
STYLES_CACHE = 8


class DocxWriter:
    """Renders reports of one brand to DOCX; reuse one per brand and process."""

    format = "docx"

    def __init__(self, brand: Brand) -> None:
        path = brand.template(REFERENCE)
        if path is None:
            raise BrandError(
                f"no {REFERENCE} in the brand or what it extends", path=str(brand.folder)
            )
        self.brand = brand
        self.path = path
        from reportkit.brand.reference import PackageError, read_reference

        try:
            reference = read_reference(path).data  # bounded, external links dropped
        except PackageError as exc:
            raise BrandError(str(exc), path=str(path)) from None
        except OSError as exc:
            raise BrandError(f"cannot be read ({exc.strerror or exc})", path=str(path)) from None
        # A brand's own reference document is authoritative; an inherited one, or the
        # built-in default brand's (generated from python-docx's template), is restyled.
        from reportkit.brand.search import builtin_dir

        restyle = path.parent != brand.folder or path.parent == builtin_dir() / "default"
        try:
            self.template = _Template(reference, brand, path, restyle=restyle)
        except BrandError:
            raise
        except Exception as exc:  # a ZIP of the wrong parts, broken XML: python-docx's many errors
            raise BrandError(
                f"not a Word document python-docx can open ({type(exc).__name__}: {exc})",
                path=str(path),
            ) from None

    def render(self, report: Report, options: WriterOptions) -> Output:
        """The DOCX of ``report``, with warnings (characters removed, no raster logo)."""
        document = self.template.new_document(report.lang)
        build = _Build(document, self.template, self.brand, report)
        build.all()
        data = package_bytes(document, report.created, self.template.fonts)
        warnings = self.template.font_warnings + build.warnings
        return Output(self.format, data, [Diagnostic("warning", "docx", w) for w in warnings])


class _Template:
    """The brand's reference document, prepared once: restyled, body emptied, the ids
    of the styles the writer applies resolved. Each report unpacks a new document from it.

    Opening the reference with python-docx costs a few ms a document, most of it parsing
    styles.xml (a brand's own reference may carry hundreds of styles), and saving
    serialises it again. The report never changes styles.xml except for its
    language (``w:lang``), so styles.xml is serialised once per language and the package
    carries it as plain bytes.
    """

    def __init__(self, reference: bytes, brand: Brand, path: Any, *, restyle: bool) -> None:
        import docx
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.opc.pkgreader import PackageReader
        from docx.shared import Emu

        document = docx.Document(io.BytesIO(reference))
        ids = ooxml.style_ids(document, STYLES + OPTIONAL_STYLES)
        missing = [name for name in STYLES if ids[name] is None]
        if missing:
            raise BrandError(
                f"style {missing[0]!r} is missing (needed by the DOCX writer; "
                f"{len(missing)} missing in all: {', '.join(missing)})",
                path=str(path),
            )
        by_id = {style.style_id: style for style in document.styles}
        styles = {name: by_id[style_id] for name, style_id in ids.items() if style_id is not None}
        if restyle:
            _restyle(styles, brand)
        #: Embedded font files, deflated once: {archive member: data} (see docx_fonts).
        self.fonts: dict[str, Deflated] = {}
        self.font_warnings: list[str] = []
        if brand.settings.embed_fonts:
            from reportkit.writers.docx_fonts import embed, font_parts

            parts, self.font_warnings = font_parts(brand.fonts)
            members = embed(document, parts)
            self.fonts = {name: Deflated.of(data) for name, data in members.items()}
        #: Style name -> the id to write in pStyle/rStyle/tblStyle (None: the default).
        self.ids = _applied_ids(document.styles, styles, path)
        #: Left indent (twips) of each style a numbered paragraph may have: its number
        #: hangs that far plus MARGIN_NUMBER into the margin.
        self.indents = {
            name: Emu(styles[name].paragraph_format.left_indent or 0).twips
            for name in ("Normal", "Quote")
        }
        #: Tab stops (twips) of the Header and Footer styles, which the writer clears.
        self.tab_stops = {
            name: [Emu(stop.position).twips for stop in styles[name].paragraph_format.tab_stops]
            for name in ("Header", "Footer")
        }
        styles_element = document.styles.element
        #: The numbering of "List Number", which new lists are cloned from.
        self.list_num_id = ooxml.style_num_id(styles_element, ids["List Number"] or "")

        body = document.element.body
        for child in list(body):
            if child.tag != ooxml.qn("w:sectPr"):
                body.remove(child)
        self._styles = styles_element
        self._styles_partname = document.part.part_related_by(RT.STYLES).partname
        self._styles_xml: dict[str, bytes] = {}
        prepared = io.BytesIO()
        document.save(prepared)
        prepared.seek(0)
        # python-docx's own reader, kept: the parts as bytes with their relationships
        self._reader = PackageReader.from_file(prepared)

    def new_document(self, lang: str) -> Any:
        """A python-docx Document of the prepared reference, its styles in ``lang``."""
        from docx.opc.package import Unmarshaller
        from docx.opc.part import Part, PartFactory
        from docx.package import Package

        styles_xml = self.styles_xml(lang)

        def make_part(partname: Any, content_type: str, reltype: str, blob: bytes, package: Any):
            if partname == self._styles_partname:
                return Part(partname, content_type, styles_xml, package)  # bytes, not parsed
            return PartFactory(partname, content_type, reltype, blob, package)

        # What docx.Document() does, from parts already unzipped and with styles.xml as is
        package = Package()
        Unmarshaller.unmarshal(self._reader, package, make_part)
        return package.main_document_part.document

    def styles_xml(self, lang: str) -> bytes:
        """styles.xml with ``w:lang`` of ``lang``, serialised as python-docx would."""
        from docx.opc.oxml import serialize_part_xml

        xml = self._styles_xml.get(lang)
        if xml is None:
            styles = copy.deepcopy(self._styles)
            ooxml.set_language(styles, lang)
            xml = serialize_part_xml(styles)
            if len(self._styles_xml) >= STYLES_CACHE:
                self._styles_xml.clear()
            self._styles_xml[lang] = xml
        return xml


def _applied_ids(all_styles: Any, styles: dict[str, Any], path: Any) -> dict[str, str | None]:
    """The id python-docx would write for each style in ``styles`` that the writer
    applies: none for the default style of its type, which Word applies implicitly.
    A required style of the wrong type (a character style "Quote") is a brand error; an
    optional one is left out, as if absent."""
    from docx.enum.style import WD_STYLE_TYPE

    defaults: dict[Any, Any] = {}
    ids: dict[str, str | None] = {}
    for name, style in styles.items():
        if name in UNAPPLIED_STYLES:
            continue
        kind = (
            WD_STYLE_TYPE.CHARACTER
            if name in CHARACTER_STYLES
            else WD_STYLE_TYPE.TABLE
            if name in TABLE_STYLES
            else WD_STYLE_TYPE.PARAGRAPH
        )
        if style.type != kind:
            if name in OPTIONAL_STYLES:
                continue
            raise BrandError(
                f"style {name!r} is a {style.type.name.lower()} style; the DOCX writer "
                f"needs a {kind.name.lower()} style",
                path=str(path),
            )
        if kind not in defaults:
            defaults[kind] = all_styles.default(kind)
        ids[name] = None if style == defaults[kind] else style.style_id
    return ids


#: The running head and foot, as the PDF sets them (report.css: 7.5 pt, grey).
MARGIN_TEXT: dict[str, Any] = {"size": 7.5, "color": "6B7280"}
#: A note marker's text: superscript digits or a bracketed number.
NOTE_MARKER = re.compile(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}|\[\d{1,3}\]")
#: How far (twips) a paragraph number stands left of the text, and how it is set.
MARGIN_NUMBER = 454  # 8 mm
MARGIN_NUMBER_TEXT: dict[str, Any] = {"size": 7, "color": "9CA3AF"}
#: Block kind -> the :class:`_Build` method that writes it; other kinds are paragraphs.
BLOCK_RENDERERS = {"paragraph": "paragraph", "quote": "quote", "list": "list", "table": "table"}


class _Build:
    """One document being built: its body, bookmark ids, warnings."""

    def __init__(self, document: Any, template: _Template, brand: Brand, report: Report) -> None:
        self.doc = document
        self.part = document.part
        self.body = document.element.body
        self.template = template
        self.ids = template.ids
        self.link = self.ids["Hyperlink"]
        self.brand = brand
        self.report = report
        self.warnings: list[str] = []
        self.removed = 0
        self.bookmarks = 0
        self.numbering = ooxml.Numbering(document, template.list_num_id)

    # -- the document, top to bottom ------------------------------------------------------
    def all(self) -> None:
        self.page_setup()
        self.header_footer()
        # Paragraphs are appended to the body: its section properties go back last.
        sect_pr = self.body.find(ooxml.qn("w:sectPr"))
        self.cover()
        if self.report.key_judgements:
            self.key_judgements()
        if self.report.show_toc and self.report.toc:
            self.toc()
        facts, after = self.report.facts, self.report.facts_after
        if facts and after is None:
            self.key_facts()
        for section in self.report.sections:
            if section.heading:
                level = "Heading 2" if section.level > 1 else "Heading 1"
                self.heading(section.heading, level, section.id)
            for block in section.blocks:
                self.block(block)
                if facts and after is not None and block.id == after:
                    self.key_facts()  # the box follows the lead paragraph
        if self.report.conclusions or self.report.conclusion_paragraphs:
            self.conclusions()
        if self.report.sources:
            self.sources()
        if sect_pr is not None:
            self.body.append(sect_pr)
        self.properties()
        if self.removed:
            self.warnings.append(f"{self.removed} character(s) XML cannot hold were removed")

    def page_setup(self) -> None:
        from docx.shared import Emu

        section = self.doc.sections[0]
        page = self.brand.settings.page
        width, height = page_dimensions(page.size)
        section.page_width, section.page_height = Emu(emu(width)), Emu(emu(height))
        top, right, bottom, left = (Emu(emu(side)) for side in css_box(page.margins))
        section.top_margin, section.right_margin = top, right
        section.bottom_margin, section.left_margin = bottom, left
        self.text_width = section.page_width - section.left_margin - section.right_margin
        self.page_width, self.side_margins = section.page_width, (left, right)
        #: Header and footer tab stops (twips): centre, right margin.
        self.tabs = (
            (Emu(self.text_width // 2).twips, "center"),
            (Emu(self.text_width).twips, "right"),
        )

    def header_footer(self) -> None:
        from docx.shared import Mm

        section = self.doc.sections[0]
        section.different_first_page_header_footer = True  # the cover has its own masthead
        header = section.header
        header.is_linked_to_previous = False
        paragraph = header.paragraphs[0]
        self._style(paragraph, "Header")
        self._tab_stops(paragraph, "Header", right_only=True)
        # As in the PDF: the margins' words small and grey, one line (a 12 pt head wrapped
        # and a 12 pt foot ran its three parts together); the brand named once, by its
        # logo when there is one.
        logo = self._raster_logo()
        if logo is not None:
            paragraph.add_run().add_picture(str(logo), height=Mm(5))
        else:
            ooxml.add_run(paragraph._p, self._t(self.report.brand_name), **MARGIN_TEXT)
        ooxml.add_run(paragraph._p, "\t" + self._t(self.report.short_title), **MARGIN_TEXT)
        # the hairline under the head, 4 pt below its words, as in the PDF
        ooxml.paragraph_box(paragraph._p, "D1D5DB", size=4, space=4, edges=("bottom",))
        for footer in (section.footer, section.first_page_footer):
            footer.is_linked_to_previous = False
            self._footer(footer.paragraphs[0])

    def _footer(self, paragraph: Any) -> None:
        self._style(paragraph, "Footer")
        self._tab_stops(paragraph, "Footer")
        p = paragraph._p
        ooxml.add_run(p, self._t(self.report.footer or ""), **MARGIN_TEXT)
        marking = self._t((self.report.classification or "").upper())
        primary = _hex(self.brand.color("primary", "#1f4e79"))
        ooxml.add_run(p, "\t" + marking, bold=True, color=primary, size=MARGIN_TEXT["size"] - 0.5)
        before, middle, after = self.report.page_label
        ooxml.add_run(p, "\t" + self._t(before), **MARGIN_TEXT)
        ooxml.add_field(p, "PAGE", "1", **MARGIN_TEXT)
        ooxml.add_run(p, self._t(middle), **MARGIN_TEXT)
        ooxml.add_field(p, "NUMPAGES", "1", **MARGIN_TEXT)
        if after:
            ooxml.add_run(p, self._t(after), **MARGIN_TEXT)

    def cover(self) -> None:
        """The masthead: marking, logo, rubric, title, dates. A "banner" brand sets it on
        a band of its light colour across the page, ruled below in its primary colour,
        as the PDF does (the band starts at the top margin: Word has no bleed there)."""
        if self.brand.settings.cover != "banner":
            self._cover()
            return
        band = self._band()
        body, self.body = self.body, band
        try:
            self._cover()
        finally:
            self.body = body
        band.remove(band.p_lst[0])  # the cell's own empty paragraph, before the cover's
        self._new_paragraph("Normal")  # air between the band and what follows

    def _band(self) -> Any:
        """A one-cell table as wide as the page, shaded, its text aligned with the
        page's text block; the cell, into which the cover is written."""
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu

        left, right = self.side_margins
        tbl = CT_Tbl.new_tbl(1, 1, Emu(self.page_width))
        self.body.append(tbl)
        tbl.tblPr.style = self.ids["Table Grid"]
        tbl.tblPr.autofit = False
        width = tbl.tblPr.find(ooxml.qn("w:tblW"))  # "auto" would stop at the margin
        width.set(ooxml.qn("w:type"), "dxa")
        width.set(ooxml.qn("w:w"), str(Emu(self.page_width).twips))
        # No w:tblInd: in the reference's compatibility mode (Word 2010) a table's indent
        # is where its first cell's text starts, the cell margin hanging out to the left;
        # so with a cell margin as wide as the page margin the band starts at the page's
        # edge and its text at the text block's.
        ooxml.rules(tbl, _hex(self.brand.color("primary", "#1f4e79")), {"bottom": 24})  # 3 pt
        ooxml.cell_margins(tbl, top=240, left=Emu(left).twips, bottom=240, right=Emu(right).twips)
        tc = tbl.tr_lst[0].tc_lst[0]
        ooxml.shade(tc, self.brand.color("light", "#eef2f6"))
        # the cell's own margins too: LibreOffice reads these, not the table's
        ooxml.own_cell_margins(
            tc, top=240, left=Emu(left).twips, bottom=240, right=Emu(right).twips
        )
        return tc

    def _cover(self) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Mm, Pt
        from docx.text.paragraph import Paragraph

        report = self.report
        if report.classification:
            p = self._new_paragraph("Normal")
            p.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.CENTER
            # boxed, as the PDF draws it (0.8 pt in the brand colour), indented by the
            # rule's distance so that a table cell does not clip its sides; air below
            ooxml.paragraph_box(p, _hex(self.brand.color("primary", "#1f4e79")), size=6)
            fmt = Paragraph(p, self.doc).paragraph_format
            fmt.left_indent = fmt.right_indent = Pt(4)
            fmt.space_after = Pt(12)
            ooxml.add_run(
                p,
                self._t(report.classification.upper()),
                bold=True,
                color=_hex(self.brand.color("primary", "#1f4e79")),
                size=8,
            )
        logo = self._raster_logo()
        p = self._new_paragraph("Normal")
        Paragraph(p, self.doc).paragraph_format.space_after = Pt(8)
        if logo is not None:
            Paragraph(p, self.doc).add_run().add_picture(str(logo), height=Mm(12))
        else:
            ooxml.add_run(p, self._t(report.brand_name), bold=True)
        if report.rubric:
            p = self._new_paragraph("Subtitle")
            ooxml.add_run(
                p,
                self._t(report.rubric.upper()),
                bold=True,
                italic=False,
                color=_hex(self.brand.color("secondary", "#52606d")),
            )
        title = self._text_paragraph(self._t(report.display_title), "Title")
        self._bookmark(title, "title")
        labels = report.labels
        for label, value in (
            (report.date_label, report.date),
            (labels["prepared_by"], report.author),
            (labels["source"], "; ".join(report.origins)),
        ):
            if value:
                p = self._new_paragraph("Normal")
                ooxml.add_run(p, self._t(label) + ": ", bold=True)
                ooxml.add_run(p, self._t(value))
        if report.summary:  # the brief's own summary: a standfirst, before the body
            p = self._new_paragraph("Normal")
            ooxml.add_run(p, self._t(report.summary), bold=True, size=12)

    def toc(self) -> None:
        """The contents: an entry per heading, each with a PAGEREF field for its page.
        Not a TOC field: LibreOffice keeps a TOC field's pre-filled entries as text, so
        they had no page numbers, while it computes PAGEREF fields itself; Word updates
        them when the document opens (updateFields)."""
        from docx.shared import Emu

        style = "TOC Heading" if "TOC Heading" in self.ids else "Heading 1"
        self._text_paragraph(self._t(self.report.labels["contents"]), style)
        for entry in self.report.toc:
            entry_style = f"toc {entry.level}"
            p = self._new_paragraph(entry_style if entry_style in self.ids else "Normal")
            ooxml.add_hyperlink(p, self._t(entry.text), anchor=entry.anchor)
            # as Word writes an entry: a dotted tab to the right edge, then the page as a
            # PAGEREF field, which LibreOffice computes when it lays the document out
            # (without it, its pre-filled contents had no page numbers)
            ooxml.set_tab_stops(p, [(Emu(self.text_width).twips, "right")], leader="dot")
            ooxml.add_run(p, "\t")
            ooxml.add_field(p, f"PAGEREF {ooxml.bookmark_name(entry.anchor)} \\h", "")
        ooxml.update_fields_on_open(self.doc)

    def key_judgements(self) -> None:
        """The key judgements: between two rules in the brand colour, a title, then each
        conclusion's first sentence beside its label, which links to the conclusion."""
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu

        primary = _hex(self.brand.color("primary", "#1f4e79"))
        widths = [Emu(int(self.text_width * share)) for share in JUDGEMENT_COLUMNS]
        tbl = CT_Tbl.new_tbl(1, len(widths), Emu(self.text_width))
        self.body.append(tbl)
        tbl.tblPr.style = self.ids["Table Grid"]
        tbl.tblPr.autofit = False
        ooxml.rules(tbl, primary, {"top": 12, "bottom": 4})  # 1.5 pt, 0.5 pt
        ooxml.cell_margins(tbl, top=30, left=0, bottom=30, right=0)
        for column, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = width
        title = ooxml.span_row(tbl.tr_lst[0]).p_lst[0]
        ooxml.add_run(
            title, self._t(self.report.labels["key_judgements"].upper()),
            bold=True, color=primary, size=8,
        )  # fmt: skip
        ooxml.keep_with_next(title)
        twips = [str(width.twips) for width in widths]
        size = round((_points(self.brand.typography.base_size) or 10.5) * 0.92 * 2) / 2
        for judgement in self.report.key_judgements:
            label, text = ooxml.add_row(tbl, twips)
            ooxml.add_hyperlink(
                label, self._t(judgement.label), anchor=judgement.anchor, bold=True,
                color=primary, size=size, underline=False,
            )  # fmt: skip
            ooxml.add_run(text, self._t(judgement.text), size=size)
        self._new_paragraph("Normal")  # air between the box and the text

    def key_facts(self) -> None:
        """The key facts box: its title, then a shaded table of one row per sentence: the
        headline figure, linked to its paragraph, and the sentence with its figures in
        bold."""
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu

        primary = _hex(self.brand.color("primary", "#1f4e79"))
        light = self.brand.color("light", "#eef2f6")
        widths = [Emu(int(self.text_width * share)) for share in FACT_COLUMNS]
        tbl = CT_Tbl.new_tbl(1, len(widths), Emu(self.text_width))
        self.body.append(tbl)
        tbl.tblPr.style = self.ids["Table Grid"]
        tbl.tblPr.autofit = False
        ooxml.box_borders(tbl, primary, "#d1d5db")
        ooxml.cell_margins(tbl, top=90, left=140, bottom=90, right=140)
        for column, width in zip(tbl.tblGrid.gridCol_lst, widths, strict=True):
            column.w = width  # the grid, which LibreOffice uses
        # The box's title is its first row, across both columns, inside the shading.
        title_cell = ooxml.span_row(tbl.tr_lst[0])
        ooxml.shade(title_cell, light)
        ooxml.add_run(
            title_cell.p_lst[0], self._t(self.report.labels["key_facts"].upper()),
            bold=True, color=primary, size=8,
        )  # fmt: skip
        ooxml.repeat_header(tbl.tr_lst[0])
        ooxml.keep_with_next(title_cell.p_lst[0])  # never the title alone at a page's foot
        twips = [str(width.twips) for width in widths]
        for fact in self.report.facts:
            figure, sentence = ooxml.add_row(tbl, twips)
            for p in (figure, sentence):
                ooxml.shade(p.getparent(), light)
            ooxml.add_hyperlink(
                figure, self._t(fact.figure), anchor=fact.paragraph, bold=True, color=primary,
                size=11,
            )  # fmt: skip
            for mark in fact.sentence:
                ooxml.add_run(
                    sentence, self._t(mark.text), bold=mark.strong or None, size=8.5,
                    color=primary if mark.head else None,
                )  # fmt: skip
        self._new_paragraph("Normal")  # air between the box and the text

    def heading(self, text: str, style: str, anchor: str) -> None:
        paragraph = self._text_paragraph(self._t(text), style)
        self._bookmark(paragraph, anchor)

    def block(self, block: Block) -> None:
        """One body block, by its kind (a table of renderers, as mistune's)."""
        getattr(self, BLOCK_RENDERERS.get(block.kind, "paragraph"))(block)

    def paragraph(self, block: Block) -> None:
        self._paragraph(block.segments, "Normal", block.id, number=block.number)

    def quote(self, block: Block) -> None:
        """A quotation as the PDF sets it: a rule in the brand's second colour on its left,
        the attribution on a line of its own, set right, inside the same rule."""
        if block.number is not None:  # a frame, so that the rule is not pushed out with it
            self._framed_number(block.number)
        said = self._paragraph(block.segments, "Quote", block.id)
        parts = [said]
        if block.attribution:  # who said it: a line of its own, set right
            from docx.enum.text import WD_ALIGN_PARAGRAPH

            who = self._paragraph(block.attribution, "Quote", "", italic=False)
            who.get_or_add_pPr().jc_val = WD_ALIGN_PARAGRAPH.RIGHT
            parts.append(who)
        rule = _hex(self.brand.color("secondary", "#52606d"))
        for p in parts:
            ooxml.paragraph_box(p, rule, size=16, space=8, edges=("left",))

    def table(self, block: Block) -> None:
        """A table of the brief: a header row repeated on each page, ruled like the key
        facts box, numbers right-aligned."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu

        view = block.table
        assert view is not None
        primary = _hex(self.brand.color("primary", "#1f4e79"))
        columns = len(view.header)
        width = Emu(self.text_width // columns)
        tbl = CT_Tbl.new_tbl(1, columns, Emu(self.text_width))
        self.body.append(tbl)
        tbl.tblPr.style = self.ids["Table Grid"]
        ooxml.box_borders(tbl, primary, "#d1d5db", bar=False)
        ooxml.cell_margins(tbl, top=40, left=80, bottom=40, right=80)
        twips = [str(width.twips)] * columns
        jc = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
        header = [tc.p_lst[0] for tc in tbl.tr_lst[0].tc_lst]
        ooxml.repeat_header(tbl.tr_lst[0])
        for tc in tbl.tr_lst[0].tc_lst:  # the header's rule, as in the PDF (1.5 pt)
            ooxml.cell_bottom_rule(tc, primary, 12)
        self._bookmark(header[0], block.id)
        rows = [(header, view.header, True)]
        rows += [(ooxml.add_row(tbl, twips), row, False) for row in view.rows]
        for paragraphs, cells, bold in rows:
            for n, (p, cell) in enumerate(zip(paragraphs, cells, strict=False)):
                if view.align[n] in jc:
                    p.get_or_add_pPr().jc_val = jc[view.align[n]]
                ooxml.add_run(
                    p, self._t(cell), bold=bold or None, size=9, color=primary if bold else None
                )
        self._new_paragraph("Normal")  # air between the table and the text

    def list(self, block: Block) -> None:
        literal = block.list_type == "literal"  # "1.1": the label is part of the text
        # the conclusions' numbers in bold and the brand colour, as the PDF sets them
        marker = (
            _hex(self.brand.color("primary", "#1f4e79"))
            if block is self.report.conclusions
            else None
        )
        num_id = (
            self.numbering.new_list(block.list_type, block.start or 1, marker=marker)
            if block.ordered and not literal
            else None
        )
        continued = "List Continue" if "List Continue" in self.ids else "Normal"
        style = "List Bullet" if not block.ordered else (continued if literal else "List Number")
        expected = block.start or 1
        for item in block.items:
            if num_id is not None and item.value is not None and item.value != expected:
                # The brief skips or repeats a number (1, 2, 2, 5): Word counts on, so the
                # item restarts the count at its own number to keep its label.
                num_id = self.numbering.new_list(block.list_type, item.value, marker=marker)
            expected = (item.value or expected) + 1
            if item.number is not None:
                self._framed_number(item.number)
            for n, paragraph in enumerate(item.paragraphs):
                if n == 0:
                    p = self._paragraph(paragraph, style, item.id)
                    if num_id is not None:
                        ooxml.set_numbering(p, num_id)
                    if item is block.items[0] and len(block.items) > 1:
                        ooxml.keep_with_next(p)  # a list starts with two items, not one
                else:
                    self._paragraph(paragraph, continued, "")

    def conclusions(self) -> None:
        report = self.report
        self.heading(report.labels["conclusions"], "Heading 1", "conclusions")
        if report.conclusions_lead:  # kept with the first conclusion, as its heading is
            lead = self._paragraph(report.conclusions_lead, "Normal", "", italic=True)
            ooxml.keep_with_next(lead)
        if report.conclusions is not None:
            self.list(report.conclusions)
        for item in report.conclusion_paragraphs:
            for n, paragraph in enumerate(item.paragraphs):
                self._paragraph(paragraph, "Normal", item.id if n == 0 else "")

    def sources(self) -> None:
        """The appendix: a part per group (documents and outlets, then who is quoted),
        numbered on from one part to the next, each entry bookmarked for the text's links
        and linking back to where it is cited."""
        labels = self.report.labels
        self.heading(labels["appendix_sources"], "Heading 1", "sources")
        grey = _hex("#4b5563")
        for group in self.report.source_groups:
            # a caption, not a heading: the appendix is one entry of the contents
            title = self._new_paragraph("Normal")
            ooxml.add_run(title, self._t(group.title.upper()), bold=True, color=grey, size=8)
            ooxml.keep_with_next(title)
            num_id = self.numbering.new_list("1", group.sources[0].number)
            for source in group.sources:
                p = self._new_paragraph("List Number")
                ooxml.set_numbering(p, num_id)
                self._bookmark(p, f"src-{source.id}")
                ooxml.add_run(p, self._t(source.name), bold=True)
                if source.acronym:
                    ooxml.add_run(p, f" ({self._t(source.acronym)})", color=grey)
                if source.role:
                    ooxml.add_run(p, ", " + self._t(source.role))
                if source.title:
                    ooxml.add_run(p, ", " + self._quoted(source.title))
                if source.description:
                    ooxml.add_run(p, ", " + self._t(source.description))
                if source.note:
                    ooxml.add_run(p, " — " + self._t(source.note), color=grey)
                if source.url:
                    ooxml.add_run(p, "\n")  # a line break
                    ooxml.add_hyperlink(
                        p,
                        self._t(source.url_text or source.url),
                        url=source.url,
                        part=self.part,
                        style_id=self.link,
                    )
                if source.cited_in:
                    ooxml.add_run(p, "\n")
                    ooxml.add_run(p, self._t(labels["cited_in"]) + ": ", color=grey)
                    for n, (anchor, label) in enumerate(source.cited_in):
                        if n:
                            ooxml.add_run(p, ", ")
                        ooxml.add_hyperlink(p, self._t(label), anchor=anchor, style_id=self.link)

    def _quoted(self, text: str) -> str:
        """``text`` in the quotation marks of the report's language: «...» in Russian."""
        open_, close = ("«", "»") if self.report.lang == "ru" else ("“", "”")
        return open_ + self._t(text) + close

    def properties(self) -> None:
        report = self.report
        props = self.doc.core_properties
        props.title = _property(self._t(report.title))
        props.subject = _property(self._t(report.rubric or ""))
        props.author = _property(self._t(report.author or report.brand_name))
        props.keywords = _property(self._t(", ".join(report.keywords)), sep=", ")
        props.language = report.lang
        props.category = _property(self._t(report.rubric or ""))
        props.comments = report.generator
        props.last_modified_by = report.generator
        created = report.created.replace(tzinfo=None)
        props.created = props.modified = created
        props.revision = 1

    # -- helpers ---------------------------------------------------------------------------
    def _new_paragraph(self, style: str) -> Any:
        """An empty ``w:p`` in ``style`` at the end of the body."""
        return ooxml.add_paragraph(self.body, self.ids[style])

    def _text_paragraph(self, text: str, style: str) -> Any:
        """A paragraph of one run, none if ``text`` is empty (python-docx's
        ``add_paragraph(text, style)``)."""
        p = self._new_paragraph(style)
        if text:
            ooxml.add_run(p, text)
        return p

    def _paragraph(
        self,
        segments: list[Segment],
        style: str,
        anchor: str,
        *,
        italic: bool | None = None,
        number: int | None = None,
    ) -> Any:
        """A paragraph of linked segments; ``italic`` applies to its text, not its links;
        ``number`` is printed in the margin, as in the PDF."""
        p = self._new_paragraph(style)
        if anchor:
            self._bookmark(p, anchor)
        if number is not None:
            self._margin_number(p, number, self.template.indents.get(style, 0))
        for segment in segments:
            # the brief's own **bold** and *italic*, on text and links alike
            style = {"bold": segment.strong or None, "italic": segment.emphasis or italic}
            if segment.is_break:
                ooxml.add_run(p, "\n", italic=italic)
            elif segment.href and segment.external:
                ooxml.add_hyperlink(
                    p,
                    self._t(segment.text),
                    url=segment.href,
                    part=self.part,
                    style_id=self.link,
                    bold=style["bold"],
                    italic=segment.emphasis or None,
                )
            elif segment.href:
                ooxml.add_hyperlink(
                    p,
                    self._t(segment.text),
                    anchor=segment.href,
                    style_id=self.link,
                    bold=style["bold"],
                    italic=segment.emphasis or None,
                    # a note marker ("¹", "[2]") is a link too, but not underlined, as in
                    # the PDF: a rule under a superscript digit reads as a stray mark
                    underline=False if NOTE_MARKER.fullmatch(segment.text) else None,
                )
            else:
                ooxml.add_run(p, self._t(segment.text), **style)
        return p

    def _margin_number(self, p: Any, number: int, indent: int) -> None:
        """The paragraph number in the margin: the first line hangs MARGIN_NUMBER twips
        out of the text block and the number's tab leads back to its edge (a hanging
        indent is a tab stop in Word and LibreOffice alike)."""
        ind = p.get_or_add_pPr().get_or_add_ind()
        ind.set(ooxml.qn("w:left"), str(indent))
        ind.set(ooxml.qn("w:hanging"), str(indent + MARGIN_NUMBER))
        ooxml.add_run(p, f"{number}\t", **MARGIN_NUMBER_TEXT)

    def _framed_number(self, number: int) -> None:
        """A list item's paragraph number: a list's own numbering takes the first line's
        start, so the number is a small frame in the margin, anchored to the item that
        follows it, where the hanging numbers of other paragraphs stand."""
        p = self._new_paragraph("Normal")
        ooxml.margin_frame(p, x=-MARGIN_NUMBER, width=MARGIN_NUMBER - 114)
        ooxml.add_run(p, str(number), **MARGIN_NUMBER_TEXT)

    def _bookmark(self, p: Any, anchor: str) -> None:
        self.bookmarks += 1
        ooxml.add_bookmark(p, anchor, self.bookmarks)

    def _style(self, paragraph: Any, style: str) -> None:
        """Apply ``style`` to a python-docx paragraph by its id (no look-up by name)."""
        paragraph._p.style = self.ids[style]

    def _tab_stops(self, paragraph: Any, style: str, *, right_only: bool = False) -> None:
        """Our tab stops only: the Header/Footer styles bring their own, made for another
        page width, which would catch the tab first."""
        cleared = [(position, "clear") for position in self.template.tab_stops[style]]
        ooxml.set_tab_stops(
            paragraph._p, cleared + list(self.tabs[1:] if right_only else self.tabs)
        )

    def _raster_logo(self) -> Any:
        logo = self.brand.raster_logo()
        if logo is not None:
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


#: python-docx refuses longer core properties (title, keywords, ...).
PROPERTY_LIMIT = 255


def _property(text: str, *, sep: str = " ") -> str:
    """``text`` cut to fit a core property: at a separator, with an ellipsis. A long
    title or many keywords must not fail the whole document."""
    if len(text) <= PROPERTY_LIMIT:
        return text
    cut = text[: PROPERTY_LIMIT - 1]
    head = cut.rsplit(sep, 1)[0] if sep in cut else cut
    return head.rstrip(" ,;") + "…"


# -- brand styling of an inherited reference document --------------------------------------
def _restyle(styles: dict[str, Any], brand: Brand) -> None:
    """The brand's fonts and colours on the styles of the reference (by name)."""
    from docx.shared import Pt

    t = brand.typography
    normal = styles["Normal"]
    _font(normal, t.base_family, _points(t.base_size), brand.color("foreground", ""))
    bold = str(t.headings_weight or "bold").casefold() in ("bold", "700", "800", "900")
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "TOC Heading"):
        style = styles.get(name)
        if style is not None:
            _font(
                style,
                t.headings_family or t.base_family,
                None,
                t.headings_color or brand.color("primary", ""),
            )
            style.font.bold = bold
    # The rubric line is set in the text face, as in the PDF (the reference's Subtitle
    # names a theme font, which a machine without Office fonts replaces at random).
    _font(styles["Subtitle"], t.base_family, None, None)
    quote = styles["Quote"]
    _font(quote, None, None, brand.color("secondary", ""))
    link = styles["Hyperlink"]
    _font(link, None, None, t.link_color or brand.color("primary", ""))
    title = styles["Title"]
    title.font.size = Pt(24)
    # the rule under the title: the brand's colour at 1.5 pt, as the PDF draws it (the
    # reference's is Word's theme blue)
    rule = title.element.find(f"{ooxml.qn('w:pPr')}/{ooxml.qn('w:pBdr')}/{ooxml.qn('w:bottom')}")
    if rule is not None:
        accent = "secondary" if brand.settings.cover == "banner" else "primary"
        rule.set(ooxml.qn("w:color"), _hex(brand.color(accent, "#1f4e79")))
        rule.set(ooxml.qn("w:sz"), "12")
        for theme in ("w:themeColor", "w:themeTint", "w:themeShade"):
            rule.attrib.pop(ooxml.qn(theme), None)


def _points(size: str | None) -> float | None:
    if not size:
        return None
    match = re.fullmatch(r"(\d+(?:\.\d+)?)pt", size.strip())
    return float(match.group(1)) if match else None


def _rgb(color: str) -> Any:
    from docx.shared import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def _hex(color: str) -> str:
    """``#1f4e79`` -> ``1F4E79`` as ``w:color`` holds it (raises on a malformed colour)."""
    return str(_rgb(color))


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


def package_bytes(document: Any, when: Any, fonts: dict[str, Deflated] | None = None) -> bytes:
    """The .docx bytes of python-docx ``document``, every member dated ``when`` (the
    report's creation time) instead of the clock, so the same report gives the same bytes,
    and the embedded ``fonts`` spliced in, deflated in advance (see :mod:`zipfinish`)."""
    saved = io.BytesIO()
    document.save(saved)
    return finish_zip(saved.getvalue(), when, fonts)
