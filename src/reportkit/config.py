"""Effective settings with provenance: command line > environment > config file > default.

The config file is ``reportkit.toml`` (keys at the top level) or a ``pyproject.toml``
with a ``[tool.reportkit]`` table. It is found by walking from the working directory up
to the filesystem root; the nearest directory holding either wins, ``reportkit.toml``
before ``pyproject.toml`` in the same directory, and a ``pyproject.toml`` without
``[tool.reportkit]`` is passed over. ``--config PATH`` (the ``config_path`` argument),
or else ``REPORTKIT_CONFIG``, names the file explicitly and replaces the search.

Example ``reportkit.toml``::

    brand = "acme"
    formats = ["pdf", "html"]
    output_dir = "build/reports"   # relative to this file's directory
    templates = ["brands"]         # searched before ./templates and the built-ins
    toc = true
    jobs = 4
    max_bytes = 20_000_000

Every setting has an environment variable ``REPORTKIT_<NAME>`` (``ENV_NAMES``; the
scheduler's is ``REPORTKIT_DASK_SCHEDULER``), read here and nowhere else, and a
command-line flag ``--<name-with-dashes>`` (``FLAG_NAMES``, used in origin texts). An
environment variable that is empty or only blanks counts as unset. ``REPORTKIT_FORMATS``
is comma-separated, ``REPORTKIT_TEMPLATES`` is ``os.pathsep``-separated and
``REPORTKIT_TOC`` takes true/false/1/0/yes/no.

Templates are not overridden but combined: command line, then environment, then config
file. Every other setting comes from the highest-precedence source that sets it. Relative
paths are resolved against the config file's directory (file) or ``cwd`` (flags,
environment, defaults), so the paths in ``Settings`` are absolute.

Every problem is a one-line :class:`~reportkit.errors.UsageError` (exit code 2) that names
the file (with the line when known), the environment variable or the option.
"""

from __future__ import annotations

import enum
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportkit.errors import UsageError
from reportkit.formats import FORMATS as EXTENSIONS
from reportkit.limits import DEFAULT_MAX_BYTES

__all__ = [
    "CONFIG_ENV",
    "CONFIG_NAME",
    "ENV_NAMES",
    "FLAG_NAMES",
    "FORMATS",
    "NAMES",
    "Settings",
    "find_config_file",
    "load_settings",
]

#: Output formats a report can be rendered to.
FORMATS: tuple[str, ...] = tuple(EXTENSIONS)
CONFIG_NAME = "reportkit.toml"
PYPROJECT_NAME = "pyproject.toml"
PYPROJECT_TABLE: tuple[str, ...] = ("tool", "reportkit")
CONFIG_ENV = "REPORTKIT_CONFIG"
CONFIG_FLAG = "--config"

# How a setting's value is written and checked.
_TEXT = "text"
_FORMATS = "formats"
_PATH = "path"
_PATHS = "paths"
_BOOL = "bool"
_COUNT = "count"
_SIZE = "size"
_EXECUTOR = "executor"
#: Where briefs may be converted (``convert --executor``).
EXECUTORS = ("local", "dask")

_KINDS: dict[str, str] = {
    "brand": _TEXT,
    "formats": _FORMATS,
    "output_dir": _PATH,
    "lang": _TEXT,
    "templates": _PATHS,
    "toc": _BOOL,
    "jobs": _COUNT,
    "pdf_variant": _TEXT,
    "max_bytes": _SIZE,
    "executor": _EXECUTOR,
    "scheduler": _TEXT,
}
#: Setting names, in the order ``Settings.as_rows`` lists them.
NAMES: tuple[str, ...] = tuple(_KINDS)
ENV_NAMES: dict[str, str] = {name: f"REPORTKIT_{name.upper()}" for name in NAMES}
ENV_NAMES["scheduler"] = "REPORTKIT_DASK_SCHEDULER"  # says what it schedules
FLAG_NAMES: dict[str, str] = {name: "--" + name.replace("_", "-") for name in NAMES}
FLAG_NAMES["formats"] = "--format"  # the CLI's repeatable -f/--format

_TRUE = ("true", "1", "yes")
_FALSE = ("false", "0", "no")
_UNSET_TEXT = {"toc": "(brand decides)"}


class Source(enum.Enum):
    """Where a setting's value came from: what behaviour may depend on (``origin``
    says the same for people, with the flag, variable or file)."""

    COMMAND_LINE = "command line"
    ENVIRONMENT = "environment"
    CONFIG_FILE = "config file"
    DEFAULT = "default"


# A value with where it came from: for behaviour, and as told to people.
_Layer = dict[str, tuple[Any, Source, str]]


@dataclass
class Settings:
    """The effective settings; ``origin`` says where each value came from."""

    brand: str = "default"
    formats: list[str] = field(default_factory=lambda: ["pdf", "docx"])
    output_dir: Path = Path("out")
    lang: str | None = None
    templates: list[Path] = field(default_factory=list)
    toc: bool | None = None
    jobs: int | None = None
    pdf_variant: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    executor: str = "local"
    scheduler: str | None = None
    config_file: Path | None = None
    origin: dict[str, str] = field(default_factory=dict, compare=False, repr=False)
    source: dict[str, Source] = field(default_factory=dict, compare=False, repr=False)

    @property
    def configured_output_dir(self) -> Path | None:
        """``output_dir`` when the environment or a config file set it: where a run
        without ``-o`` writes (None: beside each brief)."""
        return (
            None
            if self.source.get("output_dir", Source.DEFAULT) is Source.DEFAULT
            else self.output_dir
        )

    def given_on_command_line(self, name: str) -> bool:
        """Whether ``name`` was set by a command-line flag (``--brand`` then wins over a
        brief's front matter)."""
        return self.source.get(name) is Source.COMMAND_LINE

    def as_rows(self) -> list[tuple[str, str, str]]:
        """``(key, value for humans, origin)`` for every setting, then the config file."""
        rows = [
            (name, _render(name, getattr(self, name)), self.origin.get(name, "default"))
            for name in NAMES
        ]
        if self.configured_output_dir is None:  # what a run really does without -o
            rows = [
                (name, "(next to each brief)", origin) if name == "output_dir" else row
                for row in rows
                for name, _, origin in [row]
            ]
        shown = str(self.config_file) if self.config_file is not None else "(none)"
        rows.append(("config_file", shown, self.origin.get("config_file", "")))
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON-friendly values (paths as strings, unset as ``None``)."""
        data = {name: _plain(getattr(self, name)) for name in NAMES}
        # null: no output_dir was configured, and a run writes next to each brief
        data["output_dir"] = _plain(self.configured_output_dir)
        data["config_file"] = _plain(self.config_file)
        return data


@dataclass(frozen=True)
class _ConfigFile:
    """A parsed config file and the table holding reportkit's keys."""

    path: Path
    text: str
    table: tuple[str, ...]
    values: dict[str, Any]
    found_by: str

    @property
    def where(self) -> str:
        return f"[{'.'.join(self.table)}]" if self.table else self.path.name

    @property
    def origin(self) -> str:
        return f"config file {self.path}"


class _Invalid(Exception):
    """A value does not fit its setting; the caller says which setting and where."""


# ---------------------------------------------------------------------------- public API


def load_settings(
    flags: Mapping[str, object] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    config_path: Path | None = None,
) -> Settings:
    """Merge command-line ``flags``, ``env`` (default ``os.environ``) and the config file.

    ``flags`` maps setting names to already-typed values; ``None`` or an absent key means
    "not given" (an empty list too, for ``formats`` and ``templates``). ``config_path`` is
    the ``--config`` value. Raises ``UsageError`` for any unusable source, ``TypeError``
    for a flag name that is not a setting (a bug in the caller).
    """
    flags = dict(flags or {})
    unknown = sorted(set(flags) - set(NAMES))
    if unknown:
        raise TypeError(f"unknown setting(s) in flags: {', '.join(unknown)}")
    env = os.environ if env is None else env
    base = (cwd if cwd is not None else Path.cwd()).resolve()
    config = _locate_config(config_path, env, base)
    layers = [_flag_layer(flags, base), _env_layer(env, base)]
    if config is not None:
        layers.append(_file_layer(config))
    settings = _merge(layers, base)
    settings.config_file = config.path if config is not None else None
    settings.origin["config_file"] = (
        config.found_by
        if config is not None
        else f"no {CONFIG_NAME} or [tool.reportkit] found from {base} upwards"
    )
    return settings


def find_config_file(start: Path) -> Path | None:
    """The config file the upward search from ``start`` finds, or ``None``."""
    found = _discover(start.resolve())
    return found.path if found is not None else None


# ------------------------------------------------------------------------------- merging


def _merge(layers: list[_Layer], base: Path) -> Settings:
    """Pick each setting from the first layer that has it; combine the templates."""
    settings = Settings()
    settings.output_dir = base / settings.output_dir
    for name in NAMES:
        given = [layer[name] for layer in layers if name in layer]
        source = given[0][1] if given else Source.DEFAULT
        if name == "templates":
            settings.templates = _unique(path for paths, _, _ in given for path in paths)
            origin = ", then ".join(how for _, _, how in given) or "default"
        elif given:
            value, source, origin = given[0]
            setattr(settings, name, value)
        else:
            origin = "default"
        settings.origin[name] = origin
        settings.source[name] = source
    return settings


def _unique(paths: Iterable[Path]) -> list[Path]:
    """``paths`` without repeats, first occurrence kept."""
    return list(dict.fromkeys(paths))


#: The largest value a count setting may take: more workers than this only thrash a host
#: (a pool also never starts more than the briefs and CPUs call for), and briefs are read
#: whole, so a limit above 1 GiB would invite the run to exhaust memory.
LIMITS: dict[str, int] = {"jobs": 256, "max_bytes": 1 << 30}


def _limited(name: str, value: Any) -> Any:
    limit = LIMITS.get(name)
    if limit is not None and isinstance(value, int) and value > limit:
        raise _Invalid(f"{value:,} is over the limit of {limit:,}")
    return value


# -------------------------------------------------------------------------------- layers


def _flag_layer(flags: Mapping[str, object], base: Path) -> _Layer:
    layer: _Layer = {}
    for name in NAMES:
        value = flags.get(name)
        if value is None:
            continue
        flag = FLAG_NAMES[name]
        try:
            parsed = _limited(name, _from_flag(_KINDS[name], value, base))
        except _Invalid as bad:
            raise UsageError(f"option {flag}: {bad}") from None
        if parsed is not None:
            layer[name] = (parsed, Source.COMMAND_LINE, f"command line {flag}")
    return layer


def _env_layer(env: Mapping[str, str], base: Path) -> _Layer:
    layer: _Layer = {}
    for name in NAMES:
        variable = ENV_NAMES[name]
        text = env.get(variable, "").strip()
        if not text:
            continue
        try:
            parsed = _limited(name, _from_env(_KINDS[name], text, base))
        except _Invalid as bad:
            raise UsageError(f"environment variable {variable}: {bad}") from None
        if parsed is not None:
            layer[name] = (parsed, Source.ENVIRONMENT, f"environment {variable}")
    return layer


def _file_layer(config: _ConfigFile) -> _Layer:
    layer: _Layer = {}
    for key, value in config.values.items():
        if key not in _KINDS:
            raise _unknown_key(config, key)
        try:
            parsed = _limited(key, _from_toml(_KINDS[key], value, config.path.parent))
        except _Invalid as bad:
            line = _key_line(config.text, config.table, key)
            message = f"'{key}' in {config.where}: {bad}"
            raise UsageError(message, path=str(config.path), line=line) from None
        if parsed is not None:
            layer[key] = (parsed, Source.CONFIG_FILE, config.origin)
    return layer


def _unknown_key(config: _ConfigFile, key: str) -> UsageError:
    suggestion = _suggest(key.lower().replace("-", "_"), NAMES)
    hint = f"did you mean '{suggestion}'?" if suggestion else f"known keys: {', '.join(NAMES)}"
    return UsageError(
        f"unknown key '{key}' in {config.where} ({hint})",
        path=str(config.path),
        line=_key_line(config.text, config.table, key),
    )


def _suggest(word: str, choices: Iterable[str]) -> str | None:
    """The choice closest to ``word``, if any is close enough to be a likely typo."""
    choices = list(choices)
    if word in choices:
        return word
    import difflib  # only for a typo: start-up imports what every run needs

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return close[0] if close else None


# --------------------------------------------------------------------- values per source


def _from_toml(kind: str, value: object, base: Path) -> Any:
    """A config-file value, already typed by TOML: check the type strictly."""
    if kind == _FORMATS:
        return _check_formats(_need_texts(value, 'an array of format names like ["pdf"]'))
    if kind == _PATH:
        return _to_path(_need_text(value), base)
    if kind == _PATHS:
        return [_to_path(text, base) for text in _need_texts(value, "an array of paths")] or None
    return _need_scalar(kind, value)


def _from_env(kind: str, text: str, base: Path) -> Any:
    """An environment value: always a (stripped, non-empty) string to parse."""
    if kind == _FORMATS:
        return _check_formats(_split(text, ","))
    if kind == _PATH:
        return _to_path(text, base)
    if kind == _PATHS:
        return [_to_path(part, base) for part in _split(text, os.pathsep)] or None
    if kind == _BOOL:
        return _parse_bool(text)
    if kind == _COUNT:
        return _parse_count(text)
    if kind == _SIZE:
        return _size(text)
    if kind == _EXECUTOR:
        return _check_executor(text)
    return text


def _from_flag(kind: str, value: object, base: Path) -> Any:
    """A command-line value, already typed by the CLI; ``None`` means not given."""
    if kind == _FORMATS:
        names = [part for item in _items(value) for part in _split(_need_text(item), ",")]
        return _check_formats(names) if names else None
    if kind == _PATH:
        return _to_path(_need_pathlike(value), base)
    if kind == _PATHS:
        return [_to_path(_need_pathlike(item), base) for item in _items(value)] or None
    return _need_scalar(kind, value)


def _need_scalar(kind: str, value: object) -> Any:
    if kind == _BOOL:
        if not isinstance(value, bool):
            raise _Invalid(f"expected true or false, got {_describe(value)}")
        return value
    if kind == _COUNT:
        return _need_count(value)
    if kind == _SIZE:
        if isinstance(value, bool) or not isinstance(value, int | str):
            raise _Invalid(f"expected a size (10MB, 10MiB, 4096), got {_describe(value)}")
        return _size(value)
    if kind == _EXECUTOR:
        return _check_executor(_need_text(value))
    return _need_text(value)


def _size(value: str | int) -> int:
    from reportkit.limits import parse_size

    try:
        return parse_size(value)
    except ValueError as error:
        raise _Invalid(str(error)) from None


def _check_executor(text: str) -> str:
    if text.lower() not in EXECUTORS:
        raise _Invalid(f"unknown executor {text!r} (allowed: {', '.join(EXECUTORS)})")
    return text.lower()


def _need_text(value: object) -> str:
    if not isinstance(value, str):
        raise _Invalid(f"expected a string, got {_describe(value)}")
    if not value.strip():
        raise _Invalid("expected a non-empty string, got an empty one")
    return value.strip()


def _need_texts(value: object, expected: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise _Invalid(f"expected {expected}, got {_describe(value)}")
    return [_need_text(item) for item in value]


def _need_count(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise _Invalid(f"expected an integer >= 1, got {_describe(value)}")
    return value


def _need_pathlike(value: object) -> str:
    if not isinstance(value, str | os.PathLike):
        raise _Invalid(f"expected a path, got {_describe(value)}")
    return _need_text(os.fspath(value))


def _items(value: object) -> list[object]:
    """A flag that may be given once (a scalar) or repeatedly (a list or tuple)."""
    if isinstance(value, str | os.PathLike):
        return [value]
    if isinstance(value, list | tuple):
        return list(value)
    raise _Invalid(f"expected a list, got {_describe(value)}")


def _check_formats(names: Iterable[str]) -> list[str]:
    formats = _unique_names(name.lower() for name in names)
    if not formats:
        raise _Invalid(f"no format named; allowed: {', '.join(FORMATS)}")
    for name in formats:
        if name not in FORMATS:
            suggestion = _suggest(name, FORMATS)
            hint = f"did you mean '{suggestion}'? " if suggestion else ""
            raise _Invalid(f"unknown format '{name}' ({hint}allowed: {', '.join(FORMATS)})")
    return formats


def _unique_names(names: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _parse_bool(text: str) -> bool:
    lowered = text.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _Invalid(f"expected one of {'/'.join(_TRUE + _FALSE)}, got {text!r}")


def _parse_count(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise _Invalid(f"expected a whole number >= 1, got {text!r}")
    return number


def _split(text: str, separator: str) -> list[str]:
    return [part.strip() for part in text.split(separator) if part.strip()]


def _to_path(text: str, base: Path) -> Path:
    """``text`` as a path, ``~`` expanded, relative ones taken from ``base``."""
    return base / Path(text).expanduser()


_TOML_TYPES: tuple[tuple[type, str], ...] = (
    (bool, "a boolean"),
    (int, "an integer"),
    (float, "a float"),
    (str, "a string"),
    (list, "an array"),
    (tuple, "an array"),
    (dict, "a table"),
)


def _describe(value: object) -> str:
    """``value``'s type in TOML terms, with the value when it is short."""
    name = next((text for kind, text in _TOML_TYPES if isinstance(value, kind)), None)
    if name is None:
        name = "a date/time" if hasattr(value, "isoformat") else f"a {type(value).__name__}"
    if isinstance(value, bool | int | float | str):
        shown = json.dumps(value, ensure_ascii=False)
        if len(shown) <= 40:
            return f"{name} ({shown})"
    return name


# -------------------------------------------------------------------- finding the file


def _locate_config(
    config_path: Path | None, env: Mapping[str, str], base: Path
) -> _ConfigFile | None:
    if config_path is not None:
        return _explicit(Path(config_path), base, f"command line {CONFIG_FLAG}")
    named = env.get(CONFIG_ENV, "").strip()
    if named:
        return _explicit(Path(named), base, f"environment {CONFIG_ENV}")
    return _discover(base)


def _explicit(path: Path, base: Path, how: str) -> _ConfigFile:
    """The file named by ``--config`` or ``REPORTKIT_CONFIG``; it must exist."""
    path = _to_path(str(path), base)
    if not path.exists():
        raise UsageError(f"config file not found (named by {how})", path=str(path))
    if path.is_dir():
        raise UsageError(f"config file is a directory (named by {how})", path=str(path))
    config = _load(path, how)
    if config is None:
        raise UsageError(f"no [tool.reportkit] table (named by {how})", path=str(path))
    return config


def _discover(start: Path) -> _ConfigFile | None:
    """The nearest config file from ``start`` up to the filesystem root."""
    how = f"found searching upwards from {start}"
    for directory in (start, *start.parents):
        for name in (CONFIG_NAME, PYPROJECT_NAME):
            candidate = directory / name
            if candidate.is_file():
                config = _load(candidate, how)
                if config is not None:
                    return config
    return None


def _load(path: Path, how: str) -> _ConfigFile | None:
    """Parse ``path``; ``None`` for a ``pyproject.toml`` without ``[tool.reportkit]``."""
    text = _read_text(path)
    data = _parse_toml(text, path)
    table = PYPROJECT_TABLE if path.name == PYPROJECT_NAME else ()
    values = _table(data, table, path)
    if values is None:
        return None
    return _ConfigFile(path=path, text=text, table=table, values=values, found_by=how)


def _read_text(path: Path) -> str:
    from reportkit.limits import read_regular

    try:
        raw = read_regular(path)
    except OSError as error:
        reason = error.strerror or str(error)
        raise UsageError(f"cannot read config file: {reason}", path=str(path)) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError("config file is not UTF-8 text", path=str(path)) from None


_AT_LINE = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_AT_END = re.compile(r"\s*\(at end of document\)\s*$")


def _parse_toml(text: str, path: Path) -> dict[str, Any]:
    import tomllib  # only when there is a config file (2 ms)

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message, line = _syntax_detail(str(error), text)
        raise UsageError(f"invalid TOML: {message}", path=str(path), line=line) from None


def _syntax_detail(message: str, text: str) -> tuple[str, int | None]:
    """tomllib's message without its position, and the line number from it."""
    message = message.splitlines()[0] if message else "syntax error"
    at_line = _AT_LINE.search(message)
    if at_line:
        return f"{message[: at_line.start()]} (column {at_line[2]})", int(at_line[1])
    at_end = _AT_END.search(message)
    if at_end:
        return f"{message[: at_end.start()]} (at end of file)", max(len(text.splitlines()), 1)
    return message, None


def _table(data: dict[str, Any], table: tuple[str, ...], path: Path) -> dict[str, Any] | None:
    """The table ``table`` inside ``data``; ``None`` when it is absent."""
    current: object = data
    for part in table:
        if not isinstance(current, dict) or part not in current:
            return None
        current = current[part]
    if not isinstance(current, dict):
        where = f"[{'.'.join(table)}]"
        raise UsageError(f"{where} must be a table, not {_describe(current)}", path=str(path))
    return current


_HEADER = re.compile(r"^\s*\[\s*([^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ARRAY_HEADER = re.compile(r"^\s*\[\[")


def _key_line(text: str, table: tuple[str, ...], key: str) -> int | None:
    """Best effort: the line where ``key`` of ``table`` is set (or its sub-table starts)."""
    assignment = re.compile(r"""^\s*["']?""" + re.escape(key) + r"""["']?\s*[=.]""")
    current: tuple[str, ...] | None = ()
    for number, line in enumerate(text.splitlines(), start=1):
        if _ARRAY_HEADER.match(line):
            current = None
            continue
        header = _HEADER.match(line)
        if header:
            current = tuple(part.strip().strip("\"'") for part in header[1].split("."))
            if current[: len(table) + 1] == (*table, key):
                return number
        elif current == table and assignment.match(line):
            return number
    return None


# ----------------------------------------------------------------------------- rendering


def _render(name: str, value: object) -> str:
    """A setting's value as ``reportkit config`` shows it."""
    if value is None:
        return _UNSET_TEXT.get(name, "(not set)")
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) if value else "(none)"
    if name == "max_bytes" and isinstance(value, int):
        return f"{value} ({_human_bytes(value)})"
    return str(value)


def _human_bytes(count: int) -> str:
    size, unit = float(count), "bytes"
    for bigger in ("KiB", "MiB", "GiB"):
        if size < 1024:
            break
        size, unit = size / 1024, bigger
    return f"{count} bytes" if unit == "bytes" else f"{round(size, 1):g} {unit}"


def _plain(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value
