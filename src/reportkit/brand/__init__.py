"""Brands: ``templates/<name>/_brand.yml`` folders in the brand.yml format.

>>> from reportkit.brand import load_brand
>>> brand = load_brand("default")
>>> brand.display_name, brand.template("report.css").name
('reportkit', 'report.css')
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from reportkit.brand.loader import BrandError, brand_chain, load_brand, resolve_folder
    from reportkit.brand.model import Brand, Logo, Settings
    from reportkit.brand.search import BRAND_FILE, SearchPath, builtin_dir

#: Where each name lives. Imported on first use, so that importing one small module of
#: the package (``reportkit.brand.search``, for a no-op re-run) loads nothing else.
_HOMES = {
    "BrandError": "loader",
    "brand_chain": "loader",
    "load_brand": "loader",
    "resolve_folder": "loader",
    "Brand": "model",
    "Logo": "model",
    "Settings": "model",
    "BRAND_FILE": "search",
    "SearchPath": "search",
    "builtin_dir": "search",
}

__all__ = [
    "BRAND_FILE",
    "Brand",
    "BrandError",
    "Logo",
    "SearchPath",
    "Settings",
    "brand_chain",
    "builtin_dir",
    "load_brand",
    "resolve_folder",
]


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module 'reportkit.brand' has no attribute {name!r}")
    return getattr(import_module(f"reportkit.brand.{_HOMES[name]}"), name)
