"""The DOCX writer, tested on real outputs.

Every example brief (and the canonical seed, when present) is rendered once per session
with the ``default`` and ``meridian`` brands; the files are then opened with python-docx,
read as WordprocessingML, converted to PDF by LibreOffice and read back by pandoc.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from conftest import EXAMPLES, ROOT, SEED
from reportkit import api
from reportkit.brand import BrandError, load_brand
from reportkit.labels import Labels
from reportkit.model import Brief
from reportkit.writers.typography import typographic

BRANDS = ("default", "meridian")
BRIEFS = {path.stem: path for path in sorted(EXAMPLES.glob("*.txt"))}
BRIEFS["seed"] = SEED
CASES = [(stem, brand) for stem in BRIEFS for brand in BRANDS]
CASE_IDS = [f"{stem}-{brand}" for stem, brand in CASES]
LOCALES = {"en": "en-US", "ru": "ru-RU"}
DEFAULT_REFERENCE = ROOT / "templates" / "default" / "reference.docx"
TEMPLATE_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
DOCUMENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


# -- helpers ------------------------------------------------------------------------------
def norm(text: str) -> str:
    """Whitespace-normalised text, its quotes typographic as reports print them (the
    same for a text that already is)."""
    return " ".join(typographic(text).split())


def letters(text: str) -> str:
    """Only the letters of ``text``, case-folded (ligatures unfolded): what survives line
    breaking, hyphenation and text extraction from a PDF."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalpha())


def missing_from_subsequence(needles: list[str], haystack: list[str]) -> str | None:
    """The first of ``needles`` not found, in order, in ``haystack``; None when all are."""
    rest = iter(haystack)
    for needle in needles:
        if not any(item == needle for item in rest):
            return needle
    return None


ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}


def label_value(label: str, numbering: str | None) -> int:
    """The number a conclusion label stands for, computed here independently."""
    if label.isdigit():
        return int(label)
    if numbering in ("lower-alpha", "upper-alpha"):
        return ord(label.lower()) - ord("a") + 1
    total = previous = 0
    for ch in reversed(label.lower()):
        value = ROMAN[ch]
        total = total - value if value < previous else total + value
        previous = max(previous, value)
    return total


def num_pr(paragraph: Any) -> tuple[int, int] | None:
    """(numId, ilvl) set directly on ``paragraph``, or None."""
    ppr = paragraph._p.pPr
    if ppr is None or ppr.numPr is None or ppr.numPr.numId is None:
        return None
    ilvl = ppr.numPr.ilvl
    return ppr.numPr.numId.val, (ilvl.val if ilvl is not None else 0)


def num_element(document: Any, num_id: int) -> Any:
    return document.part.numbering_part.element.num_having_numId(num_id)


def start_override(document: Any, num_id: int) -> int | None:
    num = num_element(document, num_id)
    values = num.xpath("./w:lvlOverride[@w:ilvl='0']/w:startOverride/@w:val")
    return int(values[0]) if values else None


def abstract_format(document: Any, num_id: int) -> str:
    """numFmt of level 0 of the abstract numbering ``num_id`` points at."""
    numbering = document.part.numbering_part.element
    abstract_id = num_element(document, num_id).abstractNumId.val
    formats = numbering.xpath(
        f"./w:abstractNum[@w:abstractNumId='{abstract_id}']/w:lvl[@w:ilvl='0']/w:numFmt/@w:val"
    )
    assert len(formats) == 1, f"abstractNum {abstract_id} has no single level-0 numFmt"
    return formats[0]


def instructions(element: Any) -> list[str]:
    return [norm(t.text or "") for t in element.iter(qn("w:instrText"))]


def expected_headings(brief: Brief, labels: Labels) -> list[tuple[str, str]]:
    """(text, style name) of every heading the report should have, in order."""
    headings = []  # (the key facts box and the appendix's parts have captions, not headings)
    for section in brief.sections:
        if section.heading:
            headings.append((section.heading, "Heading 2" if section.level > 1 else "Heading 1"))
    if brief.conclusions.items:
        headings.append((labels["conclusions"], "Heading 1"))
    if brief.sources:
        headings.append((labels["appendix_sources"], "Heading 1"))
    return headings


def body_texts(brief: Brief) -> list[str]:
    """The model's body paragraph texts, whitespace-normalised (a blank line inside a list
    item starts another paragraph; a quotation's "— who said it" line is one of its own)."""
    return [
        norm(chunk)
        for section in brief.sections
        for paragraph in section.paragraphs
        if paragraph.kind != "table"  # a table's text is its cells, not a paragraph
        for chunk in re.split(
            r"\n\n|\n(?=— )" if paragraph.kind == "quote" else r"\n\n", paragraph.text
        )
        if chunk.strip()
    ]


def docx_bytes_text(data: bytes) -> str:
    document = docx.Document(io.BytesIO(data))
    return "\n".join(p.text for p in document.paragraphs)


def make_brand(folder: Path, name: str, reference: bytes | None) -> Any:
    brand_dir = folder / name
    brand_dir.mkdir(parents=True)
    (brand_dir / "_brand.yml").write_text(
        f"meta:\n  name: {name}\ndefaults:\n  reportkit:\n    extends: default\n",
        encoding="utf-8",
    )
    if reference is not None:
        (brand_dir / "reference.docx").write_bytes(reference)
    return load_brand(brand_dir)


def rewrite_package(source: Path, edits: dict[str, Any]) -> bytes:
    """A copy of the zip package ``source`` with ``edits[name](text) -> text`` applied."""
    out = io.BytesIO()
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename in edits:
                data = edits[item.filename](data.decode("utf-8")).encode("utf-8")
            zout.writestr(item, data)
    return out.getvalue()


# -- rendering once per session -----------------------------------------------------------
@dataclass
class Rendered:
    stem: str
    brand_name: str
    path: Path
    brief: Brief
    brand: Any
    warnings: list[Any] = field(default_factory=list)

    @cached_property
    def document(self) -> Any:
        return docx.Document(str(self.path))

    @cached_property
    def labels(self) -> Labels:
        return api.report_labels(self.brief, self.brand)

    @cached_property
    def paragraphs(self) -> list[Any]:
        """The body's paragraphs in order, with those of the cover when a banner brand
        sets it in a one-cell table (the band)."""
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        body = self.document.element.body
        out = []
        for child in body.iterchildren(qn("w:p"), qn("w:tbl")):
            if child.tag == qn("w:p"):
                out.append(Paragraph(child, self.document))
                continue
            cells = Table(child, self.document).rows[0].cells
            if len(cells) == 1 and any(p.style.name == "Title" for p in cells[0].paragraphs):
                out += cells[0].paragraphs
        return out

    def styled(self, *names: str) -> list[Any]:
        return [p for p in self.paragraphs if p.style is not None and p.style.name in names]


@pytest.fixture(scope="session")
def brands() -> dict[str, Any]:
    return {name: load_brand(name) for name in BRANDS}


@pytest.fixture(scope="session")
def rendered_all(tmp_path_factory: pytest.TempPathFactory, brands) -> dict[tuple[str, str], Any]:
    """Every available (brief, brand) pair rendered once, written to a session folder."""
    folder = tmp_path_factory.mktemp("docx")
    out: dict[tuple[str, str], Rendered] = {}
    for stem, brand_name in CASES:
        path = BRIEFS[stem]
        if not path.exists():
            continue
        brief = api.parse_file(path)
        result = api.render(brief, "docx", brands[brand_name])
        target = folder / f"{stem}-{brand_name}.docx"
        target.write_bytes(result.data)
        out[stem, brand_name] = Rendered(
            stem, brand_name, target, brief, brands[brand_name], result.warnings
        )
    return out


@pytest.fixture(params=CASES, ids=CASE_IDS)
def case(request: pytest.FixtureRequest, rendered_all) -> Rendered:
    stem, brand_name = request.param
    if stem == "seed" and not SEED.exists():
        pytest.skip(f"the canonical seed brief is not present at {SEED}")
    return rendered_all[stem, brand_name]


# -- 1. structure of every rendered example -----------------------------------------------
def test_opens_with_the_brief_title(case: Rendered) -> None:
    assert case.path.read_bytes()[:2] == b"PK"
    titles = case.styled("Title")
    # (a no-break space keeps the last two words of a title on one line)
    assert [p.text.replace("\xa0", " ") for p in titles] == [typographic(case.brief.meta.title)]
    assert case.warnings == []


def test_headings_use_builtin_styles_with_exact_texts(case: Rendered) -> None:
    expected = expected_headings(case.brief, case.labels)
    headings = case.styled("Heading 1", "Heading 2", "Heading 3")
    assert [(p.text, p.style.name) for p in headings] == expected
    for paragraph in headings:
        assert paragraph.style.builtin, f"{paragraph.style.name} is a custom style"
        # what Word's navigation pane and TOC use: the outline level of the style
        level = paragraph.style.element.xpath("./w:pPr/w:outlineLvl/@w:val")
        assert level == [str(int(paragraph.style.name[-1]) - 1)]


def test_heading_labels_follow_the_brief_language(case: Rendered) -> None:
    texts = {p.text for p in case.styled("Heading 1")}
    assert case.labels.language == case.brief.meta.language
    assert case.labels["conclusions"] in texts
    assert case.labels["appendix_sources"] in texts
    if case.brief.meta.language == "ru":
        assert all(re.search("[а-яё]", text, re.I) for text in texts if text)


#: A paragraph number in the margin: its own run, a tab after it.
MARGIN_NUMBER = re.compile(r"^\d+\t")


def test_body_paragraphs_appear_in_order(case: Rendered) -> None:
    expected = body_texts(case.brief)
    assert expected
    actual = [norm(MARGIN_NUMBER.sub("", p.text)) for p in case.paragraphs]
    assert missing_from_subsequence(expected, actual) is None


def test_paragraph_numbers_hang_in_the_margin_when_the_appendix_cites_them(
    case: Rendered,
) -> None:
    """ "Cited in ¶ 7" can be followed on paper: paragraph 7 shows its number, in grey,
    left of the text (a hanging indent); without such references no number is shown."""
    numbers = {
        int(m.group().strip()): p for p in case.paragraphs if (m := MARGIN_NUMBER.match(p.text))
    }
    # a list item's or quotation's number is a small frame in the margin, just before it
    framed = {
        int(p.text): p
        for p in case.paragraphs
        if p.text.isdigit() and p._p.pPr is not None and p._p.pPr.find(qn("w:framePr")) is not None
    }
    cited = {pid for s in case.brief.sources for pid in s.cited_in}
    if not cited:
        assert numbers == {} and framed == {}
        return
    position = {p.id: n for n, p in enumerate(case.brief.paragraphs(), start=1)}
    running = {position[p.id] for p in case.brief.paragraphs() if p.kind == "paragraph"}
    assert running <= set(numbers)
    # a list's numbering and a quotation's rule take the first line's start: framed
    items = {position[p.id] for p in case.brief.paragraphs() if p.kind in ("list_item", "quote")}
    assert set(framed) == items
    for p in framed.values():
        frame = p._p.pPr.find(qn("w:framePr"))
        assert frame.get(qn("w:hAnchor")) == "margin" and int(frame.get(qn("w:x"))) == -454
    for p in numbers.values():
        ind = p._p.pPr.ind
        assert int(ind.get(qn("w:hanging"))) - int(ind.get(qn("w:left")) or 0) == 454
        first = p.runs[0]
        assert first.font.size.pt == 7 and str(first.font.color.rgb) == "9CA3AF"


def test_conclusions_are_one_restarting_word_list(case: Rendered) -> None:
    conclusions = case.brief.conclusions
    assert conclusions.items
    document = case.document
    firsts = [norm(item.text.split("\n\n")[0]) for item in conclusions.items]
    numbered = [p for p in case.styled("List Number") if norm(p.text) in firsts]
    assert [norm(p.text) for p in numbered] == firsts
    ids = {num_pr(p) for p in numbered}
    assert None not in ids
    assert len(ids) == 1, f"conclusion items carry several lists: {ids}"
    ((num_id, ilvl),) = ids
    assert ilvl == 0
    first = conclusions.items[0]
    assert start_override(document, num_id) == label_value(first.label, conclusions.numbering)
    assert abstract_format(document, num_id) == "decimal"
    # the sources appendix is other lists, one a part, numbered on from 1
    paragraphs = case.paragraphs
    appendix = next(
        n
        for n, p in enumerate(paragraphs)
        if p.style.name == "Heading 1" and p.text == case.labels["appendix_sources"]
    )
    sources = [p for p in paragraphs[appendix:] if p.style.name == "List Number"]
    assert len(sources) == len(case.brief.sources)
    source_ids = list(dict.fromkeys(num_pr(p) for p in sources))
    assert (num_id, 0) not in source_ids
    starts = [start_override(document, n) for n, _ in source_ids]
    sizes = [sum(num_pr(p) == ids for p in sources) for ids in source_ids]
    assert starts == [1 + sum(sizes[:k]) for k in range(len(sizes))]


def test_footers_carry_page_fields_also_on_the_first_page(case: Rendered) -> None:
    section = case.document.sections[0]
    assert section.different_first_page_header_footer
    assert section._sectPr.find(qn("w:titlePg")) is not None
    for footer in (section.footer, section.first_page_footer):
        assert not footer.is_linked_to_previous
        fields = instructions(footer._element)
        assert "PAGE" in fields and "NUMPAGES" in fields
    types = {ref.get(qn("w:type")) for ref in section._sectPr.findall(qn("w:footerReference"))}
    assert {"default", "first"} <= types


def test_internal_hyperlinks_point_at_bookmarks(case: Rendered) -> None:
    body = case.document.element.body
    bookmarks = [b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))]
    assert len(bookmarks) == len(set(bookmarks)), "duplicate bookmark names"
    anchors = [h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))]
    anchors = [a for a in anchors if a is not None]
    assert anchors
    assert sorted(set(anchors) - set(bookmarks)) == []
    starts = {b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkStart"))}
    ends = {b.get(qn("w:id")) for b in body.iter(qn("w:bookmarkEnd"))}
    assert starts == ends


def test_core_properties(case: Rendered) -> None:
    props = case.document.core_properties
    meta = case.brief.meta
    assert props.title == typographic(meta.title)
    assert props.subject == (meta.rubric or "")
    assert props.author == (meta.author or case.brand.display_name)
    assert props.language.split("-")[0] == meta.language
    if meta.rubric:
        assert meta.rubric in props.keywords


def test_core_keywords_are_not_empty(case: Rendered) -> None:
    assert case.document.core_properties.keywords.strip()


def test_document_language_in_style_defaults(case: Rendered) -> None:
    styles = case.document.styles.element
    values = styles.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val")
    assert values == [LOCALES[case.brief.meta.language]]


def test_contents_entries_refer_to_their_pages(case: Rendered) -> None:
    """Contents as Word writes an entry: the heading's text linked to it, a dotted tab,
    and a PAGEREF field to the heading's bookmark (LibreOffice computes it when it lays
    the document out; Word updates fields on opening)."""
    body = case.document.element.body
    refs = [i.split()[1] for i in instructions(body) if i.startswith("PAGEREF ")]
    begins = body.xpath(".//w:fldChar[@w:fldCharType='begin']")
    ends = body.xpath(".//w:fldChar[@w:fldCharType='end']")
    assert len(begins) == len(ends)
    settings = case.document.settings.element
    headings = expected_headings(case.brief, case.labels)
    # meridian asks for contents, from toc_min_entries entries: a short brief has none
    wanted = case.brand.settings.show.toc
    if not wanted or len(headings) < case.brand.settings.toc_min_entries:
        assert refs == []
        assert case.styled("toc 1", "toc 2") == []
        return
    entries = case.styled("toc 1", "toc 2")
    assert [p.text.split("\t")[0] for p in entries] == [text for text, _ in headings]
    assert [p.style.name[-1] for p in entries] == [style[-1] for _, style in headings]
    bookmarks = set(body.xpath(".//w:bookmarkStart/@w:name"))
    assert len(refs) == len(entries) and set(refs) <= bookmarks
    for p in entries:
        tab = p._p.pPr.find(f"{qn('w:tabs')}/{qn('w:tab')}")
        assert tab.get(qn("w:leader")) == "dot" and tab.get(qn("w:val")) == "right"
    assert settings.xpath("./w:updateFields/@w:val") == ["true"]


def test_libreoffice_prints_page_numbers_in_the_contents(pdf_texts) -> None:
    """Pre-filled contents had no page numbers in LibreOffice: now each entry ends with
    the page its heading is on."""
    text = pdf_texts["en_subheadings_bullets", "meridian"]
    pages = {
        m.group(1): int(m.group(2)) for m in re.finditer(r"^(\w[\w ]+?)\.{3,}\s*(\d+)$", text, re.M)
    }
    assert pages.get("Background") == 2 and pages.get("Our assessment", 0) >= 3, pages


def test_external_hyperlinks_target_the_source_urls(rendered_all) -> None:
    for brand_name in BRANDS:
        case = rendered_all["en_sources_list", brand_name]
        part = case.document.part
        urls = {s.url for s in case.brief.sources if s.url}
        assert len(urls) == 4
        ids = [h.get(qn("r:id")) for h in part.element.body.iter(qn("w:hyperlink"))]
        targets = {part.rels[rid].target_ref for rid in ids if rid}
        assert all(part.rels[rid].is_external for rid in ids if rid)
        assert targets == urls


def test_default_brand_gets_a_toc_when_asked(rendered_all, brands) -> None:
    case = rendered_all["en_subheadings_bullets", "default"]
    data = api.render(case.brief, "docx", brands["default"], toc=True).data
    document = docx.Document(io.BytesIO(data))
    assert any(i.startswith("PAGEREF ") for i in instructions(document.element.body))
    entries = [
        p.text.split("\t")[0] for p in document.paragraphs if p.style.name in ("toc 1", "toc 2")
    ]
    assert entries == [text for text, _ in expected_headings(case.brief, case.labels)]
    assert document.settings.element.xpath("./w:updateFields/@w:val") == ["true"]


@pytest.mark.parametrize(
    ("conclusions", "numbering", "texts", "fmt"),
    [
        ("Conclusions:\n\na) one.\nb) two.\n", "lower-alpha", ["one.", "two."], "lowerLetter"),
        (
            "Several conclusions can be drawn from the above.\n\nI. one\nII. two\n",
            "upper-roman",
            ["one", "two"],
            "upperRoman",
        ),
    ],
    ids=["letters", "roman"],
)
def test_letters_and_roman_keep_their_format(brands, conclusions, numbering, texts, fmt) -> None:
    brief = api.parse(f"Analysis\n\nA title here\n\nOne paragraph of body text.\n\n{conclusions}")
    assert brief.conclusions.numbering == numbering
    assert [c.text for c in brief.conclusions.items] == texts
    for brand in brands.values():
        document = docx.Document(io.BytesIO(api.render(brief, "docx", brand).data))
        items = [p for p in document.paragraphs if p.style.name == "List Number"]
        assert [p.text for p in items] == [c.text for c in brief.conclusions.items]
        ids = {num_pr(p) for p in items}
        assert len(ids) == 1 and None not in ids
        ((num_id, _),) = ids
        assert abstract_format(document, num_id) == fmt
        assert start_override(document, num_id) == 1


def _list_numbering(document: Any, texts: list[str]) -> list[tuple[int, str, int | None]]:
    """(numId, numFmt, startOverride) of the List Number paragraph with each text."""
    by_text = {p.text: p for p in document.paragraphs if p.style.name == "List Number"}
    out = []
    for text in texts:
        num_id, _ = num_pr(by_text[text])
        out.append((num_id, abstract_format(document, num_id), start_override(document, num_id)))
    return out


def test_body_list_keeps_its_start_and_format(brands) -> None:
    brief = api.parse(
        "Analysis\n\nA title here\n\nBody paragraph one.\n\n"
        "3) three item\n4) four item\n\nAnother paragraph in between.\n\n"
        "b) bee item\nc) cee item\n\nSource: Reuters\n"
    )
    assert [p.label for p in brief.sections[0].paragraphs] == [None, "3", "4", None, "b", "c"]
    for brand in brands.values():
        document = docx.Document(io.BytesIO(api.render(brief, "docx", brand).data))
        decimal = _list_numbering(document, ["three item", "four item"])
        assert decimal[0] == decimal[1]
        assert decimal[0][1:] == ("decimal", 3)
        alpha = _list_numbering(document, ["bee item", "cee item"])
        assert alpha[0] == alpha[1]
        assert alpha[0][1:] == ("lowerLetter", 2)
        assert alpha[0][0] != decimal[0][0]


def test_adjacent_lists_of_different_kinds_stay_apart(brands) -> None:
    brief = api.parse(
        "Analysis\n\nA title here\n\nBody paragraph one.\n\n"
        "1. alpha item\n2. beta item\n\na) gamma item\nb) delta item\n\nSource: Reuters\n"
    )
    assert [p.label for p in brief.sections[0].paragraphs[1:]] == ["1", "2", "a", "b"]
    document = docx.Document(io.BytesIO(api.render(brief, "docx", brands["default"]).data))
    decimal = _list_numbering(document, ["alpha item", "beta item"])
    alpha = _list_numbering(document, ["gamma item", "delta item"])
    assert decimal[0][1:] == ("decimal", 1)
    assert alpha[0] == alpha[1]
    assert alpha[0][1:] == ("lowerLetter", 1)
    assert alpha[0][0] != decimal[0][0]


def test_internal_links_resolve_when_the_brand_hides_sources(tmp_path, brands) -> None:
    folder = tmp_path / "nosources"
    folder.mkdir()
    (folder / "_brand.yml").write_text(
        "meta:\n  name: No sources\ndefaults:\n  reportkit:\n    extends: default\n"
        "    show:\n      sources: false\n",
        encoding="utf-8",
    )
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    data = api.render(brief, "docx", load_brand(folder)).data
    body = docx.Document(io.BytesIO(data)).element.body
    bookmarks = {b.get(qn("w:name")) for b in body.iter(qn("w:bookmarkStart"))}
    anchors = {h.get(qn("w:anchor")) for h in body.iter(qn("w:hyperlink"))} - {None}
    assert sorted(anchors - bookmarks) == []


# -- 2. robustness ------------------------------------------------------------------------
def test_control_characters_are_removed_with_a_warning(brands) -> None:
    from reportkit.writers import writer_for
    from reportkit.writers.base import WriterOptions
    from reportkit.writers.context import build_report

    brief = api.parse(
        "Analysis\n\nA title here\n\nAlpha beta gamma delta.\n\n"
        "Several conclusions can be drawn from the above.\n\n1. First one.\n2. Second one.\n"
    )
    brief.sections[0].paragraphs[0].text = "Alpha be\x0b\x0c\x00ta gamma delta."
    brief.conclusions.items[0].text = "First\x00 one."
    brand = brands["default"]
    report = build_report(brief, brand, api.report_labels(brief, brand))
    out = writer_for("docx", brand).render(report, WriterOptions())
    warnings = [w.message for w in out.warnings]
    assert any("removed" in w and "4 character" in w for w in warnings), warnings
    document = docx.Document(io.BytesIO(out.data))
    texts = [p.text for p in document.paragraphs]
    assert "Alpha beta gamma delta." in texts
    assert "First one." in texts
    with zipfile.ZipFile(io.BytesIO(out.data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", xml)


def test_hostile_text_is_literal(brands) -> None:
    hostile = "<w:p> ]]> &amp; {{ 7*7 }}"
    brief = api.parse(
        f"Analysis\n\nHostile {hostile} title\n\nBody with {hostile} here.\n\n"
        f"Several conclusions can be drawn from the above.\n\n1. First {hostile}.\n2. Second.\n"
    )
    for brand in brands.values():
        data = api.render(brief, "docx", brand).data
        document = docx.Document(io.BytesIO(data))
        texts = [
            p.text.replace("\xa0", " ")
            for p in [
                *document.paragraphs,
                *(p for t in document.tables for c in t._cells for p in c.paragraphs),
            ]
        ]
        assert f"Hostile {hostile} title" in texts
        assert f"Body with {hostile} here." in texts
        assert f"First {hostile}." in texts
        assert document.core_properties.title == f"Hostile {hostile} title"
        assert "49" not in "\n".join(texts)
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            xml = package.read("word/document.xml").decode("utf-8")
        assert "&lt;w:p&gt;" in xml and "&amp;amp;" in xml


# -- 3. reference documents ----------------------------------------------------------------
@pytest.fixture(scope="module")
def digest() -> Brief:
    return api.parse_file(EXAMPLES / "en_digest.txt")


def test_reference_without_hyperlink_style_is_a_brand_error(tmp_path, digest) -> None:
    plain = io.BytesIO()
    docx.Document().save(plain)
    brand = make_brand(tmp_path, "nolink", plain.getvalue())
    with pytest.raises(BrandError) as caught:
        api.render(digest, "docx", brand)
    message = str(caught.value)
    assert "'Hyperlink'" in message
    assert str(tmp_path / "nolink" / "reference.docx") in message


def test_word_template_dotx_as_reference(tmp_path, digest) -> None:
    def to_template(types: str) -> str:
        assert DOCUMENT_TYPE in types
        return types.replace(DOCUMENT_TYPE, TEMPLATE_TYPE)

    data = rewrite_package(DEFAULT_REFERENCE, {"[Content_Types].xml": to_template})
    with pytest.raises(ValueError):  # python-docx alone refuses it: the case is real
        docx.Document(io.BytesIO(data))
    brand = make_brand(tmp_path, "dotx", data)
    out = api.render(digest, "docx", brand)
    document = docx.Document(io.BytesIO(out.data))
    assert [
        p.text.replace("\xa0", " ") for p in document.paragraphs if p.style.name == "Title"
    ] == [digest.meta.title]
    with zipfile.ZipFile(io.BytesIO(out.data)) as package:
        types = package.read("[Content_Types].xml").decode("utf-8")
    assert DOCUMENT_TYPE in types and TEMPLATE_TYPE not in types


def test_localised_style_ids_are_matched_by_name(tmp_path, digest) -> None:
    def localise(styles: str) -> str:
        assert 'w:styleId="Heading1"' in styles
        styles = styles.replace('w:styleId="Heading1"', 'w:styleId="berschrift1"')
        return re.sub(
            r'(<w:(?:pStyle|basedOn|next|link) w:val=)"Heading1"', r'\1"berschrift1"', styles
        )

    data = rewrite_package(DEFAULT_REFERENCE, {"word/styles.xml": localise})
    brand = make_brand(tmp_path, "localised", data)
    document = docx.Document(io.BytesIO(api.render(digest, "docx", brand).data))
    assert document.styles.element.get_by_id("Heading1") is None
    labels = api.report_labels(digest, brand)
    headings = [p for p in document.paragraphs if p.style.style_id == "berschrift1"]
    assert [p.text for p in headings] == [
        text for text, style in expected_headings(digest, labels) if style == "Heading 1"
    ]
    assert {p.style.name for p in headings} == {"Heading 1"}


# -- 4. real clients: LibreOffice and pandoc ---------------------------------------------
def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not on PATH")
    return path


@pytest.fixture(scope="session")
def libreoffice_pdfs(rendered_all, tmp_path_factory) -> dict[tuple[str, str], Path]:
    """All rendered DOCX files converted to PDF by one LibreOffice call."""
    soffice = _need("soffice")
    work = tmp_path_factory.mktemp("soffice")
    outdir = work / "pdf"
    files = [str(r.path) for r in rendered_all.values()]
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(outdir),
            *files,
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    pdfs = {}
    for key, r in rendered_all.items():
        pdf = outdir / (r.path.stem + ".pdf")
        assert pdf.is_file(), f"LibreOffice made no PDF of {r.path.name}: {result.stderr}"
        pdfs[key] = pdf
    return pdfs


@pytest.fixture(scope="session")
def pdf_texts(libreoffice_pdfs) -> dict[tuple[str, str], str]:
    """The text of each LibreOffice PDF, read by pdftotext."""
    pdftotext = _need("pdftotext")
    return {
        key: subprocess.run(
            [pdftotext, str(pdf), "-"], capture_output=True, text=True, timeout=30, check=True
        ).stdout
        for key, pdf in libreoffice_pdfs.items()
    }


def _text_by_face(reader: Any) -> dict[str, str]:
    """Face name (subset tag dropped) -> the text drawn in it, over every page."""
    faces: dict[str, str] = {}

    def seen(text: str, _cm: Any, _tm: Any, font: Any, _size: Any) -> None:
        if font is not None and text.strip():
            face = str(font.get("/BaseFont")).split("+")[-1]
            faces[face] = faces.get(face, "") + text

    for page in reader.pages:
        page.extract_text(visitor_text=seen)
    return faces


def test_libreoffice_sets_a_meridian_docx_in_the_embedded_fonts(libreoffice_pdfs) -> None:
    """The PT fonts are not installed on the test machine (checked): LibreOffice can only
    have them from the DOCX, and nothing falls back to another face."""
    fc_list = _need("fc-list")
    installed = subprocess.run([fc_list], capture_output=True, text=True, check=True).stdout
    if "PT Sans" in installed or "PT Serif" in installed:
        pytest.skip("PT fonts are installed here: embedded and installed look the same")
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    fonts = ROOT / "templates" / "meridian" / "fonts"
    covered = set(TTFont(fonts / "PTS55F.ttf").getBestCmap()) & set(
        TTFont(fonts / "PTF75F.ttf").getBestCmap()
    )
    for (stem, brand), pdf in libreoffice_pdfs.items():
        if brand != "meridian":
            continue
        faces = _text_by_face(PdfReader(pdf))
        assert {"PTSans-Regular", "PTSans-Bold", "PTSerif-Bold"} <= set(faces), (stem, faces)
        # another face only for what the PT fonts have no glyph for (the lira sign ₺)
        for face, text in faces.items():
            if not face.startswith("PT"):
                assert not {ord(c) for c in text if not c.isspace()} & covered, (stem, face, text)


def test_libreoffice_pdf_shows_title_and_conclusions(case: Rendered, pdf_texts) -> None:
    text = letters(pdf_texts[case.stem, case.brand_name])
    assert letters(case.brief.meta.title) in text
    for item in case.brief.conclusions.items:
        assert letters(item.text)[:50] in text, item.text


def test_pandoc_reads_the_report_in_order(case: Rendered) -> None:
    pandoc = _need("pandoc")
    output = subprocess.run(
        [pandoc, "-f", "docx", "-t", "plain", "--wrap=none", str(case.path)],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    ).stdout
    # --wrap=none: one line per paragraph; table cells are indented, body text is not
    # (a paragraph's margin number reads as its first word)
    # A banner brand's cover is a one-cell table, which pandoc draws as a grid: its
    # lines are read without the grid's bars.
    lines = [
        re.sub(r"^\d+ ", "", norm(line.strip("| ") if line.startswith("|") else line))
        for line in output.splitlines()
        if line[:1].strip() and not line.startswith("+")
    ]
    brief = case.brief
    steps = [("title", lambda line: line == norm(brief.meta.title))]
    # the first running paragraph (pandoc indents quotations, which are left out above)
    first_body = norm(next(p.text for p in brief.paragraphs() if p.kind == "paragraph"))[:60]
    steps.append(("first body paragraph", lambda line: line.startswith(first_body)))
    for item in brief.conclusions.items:
        start = norm(item.text)[:50]
        steps.append((f"conclusion {item.label}", lambda line, start=start: start in line))
    label = norm(case.labels["appendix_sources"])
    steps.append(("sources appendix", lambda line: line == label))
    position = 0
    for name, matches in steps:
        found = next((n for n in range(position, len(lines)) if matches(lines[n])), None)
        assert found is not None, f"{name} not found after line {position} in:\n{output}"
        position = found + 1


# -- 5. the command line ------------------------------------------------------------------
def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")}
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_cli_convert_docx_into_a_folder_and_to_a_file(tmp_path) -> None:
    brief = tmp_path / "digest.txt"
    shutil.copyfile(EXAMPLES / "en_digest.txt", brief)
    result = _cli("convert", str(brief), "-f", "docx", "-o", "out/", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out"
    # no temporary file left behind; the folder's manifest and lock are expected
    assert sorted(os.listdir(out)) == [".reportkit-manifest.json", ".reportkit.lock", "digest.docx"]
    title = api.parse_file(brief).meta.title
    document = docx.Document(str(out / "digest.docx"))
    assert [
        p.text.replace("\xa0", " ") for p in document.paragraphs if p.style.name == "Title"
    ] == [title]

    result = _cli("convert", str(brief), "-f", "docx", "-o", "x.docx", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    document = docx.Document(str(tmp_path / "x.docx"))
    assert [
        p.text.replace("\xa0", " ") for p in document.paragraphs if p.style.name == "Title"
    ] == [title]
    leftovers = [name for name in os.listdir(tmp_path) if name.endswith(".tmp")]
    assert leftovers == []


def test_long_title_and_many_keywords_fit_core_properties(tmp_path: Path) -> None:
    """python-docx refuses core properties over 255 characters: they are cut, not fatal."""
    names = ", ".join(f"Institute Number {n} of Long Names" for n in range(20))
    title = "A title that goes on " + "and on " * 60
    text = (
        f"---\ntitle: {title}\n---\nAnalysis\n\nShort title\n\n"
        f"According to {names}, prices rose 5%.\n\nSource: Monitor\n"
    )
    data = api.render(api.parse(text.encode()), "docx", load_brand("default")).data
    props = docx.Document(io.BytesIO(data)).core_properties
    assert 200 < len(props.title) <= 255 and props.title.endswith("…")
    assert len(props.keywords) <= 255


def test_every_member_is_dated_with_the_creation_time_and_the_archive_stays_valid() -> None:
    """finish_zip rewrites only the date fields of local and central headers: members
    with extra fields and comments keep their data and the archive tests clean."""
    from datetime import UTC, datetime

    from reportkit.writers.zipfinish import finish_zip as dated_zip

    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "<a/>" * 100)
        member = zipfile.ZipInfo("ü/b.bin", date_time=(2001, 2, 3, 4, 5, 6))
        member.extra = b"\xca\xfe\x02\x00hi"
        member.comment = b"a comment"
        archive.writestr(member, bytes(range(256)))
    when = datetime(2024, 5, 6, 7, 8, 10, tzinfo=UTC)
    dated = dated_zip(raw.getvalue(), when)
    assert len(dated) == len(raw.getvalue())
    with zipfile.ZipFile(io.BytesIO(dated)) as archive:
        assert archive.testzip() is None
        assert {i.date_time for i in archive.infolist()} == {(2024, 5, 6, 7, 8, 10)}
        assert archive.read("ü/b.bin") == bytes(range(256))
    early = dated_zip(raw.getvalue(), datetime(1970, 1, 1, tzinfo=UTC))  # ZIP starts at 1980
    with zipfile.ZipFile(io.BytesIO(early)) as archive:
        assert {i.date_time[0] for i in archive.infolist()} == {1980}


def test_the_default_reference_document_is_slim() -> None:
    """Only the styles the writer uses (pandoc's curated reference is ~22 KB)."""
    from reportkit.brand.search import builtin_dir

    reference = builtin_dir() / "default" / "reference.docx"
    assert reference.stat().st_size < 40_000
    with zipfile.ZipFile(reference) as archive:
        names = archive.namelist()
        styles = archive.read("word/styles.xml")
    assert "word/stylesWithEffects.xml" not in names
    assert styles.count(b"<w:style ") < 30


def test_note_markers_are_links_without_an_underline() -> None:
    """ "a year¹": the marker links to its note but carries no rule, as in the PDF."""
    brief = api.parse_file(EXAMPLES / "en_notes_epigraph.txt")
    data = api.render(brief, "docx", load_brand("default")).data
    document = docx.Document(io.BytesIO(data))
    links = document.element.body.findall(".//" + qn("w:hyperlink"))

    def text(link: Any) -> str:
        return "".join(t.text or "" for t in link.iter(qn("w:t")))

    markers = [link for link in links if re.fullmatch(r"[¹²³]", text(link))]
    assert len(markers) == 3
    for link in markers:
        assert link.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:u')}").get(qn("w:val")) == "none"
    names = [link for link in links if len(text(link)) >= 3]  # "¶ 2", names
    assert names and all(
        link.find(f"{qn('w:r')}/{qn('w:rPr')}/{qn('w:u')}") is None for link in names
    )


def test_a_table_of_the_brief_is_ruled_like_the_pdf_not_like_the_key_facts_box() -> None:
    """No accent bar on the left (that marks the key facts box); a rule under the header
    in the brand colour and thin rules between rows."""
    brief = api.parse_file(EXAMPLES / "en_markdown.txt")
    document = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand("meridian")).data))
    table = document.tables[-1]  # the brief's table is last
    digest = api.parse_file(EXAMPLES / "en_digest.txt")  # long enough for a key facts box
    with_box = docx.Document(io.BytesIO(api.render(digest, "docx", load_brand("meridian")).data))
    box = next(t for t in with_box.tables if t.rows[0].cells[0].text == "AT A GLANCE")

    def edge(tbl: Any, name: str) -> str:
        return tbl._tbl.tblPr.find(f"{qn('w:tblBorders')}/{qn(f'w:{name}')}").get(qn("w:val"))

    assert edge(box, "left") == "single"
    assert box.rows[0].cells[0]._tc.tcPr.find(qn("w:tcBorders")) is None  # the box's title
    assert edge(table, "left") == "nil" and edge(table, "insideH") == "single"
    for cell in table.rows[0].cells:
        bottom = cell._tc.tcPr.find(f"{qn('w:tcBorders')}/{qn('w:bottom')}")
        assert bottom.get(qn("w:color")) == "14324F" and bottom.get(qn("w:sz")) == "12"


def test_a_banner_brand_sets_its_cover_on_a_band_across_the_page() -> None:
    """meridian's cover is "banner": a shaded one-cell table as wide as the page, its
    text aligned with the text block (cell margins = page margins), ruled below."""
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    document = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand("meridian")).data))
    band = document.tables[0]
    section = document.sections[0]
    width = band._tbl.tblPr.find(qn("w:tblW"))
    assert width.get(qn("w:type")) == "dxa"
    assert int(width.get(qn("w:w"))) == section.page_width.twips
    tc_pr = band.rows[0].cells[0]._tc.tcPr
    assert tc_pr.find(qn("w:shd")).get(qn("w:fill")) == "F4EFE6"  # the brand's light colour
    margins = {m.tag.split("}")[1]: int(m.get(qn("w:w"))) for m in tc_pr.find(qn("w:tcMar"))}
    assert margins["left"] == section.left_margin.twips
    assert margins["right"] == section.right_margin.twips
    texts = [p.text for p in band.rows[0].cells[0].paragraphs]
    assert texts[0] == "INTERNAL – MERIDIAN STAFF AND PARTNERS"
    assert typographic(brief.meta.title) in [t.replace("\xa0", " ") for t in texts]
    bottom = band._tbl.tblPr.find(f"{qn('w:tblBorders')}/{qn('w:bottom')}")
    assert bottom.get(qn("w:color")) == "14324F" and bottom.get(qn("w:sz")) == "24"
    plain = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand("default")).data))
    # the default brand's cover is "plain": in the body, no band
    assert any(
        p.text.replace("\xa0", " ") == typographic(brief.meta.title) for p in plain.paragraphs[:4]
    )


def test_the_classification_is_boxed_as_in_the_pdf() -> None:
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    document = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand("meridian")).data))
    marking = document.tables[0].rows[0].cells[0].paragraphs[0]  # in the cover's band
    assert marking.text == "INTERNAL – MERIDIAN STAFF AND PARTNERS"
    borders = marking._p.pPr.find(qn("w:pBdr"))
    edges = {child.tag.split("}")[1]: child.get(qn("w:color")) for child in borders}
    assert edges == dict.fromkeys(("top", "left", "bottom", "right"), "14324F")
    # the schema order of w:pPr: the box comes before the alignment
    tags = [child.tag.split("}")[1] for child in marking._p.pPr]
    assert tags.index("pBdr") < tags.index("jc")


def test_the_title_rule_and_the_conclusion_numbers_take_the_brand_colours() -> None:
    """Not Word's theme blue under the title; the conclusions' numbers bold in the
    primary colour, as in the PDF (body lists keep plain numbers)."""
    brief = api.parse_file(EXAMPLES / "en_body_list.txt")
    document = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand("meridian")).data))
    rule = document.styles["Title"].element.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:color")) == "1B8A8C" and rule.get(qn("w:themeColor")) is None
    numbering = document.part.numbering_part.element
    colours = {
        a.get(qn("w:abstractNumId")): a.find(f"{qn('w:lvl')}/{qn('w:rPr')}/{qn('w:color')}")
        for a in numbering.findall(qn("w:abstractNum"))
    }
    marked = [c.get(qn("w:val")) for c in colours.values() if c is not None]
    assert marked == ["14324F"]  # one list style: the conclusions'
    conclusion = next(p for p in document.paragraphs if p.text == brief.conclusions.items[0].text)
    num_id = conclusion._p.pPr.numPr.numId.val
    num = numbering.num_having_numId(num_id)
    abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    assert colours[abstract] is not None


def test_the_running_head_has_its_hairline() -> None:
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    document = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand("default")).data))
    head = document.sections[0].header.paragraphs[0]
    rule = head._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:bottom')}")
    assert rule.get(qn("w:val")) == "single" and rule.get(qn("w:color")) == "D1D5DB"
    assert head._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:top')}") is None


def test_a_quotation_has_the_pdfs_rule_on_its_left_attribution_included() -> None:
    brief = api.parse_file(EXAMPLES / "en_notes_epigraph.txt")
    document = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand("meridian")).data))
    quoted = [p for p in document.paragraphs if p.style.name == "Quote"]
    assert [p.text for p in quoted][-1].startswith("— a farmer")
    for p in quoted:
        rule = p._p.pPr.find(f"{qn('w:pBdr')}/{qn('w:left')}")
        assert rule.get(qn("w:color")) == "1B8A8C" and rule.get(qn("w:sz")) == "16"
        assert p._p.pPr.find(qn("w:ind")) is None  # the style's indent: one line for the rule
