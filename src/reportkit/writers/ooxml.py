"""The WordprocessingML python-docx has no API for, in one place.

Fields (PAGE, NUMPAGES, TOC), hyperlinks (external and to bookmarks), bookmarks, list
numbering that restarts per list, repeated table header rows, document language, and
character filtering. Each helper is small and builds exactly the XML Word writes.

The helpers work on lxml elements (``w:p``, ``w:tbl``...), not on python-docx proxies:
``paragraph.add_run()``, ``run.bold = True`` and above all ``paragraph.style = "Name"``
(a scan of every style, per call) cost tens of microseconds each, and a report makes
thousands of such calls. The XML they append is the XML python-docx would write.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml.etree import SubElement

from reportkit.chars import XML_INVALID

#: Word's number formats per numbering style of the model.
NUM_FORMATS = {
    "1": "decimal",
    "a": "lowerLetter",
    "A": "upperLetter",
    "i": "lowerRoman",
    "I": "upperRoman",
}
#: Locale tags for w:lang, by the brief's language.
LOCALES = {"en": "en-US", "ru": "ru-RU", "ar": "ar-SA", "he": "he-IL", "el": "el-GR"}

# Clark names of the elements and attributes built below (qn() per call adds up).
W_VAL = qn("w:val")
_U = qn("w:u")
_P, _PPR, _PSTYLE = qn("w:p"), qn("w:pPr"), qn("w:pStyle")
_R, _RPR, _RSTYLE, _T = qn("w:r"), qn("w:rPr"), qn("w:rStyle"), qn("w:t")
_B, _I, _COLOR, _SZ = qn("w:b"), qn("w:i"), qn("w:color"), qn("w:sz")
_TAB, _BR = qn("w:tab"), qn("w:br")
_HYPERLINK, _ANCHOR, _R_ID = qn("w:hyperlink"), qn("w:anchor"), qn("r:id")
_BOOKMARK_START, _BOOKMARK_END = qn("w:bookmarkStart"), qn("w:bookmarkEnd")
_ID, _NAME = qn("w:id"), qn("w:name")
_NUMPR, _ILVL, _NUMID = qn("w:numPr"), qn("w:ilvl"), qn("w:numId")
_TR, _TC, _TCPR, _TCW = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:tcW")
_TYPE, _W = qn("w:type"), qn("w:w")
_POS = qn("w:pos")
_XML_SPACE = qn("xml:space")
#: What python-docx turns into elements of their own inside a run.
_RUN_SPECIALS = re.compile("([\t\r\n])")


def xml_text(text: str) -> tuple[str, int]:
    """``text`` without XML-invalid characters, and how many were removed."""
    cleaned, removed = XML_INVALID.subn("", text)
    return cleaned, removed


# -- paragraphs and runs ------------------------------------------------------------------
def add_paragraph(parent: Any, style_id: str | None) -> Any:
    """Append a ``w:p`` in style ``style_id`` to ``parent``. ``None`` is the default
    paragraph style, which python-docx leaves implicit: an empty ``w:pPr``."""
    p = SubElement(parent, _P)
    ppr = SubElement(p, _PPR)
    if style_id is not None:
        SubElement(ppr, _PSTYLE, {W_VAL: style_id})
    return p


def add_run(
    parent: Any,
    text: str = "",
    *,
    style_id: str | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    color: str | None = None,
    size: float | None = None,
    underline: bool | None = None,
) -> Any:
    """Append a ``w:r`` with ``text`` to a paragraph or hyperlink.

    ``color`` is ``RRGGBB``, ``size`` in points; the properties go in the order the
    schema requires. Tabs and line breaks in ``text`` become ``w:tab`` and ``w:br``.
    """
    r = SubElement(parent, _R)
    if (
        style_id is not None
        or bold is not None
        or italic is not None
        or color
        or size
        or underline is not None
    ):
        rpr = SubElement(r, _RPR)
        if style_id is not None:
            SubElement(rpr, _RSTYLE, {W_VAL: style_id})
        if bold is not None:
            _on_off(rpr, _B, bold)
        if italic is not None:
            _on_off(rpr, _I, italic)
        if color:
            SubElement(rpr, _COLOR, {W_VAL: color})
        if size:
            SubElement(rpr, _SZ, {W_VAL: str(int(size * 2))})  # half-points
        if underline is not None:  # after w:sz in CT_RPr
            SubElement(rpr, _U, {W_VAL: "single" if underline else "none"})
    if text:
        _append_text(r, text)
    return r


def set_tab_stops(p: Any, stops: Iterable[tuple[int, str]], *, leader: str | None = None) -> None:
    """Tab stops ``(position in twips, alignment)`` on paragraph ``p``, which has none
    yet: in position order, equal positions in the order given (as python-docx's
    ``add_tab_stop`` keeps them). ``"clear"`` removes a tab stop of the style. ``leader``:
    what fills the space before them ("dot")."""
    tabs = p.get_or_add_pPr().get_or_add_tabs()
    for position, alignment in sorted(stops, key=lambda stop: stop[0]):
        attributes = {W_VAL: alignment}
        if leader and alignment != "clear":
            attributes[qn("w:leader")] = leader
        attributes[_POS] = str(position)
        SubElement(tabs, _TAB, attributes)


def _on_off(rpr: Any, tag: str, value: bool) -> None:
    """``<w:b/>`` for on, ``<w:b w:val="0"/>`` for off."""
    SubElement(rpr, tag, None if value else {W_VAL: "0"})


def _append_text(r: Any, text: str) -> None:
    """Run content the way python-docx writes ``run.text``: a ``w:t`` per stretch of
    text (``xml:space="preserve"`` when it starts or ends with white space), ``w:tab``
    for a tab, ``w:br`` for each CR or LF."""
    for piece in _RUN_SPECIALS.split(text):
        if piece == "\t":
            SubElement(r, _TAB)
        elif piece in ("\r", "\n"):
            SubElement(r, _BR)
        elif piece:
            t = SubElement(r, _T)
            t.text = piece
            if len(piece.strip()) < len(piece):
                t.set(_XML_SPACE, "preserve")


# -- fields -------------------------------------------------------------------------------
def _fld_char(kind: str) -> Any:
    run = OxmlElement("w:r")
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        char.set(qn("w:dirty"), "true")  # Word recomputes it on open
    run.append(char)
    return run


def _instr(instruction: str) -> Any:
    run = OxmlElement("w:r")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    run.append(text)
    return run


def add_field(p: Any, instruction: str, cached: str, **run: Any) -> None:
    """A complex field (``PAGE``, ``NUMPAGES``) whose last known result is ``cached``;
    ``run`` formats it (``size``, ``color``, as :func:`add_run`): every run of the field
    carries it, since Word formats a refreshed result like the field's first run."""
    first = len(p)
    begin_field(p, instruction)
    add_run(p, cached, **run)
    end_field(p)
    rpr = p[first + 3].find(_RPR) if run else None  # the result run's properties
    if rpr is not None:
        for element in p[first:]:
            if element.tag == _R and element.find(_RPR) is None:
                element.insert(0, copy.deepcopy(rpr))


def begin_field(p: Any, instruction: str) -> None:
    """Open a field whose result spans several paragraphs (a table of contents)."""
    p.append(_fld_char("begin"))
    p.append(_instr(instruction))
    p.append(_fld_char("separate"))


def end_field(p: Any) -> None:
    p.append(_fld_char("end"))


def update_fields_on_open(document: Any) -> None:
    """Ask Word to refresh fields (the TOC's page numbers) when the file is opened."""
    settings = document.settings.element
    flag = settings.find(qn("w:updateFields"))
    if flag is None:
        flag = OxmlElement("w:updateFields")
        settings.append(flag)
    flag.set(qn("w:val"), "true")


# -- links and bookmarks ------------------------------------------------------------------
def bookmark_name(anchor: str) -> str:
    """Word bookmark names: a letter first, then letters, digits and underscores."""
    name = re.sub(r"\W", "_", anchor.lstrip("#"))
    return name if name[:1].isalpha() else f"b_{name}"


def add_bookmark(p: Any, name: str, number: int) -> None:
    """Bookmark paragraph ``p`` as ``name`` (the target of internal links): it starts
    after the paragraph properties and ends after what ``p`` holds so far."""
    start = SubElement(p, _BOOKMARK_START, {_ID: str(number), _NAME: bookmark_name(name)})
    ppr = p.find(_PPR)
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    SubElement(p, _BOOKMARK_END, {_ID: str(number)})


def add_hyperlink(
    p: Any,
    text: str,
    *,
    url: str | None = None,
    part: Any = None,
    anchor: str | None = None,
    style_id: str | None = None,
    **run: Any,
) -> Any:
    """A run linked to ``url`` (external, a relationship of ``part``) or to bookmark
    ``anchor`` (internal); ``run`` formats it as :func:`add_run` does."""
    if url is not None:
        attributes = {_R_ID: part.relate_to(url, RT.HYPERLINK, is_external=True)}
    else:
        attributes = {_ANCHOR: bookmark_name(anchor or "")}
    link = SubElement(p, _HYPERLINK, attributes)
    return add_run(link, text, style_id=style_id, **run)


# -- numbering ----------------------------------------------------------------------------
class Numbering:
    """New lists that restart: one ``w:num`` per list, pointing at the abstract numbering
    of the reference document's "List Number" style (cloned with another number format
    for letters and roman numerals), with a ``startOverride`` at the list's first number.
    The numId goes on every item: setting it on the first item only splits the list in
    other readers."""

    def __init__(self, document: Any, list_num_id: int | None) -> None:
        """``list_num_id``: the numId the "List Number" style refers to, if any."""
        self.numbering = document.part.numbering_part.element
        self.base = self._abstract_for(list_num_id) if list_num_id is not None else None
        self.formats: dict[str, str] = {}

    def new_list(self, list_type: str, start: int, *, marker: str | None = None) -> int:
        """A list numbered from ``start``; ``marker``: its numbers bold in that colour."""
        abstract_id = self._abstract(NUM_FORMATS.get(list_type, "decimal"), marker)
        num = self.numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    def _abstract_for(self, num_id: int) -> Any:
        num = self.numbering.num_having_numId(num_id)
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in self.numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == abstract_id:
                return abstract
        return None

    def _abstract(self, fmt: str, marker: str | None = None) -> int:
        key = f"{fmt}/{marker}" if marker else fmt
        if key in self.formats:
            return int(self.formats[key])
        existing = [
            int(a.get(qn("w:abstractNumId"))) for a in self.numbering.findall(qn("w:abstractNum"))
        ]
        new_id = max(existing, default=0) + 1
        abstract = copy.deepcopy(self.base) if self.base is not None else _plain_abstract()
        abstract.set(qn("w:abstractNumId"), str(new_id))
        for child in list(abstract):
            if child.tag in (qn("w:nsid"), qn("w:tmpl"), qn("w:numStyleLink"), qn("w:styleLink")):
                abstract.remove(child)
        level = abstract.find(qn("w:lvl"))
        level.find(qn("w:numFmt")).set(qn("w:val"), fmt)
        level.find(qn("w:lvlText")).set(qn("w:val"), "%1.")
        for extra in abstract.findall(qn("w:lvl"))[1:]:
            abstract.remove(extra)
        if marker:
            for old in level.findall(qn("w:rPr")):
                level.remove(old)
            rpr = SubElement(level, qn("w:rPr"))  # last in CT_Lvl
            SubElement(rpr, qn("w:b"))
            SubElement(rpr, qn("w:color"), {W_VAL: marker.lstrip("#").upper()})
        # abstractNum elements must come before every num element
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.formats[key] = str(new_id)
        return new_id


def style_num_id(styles: Any, style_id: str) -> int | None:
    """The numId a paragraph style (in styles.xml element ``styles``) numbers with."""
    style = styles.get_by_id(style_id)
    num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
    return None if num_id is None else int(num_id.get(qn("w:val")))


def _plain_abstract() -> Any:
    abstract = OxmlElement("w:abstractNum")
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (
        ("w:start", "1"),
        ("w:numFmt", "decimal"),
        ("w:lvlText", "%1."),
        ("w:lvlJc", "left"),
    ):
        element = OxmlElement(tag)
        element.set(qn("w:val"), value)
        level.append(element)
    ppr = OxmlElement("w:pPr")
    ind = OxmlElement("w:ind")
    ind.set(qn("w:left"), "720")
    ind.set(qn("w:hanging"), "360")
    ppr.append(ind)
    level.append(ppr)
    abstract.append(level)
    return abstract


def set_numbering(p: Any, num_id: int) -> None:
    """Number paragraph ``p`` (made by :func:`add_paragraph`, whose ``w:pPr`` holds at
    most a ``w:pStyle``, which comes before ``w:numPr``) in list ``num_id``."""
    num_pr = SubElement(p.find(_PPR), _NUMPR)
    SubElement(num_pr, _ILVL, {W_VAL: "0"})
    SubElement(num_pr, _NUMID, {W_VAL: str(num_id)})


# -- tables and language ------------------------------------------------------------------
def add_row(tbl: Any, widths: Iterable[str]) -> list[Any]:
    """Append a row of cells ``widths`` twips wide to ``tbl``; the cells' paragraphs. The
    row never breaks across pages: a key fact or a table row is read whole."""
    tr = SubElement(tbl, _TR)
    SubElement(tr.get_or_add_trPr(), qn("w:cantSplit"))
    paragraphs = []
    for width in widths:
        tc = SubElement(tr, _TC)
        SubElement(SubElement(tc, _TCPR), _TCW, {_TYPE: "dxa", _W: width})
        paragraphs.append(SubElement(tc, _P))
    return paragraphs


def span_row(tr: Any) -> Any:
    """Make row ``tr`` one cell across all its columns; that cell."""
    cells = tr.tc_lst
    first = cells[0]
    widths = [cell.width for cell in cells]
    for other in cells[1:]:
        tr.remove(other)
    first.get_or_add_tcPr().grid_span = len(cells)
    if all(widths):
        first.width = sum(widths)
    return first


def repeat_header(tr: Any) -> None:
    """Repeat table row ``tr`` at the top of every page the table continues on."""
    trpr = tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def shade(tc: Any, color: str) -> None:
    """Fill table cell ``tc`` with ``#rrggbb``."""
    tcpr = tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), color.lstrip("#").upper())
    tcpr.append(fill)


def cell_bottom_rule(tc: Any, color: str, size: int) -> None:
    """A rule under table cell ``tc`` (``size`` in eighths of a point): a header row's."""
    tcpr = tc.get_or_add_tcPr()
    borders = OxmlElement("w:tcBorders")
    bottom = SubElement(borders, qn("w:bottom"))
    bottom.set(qn("w:val"), "single")
    bottom.set(qn("w:sz"), str(size))
    bottom.set(qn("w:space"), "0")
    bottom.set(qn("w:color"), color.lstrip("#").upper())
    # CT_TcPr: tcW, gridSpan, hMerge, vMerge come before tcBorders
    before = {qn(f"w:{name}") for name in ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge")}
    index = max((i + 1 for i, child in enumerate(tcpr) if child.tag in before), default=0)
    tcpr.insert(index, borders)


def rules(tbl: Any, accent: str, sizes: dict[str, int]) -> None:
    """Table borders: a rule in ``accent`` on each edge of ``sizes`` (eighths of a point),
    none elsewhere: a band ruled below, a summary between two rules."""
    tblpr = tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = SubElement(borders, qn(f"w:{edge}"))
        size = sizes.get(edge)
        element.set(qn("w:val"), "single" if size else "nil")
        if size:
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), accent.lstrip("#").upper())
    _insert_borders(tblpr, borders)


def own_cell_margins(tc: Any, top: int, left: int, bottom: int, right: int) -> None:
    """Inner margins of cell ``tc`` in twips (w:tcMar, after w:shd in CT_TcPr)."""
    tcpr = tc.get_or_add_tcPr()
    margins = OxmlElement("w:tcMar")
    for edge, value in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = SubElement(margins, qn(f"w:{edge}"))
        element.set(qn("w:w"), str(value))
        element.set(qn("w:type"), "dxa")
    after = {qn(f"w:{name}") for name in ("cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge",
                                          "tcBorders", "shd", "noWrap")}  # fmt: skip
    index = max((i + 1 for i, child in enumerate(tcpr) if child.tag in after), default=0)
    tcpr.insert(index, margins)


def box_borders(tbl: Any, accent: str, rule: str, *, bar: bool = True) -> None:
    """Borders of a box: a thick ``accent`` bar on the left, thin ``rule`` lines between
    rows, nothing else (``#rrggbb`` colours). Without ``bar`` (a table of the brief, not
    the key facts box): no bar, a thin rule under the last row too."""
    tblpr = tbl.tblPr
    for old in tblpr.findall(qn("w:tblBorders")):
        tblpr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge, value, size, color in (
        ("top", "nil", 0, rule),
        ("left", "single" if bar else "nil", 24, accent),
        ("bottom", "nil" if bar else "single", 4, rule),
        ("right", "nil", 0, rule),
        ("insideH", "single", 4, rule),
        ("insideV", "nil", 0, rule),
    ):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value != "nil":
            element.set(qn("w:sz"), str(size))
            element.set(qn("w:space"), "0")
            element.set(qn("w:color"), color.lstrip("#").upper())
        borders.append(element)
    _insert_borders(tblpr, borders)


def _insert_borders(tblpr: Any, borders: Any) -> None:
    # CT_TblPr's children have a schema order; tblBorders comes after tblW/jc/...
    anchor = tblpr.find(qn("w:tblLayout"))
    if anchor is None:
        anchor = tblpr.find(qn("w:tblCellMar"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        look = tblpr.find(qn("w:tblLook"))
        if look is not None:
            look.addprevious(borders)
        else:
            tblpr.append(borders)


def cell_margins(tbl: Any, top: int, left: int, bottom: int, right: int) -> None:
    """Inner margins of every cell of ``tbl``, in twips: air inside a box."""
    tblpr = tbl.tblPr
    for old in tblpr.findall(qn("w:tblCellMar")):
        tblpr.remove(old)
    margins = OxmlElement("w:tblCellMar")
    for edge, width in (("top", top), ("left", left), ("bottom", bottom), ("right", right)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(width))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    look = tblpr.find(qn("w:tblLook"))
    if look is not None:
        look.addprevious(margins)  # the schema puts tblCellMar right before tblLook
    else:
        tblpr.append(margins)


def paragraph_box(
    p: Any,
    color: str,
    size: int,
    space: int = 3,
    edges: tuple[str, ...] = ("top", "left", "bottom", "right"),
) -> None:
    """A rule on the ``edges`` of paragraph ``p`` (``size`` in eighths of a point,
    ``space`` between rule and text in points): a box, or a hairline below."""
    ppr = p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for edge in edges:
        element = SubElement(borders, qn(f"w:{edge}"))
        element.set(qn("w:val"), "single")
        element.set(qn("w:sz"), str(size))
        element.set(qn("w:space"), str(space))
        element.set(qn("w:color"), color.lstrip("#").upper())
    # CT_PPr: pBdr comes after pStyle, keepNext, keepLines, pageBreakBefore, framePr,
    # widowControl, numPr, suppressLineNumbers; before shd, tabs, spacing, ind, jc...
    before = {
        qn(f"w:{name}")
        for name in (
            "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr",
            "widowControl", "numPr", "suppressLineNumbers",
        )
    }  # fmt: skip
    index = max((i + 1 for i, child in enumerate(ppr) if child.tag in before), default=0)
    ppr.insert(index, borders)


def margin_frame(p: Any, *, x: int, width: int) -> None:
    """Make paragraph ``p`` a frame ``width`` twips wide at ``x`` twips from the left
    margin (negative: in the margin), level with the paragraph that follows it."""
    ppr = p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for name, value in (
        ("w", width), ("hSpace", 0), ("wrap", "around"), ("vAnchor", "text"),
        ("hAnchor", "margin"), ("x", x), ("y", 40),
    ):  # fmt: skip
        frame.set(qn(f"w:{name}"), str(value))
    # CT_PPr: framePr after pStyle, keepNext, keepLines, pageBreakBefore
    before = {qn(f"w:{n}") for n in ("pStyle", "keepNext", "keepLines", "pageBreakBefore")}
    index = max((i + 1 for i, child in enumerate(ppr) if child.tag in before), default=0)
    ppr.insert(index, frame)


def keep_with_next(p: Any) -> None:
    """Keep paragraph ``p`` on the page of the one after it (a title and its box)."""
    p.get_or_add_pPr().keepNext_val = True


def set_language(styles: Any, language: str) -> None:
    """``w:lang`` on the document defaults of styles.xml element ``styles``, so Word
    spell-checks in the brief's language."""
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    tag = LOCALES.get(language, language)
    lang.set(qn("w:val"), tag)
    lang.set(qn("w:bidi"), "ar-SA")


def style_ids(document: Any, names: Iterable[str]) -> dict[str, str | None]:
    """Style id of each built-in style name, matched case-insensitively on ``w:name``:
    Word keeps built-in names in English in styles.xml whatever its UI language, while
    the ids (``berschrift1``) are localised."""
    by_name = {}
    for style in document.styles.element.findall(qn("w:style")):
        name = style.find(qn("w:name"))
        if name is not None:
            by_name.setdefault(name.get(qn("w:val")).casefold(), style.get(qn("w:styleId")))
    return {name: by_name.get(name.casefold()) for name in names}
