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
    from reportkit.errors import ReportkitError
    from reportkit.model import Brief


def __dir__() -> list[str]:
    """The public names: what ``dir(reportkit)`` and editors' completion show."""
    return sorted(__all__)


def __getattr__(name: str) -> Any:
    if name in ("parse", "parse_file"):
        from reportkit import api

        return getattr(api, name)
    if name == "render":
        from reportkit.api import render_bytes

        return render_bytes
    if name == "convert":
        from reportkit.batch.public import convert

        return convert
    if name == "load_brand":
        from reportkit.brand import load_brand

        return load_brand
    if name == "Brand":
        from reportkit.brand.model import Brand

        return Brand
    if name == "Brief":
        from reportkit.model import Brief

        return Brief
    if name == "ReportkitError":
        from reportkit.errors import ReportkitError

        return ReportkitError
    raise AttributeError(f"module 'reportkit' has no attribute {name!r}")
