"""The progress line of ``reportkit convert``: it names the brief in progress, keeps
other lines off its own, and shows no estimate until the pace is known. Unit tests with
a fake clock, and the command itself under a pseudo-terminal."""

from __future__ import annotations

import io
import os
import pty
import re
import select
import subprocess
import sys
from pathlib import Path

from conftest import EXAMPLES
from reportkit.commands._progress import CLEAR, ETA_AFTER, ProgressLine


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _line(total: int = 10, columns: int = 100) -> tuple[ProgressLine, io.StringIO, Clock]:
    stream, clock = io.StringIO(), Clock()
    return ProgressLine(total, stream, clock=clock, columns=lambda: columns), stream, clock


def test_the_line_names_the_oldest_brief_in_progress() -> None:
    line, _, _ = _line()
    line.started("a.txt")
    line.started("b.txt")
    assert line.text().endswith("  a.txt")
    line.finished("a.txt")
    assert line.text().endswith("  b.txt")
    assert line.text().startswith("converting 1/10 [")
    line.finished("b.txt")
    assert not line.text().endswith(".txt")


def test_no_estimate_before_the_pace_is_known_and_the_start_up_is_not_counted() -> None:
    line, _, clock = _line(total=60)
    clock.now = 8.0  # the first brief carries the pool's start: 8 s
    line.finished("1")
    clock.now = 9.0
    line.finished("2")
    assert line.converted == 2 < ETA_AFTER and line.eta() is None
    assert "eta" not in line.text()
    clock.now = 10.0
    line.finished("3")
    # 1 s a brief since the first one ended, 57 left; Click's average said 3.3 s a brief
    assert line.eta() == 57.0
    assert "eta 0:57" in line.text()


def test_briefs_the_manifest_skips_do_not_speed_up_the_estimate() -> None:
    line, _, clock = _line(total=20)
    for second in (5.0, 6.0, 7.0):
        clock.now = second
        line.finished(f"c{second}")
    for name in "abcde":  # found current: no time
        line.finished(name, converted=False)
    assert line.done == 8
    assert line.eta() == 12.0  # 1 s a brief, 12 left


def test_other_lines_clear_the_progress_line_and_it_is_drawn_below() -> None:
    line, stream, _ = _line()
    line.started("a.txt")
    line.echo("a.txt: warning: something")
    written = stream.getvalue()
    before, after = written.split("a.txt: warning: something\n")
    assert before.endswith(CLEAR)  # the warning starts on a clean line
    assert after.startswith(CLEAR + "converting 0/10")
    line.close()
    assert stream.getvalue().endswith(CLEAR)


def test_the_line_fits_the_terminal() -> None:
    line, _, _ = _line(columns=50)
    line.started("a-very-long-brief-name-from-an-inbox-2026-12-07.txt")
    text = line.text()
    assert len(text) <= 49
    assert text.endswith("07.txt") and "…" in text


def test_an_unchanged_line_is_not_written_again() -> None:
    line, stream, _ = _line()
    line.started("a.txt")
    size = len(stream.getvalue())
    line.started("b.txt")  # a.txt is still the oldest: the same line
    assert len(stream.getvalue()) == size


def _under_a_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run ``reportkit`` with its stderr on a pseudo-terminal; its exit code and what
    the terminal received."""
    main, other = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "reportkit", *args],
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=other,
        env={**os.environ, "COLUMNS": "100"},
    )
    os.close(other)
    received = b""
    while True:
        ready, _, _ = select.select([main], [], [], 120)
        if not ready:
            proc.kill()
            raise AssertionError("no output for 120 s")
        try:
            chunk = os.read(main, 4096)
        except OSError:  # the other end closed: Linux says EIO
            break
        if not chunk:
            break
        received += chunk
    os.close(main)
    return proc.wait(timeout=60), received.decode()


def test_convert_on_a_terminal_draws_the_line_and_keeps_warnings_off_it(tmp_path: Path) -> None:
    briefs = tmp_path / "in"
    briefs.mkdir()
    for name in ("en_digest.txt", "en_body_list.txt", "ru_cp1251.txt", "en_markdown.txt"):
        (briefs / name).write_bytes((EXAMPLES / name).read_bytes())
    code, screen = _under_a_terminal(
        ["convert", "in", "-o", "out/", "-f", "json", "--jobs", "2"], tmp_path
    )
    assert code == 0, screen
    # the terminal turns \n into \r\n; every drawing starts by clearing the line
    frames = [f for f in screen.replace("\r\n", "\n").split(CLEAR) if f]
    bars = [f for f in frames if f.startswith("converting ")]
    assert bars, screen
    assert any(re.search(r"converting \d+/4 \[[#-]+\] +\d+%.*  \S+\.txt$", b) for b in bars)
    assert bars[-1].startswith("converting 4/4")
    assert not any("eta" in b for b in bars[:ETA_AFTER])  # no estimate from one brief
    warning = "in/ru_cp1251.txt: warning: not UTF-8"
    carrying = [f for f in frames if warning in f]
    assert carrying and all(f.startswith(warning) for f in carrying), screen
    assert all(f.endswith("\n") for f in carrying)  # its own line
    # the summary comes after the line was cleared, on a line of its own
    assert frames[-1] == "4 brief(s): 4 converted\n"
