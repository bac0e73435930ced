"""Stage 1c: what PDF extraction leaves between the lines of a brief.

``pdftotext`` and copy-paste from a PDF viewer keep each page's furniture: a running
header and footer (often in capitals), a page number (``- 3 -``, ``Page 3 of 7``, a
bare ``3``) and a form feed at each page end. Read as text, the running header becomes
the rubric and comes back as a sub-heading on every page, and a paragraph that crosses
a page is cut in two.

Furniture is recognised only where there is evidence of pages (form feeds or page
numbers): a short line is a running head when at least two of its occurrences stand at
page boundaries. It is removed with a diagnostic, and a paragraph that a page break
interrupted mid-sentence is joined again (the blank lines around the furniture go too).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise

from reportkit.model import Diagnostic
from reportkit.reader import mailcues
from reportkit.reader.text import ends_sentence

Numbered = list[tuple[int, str]]

#: A running head or foot is one short line.
MAX_FURNITURE_CHARS = 100
#: Non-blank lines from a page boundary within which furniture stands.
REACH = 2
#: Bare page numbers ("3" alone on a line) stop at this value.
MAX_PAGE = 999
FORM_FEED = "\x0c"


@dataclass
class Paged:
    lines: Numbered
    diagnostics: list[Diagnostic] = field(default_factory=list)


@cache
def _page_number() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{'|'.join(mailcues.PAGE_NUMBERS)})\s*$", re.IGNORECASE)


_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})\s*$")
_DIGITS = re.compile(r"\d+")


def remove_furniture(lines: Numbered) -> Paged:
    """The lines without running heads, page numbers and form feeds; lines cut by a page
    break joined again. Text without pages comes back unchanged (form feeds aside)."""
    lines, feeds = _split_pages(lines)
    texts = [t for _, t in lines]
    numbers = _page_numbers(texts, feeds)
    if not feeds and not numbers:
        return Paged([(n, t) for (n, _), t in zip(lines, texts, strict=True)])
    boundaries = sorted({0, len(lines), *feeds, *numbers})
    near = _near_boundaries(texts, boundaries)
    heads = _running_heads(texts, near, set(numbers))
    furniture = set(numbers) | heads
    out = Paged(_join_across(lines, texts, furniture))
    # Every removed text is named, so that nothing leaves the brief unreported.
    for text, indices in _distinct(texts, heads).items():
        out.diagnostics.append(
            Diagnostic(
                "info",
                "running-head-removed",
                f"running head or foot of the PDF's pages removed ({len(indices)}x): {text!r}",
                line=lines[indices[0]][0],
            )
        )
    if numbers:
        shown = ", ".join(" ".join(texts[i].split()) for i in numbers)
        out.diagnostics.append(
            Diagnostic(
                "info",
                "page-numbers-removed",
                f"{len(numbers)} page number(s) removed: {shown}",
                line=lines[numbers[0]][0],
            )
        )
    return out


def _distinct(texts: list[str], indices: set[int]) -> dict[str, list[int]]:
    """The texts at ``indices``, white space collapsed, each with where it stood."""
    out: dict[str, list[int]] = {}
    for i in sorted(indices):
        out.setdefault(" ".join(texts[i].split()), []).append(i)
    return out


def _split_pages(lines: Numbered) -> tuple[Numbered, list[int]]:
    """The lines with each form feed ending a line (the text on both sides keeps the
    line number as written), and the indices of the lines that start a page."""
    out: Numbered = []
    feeds: list[int] = []
    for number, text in lines:
        parts = text.split(FORM_FEED)
        for n, part in enumerate(parts):
            if n:
                feeds.append(len(out))
            out.append((number, part))
    return out, feeds


def _page_numbers(texts: list[str], feeds: list[int]) -> list[int]:
    """Lines that are page numbers: "Page 3 of 7", "- 3 -" always; a bare "3" when the
    bare numbers of the text count up, or one stands next to a form feed."""
    pattern = _page_number()
    found = [i for i, t in enumerate(texts) if pattern.match(t)]
    bare = [(i, int(m.group(1))) for i, t in enumerate(texts) if (m := _BARE_NUMBER.match(t))]
    bare = [(i, n) for i, n in bare if 0 < n <= MAX_PAGE]
    counting = len(bare) >= 2 and all(b[1] > a[1] for a, b in pairwise(bare))
    feed_set = set(feeds)
    for i, _ in bare:
        if counting or {i - 1, i, i + 1, i + 2} & feed_set:
            found.append(i)
    return sorted(set(found))


def _near_boundaries(texts: list[str], boundaries: list[int]) -> set[int]:
    """Indices of the non-blank lines within :data:`REACH` of a boundary, on each side."""
    near: set[int] = set()
    for boundary in boundaries:
        for step, start in ((-1, boundary - 1), (1, boundary)):
            seen, i = 0, start
            while 0 <= i < len(texts) and seen < REACH + 1:
                if texts[i].strip():
                    near.add(i)
                    seen += 1
                i += step
    return near


def _running_heads(texts: list[str], near: set[int], numbers: set[int]) -> set[int]:
    """Short lines of which two or more occurrences stand at page boundaries."""
    by_text: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        stripped = " ".join(text.split())
        if stripped and i not in numbers and len(stripped) <= MAX_FURNITURE_CHARS:
            # "Caspian Monitor, p. 3": the same head with another number
            by_text.setdefault(_DIGITS.sub("#", stripped.casefold()), []).append(i)
    heads: set[int] = set()
    for indices in by_text.values():
        if len(indices) >= 2 and sum(i in near for i in indices) >= 2:
            heads.update(i for i in indices if i in near)
    return heads


def _join_across(lines: Numbered, texts: list[str], furniture: set[int]) -> Numbered:
    """The lines without furniture. Where furniture was taken out between a line that
    does not end a sentence and the next text, the blank lines between them go too, so
    that the paragraph a page break cut is one paragraph again."""
    out: Numbered = []
    blanks: Numbered = []
    removed = False
    previous = ""  # the last text line kept
    for i, ((number, _), text) in enumerate(zip(lines, texts, strict=True)):
        if i in furniture:
            removed = True
            continue
        if not text.strip():
            blanks.append((number, text))
            continue
        if not (removed and previous and not ends_sentence(previous.rstrip())):
            out.extend(blanks)
        blanks, removed, previous = [], False, text
        out.append((number, text))
    out.extend(blanks)
    return out
