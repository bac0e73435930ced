"""Load a brand folder: ``_brand.yml`` (+ ``extends``) -> validated :class:`Brand`.

Steps, each reporting problems as one line with the file, line and key path:

1. read every ``_brand.yml`` of the ``extends`` chain (child first), keeping positions;
2. make file paths absolute relative to the folder that names them, then merge the
   chain (the child wins key by key; lists are replaced, not concatenated);
3. validate the merged document with Posit's ``brand-yml`` package (structure, unknown
   keys, types, palette references, circular references);
4. check what brand-yml leaves open: colour values, that logo and font files exist,
   no network font sources, and reportkit's own ``defaults: reportkit:`` settings.
"""

from __future__ import annotations

import copy
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportkit.brand.search import BRAND_FILE, SearchPath
from reportkit.errors import BrandError

if TYPE_CHECKING:
    # Imported where a Brand is built: hashing a brand's chain (a no-op re-run) needs none.
    from reportkit.brand.model import Brand, Font, Logo, Settings, Typography

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
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
LOGO_SIZES = ("small", "medium", "large")
PAGE_SIZES = ("A3", "A4", "A5", "B5", "Letter", "Legal", "Ledger")
LENGTH = r"\d+(?:\.\d+)?(?:mm|cm|in|pt|pc|px)"
COVERS = ("plain", "banner", "full-page")
DATE_STYLES = ("full", "long", "medium", "short")
SETTINGS_KEYS = (
    "extends",
    "description",
    "classification",
    "footer",
    "cover",
    "page",
    "date_format",
    "show",
    "key_facts_max",
    "labels",
)
#: The most rows a key facts box may be set to show: a box, not a table of figures.
KEY_FACTS_LIMIT = 12


@dataclass
class _Doc:
    """One ``_brand.yml`` of the chain: its folder, raw YAML (with positions) and data."""

    folder: Path
    raw: Any
    data: dict[str, Any]

    @property
    def file(self) -> Path:
        return self.folder / BRAND_FILE


def resolve_folder(ref: str | os.PathLike[str], search: SearchPath) -> Path:
    """The folder of brand ``ref``: a name on the search path, or a path to a folder
    (or to its ``_brand.yml``)."""
    text = os.fspath(ref)
    # A path has a separator or starts with "."; a bare name is looked up on the search
    # path only, even when a folder of that name sits in the working directory: a brief
    # whose front matter says "brand: evil" must not pick up ./evil/_brand.yml.
    looks_like_path = os.sep in text or "/" in text or text.startswith(".")
    if looks_like_path:
        folder = Path(text)
        if folder.name == BRAND_FILE:
            folder = folder.parent
        if not (folder / BRAND_FILE).is_file():
            raise BrandError(f"not a brand folder (no {BRAND_FILE} in it)", path=str(folder))
        return folder.resolve()
    if not NAME.match(text):
        raise BrandError(
            f"brand name {text!r} is not valid: use letters, digits, '.', '_' "
            "and '-', or give a path to a brand folder"
        )
    folder = search.find(text)
    if folder is None:
        raise BrandError(f"brand {text!r} not found (searched {search.describe()})")
    return folder


def load_brand(ref: str | os.PathLike[str], search: SearchPath | None = None) -> Brand:
    """Load, merge and validate brand ``ref`` (a name or a folder)."""
    search = search or SearchPath.build()
    docs = _read_chain(resolve_folder(ref, search), search)
    merged: dict[str, Any] = {}
    for doc in reversed(docs):
        merged = _merge(merged, doc.data)
    validated = _validate(_relative_to(merged, docs[0].folder), docs)
    settings_data = dict((validated.defaults or {}).get("reportkit") or {})
    settings_data.pop("extends", None)
    return _build(docs, validated, settings_data)


def brand_chain(
    ref: str | os.PathLike[str],
    search: SearchPath | None = None,
    *,
    extends_of: Callable[[Path], Any] | None = None,
) -> tuple[Path, ...]:
    """The folders of brand ``ref`` and of the brands it extends, child first.

    Reads only what each ``_brand.yml`` extends, without validating anything: enough to
    hash a brand's files (an incremental run that converts nothing never pays for
    validation). ``extends_of(file)`` gives that value (default: :func:`brand_extends`);
    a caller that remembers it for unchanged files never parses YAML at all.
    """
    search = search or SearchPath.build()
    extends_of = extends_of or brand_extends

    def read(folder: Path) -> _Doc:
        parent = extends_of(folder / BRAND_FILE)
        data = {} if parent is None else {"defaults": {"reportkit": {"extends": parent}}}
        return _Doc(folder.resolve(), data, data)

    docs = _read_chain(resolve_folder(ref, search), search, read=read)
    return tuple(doc.folder for doc in docs)


def brand_extends(file: Path) -> Any:
    """The ``defaults.reportkit.extends`` of a ``_brand.yml`` (None: it extends nothing),
    as written: :func:`brand_chain` checks it."""
    return _extends(_read_data(file.parent).data)


def _extends(data: dict[str, Any]) -> Any:
    defaults = data.get("defaults")
    settings = defaults.get("reportkit") if isinstance(defaults, dict) else None
    return settings.get("extends") if isinstance(settings, dict) else None


# -- 1. reading the chain -------------------------------------------------------------------
def _read_chain(
    folder: Path, search: SearchPath, read: Callable[[Path], _Doc] | None = None
) -> list[_Doc]:
    docs: list[_Doc] = []
    names: list[str] = []
    while True:
        doc = (read or _read)(folder)
        docs.append(doc)
        names.append(folder.name)
        parent = _extends(doc.data)
        if parent is None:
            return docs
        where = _locate(docs, ("defaults", "reportkit", "extends"))
        if not isinstance(parent, str) or not parent.strip():
            raise BrandError("defaults.reportkit.extends: must be a brand name", **where)
        if parent == folder.name:  # "extends: default" from a brand folder named default
            next_folder = search.find(parent, after=folder)
        else:
            next_folder = resolve_folder(parent, search) if "/" in parent else search.find(parent)
        if next_folder is None:
            raise BrandError(
                f"defaults.reportkit.extends: brand {parent!r} not found "
                f"(searched {search.describe()})",
                **where,
            )
        if any(d.folder == next_folder for d in docs):
            chain = " -> ".join([*names, next_folder.name])
            raise BrandError(f"defaults.reportkit.extends: circular extends {chain}", **where)
        folder = next_folder


def _read(folder: Path) -> _Doc:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    file = folder / BRAND_FILE
    try:
        raw = YAML(typ="rt").load(_brand_text(file))
    except MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        raise BrandError(
            f"invalid YAML: {exc.problem or exc.context}", path=str(file), line=line
        ) from None
    except YAMLError as exc:
        raise BrandError(f"invalid YAML: {exc}", path=str(file)) from None
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise BrandError(f"cannot be read: {reason}", path=str(file)) from None
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise BrandError(
            "must be a mapping of brand.yml keys (meta, logo, color, typography, defaults)",
            path=str(file),
            line=1,
        )
    data = _absolute_paths(_plain(raw), folder, file, raw)
    return _Doc(folder.resolve(), raw, data)


def _read_data(folder: Path) -> _Doc:
    """The data of a ``_brand.yml`` only, with PyYAML's C parser: ruamel keeps the
    positions error messages need, and is 30 ms a file slower."""
    import yaml

    file = folder / BRAND_FILE
    try:
        data = yaml.load(_brand_text(file), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError) as exc:
        raise BrandError(f"cannot be read: {' '.join(str(exc).split())}", path=str(file)) from None
    data = data if isinstance(data, dict) else {}
    return _Doc(folder.resolve(), data, data)


def _brand_text(file: Path) -> str:
    """A ``_brand.yml``'s text: a regular file within the size limit, without an alias
    flood (see :mod:`reportkit.limits`)."""
    from reportkit.limits import check_yaml_aliases, read_regular

    text = read_regular(file).decode("utf-8")
    check_yaml_aliases(text)
    return text


def _plain(value: Any) -> Any:
    """ruamel's commented containers -> plain dicts and lists."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _absolute_paths(data: dict[str, Any], folder: Path, file: Path, raw: Any) -> dict[str, Any]:
    """Logo and font file paths are relative to the brand file that names them."""

    def absolute(path: str, keys: tuple[Any, ...]) -> str:
        if re.match(r"^[a-z][a-z0-9+.-]*://", path, re.IGNORECASE):
            raise BrandError(
                f"{_dotted(keys)}: {path!r} is a URL; brands use local files "
                "only (nothing is fetched at render time)",
                path=str(file),
                line=_line(raw, keys),
            )
        resolved = (folder / path).resolve()  # ../ and symlinks resolved
        if not resolved.is_relative_to(folder.resolve()):
            raise BrandError(
                f"{_dotted(keys)}: {path!r} is outside the brand folder; a brand's files "
                "must live in its folder (or come from the brand it extends)",
                path=str(file),
                line=_line(raw, keys),
            )
        return os.path.normpath(folder / path)

    return _map_paths(data, absolute)


def _relative_to(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """brand-yml wants paths relative to the brand file: the child's, after merging."""
    return _map_paths(data, lambda path, keys: os.path.relpath(path, folder))


def _map_paths(data: dict[str, Any], fn: Any) -> dict[str, Any]:
    """Apply ``fn(path, keys)`` to every file path a brand document names."""

    def fix(path: Any, keys: tuple[Any, ...]) -> Any:
        return fn(path, keys) if isinstance(path, str) else path

    logo = data.get("logo")
    if isinstance(logo, str):
        data["logo"] = fix(logo, ("logo",))
    elif isinstance(logo, dict):
        images = logo.get("images") if isinstance(logo.get("images"), dict) else {}
        for name, image in list(images.items()):
            if isinstance(image, dict):
                image["path"] = fix(image.get("path"), ("logo", "images", name, "path"))
            else:
                images[name] = fix(image, ("logo", "images", name))
        for size in LOGO_SIZES:
            value = logo.get(size)
            if isinstance(value, str) and value not in images:
                logo[size] = fix(value, ("logo", size))
            elif isinstance(value, dict):
                for key in ("path", "light", "dark"):
                    if isinstance(value.get(key), str) and value[key] not in images:
                        value[key] = fix(value[key], ("logo", size, key))
    typography = data.get("typography")
    fonts = typography.get("fonts") if isinstance(typography, dict) else None
    for i, font in enumerate(fonts if isinstance(fonts, list) else []):
        files = font.get("files") if isinstance(font, dict) else None
        for j, entry in enumerate(files if isinstance(files, list) else []):
            keys = ("typography", "fonts", i, "files", j)
            if isinstance(entry, dict):
                entry["path"] = fix(entry.get("path"), (*keys, "path"))
            else:
                files[j] = {"path": fix(entry, keys)}
    return data


def _merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            out[key] = _merge(base.get(key), value) if key in base else copy.deepcopy(value)
        return out
    return copy.deepcopy(over)


# -- locating problems ----------------------------------------------------------------------
def _line(raw: Any, keys: tuple[Any, ...]) -> int | None:
    """Line (1-based) of the deepest of ``keys`` present in a ruamel document."""
    line = None
    node = raw
    for key in keys:
        try:
            if isinstance(node, dict) and key in node:
                line = node.lc.key(key)[0] + 1
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                line = node.lc.item(key)[0] + 1
            else:
                break
            node = node[key]
        except (AttributeError, KeyError, IndexError, TypeError):
            break
    return line


def _locate(docs: list[_Doc], keys: tuple[Any, ...]) -> dict[str, Any]:
    """``path=`` and ``line=`` of the nearest brand file that sets ``keys``."""
    best = None
    for doc in docs:
        line = _line(doc.raw, keys)
        depth = _depth(doc.raw, keys)
        if line is not None and (best is None or depth > best[2]):
            best = (doc.file, line, depth)
    if best is None:
        return {"path": str(docs[0].file), "line": None}
    return {"path": str(best[0]), "line": best[1]}


def _depth(raw: Any, keys: tuple[Any, ...]) -> int:
    node, depth = raw, 0
    for key in keys:
        if (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and key < len(node)
        ):
            node, depth = node[key], depth + 1
        else:
            break
    return depth


def _dotted(keys: tuple[Any, ...]) -> str:
    out = ""
    for key in keys:
        out += f"[{key}]" if isinstance(key, int) else (f".{key}" if out else str(key))
    return out


# -- 3. brand-yml validation ----------------------------------------------------------------
def _validate(merged: dict[str, Any], docs: list[_Doc]) -> Any:
    from brand_yml import Brand as BrandYml
    from pydantic import ValidationError

    try:
        return BrandYml.model_validate(merged)
    except ValidationError as exc:
        keys, message = _first_error(exc.errors())
        raise BrandError(f"{_dotted(keys)}: {message}", **_locate(docs, keys)) from None
    except Exception as exc:  # brand-yml's own errors, e.g. CircularReferenceError
        text = " ".join(str(exc).split())
        keys = ("color", "palette") if "ircular" in text else ()
        raise BrandError(
            f"{_dotted(keys) + ': ' if keys else ''}{text}", **_locate(docs, keys)
        ) from None


def _first_error(errors: list[dict[str, Any]]) -> tuple[tuple[Any, ...], str]:
    """The most useful of pydantic's errors, with union/model tags removed from its path."""

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

    # A union (logo: a path or a mapping) reports every alternative; the one whose path
    # goes deepest is the alternative the author meant.
    best = max(
        errors,
        key=lambda e: (len(clean(e["loc"])), e["type"] != "missing", e["type"] != "url_parsing"),
    )
    return clean(best["loc"]), message(best)


# -- 4. reportkit's checks and the resolved Brand -------------------------------------------
def _build(docs: list[_Doc], validated: Any, settings_data: dict[str, Any]) -> Brand:
    from reportkit.brand.model import Brand

    meta = validated.meta
    name = getattr(getattr(meta, "name", None), "full", None) or getattr(
        getattr(meta, "name", None), "short", None
    )
    link = getattr(meta, "link", None)
    link = link if isinstance(link, str) else getattr(link, "home", None)
    colors, palette = _colors(validated.color, docs)
    return Brand(
        name=docs[0].folder.name,
        chain=tuple(d.folder for d in docs),
        display_name=name or docs[0].folder.name,
        link=str(link) if link else None,
        colors=colors,
        palette=palette,
        typography=_typography(validated.typography, colors, docs),
        fonts=tuple(_fonts(validated.typography, docs)),
        logos=_logos(validated.logo, docs),
        settings=_settings(settings_data, docs),
    )


def _color(value: Any, keys: tuple[Any, ...], docs: list[_Doc]) -> str:
    """``"#rgb"``, ``"navy"``, ``"rgb(0 0 128)"`` -> ``"#000080"``; anything else is an error."""
    import tinycss2.color3

    parsed = tinycss2.color3.parse_color(value) if isinstance(value, str) else None
    if parsed is None or parsed == "currentColor":
        raise BrandError(
            f"{_dotted(keys)}: {value!r} is not a colour (use #rrggbb, a CSS "
            "colour name or a palette entry)",
            **_locate(docs, keys),
        )
    r, g, b = (round(c * 255) for c in parsed[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def _colors(color: Any, docs: list[_Doc]) -> tuple[dict[str, str], dict[str, str]]:
    if color is None:
        return {}, {}
    palette = {
        name: _color(value, ("color", "palette", name), docs)
        for name, value in (color.palette or {}).items()
    }
    colors = {}
    for name in THEME_COLORS:
        value = getattr(color, name, None)
        if value is not None:
            colors[name] = palette.get(value) or _color(value, ("color", name), docs)
    return colors, palette


def _typography(typo: Any, colors: dict[str, str], docs: list[_Doc]) -> Typography:
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


def _file(docs: list[_Doc], location: Any) -> Path:
    """A brand-yml file location (relative to the child brand) as an absolute path."""
    return Path(os.path.normpath(docs[0].folder / str(getattr(location, "root", location))))


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return str(getattr(value, "root", value))


def _fonts(typo: Any, docs: list[_Doc]) -> Iterator[Font]:
    from reportkit.brand.model import Font, FontFile

    for i, font in enumerate(getattr(typo, "fonts", None) or []):
        keys = ("typography", "fonts", i)
        if font.source in ("google", "bunny"):
            raise BrandError(
                f"{_dotted((*keys, 'source'))}: source '{font.source}' downloads fonts at "
                "render time and batch machines have no network; ship the font files in the "
                "brand folder (source: file) or use an installed font (source: system)",
                **_locate(docs, (*keys, "source")),
            )
        files = []
        for j, entry in enumerate(getattr(font, "files", None) or []):
            path = _file(docs, entry.path)
            if not path.is_file():
                raise BrandError(
                    f"{_dotted((*keys, 'files', j))}: font file not found: {path}",
                    **_locate(docs, (*keys, "files", j)),
                )
            weight = getattr(entry.weight, "root", entry.weight)
            files.append(
                FontFile(path, int(weight) if str(weight).isdigit() else 400, str(entry.style))
            )
        yield Font(font.family, font.source, tuple(files))


def _logos(logo: Any, docs: list[_Doc]) -> dict[str, Logo]:
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
            raise BrandError(
                f"logo.{size}: logo file not found: {path}", **_locate(docs, ("logo", size))
            )
        out[size] = Logo(path, getattr(resource, "alt", None))
    return out


def _settings(data: Any, docs: list[_Doc]) -> Settings:
    """``defaults: reportkit:``, checked key by key."""
    from reportkit.brand.model import Page, Settings, Show

    base = ("defaults", "reportkit")

    def fail(keys: tuple[Any, ...], message: str) -> BrandError:
        return BrandError(f"{_dotted((*base, *keys))}: {message}", **_locate(docs, (*base, *keys)))

    if not isinstance(data, dict):
        raise fail((), "must be a mapping")
    for key in data:
        if key not in SETTINGS_KEYS:
            raise fail((key,), f"unknown key (known: {', '.join(SETTINGS_KEYS)})")

    def texts(key: str) -> dict[str, str]:
        value = data.get(key)
        if value is None:
            return {}
        if isinstance(value, str):
            return {"*": value}
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return {str(k).casefold(): v for k, v in value.items()}
        raise fail((key,), "must be text, or text per language ({en: ..., ru: ...})")

    cover = data.get("cover", "plain")
    if cover not in COVERS:
        raise fail(("cover",), f"{cover!r} is not one of {', '.join(COVERS)}")

    page = data.get("page") or {}
    if not isinstance(page, dict):
        raise fail(("page",), "must be a mapping with size and margins")
    for key in page:
        if key not in ("size", "margins"):
            raise fail(("page", key), "unknown key (known: size, margins)")
    size = str(page.get("size", "A4"))
    if size not in PAGE_SIZES and not re.fullmatch(rf"{LENGTH} {LENGTH}", size):
        raise fail(
            ("page", "size"),
            f"{size!r} is not one of {', '.join(PAGE_SIZES)} or two lengths such as '210mm 297mm'",
        )
    margins = str(page.get("margins", Page.margins))
    if not re.fullmatch(rf"{LENGTH}(?: {LENGTH}){{0,3}}", margins):
        raise fail(("page", "margins"), f"{margins!r} is not 1 to 4 lengths such as '20mm'")

    date_format = str(data.get("date_format", "long"))
    if date_format not in DATE_STYLES:
        from babel.dates import format_date

        try:
            format_date(__import__("datetime").date(2024, 5, 14), date_format, locale="en")
        except Exception:
            raise fail(
                ("date_format",),
                f"{date_format!r} is neither one of {', '.join(DATE_STYLES)} nor a date pattern",
            ) from None

    show = data.get("show") or {}
    if not isinstance(show, dict):
        raise fail(("show",), "must be a mapping of part: true/false")
    for key, value in show.items():
        if key not in ("key_facts", "toc", "sources"):
            raise fail(("show", key), "unknown part (known: key_facts, toc, sources)")
        if not isinstance(value, bool):
            raise fail(("show", key), "must be true or false")

    key_facts_max = data.get("key_facts_max", Settings.key_facts_max)
    if (
        not isinstance(key_facts_max, int)
        or isinstance(key_facts_max, bool)
        or not 1 <= key_facts_max <= KEY_FACTS_LIMIT
    ):
        raise fail(
            ("key_facts_max",),
            f"must be a whole number from 1 to {KEY_FACTS_LIMIT} (to hide the box: "
            "show: {key_facts: false})",
        )

    labels = data.get("labels") or {}
    if not isinstance(labels, dict):
        raise fail(("labels",), "must be a mapping of language: {label: text}")
    from reportkit.labels import LABELS, RETIRED_LABELS

    known = set(LABELS["en"]) | RETIRED_LABELS
    for lang, table in labels.items():
        if not isinstance(table, dict):
            raise fail(("labels", lang), "must be a mapping of label: text")
        for key, value in table.items():
            if key not in known:
                raise fail(("labels", lang, key), "unknown label")
            if not isinstance(value, str):
                raise fail(("labels", lang, key), "must be text")

    description = data.get("description", "")
    if not isinstance(description, str):
        raise fail(("description",), "must be text")
    return Settings(
        description=description,
        classification=texts("classification"),
        footer=texts("footer"),
        cover=cover,
        page=Page(size=size, margins=margins),
        date_format=date_format,
        show=Show(**{k: bool(v) for k, v in show.items()}),
        key_facts_max=key_facts_max,
        labels={str(lang).casefold(): dict(table) for lang, table in labels.items()},
    )
