"""Timing, memory and table helpers for ``benchmarks/run.py`` (stdlib only)."""

from __future__ import annotations

import datetime
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent  # the venv's bin folder: reportkit, weasyprint


# -- samples --------------------------------------------------------------------------------
@dataclass
class Stat:
    """Samples of one measurement, in ``unit`` ("s" or "MB")."""

    samples: list[float]
    unit: str = "s"

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def lo(self) -> float:
        return min(self.samples)

    @property
    def hi(self) -> float:
        return max(self.samples)

    @property
    def n(self) -> int:
        return len(self.samples)

    def text(self) -> str:
        """``median (min–max)``, or the value alone for a single sample."""
        if self.unit == "MB":
            one = "{:.1f} MB"
            scale = 1.0
        elif self.median < 0.1:
            one, scale = "{:.1f} ms", 1000.0
        elif self.median < 10:
            one, scale = "{:.3f} s", 1.0
        else:
            one, scale = "{:.1f} s", 1.0
        value = one.format(self.median * scale)
        if self.n == 1:
            return value
        number = one.split()[0]
        return f"{value} ({number.format(self.lo * scale)}–{number.format(self.hi * scale)})"


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


@dataclass
class Process:
    seconds: float
    max_rss_mb: float  # the peak RSS of this process alone (its children excluded)
    returncode: int
    stdout: bytes
    stderr: bytes


def run(
    args: Sequence[str | Path],
    *,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    stdin: bytes | None = None,
    check: bool = True,
) -> Process:
    """Run ``args``: its wall time, its own peak RSS (``os.wait4``) and its output.

    Output goes to temporary files, so a chatty process never blocks on a full pipe and
    the timing is not disturbed by a reader thread.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [str(a) for a in args],
            cwd=cwd,
            env=env if env is not None else clean_env(),
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=err,
        )
        if stdin is not None:
            assert proc.stdin is not None
            proc.stdin.write(stdin)
            proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        result = Process(seconds, usage.ru_maxrss / 1024, proc.returncode, out.read(), err.read())
    if check and result.returncode != 0:
        raise RuntimeError(
            f"{' '.join(map(str, args))} exited with {result.returncode}: "
            f"{result.stderr.decode(errors='replace')[-2000:]}"
        )
    return result


def child(mode: str, spec: dict[str, Any]) -> dict[str, Any]:
    """Run ``benchmarks/child.py MODE`` in a fresh interpreter with ``spec`` on stdin; its
    JSON answer."""
    proc = run(
        [sys.executable, Path(__file__).with_name("child.py"), mode],
        stdin=json.dumps(spec).encode(),
    )
    return json.loads(proc.stdout)


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without REPORTKIT_* settings, so no user setting shapes a run;
    the venv's bin first on PATH (pandoc finds ``weasyprint`` there)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")}
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env.pop("SOURCE_DATE_EPOCH", None)
    env.update(extra)
    return env


def progress(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# -- machine facts ----------------------------------------------------------------------------
def machine_facts() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    facts = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": f"{os.cpu_count()} ({len(os.sched_getaffinity(0))} usable)",
        "cpu model": _cpu_model(),
        "memory": _mem_total(),
        "os": _os_name(),
        "python": sys.version.split()[0],
        "reportkit": package("reportkit"),
        "weasyprint": package("weasyprint"),
        "python-docx": package("python-docx"),
        "pango / hb-subset": _pango(),
        "pandoc": pandoc_version() or "not installed",
        "load at start": load_average(),
    }
    return facts


def pandoc_version() -> str | None:
    if shutil.which("pandoc") is None:
        return None
    out = subprocess.run(["pandoc", "--version"], capture_output=True, text=True).stdout
    return out.splitlines()[0].removeprefix("pandoc ").strip() if out else "unknown"


def _cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text()
    except OSError:
        return platform.processor() or "unknown"
    found = re.search(r"^model name\s*:\s*(.+)$", text, re.M)
    return found.group(1).strip() if found else platform.processor() or "unknown"


def _mem_total() -> str:
    try:
        found = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    except OSError:
        return "unknown"
    return f"{int(found.group(1)) / 1024**2:.1f} GiB" if found else "unknown"


def _os_name() -> str:
    try:
        found = re.search(r'^PRETTY_NAME="?([^"\n]+)', Path("/etc/os-release").read_text(), re.M)
    except OSError:
        found = None
    return f"{found.group(1) if found else platform.system()}, kernel {platform.release()}"


def _pango() -> str:
    code = (
        "from weasyprint.text import ffi\n"
        "v = ffi.pango.pango_version()\n"
        "print(f'{v // 10000}.{v // 100 % 100}.{v % 100}', ffi.harfbuzz_subset is not None)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if out.returncode != 0:
        return "unknown"
    pango, subset = out.stdout.split()
    return f"Pango {pango}, libharfbuzz-subset {'yes' if subset == 'True' else 'NO (slow)'}"


# -- the table ------------------------------------------------------------------------------
@dataclass
class Row:
    section: str
    name: str
    ours: Stat | None = None
    base: Stat | None = None
    ratio: float | None = None
    ratio_text: str = "—"
    target: str = "—"
    verdict: str = "info"  # PASS | MISS | SKIP | info | INCOMPLETE
    basis: str = ""
    note: str = ""
    ours_text: str | None = None  # override the cell text
    base_text: str | None = None

    def cells(self) -> list[str]:
        ours = self.ours_text or (self.ours.text() if self.ours else "—")
        base = self.base_text or (self.base.text() if self.base else "—")
        return [self.name, ours, base, self.ratio_text, self.target, self.verdict, self.basis]


HEADER = ["row", "reportkit median (min–max)", "baseline median (min–max)", "ratio", "target",
          "result", "based on"]  # fmt: skip


@dataclass
class Table:
    rows: list[Row] = field(default_factory=list)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        return row

    def render(self) -> str:
        grid = [HEADER] + [r.cells() for r in self.rows]
        widths = [max(len(line[i]) for line in grid) for i in range(len(HEADER))]

        def line(cells: list[str]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        out = [line(HEADER), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        section = None
        for row in self.rows:
            if row.section != section:
                section = row.section
                out.append(line([f"**{section}**"] + [""] * (len(HEADER) - 1)))
            out.append(line(row.cells()))
        notes = [f"- {r.name}: {r.note}" for r in self.rows if r.note]
        if notes:
            out += ["", "Notes:", *notes]
        return "\n".join(out)

    def to_json(self) -> list[dict[str, Any]]:
        return [asdict(r) for r in self.rows]


def at_most(value: float, limit: float, fmt: str = "{:.2f}x") -> tuple[str, str, str]:
    """(ratio text, target text, verdict) for a ratio that must stay at or below ``limit``."""
    return _shown(value, limit, fmt), "<= " + fmt.format(limit), _verdict(value <= limit)


def at_least(value: float, limit: float, fmt: str = "{:.1f}x") -> tuple[str, str, str]:
    """(ratio text, target text, verdict) for a ratio that must reach ``limit``."""
    return _shown(value, limit, fmt), ">= " + fmt.format(limit), _verdict(value >= limit)


def _verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _shown(value: float, limit: float, fmt: str) -> str:
    """``value`` as ``fmt``, with one more digit when it would print as the limit itself
    (a MISS that reads "1.30x" against "<= 1.30x" looks like a bug)."""
    text = fmt.format(value)
    if text == fmt.format(limit) and value != limit:
        finer = re.sub(r"\.(\d)", lambda m: "." + str(int(m.group(1)) + 1), fmt, count=1)
        return finer.format(value)
    return text


class OtherLoad:
    """CPU time the rest of the machine took while the benchmark ran: all busy CPU time
    (``/proc/stat``) minus this process's and its waited-for descendants' (rusage), and
    the time a hypervisor gave to other guests (steal). On a shared machine this says
    whether the numbers were disturbed."""

    def __init__(self) -> None:
        self.stat0, self.ours0, self.wall0 = _cpu_stat(), _ours(), time.monotonic()

    def text(self) -> str:
        stat = _cpu_stat()
        if self.stat0 is None or stat is None:
            return "unknown"
        wall = time.monotonic() - self.wall0
        others = max(0.0, (stat[0] - self.stat0[0]) - (_ours() - self.ours0)) / wall
        steal = (stat[1] - self.stat0[1]) / wall
        text = f"{others:.0%} of one CPU on average, host steal {steal:.0%}"
        if others + steal > 0.10:
            text += " (BUSY MACHINE: timings are disturbed, compare with care)"
        return text


def _cpu_stat() -> tuple[float, float] | None:
    """(busy, steal) CPU-seconds since boot, over all CPUs."""
    try:
        fields = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:9]]
    except (OSError, ValueError):
        return None
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields
    tick = os.sysconf("SC_CLK_TCK")
    return (user + nice + system + irq + softirq) / tick, steal / tick


def _ours() -> float:
    import resource

    total = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        total += usage.ru_utime + usage.ru_stime
    return total


def load_average() -> str:
    try:
        one, five, fifteen = Path("/proc/loadavg").read_text().split()[:3]
    except (OSError, ValueError):
        return "unknown"
    return f"{one} {five} {fifteen} (1, 5, 15 min)"
