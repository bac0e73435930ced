"""Report -> PDF with WeasyPrint, one warm renderer per brand and process.

A :class:`PdfWriter` holds what can be reused between documents: the Jinja2 template,
one ``FontConfiguration``, and the parsed brand stylesheets, built with that same font
configuration (without it ``@font-face`` fonts are silently ignored). The first report
of a process pays for WeasyPrint's start-up; later ones reuse it.

WeasyPrint's warnings (a glyph no font has, a resource the fetcher refused) are captured
and returned as diagnostics instead of going to stderr, and the PDF is checked to really
embed the brand's fonts: a brand font that fontconfig replaced is an error.
"""

from __future__ import annotations

import atexit
import hashlib
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from reportkit.brand.loader import BrandError
from reportkit.brand.model import Brand
from reportkit.errors import UsageError
from reportkit.writers.context import Report
from reportkit.writers.fetcher import make_fetcher
from reportkit.writers.html import STYLESHEET, HtmlWriter, brand_css, page_css


@dataclass
class Rendered:
    data: bytes
    pages: int
    fonts: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def pdf_variants() -> list[str]:
    """The PDF variants WeasyPrint can write (pdf/a-3b, pdf/ua-1, ...)."""
    from weasyprint.pdf import VARIANTS

    return sorted(VARIANTS)


def check_variant(variant: str) -> None:
    if variant not in pdf_variants():
        raise UsageError(f"unknown PDF variant {variant!r} (known: {', '.join(pdf_variants())})")


class PdfWriter:
    """Renders reports of one brand to PDF; reuse one per brand and process."""

    def __init__(self, brand: Brand) -> None:
        from weasyprint import CSS
        from weasyprint.text.fonts import FontConfiguration

        self.brand = brand
        self.html = HtmlWriter(brand)
        self.fetcher = make_fetcher(brand.chain)
        self.font_config = FontConfiguration()
        self.base_url = brand.folder.as_uri() + "/"
        css_options = {"font_config": self.font_config, "url_fetcher": self.fetcher}
        self.stylesheets = [CSS(string=brand_css(brand), base_url=self.base_url, **css_options)]
        stylesheet = brand.template(STYLESHEET)
        if stylesheet is not None:
            self.stylesheets.append(CSS(filename=str(stylesheet), **css_options))
        self.stylesheets.append(CSS(string=page_css(brand), base_url=self.base_url, **css_options))

    def render(
        self, report: Report, *, variant: str | None = None, identifier: str = ""
    ) -> Rendered:
        """The PDF of ``report``. ``variant`` is a WeasyPrint PDF variant (``pdf/a-3b``,
        ``pdf/ua-1``, ...); without one the PDF is still tagged for accessibility."""
        from weasyprint import HTML

        if variant is not None:
            check_variant(variant)
        html = self.html.render(report)
        with captured_warnings() as warnings:
            document = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).render(
                stylesheets=self.stylesheets, font_config=self.font_config
            )
            data = document.write_pdf(
                pdf_variant=variant,
                pdf_tags=True,
                # A stable identifier: the same brief and brand give the same file id,
                # and PDF/A validators want one.
                pdf_identifier=hashlib.md5(
                    identifier.encode() or html.encode(), usedforsecurity=False
                )
                .hexdigest()
                .encode(),
            )
        fonts = {font.family for font in document.fonts.values()}
        self._check_fonts(fonts)
        return Rendered(data, len(document.pages), fonts, warnings)

    def _check_fonts(self, used: set[str]) -> None:
        typography = self.brand.typography
        wanted = {typography.base_family, typography.headings_family} - {None}
        lowered = {name.casefold() for name in used}
        for family in sorted(wanted):  # type: ignore[type-var]
            if family.casefold() not in lowered:  # type: ignore[union-attr]
                raise BrandError(
                    f"brand font {family!r} is not in the PDF (it used "
                    f"{', '.join(sorted(used)) or 'no font'}); ship the font with the brand "
                    "(source: file) or install it, and run reportkit brands check",
                    path=str(self.brand.folder),
                )


_WRITERS: dict[str, PdfWriter] = {}
# Drop the warm writers while the interpreter is still whole: WeasyPrint's
# FontConfiguration cleans up in __del__, which fails noisily during shutdown.
atexit.register(_WRITERS.clear)


def pdf_writer(brand: Brand) -> PdfWriter:
    """The process's warm writer for ``brand`` (a brand edited on disk gets a new one)."""
    key = repr(brand)
    writer = _WRITERS.get(key)
    if writer is None:
        writer = _WRITERS[key] = PdfWriter(brand)
    return writer


@contextmanager
def captured_warnings() -> Iterator[list[str]]:
    """Collect WeasyPrint's warnings instead of printing them."""
    logger = logging.getLogger("weasyprint")
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(" ".join(record.getMessage().split()))

    handler = Collect(level=logging.WARNING)
    saved = logger.handlers[:], logger.propagate
    logger.handlers = [handler]
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.handlers, logger.propagate = saved


def describe_warning(message: str) -> tuple[str, str]:
    """``(code, text)`` for a diagnostic about a WeasyPrint warning."""
    if ".notdef glyph" in message:
        return "missing-glyph", f"no font has a glyph for some text: {message}"
    if "refused to load" in message or "Failed to load" in message:
        return "resource-refused", message
    return "renderer-warning", message
