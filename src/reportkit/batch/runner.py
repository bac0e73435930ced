"""Run a conversion: plan, render (on an executor), write, record.

Workers (:mod:`reportkit.batch.worker`) get a :class:`Task` (the brief's bytes and the
options) and return a :class:`Result` (rendered bytes and diagnostics); only this process
writes files and
the manifest. The tasks go to an executor (:mod:`reportkit.batch.executors`: this
process, a local process pool, or a Dask cluster) that yields results, which is what
keeps one code path for local and distributed runs.

The plan keeps no brief's bytes: :class:`Tasks` reads each brief when the executor
takes its task, and executors keep only a few tasks in flight, so a run of 40 briefs of
10 MB holds a few of them in memory, not 400 MB.
"""

from __future__ import annotations

import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, overload

from reportkit import safejson
from reportkit.atomic import write_atomic
from reportkit.batch import interrupt, naming
from reportkit.batch.inputs import Input, shown
from reportkit.batch.lock import FolderLock
from reportkit.batch.manifest import (
    Entry,
    Manifest,
    OutputRecord,
    entry_key,
    relative,
)
from reportkit.batch.target import is_folder
from reportkit.batch.timeout import BriefTimeout, time_limit
from reportkit.batch.worker import BriefWarning, RenderOptions, Result, Task, message
from reportkit.errors import ReportkitError, UsageError
from reportkit.formats import FORMATS
from reportkit.limits import DEFAULT_MAX_BYTES
from reportkit.timestamps import source_date_epoch

if TYPE_CHECKING:
    from reportkit.batch.executors import Executor
    from reportkit.batch.shard import Shard

#: The manifest is saved at least this often (seconds) during a run, and at its end.
SAVE_EVERY = 1.0
#: Tries of the last save of a run, this many seconds apart (a full disk may free up).
SAVE_ATTEMPTS = 3
SAVE_RETRY = 0.5


@dataclass
class Outcome:
    """What happened to one input, for the log and the summary."""

    name: str
    status: str  # "converted" | "skipped" | "failed" | "would convert"
    reason: str = ""
    outputs: list[str] = field(default_factory=list)
    warnings: list[BriefWarning] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    brand: str | None = None  # the brand it was rendered with (converted ones)


@dataclass
class Planned:
    """A brief the run converts: why, and (once its task was read) its bytes' digest."""

    item: Input
    reason: str = ""
    sha: str = ""


class Tasks(Sequence[Task]):
    """The run's tasks, each read from its brief when an executor asks for it.

    Executors take each task once, when they submit it, and keep at most a bounded
    number in flight: that is what bounds the bytes this process holds.
    """

    def __init__(self, run: Run, pending: list[Planned]) -> None:
        self.run = run
        self.pending = pending

    def __len__(self) -> int:
        return len(self.pending)

    @overload
    def __getitem__(self, index: int) -> Task: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Task]: ...
    def __getitem__(self, index: int | slice) -> Task | Sequence[Task]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        planned = self.pending[index]
        self.run.started(planned.item.name)
        data, error = self.run._read(planned.item)
        if data is not None:
            planned.sha = _sha(data)
        return self.run._task(planned.item, data, error)


# -- the parent side ----------------------------------------------------------------------------
@dataclass
class Run:
    """One conversion run over ``inputs``."""

    inputs: list[Input]
    options: RenderOptions
    output: str | None  # "-", a file, a folder, or None (the configured folder, or beside)
    #: ``output_dir`` of the config file or environment: the folder when ``output`` is None
    output_dir: Path | None = None
    max_bytes: int = DEFAULT_MAX_BYTES  # briefs larger than this fail
    jobs: int = 1
    force: bool = False
    dry_run: bool = False
    wait: bool = False
    fail_on_warning: bool = False
    timeout: float | None = None
    report: Callable[[Outcome], None] = lambda outcome: None
    #: one-line warnings about the run itself (a manifest set aside)
    notice: Callable[[str], None] = lambda message: None
    #: told each brief's name as its conversion starts (what a progress line shows)
    started: Callable[[str], Any] = lambda name: None
    #: where the conversions run; None: this machine (``jobs`` worker processes)
    executor: Executor | None = None
    #: convert only this share of the inputs, with the shard's own manifest and lock
    shard: Shard | None = None
    #: each input's size and modification time when it was read, by manifest entry name
    _stats: dict[str, os.stat_result | None] = field(default_factory=dict, init=False)
    #: without an output folder: each output written so far, and the input that wrote it
    _claimed: dict[Path, str] = field(default_factory=dict, init=False)
    _stdin: tuple[bytes | None, str | None] | None = field(default=None, init=False)
    #: what happened to each input so far (what an interrupted run reports)
    outcomes: list[Outcome] = field(default_factory=list, init=False)
    #: why the manifest could not be saved at the end of the run (a full disk), or None
    unsaved: str | None = field(default=None, init=False)

    def execute(self) -> list[Outcome]:
        if self.shard is not None:
            self.inputs = [item for item in self.inputs if self.shard.selects(item)]
        folder = self._folder()
        if folder is None:
            return list(self._direct())
        if self.dry_run:
            return list(self._batch(folder, self._manifest(folder)))
        label = self.shard.label if self.shard is not None else None
        with FolderLock(folder, wait=self.wait, shard=label):
            if self.shard is None:  # shards leave each other's temporaries alone
                clean_stale_temporaries(folder)
            manifest = self._manifest(folder)
            try:
                return list(self._batch(folder, manifest))
            finally:
                self._save(manifest, attempts=SAVE_ATTEMPTS)

    def _save(self, manifest: Manifest, *, attempts: int = 1) -> None:
        """Save the manifest; if the disk is full, say so and go on: the reports written
        are complete, the next save tries again, and the run ends with the error in
        :attr:`unsaved` (the summary is still printed)."""
        for attempt in range(attempts):
            try:
                manifest.save()
            except ReportkitError as error:
                if self.unsaved is None:
                    self.notice(f"reportkit: warning: {error}")
                self.unsaved = str(error)
                if attempt + 1 < attempts:
                    time.sleep(SAVE_RETRY)
            else:
                self.unsaved = None
                return

    def _manifest(self, folder: Path) -> Manifest:
        """The folder's manifest, or this shard's. A shard without one yet starts from
        the entries the main manifest has for its inputs (after a merge)."""
        manifest = self._load_manifest(folder)
        if manifest.problem:
            self.notice(f"{manifest.path}: warning: {manifest.problem}")
        return manifest

    def _load_manifest(self, folder: Path) -> Manifest:
        if self.shard is None:
            return Manifest.load(folder)
        manifest = Manifest.load(folder, Manifest.shard_name(self.shard.label))
        if not manifest.path.exists():
            main = Manifest.load(folder)
            for item in self.inputs:
                entry = main.entries.get(item.key)
                if entry is not None:
                    manifest.entries[entry.input] = entry
        return manifest

    def _executor(self, *, parallel: bool) -> Executor:
        from reportkit.batch.executors import LocalExecutor

        if self.executor is not None:
            return self.executor
        return LocalExecutor(self.jobs if parallel else 1)

    def _results(
        self, pending: list[Planned], *, parallel: bool = True
    ) -> Iterator[tuple[Planned, Result]]:
        """Each pending brief with its result, in the order results arrive."""
        if not pending:  # a no-op re-run never starts (or imports) a pool or a cluster
            return
        executor = self._executor(parallel=parallel)
        for index, result in executor.results(Tasks(self, pending)):
            interrupt.check()  # a stop whose exception a callback swallowed
            yield pending[index], result

    # where outputs go
    def _folder(self) -> Path | None:
        if self.output == "-" or (self.output is not None and not is_folder(self.output)):
            if len(self.inputs) != 1 or len(self.options.formats) != 1:
                raise UsageError(
                    f"-o {self.output} takes one brief and one format; give a "
                    "folder (ending with /) for more"
                )
            return None
        if self.output is not None:
            return Path(self.output)
        return self.output_dir  # None: next to each brief

    def _task(self, item: Input, data: bytes | None, error: str | None = None) -> Task:
        return Task(
            item.name,
            data or b"",
            shown(item.path.name) if item.path else "<stdin>",
            self.options,
            self.fail_on_warning,
            self.timeout,
            created=source_date_epoch(),
            error=error,
        )

    def _read(self, item: Input) -> tuple[bytes | None, str | None]:
        """The brief's bytes, or why not; ``--timeout`` covers reading too (a file on a
        hung network share)."""
        if item.path is None and self._stdin is not None:
            return self._stdin  # standard input can be read once only
        try:
            with time_limit(self.timeout, "reading it"):
                read = _read(item, self.max_bytes)
        except BriefTimeout as error:
            read = None, error.message
        if item.path is None:
            self._stdin = read
        return read

    # without an output folder: stdout, one file, or next to each brief; no manifest
    def _direct(self) -> Iterator[Outcome]:
        self._claimed.clear()
        pending: list[Planned] = []
        for item in self.inputs:
            if self.dry_run:
                _, error = self._read(item)
                if error is not None:
                    yield self._emit(Outcome(item.name, "failed", error=error))
                else:
                    yield self._emit(Outcome(item.name, "would convert", "no output folder"))
                continue
            pending.append(Planned(item))
        # in this process, in order, unless another executor was chosen
        for planned, result in self._results(pending, parallel=False):
            if result.fatal:
                raise UsageError(result.error or "configuration error")
            yield self._emit(self._write_direct(planned.item, result))

    def _write_direct(self, item: Input, result: Result) -> Outcome:
        outcome = Outcome(
            item.name,
            result.status,
            warnings=result.warnings,
            error=result.error,
            seconds=result.seconds,
            brand=result.brand or None,
        )
        if result.status != "converted":
            return outcome
        try:
            for fmt, data in result.outputs.items():
                if self.output == "-":
                    sys.stdout.buffer.write(data)
                    sys.stdout.buffer.flush()
                    continue
                if self.output is not None:
                    target = Path(self.output)
                else:
                    base = item.path.parent if item.path else Path.cwd()
                    relative_name = naming.output_name(
                        self.options.name, {**result.meta, "stem": item.stem}
                    )
                    target = naming.inside(base, relative_name, FORMATS[fmt])
                    owner = self._claimed.setdefault(target.resolve(), item.name)
                    if owner != item.name:  # "a.txt" and "a.md" both make a.json
                        raise ReportkitError(
                            f"output {target} is also the output of {owner}; rename "
                            "one of them, or convert them with -o into different folders"
                        )
                _write(target, data)
                outcome.outputs.append(str(target))
        except ReportkitError as error:
            outcome.status, outcome.error = "failed", str(error)
        return outcome

    # with an output folder: manifest, lock, skipping, workers
    def _batch(self, folder: Path, manifest: Manifest) -> Iterator[Outcome]:
        fields = naming.template_fields(self.options.name)
        claimed: dict[str, str] = {}  # output path -> input that owns it in this run
        brand_digests: dict[str, str] = {}
        pending: list[Planned] = []
        for item in self.inputs:
            key_name = item.key
            entry = manifest.entries.get(key_name)
            # Stat before reading: an edit after this changes the time the entry records.
            self._stats[key_name] = st = _stat(item)
            sha = ""  # of the bytes converted: known when its task is read
            if entry is not None and not self.force:
                if entry.same_input(st):
                    sha = entry.sha256  # untouched since it was converted: not read again
                else:  # read to tell an edit from a touch; the bytes are not kept
                    data, error = self._read(item)
                    if error is not None:
                        yield self._emit(Outcome(item.name, "failed", error=error))
                        continue
                    sha = _sha(data)  # type: ignore[arg-type]
                    del data
                digest = self._brand_digest(entry.brand, brand_digests, manifest)
                key = entry_key(sha, entry.brand, digest, self.options.key())
                if manifest.unchanged(key_name, key):
                    if not entry.same_input(st) and st is not None:  # touched, not edited
                        entry.input_size, entry.input_mtime_ns = st.st_size, st.st_mtime_ns
                        manifest.dirty = True
                    paths = [o.path for o in entry.outputs]
                    clash = next((p for p in paths if p in claimed), None)
                    if clash is None:
                        claimed.update(dict.fromkeys(paths, item.name))
                        yield self._emit(Outcome(item.name, "skipped", "unchanged", outputs=paths))
                        continue
                reason = manifest.reason(key_name, key)
            else:
                reason = "forced" if entry is not None else "new"
            if not fields & naming.CONTENT_FIELDS:  # names known now: claim them in order
                try:
                    names = self._names(item, {}, folder)
                except ReportkitError as error:
                    yield self._emit(Outcome(item.name, "failed", error=str(error)))
                    continue
                clash = next((p for p in names.values() if p in claimed), None)
                if clash is not None:
                    yield self._emit(
                        Outcome(
                            item.name,
                            "failed",
                            error=(
                                f"output {clash} is also the output of {claimed[clash]}; "
                                "give --name a template that tells them apart, e.g. '{dir}/{stem}'"
                            ),
                        )
                    )
                    continue
                claimed.update(dict.fromkeys(names.values(), item.name))
            if self.dry_run:
                if not sha:  # a brief that cannot be read would fail
                    _, error = self._read(item)
                    if error is not None:
                        yield self._emit(Outcome(item.name, "failed", error=error))
                        continue
                yield self._emit(Outcome(item.name, "would convert", reason))
                continue
            pending.append(Planned(item, reason))
        if self.dry_run:
            return
        yield from self._convert(folder, manifest, pending, claimed, brand_digests)

    def _convert(
        self,
        folder: Path,
        manifest: Manifest,
        pending: list[Planned],
        claimed: dict[str, str],
        brand_digests: dict[str, str],
    ) -> Iterator[Outcome]:
        last_save = time.monotonic()
        for planned, result in self._results(pending):
            item, sha, reason = planned.item, planned.sha, planned.reason
            if result.fatal:
                raise UsageError(result.error or "configuration error")
            outcome = Outcome(
                item.name,
                result.status,
                reason,
                warnings=result.warnings,
                error=result.error,
                seconds=result.seconds,
                brand=result.brand or None,
            )
            if result.status == "converted":
                outcome = self._write_batch(folder, item, result, claimed, outcome)
            if outcome.status == "converted":
                st = self._stats.get(item.key)
                digest = self._brand_digest(result.brand, brand_digests, manifest)
                manifest.record(
                    Entry(
                        input=item.key,
                        sha256=sha,
                        key=entry_key(sha, result.brand, digest, self.options.key()),
                        brand=result.brand,
                        brand_hash=digest,
                        options=self.options.key(),
                        version=__import__("reportkit").__version__,
                        status="converted",
                        outputs=outcome_records(folder, outcome),
                        warnings=[str(warning) for warning in result.warnings],
                        seconds=round(result.seconds, 3),
                        input_size=None if st is None else st.st_size,
                        input_mtime_ns=None if st is None else st.st_mtime_ns,
                    )
                )
            else:
                manifest.entries.pop(item.key, None)
                manifest.dirty = True
            if time.monotonic() - last_save >= SAVE_EVERY:
                self._save(manifest)
                last_save = time.monotonic()
            yield self._emit(outcome)

    def _write_batch(
        self, folder: Path, item: Input, result: Result, claimed: dict[str, str], outcome: Outcome
    ) -> Outcome:
        try:
            names = self._names(item, result.meta, folder)
            for path in names.values():
                owner = claimed.setdefault(path, item.name)
                if owner != item.name:
                    raise ReportkitError(f"output {path} is also the output of {owner}")
            for fmt, data in result.outputs.items():
                _write(folder / names[fmt], data)
                outcome.outputs.append(names[fmt])
        except ReportkitError as error:
            outcome.status, outcome.error, outcome.outputs = "failed", str(error), []
        return outcome

    def _names(self, item: Input, meta: dict[str, Any], folder: Path) -> dict[str, str]:
        values = {**meta, "stem": item.stem, "dir": item.subdir}
        values.setdefault("brand", self.options.brand)
        name: PurePosixPath = naming.output_name(self.options.name, values)
        return {
            fmt: relative(naming.inside(folder, name, FORMATS[fmt]), folder)
            for fmt in self.options.formats
        }

    def _brand_digest(self, name: str, cache: dict[str, str], manifest: Manifest) -> str:
        """The hash of every file of brand ``name`` (a name or a folder), once per run.

        Only the brand's folders are looked up, nothing is validated, and files the
        manifest knows unchanged are not read: a re-run that finds every brief unchanged
        never pays for loading a brand.
        """
        from reportkit.brand.search import SearchPath

        if name not in cache:
            templates = [Path(t) for t in self.options.templates]
            try:
                search = SearchPath.build(templates, extra_origin="configured")
                cache[name] = manifest.brand_digest(name, search)
            except ReportkitError:
                cache[name] = "missing"
        return cache[name]

    def _emit(self, outcome: Outcome) -> Outcome:
        self.outcomes.append(outcome)
        self.report(outcome)
        return outcome


def clean_stale_temporaries(folder: Path) -> int:
    """Remove temporary files a killed run left behind (``.NAME.XXXX.tmp``). Called while
    holding the folder's lock, so no live run is writing them."""
    removed = 0
    # os.walk, not Path.rglob: this runs on every run, over every output the folder has
    for parent, _, names in os.walk(folder):
        for name in names:
            if name.startswith(".") and name.endswith(".tmp") and len(name) >= 5:  # .*.tmp
                path = Path(parent, name)
                if path.is_file() and not path.is_symlink():
                    path.unlink(missing_ok=True)
                    removed += 1
    return removed


def outcome_records(folder: Path, outcome: Outcome) -> list[OutputRecord]:
    records = []
    for path in outcome.outputs:
        fmt = next(f for f, ext in FORMATS.items() if path.endswith(ext))
        records.append(OutputRecord.of(fmt, folder, path))
    return records


def _stat(item: Input) -> os.stat_result | None:
    if item.path is None:
        return None
    try:
        return item.path.stat()
    except OSError:
        return None  # reading it will say what is wrong


def _read(item: Input, max_bytes: int) -> tuple[bytes | None, str | None]:
    from reportkit.api import read_bounded, read_input

    try:
        if item.path is None:
            data = read_bounded(sys.stdin.buffer, max_bytes + 1)
            if len(data) > max_bytes:
                return None, f"<stdin>: over the {max_bytes:,}-byte limit"
            return data, None
        return read_input(item.path, max_bytes=max_bytes), None
    except ReportkitError as error:
        return None, message(error, str(item.path))


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    try:
        if path.is_symlink():
            raise ReportkitError(
                "is a symbolic link; not followed, not overwritten", path=shown(str(path))
            )
        write_atomic(path, data)
    except OSError as exc:
        raise ReportkitError(
            f"cannot be written ({exc.strerror or exc})", path=shown(str(path))
        ) from None


def tally(outcomes: Iterable[Outcome]) -> dict[str, int]:
    """Briefs by status: what the summary line, the JSON summary record and
    :attr:`reportkit.batch.public.Summary.counts` all say."""
    return dict(Counter(outcome.status for outcome in outcomes))


def log_line(outcome: Outcome) -> str:
    """One JSON line per input for ``--log-format json``: when (UTC), how bad (info,
    warning, error), which reportkit and brand, what was written, and why."""
    from datetime import UTC, datetime

    from reportkit._version import __version__

    level = "error" if outcome.status == "failed" else "warning" if outcome.warnings else "info"
    return safejson.dumps(
        {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": level,
            "version": __version__,
            "brand": outcome.brand,
            "input": outcome.name,
            "status": outcome.status,
            "reason": outcome.reason or None,
            "outputs": outcome.outputs,
            "warnings": [warning.to_dict() for warning in outcome.warnings],
            "error": outcome.error,
            "seconds": round(outcome.seconds, 3),
        },
    )


def summary_line(counts: dict[str, int], briefs: int) -> str:
    """The final ``--log-format json`` record: the run's totals by status."""
    from datetime import UTC, datetime

    from reportkit._version import __version__

    return safejson.dumps(
        {
            "time": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "level": "error" if counts.get("failed") else "info",
            "version": __version__,
            "event": "summary",
            "briefs": briefs,
            **{status.replace(" ", "_"): n for status, n in sorted(counts.items())},
        }
    )
