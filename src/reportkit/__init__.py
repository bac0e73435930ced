"""reportkit: plain-text analytical briefs -> structured model -> branded reports.

The public Python API lives in :mod:`reportkit.api`; the most used names are re-exported
here lazily so that ``import reportkit`` (and ``reportkit --version``) stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportkit._version import __version__

__all__ = [
    "Brand",
    "Brief",
    "ReportkitError",
    "__version__",
    "check_brand",
    "convert",
    "load_brand",
    "parse",
    "parse_file",
    "render",
]

if TYPE_CHECKING:  # pragma: no cover
    from reportkit.api import parse, parse_file
    from reportkit.api import render_bytes as render
    from reportkit.batch.public import convert
    from reportkit.brand import load_brand
    from reportkit.brand.model import Brand
    from reportkit.brandcheck import check_brand
    from reportkit.errors import ReportkitError
    from reportkit.model import Brief


def __dir__() -> list[str]:
    """The public names: what ``dir(reportkit)`` and editors' completion show."""
    return sorted(__all__)


#: Public name -> (module, attribute), imported on first use: ``import reportkit`` (and
#: ``reportkit --version``) stays instant.
_LAZY: dict[str, tuple[str, str]] = {
    "Brand": ("reportkit.brand.model", "Brand"),
    "Brief": ("reportkit.model", "Brief"),
    "ReportkitError": ("reportkit.errors", "ReportkitError"),
    "check_brand": ("reportkit.brandcheck", "check_brand"),
    "convert": ("reportkit.batch.public", "convert"),
    "load_brand": ("reportkit.brand", "load_brand"),
    "parse": ("reportkit.api", "parse"),
    "parse_file": ("reportkit.api", "parse_file"),
    "render": ("reportkit.api", "render_bytes"),
}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module 'reportkit' has no attribute {name!r}")
    from importlib import import_module

    module, attribute = _LAZY[name]
    return getattr(import_module(module), attribute)
