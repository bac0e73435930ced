"""The standalone HTML as a browser lays it out: Debian's Chromium prints it to PDF and
pdftotext reads what a reader would see (list numbers are drawn by the browser, so only a
browser can show them)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

import reportkit
from conftest import EXAMPLES
from reportkit import api
from reportkit.brand import load_brand

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")

pytestmark = pytest.mark.skipif(
    not (CHROMIUM and shutil.which("pdftotext")),
    reason="Chromium and pdftotext are needed (make test installs both)",
)


def browser_text(html: str, tmp_path: Path) -> str:
    """The text of ``html`` as Chromium prints it."""
    page = tmp_path / "report.html"
    page.write_text(html, "utf-8")
    pdf = tmp_path / "report.pdf"
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    out = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True, check=True)
    return out.stdout.decode("utf-8")


@pytest.mark.parametrize(
    ("brief", "numbers"),
    [
        ((EXAMPLES / "en_digest.txt").read_text("utf-8"), ["1.", "2.", "3."]),
        (
            "Analysis\n\nA title here\n\nSome body paragraph with words.\n\n"
            "Conclusions:\n\n3. Third point here.\n4. Fourth point here.\n\nSource: Reuters\n",
            ["3.", "4."],
        ),
    ],
    ids=["from-1", "from-3"],
)
def test_browsers_number_conclusions_as_the_brief_does(
    tmp_path: Path, brief: str, numbers: list[str]
) -> None:
    model = reportkit.parse(brief)
    html = api.render(model, "html", load_brand("default")).data.decode("utf-8")
    text = browser_text(html, tmp_path)
    for item, number in zip(model.conclusions.items, numbers, strict=True):
        first_words = " ".join(item.text.split()[:3])
        assert re.search(rf"(?m)^{re.escape(number)}\s*{re.escape(first_words)}", text), (
            number,
            first_words,
            text[-1500:],
        )
    assert not re.search(r"(?m)^0\.\s", text)


def test_browsers_show_the_key_facts_box_after_the_lead(tmp_path: Path) -> None:
    model = reportkit.parse_file(EXAMPLES / "en_digest.txt")
    html = api.render(model, "html", load_brand("meridian")).data.decode("utf-8")
    text = " ".join(browser_text(html, tmp_path).split())
    lead = " ".join(next(p for p in model.paragraphs() if p.lead).text.split()[-6:])
    by_id = {f.id: f for f in model.facts}
    figures = [" ".join(by_id[i].text.split()) for i in model.key_facts]
    at = text.index(lead) + len(lead)
    assert text[at:].lstrip().upper().startswith("AT A GLANCE")  # (text-transform)
    for figure in figures:
        found = text.find(figure, at)
        assert found > 0, figure
        at = found
