"""Writers turn a report view (:class:`reportkit.writers.context.Report`) into a format.

Each writer implements :class:`reportkit.writers.base.Writer`:
``render(report, options) -> Output``. None of them looks at the brief's text again
(import-linter forbids them the reader). :data:`WRITERS` is the table of formats; each
writer's module is imported when its format is first used, so that start-up stays fast.
"""

from __future__ import annotations

import atexit
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportkit.brand.model import Brand
    from reportkit.writers.base import Writer

#: Format -> (module, class) of its writer. A new format: a module and a line here.
WRITERS: dict[str, tuple[str, str]] = {
    "html": ("reportkit.writers.html", "HtmlWriter"),
    "pdf": ("reportkit.writers.pdf", "PdfWriter"),
    "docx": ("reportkit.writers.docx", "DocxWriter"),
}

_WARM: dict[tuple[str, str], Writer] = {}
# Drop the warm writers while the interpreter is still whole: WeasyPrint's
# FontConfiguration cleans up in __del__, which fails noisily during shutdown.
atexit.register(_WARM.clear)


def writer_for(fmt: str, brand: Brand) -> Writer:
    """The process's warm writer of ``fmt`` for ``brand``: built once (templates,
    stylesheets, fonts, the reference document) and reused; a brand edited on disk
    gets a new one."""
    key = (fmt, repr(brand))
    writer = _WARM.get(key)
    if writer is None:
        module, name = WRITERS[fmt]
        writer = _WARM[key] = getattr(import_module(module), name)(brand)
    return writer
