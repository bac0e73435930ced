"""The few exceptions reportkit raises on purpose, each with its documented exit code.

Exit codes (also in the README):

* 0 - success
* 1 - an input could not be used (unreadable, binary, empty, invalid model JSON)
* 2 - usage or configuration error (bad option, missing file argument)
* 69 - ``convert --executor dask``: the Dask cluster cannot be used now (no scheduler at
  the address, no worker joined in time, the scheduler went away mid-run)
* 70 - internal error: a bug in reportkit (the message asks for ``--debug``)
* 75 - the output folder is locked by another run (``--wait`` to wait for it)
* 130, 143 - stopped by Ctrl-C (SIGINT) or SIGTERM, after writing what was finished
"""

from __future__ import annotations

from typing import Any

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_UNAVAILABLE = 69  # EX_UNAVAILABLE of sysexits.h
EXIT_INTERNAL = 70
EXIT_LOCKED = 75  # EX_TEMPFAIL of sysexits.h: try again later
EXIT_SIGINT = 130  # 128 + SIGINT, as a shell reports a job stopped by Ctrl-C
EXIT_SIGTERM = 143  # 128 + SIGTERM

#: Every exit status reportkit uses and what it means: `reportkit --help` and the docs
#: print this table, so it cannot drift from the code.
EXIT_CODES: dict[int, str] = {
    EXIT_OK: "success (warnings do not change it)",
    EXIT_INPUT: "a brief could not be read or converted, or an output not written",
    EXIT_USAGE: "usage or configuration error (options, brand, config file)",
    EXIT_UNAVAILABLE: "the Dask cluster could not be used",
    EXIT_INTERNAL: "internal error (please report it, with the output of --debug)",
    EXIT_LOCKED: "another run holds the output folder (try again, or --wait)",
    EXIT_SIGINT: "stopped by Ctrl-C (finished files kept; run again to finish)",
    EXIT_SIGTERM: "stopped by SIGTERM (as for Ctrl-C)",
}


class ReportkitError(Exception):
    """Base class: a problem reportkit can explain in one line.

    ``path`` and ``line`` locate the problem; ``str(error)`` renders the one-line message
    as ``path:line: message`` so every front end prints the same thing.
    """

    exit_code = EXIT_INPUT

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def with_path(self, path: str) -> ReportkitError:
        """Return this error located in ``path`` (readers raise before they know it)."""
        if self.path is None:
            self.path = path
        return self

    def __str__(self) -> str:
        where = self.path or ""
        if self.line is not None:
            where = f"{where}:{self.line}" if where else f"line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class InputError(ReportkitError):
    """The brief itself cannot be used: binary, empty, undecodable, too large."""

    exit_code = EXIT_INPUT


class ModelError(ReportkitError):
    """A JSON document is not a valid ``reportkit.brief`` model."""

    exit_code = EXIT_INPUT


class UsageError(ReportkitError):
    """The caller asked for something impossible: a bad option or configuration."""

    exit_code = EXIT_USAGE


class ClusterUnavailable(ReportkitError):
    """The Dask cluster cannot be used now: a temporary condition, try again later."""

    exit_code = EXIT_UNAVAILABLE


class BrandError(ReportkitError):
    """A brand cannot be used: a configuration error (exit code 2).

    The loader collects every problem of a brand: this one is the first, ``more`` holds
    the others (``reportkit brands check`` lists them all, each with its file and line).
    """

    exit_code = EXIT_USAGE

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None):
        super().__init__(message, path=path, line=line)
        self.more: list[BrandError] = []
        #: the brand as far as it could be built despite the problems (a Brand, or None),
        #: so that ``brands check`` lints what is there in the same run
        self.partial: Any = None

    def __str__(self) -> str:
        if self.more:
            return f"{self.alone} (and {len(self.more)} more: 'reportkit brands check' lists them)"
        return self.alone

    @property
    def alone(self) -> str:
        """This problem's one line, without the count of the others."""
        return super().__str__()

    @property
    def problems(self) -> list[BrandError]:
        """This problem and the others found with it."""
        return [self, *self.more]


class FolderLocked(ReportkitError):
    """Another run holds the output folder's lock (exit code 75: try again later)."""

    exit_code = EXIT_LOCKED
