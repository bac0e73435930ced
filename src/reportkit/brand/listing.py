"""What ``brands list`` and ``brands show`` print."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportkit.brand.model import Brand
from reportkit.brand.search import BRAND_FILE, SearchPath


@dataclass(frozen=True)
class BrandRow:
    name: str
    folder: Path
    origin: str
    description: str
    shadowed: bool


def list_brands(search: SearchPath) -> list[BrandRow]:
    """Every brand folder on the search path; a later one with an earlier one's name is
    marked shadowed (it is never selected by name)."""
    rows = []
    seen: set[str] = set()
    for folder, origin in search.folders():
        rows.append(
            BrandRow(folder.name, folder, origin, _description(folder), folder.name in seen)
        )
        seen.add(folder.name)
    return rows


def _description(folder: Path) -> str:
    """The brand's description, read without validating the whole brand."""
    import yaml

    from reportkit.brand.chain import brand_text

    try:
        data = yaml.safe_load(brand_text(folder / BRAND_FILE)) or {}
        text = data["defaults"]["reportkit"]["description"]
        return str(text)
    except (yaml.YAMLError, OSError, ValueError, KeyError, TypeError):
        return "(no description)"


def brand_as_dict(brand: Brand) -> dict[str, Any]:
    """The resolved brand as plain data (paths as strings), for display."""

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, dict):
            return {str(k): plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, Path):
            return str(value)
        return value

    data = plain(brand)
    data["templates"] = {
        name: str(path) if (path := brand.template(name)) else None
        for name in ("report.html.j2", "report.css", "reference.docx")
    }
    return data
