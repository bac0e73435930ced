"""The WordprocessingML python-docx has no API for, in one place.

Fields (PAGE, NUMPAGES, TOC), hyperlinks (external and to bookmarks), bookmarks, list
numbering that restarts per list, repeated table header rows, document language, and
character filtering. Each helper is small and builds exactly the XML Word writes.
"""

from __future__ import annotations

import copy
import io
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

#: Characters XML 1.0 cannot hold; python-docx raises on them.
XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
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
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def xml_text(text: str) -> tuple[str, int]:
    """``text`` without XML-invalid characters, and how many were removed."""
    cleaned, removed = XML_INVALID.subn("", text)
    return cleaned, removed


def open_reference(path: Path) -> io.BytesIO:
    """The reference document as a .docx package in memory; a Word template (.dotx) is
    relabelled as a document, which is the only difference python-docx cares about."""
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        types = source.read("[Content_Types].xml").decode("utf-8")
        if TEMPLATE_TYPE not in types:
            return io.BytesIO(data)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":
                    content = types.replace(TEMPLATE_TYPE, DOCUMENT_TYPE).encode("utf-8")
                target.writestr(item, content)
    out.seek(0)
    return out


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


def add_field(paragraph: Any, instruction: str, cached: str) -> None:
    """A complex field (``PAGE``, ``NUMPAGES``) whose last known result is ``cached``."""
    p = paragraph._p
    p.append(_fld_char("begin"))
    p.append(_instr(instruction))
    p.append(_fld_char("separate"))
    run = paragraph.add_run(cached)
    p.remove(run._r)
    p.append(run._r)
    p.append(_fld_char("end"))


def begin_field(paragraph: Any, instruction: str) -> None:
    """Open a field whose result spans several paragraphs (a table of contents)."""
    paragraph._p.append(_fld_char("begin"))
    paragraph._p.append(_instr(instruction))
    paragraph._p.append(_fld_char("separate"))


def end_field(paragraph: Any) -> None:
    paragraph._p.append(_fld_char("end"))


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


def add_bookmark(paragraph: Any, name: str, number: int) -> None:
    """Bookmark the whole paragraph as ``name`` (the target of internal links)."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), bookmark_name(name))
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    p = paragraph._p
    ppr = p.find(qn("w:pPr"))
    p.insert(p.index(ppr) + 1 if ppr is not None else 0, start)
    p.append(end)


def add_hyperlink(
    paragraph: Any,
    text: str,
    *,
    url: str | None = None,
    anchor: str | None = None,
    style: str | None = None,
) -> Any:
    """A run linked to ``url`` (external) or to bookmark ``anchor`` (internal)."""
    link = OxmlElement("w:hyperlink")
    if url is not None:
        link.set(qn("r:id"), paragraph.part.relate_to(url, RT.HYPERLINK, is_external=True))
    else:
        link.set(qn("w:anchor"), bookmark_name(anchor or ""))
    run = paragraph.add_run(text, style=style)
    paragraph._p.remove(run._r)
    link.append(run._r)
    paragraph._p.append(link)
    return run


# -- numbering ----------------------------------------------------------------------------
class Numbering:
    """New lists that restart: one ``w:num`` per list, pointing at the abstract numbering
    of the reference document's "List Number" style (cloned with another number format
    for letters and roman numerals), with a ``startOverride`` at the list's first number.
    The numId goes on every item: setting it on the first item only splits the list in
    other readers."""

    def __init__(self, document: Any, list_style_id: str) -> None:
        self.numbering = document.part.numbering_part.element
        self.base = self._abstract_for_style(document, list_style_id)
        self.formats: dict[str, str] = {}

    def new_list(self, list_type: str, start: int) -> int:
        abstract_id = self._abstract(NUM_FORMATS.get(list_type, "decimal"))
        num = self.numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        return int(num.numId)

    def _abstract_for_style(self, document: Any, style_id: str) -> Any:
        style = document.styles.element.get_by_id(style_id)
        num_id = style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None:
            return None
        num = self.numbering.num_having_numId(int(num_id.get(qn("w:val"))))
        abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        for abstract in self.numbering.findall(qn("w:abstractNum")):
            if abstract.get(qn("w:abstractNumId")) == abstract_id:
                return abstract
        return None

    def _abstract(self, fmt: str) -> int:
        if fmt in self.formats:
            return int(self.formats[fmt])
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
        # abstractNum elements must come before every num element
        first_num = self.numbering.find(qn("w:num"))
        if first_num is not None:
            first_num.addprevious(abstract)
        else:
            self.numbering.append(abstract)
        self.formats[fmt] = str(new_id)
        return new_id


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


def set_numbering(paragraph: Any, num_id: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    num_pr = ppr.get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


# -- tables and language ------------------------------------------------------------------
def repeat_header(row: Any) -> None:
    """Repeat this table row at the top of every page the table continues on."""
    trpr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    trpr.append(header)


def shade(cell: Any, color: str) -> None:
    """Fill a table cell with ``#rrggbb``."""
    tcpr = cell._tc.get_or_add_tcPr()
    fill = OxmlElement("w:shd")
    fill.set(qn("w:val"), "clear")
    fill.set(qn("w:color"), "auto")
    fill.set(qn("w:fill"), color.lstrip("#").upper())
    tcpr.append(fill)


def set_language(document: Any, language: str) -> None:
    """``w:lang`` on the document defaults, so Word spell-checks in the brief's language."""
    styles = document.styles.element
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
