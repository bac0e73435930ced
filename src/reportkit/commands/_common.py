"""Helpers the commands share: output, settings and brand search path options."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from reportkit.cli import CliError

F = TypeVar("F", bound=Callable[..., Any])


def _emit(text: str, output: str | None) -> None:
    if output:
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
