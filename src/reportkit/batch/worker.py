"""The worker side of a run: one brief's bytes in, rendered bytes out.

:func:`convert_one` runs in this process, a local worker process or a Dask worker; it
never writes a file and never raises for a bad brief. The parent
(:mod:`reportkit.batch.runner`) writes what it returns.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reportkit.batch.timeout import Expired, time_limit
from reportkit.errors import BrandError, ReportkitError, UsageError


@dataclass(frozen=True)
class RenderOptions:
    """What shapes the outputs; part of every manifest key."""

    formats: tuple[str, ...]
    brand: str  # the configured brand (flag, environment, config file or "default")
    brand_forced: bool  # given on the command line: wins over a brief's front matter
    lang: str | None
    toc: bool | None
    pdf_variant: str | None
    name: str
    templates: tuple[str, ...]

    def key(self) -> dict[str, Any]:
        return {
            "formats": list(self.formats),
            "brand": self.brand,
            "brand_forced": self.brand_forced,
            "lang": self.lang,
            "toc": self.toc,
            "pdf_variant": self.pdf_variant,
            "name": self.name,
        }


@dataclass(frozen=True)
class Task:
    name: str  # the input as the user named it
    data: bytes
    source_file: str
    options: RenderOptions
    fail_on_warning: bool
    timeout: float | None = None  # seconds for this brief, then it fails
    created: int | None = None  # the reports' creation time: SOURCE_DATE_EPOCH of the client
    brands: str | None = None  # digest of the BrandPack to load brands from (Dask workers)
    error: str | None = None  # reading the brief failed: the task fails with this


@dataclass(frozen=True)
class BriefWarning:
    """A warning about one brief, from the reader (``line`` of the brief) or a writer
    (``format``): what the text report prints as one line and the JSON log keeps as
    fields. ``code`` is the :class:`reportkit.model.Diagnostic` code (``missing-glyph``,
    ``not-utf8``, ...), stable for whatever filters a log."""

    code: str
    message: str
    line: int | None = None
    format: str | None = None

    def __str__(self) -> str:
        where = f"line {self.line}: " if self.line else ""
        return f"{self.format + ': ' if self.format else ''}{where}{self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "line": self.line,
            "format": self.format,
            "message": self.message,
        }


@dataclass
class Result:
    name: str
    status: str  # "converted" | "failed"
    outputs: dict[str, bytes] = field(default_factory=dict)
    warnings: list[BriefWarning] = field(default_factory=list)
    error: str | None = None
    fatal: bool = False  # a configuration error: stop the whole run
    brand: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0


_BRANDS: dict[tuple[str, tuple[str, ...]], Any] = {}


def convert_one(task: Task) -> Result:
    """Parse and render one brief. Runs in a worker; never raises for a bad brief."""
    started = time.perf_counter()
    result = Result(task.name, "failed")
    if task.error is not None:
        result.error = task.error
        return result
    try:
        with time_limit(task.timeout):
            _convert_into(result, task)
    except Expired:  # the time limit of a thread, delivered as the conversion ended
        result.outputs = {}
        result.error = f"took longer than {task.timeout:g} s (--timeout); stopped"
    except ReportkitError as error:
        result.outputs = {}
        result.error = message(error, task.source_file, task.name)
        result.fatal = result.fatal or isinstance(error, UsageError)
    except Exception as error:  # a bug must not stop the batch: report it for this brief
        result.outputs = {}
        result.error = f"internal error: {type(error).__name__}: {error}"
    result.seconds = time.perf_counter() - started
    return result


def _convert_into(result: Result, task: Task) -> None:
    from reportkit import api

    brief = api.parse(task.data, source_file=task.source_file)
    name, from_brief = api.pick_brand(
        brief.meta.brand, task.options.brand, forced=task.options.brand_forced
    )
    try:
        brand = _brand(name, task.options.templates, task.brands)
    except BrandError as error:
        if from_brief:
            raise ReportkitError(f"brand named by its front matter: {error}") from None
        result.fatal = True
        raise
    lang = task.options.lang
    if lang:  # --lang asks for labels in a language: one without them is a usage error
        from reportkit.labels import known_languages, normalise_language

        known = known_languages(brand.settings.labels)
        if normalise_language(lang) not in known:
            result.fatal = True
            raise UsageError(
                f"--lang {lang}: no labels in that language (known: {', '.join(known)})"
            )
    result.brand = name  # as chosen (a name or a folder): the manifest finds it again
    result.meta = {
        "title": brief.meta.title,
        "rubric": brief.meta.rubric,
        "date": brief.meta.date,
        "brand": brand.name,
    }
    warnings = [_warning(d) for d in brief.diagnostics if d.level != "info"]
    created = None if task.created is None else datetime.fromtimestamp(task.created, tz=UTC)
    for fmt in task.options.formats:
        try:
            out = api.render(
                brief,
                fmt,
                brand,
                lang=task.options.lang,
                toc=task.options.toc,
                pdf_variant=task.options.pdf_variant,
                created=created,
            )
        except BrandError as error:  # a brand file found wanting when first used
            if from_brief:
                raise ReportkitError(f"brand named by its front matter: {error}") from None
            result.fatal = True
            raise
        result.outputs[fmt] = out.data
        warnings += [_warning(w, fmt) for w in out.warnings]
    result.warnings = list(dict.fromkeys(warnings))
    if task.fail_on_warning and result.warnings:
        raise ReportkitError(f"{len(result.warnings)} warning(s) and --fail-on-warning")
    result.status = "converted"


def _brand(name: str, templates: tuple[str, ...], brands: str | None = None) -> Any:
    """Each worker loads a brand once (and keeps its warm renderers with it). With
    ``brands``, from the unpacked :class:`~reportkit.batch.brandpack.BrandPack` of that
    digest (a Dask worker) instead of this machine's folders."""
    from reportkit.brand import SearchPath, load_brand

    key = (name, templates, brands)
    if key not in _BRANDS:
        if brands is not None:
            from reportkit.batch.brandpack import unpacked

            pack = unpacked(brands)
            try:
                _BRANDS[key] = load_brand(pack.brand(name), pack.search())
            except ReportkitError as error:  # name the client's folders, not the worker's
                error.message = pack.client_paths(error.message)
                error.path = error.path and pack.client_paths(error.path)
                raise
        else:
            search = SearchPath.build([Path(t) for t in templates], extra_origin="configured")
            _BRANDS[key] = load_brand(name, search)
    return _BRANDS[key]


def _warning(diagnostic: Any, fmt: str | None = None) -> BriefWarning:
    return BriefWarning(diagnostic.code, diagnostic.message, diagnostic.line, fmt)


def message(error: ReportkitError, *names: str) -> str:
    """The error without its path when the path is the brief the message is about."""
    if error.path in names:
        return f"line {error.line}: {error.message}" if error.line else error.message
    return str(error)
