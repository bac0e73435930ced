"""The progress line ``reportkit convert`` draws on a terminal.

Click's progress bar estimates the time left from the average time per brief since the
start, and the first brief carries the start of the worker pool (a second or two of
imports): a one-minute run began by announcing six. It also owns the line it draws, so a
warning printed meanwhile landed on the bar. This line instead

- names the brief in progress (the one started first among those not finished: if one
  hangs, that is the one the line shows);
- estimates the time left from the pace *after* the first converted brief, and shows no
  estimate until three briefs were converted;
- is cleared before any other line is written (:meth:`echo`) and drawn again below it.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from typing import IO

#: Converted briefs before an estimate of the time left is shown.
ETA_AFTER = 3
#: The bar's width in characters, at most (narrow terminals get a shorter one).
BAR_WIDTH = 24
#: Erase the current line: carriage return, then ANSI "erase to end of line".
CLEAR = "\r\x1b[K"


class ProgressLine:
    """A one-line progress display on ``stream``: ``converting 12/40 [####----] 30%
    eta 0:42  name.txt``. Call :meth:`started` as each brief is taken, :meth:`finished`
    as each one ends, :meth:`echo` for any other line, :meth:`close` at the end."""

    def __init__(
        self,
        total: int,
        stream: IO[str],
        *,
        label: str = "converting",
        clock: Callable[[], float] = time.monotonic,
        columns: Callable[[], int] = lambda: shutil.get_terminal_size().columns,
    ) -> None:
        self.total, self.stream, self.label = total, stream, label
        self.clock, self.columns = clock, columns
        self.done = 0
        #: briefs taken and not finished, oldest first (a dict keeps insertion order)
        self.running: dict[str, None] = {}
        self.converted = 0  # briefs that took a conversion: the pace counts these only
        self.first_at: float | None = None  # when the first conversion ended
        self.last_at: float | None = None
        self.shown = False
        self.drawn = ""

    def started(self, name: str) -> None:
        self.running[name] = None
        self._draw()

    def finished(self, name: str, *, converted: bool = True) -> None:
        """``converted``: False for a brief the manifest said was current (it took no
        time, and must not make the estimate look faster than the work is)."""
        self.running.pop(name, None)
        self.done += 1
        if converted:
            self.converted += 1
            self.last_at = self.clock()
            if self.first_at is None:
                self.first_at = self.last_at
        self._draw()

    def echo(self, line: str) -> None:
        """Write ``line`` on a line of its own, then the progress line again below it."""
        self._clear()
        self.stream.write(line + "\n")
        self._draw()

    def close(self) -> None:
        """Erase the line: the summary that follows says how the run went."""
        self._clear()
        self.stream.flush()

    def eta(self) -> float | None:
        """Seconds left, from the pace between the first and the last conversion; None
        until :data:`ETA_AFTER` briefs were converted."""
        if self.converted < ETA_AFTER or self.first_at is None or self.last_at is None:
            return None
        pace = (self.last_at - self.first_at) / (self.converted - 1)
        return pace * (self.total - self.done)

    def text(self) -> str:
        """The progress line, cut to the terminal's width (a wrapped line cannot be
        redrawn in place)."""
        width = max(20, self.columns() - 1)
        share = self.done / self.total if self.total else 1.0
        bar_width = max(8, min(BAR_WIDTH, width // 4))
        filled = round(bar_width * share)
        parts = [
            f"{self.label} {self.done}/{self.total}",
            f"[{'#' * filled}{'-' * (bar_width - filled)}]",
            f"{share:4.0%}",
        ]
        eta = self.eta()
        if eta is not None:
            minutes, seconds = divmod(round(eta), 60)
            parts.append(f"eta {minutes}:{seconds:02d}")
        line = " ".join(parts)
        if self.running:
            name = next(iter(self.running))
            room = width - len(line) - 2
            if room >= 8:
                line += "  " + (name if len(name) <= room else "…" + name[-(room - 1) :])
        return line[:width]

    def _draw(self) -> None:
        text = self.text()
        if self.shown and text == self.drawn:
            return  # a terminal over ssh pays for every byte
        self.stream.write(CLEAR + text)
        self.stream.flush()
        self.shown, self.drawn = True, text

    def _clear(self) -> None:
        if self.shown:
            self.stream.write(CLEAR)
            self.shown = False
