"""reportkit: plain-text analytical briefs -> structured model -> branded reports.

The public Python API lives in :mod:`reportkit.api`; the most used names are re-exported
here lazily so that ``import reportkit`` (and ``reportkit --version``) stays instant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from reportkit._version import __version__

__all__ = ["Brief", "ReportkitError", "__version__", "parse", "parse_file"]

if TYPE_CHECKING:  # pragma: no cover
    from reportkit.api import parse, parse_file
    from reportkit.errors import ReportkitError
    from reportkit.model import Brief


def __getattr__(name: str) -> Any:
    if name in ("parse", "parse_file"):
        from reportkit import api

        return getattr(api, name)
    if name == "Brief":
        from reportkit.model import Brief

        return Brief
    if name == "ReportkitError":
        from reportkit.errors import ReportkitError

        return ReportkitError
    raise AttributeError(f"module 'reportkit' has no attribute {name!r}")
