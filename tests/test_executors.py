"""The local executor: a pool of worker processes, each replaced after N briefs.

The pool forks its workers, so a function patched into the executors module here is what
they run: it answers with the worker's process id instead of converting.
"""

from __future__ import annotations

import os

import pytest

from conftest import JSON_OPTIONS as OPTIONS
from reportkit.batch import executors
from reportkit.batch.executors import LocalExecutor
from reportkit.batch.worker import Result, Task


def which_worker(task: Task) -> Result:
    return Result(task.name, "converted", meta={"pid": os.getpid()})


def tasks(count: int) -> list[Task]:
    return [Task(f"b{n}.txt", b"brief", f"b{n}.txt", OPTIONS, False) for n in range(count)]


@pytest.fixture
def pids(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(executors, "convert_one", which_worker)

    def run(executor: LocalExecutor, count: int) -> list[int]:
        results = dict(executor.results(tasks(count)))
        assert sorted(results) == list(range(count))  # every brief once
        assert [results[n].name for n in range(count)] == [f"b{n}.txt" for n in range(count)]
        return [results[n].meta["pid"] for n in range(count)]

    return run


def test_workers_are_replaced_after_recycle_after_briefs(pids) -> None:
    # 2 workers x 3 briefs: each 6 briefs get a pool of fresh processes.
    got = pids(LocalExecutor(2, recycle_after=3), 14)
    shares = [set(got[0:6]), set(got[6:12]), set(got[12:14])]
    assert os.getpid() not in set(got)
    for n, share in enumerate(shares):
        assert 1 <= len(share) <= 2
        for other in shares[n + 1 :]:
            assert share.isdisjoint(other), "a worker outlived its share of briefs"


def test_by_default_a_worker_lives_for_many_briefs(pids) -> None:
    assert executors.RECYCLE_AFTER >= 100
    assert len(set(pids(LocalExecutor(2), 40))) <= 2


def test_one_job_converts_in_this_process(pids) -> None:
    assert set(pids(LocalExecutor(1, recycle_after=1), 5)) == {os.getpid()}


def test_a_stopped_pool_is_wound_up_before_the_run_returns() -> None:
    """After Ctrl-C or SIGTERM the pool's workers are killed and its manager thread has
    ended before _stop_at_once returns: at interpreter exit concurrent.futures wakes
    every live manager thread through a pipe that thread may be closing at that moment
    (a "Bad file descriptor" traceback, seen under load)."""
    import time
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=2)
    futures = [pool.submit(time.sleep, 60) for _ in range(4)]
    while not all(p.is_alive() for p in pool._processes.values()) or len(pool._processes) < 2:
        time.sleep(0.01)
    workers = list(pool._processes.values())
    manager = pool._executor_manager_thread
    assert manager is not None and manager.is_alive()
    executors._stop_at_once(pool)
    assert not manager.is_alive()
    assert not any(p.is_alive() for p in workers)
    assert all(f.done() for f in futures)


def test_a_pool_stopped_while_a_result_was_half_written_still_winds_up() -> None:
    """A worker killed while it wrote its result leaves half a message in the result
    pipe; the manager thread then waits for the rest forever, and the interpreter, which
    joins it at exit, with it (a CI run hung after its summary). The half message is
    written here by hand, so the state is the same every time."""
    import struct
    import time
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=1)
    future = pool.submit(time.sleep, 60)
    while not pool._processes:
        time.sleep(0.01)
    manager = pool._executor_manager_thread
    # a header promising 1,000 bytes, then 3 of them: the manager blocks reading the rest
    os.write(pool._result_queue._writer.fileno(), struct.pack("!i", 1000) + b"abc")
    time.sleep(0.2)
    started = time.monotonic()
    executors._stop_at_once(pool)
    assert time.monotonic() - started < executors.MANAGER_JOIN
    assert not manager.is_alive()
    assert future.done()
