"""Local process pool vs. a Dask cluster: what running a batch on Dask costs per brief.

Converts the same generated briefs (500 by default) into a fresh output folder each time,
as ``reportkit convert`` does (in-process ``Run``, manifest and atomic writes included):

1. with the local pool, ``--jobs 2`` (worker processes start cold, as on every run);
2. on a ``distributed.LocalCluster`` of 2 worker processes with one thread each, first
   with cold workers (just started), then warm (a long-lived cluster's normal state).

It prints the wall time of each, the time per brief, and the Dask overhead per brief
against the local pool, then checks that both wrote byte-identical files
(``SOURCE_DATE_EPOCH`` is set). The cluster's own start-up is printed apart: a real
cluster is started once, not per run.

    .venv/bin/python benchmarks/bench_dask.py                  # 500 briefs, docx + json
    .venv/bin/python benchmarks/bench_dask.py --formats pdf,docx --count 200

Needs the dask extra (``make test`` installs it). Numbers depend on the machine and its
load; compare the rows of one run.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def write_briefs(folder: Path, count: int) -> None:
    """``count`` distinct briefs: benchmarks/corpus.py's generator when it is there,
    else a small one of our own."""
    try:
        sys.path.insert(0, str(HERE))
        from corpus import write_corpus  # type: ignore[import-not-found]
    except ImportError:
        write_corpus = None
    if write_corpus is not None:
        write_corpus(folder, count)
        return
    folder.mkdir(parents=True, exist_ok=True)
    places = ["the Caspian region", "Central Asia", "the Sahel", "the Arctic", "the Andes"]
    topics = ["grain exports", "transit corridors", "energy security", "lithium mining"]
    for n in range(count):
        rng = random.Random(1000 + n)
        place, topic = rng.choice(places), rng.choice(topics)
        paragraphs = [
            f"As analysts from the Institute {n} indicate, {topic} in {place} grew by "
            f"{rng.randint(2, 60)}% in {rng.randint(2015, 2024)}, to about "
            f"${rng.randint(1, 90)} billion, according to {rng.randint(3, 40)} officials."
            for _ in range(rng.randint(4, 8))
        ]
        conclusions = [f"{k}. Conclusion {k} on {topic}." for k in range(1, rng.randint(3, 5))]
        text = "\n\n".join(
            [
                "Analysis",
                f"{topic.capitalize()} in {place}, part {n}",
                *paragraphs,
                "Several conclusions can be drawn from the above.",
                *conclusions,
                "Source: Reuters",
            ]
        )
        (folder / f"brief-{n:04d}.txt").write_text(text + "\n", "utf-8")


def run(
    inbox: Path, out: Path, formats: tuple[str, ...], executor: object | None
) -> tuple[float, float]:
    """Wall seconds of the run, and the mean seconds a worker spent on one brief."""
    from reportkit.batch.inputs import discover
    from reportkit.batch.runner import Run
    from reportkit.batch.worker import RenderOptions

    options = RenderOptions(
        formats=formats,
        brand="default",
        brand_forced=False,
        lang=None,
        toc=None,
        pdf_variant=None,
        name="{stem}",
        templates=(),
    )
    batch = Run(discover([str(inbox)]), options, f"{out}/", jobs=2, executor=executor)
    started = time.perf_counter()
    outcomes = batch.execute()
    seconds = time.perf_counter() - started
    failed = [o for o in outcomes if o.status != "converted"]
    if failed:
        raise SystemExit(f"{len(failed)} brief(s) failed, e.g. {failed[0].name}: {failed[0].error}")
    return seconds, sum(o.seconds for o in outcomes) / len(outcomes)


def files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if not p.name.startswith(".")}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=500, help="briefs (default 500)")
    parser.add_argument(
        "--formats", default="docx,json", help="comma-separated formats (default docx,json)"
    )
    args = parser.parse_args()
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")

    import distributed

    from reportkit.batch.executors import DaskExecutor

    work = Path(tempfile.mkdtemp(prefix="reportkit-bench-dask-"))
    try:
        inbox = work / "inbox"
        write_briefs(inbox, args.count)
        n = len(list(inbox.glob("*.txt")))
        print(f"{n} briefs -> {', '.join(formats)}; 2 workers each; {os.cpu_count()} CPUs")
        # local first: its pool forks, which is best done before the cluster's threads exist
        local = run(inbox, work / "local", formats, None)

        started = time.perf_counter()
        cluster = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        startup = time.perf_counter() - started
        try:
            executor = DaskExecutor(cluster.scheduler_address)
            cold = run(inbox, work / "dask-cold", formats, executor)
            warm = run(inbox, work / "dask-warm", formats, executor)
        finally:
            cluster.close()

        rows = [
            ("local pool, --jobs 2", local),
            ("Dask LocalCluster, cold workers", cold),
            ("Dask LocalCluster, warm workers", warm),
        ]
        print(f"  {'':<33} {'wall':>9}  {'per brief':>9}  {'in worker':>9}  vs local pool")
        for label, (seconds, compute) in rows:
            overhead = (seconds - local[0]) / n * 1000
            extra = "" if label.startswith("local") else f"{overhead:+7.1f} ms/brief"
            print(
                f"  {label:<33} {seconds:7.2f} s  {seconds / n * 1000:6.1f} ms  "
                f"{compute * 1000:6.1f} ms  {extra}"
            )
        print(f"  {'cluster start-up (once)':<33} {startup:7.2f} s")
        same = files(work / "local") == files(work / "dask-cold") == files(work / "dask-warm")
        print(f"  outputs byte-identical: {'yes' if same else 'NO'}")
        if not same:
            raise SystemExit(1)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
