"""Helpers the commands share: output, settings and brand search path options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from reportkit.commands._errors import CliError

F = TypeVar("F", bound=Callable[..., Any])

#: The longest time a setting in seconds may name: a week (a timer past that is a typo,
#: and ``inf`` overflows the system's timer).
MAX_SECONDS = 7 * 24 * 3600.0


class Seconds(click.FloatRange):
    """A number of seconds from 0.1 to :data:`MAX_SECONDS`; ``nan`` and ``inf`` refused
    (a NaN compares false with both bounds, so FloatRange alone lets it through)."""

    name = "seconds"

    def __init__(self) -> None:
        super().__init__(min=0.1, max=MAX_SECONDS)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if number != number:  # NaN
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        return number


#: The sections of a long --help (convert, watch): option (parameter name) -> section.
SECTIONS: dict[str, str] = {
    **dict.fromkeys(("output", "formats", "name_template", "force", "dry_run"), "Output"),
    **dict.fromkeys(
        ("brand", "lang", "toc", "pdf_variant", "templates", "config_path"), "Brand and report"
    ),
    **dict.fromkeys(
        ("recursive", "include", "exclude", "max_bytes", "timeout", "fail_on_warning"), "Inputs"
    ),
    **dict.fromkeys(
        ("jobs", "wait", "shard_spec", "progress", "verbose", "quiet", "log_format", "interval"),
        "Batch and scheduling",
    ),
    **dict.fromkeys(("executor", "scheduler", "scheduler_timeout"), "Distributed (Dask)"),
}
SECTION_ORDER = (
    "Output", "Brand and report", "Inputs", "Batch and scheduling", "Distributed (Dask)",
    "Other",
)  # fmt: skip


class SectionedCommand(click.Command):
    """A command whose --help lists its options in sections (:data:`SECTIONS`), each with
    the environment variable that also sets it (``[env: REPORTKIT_BRAND]``): one
    mechanism for every setting lives in reportkit.config, so Click's own ``envvar`` is
    not used, and the help says it here instead."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        from reportkit.config import CONFIG_ENV, ENV_NAMES

        envs = {**ENV_NAMES, "config_path": CONFIG_ENV}
        groups: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            env = envs.get(param.name or "")
            if env:
                record = (record[0], f"{record[1]}  [env: {env}]")
            groups.setdefault(SECTIONS.get(param.name or "", "Other"), []).append(record)
        for title in SECTION_ORDER:
            if groups.get(title):
                with formatter.section(title):
                    formatter.write_dl(groups[title])


def complete_brand(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Shell completion of --brand: the brands on the search path (``--templates``,
    ``REPORTKIT_TEMPLATES``, the config, ./templates, the built-in ones)."""
    from click.shell_completion import CompletionItem

    from reportkit.brand.listing import list_brands

    try:
        config = ctx.params.get("config_path")
        settings = _settings(config, templates=tuple(ctx.params.get("templates") or ()))
        rows = list_brands(_search(settings))
    except Exception:  # completion must never print a traceback into the shell
        return []
    names = sorted({row.name for row in rows if not row.shadowed})
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


class ByteSize(click.ParamType):
    """A size in bytes: ``10485760``, ``10MB`` (10 000 000), ``10MiB`` (10 485 760),
    ``500k``; from 1 byte to 1 GiB (:func:`reportkit.limits.parse_size`)."""

    name = "size"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        from reportkit.limits import parse_size

        try:
            return parse_size(value)
        except ValueError as error:
            self.fail(str(error), param, ctx)


def _emit(text: str, output: str | None) -> None:
    """``text`` to file ``output`` (atomically), or to standard output when there is no
    file or it is "-" (as pandoc's and every Unix tool's -o -)."""
    if output and output != "-":
        from reportkit.atomic import write_atomic

        try:
            write_atomic(output, text.encode("utf-8"))
        except (NotADirectoryError, FileExistsError):
            raise CliError(
                f"{output}: cannot be written (a file is in the way of its folder)", 1
            ) from None
        except OSError as exc:
            raise CliError(f"{output}: cannot be written ({exc.strerror or exc})", 1) from None
    else:
        click.echo(text, nl=False)


# -- settings shared by the commands that use brands ---------------------------------------
def settings_options(fn: F) -> F:
    """--config and --templates: where settings and brands come from."""
    fn = click.option(
        "--templates",
        "templates",
        multiple=True,
        type=click.Path(file_okay=False, path_type=Path),
        help="A folder of brands, searched before ./templates and the "
        "built-in brands (repeatable).",
    )(fn)
    fn = click.option(
        "--config",
        "config_path",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Use this reportkit.toml instead of searching for one.",
    )(fn)
    return fn


def _settings(config_path: Path | None, **flags: Any) -> Any:
    from reportkit.config import load_settings

    given = {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in flags.items() if v not in (None, ())
    }
    return load_settings(given, config_path=config_path)


def _search(settings: Any) -> Any:
    from reportkit.brand import SearchPath

    return SearchPath.build(settings.templates, extra_origin="configured")
