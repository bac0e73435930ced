"""The ``extends`` chain of a brand: its ``_brand.yml`` files read (bounded, with
positions), file paths made absolute and kept inside each brand's folder, the chain
merged, and where in which file a key is set (for error messages).
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportkit.brand.search import BRAND_FILE, SearchPath
from reportkit.errors import BrandError

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
LOGO_SIZES = ("small", "medium", "large")


@dataclass
class BrandDoc:
    """One ``_brand.yml`` of the chain: its folder, raw YAML (with positions) and data."""

    folder: Path
    raw: Any
    data: dict[str, Any]

    @property
    def file(self) -> Path:
        return self.folder / BRAND_FILE


def resolve_folder(ref: str | os.PathLike[str], search: SearchPath) -> Path:
    """The folder of brand ``ref``: a name on the search path, or a path to a folder
    (or to its ``_brand.yml``)."""
    text = os.fspath(ref)
    # A path has a separator or starts with "."; a bare name is looked up on the search
    # path only, even when a folder of that name sits in the working directory: a brief
    # whose front matter says "brand: evil" must not pick up ./evil/_brand.yml.
    looks_like_path = os.sep in text or "/" in text or text.startswith(".")
    if looks_like_path:
        folder = Path(text)
        if folder.name == BRAND_FILE:
            folder = folder.parent
        if not (folder / BRAND_FILE).is_file():
            raise BrandError(f"not a brand folder (no {BRAND_FILE} in it)", path=str(folder))
        return folder.resolve()
    if not NAME.match(text):
        raise BrandError(
            f"brand name {text!r} is not valid: use letters, digits, '.', '_' "
            "and '-', or give a path to a brand folder"
        )
    folder = search.find(text)
    if folder is None:
        raise BrandError(f"brand {text!r} not found{_suggestion(text, search)}")
    return folder


def _suggestion(name: str, search: SearchPath) -> str:
    """ "; did you mean 'meridian'? (available: default, meridian)", as git and pip say."""
    import difflib

    names = sorted({folder.name for folder, _ in search.folders()})
    close = difflib.get_close_matches(name, names, n=1, cutoff=0.6)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(names) if names else "none"
    return f"{hint} (available: {listed}; searched {search.describe()})"


def brand_chain(
    ref: str | os.PathLike[str],
    search: SearchPath | None = None,
    *,
    extends_of: Callable[[Path], Any] | None = None,
) -> tuple[Path, ...]:
    """The folders of brand ``ref`` and of the brands it extends, child first.

    Reads only what each ``_brand.yml`` extends, without validating anything: enough to
    hash a brand's files (an incremental run that converts nothing never pays for
    validation). ``extends_of(file)`` gives that value (default: :func:`brand_extends`);
    a caller that remembers it for unchanged files never parses YAML at all.
    """
    search = search or SearchPath.build()
    extends_of = extends_of or brand_extends

    def read(folder: Path) -> BrandDoc:
        parent = extends_of(folder / BRAND_FILE)
        data = {} if parent is None else {"defaults": {"reportkit": {"extends": parent}}}
        return BrandDoc(folder.resolve(), data, data)

    docs = read_chain(resolve_folder(ref, search), search, read=read)
    return tuple(doc.folder for doc in docs)


def load_chain(
    ref: str | os.PathLike[str], search: SearchPath
) -> tuple[list[BrandDoc], dict[str, Any]]:
    """The documents of brand ``ref``'s chain (child first) and their merged data, file
    paths relative to the child's folder (as brand-yml wants them)."""
    docs = read_chain(resolve_folder(ref, search), search)
    merged: dict[str, Any] = {}
    for doc in reversed(docs):
        merged = merge(merged, doc.data)
    return docs, relative_to(merged, docs[0].folder)


def brand_extends(file: Path) -> Any:
    """The ``defaults.reportkit.extends`` of a ``_brand.yml`` (None: it extends nothing),
    as written: :func:`brand_chain` checks it."""
    return _extends(read_data(file.parent).data)


def _extends(data: dict[str, Any]) -> Any:
    defaults = data.get("defaults")
    settings = defaults.get("reportkit") if isinstance(defaults, dict) else None
    return settings.get("extends") if isinstance(settings, dict) else None


# -- reading the chain -------------------------------------------------------------------
def read_chain(
    folder: Path, search: SearchPath, read: Callable[[Path], BrandDoc] | None = None
) -> list[BrandDoc]:
    docs: list[BrandDoc] = []
    names: list[str] = []
    while True:
        doc = (read or _read)(folder)
        docs.append(doc)
        names.append(folder.name)
        parent = _extends(doc.data)
        if parent is None:
            return _with_builtin_files(docs)
        where = locate(docs, ("defaults", "reportkit", "extends"))
        if not isinstance(parent, str) or not parent.strip():
            raise BrandError("defaults.reportkit.extends: must be a brand name", **where)
        if parent == folder.name:  # "extends: default" from a brand folder named default
            next_folder = search.find(parent, after=folder)
        else:
            next_folder = resolve_folder(parent, search) if "/" in parent else search.find(parent)
        if next_folder is None:
            raise BrandError(
                f"defaults.reportkit.extends: brand {parent!r} not found "
                f"(searched {search.describe()})",
                **where,
            )
        if any(d.folder == next_folder for d in docs):
            chain = " -> ".join([*names, next_folder.name])
            raise BrandError(f"defaults.reportkit.extends: circular extends {chain}", **where)
        folder = next_folder


def _with_builtin_files(docs: list[BrandDoc]) -> list[BrandDoc]:
    """A brand that extends nothing (a Quarto ``_brand.yml`` as it comes) still finds the
    built-in default brand's templates and reference document, as the last folder of its
    chain; it inherits none of its settings, colours or logo (the folder comes with no
    data), so a brand that says what it is stays exactly that."""
    from reportkit.brand.search import builtin_dir

    default = (builtin_dir() / "default").resolve()
    if any(doc.folder.resolve() == default for doc in docs):
        return docs
    return [*docs, BrandDoc(default, {}, {})]


def _read(folder: Path) -> BrandDoc:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    file = folder / BRAND_FILE
    try:
        raw = YAML(typ="rt").load(brand_text(file))
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise BrandError(
            f"invalid YAML: {exc.problem or exc.context}", path=str(file), line=line
        ) from None
    except YAMLError as exc:
        raise BrandError(f"invalid YAML: {exc}", path=str(file)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BrandError(f"cannot be read: {reason}", path=str(file)) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise BrandError(
            "must be a mapping of brand.yml keys (meta, logo, color, typography, defaults)",
            path=str(file),
            line=1,
        )
    data = _absolute_paths(_plain(raw), folder, file, raw)
    return BrandDoc(folder.resolve(), raw, data)


def read_data(folder: Path) -> BrandDoc:
    """The data of a ``_brand.yml`` only, with PyYAML's C parser: ruamel keeps the
    positions error messages need, and is 30 ms a file slower."""
    import yaml

    file = folder / BRAND_FILE
    try:
        data = yaml.load(brand_text(file), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise BrandError(f"cannot be read: {' '.join(str(exc).split())}", path=str(file)) from None
    data = data if isinstance(data, dict) else {}
    return BrandDoc(folder.resolve(), data, data)


def brand_text(file: Path) -> str:
    """A ``_brand.yml``'s text: a regular file within the size limit, without an alias
    flood (see :mod:`reportkit.limits`)."""
    from reportkit.limits import check_yaml_aliases, read_regular

    text = read_regular(file).decode("utf-8")
    check_yaml_aliases(text)
    return text


def _plain(value: Any) -> Any:
    """ruamel's commented containers -> plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _absolute_paths(data: dict[str, Any], folder: Path, file: Path, raw: Any) -> dict[str, Any]:
    """Logo and font file paths are relative to the brand file that names them."""

    def absolute(path: str, keys: tuple[Any, ...]) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*://", path, re.IGNORECASE):
            raise BrandError(
                f"{dotted(keys)}: {path!r} is a URL; brands use local files "
                "only (nothing is fetched at render time)",
                path=str(file),
                line=line_of(raw, keys),
            )
        resolved = (folder / path).resolve()  # ../ and symlinks resolved
        if not resolved.is_relative_to(folder.resolve()):
            raise BrandError(
                f"{dotted(keys)}: {path!r} is outside the brand folder; a brand's files "
                "must live in its folder (or come from the brand it extends)",
                path=str(file),
                line=line_of(raw, keys),
            )
        return os.path.normpath(folder / path)

    return _map_paths(data, absolute)


def relative_to(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """brand-yml wants paths relative to the brand file: the child's, after merging."""
    return _map_paths(data, lambda path, keys: os.path.relpath(path, folder))


def _map_paths(data: dict[str, Any], fn: Any) -> dict[str, Any]:
    """Apply ``fn(path, keys)`` to every file path a brand document names."""

    def fix(path: Any, keys: tuple[Any, ...]) -> Any:
        return fn(path, keys) if isinstance(path, str) else path

    logo = data.get("logo")
    if isinstance(logo, str):
        data["logo"] = fix(logo, ("logo",))
    elif isinstance(logo, dict):
        images = logo.get("images") if isinstance(logo.get("images"), dict) else {}
        for name, image in list(images.items()):
            if isinstance(image, dict):
                image["path"] = fix(image.get("path"), ("logo", "images", name, "path"))
            else:
                images[name] = fix(image, ("logo", "images", name))
        for size in LOGO_SIZES:
            value = logo.get(size)
            if isinstance(value, str) and value not in images:
                logo[size] = fix(value, ("logo", size))
            elif isinstance(value, dict):
                for key in ("path", "light", "dark"):
                    if isinstance(value.get(key), str) and value[key] not in images:
                        value[key] = fix(value[key], ("logo", size, key))
    typography = data.get("typography")
    fonts = typography.get("fonts") if isinstance(typography, dict) else None
    for i, font in enumerate(fonts if isinstance(fonts, list) else []):
        files = font.get("files") if isinstance(font, dict) else None
        for j, entry in enumerate(files if isinstance(files, list) else []):
            keys = ("typography", "fonts", i, "files", j)
            if isinstance(entry, dict):
                entry["path"] = fix(entry.get("path"), (*keys, "path"))
            else:
                files[j] = {"path": fix(entry, keys)}
    return data


def merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(over)


# -- locating problems ----------------------------------------------------------------------
def line_of(raw: Any, keys: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the deepest of ``keys`` present in a ruamel document."""
    line = None
    node = raw
    for key in keys:
        try:
            if isinstance(node, dict) and key in node:
                line = node.lc.key(key)[0] + 1
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                line = node.lc.item(key)[0] + 1
            else:
                break
            node = node[key]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line


def locate(docs: list[BrandDoc], keys: tuple[Any, ...]) -> dict[str, Any]:
    """``path=`` and ``line=`` of the nearest brand file that sets ``keys``."""
    best = None
    for doc in docs:
        line = line_of(doc.raw, keys)
        depth = _depth(doc.raw, keys)
        if line is not None and (best is None or depth > best[2]):
            best = (doc.file, line, depth)
    if best is None:
        return {"path": str(docs[0].file), "line": None}
    return {"path": str(best[0]), "line": best[1]}


def _depth(raw: Any, keys: tuple[Any, ...]) -> int:
    node, depth = raw, 0
    for key in keys:
        if (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and key < len(node)
        ):
            node, depth = node[key], depth + 1
        else:
            break
    return depth


def dotted(keys: tuple[Any, ...]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out
