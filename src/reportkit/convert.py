"""``reportkit convert``: briefs in, reports out, written atomically.

Kept apart from the CLI so that the CLI stays a thin layer of options, and so that the
batch runner (many inputs, manifest, workers) can grow here.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportkit import api
from reportkit.atomic import write_atomic
from reportkit.errors import ReportkitError, UsageError

STDIN = "-"


@dataclass(frozen=True)
class Target:
    brief: str  # a path, or "-" for standard input
    format: str
    path: Path | None  # None: standard output


@dataclass(frozen=True)
class Job:
    targets: tuple[Target, ...]

    @classmethod
    def plan(cls, briefs: tuple[str, ...], settings: Any, *, output: str | None) -> Job:
        """Where each format of each brief goes.

        ``-o -`` is standard output (one brief, one format); ``-o FILE`` is one file (one
        brief, one format); ``-o DIR/`` or an existing folder receives
        ``<stem><extension>``; without ``-o``, outputs go next to each brief, or into the
        configured ``output_dir`` when the config sets one.
        """
        formats = list(settings.formats)  # flags, environment, config, or pdf + docx
        single = len(briefs) == 1 and len(formats) == 1
        folder: Path | None = None
        if output == STDIN:
            if not single:
                raise UsageError("-o - writes one format of one brief to standard output")
            return cls((Target(briefs[0], formats[0], None),))
        if output is not None and (output.endswith(("/", "\\")) or Path(output).is_dir()):
            folder = Path(output)
        elif output is not None:
            if not single:
                raise UsageError(
                    "-o FILE takes one brief and one format; give a folder (ending with /) for more"
                )
            return cls((Target(briefs[0], formats[0], Path(output)),))
        elif settings.origin.get("output_dir", "default") != "default":
            folder = settings.output_dir
        targets = []
        for brief in briefs:
            if brief == STDIN and folder is None:
                raise UsageError("a brief from standard input needs -o FILE, -o DIR/ or -o -")
            stem = "brief" if brief == STDIN else Path(brief).stem
            base = folder if folder is not None else Path(brief).parent
            targets += [Target(brief, fmt, base / f"{stem}{api.FORMATS[fmt]}") for fmt in formats]
        paths = [t.path for t in targets]
        duplicate = next((p for p in paths if paths.count(p) > 1), None)
        if duplicate is not None:
            raise UsageError(f"two outputs would be written to {duplicate}")
        return cls(tuple(targets))


def run_job(job: Job, settings: Any, *, echo: Callable[[str], None]) -> int:
    """Convert every target; return how many briefs failed."""
    if settings.pdf_variant is not None:
        from reportkit.writers.pdf import check_variant

        check_variant(settings.pdf_variant)  # before anything is written
    failed: set[str] = set()
    briefs: dict[str, Any] = {}
    brands: dict[str, Any] = {}
    for target in job.targets:
        if target.brief in failed:
            continue
        try:
            brief = briefs.get(target.brief)
            if brief is None:
                brief = briefs[target.brief] = _read(target.brief, settings)
                _report(target.brief, brief.diagnostics, echo)
            brand = _brand(brief, settings, brands)
            out = api.render(
                brief,
                target.format,
                brand,
                lang=settings.lang,
                toc=settings.toc,
                pdf_variant=settings.pdf_variant,
            )
            _report(target.brief, out.warnings, echo)
            if target.path is None:
                sys.stdout.buffer.write(out.data)
                sys.stdout.buffer.flush()
            else:
                _write(target.path, out.data)
                echo(f"{target.brief} -> {target.path}")
        except UsageError:
            raise  # a configuration problem fails every brief alike: stop
        except ReportkitError as error:
            failed.add(target.brief)
            where = "" if error.path else f"{target.brief}: "
            echo(f"reportkit: error: {where}{error}")
    return len(failed)


def _brand(brief: Any, settings: Any, cache: dict[str, Any]) -> Any:
    """The brief's brand, loaded once per run. A brand named by the brief's own front
    matter that cannot be loaded fails that brief only; one from the command line or the
    config is a configuration error for the whole run."""
    from reportkit.brand import BrandError, SearchPath, load_brand

    name, origin = api.choose_brand(brief.meta.brand, settings)
    if name not in cache:
        search = SearchPath.build(settings.templates, extra_origin="configured")
        try:
            cache[name] = load_brand(name, search)
        except BrandError as error:
            if origin != "front matter of the brief":
                raise UsageError(str(error)) from None
            raise ReportkitError(f"brand from its front matter: {error}") from None
    return cache[name]


def _read(name: str, settings: Any) -> Any:
    if name == STDIN:
        data = sys.stdin.buffer.read(settings.max_bytes + 1)
        if len(data) > settings.max_bytes:
            raise api.InputError(f"over the {settings.max_bytes:,}-byte limit", path="<stdin>")
        return api.parse(data, source_file="<stdin>")
    return api.parse_file(name, max_bytes=settings.max_bytes)


def _write(path: Path, data: bytes) -> None:
    try:
        write_atomic(path, data)
    except OSError as exc:
        raise ReportkitError(f"cannot be written ({exc.strerror or exc})", path=str(path)) from None


def _report(name: str, diagnostics: list[Any], echo: Callable[[str], None]) -> None:
    for d in diagnostics:
        if d.level != "info":
            where = f"{name}:{d.line}" if d.line else name
            echo(f"{where}: {d.level}: {d.message}")
