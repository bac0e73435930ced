"""Parse throughput and start-up time, measured side by side in one run.

    make bench                      # or: .venv/bin/python benchmarks/bench_parse.py
    .venv/bin/python benchmarks/bench_parse.py --sizes 10k,100k,1m,10m --runs 5

Briefs are generated (seeded, so every run parses the same text) from distinct
sentences, never one brief repeated, so no cache or repeated pattern flatters the
result. Absolute times differ between machines: compare the ratios of one run.
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

WORDS = [
    *[
        "government",
        "opposition",
        "council",
        "agreement",
        "region",
        "security",
        "energy",
        "transit",
        "minister",
    ],
    *[
        "parliament",
        "analysts",
        "experts",
        "border",
        "trade",
        "sanctions",
        "talks",
        "summit",
        "militia",
    ],
    *["province", "capital", "pipeline", "reservoir", "harvest", "budget", "exports", "imports"],
    *["delegation", "ceasefire", "coalition", "election", "reform", "investment", "corridor"],
]
ORGS = ["Hudson Institute", "Caspian Freight Council", "World Bank", "Ministry of Finance"]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(8, 22))
    words[0] = words[0].capitalize()
    kind = rng.random()
    if kind < 0.15:
        words.insert(rng.randint(1, len(words) - 1), f"more than {rng.randint(2, 900)}")
    elif kind < 0.25:
        words.insert(rng.randint(1, len(words) - 1), f"about ${rng.randint(1, 90)} billion")
    elif kind < 0.3:
        return f"According to the {rng.choice(ORGS)}, " + " ".join(words) + "."
    elif kind < 0.35:
        return f"{rng.choice(ORGS)} said: “{' '.join(words)}.”"
    return " ".join(words) + "."


def make_brief(size: int, seed: int) -> bytes:
    """A brief of about ``size`` bytes: rubric, title, paragraphs, cue, conclusions."""
    rng = random.Random(seed)
    parts = ["Situation, Facts and Events", f"Generated brief number {seed}"]
    total = 0
    while total < size:
        paragraph = " ".join(sentence(rng) for _ in range(rng.randint(2, 6)))
        parts.append(paragraph)
        total += len(paragraph) + 2
    parts += [
        "Several conclusions can be drawn from the above.",
        "1. " + sentence(rng),
        "2. " + sentence(rng),
        "Source: Generated Monitor",
    ]
    return "\n\n".join(parts).encode("utf-8")


SIZES = {"10k": 10_000, "100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def command(args: list[str], runs: int) -> list[float]:
    return timed(lambda: subprocess.run(args, check=True, capture_output=True), runs)


def row(name: str, times: list[float], extra: str = "") -> str:
    med = statistics.median(times)
    return (
        f"{name:<34} {med * 1000:9.1f} ms  (min {min(times) * 1000:.1f}, "
        f"max {max(times) * 1000:.1f}) {extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m", help="comma list of 10k,100k,1m,10m")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    import reportkit

    print(
        f"reportkit {reportkit.__version__}, Python {sys.version.split()[0]}, "
        f"median of {args.runs} runs\n"
    )
    print("Start-up")
    click_times = command([sys.executable, "-c", "import click"], args.runs)
    version_times = command([sys.executable, "-m", "reportkit", "--version"], args.runs)
    print(row("python -c 'import click'", click_times))
    ratio = statistics.median(version_times) / statistics.median(click_times)
    print(row("reportkit --version", version_times, f"= {ratio:.2f}x import click"))

    print("\nParse throughput (distinct generated briefs)")
    per_mb = []
    for n, name in enumerate(args.sizes.split(",")):
        data = make_brief(SIZES[name], seed=n)
        times = timed(lambda data=data: reportkit.parse(data), args.runs)
        mb = len(data) / 1e6
        speed = mb / statistics.median(times)
        per_mb.append(statistics.median(times) / mb)
        print(row(f"parse {name} ({len(data):,} bytes)", times, f"= {speed:.2f} MB/s"))
    if len(per_mb) > 1:
        print(
            f"\nseconds per MB, smallest -> largest: "
            f"{' -> '.join(f'{t:.2f}' for t in per_mb)} (flat means linear)"
        )


if __name__ == "__main__":
    main()
