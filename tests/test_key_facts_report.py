"""The key facts box and the sources appendix, read back from real PDF, DOCX and HTML.

The model ranks the key facts (``Brief.key_facts``); every format must show exactly that
selection, in its order, one row per sentence, after the lead paragraph (so the lead is
always on page 1); no box when nothing is salient or when the brand hides it. The
appendix lists the sources in two parts with reader-facing titles in the report's
language, and every entry links back to where it is cited.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import docx
import pytest
import tinyhtml5
from pypdf import PdfReader

import reportkit
from conftest import EXAMPLES
from reportkit import api
from reportkit.brand import BrandError, load_brand
from reportkit.labels import labels_for
from reportkit.model import Brief
from reportkit.writers.typography import typographic

LABELLED = Path(__file__).parent / "labelled"
BRANDS = ("default", "meridian")
#: Every example, and labelled briefs of both languages: one with no salient figure.
BRIEFS = [
    *sorted(EXAMPLES.glob("*.txt")),
    LABELLED / "l02_en_migration_corridor.txt",
    LABELLED / "l07_en_no_figures.txt",
    LABELLED / "l08_ru_turkmen_gas.txt",
]
XHTML = "{http://www.w3.org/1999/xhtml}"

pytestmark = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext is needed to read the PDFs"
)


@cache
def brief_of(path: Path) -> Brief:
    return reportkit.parse_file(path)


@cache
def rendered(path: Path, brand: str | Path, fmt: str) -> bytes:
    return api.render(brief_of(path), fmt, load_brand(str(brand))).data


PERCENT_WORD = re.compile(r"\s?(?:percent|per cent|pct|процент\w*)$", re.IGNORECASE)


def plain(figure: str) -> str:
    """A figure compared as a reader reads it: case, spacing and "percent"/"%" aside (the
    box capitalises its figures and writes "%")."""
    return PERCENT_WORD.sub("%", " ".join(figure.split())).casefold()


def headline_figures(brief: Brief, limit: int = 6) -> list[str]:
    """The box's figures: the model's selection, none for a brief too short for a box."""
    from reportkit.writers.context import KEY_FACTS_MIN_PARAGRAPHS

    if len(brief.paragraphs()) < KEY_FACTS_MIN_PARAGRAPHS:
        return []
    by_id = {f.id: f for f in brief.facts}
    return [plain(by_id[i].text) for i in brief.key_facts[:limit]]


def pdf_pages(data: bytes) -> list[str]:
    text = subprocess.run(
        ["pdftotext", "-raw", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")
    return [" ".join(page.split()) for page in text.split("\f")]


def html_tree(data: bytes):
    return tinyhtml5.parse(data.decode("utf-8"))


def html_text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def by_class(tree, tag: str, cls: str) -> list:
    return [e for e in tree.iter(f"{XHTML}{tag}") if cls in (e.get("class") or "").split()]


#: The title of the key judgements box, the other two-column table on page 1.
JUDGEMENTS = {labels_for(lang)["key_judgements"].upper() for lang in ("en", "ru")}


def docx_box(data: bytes, title: str = "") -> list[tuple[str, str, list[str]]]:
    """The key facts table of a DOCX: (figure, sentence, bold runs of the sentence) of
    each row after its title row."""
    document = docx.Document(io.BytesIO(data))
    for table in document.tables:
        if len(table.columns) == 2 and table.rows[0].cells[0].text not in JUDGEMENTS:
            head, *rows = table.rows
            assert head.cells[0] is head.cells[1] or head.cells[0]._tc is head.cells[1]._tc
            assert not title or head.cells[0].text == title.upper()
            return [
                (
                    row.cells[0].text,
                    row.cells[1].text,
                    [r.text for r in row.cells[1].paragraphs[0].runs if r.bold],
                )
                for row in rows
            ]
    return []


# -- the box --------------------------------------------------------------------------------
@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_pdf_shows_the_models_selection_in_order_after_the_lead(path: Path, brand: str) -> None:
    brief = brief_of(path)
    pages = pdf_pages(rendered(path, brand, "pdf"))
    lead = next(p for p in brief.paragraphs() if p.lead)
    first_words = typographic(" ".join(lead.text.split()[:8]))
    assert first_words in pages[0], "the lead paragraph starts on page 1"
    figures = headline_figures(brief)
    assert len(figures) <= 6
    text = " ".join(pages)
    box_title = api.report_labels(brief, load_brand(brand))["key_facts"]
    if not figures:
        assert box_title.upper() not in text.upper()
        return
    # the rows' figures, in the model's order, between the lead and the next paragraph
    box = plain(text[text.index(first_words) :])
    at = 0
    for figure in figures:
        found = box.find(figure, at)
        assert found >= 0, (figure, box[:600])
        at = found + len(figure)


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_html_box_rows_are_the_models_selection(path: Path, brand: str) -> None:
    brief = brief_of(path)
    tree = html_tree(rendered(path, brand, "html"))
    boxes = by_class(tree, "aside", "key-facts")
    figures = headline_figures(brief)
    if not figures:
        assert boxes == []
        return
    (box,) = boxes
    rows = list(box.iter(f"{XHTML}li"))
    assert [plain(html_text(e)) for e in by_class(box, "a", "figure")] == figures
    by_id = {f.id: f for f in brief.facts}
    for row, fact_id in zip(rows, brief.key_facts, strict=False):
        fact = by_id[fact_id]
        strong = [" ".join(s.text.split()) for s in row.iter(f"{XHTML}strong")]
        same = [
            " ".join(f.text.split())
            for f in brief.facts
            if f.kind != "quote" and (f.paragraph, f.sentence) == (fact.paragraph, fact.sentence)
        ]
        assert [s for s in same if s in strong] == strong  # every figure of the sentence...
        assert " ".join(fact.text.split()) in strong  # ...the headline among them
        link = next(e for e in by_class(row, "a", "figure"))
        assert link.get("href") == f"#{fact.paragraph}"
    # the box follows the lead paragraph
    main = next(tree.iter(f"{XHTML}main"))
    children = [c for c in next(main.iter(f"{XHTML}section"))]
    lead = next(p for p in brief.paragraphs() if p.lead)
    index = [c.get("id") for c in children].index(lead.id)
    assert children[index + 1] is box


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("path", BRIEFS, ids=lambda p: p.stem)
def test_docx_box_rows_are_the_models_selection(path: Path, brand: str) -> None:
    brief = brief_of(path)
    title = api.report_labels(brief, load_brand(brand))["key_facts"]
    rows = docx_box(rendered(path, brand, "docx"), title)
    figures = headline_figures(brief)
    assert [plain(figure) for figure, _, _ in rows] == figures
    by_id = {f.id: f for f in brief.facts}
    for (_, sentence, bold), fact_id in zip(rows, brief.key_facts, strict=False):
        fact = by_id[fact_id]
        assert " ".join(fact.text.split()) in [" ".join(b.split()) for b in bold]
        assert fact.text.split()[0] in sentence


def test_a_brand_cuts_the_box_and_can_hide_it(tmp_path: Path) -> None:
    path = LABELLED / "l01_en_amu_darya.txt"
    brief = brief_of(path)
    assert len(brief.key_facts) >= 4
    short = tmp_path / "short"
    short.mkdir()
    (short / "_brand.yml").write_text(
        "meta:\n  name: Short\ndefaults:\n  reportkit:\n    extends: default\n"
        "    key_facts_max: 3\n",
        "utf-8",
    )
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    (hidden / "_brand.yml").write_text(
        "meta:\n  name: Hidden\ndefaults:\n  reportkit:\n    extends: default\n"
        "    show:\n      key_facts: false\n",
        "utf-8",
    )
    shown = [plain(r[0]) for r in docx_box(rendered(path, short, "docx"))]
    assert shown == headline_figures(brief, 3)
    html = html_tree(rendered(path, short, "html"))
    assert len(list(next(iter(by_class(html, "aside", "key-facts"))).iter(f"{XHTML}li"))) == 3
    assert docx_box(rendered(path, hidden, "docx")) == []
    assert by_class(html_tree(rendered(path, hidden, "html")), "aside", "key-facts") == []
    assert "KEY FACTS" not in " ".join(pdf_pages(rendered(path, hidden, "pdf")))


@pytest.mark.parametrize("value", ["0", "13", "six", "true", "2.5"])
def test_key_facts_max_out_of_range_is_a_brand_error(tmp_path: Path, value: str) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "_brand.yml").write_text(
        "meta:\n  name: Bad\ndefaults:\n  reportkit:\n    extends: default\n"
        f"    key_facts_max: {value}\n",
        "utf-8",
    )
    with pytest.raises(BrandError, match="key_facts_max"):
        load_brand(str(folder))


# -- the appendix ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "documents", "quoted"),
    [
        (EXAMPLES / "en_digest.txt", "Documents and outlets", "People and organisations quoted"),
        (
            LABELLED / "l08_ru_turkmen_gas.txt",
            "Документы и издания",
            "Цитируемые лица и организации",
        ),
    ],
    ids=["en", "ru"],
)
def test_appendix_groups_sources_in_words_a_reader_understands(
    path: Path, documents: str, quoted: str
) -> None:
    brief = brief_of(path)
    tree = html_tree(rendered(path, "default", "html"))
    (appendix,) = [e for e in tree.iter(f"{XHTML}section") if e.get("id") == "sources"]
    assert [html_text(h) for h in appendix.iter(f"{XHTML}h3")] == [documents, quoted]
    ids = {e.get("id") for e in tree.iter() if e.get("id")}
    entries = list(appendix.iter(f"{XHTML}li"))
    assert len(entries) == len(brief.sources)
    text = html_text(appendix)
    for source in brief.sources:
        assert source.name in text
        entry = next(e for e in entries if e.get("id") == f"src-{source.id}")
        backs = [a.get("href") for a in entry.iter(f"{XHTML}a") if a.get("href", "")[:1] == "#"]
        assert backs == [f"#{pid}" for pid in source.cited_in]
        assert all(href[1:] in ids for href in backs)
    for label in ("ORIGIN", "ATTRIBUTION", "Первоисточник"):
        assert label not in text
    for brand in BRANDS:  # and the same words in the DOCX and the PDF
        words = " ".join(
            p.text for p in docx.Document(io.BytesIO(rendered(path, brand, "docx"))).paragraphs
        )
        assert documents.upper() in words and quoted.upper() in words
        pdf = " ".join(pdf_pages(rendered(path, brand, "pdf")))
        assert documents.upper() in pdf.upper() and quoted.upper() in pdf.upper()


def test_people_keep_their_role_apart_in_the_appendix() -> None:
    path = EXAMPLES / "en_digest.txt"
    brief = brief_of(path)
    person = next(s for s in brief.sources if s.type == "person")
    role = "Senator, chair of the Senate subcommittee on European affairs"
    assert (person.name, person.role) == ("Eleanor Whitcombe", role)
    tree = html_tree(rendered(path, "default", "html"))
    entry = next(e for e in tree.iter(f"{XHTML}li") if e.get("id") == f"src-{person.id}")
    assert [html_text(e) for e in by_class(entry, "span", "source-name")] == ["Eleanor Whitcombe"]
    assert [html_text(e) for e in by_class(entry, "span", "source-role")] == [f", {role}"]


def test_the_pdfs_are_sound(tmp_path: Path) -> None:
    for path in (LABELLED / "l08_ru_turkmen_gas.txt", EXAMPLES / "en_digest.txt"):
        for brand in BRANDS:
            data = rendered(path, brand, "pdf")
            assert len(PdfReader(io.BytesIO(data)).pages) >= 1
            if shutil.which("qpdf"):
                (tmp_path / "x.pdf").write_bytes(data)
                check = subprocess.run(["qpdf", "--check", tmp_path / "x.pdf"], capture_output=True)
                assert check.returncode == 0, check.stdout


def test_box_rows_carry_no_note_markers() -> None:
    """ "per facility [1]." in the text; in the box the marker is noise: "per facility."."""
    brief = api.parse_file(EXAMPLES / "en_sources_list.txt")
    html = api.render(brief, "html", load_brand("default")).data.decode("utf-8")
    box = html[html.index('id="key-facts"') : html.index("</aside>", html.index('id="key-facts"'))]
    assert "per facility." in box
    assert not re.search(r"\[\d+\]|[¹²³]", box)


def test_a_brief_of_a_few_paragraphs_has_no_box() -> None:
    """Two paragraphs are read in a minute: their box repeated most of them."""
    brief = brief_of(EXAMPLES / "en_email_forward.txt")
    assert len(brief.paragraphs()) == 2 and brief.key_facts  # the model still ranks them
    html = rendered(EXAMPLES / "en_email_forward.txt", "default", "html").decode("utf-8")
    assert 'id="key-facts"' not in html


def test_a_box_that_runs_on_to_the_next_page_repeats_its_title_there() -> None:
    """On paper the box is a table whose header group WeasyPrint repeats: the rows that
    move to page 2 are not left without the box's title."""
    path = EXAMPLES / "en_digest.txt"
    pages = [plain(page) for page in pdf_pages(rendered(path, "default", "pdf"))]
    figures = headline_figures(brief_of(path))
    on_first = [f for f in figures if f in pages[0]]
    assert 0 < len(on_first) < len(figures), "precondition: this box splits across pages"
    assert "key facts" in pages[0] and "key facts" in pages[1]
    assert figures[len(on_first)] in pages[1]
