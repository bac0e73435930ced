"""The resolved brand both writers read: plain, typed values, every file an absolute path.

A :class:`Brand` is what ``_brand.yml`` (after ``extends``) means for reportkit: colours
as ``#rrggbb``, fonts with their files, the logo, and reportkit's own settings from
``defaults: reportkit:``. Writers never look at YAML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

CoverLayout = Literal["plain", "banner", "full-page"]

#: The files a brand folder may provide; a brand that ``extends`` another inherits the
#: ones it does not have.
TEMPLATE_FILES = ("report.html.j2", "report.css", "reference.docx")
#: Styles a brand's reference.docx must define: the DOCX writer uses them, and brands
#: check verifies them. Named by the built-in English name Word keeps in styles.xml.
DOCX_STYLES = (
    "Normal",
    "Title",
    "Subtitle",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Quote",
    "List Number",
    "List Bullet",
    "Hyperlink",
    "Caption",
    "Table Grid",
    "Header",
    "Footer",
)


@dataclass(frozen=True)
class Logo:
    path: Path
    alt: str | None = None


@dataclass(frozen=True)
class FontFile:
    path: Path
    weight: int = 400
    style: str = "normal"


@dataclass(frozen=True)
class Font:
    """A font family the brand uses: shipped files (``source: file``) or installed
    (``source: system``)."""

    family: str
    source: Literal["file", "system"]
    files: tuple[FontFile, ...] = ()


#: Logo files drawn as they are, whatever fonts a reader has.
RASTER_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp")
#: Families appended to every brand's font chain, so no script falls back silently:
#: DejaVu for Latin, Cyrillic, Greek, Arabic and Hebrew. Emoji are left to fontconfig's
#: fallback, which finds Noto Color Emoji (system-deps.sh installs it; without it an
#: emoji is a missing-glyph warning, never a silent box): named in the chain, Pango took
#: it for digits and spaces too, which have an emoji form.
FALLBACK_FAMILIES = ("DejaVu Sans",)


@dataclass(frozen=True)
class Typography:
    base_family: str | None = None
    base_size: str | None = None
    line_height: str | None = None
    headings_family: str | None = None
    headings_weight: int | str | None = None
    headings_color: str | None = None
    monospace_family: str | None = None
    link_color: str | None = None


@dataclass(frozen=True)
class Page:
    size: str = "A4"
    margins: str = "22mm 20mm 24mm 20mm"  # CSS shorthand: top right bottom left


@dataclass(frozen=True)
class Show:
    """Which parts of the report to include."""

    key_facts: bool = True
    key_judgements: bool = True  # the conclusions' first sentences, on page 1
    toc: bool = False
    sources: bool = True


@dataclass(frozen=True)
class Settings:
    """reportkit's own brand settings (``defaults: reportkit:`` in ``_brand.yml``).

    Text settings may be one string or one string per language (``{en: ..., ru: ...}``).
    """

    description: str = ""
    classification: dict[str, str] = field(default_factory=dict)
    footer: dict[str, str] = field(default_factory=dict)
    cover: CoverLayout = "plain"
    page: Page = field(default_factory=Page)
    date_format: str = "long"
    show: Show = field(default_factory=Show)
    key_facts_max: int = 6  # rows of the key facts box (the model ranks; the brand cuts)
    toc_min_entries: int = 4  # a contents list only from this many entries (with show.toc)
    embed_fonts: bool = False  # the brand's font licences allow embedding them in a DOCX
    labels: dict[str, dict[str, str]] = field(default_factory=dict)

    def text(self, name: Literal["classification", "footer"], language: str) -> str | None:
        """The value of a per-language text setting for ``language`` ("*" is any)."""
        values: dict[str, str] = getattr(self, name)
        base = language.replace("_", "-").split("-")[0].casefold()
        return values.get(base) or values.get("*") or values.get("en")


@dataclass(frozen=True)
class Brand:
    """A brand, resolved: ``chain`` is the brand's folder first, then what it extends."""

    name: str
    chain: tuple[Path, ...]
    display_name: str
    link: str | None = None
    colors: dict[str, str] = field(default_factory=dict)  # theme colour -> "#rrggbb"
    palette: dict[str, str] = field(default_factory=dict)
    typography: Typography = field(default_factory=Typography)
    fonts: tuple[Font, ...] = ()
    logos: dict[str, Logo] = field(default_factory=dict)  # small / medium / large
    settings: Settings = field(default_factory=Settings)

    @property
    def folder(self) -> Path:
        return self.chain[0]

    def color(self, name: str, default: str) -> str:
        return self.colors.get(name, default)

    def logo(self, *preferred: str) -> Logo | None:
        """The first logo size available among ``preferred`` (default: medium first)."""
        for size in preferred or ("medium", "large", "small"):
            if size in self.logos:
                return self.logos[size]
        return None

    def raster_logo(self, *preferred: str) -> Logo | None:
        """The first PNG/JPEG/GIF logo among ``preferred`` sizes: what DOCX can embed, and
        what a browser draws the same without the brand's fonts (an SVG wordmark's text
        needs them)."""
        for size in preferred or ("medium", "large", "small"):
            logo = self.logos.get(size)
            if logo is not None and logo.path.suffix.lower() in RASTER_SUFFIXES:
                return logo
        return None

    def template(self, filename: str) -> Path | None:
        """The file from the nearest brand in the chain that has it. A file that is a
        link leaving its brand folder is refused (a ``BrandError``): a brand may not pull
        ``/etc/passwd`` into reports as its stylesheet."""
        for folder in self.chain:
            candidate = folder / filename
            if candidate.is_file():
                return inside_brand(candidate, folder)
            if candidate.exists():  # a folder or a device where the brand's file should be
                from reportkit.errors import BrandError

                raise BrandError("is not a file", path=str(candidate))
        return None


def inside_brand(path: Path, folder: Path) -> Path:
    """``path`` if it resolves inside brand ``folder``; a ``BrandError`` otherwise."""
    if path.resolve().is_relative_to(folder.resolve()):
        return path
    from reportkit.errors import BrandError

    raise BrandError(
        "is a link to a file outside the brand folder; brand files must live in it",
        path=str(path),
    )
