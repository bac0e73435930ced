"""Which briefs a run converts: files, folders and globs, filtered by include/exclude."""

from __future__ import annotations

import fnmatch
import functools
import glob
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

    @property
    def name(self) -> str:
        return "<stdin>" if self.path is None else str(self.path)

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
    seen: set[Path] = set()
    patterns = include or DEFAULT_INCLUDE

    def add(path: Path, root: Path) -> None:
        key = resolved(path)
        if key in seen or _matches(path, exclude):
            return
        seen.add(key)
        found.append(Input(path, root))

    for argument in arguments:
        if argument == STDIN:
            found.append(Input(None, Path.cwd()))
            continue
        path = Path(argument)
        if path.is_dir():
            walker = path.rglob("*") if recursive else path.glob("*")
            for child in sorted(walker):
                if child.is_file() and not child.name.startswith(".") and _matches(child, patterns):
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


def resolved(path: Path) -> Path:
    """``path.resolve()``, with each folder resolved once: resolving thousands of briefs
    of one folder one by one walks the same parent folders again and again."""
    if path.is_symlink():
        return path.resolve()
    return _resolved_folder(str(path.parent)) / path.name


@functools.lru_cache(maxsize=1024)
def _resolved_folder(folder: str) -> Path:
    return Path(folder).resolve()


def _matches(path: Path, patterns: Iterable[str]) -> bool:
    return any(
        fnmatch.fnmatch(path.name, p) or fnmatch.fnmatch(path.as_posix(), p) for p in patterns
    )
