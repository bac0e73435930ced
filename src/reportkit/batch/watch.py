"""``reportkit watch``: convert briefs as they arrive in an inbox folder.

Every change is handled by the same runner and manifest as ``convert``, so stopping and
restarting the watcher never converts an unchanged brief twice. A file is read only once
its size has stopped changing, so a brief that is still being copied in is not read half
written. Ctrl-C and SIGTERM stop it between two conversions.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportkit.errors import UsageError

#: A file counts as completely written when its size is unchanged for this long.
SETTLE_SECONDS = 0.5


def wait_until_stable(path: Path, *, settle: float = SETTLE_SECONDS, timeout: float = 60.0) -> bool:
    """True once ``path``'s size and mtime stop changing; False if it disappears."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        try:
            stat = path.stat()
        except FileNotFoundError:
            return False
        current = (stat.st_size, stat.st_mtime_ns)
        if current == last:
            return True
        last = current
        time.sleep(settle)
    return True


def watch(
    inbox: Path,
    convert: Callable[[list[Path] | None], Any],
    *,
    accept: Callable[[Path], bool],
    stop: threading.Event | None = None,
    ready: Callable[[], None] | None = None,
) -> None:
    """Run ``convert(None)`` for what is already in ``inbox``, then ``convert(paths)``
    for every batch of briefs that appear or change, until stopped."""
    try:
        from watchfiles import Change
        from watchfiles import watch as watch_changes
    except ImportError:
        raise UsageError(
            "reportkit watch needs the watchfiles package: pip install 'reportkit[watch]'"
        ) from None
    stop = stop or threading.Event()
    previous = {sig: signal.getsignal(sig) for sig in (signal.SIGTERM,)}
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        convert(None)
        if ready is not None:
            ready()
        for changes in watch_changes(
            inbox, stop_event=stop, recursive=True, raise_interrupt=False, rust_timeout=500
        ):
            paths = sorted({Path(p) for kind, p in changes if kind != Change.deleted})
            paths = [p for p in paths if accept(p) and wait_until_stable(p)]
            if paths and not stop.is_set():
                convert(paths)
    finally:
        if threading.current_thread() is threading.main_thread():
            for sig, handler in previous.items():
                signal.signal(sig, handler)
