"""The reader stays linear on pathological lines: one long line of a repeated token.

Shapes like these once made it quadratic: 200 KB of "1 million " took 107 s and 11.8 GB,
"http://a" and 50 KB of dots 85 s. The property: four times the line costs at most about
four times the memory (tracemalloc's peak, which does not depend on the machine's speed),
and every parse ends well within a hang guard. Time itself is measured in
``benchmarks/run.py`` (the "pathological line" rows), not here.
"""

from __future__ import annotations

import signal
import tracemalloc
from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis import given, settings
from hypothesis import strategies as st

import reportkit

#: Tokens that pile up figures, links, quotes, markers or stops in one line.
TOKENS = [
    "1 million ",
    "1% ",
    "1.",
    ".",
    "$1 ",
    "10–15% ",
    "[1] ",
    "A/1/",
    "+7 1 ",
    "“a b c d” ",
    "«а б в г» ",
    "As X said, ",
    "по данным Росстата ",
    "Jan 2020 ",
    "1 ",
    "a ",
]
SMALL, LARGE = 6_000, 24_000
#: A parse of LARGE bytes that takes this long is a hang, whatever the machine.
GUARD_SECONDS = 30


@contextmanager
def hang_guard(seconds: int) -> Iterator[None]:
    def stop(signum, frame):
        raise TimeoutError(f"a parse took over {seconds} s: not linear")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def warm_up() -> None:
    """Load what a first parse loads (the Russian dictionary, the place names), so that
    the memory measured is the parse's own."""
    reportkit.parse("Title\n\n" + " ".join(TOKENS) + " По данным Всемирного банка, 5%.\n")


def peak_bytes(text: str) -> int:
    tracemalloc.start()
    try:
        with hang_guard(GUARD_SECONDS):
            reportkit.parse(text)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@settings(max_examples=10, deadline=None, derandomize=True)
@given(
    head=st.sampled_from(["", "http://a", "Title\n\n", "«"]),
    tokens=st.lists(st.sampled_from(TOKENS), min_size=1, max_size=3),
)
def test_four_times_the_line_costs_about_four_times_the_memory(
    head: str, tokens: list[str]
) -> None:
    warm_up()
    unit = "".join(tokens)

    def line(size: int) -> str:
        return "Title\n\n" + head + unit * (size // len(unit)) + "\n"

    small, large = peak_bytes(line(SMALL)), peak_bytes(line(LARGE))
    # 4x the input, with room for fixed costs and allocator noise; quadratic is 16x
    assert large <= 6 * small + 2_000_000, (unit, small, large)


def test_the_issues_lines_parse_without_hanging() -> None:
    """The three lines the review measured (107 s, 28 s, 85 s at their sizes), at half
    those sizes, under the hang guard; and a link the URL parser rejects."""
    lines = ["1 million " * 10_000, "1% " * 8_000, "http://a" + "." * 25_000]
    for line in lines:
        with hang_guard(GUARD_SECONDS):
            brief = reportkit.parse("Title\n\n" + line + "\n")
        assert brief.paragraphs()
    brief = reportkit.parse("Title\n\nSee http://a[1] [1] and more.\n")
    assert [s.kind for s in brief.sources] == ["url"]


def test_a_fact_of_an_overlong_sentence_carries_a_window_of_it() -> None:
    brief = reportkit.parse("Title\n\n" + "1% " * 5_000 + "\n")
    assert len(brief.facts) == 5_000
    assert max(len(f.sentence) for f in brief.facts) < 1_000


def test_a_long_unbroken_token_does_not_stall_the_pdf_layout() -> None:
    """An 8 KB token ("1.1.1.…") took WeasyPrint 47 s: the report view now gives such a
    run a break opportunity every few characters (a zero-width space), links after their
    separators; ordinary words are untouched."""
    from reportkit import api
    from reportkit.brand import load_brand
    from reportkit.writers.context import LONG_TOKEN, breakable

    token = "1." * 10_000
    brief = reportkit.parse(f"Analysis\n\nA title\n\nThe token {token} ends here.\n")
    with hang_guard(GUARD_SECONDS):
        output = api.render(brief, "pdf", load_brand("default"))
    assert output.data.startswith(b"%PDF")
    assert breakable("an ordinary sentence with words") == "an ordinary sentence with words"
    broken = breakable(token)
    assert broken.replace("\u200b", "") == token
    assert max(len(part) for part in broken.split("\u200b")) <= LONG_TOKEN
    link = breakable("https://example.org/" + "a" * 80 + "?x=1&y=2")
    assert "/\u200b" in link and "?\u200b" in link and "&\u200b" in link
