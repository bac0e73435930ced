"""Report -> PDF with WeasyPrint, one warm renderer per brand and process.

A :class:`PdfWriter` holds what can be reused between documents: the Jinja2 template,
one ``FontConfiguration``, and the parsed brand stylesheets, built with that same font
configuration (without it ``@font-face`` fonts are silently ignored). The first report
of a process pays for WeasyPrint's start-up; later ones reuse it.

Three measured fast paths cut a warm report's time by 15-20 %, with the same pages:
each stream is deflated once (:func:`deflate_once`), the garbage collector waits until
a document is written (:func:`collection_paused`), and references are underlined rather
than given a dotted border (:meth:`PdfWriter._ref_underline_offset`).

WeasyPrint's warnings (a glyph no font has, a resource the fetcher refused) are captured
and returned as diagnostics instead of going to stderr, and the PDF is checked to really
embed the brand's fonts: a brand font that fontconfig replaced is an error.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from reportkit.brand.model import Brand
from reportkit.errors import BrandError, UsageError
from reportkit.model import Diagnostic
from reportkit.writers.base import Output, WriterOptions
from reportkit.writers.context import Report
from reportkit.writers.fetcher import make_fetcher
from reportkit.writers.html import STYLESHEET, HtmlWriter, brand_css, page_css


def pdf_variants() -> list[str]:
    """The PDF variants WeasyPrint can write (pdf/a-3b, pdf/ua-1, ...)."""
    from weasyprint.pdf import VARIANTS

    return sorted(VARIANTS)


def check_variant(variant: str) -> None:
    if variant not in pdf_variants():
        raise UsageError(f"unknown PDF variant {variant!r} (known: {', '.join(pdf_variants())})")


class PdfWriter:
    """Renders reports of one brand to PDF; reuse one per brand and process."""

    format = "pdf"

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
        offset = self._ref_underline_offset()
        if offset is not None:
            self.stylesheets.append(
                CSS(string=f":root {{ --ref-underline-offset: {offset:.4f}em; }}", **css_options)
            )

    def _ref_underline_offset(self) -> float | None:
        """Where the bottom of a source reference's text box is, below its baseline, in em
        of its font; None if it cannot be measured.

        ``report.css`` marks references (``a.ref``) with a dotted underline placed there,
        where the dotted ``border-bottom`` it replaces was drawn: WeasyPrint 70 draws a
        one-sided dotted border as one clipped circle per dot (~300 on a page: nearly
        half the PDF's bytes and ~15 % of the time of a report), an underline as one
        dashed stroke with round caps: the same dots. The spot depends on the font's
        ascent and descent, so it is measured once per brand, by laying out a reference
        with the brand's stylesheets.
        """
        from weasyprint import HTML
        from weasyprint.formatting_structure.boxes import InlineBox

        probe = '<html lang="en"><body><p><a class="ref">Hxg</a></p></body></html>'
        try:
            with captured_warnings():
                document = HTML(string=probe, url_fetcher=self.fetcher).render(
                    stylesheets=self.stylesheets, font_config=self.font_config
                )
            for box in document.pages[0]._page_box.descendants():
                if isinstance(box, InlineBox) and box.element_tag == "a":
                    bottom = box.content_box_y() + box.height
                    return float((bottom - box.position_y - box.baseline) / box.style["font_size"])
        except Exception:  # a WeasyPrint whose boxes differ: report.css has a fallback
            return None
        return None

    def render(self, report: Report, options: WriterOptions) -> Output:
        """The PDF of ``report``. ``options.pdf_variant`` is a WeasyPrint PDF variant
        (``pdf/a-3b``, ``pdf/ua-1``, ...); without one the PDF is still tagged for
        accessibility. WeasyPrint's warnings are the output's diagnostics."""
        from weasyprint import HTML

        variant, identifier = options.pdf_variant, options.identifier
        if variant is not None:
            check_variant(variant)
        html = self.html.document(report, standalone=False)
        with captured_warnings() as warnings, collection_paused():
            document = HTML(string=html, base_url=self.base_url, url_fetcher=self.fetcher).render(
                stylesheets=self.stylesheets, font_config=self.font_config
            )
            data = document.write_pdf(
                finisher=deflate_once,
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
            pages = len(document.pages)
            del document  # garbage now, for the collection when the pause ends
        self._check_fonts(fonts)
        diagnostics = [
            Diagnostic("warning", *describe_warning(message)) for message in dict.fromkeys(warnings)
        ]
        return Output(self.format, data, diagnostics, pages)

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


#: zlib level for the PDF's streams. pydyf uses 9; 6 (zlib's default) deflates in half
#: the time (2.7 against 5.1 ms a report) for files 1-2 % larger (measured: default
#: brand +0.8 %, meridian +2.1 %, where the font subsets gain most from 9).
DEFLATE_LEVEL = 6


def deflate_once(document: Any, pdf: Any) -> None:
    """Compress each of ``pdf``'s streams once, before pydyf writes the file.

    A WeasyPrint ``finisher``: it runs on the finished ``pydyf.PDF`` just before it is
    written. pydyf deflates a stream every time its bytes are read, and with a file
    identifier it reads every object twice, to write it and again to hash the file for the
    trailer's ``/ID`` (which PDF/A wants, so we always set one): each stream was deflated
    twice at level 9. Here each is deflated once and stored as already-compressed bytes
    with the same ``/Filter`` pydyf would have written, so the file is the same but for the
    level. Streams WeasyPrint leaves uncompressed (PDF/A-1 metadata) stay uncompressed.
    """
    import pydyf

    to_bytes = getattr(pydyf, "_to_bytes", None)
    if to_bytes is None:  # a pydyf without the helper: leave its own compression alone
        return
    for obj in pdf.objects:
        if isinstance(obj, pydyf.Stream) and obj.compress:
            raw = b"\n".join(to_bytes(item) for item in obj.stream)
            obj.stream = [zlib.compress(raw, DEFLATE_LEVEL)]
            obj.extra["Filter"] = "/FlateDecode"
            obj.compress = False


@contextmanager
def collection_paused() -> Iterator[None]:
    """No cyclic garbage collection while WeasyPrint renders one document; one
    collection of the young generations after it.

    A render allocates some 10^5 objects that live until the document is written (boxes,
    styles, layouts). With the collector on, they trigger ~20 young collections per
    document, get promoted, and every ~5 documents force a full collection that walks
    the whole warm process (WeasyPrint, fontTools, pyphen's dictionaries): 13-20 ms of
    each report went to the collector, 4-6 ms now. Nearly all of a render's garbage is
    freed by reference counting anyway (peak RSS rendering a 300 KB brief: 306 MB paused,
    301 MB not), so one collection of what the render left behind, when it is done, is
    enough.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            gc.collect(1)


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
