"""PDF and HTML reports rendered from real briefs, checked on the real output files.

Every (brief, brand, options) combination is rendered once per session (``Renders``) and
then inspected with pypdf (metadata, outline, catalog, fonts), ``pdftotext`` (text and
reading order, word boxes), ``qpdf`` (structure) and tinyhtml5 (the HTML tree). The
safety tests run a real loopback HTTP server and count every connection made to it.
"""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
import subprocess
import unicodedata
import uuid
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import tinycss2
import tinyhtml5
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from conftest import EXAMPLES, SEED
from conftest import cli as run_cli
from reportkit import api
from reportkit.brand import BrandError, load_brand
from reportkit.errors import UsageError
from reportkit.model import Brief
from reportkit.writers.html import css_string
from reportkit.writers.typography import typographic

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftotext") and shutil.which("qpdf")),
    reason="pdftotext and qpdf are needed to inspect the PDFs",
)

BRANDS = ("default", "meridian")
EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))
BRIEF_KEYS = ["seed", *(path.stem for path in EXAMPLE_FILES)]
CASES = [(key, brand) for key in BRIEF_KEYS for brand in BRANDS]
#: The fonts each built-in brand must embed (BaseFont names, compared without spaces
#: and hyphens: WeasyPrint writes "/ABCDEF+PT-Sans-Bold").
BRAND_FONTS = {"default": ("DejaVu Sans",), "meridian": ("PT Sans", "PT Serif")}
XHTML = "{http://www.w3.org/1999/xhtml}"
#: CSS lengths in PDF points.
UNITS = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "pc": 12.0, "px": 0.75}
#: Line-end hyphens: U+2010 is what WeasyPrint's automatic hyphenation prints.
HYPHEN_BREAK = re.compile(r"[\u2010\u00ad][ \t]*\n\s*")
BIDI_CONTROLS = re.compile(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]")

ARABIC_SENTENCE = "هذه فقرة باللغة العربية عن الأمن الإقليمي."
RUSSIAN_PARAGRAPH = (
    "Как отмечают эксперты Центра стратегических оценок, ситуация с водой в регионе "
    "остаётся напряжённой: уровень рек снизился, а спрос на электроэнергию вырос."
)

#: Briefs written for these tests, rendered through the same session cache.
CUSTOM_BRIEFS = {
    "authored": (
        "---\nauthor: Analysis desk\n---\nAnalysis\n\nA brief with its own author\n\n"
        "One paragraph of body text that says very little.\n\nSource: Reuters\n"
    ),
    "numbered_from_3": (
        "Analysis\n\nA title here\n\nSome body paragraph with words.\n\n"
        "Conclusions:\n\n3. Third point here.\n4. Fourth point here.\n\nSource: Reuters\n"
    ),
    "roman": (
        "Analysis\n\nA title here\n\nSome body paragraph with words.\n\n"
        "Conclusions:\n\nI. First roman point.\nII. Second roman point.\n\nSource: Reuters\n"
    ),
    "russian": (
        "Анализ и прогнозы\n\nРоссийские эксперты о водной безопасности региона\n\n"
        f"{RUSSIAN_PARAGRAPH}\n\n"
        "Можно сделать следующие выводы.\n\n"
        "1. Нехватка воды станет главным вызовом для региона в ближайшие годы.\n\n"
        "Источник: Центр стратегических оценок\n"
    ),
    "arabic": (
        "Analysis\n\nA brief with an Arabic paragraph\n\n"
        "The following paragraph is written in Arabic.\n\n"
        f"{ARABIC_SENTENCE}\n\nSource: Reuters\n"
    ),
}


# -- helpers ------------------------------------------------------------------------------
def normalise(text: str) -> str:
    """pdftotext output as one line: hyphenated line ends joined, whitespace collapsed."""
    text = HYPHEN_BREAK.sub("", text)
    text = re.sub(r"-[ \t]*\n\s*", "-", text)
    return " ".join(unicodedata.normalize("NFKC", text).split())


def letters(text: str) -> str:
    """Only the letters of ``text``, case-folded: robust against hyphenation, line and
    page breaks, letter-spacing and typographic punctuation."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).casefold() if ch.isalpha())


def margins_pt(margins: str) -> tuple[float, float, float, float]:
    """A CSS ``margin`` shorthand in points: (top, right, bottom, left)."""
    values = [
        float(number) * UNITS[unit]
        for number, unit in re.findall(r"([\d.]+)\s*(mm|cm|in|pt|pc|px)", margins)
    ]
    expand = {
        1: lambda v: (v[0], v[0], v[0], v[0]),
        2: lambda v: (v[0], v[1], v[0], v[1]),
        3: lambda v: (v[0], v[1], v[2], v[1]),
        4: lambda v: tuple(v),
    }
    assert len(values) in expand, f"cannot read the page margins {margins!r}"
    return expand[len(values)](values)


def pdftotext(path: Path, *args: str) -> str:
    proc = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        capture_output=True,
        timeout=60,
        check=True,
    )
    return proc.stdout.decode("utf-8")


def uncompressed(path: Path) -> bytes:
    """The PDF with every stream decompressed (qpdf), to search embedded content."""
    out = path.with_suffix(".qdf.pdf")
    subprocess.run(
        ["qpdf", "--stream-data=uncompress", "--object-streams=disable", str(path), str(out)],
        capture_output=True,
        timeout=60,
        check=False,  # exit 3 = warnings; the file is still written
    )
    return out.read_bytes()


def outline_titles(outline: list[Any]) -> list[str]:
    titles: list[str] = []
    for entry in outline:
        if isinstance(entry, list):
            titles += outline_titles(entry)
        else:
            titles.append(entry.title)
    return titles


def font_names(reader: PdfReader) -> dict[str, bool]:
    """BaseFont name (without the subset prefix) -> whether a font file is embedded, for
    every font on every page, form XObjects included."""
    fonts: dict[str, bool] = {}
    seen: set[int] = set()

    def embedded(font: Any) -> bool:
        descriptor = font.get("/FontDescriptor")
        if descriptor is None and "/DescendantFonts" in font:
            descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
        descriptor = descriptor.get_object() if descriptor is not None else {}
        return any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))

    def walk(resources: Any) -> None:
        if resources is None or id(resources) in seen:
            return
        seen.add(id(resources))
        resources = resources.get_object()
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            name = str(font.get("/BaseFont", "")).lstrip("/").split("+", 1)[-1]
            fonts[name] = fonts.get(name, False) or embedded(font)
        for ref in (resources.get("/XObject") or {}).values():
            xobject = ref.get_object()
            if xobject.get("/Subtype") == "/Form":
                walk(xobject.get("/Resources"))

    for page in reader.pages:
        walk(page.get("/Resources"))
    return fonts


def squash(name: str) -> str:
    return re.sub(r"[\s_-]", "", name).casefold()


def html_tree(data: bytes) -> Any:
    return tinyhtml5.parse(data.decode("utf-8"))


def element_text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def find_all(root: Any, tag: str) -> list[Any]:
    return list(root.iter(f"{XHTML}{tag}"))


def by_id(root: Any, value: str) -> Any:
    found = [e for e in root.iter() if e.get("id") == value]
    assert found, f"no element with id={value!r}"
    return found[0]


def xmp(reader: PdfReader) -> str:
    metadata = reader.trailer["/Root"].get("/Metadata")
    assert metadata is not None, "the catalog has no /Metadata stream"
    return metadata.get_object().get_data().decode("utf-8")


def xmp_value(packet: str, name: str) -> str | None:
    """An XMP property written either as an attribute or as an element."""
    match = re.search(rf'{name}="([^"]*)"', packet) or re.search(
        rf"<{name}>([^<]*)</{name}>", packet
    )
    return match.group(1) if match else None


# -- the session cache --------------------------------------------------------------------
class Renders:
    """Each brief, brand and option set rendered once; files for the command-line tools."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sources: dict[str, str] = dict(CUSTOM_BRIEFS)
        self.briefs: dict[str, Brief] = {}
        self.brands: dict[str, Any] = {}
        self.outputs: dict[tuple[Any, ...], api.Output] = {}
        self.files: dict[tuple[Any, ...], Path] = {}
        self.texts: dict[tuple[Any, ...], str] = {}

    def add(self, key: str, text: str) -> None:
        self.sources[key] = text

    def brief(self, key: str) -> Brief:
        if key not in self.briefs:
            if key == "seed":
                if not SEED.exists():
                    pytest.skip(f"the canonical seed brief is not present at {SEED}")
                self.briefs[key] = api.parse_file(SEED)
            elif key in self.sources:
                self.briefs[key] = api.parse(self.sources[key])
            else:
                self.briefs[key] = api.parse_file(EXAMPLES / f"{key}.txt")
        return self.briefs[key]

    def brand(self, name: str) -> Any:
        if name not in self.brands:
            self.brands[name] = load_brand(name)
        return self.brands[name]

    def render(self, key: str, brand: str = "default", fmt: str = "pdf", **options: Any):
        cache_key = (key, brand, fmt, tuple(sorted(options.items())))
        if cache_key not in self.outputs:
            self.outputs[cache_key] = api.render(self.brief(key), fmt, self.brand(brand), **options)
        return self.outputs[cache_key]

    def reader(self, key: str, brand: str = "default", **options: Any) -> PdfReader:
        return PdfReader(io.BytesIO(self.render(key, brand, **options).data))

    def pdf(self, key: str, brand: str = "default", **options: Any) -> Path:
        cache_key = (key, brand, tuple(sorted(options.items())))
        if cache_key not in self.files:
            name = re.sub(r"[^\w.-]+", "_", "-".join(map(str, cache_key)))
            path = self.folder / f"{name}.pdf"
            path.write_bytes(self.render(key, brand, **options).data)
            self.files[cache_key] = path
        return self.files[cache_key]

    def text(self, key: str, brand: str = "default", *, body: bool = False) -> str:
        """``pdftotext -layout`` of the PDF; ``body`` crops it to the page content area
        (no running header or footer between the lines of a paragraph)."""
        cache_key = (key, brand, body)
        if cache_key not in self.texts:
            args = ["-layout"]
            if body:
                top, right, bottom, left = margins_pt(self.brand(brand).settings.page.margins)
                box = self.reader(key, brand).pages[0].mediabox
                width, height = float(box.width), float(box.height)
                args += ["-r", "72", "-x", str(int(left)), "-y", str(int(top))]
                args += [
                    "-W",
                    str(int(width - left - right)),
                    "-H",
                    str(int(height - top - bottom)),
                ]
            self.texts[cache_key] = pdftotext(self.pdf(key, brand), *args)
        return self.texts[cache_key]


@pytest.fixture(scope="session")
def renders(tmp_path_factory: pytest.TempPathFactory) -> Renders:
    return Renders(tmp_path_factory.mktemp("pdf"))


# -- 1. every brief with both brands ------------------------------------------------------
@pytest.mark.parametrize(("key", "brand"), CASES)
def test_pdf_metadata(renders: Renders, key: str, brand: str) -> None:
    brief = renders.brief(key)
    output = renders.render(key, brand)
    reader = renders.reader(key, brand)
    assert output.data.startswith(b"%PDF-")
    assert len(reader.pages) >= 1
    assert output.pages == len(reader.pages)
    info = reader.metadata
    assert info["/Title"] == typographic(brief.meta.title)
    assert info["/Author"] == (brief.meta.author or renders.brand(brand).display_name)
    if brief.meta.rubric:
        assert info["/Subject"] == brief.meta.rubric  # WeasyPrint: <meta name=description>
    else:
        assert "/Subject" not in info
    assert reader.trailer["/Root"]["/Lang"] == brief.meta.language


@pytest.mark.parametrize(
    ("key", "brand"),
    [(key, brand) for key, brand in CASES],
)
def test_pdf_keywords_not_empty(renders: Renders, key: str, brand: str) -> None:
    keywords = renders.reader(key, brand).metadata.get("/Keywords")
    assert keywords and keywords.strip(), f"/Keywords is {keywords!r}"


def test_pdf_author_is_the_brief_author_when_set(renders: Renders) -> None:
    assert renders.brief("authored").meta.author == "Analysis desk"
    assert renders.reader("authored").metadata["/Author"] == "Analysis desk"


@pytest.mark.parametrize(("key", "brand"), CASES)
def test_pdf_outline(renders: Renders, key: str, brand: str) -> None:
    brief = renders.brief(key)
    labels = api.report_labels(brief, renders.brand(brand))
    outline = renders.reader(key, brand).outline
    assert outline, "the PDF has no outline"
    assert outline[0].title == typographic(brief.meta.title)
    titles = outline_titles(outline)
    assert labels["conclusions"] in titles
    assert labels["appendix_sources"] in titles


@pytest.mark.parametrize(("key", "brand"), CASES)
def test_pdf_text_has_title_conclusions_and_sources(renders: Renders, key: str, brand: str) -> None:
    brief = renders.brief(key)
    flat = letters(renders.text(key, brand, body=True))
    assert letters(brief.meta.title) in flat
    assert brief.conclusions.items
    for conclusion in brief.conclusions.items:
        text = " ".join(conclusion.text.split())
        assert letters(text[:60]) in flat, f"start of conclusion {conclusion.label}"
        assert letters(text[-40:]) in flat, f"end of conclusion {conclusion.label}"
    for source in brief.sources:
        assert letters(source.name) in flat, f"source {source.name!r}"


@pytest.mark.parametrize(("key", "brand"), CASES)
def test_pdf_reading_order(renders: Renders, key: str, brand: str) -> None:
    """Title, then the body, then the conclusions, then the sources appendix. Text that
    also appears earlier (key facts quote sentences, the table of contents names the
    appendix) is located by its last occurrence."""
    brief = renders.brief(key)
    labels = api.report_labels(brief, renders.brand(brand))
    flat = letters(renders.text(key, brand, body=True))
    body = [" ".join(p.text.split()) for p in brief.paragraphs()]
    conclusions = [" ".join(c.text.split()) for c in brief.conclusions.items]

    title = flat.find(letters(brief.meta.title))
    body_first = flat.rfind(letters(body[0][:60]))
    body_last = flat.rfind(letters(body[-1][-40:]))
    conclusions_first = flat.rfind(letters(conclusions[0][:60]))
    conclusions_last = flat.rfind(letters(conclusions[-1][-40:]))
    appendix = flat.rfind(letters(labels["appendix_sources"]))
    positions = [title, body_first, body_last, conclusions_first, conclusions_last, appendix]
    assert min(positions) >= 0, positions
    assert title < body_first <= body_last < conclusions_first <= conclusions_last < appendix
    for source in brief.sources:
        assert flat.rfind(letters(source.name)) > appendix, source.name


@pytest.mark.parametrize(("key", "brand"), CASES)
def test_pdf_passes_qpdf_check(renders: Renders, key: str, brand: str) -> None:
    proc = subprocess.run(
        ["qpdf", "--check", str(renders.pdf(key, brand))], capture_output=True, timeout=60
    )
    assert proc.returncode == 0, proc.stdout.decode() + proc.stderr.decode()


@pytest.mark.parametrize(("key", "brand"), CASES)
def test_pdf_embeds_the_brand_fonts(renders: Renders, key: str, brand: str) -> None:
    fonts = font_names(renders.reader(key, brand))
    for family in BRAND_FONTS[brand]:
        matching = [name for name in fonts if squash(name).startswith(squash(family))]
        assert matching, f"{family} not among {sorted(fonts)}"
        assert all(fonts[name] for name in matching), f"{family} is not embedded"


# -- 2. numbering -------------------------------------------------------------------------
def test_conclusions_numbered_from_3_keep_their_numbers_in_html(renders: Renders) -> None:
    root = html_tree(renders.render("numbered_from_3", fmt="html").data)
    ol = by_id(root, "conclusion-list")
    assert ol.tag == f"{XHTML}ol"
    assert ol.get("start") == "3"
    items = find_all(ol, "li")
    assert [li.get("value") for li in items] == ["3", "4"]
    assert [element_text(li) for li in items] == ["Third point here.", "Fourth point here."]


def test_roman_conclusions_keep_their_style_in_html(renders: Renders) -> None:
    root = html_tree(renders.render("roman", fmt="html").data)
    ol = by_id(root, "conclusion-list")
    assert ol.get("type") == "I"
    assert [element_text(li) for li in find_all(ol, "li")] == [
        "First roman point.",
        "Second roman point.",
    ]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("numbered_from_3", ["3. Third point here.", "4. Fourth point here."]),
        ("roman", ["I. First roman point.", "II. Second roman point."]),
    ],
)
def test_conclusion_numbering_is_kept_in_pdf(
    renders: Renders, key: str, expected: list[str]
) -> None:
    text = normalise(renders.text(key, body=True))
    for line in expected:
        assert line in text


def test_body_list_stays_a_list_outside_the_conclusions(renders: Renders) -> None:
    brief = renders.brief("en_body_list")
    items = [p for p in brief.paragraphs() if p.kind == "list_item"]
    assert [p.label for p in items] == ["1", "2", "3"]
    root = html_tree(renders.render("en_body_list", fmt="html").data)
    main = find_all(root, "main")[0]
    lists = find_all(main, "ol")
    assert len(lists) == 1
    assert [li.get("id") for li in find_all(lists[0], "li")] == [p.id for p in items]
    assert [element_text(li) for li in find_all(lists[0], "li")] == [p.text for p in items]
    conclusions = by_id(root, "conclusions")
    ids = [li.get("id") for li in find_all(conclusions, "li")]
    assert ids == [c.id for c in brief.conclusions.items]
    assert not {p.id for p in items} & set(ids)


# -- 3. PDF variants ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def variant_key() -> str:
    return "seed" if SEED.exists() else "en_digest"


def test_pdf_a_3b(renders: Renders, variant_key: str) -> None:
    reader = renders.reader(variant_key, pdf_variant="pdf/a-3b")
    packet = xmp(reader)
    assert xmp_value(packet, "pdfaid:part") == "3"
    assert xmp_value(packet, "pdfaid:conformance") == "B"
    intents = reader.trailer["/Root"].get("/OutputIntents")
    assert intents and len(intents) >= 1
    assert intents[0].get_object()["/S"] == "/GTS_PDFA1"
    proc = subprocess.run(
        ["qpdf", "--check", str(renders.pdf(variant_key, pdf_variant="pdf/a-3b"))],
        capture_output=True,
    )
    assert proc.returncode == 0


def test_pdf_ua_1(renders: Renders, variant_key: str) -> None:
    brief = renders.brief(variant_key)
    reader = renders.reader(variant_key, pdf_variant="pdf/ua-1")
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True
    assert reader.metadata["/Title"] == brief.meta.title
    assert root["/Lang"] == brief.meta.language
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    packet = xmp(reader)
    assert xmp_value(packet, "pdfuaid:part") == "1"
    assert brief.meta.title in packet  # dc:title


def test_default_pdf_is_tagged(renders: Renders, variant_key: str) -> None:
    root = renders.reader(variant_key).trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"].value is True


def test_unknown_pdf_variant_is_a_usage_error(renders: Renders) -> None:
    with pytest.raises(UsageError, match="nope"):
        api.render(renders.brief("en_digest"), "pdf", renders.brand("default"), pdf_variant="nope")


# -- 4. scripts ---------------------------------------------------------------------------
def missing_glyphs(output: api.Output) -> list[str]:
    return [w.message for w in output.warnings if w.code == "missing-glyph"]


@pytest.mark.parametrize("brand", BRANDS)
def test_russian_brief(renders: Renders, brand: str) -> None:
    brief = renders.brief("russian")
    assert brief.meta.language == "ru"
    assert missing_glyphs(renders.render("russian", brand)) == []
    flat = letters(renders.text("russian", brand, body=True))
    for word in re.findall(r"\w+", RUSSIAN_PARAGRAPH):
        assert letters(word) in flat, word
    assert letters(RUSSIAN_PARAGRAPH) in flat
    assert letters(brief.conclusions.items[0].text) in flat


def arabic_words(text: str) -> set[str]:
    """Arabic words, bidi controls removed. pdftotext writes the two letters of a lam-alef
    ligature in visual order ("األمن" for "الأمن"; pypdf extracts them in logical order),
    so both orders are folded into one."""
    text = BIDI_CONTROLS.sub("", unicodedata.normalize("NFKC", text))
    words = re.findall(r"[\u0600-\u06ff]+", text)
    return {re.sub(r"ل([اأإآ])", r"\1ل", word) for word in words}


@pytest.mark.parametrize("brand", BRANDS)
def test_arabic_paragraph(renders: Renders, brand: str) -> None:
    assert missing_glyphs(renders.render("arabic", brand)) == []
    found = arabic_words(renders.text("arabic", brand))
    expected = arabic_words(ARABIC_SENTENCE)
    assert len(expected) == 7
    for word in expected:
        assert word in found or word[::-1] in found, (word, found)


# -- 5. a hostile brief -------------------------------------------------------------------
@pytest.fixture(scope="module")
def secret_file(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """A local file outside every brand folder, with content that must never leak."""
    folder = tmp_path_factory.mktemp("secret")
    token = f"SECRET-{uuid.uuid4().hex}"
    path = folder / "secret.svg"  # an image type, to tempt every loader
    path.write_text(
        f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
        f"<text>{token}</text></svg>",
        "utf-8",
    )
    return SimpleNamespace(path=path, token=token, uri=path.as_uri())


def hostname() -> str | None:
    """The content of /etc/hostname, if it is long enough to search for meaningfully."""
    try:
        name = Path("/etc/hostname").read_text().strip()
    except OSError:
        return None
    return name if len(name) >= 6 else None


def assert_not_leaked(pdf: Path, text: str, secret: SimpleNamespace) -> None:
    raw = uncompressed(pdf)
    assert secret.token.encode() not in raw
    assert secret.token not in text
    assert b"LOOPBACK-BODY" not in raw
    assert b"/EmbeddedFile" not in raw
    assert b"/FileAttachment" not in raw
    name = hostname()
    if name:
        assert name.encode() not in raw
        assert name not in text


HOSTILE_STRINGS = [
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    '{% include "x" %}',
    "<b>bold</b>",
    '<img src="file:///etc/passwd">',
    "</style>",
]
HOSTILE_TITLE = "Hostile <b>title</b> {{ 7*7 }} </style><script>alert(2)</script>"
HOSTILE_CLASSIFICATION = '"; } body { display: none } /*'


@pytest.fixture(scope="module")
def hostile_key(renders: Renders, loopback: SimpleNamespace, secret_file: SimpleNamespace) -> str:
    paragraphs = [f"Hostile string number {n} is {s} here." for n, s in enumerate(HOSTILE_STRINGS)]
    text = (
        f"---\nclassification: '{HOSTILE_CLASSIFICATION}'\n---\n"
        f"Analysis\n\n{HOSTILE_TITLE}\n\n"
        + "\n\n".join(paragraphs)
        + f"\n\nSee file:///etc/passwd and file:///etc/hostname and {secret_file.uri} "
        f"and {loopback.url('x')} for more.\n\nSource: Reuters\n"
    )
    renders.add("hostile", text)
    return "hostile"


def test_hostile_brief_is_text_in_html(renders: Renders, hostile_key: str) -> None:
    html = renders.render(hostile_key, fmt="html").data
    assert b"<script" not in html.lower()
    root = html_tree(html)
    assert find_all(root, "script") == []
    assert find_all(root, "b") == []
    assert [img.get("class") for img in find_all(root, "img")] == ["logo"]
    assert element_text(find_all(root, "title")[0]) == HOSTILE_TITLE
    assert element_text(by_id(root, "title")) == HOSTILE_TITLE
    assert len(find_all(root, "style")) == 1
    assert "</" not in "".join(find_all(root, "style")[0].itertext())
    paragraphs = [element_text(p) for p in find_all(find_all(root, "main")[0], "p")]
    for n, string in enumerate(HOSTILE_STRINGS):
        assert typographic(f"Hostile string number {n} is {string} here.") in paragraphs


def test_hostile_brief_is_text_in_pdf(
    renders: Renders, hostile_key: str, loopback: SimpleNamespace
) -> None:
    reader = renders.reader(hostile_key)
    assert reader.metadata["/Title"] == typographic(HOSTILE_TITLE)
    text = normalise(renders.text(hostile_key))
    for n, string in enumerate(HOSTILE_STRINGS):
        assert typographic(f"Hostile string number {n} is {string} here.") in text
    # the big cover title may wrap after "</": compare without whitespace
    assert re.sub(r"\s", "", HOSTILE_TITLE) in re.sub(r"\s", "", text)
    # the classification is printed (upper-cased by the stylesheet), not run as CSS
    assert typographic(HOSTILE_CLASSIFICATION).casefold() in text.casefold()
    assert loopback.hits == []


@pytest.mark.parametrize("brand", BRANDS)
def test_urls_in_a_brief_are_never_fetched(
    renders: Renders,
    hostile_key: str,
    loopback: SimpleNamespace,
    secret_file: SimpleNamespace,
    brand: str,
) -> None:
    renders.render(hostile_key, brand, fmt="html")
    output = renders.render(hostile_key, brand)
    assert loopback.hits == []
    # the URL is kept as a link
    assert loopback.url("x").encode() in uncompressed(renders.pdf(hostile_key, brand))
    assert_not_leaked(
        renders.pdf(hostile_key, brand), renders.text(hostile_key, brand), secret_file
    )
    assert secret_file.token.encode() not in renders.render(hostile_key, brand, fmt="html").data
    assert not [w for w in output.warnings if w.code == "resource-refused"]


# -- 6. a hostile brand template ----------------------------------------------------------
def make_brand(folder: Path, template: str | None = None, brand_yml: str = "") -> Path:
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(
        "meta:\n  name: Hostile Brand\n"
        + brand_yml
        + "defaults:\n  reportkit:\n    extends: default\n",
        "utf-8",
    )
    if template is not None:
        (folder / "report.html.j2").write_text(template, "utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_brand(
    tmp_path_factory: pytest.TempPathFactory,
    loopback: SimpleNamespace,
    secret_file: SimpleNamespace,
) -> Any:
    folder = tmp_path_factory.mktemp("brands") / "hostile"
    relative_secret = os.path.relpath(secret_file.path, folder)
    template = f"""<!DOCTYPE html>
<html lang="{{{{ report.lang }}}}">
<head>
  <meta charset="utf-8">
  <title>{{{{ report.title }}}}</title>
  <link rel="attachment" href="file:///etc/hostname">
  <link rel="attachment" href="{secret_file.uri}">
  <link rel="attachment" href="leak.txt">
  <link rel="stylesheet" href="{loopback.url("css")}">
  <style>
    @import url("{loopback.url("import")}");
    body {{ background: url("{loopback.url("background")}"); }}
    @font-face {{ font-family: Evil; src: url("{loopback.url("font")}"); }}
  </style>
</head>
<body>
  <h1 id="title">{{{{ report.title }}}}</h1>
  <img src="file:///etc/hostname" alt="">
  <img src="{loopback.url("img")}" alt="">
  <img src="../../../../etc/hostname" alt="">
  <img src="{relative_secret}" alt="">
  <img src="{secret_file.uri}" alt="">
  <img src="leak.txt" alt="">
  <object data="{secret_file.uri}"></object>
  <a rel="attachment" href="{secret_file.uri}">attachment</a>
  {{% for section in report.sections %}}{{% for block in section.blocks %}}
  <p>{{% for s in block.segments %}}{{{{ s.text }}}}{{% endfor %}}</p>
  {{% endfor %}}{{% endfor %}}
</body>
</html>
"""
    make_brand(folder, template)
    (folder / "leak.txt").symlink_to(secret_file.path)  # a symlink out of the brand folder
    return load_brand(str(folder))


def test_hostile_template_loads_nothing(
    renders: Renders,
    hostile_brand: Any,
    loopback: SimpleNamespace,
    secret_file: SimpleNamespace,
    tmp_path: Path,
) -> None:
    brief = renders.brief("en_digest")
    output = api.render(brief, "pdf", hostile_brand)
    html = api.render(brief, "html", hostile_brand)
    assert loopback.hits == []
    pdf = tmp_path / "hostile-template.pdf"
    pdf.write_bytes(output.data)
    reader = PdfReader(pdf)
    names = reader.trailer["/Root"].get("/Names")
    assert names is None or "/EmbeddedFiles" not in names.get_object()
    text = pdftotext(pdf, "-layout")
    assert letters(brief.meta.title) in letters(text)  # the hostile template was used
    assert_not_leaked(pdf, text, secret_file)
    assert secret_file.token.encode() not in html.data
    refused = [w.message for w in output.warnings if w.code == "resource-refused"]
    assert refused, "refused loads should be reported as warnings"


SANDBOX_ESCAPES = [
    "{{ report.__class__.__mro__ }}",
    "{{ ''.__class__.__subclasses__() }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ lipsum.__globals__ }}",
    "{{ self.__init__.__globals__ }}",
    "{{ report|attr('__class__') }}",
    "{% for c in ''.__class__.__mro__[1].__subclasses__() %}{{ c }}{% endfor %}",
    "{{ report.sections.append(1) }}",
    "{{ brand.colors.pop('primary') }}",
    '{% include "../../../../etc/hostname" %}',
    '{% include "/etc/hostname" %}',
]


@pytest.mark.parametrize("expression", SANDBOX_ESCAPES)
def test_template_cannot_reach_python_internals(
    renders: Renders, tmp_path: Path, expression: str
) -> None:
    template = f"<html><body><h1>{{{{ report.title }}}}</h1><p>{expression}</p></body></html>"
    brand = load_brand(str(make_brand(tmp_path / "sandbox", template)))
    with pytest.raises(BrandError) as caught:
        api.render(renders.brief("en_digest"), "html", brand)
    message = str(caught.value)
    assert "\n" not in message
    assert "<class" not in message  # no class list leaks, not even into the error


def test_template_sandbox_also_guards_the_pdf(renders: Renders, tmp_path: Path) -> None:
    template = "<html><body><p>{{ report.__class__.__mro__ }}</p></body></html>"
    brand = load_brand(str(make_brand(tmp_path / "sandbox", template)))
    with pytest.raises(BrandError, match="not allowed"):
        api.render(renders.brief("en_digest"), "pdf", brand)


@pytest.mark.parametrize("where", ["relative", "absolute"])
def test_brand_logo_outside_the_brand_folders_is_not_embedded(
    renders: Renders, tmp_path: Path, secret_file: SimpleNamespace, where: str
) -> None:
    folder = tmp_path / "logo-brand"
    path = (
        os.path.relpath(secret_file.path, folder) if where == "relative" else str(secret_file.path)
    )
    make_brand(
        folder, brand_yml=f"logo:\n  images:\n    m: {{path: '{path}', alt: x}}\n  medium: m\n"
    )
    with pytest.raises(BrandError, match="is outside the brand folder"):
        load_brand(str(folder))


# -- 7. CSS strings -----------------------------------------------------------------------
def css_round_trip(text: str) -> str:
    rules = tinycss2.parse_stylesheet(
        f"p {{ content: {css_string(text)} }}", skip_whitespace=True, skip_comments=True
    )
    assert len(rules) == 1 and rules[0].type == "qualified-rule", rules
    declarations = tinycss2.parse_declaration_list(
        rules[0].content, skip_whitespace=True, skip_comments=True
    )
    assert len(declarations) == 1 and declarations[0].type == "declaration", declarations
    assert declarations[0].name == "content"
    tokens = [t for t in declarations[0].value if t.type not in ("whitespace", "comment")]
    assert len(tokens) == 1 and tokens[0].type == "string", tokens
    return tokens[0].value


@pytest.mark.parametrize(
    "text",
    [
        "",
        'a "quoted" word',
        "it's",
        "back\\slash",
        "a \\ b",
        " \\ ",
        "ends with \\",
        "\\41 looks like an escape",
        "</style><script>alert(1)</script>",
        "line\nbreak",
        "\r\n\t\f",
        "} ; { p { color: red }",
        "/* not a comment */",
        "😀 emoji 🇺🇦",
        "Кириллица и «кавычки»",
        "العربية",
        "  leading and trailing  ",
        "no\u00a0break and \u202eRTL override",
        "e\u0301 combining",
        "\x7f",
    ],
)
def test_css_string_round_trips_through_tinycss2(text: str) -> None:
    assert css_round_trip(text) == text


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\x00")))
def test_css_string_round_trips_any_text(text: str) -> None:
    # NUL is left out: CSS turns an escaped U+0000 into U+FFFD by definition, and the
    # reader removes control characters from briefs.
    assert css_round_trip(text) == text


# -- 8. long tokens -----------------------------------------------------------------------
LONG_URL = ("https://example.org/" + "/".join(f"segment{n:03d}" for n in range(40)))[:400]
LONG_HEX = "".join("0123456789abcdef"[(n * 7 + n // 16) % 16] for n in range(3000))


@pytest.mark.parametrize("brand", BRANDS)
def test_long_tokens_wrap_inside_the_page(renders: Renders, brand: str) -> None:
    assert len(LONG_URL) == 400
    renders.add(
        "long_tokens",
        f"Analysis\n\nLong tokens in a brief\n\nThe data is at {LONG_URL} for reference.\n\n"
        f"The hash is {LONG_HEX} in full.\n\nConclusions:\n\n"
        f"1. A conclusion quoting {LONG_HEX[:600]} as well.\n\nSource: Reuters\n",
    )
    output = renders.render("long_tokens", brand)
    assert missing_glyphs(output) == []
    boxes = pdftotext(renders.pdf("long_tokens", brand), "-bbox")
    pages = re.findall(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', boxes, re.S)
    assert len(pages) == output.pages
    words = 0
    for width, height, content in pages:
        for x_min, y_min, x_max, y_max in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)"', content
        ):
            words += 1
            assert float(x_min) >= 10
            assert float(x_max) <= float(width) - 10, (x_max, width)
            assert 0 <= float(y_min) <= float(y_max) <= float(height)
    assert words > 50
    joined = re.sub(r"[\s\u2010\u00ad]", "", renders.text("long_tokens", brand, body=True))
    assert LONG_HEX in joined
    assert LONG_URL in joined


# -- 9. the convert command ---------------------------------------------------------------
def cli(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*args, cwd=cwd, text=False)


def one_line_error(proc: subprocess.CompletedProcess[bytes], code: int) -> str:
    stderr = proc.stderr.decode("utf-8")
    assert proc.returncode == code, stderr
    assert proc.stdout == b""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("reportkit: error: ")
    return lines[0]


def leftovers(*folders: Path) -> list[Path]:
    return [
        p
        for folder in folders
        for p in folder.rglob("*")
        if p.name.endswith(".tmp")
        or (p.name.startswith(".") and p.is_file() and p.name not in BATCH_FILES)
    ]


#: What an output folder keeps on purpose: the manifest and the lock file.
BATCH_FILES = {".reportkit-manifest.json", ".reportkit.lock"}


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "en_digest.txt", tmp_path / "digest.txt")
    shutil.copy(EXAMPLES / "en_body_list.txt", tmp_path / "body.txt")
    return tmp_path


def test_cli_writes_pdf_and_html_next_to_the_brief(workdir: Path) -> None:
    proc = cli("convert", "digest.txt", "-f", "pdf", "-f", "html", cwd=workdir)
    assert proc.returncode == 0, proc.stderr.decode()
    pdf, html = workdir / "digest.pdf", workdir / "digest.html"
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert PdfReader(pdf).metadata["/Title"] == api.parse_file(workdir / "digest.txt").meta.title
    assert b"<!DOCTYPE html>" in html.read_bytes()[:200]
    assert leftovers(workdir) == []


def test_cli_output_folder(workdir: Path) -> None:
    proc = cli("convert", "digest.txt", "body.txt", "-f", "pdf", "-o", "out/", cwd=workdir)
    assert proc.returncode == 0, proc.stderr.decode()
    assert sorted(p.name for p in (workdir / "out").iterdir()) == [
        ".reportkit-manifest.json",
        ".reportkit.lock",
        "body.pdf",
        "digest.pdf",
    ]
    assert not (workdir / "digest.pdf").exists()
    assert leftovers(workdir) == []


def test_cli_output_file(workdir: Path) -> None:
    proc = cli("convert", "digest.txt", "-f", "pdf", "-o", "report.pdf", cwd=workdir)
    assert proc.returncode == 0, proc.stderr.decode()
    assert (workdir / "report.pdf").read_bytes().startswith(b"%PDF-")
    assert not (workdir / "digest.pdf").exists()
    assert leftovers(workdir) == []


def test_cli_output_to_stdout(workdir: Path) -> None:
    proc = cli("convert", "digest.txt", "-f", "pdf", "-o", "-", cwd=workdir)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(proc.stdout)).pages) >= 1
    assert sorted(p.name for p in workdir.iterdir()) == ["body.txt", "digest.txt"]


def test_cli_unknown_pdf_variant(workdir: Path) -> None:
    line = one_line_error(
        cli("convert", "digest.txt", "-f", "pdf", "--pdf-variant", "nope", cwd=workdir), 2
    )
    assert "nope" in line
    assert sorted(p.name for p in workdir.iterdir()) == ["body.txt", "digest.txt"]


def test_cli_unknown_pdf_variant_writes_nothing(workdir: Path) -> None:
    proc = cli(
        "convert", "digest.txt", "-f", "html", "-f", "pdf", "--pdf-variant", "nope", cwd=workdir
    )
    assert proc.returncode == 2
    assert sorted(p.name for p in workdir.iterdir()) == ["body.txt", "digest.txt"]


def test_cli_missing_brief_among_two(workdir: Path) -> None:
    proc = cli("convert", "missing.txt", "digest.txt", "-f", "pdf", cwd=workdir)
    stderr = proc.stderr.decode()
    assert proc.returncode == 1, stderr
    assert "missing.txt" in stderr and "no such file" in stderr
    assert "Traceback" not in stderr
    assert (workdir / "digest.pdf").read_bytes().startswith(b"%PDF-")
    assert not (workdir / "missing.pdf").exists()
    assert leftovers(workdir) == []


def test_cli_unknown_brand(workdir: Path) -> None:
    line = one_line_error(
        cli("convert", "digest.txt", "-f", "pdf", "--brand", "nosuch", cwd=workdir), 2
    )
    assert "nosuch" in line
    assert sorted(p.name for p in workdir.iterdir()) == ["body.txt", "digest.txt"]


def test_cli_toc(workdir: Path, renders: Renders) -> None:
    def headings(path: Path) -> list[str]:
        return [line.strip() for line in pdftotext(path, "-layout").splitlines()]

    contents = api.report_labels(renders.brief("en_digest"), renders.brand("default"))["contents"]
    assert contents not in headings(renders.pdf("en_digest"))  # the default brand: no TOC
    proc = cli("convert", "digest.txt", "-f", "pdf", "--toc", "-o", "toc.pdf", cwd=workdir)
    assert proc.returncode == 0, proc.stderr.decode()
    assert contents in headings(workdir / "toc.pdf")
    outline = outline_titles(PdfReader(workdir / "toc.pdf").outline)
    assert contents in outline


# -- 10. fast paths keep the look ---------------------------------------------------------
def dots_and_strokes(pdf: bytes) -> tuple[list[float], list[float]]:
    """Uncompressed page content: the y of every dot drawn as a circle (WeasyPrint's
    one-sided dotted border) and of every dotted stroke (a dotted underline)."""
    lines = pdf.decode("latin-1").split("\n")
    dots = [
        float(line.split()[1])
        for line, after in itertools.pairwise(lines)
        if line.endswith(" m") and after.endswith(" c")
    ]
    strokes = [
        float(lines[n + 2].split()[1])
        for n, line in enumerate(lines[:-3])
        if re.fullmatch(r"\[0 [\d.]+\] [-\d.]+ d", line) and lines[n + 2].endswith(" m")
    ]
    return dots, strokes


@pytest.mark.parametrize("brand", BRANDS)
def test_reference_underline_is_where_the_dotted_border_was(
    renders: Renders, brand: str, tmp_path: Path
) -> None:
    """report.css marks references with a dotted underline instead of a dotted
    border-bottom (WeasyPrint draws that one circle at a time): same place, same dots."""
    from weasyprint import CSS, HTML

    from reportkit.writers import writer_for

    writer = writer_for("pdf", renders.brand(brand))
    page = '<html lang="en"><p>See <a class="ref" href="#p">the Hudson Institute</a>.</p>'
    border = "a.ref { text-decoration: none; border-bottom: 0.5pt dotted var(--brand-link); }"
    sheets = {
        "border": [*writer.stylesheets, CSS(string=border, font_config=writer.font_config)],
        "underline": writer.stylesheets,
    }
    found = {}
    for name, stylesheets in sheets.items():
        path = tmp_path / f"{name}.pdf"
        HTML(string=page, url_fetcher=writer.fetcher).write_pdf(
            path, stylesheets=stylesheets, font_config=writer.font_config, uncompressed_pdf=True
        )
        found[name] = dots_and_strokes(path.read_bytes())
    border_dots, _ = found["border"]
    underline_dots, strokes = found["underline"]
    assert len(border_dots) > 50 and not underline_dots
    assert len(strokes) == 1
    assert strokes[0] == pytest.approx(border_dots[0], abs=0.01)  # px: 1/96 in


def test_reports_have_no_dot_by_dot_borders(renders: Renders) -> None:
    dots, strokes = dots_and_strokes(uncompressed(renders.pdf("en_digest")))
    assert strokes and len(dots) < 20  # the logo's rounded corners, not hundreds of dots


def test_pdf_streams_decode_and_the_file_has_an_id(renders: Renders) -> None:
    """The writer deflates streams itself (once, level 6): every stream still reads back,
    the file keeps its /ID, and PDF/A-1 metadata stays uncompressed as the format wants."""
    reader = renders.reader("en_digest")
    assert len(reader.trailer["/ID"]) == 2
    for page in reader.pages:
        assert page.get_contents().get_data().strip()
    metadata = renders.reader("en_digest", pdf_variant="pdf/a-1b").trailer["/Root"]["/Metadata"]
    assert "/Filter" not in metadata.get_object()


def test_rendering_turns_the_collector_back_on(
    renders: Renders, monkeypatch: pytest.MonkeyPatch
) -> None:
    import gc

    import weasyprint

    brief, brand = renders.brief("en_digest"), renders.brand("default")
    api.render(brief, "pdf", brand)
    assert gc.isenabled()

    def fail(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("layout failed")

    monkeypatch.setattr(weasyprint.HTML, "render", fail)
    with pytest.raises(RuntimeError):
        api.render(brief, "pdf", brand)
    assert gc.isenabled()
    gc.disable()  # a caller that turned it off keeps it off
    try:
        with pytest.raises(RuntimeError):
            api.render(brief, "pdf", brand)
        assert not gc.isenabled()
    finally:
        gc.enable()
