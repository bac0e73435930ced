"""Which briefs a run converts: files, folders and globs, filtered by include/exclude."""

from __future__ import annotations

import fnmatch
import functools
import glob
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reportkit.errors import UsageError

STDIN = "-"
#: Files in an input folder that are briefs unless --include says otherwise.
DEFAULT_INCLUDE = ("*.txt", "*.md", "*.text", "*.brief")


@dataclass(frozen=True)
class Input:
    """One brief to convert. ``root`` is the folder it was found under (for ``{dir}``)."""

    path: Path | None  # None: standard input
    root: Path

    @functools.cached_property
    def key(self) -> str:
        """The brief's absolute path, as its manifest entry is named ("<stdin>")."""
        return "<stdin>" if self.path is None else resolved(self.path)

    @property
    def name(self) -> str:
        """The brief as the user named it, as text: bytes of a name that are not UTF-8
        are shown as ``\\xe9``, so the name prints and logs anywhere."""
        return "<stdin>" if self.path is None else shown(str(self.path))

    @property
    def stem(self) -> str:
        return "brief" if self.path is None else self.path.stem

    @property
    def subdir(self) -> str:
        """The folder of the brief relative to where it was found ("" at the top)."""
        if self.path is None:
            return ""
        relative = (
            self.path.parent.relative_to(self.root)
            if self.path.is_relative_to(self.root)
            else Path()
        )
        return "" if str(relative) == "." else relative.as_posix()


def shown(name: str) -> str:
    """A file name as printable text (``os.fsdecode`` keeps undecodable bytes as lone
    surrogates, which no terminal, log or UTF-8 file takes)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def discover(
    arguments: Iterable[str],
    *,
    recursive: bool = False,
    include: tuple[str, ...] = (),
    exclude: tuple[str, ...] = (),
) -> list[Input]:
    """The briefs named by ``arguments``, in a stable order, each once.

    A file is taken as it is (unless excluded); a folder contributes the files matching
    ``include`` (default: briefs' usual extensions), recursively with ``recursive``; a
    pattern with ``*``, ``?`` or ``[`` is expanded like a shell glob (``**`` recursive).
    """
    found: list[Input] = []
    seen: set[str] = set()
    patterns = include or DEFAULT_INCLUDE

    def add(path: Path, root: Path) -> None:
        item = Input(path, root)
        if item.key in seen or _matches(path, exclude):
            return
        seen.add(item.key)
        found.append(item)

    for argument in arguments:
        if argument == STDIN:
            found.append(Input(None, Path.cwd()))
            continue
        path = Path(argument)
        if path.is_dir():
            for child in _files(path, recursive):
                if not child.name.startswith(".") and _matches(child, patterns):
                    add(child, path)
        elif any(ch in argument for ch in "*?["):
            matches = sorted(glob.glob(argument, recursive=True))
            if not matches:
                raise UsageError(f"no file matches {argument!r}")
            for match in matches:
                if Path(match).is_file():
                    add(Path(match), Path(match).parent)
        else:
            # A missing file is reported per brief (it fails, the others still run).
            add(path, path.parent)
    if sum(i.path is None for i in found) > 1:
        raise UsageError("standard input (-) can be given only once")
    return found


def resolved(path: Path) -> str:
    """``str(path.resolve())``, with each folder resolved once: resolving thousands of
    briefs of one folder one by one walks the same parent folders again and again."""
    text = os.fspath(path)
    if os.path.islink(text):
        return str(path.resolve())
    folder, name = os.path.split(text)
    return os.path.join(_resolved_folder(folder or "."), name)


@functools.lru_cache(maxsize=1024)
def _resolved_folder(folder: str) -> str:
    return str(Path(folder).resolve())


def _files(folder: Path, recursive: bool) -> list[Path]:
    """The files in ``folder`` (and below it with ``recursive``), sorted. A flat folder is
    listed with ``os.scandir``, which knows each entry's type without a ``stat``."""
    if recursive:
        return sorted(p for p in folder.rglob("*") if p.is_file())
    with os.scandir(folder) as entries:
        names = sorted(e.name for e in entries if e.is_file())  # str order = Path order here
    return [folder / name for name in names]


def _matches(path: Path, patterns: Iterable[str]) -> bool:
    """Does the file's name, or its whole path, match one of the shell patterns?"""
    patterns = tuple(patterns)  # a list from a library caller too: the cache needs a tuple
    if not patterns:
        return False
    pattern = _compiled(patterns)
    return pattern.match(path.name) is not None or pattern.match(path.as_posix()) is not None


@functools.lru_cache(maxsize=64)
def _compiled(patterns: tuple[str, ...]) -> re.Pattern[str]:
    # fnmatch.fnmatch per pattern and name costs more than listing the folder
    return re.compile("|".join(fnmatch.translate(os.path.normcase(p)) for p in patterns))
