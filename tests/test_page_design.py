"""The page as a reader meets it, measured on the PDFs of every example in both shipped
brands: the measure of running text, hyphenation, and the running head and foot.

Measured from what pdftotext reads off the page (word boxes): running text is the lines
that start at the text block's left edge in the body's type size (key facts rows, list
items and quotations start further in; the margins' boxes are set smaller).
"""

from __future__ import annotations

import re
import statistics
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from conftest import EXAMPLES
from reportkit import api
from reportkit.brand import load_brand
from reportkit.writers.typography import typographic

BRANDS = ("default", "meridian")
STEMS = sorted(p.stem for p in EXAMPLES.glob("*.txt"))
#: The norm of readable running text, in characters a line (issue: 55-85 measured).
MEASURE = (55, 85)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>'
)


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    folder = tmp_path_factory.mktemp("design")
    out = {}
    for brand_name in BRANDS:
        brand = load_brand(brand_name)
        for stem in STEMS:
            brief = api.parse_file(EXAMPLES / f"{stem}.txt")
            path = folder / f"{stem}-{brand_name}.pdf"
            path.write_bytes(api.render(brief, "pdf", brand).data)
            out[stem, brand_name] = path
    return out


def lines(pdf: Path) -> list[tuple[int, float, float, str]]:
    """Every line of the PDF: (page, x of its first word, its type height, text)."""
    xml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    out = []
    for n, page in enumerate(re.findall(r"<page .*?</page>", xml, re.S), start=1):
        for line in re.findall(r"<line [^>]*>(.*?)</line>", page, re.S):
            words = WORD.findall(line)
            if words:
                x, top, _, bottom, _ = words[0]
                text = " ".join(w[4] for w in words)
                out.append((n, round(float(x), 1), round(float(bottom) - float(top), 1), text))
    return out


def running_text(pdf: Path) -> list[str]:
    found = [line for line in lines(pdf) if ". . . ." not in line[3]]  # contents leaders
    long = [line for line in found if len(line[3]) >= 40]
    left = min(x for _, x, _, _ in long)  # the text block's edge; boxes start inside it
    size = Counter(h for _, x, h, _ in long if x == left).most_common(1)[0][0]
    return [text for _, x, h, text in found if abs(x - left) <= 1 and h == size]


@pytest.mark.parametrize("brand", BRANDS)
@pytest.mark.parametrize("stem", STEMS)
def test_running_text_has_a_readable_measure(pdfs, stem: str, brand: str) -> None:
    """60-75 characters a line is the norm; lines shorter than 40 end a paragraph."""
    full = [len(text) for text in running_text(pdfs[stem, brand]) if len(text) >= 40]
    if len(full) < 3:
        pytest.skip(f"{stem}: fewer than three full lines of running text")
    low, high = MEASURE
    assert low <= statistics.median(full) <= high, sorted(full)
    assert max(full) <= high + 5, sorted(full)


@pytest.mark.parametrize("brand", BRANDS)
def test_no_word_is_hyphenated_automatically(pdfs, brand: str) -> None:
    """Ragged right without automatic hyphenation (the house rule): WeasyPrint marks its
    own breaks with U+2010, so no line may end with one; real compounds break at their
    own hyphen-minus."""
    for stem in STEMS:
        ends = [t for _, _, _, t in lines(pdfs[stem, brand]) if t.endswith("\u2010")]
        assert ends == [], (stem, ends)


@pytest.mark.parametrize("brand", BRANDS)
def test_the_running_head_and_foot_are_smaller_than_the_text(pdfs, brand: str) -> None:
    """The margins' words (brand, short title, page number) are set small, not at body
    size: their boxes are lower than the running text's."""
    pdf = pdfs["en_digest", brand]
    found = lines(pdf)
    body = Counter(h for _, _, h, t in found if len(t) >= 40).most_common(1)[0][0]
    numbers = [h for _, _, h, t in found if re.fullmatch(r"Page \d+ of \d+", t)]
    assert numbers, "no page numbers found"
    assert all(h < body * 0.85 for h in numbers), (numbers, body)


# -- pages: no near-empty last page, the text starts early -------------------------------
@pytest.mark.parametrize("brand", BRANDS)
def test_no_last_page_has_fewer_than_three_lines(pdfs, brand: str) -> None:
    """A report of more than one page never ends on a page with one or two lines (the
    running head and foot, set smaller, do not count)."""
    for stem in STEMS:
        found = lines(pdfs[stem, brand])
        pages = max(n for n, _, _, _ in found)
        if pages == 1:
            continue
        body = Counter(h for _, _, h, t in found if len(t) >= 40).most_common(1)[0][0]
        last = [t for n, _, h, t in found if n == pages and h >= body * 0.7]
        assert len(last) >= 3, (stem, last)


def long_brief() -> bytes:
    """A brief of over 9,000 words and 55 headings, from the examples' paragraphs."""
    parts = ["Situation, Facts and Events", "", "Analysts on a long year of regional change", ""]
    number = 0
    for _ in range(5):
        for path in sorted(EXAMPLES.glob("en_*.txt")):
            number += 1
            parts += [f"## Part {number}: {path.stem.replace('_', ' ')}", ""]
            for block in re.split(r"\n\s*\n", path.read_text("utf-8")):
                text = " ".join(block.split())
                # running paragraphs only: no list items, headers or e-mail trailers
                if len(text.split()) > 25 and not re.match(r"(\d+\.|[A-Z][A-Za-z ]+:)", text):
                    parts += [text, ""]
    parts += [
        "Several conclusions can be drawn.",
        "",
        "1. The region changes faster than its institutions.",
        "",
        "2. The institutions will have to catch up.",
        "",
        "Source: Regional Review",
    ]
    text = "\n".join(parts)
    assert len(text.split()) > 9000
    return text.encode()


@pytest.mark.parametrize("brand", BRANDS)
def test_the_text_of_a_long_brief_starts_on_page_one_or_two(brand: str, tmp_path: Path) -> None:
    """However many headings: a long contents list is set in two columns, entries one
    line each; the first paragraph of the text is on page 1 or 2."""
    brief = api.parse(long_brief())
    assert len(brief.conclusions.items) == 2
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(api.render(brief, "pdf", load_brand(brand)).data)
    first = " ".join(brief.paragraphs()[0].text.split()[:6])
    early = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "2", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert typographic(first) in " ".join(early.split())


# -- paragraph numbers ---------------------------------------------------------------------
def margin_numbers(pdf: Path) -> list[int]:
    """The small numbers left of the text block, in reading order."""
    found = lines(pdf)
    left = min(x for _, x, _, t in found if len(t) >= 40)
    return [int(t) for _, x, _, t in found if t.isdigit() and x < left - 5]


@pytest.mark.parametrize("brand", BRANDS)
def test_paragraphs_cited_in_the_appendix_show_their_numbers_in_the_margin(
    pdfs, brand: str, tmp_path: Path
) -> None:
    """The appendix says "Cited in ¶ 7": the text shows 1, 2, 3... in the margin, each
    once and in order. A brief the appendix cites nothing of shows no numbers."""
    for stem in STEMS:
        brief = api.parse_file(EXAMPLES / f"{stem}.txt")
        running = [
            n
            for n, p in enumerate(brief.paragraphs(), start=1)
            if p.kind in ("paragraph", "quote", "list_item", "table")
        ]
        assert margin_numbers(pdfs[stem, brand]) == running, stem
    plain = api.parse(
        b"Markets\n\nA quiet week in the grain trade\n\nPrices held steady for a third week "
        b"running, and traders expect little change before the harvest.\n\nStocks rose a "
        b"little in the north, where the new storage sites opened last month.\n"
    )
    assert len(plain.paragraphs()) == 2 and not [s for s in plain.sources if s.cited_in]
    pdf = tmp_path / "plain.pdf"
    pdf.write_bytes(api.render(plain, "pdf", load_brand(brand)).data)
    assert margin_numbers(pdf) == []


# -- the cover -------------------------------------------------------------------------------
def test_every_report_is_dated_issued_when_the_brief_has_no_date() -> None:
    """The brief's own date; else "Issued" and the day of the conversion, in the report's
    language (the creation time: SOURCE_DATE_EPOCH in reproducible builds)."""
    import io
    from datetime import UTC, datetime

    import docx

    created = datetime(2024, 7, 1, 12, 0, tzinfo=UTC)
    undated = api.parse_file(EXAMPLES / "en_digest.txt")
    assert undated.meta.date is None
    dated = api.parse_file(EXAMPLES / "en_conclusions_prose.txt")
    brand = load_brand("default")
    html = api.render(undated, "html", brand, created=created).data.decode("utf-8")
    assert "<dt>Issued</dt><dd>July 1, 2024</dd>" in html
    html = api.render(dated, "html", brand, created=created).data.decode("utf-8")
    assert "<dt>Date</dt><dd>April 3, 2024</dd>" in html
    data = api.render(undated, "docx", brand, created=created).data
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert "Issued: July 1, 2024" in texts
    russian = api.parse_file(EXAMPLES / "ru_cp1251.txt")
    html = api.render(russian, "html", brand, created=created).data.decode("utf-8")
    assert "<dt>Дата выпуска</dt><dd>1 июля 2024\u202fг.</dd>" in html  # Babel: a narrow space


@pytest.mark.parametrize("brand_name", BRANDS)
def test_the_cover_names_the_brand_once(brand_name: str) -> None:
    """A logo with the wordmark is the brand's name: no second name in text beside it."""
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    brand = load_brand(brand_name)
    html = api.render(brief, "html", brand).data.decode("utf-8")
    cover = html[html.index('<header class="cover">') : html.index("</header>")]
    assert 'class="logo"' in cover
    assert 'class="brand-name"' not in cover


def test_contents_only_from_the_brands_threshold() -> None:
    """Meridian asks for contents; three entries on a two-page brief are clutter, so it
    shows them only from toc_min_entries (4) entries, or when --toc asks."""
    brand = load_brand("meridian")
    assert brand.settings.show.toc and brand.settings.toc_min_entries == 4
    short = api.parse_file(EXAMPLES / "en_digest.txt")  # assessment, conclusions, sources
    long = api.parse_file(EXAMPLES / "en_subheadings_bullets.txt")
    assert 'class="toc"' not in api.render(short, "html", brand).data.decode("utf-8")
    assert 'class="toc"' in api.render(short, "html", brand, toc=True).data.decode("utf-8")
    assert 'class="toc"' in api.render(long, "html", brand).data.decode("utf-8")


def test_a_standalone_html_shows_a_raster_logo_where_the_brand_has_one() -> None:
    """An SVG wordmark is drawn in the brand font, which a reader's browser may lack;
    the PDF (WeasyPrint has the brand's fonts) keeps the SVG."""
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    brand = load_brand("meridian")
    html = api.render(brief, "html", brand).data.decode("utf-8")
    logo = re.search(r'<img class="logo" src="([^"]{0,40})', html)
    assert logo is not None and logo.group(1).startswith("data:image/png;base64,")


@pytest.mark.parametrize("brand_name", BRANDS)
def test_the_docx_running_head_and_foot_are_small_and_one_line(brand_name: str) -> None:
    """As in the PDF: 7.5 pt words in the margins (at 12 pt meridian's three footer parts
    ran together and its head wrapped), the page number fields included."""
    import io

    import docx
    from docx.shared import Pt

    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    document = docx.Document(io.BytesIO(api.render(brief, "docx", load_brand(brand_name)).data))
    section = document.sections[0]
    for part in (section.header, section.footer):
        runs = [r for p in part.paragraphs for r in p.runs if r.text.strip()]
        assert runs, "no words in the margin"
        assert all(r.font.size is not None and r.font.size <= Pt(7.5) for r in runs), [
            (r.text, r.font.size) for r in runs
        ]
    footer = section.footer.paragraphs[0]._p
    fields = footer.xpath(".//w:fldChar/../w:rPr/w:sz/@w:val")
    assert fields and set(fields) == {"15"}  # half-points: 7.5 pt, the page numbers too


def test_docx_keeps_rows_whole_and_lists_and_lead_ins_with_what_follows() -> None:
    """In Word and LibreOffice a key fact row or a table row never breaks across pages,
    the box's title stays with its first row, the conclusions' lead-in with the first
    conclusion, and a list starts with two items on the same page."""
    import io

    import docx
    from docx.oxml.ns import qn

    brand = load_brand("meridian")
    for stem in ("en_digest", "en_markdown"):
        brief = api.parse_file(EXAMPLES / f"{stem}.txt")
        document = docx.Document(io.BytesIO(api.render(brief, "docx", brand).data))
        for table in document.tables:
            rows = table._tbl.tr_lst
            if len(rows) == 1:
                continue  # the cover's band: one cell, not rows of a box
            body = rows[1:]  # the first row is the box's title or the header, repeated
            assert body and all(r.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None
                                for r in body), stem  # fmt: skip
        texts = [p for p in document.paragraphs if p.text.strip()]
        first = next(p for p in texts if p.text == typographic(brief.conclusions.items[0].text))
        assert first.paragraph_format.keep_with_next
        if stem == "en_digest":  # "Conclusions" alone (en_markdown) is no lead-in: not shown
            lead = next(p for p in texts if p.text == brief.conclusions.lead)
            assert lead.paragraph_format.keep_with_next


@pytest.mark.parametrize("brand", BRANDS)
def test_the_rule_under_the_running_head_is_one_line_above_the_text(
    pdfs, brand: str, tmp_path: Path
) -> None:
    """Page 2 of a report: in the head, one hairline across the text block (two boxes'
    rules used to leave a gap in the middle), with white space between it and the text."""
    from PIL import Image

    from reportkit.brand.geometry import css_box, emu, page_dimensions

    def mm(length: str) -> float:
        return emu(length) / 36000

    settings = load_brand(brand).settings.page
    subprocess.run(
        ["pdftoppm", "-r", "100", "-gray", "-f", "2", "-l", "2", "-singlefile", "-png",
         str(pdfs["en_digest", brand]), str(tmp_path / "p2")],
        check=True,
    )  # fmt: skip
    image = Image.open(tmp_path / "p2.png").convert("L")
    px = image.width / mm(page_dimensions(settings.size)[0])  # pixels a millimetre
    top, right, _, left = (mm(m) for m in css_box(settings.margins))
    block = (round(left * px), round(image.width - right * px))
    pixels = image.load()

    def run(y: int) -> int:  # the longest stretch of grey on row y inside the text block
        best = length = 0
        for x in range(*block):
            length = length + 1 if pixels[x, y] < 245 else 0
            best = max(best, length)
        return best

    rows = range(round(top * px * 0.5), round(top * px))
    rule = max(rows, key=run)
    assert run(rule) >= 0.98 * (block[1] - block[0]), (run(rule), block)
    # nothing but white between the rule and the top of the text area (the 4 mm gap)
    assert all(run(y) == 0 for y in range(rule + 3, round(top * px) - 1))
