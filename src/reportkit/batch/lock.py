"""One run per output folder at a time: an advisory lock on ``OUT/.reportkit.lock``.

A second run on the same folder waits (``--wait``) or stops at once with exit code 75
(EX_TEMPFAIL), so overlapping cron runs are harmless. The lock is released by the kernel
when the process ends, however it ends.

Shard runs (``--shard I/N``) share the folder: each holds ``.reportkit.lock`` *shared*
and its own ``.reportkit.shard-I-of-N.lock`` exclusively, so the N shards of an array
job run side by side, while a second copy of one shard, a whole-folder run or
``reportkit manifest merge`` (which hold ``.reportkit.lock`` exclusively) wait for them
or exit with 75.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import stat
from pathlib import Path
from types import TracebackType

from reportkit.errors import FolderLocked, ReportkitError, UsageError

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


class UnsafeFile(ReportkitError):
    """A file the run keeps in its output folder is a symlink or not a regular file:
    following it could truncate a file elsewhere (exit 1)."""


def open_private(path: Path, flags: int, mode: int = 0o644) -> int:
    """Open one of the run's own files (lock, manifest, temporary) without following a
    symlink and only if it is a regular file: a ``.reportkit.lock`` planted as a link to
    ``/etc/passwd`` must not truncate it."""
    nofollow = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    nonblock = getattr(os, "O_NONBLOCK", 0)  # a FIFO planted there must not block us
    try:
        handle = os.open(path, flags | nofollow | nonblock, mode)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.EMLINK) or path.is_symlink():
            raise UnsafeFile(
                "is a symbolic link; reportkit does not follow links for its own files (remove it)",
                path=str(path),
            ) from None
        if error.errno == errno.EISDIR:
            raise UnsafeFile(
                "is a directory, not reportkit's file (remove it)", path=str(path)
            ) from None
        raise
    if not stat.S_ISREG(os.fstat(handle).st_mode):
        os.close(handle)
        raise UnsafeFile("is not a regular file (remove it)", path=str(path))
    os.set_blocking(handle, True)
    return handle


class FolderLock:
    """The folder's lock: exclusive, or (with ``shard``) shared plus the shard's own."""

    def __init__(self, folder: Path, *, wait: bool = False, shard: str | None = None) -> None:
        self.path = folder / NAME
        self.wait = wait
        self.shard = shard
        self.handle: int | None = None
        self.shard_handle: int | None = None

    def __enter__(self) -> FolderLock:
        folder = self.path.parent
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except FileExistsError:
            raise UsageError("is a file, not an output folder", path=str(folder)) from None
        except OSError as error:
            raise UsageError(
                f"the output folder cannot be created ({error.strerror or error})",
                path=str(folder),
            ) from None
        if self.shard is None:
            self.handle = self._acquire(self.path, fcntl.LOCK_EX)
            os.ftruncate(self.handle, 0)
            os.pwrite(self.handle, str(os.getpid()).encode(), 0)
            return self
        # the folder shared with the other shards, then this shard alone
        self.handle = self._acquire(self.path, fcntl.LOCK_SH)
        try:
            shard_path = self.path.with_name(f".reportkit.{self.shard}.lock")
            self.shard_handle = self._acquire(shard_path, fcntl.LOCK_EX, what=self.shard)
        except BaseException:
            self._release(self.handle)
            self.handle = None
            raise
        os.ftruncate(self.shard_handle, 0)
        os.pwrite(self.shard_handle, str(os.getpid()).encode(), 0)
        return self

    def _acquire(self, path: Path, mode: int, what: str = "") -> int:
        handle = open_private(path, os.O_RDWR | os.O_CREAT)
        try:
            fcntl.flock(handle, mode | (0 if self.wait else fcntl.LOCK_NB))
        except BlockingIOError:
            holder = os.pread(handle, 32, 0).decode(errors="replace").strip()
            os.close(handle)
            # Shard runs hold the folder's lock shared and write their pid elsewhere.
            who = f"pid {holder}" if holder else "shard runs"
            scope = f"{what} of this folder" if what else "this folder"
            raise FolderLocked(
                f"another reportkit run ({who}) is writing {scope}; "
                "try again later, or pass --wait to wait for it",
                path=str(self.path.parent),
            ) from None
        _HELD.add(handle)
        return handle

    @staticmethod
    def _release(handle: int, *, clear: bool = False) -> None:
        _HELD.discard(handle)
        if clear:  # the pid of a finished run must not be blamed later
            with contextlib.suppress(OSError):
                os.ftruncate(handle, 0)
        fcntl.flock(handle, fcntl.LOCK_UN)
        os.close(handle)

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.shard_handle is not None:
            self._release(self.shard_handle, clear=True)
            self.shard_handle = None
        if self.handle is not None:
            self._release(self.handle, clear=self.shard is None)
            self.handle = None
