"""In-process measurements, each run by ``run.py`` in a fresh interpreter.

    python benchmarks/child.py MODE < spec.json > result.json

MODE is ``parse``, ``docx``, ``pdf`` or ``memory``; the spec and the result are JSON.
A fresh process per measurement means one section's warm caches or memory never leak
into another's numbers, and peak RSS (``VmHWM``) belongs to this measurement alone.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

clock = time.perf_counter


def status_kb(field: str) -> float:
    """A ``/proc/self/status`` field (VmHWM, VmRSS) in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise KeyError(field)


def task(data: bytes, name: str, formats: tuple[str, ...]) -> Any:
    """The task a batch worker gets for one brief (what ``reportkit convert`` builds)."""
    from reportkit.batch.worker import RenderOptions, Task

    options = RenderOptions(
        formats=formats,
        brand="default",
        brand_forced=True,  # as with --brand default on the command line
        lang=None,
        toc=None,
        pdf_variant=None,
        name="{stem}",
        templates=(),
    )
    return Task(name=name, data=data, source_file=name, options=options, fail_on_warning=False)


#: Briefs reportkit failed to convert: ``{"name", "formats", "error"}``. They are left out
#: of the timings and reported, so that one bug does not hide every other number.
FAILURES: list[dict[str, str]] = []


def convert(data: bytes, name: str, formats: tuple[str, ...]) -> Any:
    """Convert through the worker path; ``None`` (and a FAILURES entry) if it failed."""
    from reportkit.batch.worker import convert_one

    result = convert_one(task(data, name, formats))
    if result.status != "converted":
        FAILURES.append({"name": name, "formats": "+".join(formats), "error": result.error})
        return None
    return result


def parse(spec: dict[str, Any]) -> dict[str, Any]:
    """Parse each file ``runs`` times (``reportkit.parse`` then ``to_json``, the work of
    ``pandoc -f markdown -t json``). Peak RSS is read after the first run of each file;
    put the largest file first to read the peak of parsing it."""
    import reportkit

    reportkit.parse(Path(spec["warmup"]).read_bytes())  # imports and compiled patterns
    out: dict[str, Any] = {"rss_start_mb": status_kb("VmHWM"), "files": {}}
    for item in spec["files"]:
        data = Path(item["path"]).read_bytes()
        parse_s, json_s = [], []
        peak = None
        for run in range(item["runs"]):
            start = clock()
            brief = reportkit.parse(data, source_file=Path(item["path"]).name)
            middle = clock()
            text = brief.to_json()
            parse_s.append(middle - start)
            json_s.append(clock() - middle)
            if run == 0:
                peak = status_kb("VmHWM")
                checks = {
                    "title": brief.meta.title,
                    "conclusions": len(brief.conclusions.items) if brief.conclusions else 0,
                    "facts": len(brief.facts),
                    "json_bytes": len(text.encode()),
                }
            del brief, text
        out["files"][item["name"]] = {
            "bytes": len(data),
            "parse": parse_s,
            "to_json": json_s,
            "total": [a + b for a, b in zip(parse_s, json_s, strict=True)],
            "peak_rss_mb": peak,
            "checks": checks,
        }
    return out


def docx(spec: dict[str, Any]) -> dict[str, Any]:
    """Each brief to DOCX in this one process: per-brief times, the first included."""
    times = []
    for path in spec["files"]:
        data = Path(path).read_bytes()
        start = clock()
        result = convert(data, Path(path).name, ("docx",))
        seconds = clock() - start
        if result is not None:
            assert result.outputs["docx"].startswith(b"PK"), path
            times.append(seconds)
    return {"times": times}


def pdf(spec: dict[str, Any]) -> dict[str, Any]:
    """First and second render in this process, then the steady state, interleaved with
    bare WeasyPrint rendering the HTML ``reportkit convert -f html`` wrote for the same
    brief, with the same PDF options (tagged) and one shared FontConfiguration."""
    start = clock()
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    import reportkit.api
    import reportkit.batch.runner
    import reportkit.writers.pdf  # noqa: F401

    imports = clock() - start
    briefs = [Path(p).read_bytes() for p in spec["briefs"]]
    pages = [Path(p).read_text(encoding="utf-8") for p in spec["htmls"]]
    names = [Path(p).name for p in spec["briefs"]]
    n, offset = len(briefs), spec["offset"]

    def ours(i: int) -> float | None:
        start = clock()
        result = convert(briefs[i % n], names[i % n], ("pdf",))
        seconds = clock() - start
        if result is None:
            return None
        assert result.outputs["pdf"].startswith(b"%PDF")
        return seconds

    font_config = FontConfiguration()

    def bare(i: int) -> float:
        start = clock()
        data = weasyprint.HTML(string=pages[i % n]).write_pdf(
            pdf_tags=True, font_config=font_config
        )
        seconds = clock() - start
        assert data.startswith(b"%PDF")
        return seconds

    first = ours(offset)
    second = ours(offset + 1)
    bare_first = bare(offset)  # WeasyPrint's own warm-up objects, not counted
    steady: list[float | None] = []
    steady_bare = []
    for k in range(spec["steady"]):
        i = offset + 2 + k
        if k % 2:  # alternate who goes first, so neither always meets a warmer cache
            steady_bare.append(bare(i))
            steady.append(ours(i))
        else:
            steady.append(ours(i))
            steady_bare.append(bare(i))
    return {
        "imports": imports,
        "first": first,
        "second": second,
        "bare_first": bare_first,
        "steady": steady,
        "steady_bare": steady_bare,
    }


def memory(spec: dict[str, Any]) -> dict[str, Any]:
    """Peak and current RSS of one worker converting small briefs to PDF and DOCX, one
    after another, read at each checkpoint; stops early at ``deadline`` seconds."""
    sys.path.insert(0, str(Path(__file__).parent))
    import corpus

    count, checkpoints = spec["count"], set(spec["checkpoints"])
    briefs = [
        corpus.make_brief(spec["first_seed"] + n, paragraphs=(2, 3)).text().encode()
        for n in range(count)
    ]
    import reportkit.batch.runner  # noqa: F401

    points = []
    started = clock()
    done = 0
    for n, data in enumerate(briefs, 1):
        convert(data, f"small-{n:04d}.txt", ("pdf", "docx"))
        done = n
        if n in checkpoints or n % 100 == 0:
            points.append(
                {
                    "briefs": n,
                    "hwm_mb": status_kb("VmHWM"),
                    "rss_mb": status_kb("VmRSS"),
                    "seconds": clock() - started,
                }
            )
        if clock() - started > spec["deadline"]:
            break
    if not points or points[-1]["briefs"] != done:
        points.append(
            {
                "briefs": done,
                "hwm_mb": status_kb("VmHWM"),
                "rss_mb": status_kb("VmRSS"),
                "seconds": clock() - started,
            }
        )
    sizes = sorted(len(b) for b in briefs[:done])
    return {
        "points": points,
        "reached": done,
        "seconds": clock() - started,
        "median_bytes": sizes[len(sizes) // 2],
    }


def main() -> None:
    mode = sys.argv[1]
    spec = json.load(sys.stdin)
    result = {"parse": parse, "docx": docx, "pdf": pdf, "memory": memory}[mode](spec)
    result["failures"] = FAILURES
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
