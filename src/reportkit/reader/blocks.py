"""Stage 2: text -> blocks.

A block is one paragraph, list item, explicit heading or quotation, with the line it
starts on. This stage knows about layout only (blank lines, wrapping, list markers,
Markdown headings and quotes); what a block *means* is decided by ``structure``.

Hard-wrapped paragraphs are re-joined: a line break is a wrap when the next word would not
have fitted on the line, or when the line does not end a sentence and the next one starts
in lower case. Words broken with a hyphen at a line end are mended.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import pairwise
from typing import Literal

from reportkit.model import Inline, Table
from reportkit.reader.inline import strip_markup
from reportkit.reader.text import ends_sentence, starts_lower

BlockKind = Literal["text", "item", "heading", "quote", "table"]


@dataclass
class Block:
    kind: BlockKind
    text: str
    line: int
    label: str | None = None  # list items: "1", "a", "IV", "1.2"; None for bullets
    style: str | None = None  # list items: decimal, lower-alpha, ..., bullet, bracket, nested
    level: int = 0  # explicit headings: 1-6
    indent: int = 0
    lines: int = 1  # how many source lines were joined into this block
    marker: str = ""  # list items: the marker as written ("12. "), to undo a false one
    inline: list[Inline] = field(default_factory=list)  # emphasis and links in the text
    table: Table | None = None  # tables: their cells (``text`` holds them a row a line)


@dataclass(frozen=True)
class Line:
    number: int
    text: str  # without leading/trailing white space
    indent: int


# -- list markers, tried in order; each names the numbering style of its label ------------
MARKERS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # "1.2 Background", but not "1.5 million people" (a decimal number opening a line)
    ("nested", re.compile(r"(?P<label>\d{1,3}(?:\.\d{1,3})+)\.?\s+(?=[^\W\d_a-zа-яё]|[\"“«(])")),
    # up to five digits: long lists run past 999; a 4-5 digit label is kept only when it
    # continues a list (see _long_labels), so "2021. The year..." stays text
    ("decimal", re.compile(r"(?P<label>\d{1,5})[.)]\s+(?=\S)")),
    ("decimal", re.compile(r"\((?P<label>\d{1,3})\)\s+(?=\S)")),
    # "1 - The first point", "2 – Второе": a dash after the number, then a capital (so
    # "10 – 15 days" at the start of a line stays text)
    ("decimal", re.compile(r"(?P<label>\d{1,3})\s+[-–—]\s+(?=[A-ZА-ЯЁ\"“«])")),
    ("bracket", re.compile(r"\[(?P<label>\d{1,3})\]\s+(?=\S)")),
    ("upper-roman", re.compile(r"(?P<label>[IVXLC]{1,6})[.)]\s+(?=\S)")),
    ("lower-roman", re.compile(r"\(?(?P<label>[ivxlc]{1,6})\)\s+(?=\S)")),
    ("lower-alpha", re.compile(r"\(?(?P<label>[a-z])\)\s+(?=\S)")),
    ("upper-alpha", re.compile(r"\(?(?P<label>[A-Z])\)\s+(?=\S)")),
    ("bullet", re.compile(r"[-•*–—·▪◦‣●○■□➢►✓]\s+(?=\S)")),
)
HEADING_MD = re.compile(r"(?P<hashes>#{1,6})\s+(?P<text>.+?)(?:\s+#+)?$")
UNDERLINE = re.compile(r"(?:={3,}|-{3,})$")
RULE = re.compile(r"(?:(?:\*\s*){3,}|(?:_\s*){3,}|(?:-\s*){3,}|(?:=\s*){3,})$")
QUOTE_LINE = re.compile(r">\s?(?P<text>.*)$")
HYPHEN_BREAK = re.compile(r"(?P<left>[^\W\d_]+)-$")
#: Only the end of a long line matters for wrapping; searching all of it is quadratic.
TAIL = 80
#: Above this the text is not hard-wrapped: one line is one paragraph.
MAX_WRAP_WIDTH = 100
#: A line shorter than this share of the wrap width was ended on purpose.
SHORT_LINE = 0.6
#: Below this, lines are header lines (rubric, title, date), not a wrapped paragraph.
MIN_WRAP_WIDTH = 50


def split_blocks(text: str, *, first_line: int = 1) -> list[Block]:
    """Split normalised text into blocks; ``first_line`` numbers the first line of text."""
    return split_lines(list(enumerate(text.split("\n"), start=first_line)))


def split_lines(numbered: list[tuple[int, str]]) -> list[Block]:
    """Split numbered lines (``(line number, text)``; earlier stages may have taken some
    out) into blocks."""
    # Runs of spaces inside a line (tab stops, justified text) are one space.
    lines = [Line(n, " ".join(raw.split()), len(raw) - len(raw.lstrip())) for n, raw in numbered]
    width = _wrap_width(lines)
    hyphenated = _hyphenated_words("\n".join(raw for _, raw in numbered))
    blocks: list[Block] = []
    for group in _groups(lines):
        for kind, part in _tables_apart(group):
            if kind == "table":
                blocks.append(_table(part))
            else:
                blocks.extend(_group_blocks(part, width, hyphenated))
    _fix_alpha_roman(blocks)
    _long_labels(blocks)
    for block in blocks:
        if block.kind != "table":
            block.text, block.inline = strip_markup(block.text)
    return blocks


# -- pipe tables ---------------------------------------------------------------------------
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")


def _tables_apart(group: list[Line]) -> Iterator[tuple[str, list[Line]]]:
    """The lines of a group, with each pipe table (a row of cells, a rule of dashes under
    it, more rows) apart from the text around it."""
    start = 0
    i = 0
    while i + 1 < len(group):
        if "|" in group[i].text and _TABLE_RULE.match(group[i + 1].text):
            end = i + 2
            while end < len(group) and "|" in group[end].text:
                end += 1
            if i > start:
                yield "text", group[start:i]
            yield "table", group[i:end]
            start = i = end
            continue
        i += 1
    if start < len(group):
        yield "text", group[start:]


def _cells(text: str) -> list[str]:
    text = text.strip()
    text = text[1:] if text.startswith("|") else text
    text = text[:-1] if text.endswith("|") and not text.endswith("\\|") else text
    return [strip_markup(cell.strip())[0] for cell in re.split(r"(?<!\\)\|", text)]


def _row_sentence(header: list[str], row: list[str]) -> str:
    named = "; ".join(f"{h} {c}".strip() for h, c in zip(header[1:], row[1:], strict=True) if c)
    first = row[0] if row else ""
    text = f"{first}: {named}" if first and named else first or named
    return text if text.endswith((".", "!", "?")) else text + "."


def _table(lines: list[Line]) -> Block:
    """A pipe table: header, alignment rule, rows. The text is the cells, a row a line,
    so that the facts stage finds the figures in them."""
    header = _cells(lines[0].text)
    align: list[str | None] = []
    for rule in _cells(lines[1].text):
        left, right = rule.startswith(":"), rule.endswith(":")
        align.append("center" if left and right else "right" if right else "left" if left else None)
    rows = [_cells(line.text) for line in lines[2:]]
    # ragged rows: every row padded to the widest, so that no cell is lost
    width = max([len(header), *(len(row) for row in rows)])
    header = header + [""] * (width - len(header))
    rows = [row + [""] * (width - len(row)) for row in rows]
    align = (align + [None] * width)[:width]
    # "Italy: Deliveries, bcm 9.9; Share 85%." -- a row a sentence, its cells named by
    # their column, which is what a fact from the table quotes as its sentence
    # the header first, a line of its own: wherever the table ends up (a conclusion, a
    # sources list), its text holds every cell
    text = "\n".join([" | ".join(header) + ".", *(_row_sentence(header, row) for row in rows)])
    return Block(
        "table",
        text,
        lines[0].number,
        lines=len(lines),
        table=Table(header=header, rows=rows, align=align),
    )


def marker(text: str) -> tuple[str, str | None, str] | None:
    """Recognise a list marker: ``(style, label, rest)``, or None.

    Example: ``marker("2) Second point")`` -> ``("decimal", "2", "Second point")``.
    """
    for style, pattern in MARKERS:
        m = pattern.match(text)
        if m:
            label = m.groupdict().get("label")
            return style, label, text[m.end() :]
    return None


def _long_labels(blocks: list[Block]) -> None:
    """A label of four or five digits ("1000.") counts only right after its predecessor
    ("999."); otherwise the line is text that happens to start with a number ("2021.")."""
    previous: Block | None = None
    for block in blocks:
        if block.kind == "item" and block.style == "decimal" and len(block.label or "") >= 4:
            follows = (
                previous is not None
                and previous.kind == "item"
                and previous.style == "decimal"
                and (previous.label or "").isdigit()
                and int(previous.label or 0) + 1 == int(block.label or 0)
            )
            if not follows:
                block.kind, block.text = "text", block.marker + block.text
                block.label = block.style = None
        previous = block


def _fix_alpha_roman(blocks: list[Block]) -> None:
    """A one-letter "roman" label next to its alphabet neighbour is a letter: "c)" after
    "b)" or before "d)" is c, not 100; "i)" after "h)" is i."""
    items = [b for b in blocks if b.kind == "item"]
    alpha = ("lower-alpha", "upper-alpha")
    for n, block in enumerate(items):
        if block.style not in ("lower-roman", "upper-roman") or len(block.label or "") != 1:
            continue
        for other, step in (
            (items[n - 1] if n else None, -1),
            (items[n + 1] if n + 1 < len(items) else None, 1),
        ):
            if (
                other is not None
                and other.style in alpha
                and other.label
                and ord(other.label) == ord(block.label) + step
            ):  # type: ignore[arg-type]
                block.style = other.style
                break


def _groups(lines: list[Line]) -> Iterator[list[Line]]:
    """Runs of non-blank lines."""
    group: list[Line] = []
    for line in lines:
        if line.text:
            group.append(line)
        elif group:
            yield group
            group = []
    if group:
        yield group


def _wrap_width(lines: list[Line]) -> int:
    """The column text was wrapped at: the longest line that is followed by another line
    of the same paragraph (a lone line tells nothing about wrapping)."""
    widths = [len(a.text) + a.indent for a, b in pairwise(lines) if a.text and b.text]
    return max(widths, default=0)


def _hyphenated_words(text: str) -> frozenset[str]:
    """Hyphenated compounds used mid-line, so a line-end hyphen in one is kept."""
    # The scan starts at the hyphen, which the regex engine finds fast; starting at a
    # letter would try every letter of the text. The word to its left is read backwards.
    found = set()
    for m in _HYPHEN_RIGHT.finditer(text):
        left = _LETTERS_BEFORE.search(text, max(0, m.start() - _LEFT_REACH), m.start())
        if left is None or (left.start() > 0 and _is_word_char(text[left.start() - 1])):
            continue  # "x2-ray": the left part is not a whole word
        found.add(f"{left.group()}{m.group()}".casefold())
    return frozenset(found)


_HYPHEN_RIGHT = re.compile(r"-[^\W\d_]+")
_LETTERS_BEFORE = re.compile(r"[^\W\d_]+$")
#: Longer left parts are cut (a compound's first word is never this long).
_LEFT_REACH = 64


@cache
def _compound_heads() -> frozenset[str]:
    from reportkit.reader.cues import folded

    return folded("compound_heads")


def _compound_head(word: str) -> bool:
    """A word that starts hyphenated compounds ("single-", "северо-"): its line-end
    hyphen is kept ("single-point"), not mended away ("singlepoint")."""
    return word.casefold() in _compound_heads()


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


class _Pending:
    """The block being built: its source lines are collected and joined once at the end
    (joining line by line would copy long paragraphs over and over)."""

    def __init__(self, block: Block, line: Line) -> None:
        self.block = block
        self.parts = [block.text]
        self.tail = line.indent + len(line.text)  # width of the last source line

    def add(self, text: str, line: Line, hyphenated: frozenset[str]) -> None:
        previous = self.parts[-1]
        m = HYPHEN_BREAK.search(previous, max(0, len(previous) - TAIL))
        if m and starts_lower(text):
            right = re.match(r"[^\W\d_]+", text)
            compound = f"{m.group('left')}-{right.group() if right else ''}".casefold()
            if compound not in hyphenated and not _compound_head(m.group("left")):
                self.parts[-1] = previous[:-1]  # "interna-" + "tional" -> "international"
            self.parts.append(text)
        elif previous.endswith("-") and text[:1].isupper():
            self.parts.append(text)  # "Anglo-" + "American"
        elif previous.endswith(("–", "—")) and previous[-2:-1].isalnum():
            self.parts.append(text)  # "Baku–" + "Tbilisi": a dash that joins, not a break
        else:
            self.parts.append(" " + text)
        self.block.lines += 1
        self.tail = line.indent + len(line.text)

    def finish(self) -> None:
        self.block.text = "".join(self.parts)


def _group_blocks(group: list[Line], width: int, hyphenated: frozenset[str]) -> list[Block]:
    blocks: list[Block] = []
    pending: _Pending | None = None

    def start(block: Block, line: Line) -> _Pending:
        close()
        blocks.append(block)
        return _Pending(block, line)

    def close() -> None:
        if pending is not None:
            pending.finish()

    i = 0
    while i < len(group):
        line = group[i]
        nxt = group[i + 1] if i + 1 < len(group) else None

        # "Title" underlined with === or --- (setext heading)
        if (
            nxt is not None
            and UNDERLINE.match(nxt.text)
            and not marker(line.text)
            and (
                pending is None or pending.block.kind != "text" or ends_sentence(pending.parts[-1])
            )
        ):
            start(
                Block("heading", line.text, line.number, level=1 if nxt.text[0] == "=" else 2), line
            )
            pending = None
            i += 2
            continue
        if RULE.match(line.text):
            close()
            pending = None
        elif m := HEADING_MD.match(line.text):
            start(
                Block(
                    "heading", m.group("text").strip(), line.number, level=len(m.group("hashes"))
                ),
                line,
            )
            pending = None
        elif q := QUOTE_LINE.match(line.text):
            if pending is not None and pending.block.kind == "quote":
                pending.add(q.group("text"), line, hyphenated)
            else:
                pending = start(
                    Block("quote", q.group("text"), line.number, indent=line.indent), line
                )
        elif mk := marker(line.text):
            style, label, rest = mk
            item = Block(
                "item",
                rest,
                line.number,
                label=label,
                style=style,
                indent=line.indent,
                marker=line.text[: len(line.text) - len(rest)],
            )
            pending = start(item, line)
        elif pending is not None and _continues(pending, line, width):
            pending.add(line.text, line, hyphenated)
        else:
            pending = start(Block("text", line.text, line.number, indent=line.indent), line)
        i += 1
    close()
    return blocks


def _continues(pending: _Pending, line: Line, width: int) -> bool:
    """Is ``line`` the continuation of the pending block (a wrapped line) or a new one?"""
    block, previous, tail = pending.block, pending.parts[-1][-TAIL:], pending.tail
    if HYPHEN_BREAK.search(previous) and starts_lower(line.text):
        return True
    if previous.endswith(("–", "—")) and previous[-2:-1].isalnum() and line.text[:1].isalnum():
        return True  # "Baku–" + "Tbilisi": a dash that joins two words, cut by a line end
    if block.kind in ("item", "quote") and line.indent > block.indent:
        return True  # indented continuation of a list item
    if not ends_sentence(previous) and starts_lower(line.text):
        return True
    if width < MIN_WRAP_WIDTH or width > MAX_WRAP_WIDTH:
        return False  # header lines, or one paragraph per line
    if not ends_sentence(previous):
        # Mid-sentence break: a wrap, unless the line is short (a title or heading
        # followed directly by its text).
        return tail >= SHORT_LINE * width
    # The line ends a sentence: it was wrapped only if the next word would not fit.
    first_word = line.text.split(maxsplit=1)[0]
    return tail + 1 + len(first_word) > width
