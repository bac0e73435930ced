"""The manifest of an output folder: what was converted from what, so re-runs skip it.

``OUT/.reportkit-manifest.json`` holds one entry per input: the input's hash, the brand
and the hash of all of that brand's files, the options that shape the outputs, the
reportkit version, and the outputs with their hashes. An input is skipped when its key
(all of the above) is unchanged and every recorded output is still there, unmodified.

The manifest is written atomically, and only ever records outputs that were completely
written, so after a crash it may lag behind the folder, never run ahead of it.

A shard run (``--shard I/N``) keeps its own ``.reportkit-manifest.shard-I-of-N.json``, so
shards never write the same file; :func:`merge` folds them into the main manifest.
"""

from __future__ import annotations

import contextlib
import fnmatch
import hashlib
import json
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportkit import safejson
from reportkit._version import __version__
from reportkit.atomic import write_atomic
from reportkit.errors import ReportkitError

if TYPE_CHECKING:
    from collections.abc import Callable

    from reportkit.brand.search import SearchPath

NAME = ".reportkit-manifest.json"
#: Shard manifests: ``.reportkit-manifest.shard-I-of-N.json``.
SHARD_GLOB = ".reportkit-manifest.shard-*-of-*.json"
SCHEMA = "reportkit.manifest/1"


#: A manifest larger than this is not read: 1,000 briefs make ~1.2 MB.
MAX_MANIFEST_BYTES = 256 << 20


def _read_json(path: Path) -> Any:
    """A manifest's JSON, read without following a link and within a size limit."""
    from reportkit.api import read_bounded
    from reportkit.batch.lock import open_private

    handle = open_private(path, os.O_RDONLY)
    with os.fdopen(handle, "rb") as stream:
        data = read_bounded(stream, MAX_MANIFEST_BYTES + 1)
    if len(data) > MAX_MANIFEST_BYTES:
        raise ValueError(f"it is over {MAX_MANIFEST_BYTES:,} bytes")
    return json.loads(data.decode("utf-8"))


def _reason(error: BaseException) -> str:
    if isinstance(error, ReportkitError):
        return error.message
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error) if str(error).startswith("it ") else "it is not valid JSON"


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def brand_hash(folders: tuple[Path, ...], hash_of: Callable[[Path], str] = file_hash) -> str:
    """One hash over every file of a brand and what it extends: editing the CSS, the logo
    or a font changes it, and with it every report of that brand."""
    digest = hashlib.sha256()
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(f"{path.relative_to(folder).as_posix()}\0".encode())
            digest.update(hash_of(path).encode())
    return digest.hexdigest()


def entry_key(input_sha: str, brand: str, brand_digest: str, options: dict[str, Any]) -> str:
    payload = json.dumps([input_sha, brand, brand_digest, options, __version__], sort_keys=True)
    return hashlib.sha256(payload.encode()).hexdigest()


@dataclass
class OutputRecord:
    format: str
    path: str  # relative to the output folder
    sha256: str
    # When size and modification time still match, the file is taken as written without
    # hashing it again (as make and rsync do): a re-run over thousands of unchanged
    # briefs then reads no output at all.
    size: int | None = None
    mtime_ns: int | None = None

    def intact(self, folder: Path) -> bool:
        """Is the output still there, as it was written?"""
        path = os.path.join(folder, self.path)  # not Path: this runs for every output
        try:
            st = os.stat(path)
        except OSError:
            return False
        if not stat.S_ISREG(st.st_mode):
            return False
        if (self.size, self.mtime_ns) == (st.st_size, st.st_mtime_ns):
            return True
        return file_hash(Path(path)) == self.sha256

    @classmethod
    def of(cls, fmt: str, folder: Path, path: str) -> OutputRecord:
        """The record of an output just written."""
        st = (folder / path).stat()
        return cls(fmt, path, file_hash(folder / path), st.st_size, st.st_mtime_ns)


@dataclass
class Entry:
    input: str
    sha256: str
    key: str
    brand: str
    brand_hash: str
    options: dict[str, Any]
    version: str
    status: str  # "converted" | "failed"
    outputs: list[OutputRecord] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    error: str | None = None
    seconds: float = 0.0
    # The input's size and modification time when it was read: while they still match,
    # ``sha256`` is trusted without reading the input again.
    input_size: int | None = None
    input_mtime_ns: int | None = None

    def same_input(self, st: os.stat_result | None) -> bool:
        return st is not None and (self.input_size, self.input_mtime_ns) == (
            st.st_size,
            st.st_mtime_ns,
        )


class Manifest:
    """The entries of one output folder, keyed by the input's absolute path."""

    def __init__(self, folder: Path, name: str = NAME) -> None:
        self.folder = folder
        self.path = folder / name
        self.entries: dict[str, Entry] = {}
        #: brand files by absolute path: size, mtime_ns, and once known their sha256 and
        #: (for a ``_brand.yml``) what it extends; see :meth:`brand_digest`
        self.brand_files: dict[str, dict[str, Any]] = {}
        self._used_brand_files: set[str] = set()
        self.dirty = False
        #: why an existing manifest was set aside, for the run to report
        self.problem: str | None = None

    @staticmethod
    def shard_name(label: str) -> str:
        """The file name of the manifest of shard ``label`` (``shard-I-of-N``)."""
        return f".reportkit-manifest.{label}.json"

    @classmethod
    def load(cls, folder: Path, name: str = NAME) -> Manifest:
        """The folder's manifest; an empty one when there is none. One that cannot be
        used (a link, too large, not JSON, the wrong shape) is set aside as
        ``NAME.unusable`` with a warning (:attr:`problem`) and the run starts afresh:
        every output is checked anyway, and no file can brick the folder."""
        manifest = cls(folder, name)
        try:
            data = _read_json(manifest.path)
        except FileNotFoundError:
            return manifest
        except (OSError, ValueError, ReportkitError) as error:
            return manifest.set_aside(_reason(error))
        if not isinstance(data, dict) or data.get("schema") != SCHEMA:
            return manifest.set_aside(f"it is not a {SCHEMA} document")
        stamps = data.get("brand_files")
        if isinstance(stamps, dict):
            manifest.brand_files = {k: v for k, v in stamps.items() if isinstance(v, dict)}
        entries = data.get("entries") or {}
        if not isinstance(entries, dict):
            return manifest.set_aside("its entries are not a mapping")
        for key, raw in entries.items():
            try:
                raw = dict(raw)
                outputs = [OutputRecord(**o) for o in raw.pop("outputs", [])]
                manifest.entries[key] = Entry(**raw, outputs=outputs)
            except (TypeError, ValueError):
                continue  # an entry of another shape or version: convert it again
        return manifest

    def set_aside(self, reason: str) -> Manifest:
        """Keep the unusable file's bytes beside it, and say so once."""
        kept = self.path.with_name(self.path.name + ".unusable")
        ours = self.path.name == NAME or fnmatch.fnmatch(self.path.name, SHARD_GLOB)
        if not ours:  # a file named on the command line is not ours to move
            self.problem = f"{self.path.name} is not a usable manifest ({reason})"
            return self
        with contextlib.suppress(OSError):
            if not self.path.is_symlink():
                os.replace(self.path, kept)
        self.problem = (
            f"{self.path.name} could not be used ({reason}); it was kept as {kept.name} "
            "and every brief is checked again"
        )
        self.dirty = True
        return self

    def unchanged(self, name: str, key: str) -> Entry | None:
        """The entry of ``name`` if it can be skipped: same key, converted, and every
        output present with its recorded hash."""
        entry = self.entries.get(name)
        if entry is None or entry.key != key or entry.status != "converted":
            return None
        if all(output.intact(self.folder) for output in entry.outputs):
            return entry
        return None

    def reason(self, name: str, key: str) -> str:
        """Why ``name`` must be converted (for --dry-run and the log)."""
        entry = self.entries.get(name)
        if entry is None:
            return "new"
        if entry.status != "converted":
            return "failed last time"
        if entry.key != key:
            return "changed"
        return "missing or modified output"

    def brand_digest(self, ref: str, search: SearchPath) -> str:
        """:func:`brand_hash` of brand ``ref``. A file whose size and modification time
        are as this manifest last saw them is not read again, and a ``_brand.yml`` is
        not parsed again: a re-run that converts nothing never loads YAML."""
        from reportkit.brand.loader import brand_chain

        return brand_hash(brand_chain(ref, search, extends_of=self._extends), self._sha256)

    def _stamp(self, path: Path) -> dict[str, Any]:
        st = path.stat()  # before reading: an edit after it shows as a new time next run
        key = str(path)
        self._used_brand_files.add(key)
        stamp = self.brand_files.get(key)
        if stamp is None or (stamp.get("size"), stamp.get("mtime_ns")) != (
            st.st_size,
            st.st_mtime_ns,
        ):
            stamp = self.brand_files[key] = {"size": st.st_size, "mtime_ns": st.st_mtime_ns}
            self.dirty = True
        return stamp

    def _sha256(self, path: Path) -> str:
        stamp = self._stamp(path)
        if "sha256" not in stamp:
            stamp["sha256"] = file_hash(path)
            self.dirty = True
        return str(stamp["sha256"])

    def _extends(self, file: Path) -> Any:
        from reportkit.brand.loader import brand_extends

        try:
            stamp = self._stamp(file)
        except OSError:
            return brand_extends(file)  # which says what is wrong with it
        if "extends" not in stamp:
            stamp["extends"] = brand_extends(file)
            self.dirty = True
        return stamp["extends"]

    def record(self, entry: Entry) -> None:
        self.entries[entry.input] = entry
        self.dirty = True

    def save(self) -> None:
        if not self.dirty:
            return
        data = {
            "schema": SCHEMA,
            "generator": f"reportkit {__version__}",
            "entries": {name: asdict(e) for name, e in sorted(self.entries.items())},
            # the brand files this run used (all that were known, if it used none)
            "brand_files": {
                key: stamp
                for key, stamp in sorted(self.brand_files.items())
                if key in self._used_brand_files or not self._used_brand_files
            },
        }
        text = safejson.dumps(data, indent=1) + "\n"
        try:
            write_atomic(self.path, text.encode("utf-8"))
        except OSError as exc:  # a full disk: the previous manifest stays, complete
            raise ReportkitError(
                f"the manifest cannot be written ({exc.strerror or exc}); the reports "
                "written so far are complete and the next run checks them again",
                path=str(self.path),
            ) from None
        self.dirty = False


@dataclass
class Merged:
    """What :func:`merge` did."""

    files: list[Path]
    entries: int
    dropped: list[str]  # inputs whose recorded outputs are missing or modified


def merge(folder: Path, files: list[Path] | None = None, *, keep: bool = False) -> Merged:
    """Fold shard manifests (``files``, default: every shard manifest in ``folder``) into
    the folder's main manifest, written atomically. The caller holds the folder's lock.

    Later files win for an input recorded by several (default order: oldest first, by
    modification time). Entries whose outputs are missing are dropped, and so are
    entries whose outputs are also claimed by another entry but no longer hold the
    recorded bytes (two shards that wrote one name), so the merged manifest never runs
    ahead of the folder. Merged shard manifests inside ``folder`` are removed unless
    ``keep``.
    """
    if files is None:
        files = sorted(folder.glob(SHARD_GLOB), key=lambda p: (p.stat().st_mtime_ns, p.name))
    main = Manifest.load(folder)
    for file in files:
        if not file.is_file():
            raise ReportkitError("no such shard manifest", path=str(file))
        shard = Manifest.load(file.parent, file.name)
        if not shard.entries and file.stat().st_size and not _is_manifest(file):
            raise ReportkitError("not a reportkit manifest", path=str(file))
        main.entries.update(shard.entries)
    claims: dict[str, int] = {}
    for entry in main.entries.values():
        for output in entry.outputs:
            claims[output.path] = claims.get(output.path, 0) + 1
    dropped = []
    for name, entry in list(main.entries.items()):
        for output in entry.outputs:
            path = folder / output.path
            if not path.is_file() or (claims[output.path] > 1 and file_hash(path) != output.sha256):
                del main.entries[name]
                dropped.append(name)
                break
    main.dirty = True
    main.save()
    if not keep:
        for file in files:
            if file.parent.resolve() == folder.resolve():
                file.unlink(missing_ok=True)
    return Merged(files, len(main.entries), dropped)


def _is_manifest(path: Path) -> bool:
    try:
        return json.loads(path.read_text("utf-8")).get("schema") == SCHEMA
    except (OSError, ValueError, AttributeError):
        return False


def relative(path: Path, folder: Path) -> str:
    return os.path.relpath(path, folder).replace(os.sep, "/")
