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


#: Measures the page as laid out: the widest element's right edge against the viewport,
#: and the characters a line of each paragraph of running text with three lines or more.
METRICS_SCRIPT = """
<script>
addEventListener("load", () => document.fonts.ready.then(() => {
  const width = document.documentElement.clientWidth;
  const over = [];
  for (const el of document.querySelectorAll("body *")) {
    if (el.closest(".table-wrap")) continue;  // a wide table scrolls in its own box
    const box = el.getBoundingClientRect();
    const out = box.right > width + 1 || box.left < -1;
    if (box.width && out) over.push(el.tagName + "." + el.className);
  }
  const perLine = [];
  for (const p of document.querySelectorAll("main p, .conclusions li p, .conclusions li")) {
    const range = document.createRange();
    range.selectNodeContents(p);
    const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
    const text = p.textContent.trim();
    if (tops.size >= 3) perLine.push(Math.round(text.length / tops.size));
  }
  const out = document.createElement("pre");
  out.id = "metrics";
  // the smallest type that carries text (a phone made 8.5 pt secondary text 11 px)
  const small = [];
  for (const el of document.querySelectorAll("body *")) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (own && el.offsetParent !== null && size < 12) {
      small.push(el.tagName + "." + el.className + " " + size);
    }
  }
  const fonts = [...document.fonts].filter(f => f.status === "loaded")
    .map(f => f.family.replace(/"/g, "") + " " + f.weight);
  const faces = {
    h1: getComputedStyle(document.querySelector("h1")).fontFamily,
    p: getComputedStyle(document.querySelector("main p")).fontFamily};
  out.textContent = JSON.stringify({
    width, scroll: document.documentElement.scrollWidth, over, perLine, fonts, faces, small});
  document.body.append(out);
}));
</script>
"""


def browser_metrics(html: str, width: int, tmp_path: Path) -> dict:
    """Layout facts of ``html`` in Chromium in a viewport ``width`` CSS pixels wide (see
    METRICS_SCRIPT). Headless Chromium's window is at least 500 px wide, so the report is
    laid out in a frame of that width (media queries follow the frame), whose results the
    page copies out for --dump-dom."""
    import html as markup
    import json

    measured = html.replace("</body>", METRICS_SCRIPT + "</body>")
    page = tmp_path / f"measured-{width}.html"
    page.write_text(
        "<!doctype html><html><body style='margin:0'>"
        f"<iframe id='f' style='border:0;width:{width}px;height:900px' "
        f'srcdoc="{markup.escape(measured)}"></iframe>'
        "<script>const f = document.getElementById('f');"
        "const copy = () => { const m = f.contentDocument.getElementById('metrics');"
        " if (!m) return setTimeout(copy, 50);"
        " const out = document.createElement('pre'); out.id = 'metrics';"
        " out.textContent = m.textContent; document.body.append(out); };"
        "f.addEventListener('load', copy);</script></body></html>",
        "utf-8",
    )
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / f'profile-{width}'}",
            f"--window-size={max(width, 500)},1000",
            "--virtual-time-budget=5000",
            "--dump-dom",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    ).stdout.decode("utf-8")
    found = re.search(r'<pre id="metrics">(.*?)</pre>', dom, re.S)
    assert found, "the measuring script did not run"
    return json.loads(markup.unescape(found.group(1)))


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("brand", ["default", "meridian"])
def test_the_html_reads_well_on_a_desktop_and_a_phone(
    brand: str, width: int, tmp_path: Path
) -> None:
    """Nothing runs off the side of the window (the meridian banner used to push its
    marking off-canvas), and running text keeps a readable column (at most 80 characters
    a line: without screen styles a desktop window gave ~250)."""
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    html = api.render(brief, "html", load_brand(brand)).data.decode("utf-8")
    metrics = browser_metrics(html, width, tmp_path)
    assert metrics["width"] == width
    assert metrics["scroll"] <= width, metrics
    assert metrics["over"] == [], metrics["over"]
    assert metrics["small"] == [], metrics["small"]  # no text under 12 CSS px
    assert metrics["perLine"], "no paragraph of three lines or more was measured"
    assert max(metrics["perLine"]) <= 80, metrics["perLine"]
    if width > 1000:  # a desktop column is neither a phone's nor a wall of text
        assert sorted(metrics["perLine"])[len(metrics["perLine"]) // 2] >= 55, metrics["perLine"]


def test_a_standalone_page_carries_the_brand_fonts(tmp_path: Path) -> None:
    """meridian allows embedding its fonts: the page carries them (WOFF2 data: URIs) and
    Chromium, on a machine without PT fonts, loads and uses them; the default brand,
    which uses an installed font, carries none."""
    brief = api.parse_file(EXAMPLES / "en_digest.txt")
    html = api.render(brief, "html", load_brand("meridian")).data.decode("utf-8")
    assert html.count('url("data:font/woff2;base64,') == 5
    assert "file:" not in html
    metrics = browser_metrics(html, 1366, tmp_path)
    assert {"PT Sans 400", "PT Serif 700"} <= set(metrics["fonts"]), metrics["fonts"]
    assert metrics["faces"]["p"].startswith('"PT Sans"'), metrics["faces"]
    plain = api.render(brief, "html", load_brand("default")).data.decode("utf-8")
    assert "@font-face" not in plain
