"""Where brands are found: the search path and the built-in brands.

Order, first match wins: ``--templates DIR`` (repeatable), directories from the config
(``REPORTKIT_TEMPLATES``, ``templates = [...]`` in ``reportkit.toml``), ``./templates`` in
the working directory, then the brands shipped inside the package.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

BRAND_FILE = "_brand.yml"


def builtin_dir() -> Path:
    """The brands shipped with reportkit.

    In a wheel they are ``reportkit/templates`` (hatch force-include); in a source
    checkout or an editable install they are the repository's top-level ``templates/``.
    """
    # The package's own folder: what importlib.resources.files("reportkit") gives for an
    # installed package, without importing importlib.resources (~2.5 ms at start-up).
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return here.parents[3] / "templates"


@dataclass(frozen=True)
class SearchPath:
    """An ordered list of directories that contain brand folders, each with a label
    saying where it came from (for ``brands list`` and error messages)."""

    entries: tuple[tuple[Path, str], ...]

    @classmethod
    def build(
        cls,
        extra: Iterable[Path] = (),
        *,
        cwd: Path | None = None,
        extra_origin: str = "--templates",
    ) -> SearchPath:
        cwd = cwd or Path.cwd()
        entries: list[tuple[Path, str]] = [(Path(p), extra_origin) for p in extra]
        entries.append((cwd / "templates", "./templates"))
        entries.append((builtin_dir(), "built-in"))
        seen: set[Path] = set()
        unique = []
        for path, origin in entries:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                unique.append((key, origin))
        return cls(tuple(unique))

    def folders(self) -> Iterator[tuple[Path, str]]:
        """Every brand folder on the path, in search order (shadowed ones included)."""
        for directory, origin in self.entries:
            if directory.is_dir():
                for child in sorted(directory.iterdir()):
                    if (child / BRAND_FILE).is_file():
                        yield child, origin

    def find(self, name: str, *, after: Path | None = None) -> Path | None:
        """The first brand folder called ``name``; with ``after``, the first one found
        after that folder (how a brand extends a brand of the same name)."""
        skipping = after is not None
        for folder, _ in self.folders():
            if skipping:
                skipping = folder.resolve() != after.resolve()  # type: ignore[union-attr]
                continue
            if folder.name == name:
                return folder
        return None

    def describe(self) -> str:
        return ", ".join(f"{path} ({origin})" for path, origin in self.entries)
