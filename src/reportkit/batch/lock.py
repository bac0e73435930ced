"""One run per output folder at a time: an advisory lock on ``OUT/.reportkit.lock``.

A second run on the same folder waits (``--wait``) or stops at once with exit code 75
(EX_TEMPFAIL), so overlapping cron runs are harmless. The lock is released by the kernel
when the process ends, however it ends.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from pathlib import Path
from types import TracebackType

from reportkit.errors import ReportkitError

EXIT_LOCKED = 75
NAME = ".reportkit.lock"
#: Lock descriptors this process holds. Forked workers close their copies at once: a
#: flock belongs to the open file, so a worker outliving a killed parent would otherwise
#: keep the folder locked for every later run.
_HELD: set[int] = set()


def _close_in_child() -> None:
    for handle in list(_HELD):
        with contextlib.suppress(OSError):
            os.close(handle)
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class FolderLocked(ReportkitError):
    exit_code = EXIT_LOCKED


class FolderLock:
    def __init__(self, folder: Path, *, wait: bool = False) -> None:
        self.path = folder / NAME
        self.wait = wait
        self.handle: int | None = None

    def __enter__(self) -> FolderLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "unknown"
            os.close(handle)
            raise FolderLocked(
                f"another reportkit run (pid {holder}) is writing this folder; "
                "try again later, or pass --wait to wait for it",
                path=str(self.path.parent),
            ) from None
        os.ftruncate(handle, 0)
        os.pwrite(handle, str(os.getpid()).encode(), 0)
        self.handle = handle
        _HELD.add(handle)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.handle is not None:
            _HELD.discard(self.handle)
            fcntl.flock(self.handle, fcntl.LOCK_UN)
            os.close(self.handle)
            self.handle = None
