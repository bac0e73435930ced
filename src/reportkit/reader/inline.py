"""Markdown's inline markup, as briefs written in chat tools and wikis carry it.

``**bold**`` and ``__bold__``, ``*italic*`` and ``_italic_``, ``[text](https://...)``:
the markers leave the text (a report must never show asterisks) and become
:class:`~reportkit.model.Inline` spans over the plain text, which writers render as
bold, italic or a link.

Every pattern is bounded (a span holds at most :data:`MAX_SPAN` characters and no
newline), so that a line full of unmatched asterisks is scanned in linear time; a
marker without its closing half stays as it is written ("5 * 3", "file_name").
"""

from __future__ import annotations

import re

from reportkit.model import Inline

MAX_SPAN = 300

_SPAN = rf"{{1,{MAX_SPAN}}}"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "link",
        re.compile(
            rf"\[(?P<text>[^\[\]\n]{_SPAN})\]\((?P<href>(?:https?://|mailto:)[^\s()]{{1,2000}})\)"
        ),
    ),
    ("strong", re.compile(rf"\*\*(?=\S)(?P<text>[^*\n]{_SPAN})(?<=\S)\*\*")),
    ("strong", re.compile(rf"(?<![\w_])__(?=\S)(?P<text>[^_\n]{_SPAN})(?<=\S)__(?![\w_])")),
    (
        "emphasis",
        re.compile(rf"(?<![\w*])\*(?=[^\s*])(?P<text>[^*\n]{_SPAN})(?<=[^\s*])\*(?![\w*])"),
    ),
    (
        "emphasis",
        re.compile(rf"(?<![\w_])_(?=[^\s_])(?P<text>[^_\n]{_SPAN})(?<=[^\s_])_(?![\w_])"),
    ),
)
#: Characters without which no pattern can match: most paragraphs are skipped at once.
_HINTS = frozenset("*_[")


def strip_markup(text: str) -> tuple[str, list[Inline]]:
    """``text`` without inline markup, and where the markup was (offsets into the
    returned text, sorted by start)."""
    if not _HINTS & set(text):
        return text, []
    spans: list[Inline] = []
    for kind, pattern in _PATTERNS:
        if not _HINTS & set(text):
            break
        text, spans = _apply(text, spans, kind, pattern)
    return text, sorted(spans, key=lambda s: (s.start, -s.end))


def _apply(
    text: str, spans: list[Inline], kind: str, pattern: re.Pattern[str]
) -> tuple[str, list[Inline]]:
    """Replace each match of ``pattern`` by its inner text; shift the spans found so far."""
    out: list[str] = []
    edits: list[tuple[int, int, int]] = []  # (old start, old end, new length)
    found: list[Inline] = []
    position = 0
    length = 0  # of the output so far
    for m in pattern.finditer(text):
        inner = m.group("text")
        out.append(text[position : m.start()])
        length += m.start() - position
        found.append(
            Inline(length, length + len(inner), kind, m.groupdict().get("href"))  # type: ignore[arg-type]
        )
        out.append(inner)
        length += len(inner)
        edits.append((m.start(), m.end(), len(inner)))
        position = m.end()
    if not edits:
        return text, spans
    out.append(text[position:])
    moved = [Inline(_shift(s.start, edits), _shift(s.end, edits), s.kind, s.href) for s in spans]
    return "".join(out), moved + found


def _shift(offset: int, edits: list[tuple[int, int, int]]) -> int:
    """Where ``offset`` of the text before the edits is after them. An offset inside a
    replaced match moves with the inner text (markers are one or two characters wide on
    each side, so the inner text starts ``(old length - new length) / 2`` in)."""
    delta = 0
    for start, end, new in edits:
        if offset <= start:
            break
        if offset >= end:
            delta += (end - start) - new
            continue
        marker = ((end - start) - new) // 2 if new else 0
        return max(start - delta, offset - delta - marker)
    return offset - delta


def shifted(spans: list[Inline], by: int) -> list[Inline]:
    """``spans`` moved ``by`` code points (text put in front of theirs)."""
    return [Inline(s.start + by, s.end + by, s.kind, s.href) for s in spans]


def within(spans: list[Inline], end: int) -> list[Inline]:
    """The spans that lie in the first ``end`` code points (a text cut there)."""
    return [s for s in spans if s.end <= end]
