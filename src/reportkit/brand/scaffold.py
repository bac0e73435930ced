"""``reportkit brands new``: start a brand from a copy of an existing one."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportkit.brand.loader import NAME, resolve_folder
from reportkit.brand.search import BRAND_FILE, SearchPath
from reportkit.errors import BrandError


def new_brand(
    name: str, *, source: str = "default", into: Path, search: SearchPath | None = None
) -> Path:
    """Create ``into/name`` as an editable copy of brand ``source``.

    The copy keeps ``source``'s own files and comments; templates it inherits through
    ``extends`` are copied too, so every file a brand team may want to edit is there.
    """
    if not NAME.match(name) or name.startswith("."):
        raise BrandError(f"brand name {name!r} is not valid: use letters, digits, '.', '_' and '-'")
    search = search or SearchPath.build()
    origin = resolve_folder(source, search)
    target = into / name
    if target.exists():
        raise BrandError("already exists; choose another name or remove it first", path=str(target))
    from reportkit.brand.loader import load_brand  # validates the source first

    brand = load_brand(origin, search)
    into.mkdir(parents=True, exist_ok=True)
    shutil.copytree(origin, target, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for folder in brand.chain[1:]:
        for item in folder.iterdir():
            if item.is_file() and not (target / item.name).exists() and item.name != BRAND_FILE:
                shutil.copy2(item, target / item.name)
    _rename(target / BRAND_FILE, name)
    return target


def _rename(file: Path, name: str) -> None:
    """Set ``meta.name`` to the new brand's name, keeping the file's comments."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="rt")
    data = yaml.load(file.read_text("utf-8")) or {}
    meta = data.setdefault("meta", {})
    if isinstance(meta, dict):
        meta["name"] = name
    with file.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)
