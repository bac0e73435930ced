"""``reportkit brands new``: start a brand that extends another and says only what differs
(the default), or a full, editable copy of it (``--copy``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from reportkit.brand.loader import NAME, resolve_folder
from reportkit.brand.search import BRAND_FILE, SearchPath
from reportkit.errors import BrandError

#: The _brand.yml of a new brand: what a brand team changes first, commented out where
#: the source's value is the usual starting point.
MINIMAL = """\
# Brand {name!r}: it extends {source!r} and says only what differs from it; everything
# else (templates, reference.docx, settings) follows {source!r} as it changes.
# After editing, `reportkit brands check {name}` lists every problem with its line.
meta:
  name:
    full: {name}
    short: {name}
  # link: https://www.example.org

# logo:                          # files in this folder; DOCX needs a PNG or JPEG
#   images:
#     full: {{path: logo.png, alt: {name}}}
#   medium: full

color:
  palette:
    brand: "#1f4e79"             # your colour: headings, rules, the key facts bar
  primary: brand

# typography:                    # fonts shipped here (and their licence), or installed
#   fonts:
#     - {{family: PT Sans, source: file, files: [fonts/PTS55F.ttf]}}
#   base: {{family: PT Sans, size: 10.5pt}}

defaults:
  reportkit:
    extends: {source}
    # classification: {{en: INTERNAL}}
    # footer: www.example.org
    # cover: banner              # plain | banner | full-page
    # page: {{size: A4, margins: 22mm 36mm 24mm 36mm}}
    # embed_fonts: true          # only when the fonts' licences allow embedding
"""


def new_brand(
    name: str,
    *,
    source: str = "default",
    into: Path,
    search: SearchPath | None = None,
    copy: bool = False,
) -> Path:
    """Create brand ``into/name``: a ``_brand.yml`` that extends ``source`` and sets only
    its name and colour, with the usual next edits commented (default); or, with
    ``copy``, an editable copy of ``source``, whose own files and comments are kept and
    whose inherited templates are copied too, so every file is there to edit.
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
    if not copy:
        # a folder of the source (not its name) when it is not on the search path
        extends = source if "/" not in source and search.find(source) else str(origin)
        target.mkdir()
        (target / BRAND_FILE).write_text(MINIMAL.format(name=name, source=extends), "utf-8")
        return target
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
