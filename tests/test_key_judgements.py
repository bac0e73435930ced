"""Key judgements: the conclusions' first sentences in a box on page 1, as professional
briefs open ("Key judgements", "Principal findings"), in every format."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from conftest import EXAMPLES
from reportkit import api
from reportkit.brand import load_brand

BRIEF = """\
Analysis

Port economists on the Black Sea grain corridor

As economists from the Odesa Institute of Maritime Trade note, grain shipments through \
the corridor recovered to 4.2 million tonnes a month.

Insurance premiums fell by a third over the summer.

Three new berths opened in Izmail in June.

Rail deliveries to the ports are now the bottleneck.

Exporters expect volumes to hold through the winter.

Several conclusions can be drawn.

1. The corridor has become routine. Its volumes now depend on rail, not on security.

2. Insurance costs will decide the margins of small exporters. Large traders hedge them.

Source: Black Sea Shipping Review
"""


def test_a_conclusions_headline_is_its_first_sentence() -> None:
    brief = api.parse(BRIEF.encode())
    assert [c.headline for c in brief.conclusions.items] == [
        "The corridor has become routine.",
        "Insurance costs will decide the margins of small exporters.",
    ]
    assert '"headline": "The corridor has become routine."' in brief.to_json()


def pdf_text(data: bytes, tmp_path: Path, page: int = 1) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), str(path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return " ".join(out.split())


@pytest.mark.parametrize("brand", ["default", "meridian"])
def test_page_one_opens_with_the_key_judgements(brand: str, tmp_path: Path) -> None:
    brief = api.parse(BRIEF.encode())
    first = pdf_text(api.render(brief, "pdf", load_brand(brand)).data, tmp_path)
    box = first.index("KEY JUDGEMENTS")
    assert (
        box
        < first.index("1 The corridor has become routine.")
        < first.index("2 Insurance costs will decide the margins of small exporters.")
    )
    # before the text; the conclusions' other sentences stay in the conclusions
    assert box < first.index("As economists from")
    assert "Its volumes now depend on rail" not in first[: first.index("As economists from")]


def test_a_short_brief_or_a_single_conclusion_has_none(tmp_path: Path) -> None:
    """Read whole on its first page, a brief of two paragraphs needs no summary."""
    brief = api.parse_file(EXAMPLES / "en_email_forward.txt")
    assert len(brief.conclusions.items) == 2 and len(brief.paragraphs()) < 5
    html = api.render(brief, "html", load_brand("default")).data.decode()
    assert 'id="key-judgements"' not in html


def test_a_brand_can_turn_it_off(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "_brand.yml").write_text(
        "meta: {name: Plain}\ndefaults:\n  reportkit:\n    extends: default\n"
        "    show: {key_judgements: false}\n",
        "utf-8",
    )
    brief = api.parse(BRIEF.encode())
    html = api.render(brief, "html", load_brand(folder)).data.decode()
    assert 'id="key-judgements"' not in html
    assert 'id="key-judgements"' in api.render(brief, "html", load_brand("default")).data.decode()


def test_the_docx_shows_them_between_rules_linked_to_the_conclusions() -> None:
    brief = api.parse(BRIEF.encode())
    data = api.render(brief, "docx", load_brand("meridian")).data
    document = docx.Document(io.BytesIO(data))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "KEY JUDGEMENTS")
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0][0] == "KEY JUDGEMENTS"
    assert rows[1:] == [
        ["1", "The corridor has become routine."],
        ["2", "Insurance costs will decide the margins of small exporters."],
    ]
    links = table._tbl.findall(f".//{qn('w:hyperlink')}")
    assert [link.get(qn("w:anchor")) for link in links] == ["c1", "c2"]
    borders = table._tbl.tblPr.find(qn("w:tblBorders"))
    assert borders.find(qn("w:top")).get(qn("w:color")) == "14324F"
    body = [p.text for p in document.paragraphs]
    assert body.index("Several conclusions can be drawn.") > 0  # the conclusions stay whole
