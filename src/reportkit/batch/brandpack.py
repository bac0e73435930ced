"""The brands of a run as bytes, for workers that cannot see this machine's files.

A Dask worker has a file system of its own: brand folders given with ``--templates`` or
in the config, found in ``./templates``, or named by path with ``--brand`` exist only on
the machine that started the run. That machine packs every brand folder on its search
path (the built-in brands excepted: they ship with the package, and the workers run the
same version) into one :class:`BrandPack`. It travels to each worker once per run; the
worker unpacks it once, into a private temporary folder named after the pack's digest,
and looks brands up there in the same order as the client would.

Brands a brief's front matter names *by path* are not packed (the client does not parse
briefs); on a worker they must exist at that path.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from reportkit.brand.search import BRAND_FILE, SearchPath, builtin_dir

#: Unpacked packs kept per worker process (older ones are removed).
KEEP = 8


@dataclass(frozen=True)
class BrandPack:
    """Brand folders as ``(relative path, bytes)``: ``dN/BRAND/...`` for the N-th folder
    of the search path, ``brand/NAME/...`` for a configured brand given as a path."""

    digest: str
    #: the client's search path, in order: (folder, origin, is the built-in brands)
    folders: tuple[tuple[str, str, bool], ...]
    files: tuple[tuple[str, bytes], ...]
    brand_ref: str | None = None  # the configured brand as the user wrote the path
    brand_path: str | None = None  # where it is in the pack
    brand_folder: str | None = None  # and where it is on the client

    @classmethod
    def build(cls, templates: tuple[str, ...], brand: str, cwd: Path | None = None) -> BrandPack:
        """Pack the brand folders a run with ``--templates`` ``templates`` and the
        configured ``brand`` can use, as seen from ``cwd`` (default: here)."""
        cwd = cwd or Path.cwd()
        search = SearchPath.build([Path(t) for t in templates], cwd=cwd, extra_origin="configured")
        builtin = builtin_dir().resolve()
        files: list[tuple[str, bytes]] = []
        folders: list[tuple[str, str, bool]] = []
        for directory, origin in search.entries:
            prefix = f"d{len(folders)}"
            folders.append((str(directory), origin, directory == builtin))
            if directory == builtin:
                continue  # every worker has them
            if directory.is_dir():
                for child in sorted(directory.iterdir()):
                    if (child / BRAND_FILE).is_file():
                        files += _files(child, f"{prefix}/{child.name}")
        brand_ref = brand_path = brand_folder = None
        folder = _brand_folder(brand, cwd)
        if folder is not None:
            brand_ref, brand_path, brand_folder = brand, f"brand/{folder.name}", str(folder)
            files += _files(folder, brand_path)
        digest = hashlib.sha256()
        digest.update(repr((folders, brand_ref, brand_path, brand_folder)).encode())
        for name, data in files:
            digest.update(f"{name}\0{len(data)}\0".encode())
            digest.update(data)
        return cls(
            digest.hexdigest(), tuple(folders), tuple(files), brand_ref, brand_path, brand_folder
        )

    @property
    def size(self) -> int:
        return sum(len(data) for _, data in self.files)


def _brand_folder(brand: str, cwd: Path) -> Path | None:
    """The folder of ``brand`` if it names one by path (the rule of
    :func:`reportkit.brand.loader.resolve_folder`), else None."""
    path = Path(brand) if Path(brand).is_absolute() else cwd / brand
    # as resolve_folder: a bare name is a name on the search path, never a folder here
    looks_like_path = os.sep in brand or "/" in brand or brand.startswith(".")
    if not looks_like_path:
        return None
    if path.name == BRAND_FILE:
        path = path.parent
    return path.resolve() if (path / BRAND_FILE).is_file() else None


def _files(folder: Path, prefix: str) -> list[tuple[str, bytes]]:
    """The brand's files to ship; a link leaving the folder is refused, as locally."""
    from reportkit.brand.model import inside_brand

    return [
        (f"{prefix}/{path.relative_to(folder).as_posix()}", inside_brand(path, folder).read_bytes())
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    ]


# -- the worker side --------------------------------------------------------------------------
@dataclass(frozen=True)
class Unpacked:
    root: Path
    pack: BrandPack

    def search(self) -> SearchPath:
        """The client's search path, entry for entry: packed folders, and the worker's
        own built-in brands where the client had its own (the worker's ./templates is
        not searched: the client did not have it)."""
        builtin = builtin_dir().resolve()
        return SearchPath(
            tuple(
                (builtin if is_builtin else self.root / f"d{n}", origin)
                for n, (_, origin, is_builtin) in enumerate(self.pack.folders)
            )
        )

    def client_paths(self, text: str) -> str:
        """``text`` (an error message) with the pack's folders named as on the client."""
        builtin = str(builtin_dir().resolve())
        for n, (folder, _, is_builtin) in reversed(list(enumerate(self.pack.folders))):
            text = text.replace(builtin if is_builtin else str(self.root / f"d{n}"), folder)
        if self.pack.brand_path is not None and self.pack.brand_folder is not None:
            text = text.replace(str(self.root / self.pack.brand_path), self.pack.brand_folder)
        return text

    def brand(self, name: str) -> str:
        """``name`` as the worker must load it: a packed path for the configured brand
        given by path, else unchanged."""
        if self.pack.brand_path is not None and name == self.pack.brand_ref:
            return str(self.root / self.pack.brand_path)
        return name


_UNPACKED: dict[str, Unpacked] = {}
_LOCK = threading.Lock()


def unpack(pack: BrandPack, under: Path | None = None) -> Unpacked:
    """The pack's files in a temporary folder of this process (in ``under``, e.g. a Dask
    worker's scratch directory, which Dask purges even after a worker was killed); once
    per digest."""
    with _LOCK:
        found = _UNPACKED.get(pack.digest)
        if found is not None:
            return found
        root = Path(tempfile.mkdtemp(prefix=f"reportkit-brands-{pack.digest[:12]}-", dir=under))
        for name, data in pack.files:
            relative = PurePosixPath(name)
            if relative.is_absolute() or ".." in relative.parts:
                raise ValueError(f"brand pack: bad file name {name!r}")
            target = root.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        for n in range(len(pack.folders)):
            (root / f"d{n}").mkdir(exist_ok=True)
        _UNPACKED[pack.digest] = found = Unpacked(root, pack)
        while len(_UNPACKED) > KEEP:
            oldest = next(iter(_UNPACKED))
            shutil.rmtree(_UNPACKED.pop(oldest).root, ignore_errors=True)
        return found


def unpacked(digest: str) -> Unpacked:
    """The pack with ``digest`` this process unpacked (KeyError if it did not)."""
    return _UNPACKED[digest]


@atexit.register
def _remove_all() -> None:
    for item in list(_UNPACKED.values()):
        with contextlib.suppress(OSError):
            shutil.rmtree(item.root, ignore_errors=True)
    _UNPACKED.clear()
