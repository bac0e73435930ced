"""Scripts a brief mixes in: right-to-left names inside English text, and emoji.

A Pashto name in English parentheses must not take the parentheses and the figure next to
it into its own direction ("(28 ,ننګرهار%)"); an emoji prints as an emoji, or is reported.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest

from reportkit import api
from reportkit.brand import load_brand
from reportkit.doctor import run_checks
from reportkit.writers.typography import FSI, PDI, isolated

BRIEF = """\
Situation, Facts and Events

Afghan analysts on customs revenue 🌾 and border trade

As researchers from the Kabul Centre for Fiscal Studies indicate, customs revenue in the \
eastern provinces (ننګرهار, 28%) rose faster than in the north, while Kunar (کونړ) \
stayed flat at 4% 📉.

The provincial office ("د ننګرهار ولایت") reported that trade through Torkham grew by 12% \
in 2024, to about $1.4 billion 🚚.

Several conclusions can be drawn.

1. Eastern provinces now carry most of the customs revenue 💰.

2. Border closures remain the main risk.

Source: Kabul Trade Monitor
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("(ننګرهار, 28%)", f"({FSI}ننګرهار{PDI}, 28%)"),
        # a phrase of several words is one run; the quotes around it stay outside
        ("office (“د ننګرهار ولایت”)", f"office (“{FSI}د ننګرهار ولایت{PDI}”)"),
        ("Haifa (חיפה) and Acre", f"Haifa ({FSI}חיפה{PDI}) and Acre"),
        ("No right-to-left text here: 28%.", "No right-to-left text here: 28%."),
        ("Казахстан (28%)", "Казахстан (28%)"),
    ],
)
def test_right_to_left_runs_are_isolated(text: str, expected: str) -> None:
    assert isolated(text) == expected
    assert isolated(expected) == expected  # applied twice, nothing changes


@pytest.fixture(scope="module")
def outputs() -> dict[str, api.Output]:
    brief = api.parse(BRIEF.encode())
    brand = load_brand("default")
    return {fmt: api.render(brief, fmt, brand) for fmt in ("pdf", "html", "docx")}


def words(pdf: bytes, tmp: Path) -> list[tuple[float, float, str]]:
    path = tmp / "r.pdf"
    path.write_bytes(pdf)
    xml = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-enc", "UTF-8", "-bbox", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")  # an emoji's glyph may map to a lone surrogate
    return [
        (round(float(y), 1), float(x), word)
        for x, y, word in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*?)</word>', xml
        )
    ]


def test_the_pdf_keeps_the_parenthesis_and_figure_in_english_order(outputs, tmp_path) -> None:
    """On the page, left to right: "(" and the name, then "28%)"; unisolated, the
    figure jumped inside the parenthesis, before the name."""
    found = words(outputs["pdf"].data, tmp_path)
    name_y, name_x = next((y, x) for y, x, w in found if w.startswith("(") and "ن" in w)
    figure = [x for y, x, w in found if w.startswith("28") and abs(y - name_y) < 12]
    assert figure and name_x < figure[0], (name_x, figure)
    assert not [w for _, _, w in found if w.startswith("(28")]


def test_html_and_docx_carry_the_isolation(outputs) -> None:
    html = outputs["html"].data.decode()
    assert f"({FSI}ننګرهار{PDI}, 28%)" in html
    document = docx.Document(io.BytesIO(outputs["docx"].data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert f"({FSI}ننګرهار{PDI}, 28%)" in text


def test_emoji_print_in_an_emoji_font_and_nothing_else_does(outputs) -> None:
    """`make test` installs Noto Color Emoji (scripts/system-deps.sh): an emoji is drawn,
    not a box. Only emoji: digits and spaces, which have an emoji form too, stay in the
    text face (they did not when the emoji font was named in the CSS font chain)."""
    from pypdf import PdfReader

    assert [w for w in outputs["pdf"].warnings if w.code == "missing-glyph"] == []
    drawn: dict[str, set[str]] = {}

    def seen(text: str, _cm: object, _tm: object, font: object, _size: object) -> None:
        if font is not None:
            drawn.setdefault(str(font.get("/BaseFont")), set()).update(text)  # type: ignore[attr-defined]

    for page in PdfReader(io.BytesIO(outputs["pdf"].data)).pages:
        page.extract_text(visitor_text=seen)
    emoji = set().union(*(chars for face, chars in drawn.items() if "Noto-Color-Emoji" in face))
    assert {"🌾", "💰", "📉", "🚚"} <= emoji
    assert {c for c in emoji if ord(c) < 0x2000 and c != "\n"} == set(), emoji


def test_doctor_says_whether_emoji_can_be_printed() -> None:
    check = next(c for c in run_checks() if c.name == "fonts for emoji")
    installed = (
        bool(shutil.which("fc-list"))
        and "Noto Color Emoji"
        in subprocess.run(
            ["fc-list", ":charset=1f69a", "family"], capture_output=True, text=True
        ).stdout
    )
    assert check.status == ("ok" if installed else "optional")
