"""PDF rendering: first vs warm renders in one process, and reportkit's overhead over
bare WeasyPrint rendering the very HTML reportkit produced.

    .venv/bin/python benchmarks/bench_pdf.py [--brand default] [--runs 10]

The first render of a process pays for WeasyPrint's start-up (fonts, CSS); later ones
reuse the warm renderer (one FontConfiguration and the parsed brand CSS per brand).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--brand", default="default")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()

    import reportkit
    from reportkit.api import render, report_labels
    from reportkit.brand import load_brand

    briefs = [reportkit.parse_file(p) for p in sorted((ROOT / "examples").glob("*.txt"))]
    brand = load_brand(args.brand)

    start = time.perf_counter()
    render(briefs[0], "pdf", brand)
    first = time.perf_counter() - start
    warm = []
    for n in range(args.runs):
        brief = briefs[n % len(briefs)]
        start = time.perf_counter()
        render(brief, "pdf", brand)
        warm.append(time.perf_counter() - start)

    # Bare WeasyPrint on the same HTML, with the same warm objects reportkit uses.
    from weasyprint import HTML

    from reportkit.writers.context import build_report
    from reportkit.writers.pdf import pdf_writer

    writer = pdf_writer(brand)
    pages = [writer.html.render(build_report(b, brand, report_labels(b, brand))) for b in briefs]
    bare = []
    for n in range(args.runs):
        start = time.perf_counter()
        HTML(
            string=pages[n % len(pages)], base_url=writer.base_url, url_fetcher=writer.fetcher
        ).write_pdf(stylesheets=writer.stylesheets, font_config=writer.font_config)
        bare.append(time.perf_counter() - start)

    med_warm, med_bare = statistics.median(warm), statistics.median(bare)
    print(f"brand {args.brand}, {len(briefs)} example briefs, median of {args.runs} runs")
    print(f"first render in the process   {first * 1000:8.1f} ms")
    print(
        f"warm render (reportkit)       {med_warm * 1000:8.1f} ms  "
        f"(min {min(warm) * 1000:.1f}, max {max(warm) * 1000:.1f}) "
        f"= first / {first / med_warm:.1f}"
    )
    print(
        f"bare WeasyPrint, same HTML    {med_bare * 1000:8.1f} ms  "
        f"(min {min(bare) * 1000:.1f}, max {max(bare) * 1000:.1f})"
    )
    print(f"reportkit / bare WeasyPrint   {med_warm / med_bare:8.2f}x")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
