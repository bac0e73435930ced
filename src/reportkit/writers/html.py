"""Report -> HTML with the brand's ``report.html.j2`` (for WeasyPrint, or standalone).

Brand templates are trusted less than code: they run in Jinja2's immutable sandbox with
autoescaping on, so neither a brief (data) nor a template (code) can reach Python
internals, and brief text is always text, never markup.

CSS comes in three layers, in this order:

1. ``brand_css``: colours, fonts (``@font-face`` for shipped files) and sizes from
   ``_brand.yml`` as CSS custom properties; parsed once per brand and process;
2. the brand's ``report.css``, which uses those properties;
3. ``page_css``: the page size and margins from ``_brand.yml`` (they win over
   ``report.css``, so a brand changes them without writing CSS).

The per-document words of the page margins (running title, "Page 3 of 5" in the
brief's language, classification) are in a small ``<style>`` inside the document.
"""

from __future__ import annotations

import base64
import functools
import mimetypes
import re
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from reportkit.brand.geometry import css_box
from reportkit.brand.model import FALLBACK_FAMILIES, Brand
from reportkit.errors import BrandError
from reportkit.writers.base import Output, WriterOptions
from reportkit.writers.context import Report

TEMPLATE = "report.html.j2"
STYLESHEET = "report.css"
#: Screen styles: standalone HTML only (WeasyPrint warned about every media feature).
SCREEN_STYLESHEET = "screen.css"
#: Characters that may stand in a CSS string as they are; everything else is escaped.
CSS_SAFE = re.compile(r"[\w .,:;!?()'/+*%#@&=-]")


class HtmlWriter:
    """Renders reports with one brand's template; build one per brand and reuse it."""

    format = "html"

    def __init__(self, brand: Brand) -> None:
        self.brand = brand

    @cached_property
    def template(self) -> Any:
        from jinja2 import FileSystemLoader, StrictUndefined, TemplateError
        from jinja2.sandbox import ImmutableSandboxedEnvironment

        env = ImmutableSandboxedEnvironment(
            loader=_BrandLoader(FileSystemLoader, self.brand.chain),
            autoescape=True,  # every template, whatever its name
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        try:
            return env.get_template(TEMPLATE)
        except TemplateError as error:
            raise template_error(error, self.brand) from None

    def render(self, report: Report, options: WriterOptions) -> Output:
        """The report as an HTML file (``options.standalone``: with its CSS and logo)."""
        html = self.document(report, standalone=options.standalone)
        return Output(self.format, html.encode("utf-8"))

    def _logo(self, standalone: bool) -> Any:
        """The brand's logo; for a standalone file a raster one when the brand has it: an
        SVG wordmark's text is drawn in the brand font, which the reader's browser may
        lack ("Meridian" clipped to "Meridiar" in a fallback font). WeasyPrint has the
        brand's fonts, so the PDF keeps the SVG."""
        return (standalone and self.brand.raster_logo()) or self.brand.logo()

    def document(self, report: Report, *, standalone: bool) -> str:
        """The report as HTML. ``standalone`` embeds the CSS and the logo, for a file that
        is read on its own; otherwise assets are linked for WeasyPrint to load."""
        from jinja2 import TemplateError
        from jinja2.exceptions import SecurityError

        logo = self._logo(standalone)
        context = {
            "report": report,
            "brand": {
                "name": self.brand.display_name,
                "link": self.brand.link,
                "colors": dict(self.brand.colors),
                "cover": self.brand.settings.cover,
            },
            "logo": (
                {
                    "src": _data_uri(logo.path) if standalone else logo.path.as_uri(),
                    "alt": logo.alt or self.brand.display_name,
                }
                if logo
                else None
            ),
            "labels": report.labels,
            # for WeasyPrint (paged), list numbers must come from CSS; a browser reads
            # <li value> and would apply counter-set after its own increment (0, 1, ...)
            "paged": not standalone,
            # CSS built by code, with every character of brief text hex-escaped
            # (css_string), so it is safe inside <style>; "</" is neutralised in case a
            # brand stylesheet contains "</style>".
            "document_css": _style_safe(document_css(report)),
            # Standalone HTML carries the brand's fonts as data: URIs when the brand says
            # their licences allow embedding (embed_fonts), as WOFF2 where the brand ships
            # it; otherwise it names them, and a reader without them sees the fallbacks.
            "inline_css": _style_safe(
                brand_css(
                    self.brand, font_faces="data" if self.brand.settings.embed_fonts else False
                )
                + _read_css(self.brand)
                + _read_css(self.brand, SCREEN_STYLESHEET)
                + page_css(self.brand)
            )
            if standalone
            else "",
        }
        try:
            return self.template.render(context)
        except SecurityError as error:
            raise BrandError(
                f"not allowed in a brand template: {error}", path=str(self.brand.template(TEMPLATE))
            ) from None
        except TemplateError as error:
            raise template_error(error, self.brand) from None
        except (OverflowError, MemoryError, RecursionError) as error:
            # The sandbox bounds what a template may touch, not how much it computes:
            # {{ range(10**10)|list }} is the template's fault, not a bug of ours.
            raise BrandError(
                f"template error: {type(error).__name__}: {error}",
                path=str(self.brand.template(TEMPLATE)),
            ) from None


def template_error(error: Exception, brand: Brand) -> BrandError:
    """A Jinja2 error as one line naming the template file and line."""
    name = getattr(error, "filename", None) or getattr(error, "name", None) or TEMPLATE
    line = getattr(error, "lineno", None)
    if line is None:  # raised while rendering: Jinja puts the template's lines in the
        import traceback  # traceback, the innermost template frame is where it failed

        for frame, lineno in traceback.walk_tb(error.__traceback__):
            if frame.f_code.co_filename.endswith(".j2"):
                name, line = frame.f_code.co_filename, lineno
    message = getattr(error, "message", None) or str(error)
    return BrandError(f"template error: {message}", path=str(name), line=line)


# -- CSS ----------------------------------------------------------------------------------
def css_string(text: str) -> str:
    """``text`` as a CSS string literal; anything but plain characters is hex-escaped, so
    no input can end the string or the rule."""
    # A hex escape ends with one space, which CSS consumes as part of the escape.
    out = [ch if CSS_SAFE.fullmatch(ch) else f"\\{ord(ch):06x} " for ch in text]
    return '"' + "".join(out) + '"'


def family_list(*families: str | None, generic: str = "sans-serif") -> str:
    """A font-family value that ends with fallbacks covering every script we promise."""
    names = [f for f in families if f] + [f for f in FALLBACK_FAMILIES if f not in families]
    return ", ".join(css_string(name) for name in names) + f", {generic}"


#: Font formats by file suffix, for the data: URI's media type.
FONT_TYPES = {".woff2": "font/woff2", ".woff": "font/woff", ".otf": "font/otf", ".ttf": "font/ttf"}


def font_data_uri(path: Path) -> str:
    """A font file as a data: URI, from its WOFF2 sibling when the brand ships one (a
    third of the size; scripts/woff2.py makes them)."""
    smaller = path.with_suffix(".woff2")
    chosen = smaller if smaller.is_file() else path
    stat = chosen.stat()
    return _font_uri(chosen, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=32)
def _font_uri(path: Path, _mtime: int, _size: int) -> str:
    """Encoded once per process and file version: a megabyte of base64 per report adds up."""
    return _data_uri(path, FONT_TYPES.get(path.suffix.lower(), "application/octet-stream"))


def brand_css(brand: Brand, *, font_faces: bool | Literal["data"] = True) -> str:
    """``@font-face`` rules and the brand's colours and fonts as custom properties.
    ``font_faces``: the files by URL (WeasyPrint), as data: URIs ("data", a standalone
    page), or none."""
    rules = []
    for font in brand.fonts if font_faces else ():
        for file in font.files:
            src = font_data_uri(file.path) if font_faces == "data" else file.path.as_uri()
            rules.append(
                f"@font-face {{ font-family: {css_string(font.family)}; "
                f"src: url({css_string(src)}); font-weight: {file.weight}; "
                f"font-style: {file.style}; }}"
            )
    t = brand.typography
    primary = brand.color("primary", "#1f4e79")
    variables = {
        "--brand-foreground": brand.color("foreground", "#1f2933"),
        "--brand-background": brand.color("background", "#ffffff"),
        "--brand-primary": primary,
        "--brand-secondary": brand.color("secondary", primary),
        "--brand-light": brand.color("light", "#f2f4f7"),
        "--brand-dark": brand.color("dark", "#1f2933"),
        "--brand-headings": t.headings_color or primary,
        "--brand-link": t.link_color or primary,
        "--font-base": family_list(t.base_family),
        "--font-headings": family_list(t.headings_family or t.base_family),
        "--font-mono": family_list(t.monospace_family, generic="monospace"),
        "--font-size": t.base_size or "10pt",
        "--line-height": t.line_height or "1.45",
        "--headings-weight": str(t.headings_weight or "bold"),
    }
    body = "".join(f"  {name}: {value};\n" for name, value in variables.items())
    return "\n".join(rules) + f"\n:root {{\n{body}}}\n"


def page_css(brand: Brand) -> str:
    """The page size and margins of ``_brand.yml``, and the margins as custom properties
    (``--page-margin-top``, ...), for what must reach the paper's edge (a banner cover)."""
    page = brand.settings.page
    sides = dict(zip(("top", "right", "bottom", "left"), css_box(page.margins), strict=True))
    margins = "".join(f" --page-margin-{side}: {length};" for side, length in sides.items())
    return f"\n@page {{ size: {page.size}; margin: {page.margins}; }}\n:root {{{margins} }}\n"


def document_css(report: Report) -> str:
    """The words of the page margins for this document, in its label language."""
    before, middle, after = report.page_label
    page = (
        f"{css_string(before)} counter(page) {css_string(middle)} counter(pages) "
        f"{css_string(after)}"
    )
    return (
        "@page {\n"
        f"  @top-left {{ content: {_margin_text(report.brand_name)}; }}\n"
        f"  @top-right {{ content: {_margin_text(report.short_title)}; }}\n"
        f"  @bottom-left {{ content: {_margin_text(report.footer)}; }}\n"
        f"  @bottom-center {{ content: {_margin_text(report.classification)}; }}\n"
        f"  @bottom-right {{ content: {page}; }}\n"
        "}\n"
        "@page :first {\n  @top-left { content: none; }\n  @top-right { content: none; }\n}\n"
    )


def _margin_text(text: str | None) -> str:
    """The content of a page-margin box: ``none`` for no text, so that WeasyPrint makes no
    box at all (an empty string still costs a margin box, laid out three times a page)."""
    return css_string(text) if text else "none"


def _style_safe(css: str) -> Any:
    from markupsafe import Markup

    return Markup(css.replace("</", "<\\/"))


def _BrandLoader(base: Any, chain: tuple[Path, ...]) -> Any:
    """Jinja2's file loader over the brand chain, refusing any template (``{% include %}``
    included) that is a link leaving its brand folder."""
    from reportkit.brand.model import inside_brand

    class BrandLoader(base):  # type: ignore[misc, valid-type]
        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            folder = next(
                (f for f in chain if Path(filename).is_relative_to(f)), chain[0] if chain else None
            )
            if folder is not None:
                inside_brand(Path(filename), folder)
            return source, filename, uptodate

    return BrandLoader([str(folder) for folder in chain])


def _read_css(brand: Brand, name: str = STYLESHEET) -> str:
    path = brand.template(name)
    return path.read_text("utf-8") if path else ""


def _data_uri(path: Path, kind: str | None = None) -> str:
    """``path`` as a data: URI; its media type guessed from its name unless given."""
    if kind is None:
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if path.suffix.lower() == ".svg":
            kind = "image/svg+xml"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"
