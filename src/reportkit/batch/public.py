"""``reportkit.convert``: the batch the CLI runs, for a Python caller.

What ``reportkit convert PATHS -o OUT/`` does, with the same manifest and lock, so a
script and a cron job can share an output folder: unchanged briefs are skipped, every
file is written atomically, a brief that fails does not stop the others.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reportkit.batch.runner import Outcome, tally


@dataclass(frozen=True)
class Summary:
    """What a batch did: one :class:`~reportkit.batch.runner.Outcome` per brief."""

    outcomes: tuple[Outcome, ...]

    @property
    def counts(self) -> dict[str, int]:
        """Briefs by status ("converted", "skipped", "failed")."""
        return tally(self.outcomes)

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def convert(
    paths: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    formats: Iterable[str] = ("pdf", "docx"),
    brand: Any = "default",
    lang: str | None = None,
    jobs: int | None = None,
    force: bool = False,
) -> Summary:
    """Convert the briefs of ``paths`` (files, folders, globs) into folder ``out_dir``.

    ``brand`` is a name on the brand search path, a brand folder or a loaded
    :class:`~reportkit.brand.model.Brand` (which travels to the workers by its folder).
    Raises what the CLI reports with exit code 2 (a usage or brand error) or 75 (another
    run holds the folder); a brief that fails is in ``Summary.failed``.
    """
    from reportkit.batch.inputs import discover
    from reportkit.batch.runner import Run
    from reportkit.batch.worker import RenderOptions
    from reportkit.brand.model import Brand
    from reportkit.errors import UsageError
    from reportkit.limits import usable_cpus

    given = [os.fspath(p) for p in paths]
    inputs = discover(given)
    if not inputs:
        raise UsageError("no briefs found in " + ", ".join(given))
    chosen = str(brand.folder) if isinstance(brand, Brand) else os.fspath(brand)
    options = RenderOptions(
        formats=tuple(formats),
        brand=chosen,
        brand_forced=True,
        lang=lang,
        toc=None,
        pdf_variant=None,
        name="{stem}",
        templates=(),
    )
    folder = os.fspath(out_dir).rstrip("/" + os.sep) + "/"
    run = Run(inputs, options, folder, jobs=jobs or usable_cpus(), force=force)
    return Summary(tuple(run.execute()))


__all__ = ["Summary", "convert"]
