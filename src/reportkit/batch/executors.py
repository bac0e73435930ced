"""Where a run's conversions happen: this process, a local process pool, or a Dask cluster.

An executor takes the run's :class:`~reportkit.batch.worker.Task` list (each brief's bytes
and the options) and yields ``(index, Result)`` pairs as results arrive, in any order.
It never touches the output folder: the runner writes every file and the manifest,
whichever executor converted, so incremental runs, the lock and the summary are the same
locally and on a cluster.

* :class:`LocalExecutor` converts in this process (one job, or one brief), or in a pool of
  worker processes that die with the run; a worker that crashes takes the pool with it,
  and the briefs it may have held are retried one by one so that only the culprit fails.
* :class:`DaskExecutor` sends the same tasks to a Dask scheduler (``distributed`` is an
  optional extra, imported only here). The brands travel once per worker as a
  :class:`~reportkit.batch.brandpack.BrandPack`; a worker that dies is replaced and its
  briefs rescheduled by Dask, and a brief that keeps killing workers fails alone.
"""

from __future__ import annotations

import contextlib
import logging
import queue
import signal
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable, Generator, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    CancelledError,
    Future,
    ProcessPoolExecutor,
    wait,
)
from concurrent.futures.process import BrokenProcessPool
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportkit._version import __version__
from reportkit.batch import interrupt
from reportkit.batch.brandpack import BrandPack, unpack
from reportkit.batch.worker import Result, Task, convert_one
from reportkit.errors import ClusterUnavailable, UsageError
from reportkit.limits import usable_cpus

CRASHED = "the worker converting it crashed (killed, out of memory)"


class Executor:
    """Converts tasks; yields ``(index into tasks, result)`` as results arrive."""

    def results(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Result]]:
        raise NotImplementedError


# -- this machine ------------------------------------------------------------------------------
#: Briefs a pool worker converts before it is replaced by a fresh one. A process that
#: renders PDFs grows by ~1 MB per 100 reports (Pango, HarfBuzz and fontconfig caches,
#: pyphen's cache of every word it hyphenated) and never gives the memory back; a fresh
#: worker costs ~0.7 s of warm-up, 0.5 % of what 500 PDF reports take.
RECYCLE_AFTER = 500


class LocalExecutor(Executor):
    """In this process for one job or one task, else in a pool of ``jobs`` processes,
    each replaced after ``recycle_after`` briefs.

    A pool has at most :data:`AHEAD` tasks per worker submitted at a time (their bytes
    are what this process holds); the next task is taken from ``tasks`` as one ends.
    """

    def __init__(self, jobs: int = 1, *, recycle_after: int = RECYCLE_AFTER) -> None:
        self.jobs = jobs
        self.recycle_after = max(1, recycle_after)

    def results(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Result]]:
        if self.jobs <= 1 or len(tasks) <= 1:
            for index in range(len(tasks)):
                yield index, convert_one(tasks[index])
            return
        workers = pool_size(self.jobs, len(tasks))
        start = 0
        while start < len(tasks):
            # One pool per workers x recycle_after briefs (its workers end with it), or
            # until a worker dies and takes the pool with it.
            stop = min(len(tasks), start + workers * self.recycle_after)
            start = yield from self._pool(tasks, start, stop, pool_size(workers, stop - start))

    def _pool(
        self, tasks: Sequence[Task], start: int, stop: int, workers: int
    ) -> Generator[tuple[int, Result], None, int]:
        """Convert ``tasks[start:stop]`` in a pool; return where the next pool starts."""
        broken: list[tuple[int, Task]] = []
        running: dict[Future[Result], tuple[int, Task]] = {}
        following = start
        pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent)
        try:
            while True:
                while not broken and following < stop and len(running) < workers * AHEAD:
                    task = tasks[following]
                    try:
                        running[pool.submit(convert_one, task)] = (following, task)
                    except BrokenProcessPool:
                        broken.append((following, task))
                    following += 1
                if not running:
                    break
                # woken now and then to notice a stop whose exception was swallowed
                done, _ = wait(running, timeout=STOP_CHECK, return_when=FIRST_COMPLETED)
                interrupt.check()
                for future in done:
                    index, task = running.pop(future)
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken.append((index, task))  # maybe not the culprit
                        continue
                    except Exception as error:
                        result = Result(
                            task.name,
                            "failed",
                            error=f"worker failed: {type(error).__name__}: {error}",
                        )
                    yield index, result
        except BaseException:
            _stop_at_once(pool)  # interrupted (SIGTERM, Ctrl-C): no brief is finished
            raise
        pool.shutdown()
        # A worker died (killed, crashed, out of memory) and took the pool with it: run each
        # brief it may have held in a pool of its own, so that only the culprit fails.
        for index, task in sorted(broken, key=lambda pair: pair[0]):
            yield index, _isolated(task)
        return following


#: Seconds between looks for a requested stop while the pool works.
STOP_CHECK = 0.2
#: Tasks submitted per pool worker at a time: one converting, one waiting, so that no
#: worker idles while this process reads the next brief.
AHEAD = 2


#: How long an interrupted run waits for a pool's manager thread to wind up (it takes
#: milliseconds once the workers are dead).
MANAGER_JOIN = 5.0


def _stop_at_once(pool: ProcessPoolExecutor) -> None:
    """End a pool now: its workers only compute (this process writes every file), so they
    are killed rather than left to finish briefs nobody will write.

    The pool's manager thread then notices the dead workers and closes its wake-up pipe.
    It must have finished before the interpreter exits: at exit, concurrent.futures wakes
    every manager thread through that pipe, and a thread closing it at the same moment
    makes the write fail with a "Bad file descriptor" traceback on stderr (seen under
    load, after Ctrl-C)."""
    processes = dict(getattr(pool, "_processes", None) or {})  # no public way to reach them
    manager = getattr(pool, "_executor_manager_thread", None)  # shutdown() forgets it
    results = getattr(pool, "_result_queue", None)
    for process in processes.values():
        with contextlib.suppress(Exception):
            process.kill()
    for process in processes.values():
        with contextlib.suppress(Exception):
            process.join(timeout=MANAGER_JOIN)
    # A worker killed while it wrote a result left half a message in the result pipe,
    # and the manager thread waits for the rest forever (and the interpreter, joining
    # it at exit, with it). With every worker gone, closing this process's own end for
    # writing makes that read end: the thread sees the pool broken and finishes.
    with contextlib.suppress(Exception):
        results._writer.close()  # type: ignore[union-attr]
    pool.shutdown(wait=False, cancel_futures=True)
    if manager is not None:
        manager.join(timeout=MANAGER_JOIN)


#: Workers per usable CPU at most: converting is CPU-bound, more only share the cores.
WORKERS_PER_CPU = 2


def pool_size(jobs: int, pending: int) -> int:
    """Workers for a pool: what was asked, but never more than the pending briefs nor
    :data:`WORKERS_PER_CPU` per usable CPU (a fork pool starts all its workers at once:
    ``--jobs 5000`` for 3 briefs must not fork 5,000 processes)."""
    return max(1, min(jobs, pending, usable_cpus() * WORKERS_PER_CPU))


def _isolated(task: Task) -> Result:
    with ProcessPoolExecutor(max_workers=1, initializer=_die_with_parent) as pool:
        try:
            return pool.submit(convert_one, task).result()
        except BrokenProcessPool:
            return Result(task.name, "failed", error=CRASHED)


def _die_with_parent() -> None:
    """Workers end when the run that started them is killed (Linux), instead of idling on
    forever after a `kill -9` of the parent."""
    try:
        import ctypes

        pr_set_pdeathsig = 1
        # SIGKILL, not SIGTERM: workers inherit the CLI's SIGTERM handler, and they only
        # compute (the parent writes every file), so nothing is left half-done.
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL))
    except (OSError, AttributeError):
        pass  # not Linux: a killed parent's workers linger until their queue closes


# -- a Dask cluster -----------------------------------------------------------------------------
#: ``--scheduler local``: start a cluster on this machine for the run.
LOCAL = "local"
#: Seconds between checks that the cluster still has workers while waiting for results.
POLL = 2.0


def import_distributed() -> Any:
    """The ``distributed`` package, or a one-line usage error saying how to get it."""
    try:
        import distributed
    except ImportError:
        raise UsageError(
            "--executor dask needs the Dask extra: pip install 'reportkit[dask]'"
        ) from None
    return distributed


class DaskExecutor(Executor):
    """The tasks go to the Dask scheduler at ``scheduler`` (``tcp://HOST:8786``), or to a
    cluster of ``workers`` processes started on this machine for ``"local"``.

    ``timeout`` bounds the wait for the scheduler to answer and for a first worker to
    join, and how long the run waits when every worker has left. With ``quiet`` (the
    command line), Dask's own log messages are kept off stderr in this process from the
    first run on: reportkit reports problems itself, in one line each.
    """

    def __init__(
        self, scheduler: str, *, workers: int = 2, timeout: float = 30.0, quiet: bool = False
    ) -> None:
        self.scheduler = scheduler
        self.workers = workers
        self.timeout = timeout
        self.quiet = quiet
        self.window = 4

    def results(self, tasks: Sequence[Task]) -> Iterator[tuple[int, Result]]:
        if not tasks:
            return
        distributed = import_distributed()
        if self.quiet:
            _silence_dask_logs()
        with self._client(distributed, len(tasks)) as client:
            self._check_cluster(client)
            first = tasks[0]  # read once: it is also the first task submitted
            pack = BrandPack.build(first.options.templates, first.options.brand)
            # A task whose result is the pack (not scattered data): if the worker holding
            # it dies, the scheduler computes it again. Each worker fetches it once.
            brands = client.submit(
                _hold, pack, key=f"reportkit-brands-{pack.digest[:32]}", pure=False
            )
            yield from self._run(distributed, client, tasks, first, brands, pack.digest)

    @contextlib.contextmanager
    def _client(self, distributed: Any, pending: int) -> Iterator[Any]:
        cluster = None
        address = self.scheduler
        try:
            if self.scheduler == LOCAL:
                cluster = distributed.LocalCluster(
                    n_workers=pool_size(self.workers, pending),
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                address = cluster.scheduler_address
            try:
                client = distributed.Client(address, timeout=self.timeout, set_as_default=False)
            except ValueError as error:
                raise UsageError(f"--scheduler {address!r}: {error}") from None
            except (OSError, TimeoutError) as error:
                raise ClusterUnavailable(
                    f"no Dask scheduler answers at {address} within {self.timeout:g} s "
                    f"({_short(error)}); is `dask scheduler` running there?"
                ) from None
            try:
                yield client
            finally:
                with contextlib.suppress(Exception):
                    client.close()
        finally:
            if cluster is not None:
                with contextlib.suppress(Exception):
                    cluster.close()

    def _check_cluster(self, client: Any) -> None:
        """A worker has joined, and every worker runs this version of reportkit."""
        try:
            client.wait_for_workers(1, timeout=self.timeout)
        except (TimeoutError, OSError):
            raise ClusterUnavailable(
                f"no Dask worker joined the scheduler at {self.scheduler} within "
                f"{self.timeout:g} s; start some with: dask worker ADDRESS --nthreads 1"
            ) from None
        versions = client.run(worker_version, on_error="return")
        for worker, version in sorted(versions.items()):
            if isinstance(version, BaseException):
                raise UsageError(
                    f"Dask worker {worker} cannot run reportkit ({_short(version)}); "
                    f"install reportkit {__version__} with the dask extra on every worker"
                )
            if version != __version__:
                raise UsageError(
                    f"Dask worker {worker} runs reportkit {version}, this client "
                    f"{__version__}; install the same version on the client and every worker"
                )
        # Tasks on the cluster at a time: enough to keep every thread busy while results
        # travel back, few enough that the briefs' bytes in flight stay small.
        threads = sum(client.nthreads().values())
        self.window = max(4, AHEAD * threads)

    def _run(
        self,
        distributed: Any,
        client: Any,
        tasks: Sequence[Task],
        first: Task,
        brands: Any,
        digest: str,
    ) -> Iterator[tuple[int, Result]]:
        """Keep up to ``window`` tasks on the cluster (each task is taken from ``tasks``
        when it is submitted); yield each result as it arrives."""
        arrived: queue.Queue[Any] = queue.Queue()
        token = uuid.uuid4().hex[:12]  # keys of this run only: never a result of another
        todo = deque(range(len(tasks)))
        running: dict[str, tuple[int, Any, Task]] = {}

        def submit() -> None:
            while todo and len(running) < self.window:
                index = todo.popleft()
                task = replace(first if index == 0 else tasks[index], brands=digest)
                future = client.submit(
                    convert_remote,
                    task,
                    brands,
                    __version__,
                    key=f"reportkit-{token}-{index}",
                    pure=False,
                )
                running[future.key] = (index, future, task)
                future.add_done_callback(arrived.put)

        try:
            yield from self._collect(distributed, client, arrived, running, todo, submit)
        except BaseException:
            # interrupted, or the cluster failed: nothing more of this run is wanted
            with contextlib.suppress(Exception):
                client.cancel([future for _, future, _ in running.values()], force=True)
            raise

    def _collect(
        self,
        distributed: Any,
        client: Any,
        arrived: queue.Queue[Any],
        running: dict[str, tuple[int, Any, Task]],
        todo: deque[int],
        submit: Callable[[], None],
    ) -> Iterator[tuple[int, Result]]:
        submit()
        alone_since: float | None = None
        watched = time.monotonic()
        while running:
            try:
                future = arrived.get(timeout=STOP_CHECK)
            except queue.Empty:
                interrupt.check()  # a stop whose exception a callback swallowed
                if time.monotonic() - watched >= POLL:
                    alone_since = self._watch(client, alone_since, len(running) + len(todo))
                    watched = time.monotonic()
                continue
            index, _, task = running.pop(future.key)
            if future.status in ("lost", "pending"):
                # Its result was on a worker that died before we fetched it: the scheduler
                # computes it again (we still hold the future), so wait for it once more.
                running[future.key] = (index, future, task)
                future.add_done_callback(arrived.put)
                continue
            lost = ClusterUnavailable(
                f"lost the Dask scheduler at {self.scheduler} (while {task.name} was "
                f"{future.status}); {len(running) + len(todo) + 1} brief(s) not converted; "
                "run again to finish"
            )
            if future.status not in ("finished", "error"):  # cancelled, lost
                raise lost
            try:
                result = self._result(distributed, future, task)
            except (OSError, CancelledError):  # fetching the result: the connection broke
                raise lost from None
            del future  # the cluster may forget it now
            yield index, result
            submit()

    def _watch(self, client: Any, alone_since: float | None, left: int) -> float | None:
        """Fail the run when the scheduler is gone, or when no worker has been there for
        ``timeout`` seconds (nothing would ever convert the rest)."""
        try:
            workers = len(client.nthreads())
        except Exception as error:
            raise ClusterUnavailable(
                f"lost the Dask scheduler at {self.scheduler} ({_short(error)}); "
                f"{left} brief(s) not converted; run again to finish"
            ) from None
        if workers:
            return None
        now = time.monotonic()
        if alone_since is None:
            return now
        if now - alone_since > self.timeout:
            raise ClusterUnavailable(
                f"no Dask worker for {self.timeout:g} s; {left} brief(s) not converted; "
                "run again to finish"
            )
        return alone_since

    @staticmethod
    def _result(distributed: Any, future: Any, task: Task) -> Result:
        if future.status == "finished":
            return future.result()
        error = future.exception()
        if isinstance(error, distributed.KilledWorker):
            return Result(
                task.name, "failed", error=f"{CRASHED}, on every worker that tried it; given up"
            )
        return Result(task.name, "failed", error=f"worker failed: {type(error).__name__}: {error}")


def _silence_dask_logs() -> None:
    """Dask logs to stderr ("Failed to reconnect to scheduler", with a traceback, ...),
    also from its event loop after a run has ended; only critical messages get through.
    Its logging config gives some loggers levels of their own, so each is set."""
    names = [n for n in logging.root.manager.loggerDict if n.split(".")[0] == "distributed"]
    for name in ["distributed", *names]:
        logging.getLogger(name).setLevel(logging.CRITICAL)


def _short(error: BaseException) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= 200 else text[:197] + "..."


# -- the Dask worker side ------------------------------------------------------------------------
#: One conversion at a time per worker process: the renderers' warm caches are not made
#: for threads, so extra threads of a worker (--nthreads) wait instead of racing.
_ONE_AT_A_TIME = threading.Lock()


def _hold(pack: BrandPack) -> BrandPack:
    return pack


def worker_version() -> str:
    from reportkit import _version

    return _version.__version__


def convert_remote(task: Task, brands: BrandPack, version: str) -> Result:
    """A Dask task: check the version, unpack the brands (once per worker), convert."""
    if version != __version__:
        return Result(
            task.name,
            "failed",
            error=(
                f"a Dask worker runs reportkit {__version__}, the client {version}; install "
                "the same version on the client and every worker"
            ),
            fatal=True,
        )
    unpack(brands, _scratch())
    with _ONE_AT_A_TIME:
        return convert_one(task)


def _scratch() -> Path | None:
    """The Dask worker's own scratch directory (None outside a worker)."""
    try:
        from distributed import get_worker

        return Path(get_worker().local_directory)
    except (ImportError, ValueError):
        return None
