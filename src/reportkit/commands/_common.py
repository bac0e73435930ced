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
