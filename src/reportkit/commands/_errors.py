"""The one exception the commands raise for click: lives below :mod:`reportkit.cli`, so
that commands never import the front end that imports them."""

from __future__ import annotations

from typing import Any

import click


class CliError(click.ClickException):
    """A ReportkitError shown as one line on stderr, with its own exit code."""

    def __init__(self, message: str, exit_code: int):
        super().__init__(message)
        self.exit_code = exit_code

    def show(self, file: Any = None) -> None:
        click.echo(f"reportkit: error: {self.format_message()}", err=True)
