"""Where the time goes, for the benchmark rows that miss their target.

    .venv/bin/python benchmarks/hotspots.py parse [--size 1m] [--top 25]
    .venv/bin/python benchmarks/hotspots.py pdf   [--briefs 20]
    .venv/bin/python benchmarks/hotspots.py docx  [--briefs 100]

Each runs the same work as its row in ``run.py`` (the same generated briefs, the worker
path ``convert_one``) under :mod:`cProfile`, after one warm-up, and prints the functions
with the most time of their own, then the most cumulative time: the stdlib profiler, so
it runs wherever the benchmark does (pyinstrument or py-spy give a tree, if installed).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import corpus
from child import convert

SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


def profile_parse(size: str) -> cProfile.Profile:
    import reportkit

    data = corpus.sized_brief(SIZES[size], seed=1).text().encode("utf-8")
    reportkit.parse(data[:20_000]).to_json()  # imports, compiled patterns
    profiler = cProfile.Profile()
    profiler.runcall(lambda: reportkit.parse(data).to_json())
    return profiler


def profile_render(fmt: str, count: int) -> cProfile.Profile:
    briefs = [corpus.make_brief(1000 + n).text().encode("utf-8") for n in range(count + 1)]
    convert(briefs[0], "warm-up.txt", (fmt,))  # brand, fonts, stylesheets, template
    profiler = cProfile.Profile()
    profiler.enable()
    for n, data in enumerate(briefs[1:], start=1):
        convert(data, f"brief-{n:04d}.txt", (fmt,))
    profiler.disable()
    return profiler


def report(profiler: cProfile.Profile, top: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).strip_dirs()
    total = sum(row[2] for row in stats.stats.values())  # type: ignore[attr-defined]
    out.write(f"total {total:.3f} s of own time\n\n-- most own time --\n")
    stats.sort_stats("tottime").print_stats(top)
    out.write("-- most cumulative time --\n")
    stats.sort_stats("cumulative").print_stats(top)
    return out.getvalue()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("what", choices=("parse", "pdf", "docx"))
    parser.add_argument("--size", choices=tuple(SIZES), default="1m", help="parse: brief size")
    parser.add_argument("--briefs", type=int, help="pdf/docx: briefs to render (20 / 100)")
    parser.add_argument("--top", type=int, default=25, help="rows per listing")
    args = parser.parse_args()
    if args.what == "parse":
        profiler = profile_parse(args.size)
    else:
        count = args.briefs or (20 if args.what == "pdf" else 100)
        profiler = profile_render(args.what, count)
    print(report(profiler, args.top))
    return 0


if __name__ == "__main__":
    sys.exit(main())
