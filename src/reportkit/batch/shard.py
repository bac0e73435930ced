"""``--shard I/N``: a deterministic share of a run's inputs, for array jobs.

A Kubernetes Indexed Job, a Slurm job array or any scheduler that starts N copies of one
command gives each copy an index; ``--shard INDEX/N`` makes that copy convert only the
inputs whose shard is INDEX. Indexes are **0-based** (0 ... N-1), like Kubernetes'
``JOB_COMPLETION_INDEX``; with Slurm use ``--array=0-(N-1)`` and ``$SLURM_ARRAY_TASK_ID``.

An input's shard is ``sha256(path) mod N``, where ``path`` is the input's POSIX path
relative to the argument it was found under (``sub/a.txt`` for ``inbox/sub/a.txt`` found
under ``inbox/``): the same on every machine and in every run, whatever else is in the
folder, so a brief stays in its shard from night to night and its shard's manifest
lets the next run skip it.

Each shard keeps its own manifest (``.reportkit-manifest.shard-I-of-N.json``) and its own
lock, so the N copies can write into one output folder at once; ``reportkit manifest
merge OUT`` folds the shard manifests into the folder's main manifest afterwards.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from reportkit.batch.inputs import Input
from reportkit.errors import UsageError

_SPEC = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    index: int  # 0-based
    count: int

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"I/N"`` with ``0 <= I < N``; anything else is a usage error."""
        match = _SPEC.match(text)
        if match is None:
            raise UsageError(
                f"--shard {text!r}: expected INDEX/COUNT, e.g. 0/4 (indexes start at 0)"
            )
        index, count = int(match[1]), int(match[2])
        if count < 1 or index >= count:
            raise UsageError(
                f"--shard {text!r}: the index must be 0 to {max(count - 1, 0)} "
                f"(indexes start at 0, like JOB_COMPLETION_INDEX)"
            )
        return cls(index, count)

    @property
    def label(self) -> str:
        """``shard-I-of-N``: names this shard's manifest and lock."""
        return f"shard-{self.index}-of-{self.count}"

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def selects(self, item: Input) -> bool:
        return shard_of(item, self.count) == self.index


def shard_key(item: Input) -> str:
    """What an input's shard is computed from: its path relative to the folder (or the
    argument) it was found under, as POSIX text."""
    if item.path is None:
        return "<stdin>"
    if item.path.is_relative_to(item.root):
        return item.path.relative_to(item.root).as_posix()
    return item.path.name


def shard_of(item: Input, count: int) -> int:
    digest = hashlib.sha256(shard_key(item).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % count
