"""A time limit for one brief (``--timeout``).

In a main thread (a local worker, the command line) SIGALRM interrupts the conversion,
a blocking read included; in a Dask worker's thread an exception is raised into the
thread asynchronously. Either way Python code is stopped, a call into C when it returns.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportkit.errors import ReportkitError


class BriefTimeout(ReportkitError):
    """A brief took longer than ``--timeout``."""


@contextmanager
def time_limit(seconds: float | None, doing: str = "") -> Iterator[None]:
    """Stop the conversion after ``seconds``: with SIGALRM in a main thread (local workers
    and the CLI), else (a Dask worker's thread) by raising an exception asynchronously in
    this thread. Either way Python code is interrupted, a call into C only when it
    returns (a blocking read is a system call: SIGALRM interrupts it)."""
    if not seconds:
        yield
        return
    message = f"{doing} took" if doing else "took"
    message += f" longer than {seconds:g} s (--timeout); stopped"
    if threading.current_thread() is not threading.main_thread():
        with _thread_time_limit(seconds):
            try:
                yield
            except Expired:
                raise BriefTimeout(message) from None
        return

    def expire(signum: int, frame: Any) -> None:
        raise BriefTimeout(message)

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class Expired(BaseException):
    """Raised into a thread whose brief ran out of time (a BaseException, so that no
    ``except Exception`` on the way swallows it)."""


@contextmanager
def _thread_time_limit(seconds: float) -> Iterator[None]:
    """Raise :class:`Expired` into this thread after ``seconds``, again every 50 ms until
    the block has ended: an exception delivered inside a garbage-collector callback or a
    ``__del__`` is swallowed there, and must not make the limit disappear."""
    import ctypes  # here: only Dask worker threads with --timeout need it

    thread = ctypes.c_ulong(threading.get_ident())
    done = threading.Event()
    lock = threading.Lock()
    fired = False

    def watch() -> None:
        nonlocal fired
        delay = seconds
        while not done.wait(delay):
            with lock:
                if done.is_set():
                    return
                fired = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(Expired))
            delay = 0.05

    watcher = threading.Thread(target=watch, name="reportkit-timeout", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        with lock:
            done.set()
        if fired:  # raised but maybe not delivered yet: withdraw it
            ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)
