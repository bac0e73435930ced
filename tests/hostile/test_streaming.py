"""A run holds a few briefs at a time, and stops at once when told to.

* Tasks are read from their briefs when an executor takes them, and executors keep a
  bounded number in flight: 40 briefs of 10 MB are never 400 MB in the parent.
* ``--timeout`` covers reading a brief, not only converting it.
* SIGTERM (and Ctrl-C) cancel the pending briefs, kill the workers, save the manifest and
  exit within a second with 128 + the signal.
"""

from __future__ import annotations

import json
import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from conftest import JSON_OPTIONS as OPTIONS
from hostile.helpers import (
    assert_manifest_is_not_ahead,
    kill_group,
    open_output,
    spawn_convert,
    temporaries,
    wait_for_group_to_end,
    wait_for_output,
)
from hostile.test_faults import in_process_run, write_briefs
from reportkit.batch import executors, runner, worker
from reportkit.batch.executors import AHEAD, LocalExecutor
from reportkit.batch.worker import Result, Task


class Recording(Sequence[Task]):
    """Tasks that note when each is taken; the test compares with results yielded."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.taken: list[int] = []

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):  # type: ignore[override]
        assert isinstance(index, int), "an executor takes tasks one by one"
        self.taken.append(index)
        return Task(f"b{index}.txt", b"x" * 1000, f"b{index}.txt", OPTIONS, False)


def slow_success(task: Task) -> Result:
    time.sleep(0.02)
    return Result(task.name, "converted")


def crash_on_b3(task: Task) -> Result:
    if task.name == "b3.txt":
        os._exit(9)
    return slow_success(task)


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_executor_takes_tasks_as_results_come_back(
    monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(executors, "convert_one", slow_success)
    tasks = Recording(30)
    workers = executors.pool_size(jobs, 30)
    yielded = 0
    for _ in LocalExecutor(jobs).results(tasks):
        yielded += 1
        # in flight: taken and not yet yielded
        assert len(tasks.taken) - yielded <= max(1, workers * AHEAD), (tasks.taken, yielded)
    assert sorted(tasks.taken) == list(range(30))  # each task taken once
    assert yielded == 30


def test_a_broken_pool_holds_only_its_own_tasks(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker that dies breaks the pool: the briefs it held are retried alone, the
    others still stream through a fresh pool, and each task is taken once."""
    monkeypatch.setattr(executors, "convert_one", crash_on_b3)
    tasks = Recording(12)
    results = dict(LocalExecutor(2).results(tasks))
    assert sorted(results) == list(range(12))
    assert results[3].status == "failed" and "crashed" in (results[3].error or "")
    assert all(results[n].status == "converted" for n in range(12) if n != 3)
    assert sorted(tasks.taken) == list(range(12))


def test_the_run_reads_a_brief_only_when_its_task_is_taken(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_briefs(tmp_path / "inbox", 6)
    reads: list[str] = []
    real_read = runner._read

    def counting_read(item, max_bytes):
        reads.append(item.name)
        return real_read(item, max_bytes)

    monkeypatch.setattr(runner, "_read", counting_read)
    seen: list[int] = []

    class Checking(executors.Executor):
        def results(self, tasks):
            for index in range(len(tasks)):
                seen.append(len(reads))  # reads before this task was taken
                yield index, worker.convert_one(tasks[index])

    run = in_process_run(tmp_path / "inbox", tmp_path / "out", formats=("html",))
    run.executor = Checking()
    outcomes = run.execute()
    assert [o.status for o in outcomes] == ["converted"] * 6
    assert seen == [0, 1, 2, 3, 4, 5]  # nothing read ahead of its task
    assert len(reads) == 6  # and each brief read once


def test_timeout_covers_reading_a_brief(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A brief whose read hangs (a dead network share) fails after --timeout; the others
    are converted."""
    write_briefs(tmp_path / "inbox", 3)
    real_read = runner._read

    def hanging_read(item, max_bytes):
        if item.name.endswith("b2.txt"):
            time.sleep(30)  # SIGALRM interrupts it, as it interrupts a blocking read()
        return real_read(item, max_bytes)

    monkeypatch.setattr(runner, "_read", hanging_read)
    run = in_process_run(tmp_path / "inbox", tmp_path / "out", formats=("html",))
    run.timeout = 0.5
    started = time.monotonic()
    outcomes = {Path(o.name).name: o for o in run.execute()}
    assert time.monotonic() - started < 20
    assert outcomes["b2.txt"].status == "failed"
    assert outcomes["b2.txt"].error == "reading it took longer than 0.5 s (--timeout); stopped"
    assert outcomes["b1.txt"].status == outcomes["b3.txt"].status == "converted"


# -- SIGTERM and Ctrl-C -------------------------------------------------------------------------
@pytest.mark.parametrize("signame", ["SIGTERM", "SIGINT"])
def test_a_signal_cancels_pending_work_and_exits_within_a_second(
    tmp_path: Path, signame: str
) -> None:
    write_briefs(tmp_path / "inbox", 12)
    out = tmp_path / "out"
    log = tmp_path / "stderr"
    proc = spawn_convert(["inbox/", "-f", "pdf", "-o", "out/", "-j", "2"], tmp_path, log)
    try:
        wait_for_output(out, ".pdf", proc)
        sig = getattr(signal, signame)
        os.kill(proc.pid, sig)
        sent = time.monotonic()
        code = proc.wait(timeout=30)
        took = time.monotonic() - sent
        stderr = log.read_text("utf-8")
        assert code == 128 + sig, (code, stderr)
        assert took < 1.0, f"exit {took:.2f} s after {signame}"
        assert "Traceback" not in stderr, stderr
        assert f"reportkit: {signame}: stopped;" in stderr, stderr
        assert "run again to finish" in stderr
        # the workers are gone with it, and nothing is converted after the signal
        assert wait_for_group_to_end(proc.pid, 2) == []
        pdfs = sorted(p.name for p in out.glob("*.pdf"))
        assert 1 <= len(pdfs) < 12, pdfs
        assert temporaries(out) == []
        assert_manifest_is_not_ahead(out)
        # every finished brief is recorded, but the one whose file was renamed into place
        # just as the signal came (a re-run converts it again)
        manifest_path = out / ".reportkit-manifest.json"
        entries = (
            json.loads(manifest_path.read_text("utf-8"))["entries"]
            if manifest_path.exists()
            else []
        )
        assert len(pdfs) - 1 <= len(entries) <= len(pdfs), (pdfs, entries)
        for name in pdfs:
            open_output(out / name)
    finally:
        if proc.poll() is None:
            kill_group(proc.pid)
