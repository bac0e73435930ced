"""Load a brand folder: ``_brand.yml`` (+ ``extends``) -> validated :class:`Brand`.

Steps, each reporting problems as one line with the file, line and key path:

1. read every ``_brand.yml`` of the ``extends`` chain (child first), keeping positions,
   and merge them (:mod:`reportkit.brand.chain`);
2. validate the merged document with Posit's ``brand-yml`` package (structure, unknown
   keys, types, palette references, circular references);
3. check what brand-yml leaves open: colour values, that logo and font files exist,
   no network font sources; and reportkit's own ``defaults: reportkit:`` settings
   (:mod:`reportkit.brand.settings`).

Every problem of steps 2 and 3 is collected: the error raised is the first (by file and
line) and carries the others (``BrandError.more``), which ``reportkit brands check``
lists, so that a brand is fixed in one round, not one error per run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from reportkit.brand.chain import (
    LOGO_SIZES,
    NAME,
    BrandDoc,
    brand_chain,
    brand_extends,
    dotted,
    load_chain,
    locate,
    resolve_folder,
)
from reportkit.brand.search import SearchPath
from reportkit.errors import BrandError

if TYPE_CHECKING:
    # Imported where a Brand is built: hashing a brand's chain (a no-op re-run) needs none.
    from reportkit.brand.model import Brand, Font, Logo, Typography

__all__ = ["NAME", "BrandError", "brand_chain", "brand_extends", "load_brand", "resolve_folder"]

THEME_COLORS = (
    "foreground",
    "background",
    "primary",
    "secondary",
    "tertiary",
    "success",
    "info",
    "warning",
    "danger",
    "light",
    "dark",
)
#: Where reportkit's own settings live in a brand file.
SETTINGS_PATH = ("defaults", "reportkit")
T = TypeVar("T")


def load_brand(ref: str | os.PathLike[str], search: SearchPath | None = None) -> Brand:
    """Load, merge and validate brand ``ref`` (a name or a folder); a :class:`BrandError`
    names the first problem and carries the others."""
    from reportkit.brand.model import Brand, Settings
    from reportkit.brand.settings import settings_problems

    search = search or SearchPath.build()
    docs, merged = load_chain(ref, search)  # a chain that cannot be read: nothing to check
    problems: list[BrandError] = []
    validated = _validate(merged, docs, problems)
    defaults = merged.get("defaults")
    raw = defaults.get("reportkit", {}) if isinstance(defaults, dict) else {}
    settings, found = settings_problems({} if raw is None else raw)
    for keys, message in found:
        where = (*SETTINGS_PATH, *keys)
        problems.append(BrandError(f"{dotted(where)}: {message}", **locate(docs, where)))
    if validated is not None:
        colors, palette = _colors(validated.color, docs, problems)
        typography = _attempt(
            problems, lambda: _typography(validated.typography, colors, docs), None
        )
        fonts = _attempt(problems, lambda: tuple(_fonts(validated.typography, docs)), ())
        logos = _logos(validated.logo, docs, problems)
    brand = None
    if validated is not None and typography is not None:
        brand = Brand(
            name=docs[0].folder.name,
            chain=tuple(d.folder for d in docs),
            display_name=_display_name(validated.meta) or docs[0].folder.name,
            link=_link(validated.meta),
            colors=colors,
            palette=palette,
            typography=typography,
            fonts=fonts,
            logos=logos,
            settings=settings or Settings(),
        )
    if problems or brand is None:
        error = _first_of(problems)
        error.partial = brand
        raise error
    return brand


def _attempt(problems: list[BrandError], build: Callable[[], T], fallback: T) -> T:
    """``build()``, or ``fallback`` with its problem kept: one part of a brand that is
    wrong must not hide what is wrong with the next."""
    try:
        return build()
    except BrandError as problem:
        problems.append(problem)
        return fallback


def _first_of(problems: list[BrandError]) -> BrandError:
    """The first problem by file and line, carrying the others."""
    ordered = sorted(problems, key=lambda p: (p.path or "", p.line or 0))
    first = ordered[0]
    first.more = ordered[1:]
    return first


def _display_name(meta: Any) -> str | None:
    name = getattr(meta, "name", None)
    return getattr(name, "full", None) or getattr(name, "short", None)


def _link(meta: Any) -> str | None:
    link = getattr(meta, "link", None)
    link = link if isinstance(link, str) else getattr(link, "home", None)
    return str(link) if link else None


# -- 3. brand-yml validation ----------------------------------------------------------------
def _validate(merged: dict[str, Any], docs: list[BrandDoc], problems: list[BrandError]) -> Any:
    """brand-yml's model of the brand, or None with every problem it found."""
    from brand_yml import Brand as BrandYml
    from pydantic import ValidationError

    try:
        return BrandYml.model_validate(merged)
    except ValidationError as exc:
        for keys, message in _distinct_errors(exc.errors()):
            problems.append(BrandError(f"{dotted(keys)}: {message}", **locate(docs, keys)))
    except Exception as exc:  # brand-yml's own errors, e.g. CircularReferenceError
        text = " ".join(str(exc).split())
        keys = ("color", "palette") if "ircular" in text else ()
        problems.append(
            BrandError(f"{dotted(keys) + ': ' if keys else ''}{text}", **locate(docs, keys))
        )
    return None


def _distinct_errors(errors: list[dict[str, Any]]) -> list[tuple[tuple[Any, ...], str]]:
    """pydantic's errors, one per place, with union/model tags removed from the path.

    A union (logo: a path or a mapping) reports every alternative at one place; the one
    whose path goes deepest is the alternative the author meant."""

    def clean(loc: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple(
            k
            for k in loc
            if isinstance(k, int)
            or not (re.match(r"^[A-Z][A-Za-z]+$", k) or "[" in k or k in ("root", "str", "dict"))
        )

    def message(error: dict[str, Any]) -> str:
        if error["type"] == "extra_forbidden":
            return "unknown key"
        if error["type"] == "missing":
            return "required key is missing"
        return str(error["msg"]).split("\n")[0]

    def rank(error: dict[str, Any]) -> tuple[int, bool, bool]:
        return (
            len(clean(error["loc"])),
            error["type"] != "missing",
            error["type"] != "url_parsing",
        )

    best: dict[tuple[Any, ...], dict[str, Any]] = {}
    for error in errors:
        place = clean(error["loc"])[:2]  # "logo.medium", "color.bogus"
        if place not in best or rank(error) > rank(best[place]):
            best[place] = error
    return [(clean(e["loc"]), message(e)) for e in best.values()]


# -- 4. reportkit's checks and the resolved Brand -------------------------------------------
def _color(value: Any, keys: tuple[Any, ...], docs: list[BrandDoc]) -> str:
    """``"#rgb"``, ``"navy"``, ``"rgb(0 0 128)"`` -> ``"#000080"``; anything else is an error."""
    import tinycss2.color3

    parsed = tinycss2.color3.parse_color(value) if isinstance(value, str) else None
    if parsed is None or parsed == "currentColor":
        raise BrandError(
            f"{dotted(keys)}: {value!r} is not a colour (use #rrggbb, a CSS "
            "colour name or a palette entry)",
            **locate(docs, keys),
        )
    r, g, b = (round(c * 255) for c in parsed[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _colors(
    color: Any, docs: list[BrandDoc], problems: list[BrandError]
) -> tuple[dict[str, str], dict[str, str]]:
    """The theme colours and the palette as ``#rrggbb``; a value that is not a colour is
    a problem, and the others are still read (``brands check`` lints them)."""
    if color is None:
        return {}, {}

    def read(value: Any, keys: tuple[Any, ...]) -> str | None:
        try:
            return _color(value, keys, docs)
        except BrandError as problem:
            problems.append(problem)
            return None

    palette = {
        name: found
        for name, value in (color.palette or {}).items()
        if (found := read(value, ("color", "palette", name)))
    }
    colors = {}
    for name in THEME_COLORS:
        value = getattr(color, name, None)
        found = None if value is None else palette.get(value) or read(value, ("color", name))
        if found:
            colors[name] = found
    return colors, palette


def _typography(typo: Any, colors: dict[str, str], docs: list[BrandDoc]) -> Typography:
    from reportkit.brand.model import Typography

    if typo is None:
        return Typography()
    base, headings = typo.base, typo.headings
    mono, link = typo.monospace, typo.link

    def color(value: Any, keys: tuple[Any, ...]) -> str | None:
        if value is None:
            return None
        return colors.get(value) or _color(value, keys, docs)

    return Typography(
        base_family=getattr(base, "family", None),
        base_size=_str(getattr(base, "size", None)),
        line_height=_str(getattr(base, "line_height", None)),
        headings_family=getattr(headings, "family", None),
        headings_weight=_str(getattr(headings, "weight", None)),
        headings_color=color(getattr(headings, "color", None), ("typography", "headings", "color")),
        monospace_family=getattr(mono, "family", None),
        link_color=color(getattr(link, "color", None), ("typography", "link", "color")),
    )


def _file(docs: list[BrandDoc], location: Any) -> Path:
    """A brand-yml file location (relative to the child brand) as an absolute path."""
    return Path(os.path.normpath(docs[0].folder / str(getattr(location, "root", location))))


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "root", value))


def _fonts(typo: Any, docs: list[BrandDoc]) -> Iterator[Font]:
    from reportkit.brand.model import Font, FontFile

    for i, font in enumerate(getattr(typo, "fonts", None) or []):
        keys = ("typography", "fonts", i)
        if font.source in ("google", "bunny"):
            raise BrandError(
                f"{dotted((*keys, 'source'))}: source '{font.source}' downloads fonts at "
                "render time and batch machines have no network; ship the font files in the "
                "brand folder (source: file) or use an installed font (source: system)",
                **locate(docs, (*keys, "source")),
            )
        files = []
        for j, entry in enumerate(getattr(font, "files", None) or []):
            path = _file(docs, entry.path)
            if not path.is_file():
                raise BrandError(
                    f"{dotted((*keys, 'files', j))}: font file not found: {path}",
                    **locate(docs, (*keys, "files", j)),
                )
            weight = getattr(entry.weight, "root", entry.weight)
            files.append(
                FontFile(path, int(weight) if str(weight).isdigit() else 400, str(entry.style))
            )
        yield Font(font.family, font.source, tuple(files))


def _logos(logo: Any, docs: list[BrandDoc], problems: list[BrandError]) -> dict[str, Logo]:
    """The logo of each size; every file not found is a problem (all are reported)."""
    from reportkit.brand.model import Logo

    out: dict[str, Logo] = {}
    if logo is None:
        return out
    resources = {size: getattr(logo, size, None) for size in LOGO_SIZES}
    if not any(resources.values()) and getattr(logo, "path", None) is not None:
        resources = {"medium": logo}  # "logo: file.svg" - one logo for every size
    for size, resource in resources.items():
        if resource is None:
            continue
        resource = getattr(resource, "light", None) or resource
        path = _file(docs, resource.path)
        if not path.is_file():
            problems.append(
                BrandError(
                    f"logo.{size}: logo file not found: {path}", **locate(docs, ("logo", size))
                )
            )
            continue
        out[size] = Logo(path, getattr(resource, "alt", None))
    return out
