"""Stage 3: blocks -> the roles of a brief.

Reading order of a brief::

    [header]      rubric, title, date/author/classification lines
    [body]        sections: optional heading + paragraphs, list items, quotations
    [conclusions] a cue ("Several conclusions can be drawn...") + numbered items
    [sources]     "Source: X" origin lines and/or a "Sources:" list

Every block lands in exactly one role; nothing is dropped. Origin lines and a sources
list are recognised wherever they stand, the rest in the order above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from reportkit.model import Conclusion, Conclusions, Diagnostic, Paragraph, Section
from reportkit.reader.blocks import Block
from reportkit.reader.cues import merged, meta_labels, union
from reportkit.reader.inline import shifted, within
from reportkit.reader.text import ends_sentence, sentences, split_sentences

#: A heading is one short line; longer lines are paragraphs however they end.
HEADING_MAX_CHARS = 120
HEADING_MAX_WORDS = 16
#: Blocks of the header region scanned for rubric, title and metadata lines.
HEADER_BLOCKS = 8
#: Entries of a "Sources:" list are short lines or lines with a link.
ENTRY_MAX_CHARS = 400


@dataclass
class Layout:
    """What ``structure`` found; ``sources`` turns origin lines and entries into Sources."""

    rubric: str | None = None
    title: str | None = None
    summary: str | None = None
    header: dict[str, tuple[str, int]] = field(default_factory=dict)  # field -> (value, line)
    sections: list[Section] = field(default_factory=list)
    conclusions: Conclusions = field(default_factory=Conclusions)
    origins: list[tuple[str, int]] = field(default_factory=list)  # (value, line)
    entries: list[Block] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)


def build_layout(blocks: list[Block]) -> Layout:
    layout = Layout()
    rest = _summary(_header(_attributions(blocks), layout), layout)
    body = _sources(rest, layout)
    body, tail = _conclusions(body, layout)
    _sections(body + tail, layout)
    _values(layout)
    _check(layout, blocks)
    return layout


def _values(layout: Layout) -> None:
    """Each label's number, so that writers show "c." as the third item without reading
    labels themselves; each conclusion's first sentence, for a summary of them."""
    for section in layout.sections:
        for paragraph in section.paragraphs:
            if paragraph.label is not None:
                paragraph.value = label_value(paragraph.label, paragraph.numbering or "decimal")
    numbering = layout.conclusions.numbering or "decimal"
    for item in layout.conclusions.items:
        item.value = label_value(item.label, numbering)
        first = item.text.split("\n\n", 1)[0]
        item.headline = next(iter(sentences(first)), first).strip()


# -- patterns from the cue tables ----------------------------------------------------------
def _words(items: tuple[str, ...]) -> str:
    return "|".join(re.escape(i) for i in items)


@cache
def _cue_patterns() -> re.Pattern[str]:
    return re.compile(rf"^\W*(?:{'|'.join(union('conclusion_cues'))})", re.IGNORECASE)


@cache
def _origin_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"^(?:{_words(union('source_labels'))})\s*[:：]\s*(?P<value>\S.*)$", re.IGNORECASE
    )


@cache
def _sources_heading_pattern() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_words(union('sources_headings'))})\s*[:：]?$", re.IGNORECASE)


@cache
def _meta_patterns() -> dict[str, re.Pattern[str]]:
    return {
        key: re.compile(rf"^(?:{_words(words)})\s*[:：]\s*(?P<value>\S.*)$", re.IGNORECASE)
        for key, words in meta_labels().items()
    }


@cache
def _byline_pattern() -> re.Pattern[str]:
    return re.compile(rf"^(?i:{_words(union('byline_words'))})\s+(?P<value>[A-ZА-ЯЁ].{{1,80}})$")


@cache
def _prose_ordinal_pattern() -> re.Pattern[str]:
    words = merged("prose_ordinals")
    alternatives = _words(tuple(sorted(words, key=len, reverse=True)))
    return re.compile(rf"^\W*(?P<word>{alternatives})\s*,", re.IGNORECASE)


def prose_ordinal(text: str) -> int | None:
    """The number a paragraph's opening ordinal stands for ("Second, ..." -> 2; 0 for
    "Finally, ..."), or None."""
    m = _prose_ordinal_pattern().match(text)
    if m is None:
        return None
    return int(merged("prose_ordinals")[m.group("word").casefold()])  # type: ignore[call-overload]


@cache
def _summary_pattern() -> re.Pattern[str]:
    labels = _words(union("summary_labels"))
    return re.compile(rf"^(?:{labels})\s*[:.—–-]\s*(?P<value>\S.*)$", re.IGNORECASE | re.DOTALL)


@cache
def _classifications() -> frozenset[str]:
    return frozenset(c.casefold() for c in union("classifications"))


# -- block predicates ----------------------------------------------------------------------
def is_heading_like(block: Block) -> bool:
    """One short line that does not end a sentence: "Outlook for the summer"."""
    if block.kind == "heading":
        return True
    if block.kind != "text" or block.lines != 1:
        return False
    text = block.text
    if len(text) > HEADING_MAX_CHARS or len(text.split()) > HEADING_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in text) or text[:1].islower():
        return False
    if is_all_caps(text):
        return True
    return not re.search(r"[.,;:!…]$", text.rstrip("\"'”’»)"))


def is_all_caps(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 3 and all(ch.isupper() for ch in letters)


def is_quotation(text: str) -> bool:
    """A paragraph that is a quotation, maybe followed by a short attribution."""
    if text[:1] not in '“«"„':
        return False
    close = max(text.rfind("”"), text.rfind("»"), text.rfind('"'), text.rfind("“"))
    return close > len(text) // 2 and len(text) - close <= 80


def origin_value(block: Block) -> str | None:
    if block.kind not in ("text", "heading") or len(block.text) > ENTRY_MAX_CHARS:
        return None
    m = _origin_pattern().match(block.text)
    return m.group("value").strip() if m else None


def _meta_line(block: Block) -> tuple[str, str] | None:
    """``("date", "14 May 2024")`` for a header line such as "Date: 14 May 2024"."""
    if block.kind != "text" or block.lines != 1:
        return None
    text = block.text.strip()
    for key, pattern in _meta_patterns().items():
        m = pattern.match(text)
        if m:
            return key, m.group("value").strip()
    m = _byline_pattern().match(text)
    if m and len(text.split()) <= 8 and not ends_sentence(text):
        return "author", m.group("value").strip()
    if text.casefold().rstrip(" .") in _classifications():
        return "classification", text
    from reportkit.reader.facts import parse_date

    if parse_date(text, whole=True):
        return "date", text
    return None


# -- the passes ----------------------------------------------------------------------------
def _header(blocks: list[Block], layout: Layout) -> list[Block]:
    """Take rubric, title and metadata lines from the top; return the remaining blocks."""
    heads: list[Block] = []
    i = 0
    while i < min(len(blocks), HEADER_BLOCKS):
        block = blocks[i]
        meta = _meta_line(block)
        if meta and meta[0] not in layout.header:
            layout.header[meta[0]] = (meta[1], block.line)
            i += 1
            continue
        if (
            len(heads) < 2
            and is_heading_like(block)
            and not _is_cue(block)
            and origin_value(block) is None
            and not _sources_heading_pattern().match(block.text)
            and not (
                heads
                and heads[0].kind == "heading"
                and block.kind == "heading"
                and block.level > heads[0].level
            )
        ):
            heads.append(block)
            i += 1
            continue
        break
    known = {r.casefold() for r in union("rubrics")}
    if len(heads) == 2:
        layout.rubric, layout.title = heads[0].text, heads[1].text
    elif len(heads) == 1 and heads[0].text.casefold() in known:
        layout.rubric = heads[0].text
    elif len(heads) == 1:
        layout.title = heads[0].text
    return blocks[i:]


#: An attribution line under a quotation ("— a farmer in Karakalpakstan") is short.
ATTRIBUTION_MAX_CHARS = 120


def _attributions(blocks: list[Block]) -> list[Block]:
    """A quotation followed by a dash line naming who said it (an epigraph, a pull quote)
    is one quotation: the dash line is its attribution, not a one-item bullet list. It
    stays the quotation's last line (as a table keeps a row a line)."""
    out: list[Block] = []
    for n, block in enumerate(blocks):
        previous = out[-1] if out else None
        following = blocks[n + 1] if n + 1 < len(blocks) else None
        if (
            previous is not None
            and (previous.kind == "quote" or is_quotation(previous.text))
            and block.kind == "item"
            and block.style == "bullet"
            and block.marker.strip() in ("—", "–")
            and len(block.text) <= ATTRIBUTION_MAX_CHARS
            and not (following is not None and following.kind == "item")
        ):
            # its own line, so that the report sets it under the quotation
            previous.text = f"{previous.text}\n{block.marker.strip()} {block.text}"
            previous.lines += block.lines
            continue
        out.append(block)
    return out


def _summary(blocks: list[Block], layout: Layout) -> list[Block]:
    """A "Summary: ..." paragraph right after the header is the brief's own summary: it is
    kept apart from the body (and shown first), not read as the lead."""
    for n, block in enumerate(blocks[:2]):
        m = _summary_pattern().match(block.text) if block.kind == "text" else None
        if m is not None:
            layout.summary = m.group("value").strip()
            return blocks[:n] + blocks[n + 1 :]
    return blocks


def _sources(blocks: list[Block], layout: Layout) -> list[Block]:
    """Take "Source: X" lines and a trailing "Sources:" list out of the body."""
    body: list[Block] = []
    i = 0
    while i < len(blocks):
        block = blocks[i]
        value = origin_value(block)
        if value is not None:
            if _sources_heading_pattern().match(value):
                value = None
            else:
                layout.origins.append((_with_links(value, block), block.line))
                i += 1
                continue
        if _starts_sources_list(blocks, i):
            for entry in blocks[i + 1 :]:
                value = origin_value(entry)
                if value is not None:
                    layout.origins.append((_with_links(value, entry), entry.line))
                else:  # "[Name](url)": the entry as "Name, url", which sources reads
                    entry.text = _with_links(entry.text, entry)
                    layout.entries.append(entry)
            break
        body.append(block)
        i += 1
    return body


def _with_links(value: str, block: Block) -> str:
    """An origin line written "Source: [Name](https://...)": the name, then its URL, as
    the sources stage reads an origin ("Name, https://...")."""
    hrefs = [i.href for i in block.inline if i.kind == "link" and i.href and i.href not in value]
    return ", ".join([value, *hrefs])


def _starts_sources_list(blocks: list[Block], i: int) -> bool:
    block = blocks[i]
    if block.kind not in ("text", "heading") or not _sources_heading_pattern().match(block.text):
        return False
    entries = blocks[i + 1 :]
    return bool(entries) and all(
        e.kind == "item" or "://" in e.text or len(e.text) <= ENTRY_MAX_CHARS // 2
        for e in entries
        if e.kind != "heading"
    )


def _is_cue(block: Block) -> bool:
    return block.kind in ("text", "heading") and _cue_sentence(block.text) is not None


def _cue_sentence(text: str) -> int | None:
    """Offset where the conclusions cue starts in ``text`` (its last sentence), or None."""
    spans = split_sentences(text)
    if not spans:
        return None
    start, _ = spans[-1]
    return start if _cue_patterns().match(text[start:]) else None


def _conclusions(body: list[Block], layout: Layout) -> tuple[list[Block], list[Block]]:
    """Find the last cue followed by a list; return (body before it, blocks after the list)."""
    for idx in range(len(body) - 1, -1, -1):
        block = body[idx]
        offset = _cue_sentence(block.text) if block.kind in ("text", "heading") else None
        if offset is None:
            continue
        nxt = body[idx + 1] if idx + 1 < len(body) else None
        heading_cue = (
            block.kind == "heading"
            or is_heading_like(block)
            or (block.text.rstrip().endswith(":") and block.lines == 1 and offset == 0)
        )
        prose = nxt is not None and nxt.kind == "text" and prose_ordinal(nxt.text) == 1
        if nxt is None or not (nxt.kind == "item" or (heading_cue and nxt.kind == "text") or prose):
            continue
        zone = body[idx + 1 :]
        end = next((n for n, b in enumerate(zone) if b.kind == "heading"), len(zone))
        conclusions = _conclusion_items(block.text[offset:].strip(), block.line, zone[:end])
        if conclusions is None:
            continue
        layout.conclusions = conclusions
        _check_numbering(conclusions, layout)
        before = list(body[:idx])
        if offset > 0:  # the cue is the last sentence of a longer paragraph
            text = block.text[:offset].rstrip()
            before.append(
                Block(
                    "text",
                    text,
                    block.line,
                    lines=block.lines,
                    indent=block.indent,
                    inline=within(block.inline, len(text)),
                )
            )
        return before, zone[end:]
    return body, []


def _conclusion_items(lead: str, line: int, zone: list[Block]) -> Conclusions | None:
    """The conclusions in the blocks after a cue (up to the next heading), or None."""
    items: list[Conclusion] = []
    style: str | None = None
    has_items = any(b.kind == "item" for b in zone)
    if not has_items and zone and prose_ordinal(zone[0].text) == 1:
        return _prose_items(lead, line, zone)
    for block in zone:
        if block.kind == "item" and (style is None or block.style == style):
            style = style or block.style
            label = block.label or str(len(items) + 1)
            items.append(_item(len(items) + 1, label, block))
        elif not has_items:
            # "Conclusions" heading followed by plain paragraphs: each one is a conclusion.
            items.append(_item(len(items) + 1, str(len(items) + 1), block))
            style = "none"
        elif items:
            if block.kind == "item":  # a sub-item of another style stays inside the item
                bullet = f"{block.label})" if block.label else "•"
                _append(items[-1], f"\n{bullet} ", block)
            else:
                _append(items[-1], "\n\n", block)
        else:
            lead = f"{lead}\n\n{block.text}"  # more lead-in before the first item
    if not items:
        return None
    numbering = NUMBERING.get(style or "")
    return Conclusions(
        lead=lead,
        line=line,
        numbering=numbering,  # type: ignore[arg-type]
        items=items,
    )


def _item(number: int, label: str, block: Block) -> Conclusion:
    return Conclusion(f"c{number}", label, block.text, block.line, inline=list(block.inline))


def _append(item: Conclusion, separator: str, block: Block) -> None:
    """A further paragraph (or sub-item) of a conclusion, with its emphasis and links."""
    item.inline += shifted(block.inline, len(item.text) + len(separator))
    item.text += separator + block.text


def _prose_items(lead: str, line: int, zone: list[Block]) -> Conclusions:
    """Conclusions written as paragraphs opening "First, ... Second, ... Finally, ...":
    one item per ordinal (numbered as it says; the word stays in the text), paragraphs
    without one belong to the item before."""
    items: list[Conclusion] = []
    for block in zone:
        n = prose_ordinal(block.text) if block.kind == "text" else None
        if n is not None and n in (0, len(items) + 1):
            items.append(_item(len(items) + 1, str(len(items) + 1), block))
        else:
            _append(items[-1], "\n\n", block)
    return Conclusions(lead=lead, line=line, numbering="decimal", items=items)


NUMBERING = {
    "decimal": "decimal",
    "bracket": "decimal",
    "nested": "decimal",
    "lower-alpha": "lower-alpha",
    "upper-alpha": "upper-alpha",
    "lower-roman": "lower-roman",
    "upper-roman": "upper-roman",
    "bullet": "bullet",
    "none": "none",
}


def _check_numbering(conclusions: Conclusions, layout: Layout) -> None:
    values = [label_value(i.label, conclusions.numbering) for i in conclusions.items]
    if None in values or conclusions.numbering in ("bullet", "none"):
        return
    expected = list(range(values[0], values[0] + len(values)))  # type: ignore[arg-type]
    if values != expected:
        bad = next(i for i, (v, e) in enumerate(zip(values, expected, strict=True)) if v != e)
        layout.diagnostics.append(
            Diagnostic(
                "warning",
                "conclusion-numbering",
                "conclusions are numbered "
                + ", ".join(i.label for i in conclusions.items)
                + " (gap or repeat)",
                line=conclusions.items[bad].line,
            )
        )


ROMAN = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}


def label_value(label: str, numbering: str | None) -> int | None:
    """The number a label stands for: "3" -> 3, "c" -> 3 (alpha), "iv" -> 4 (roman)."""
    if label.isdigit():
        return int(label)
    if numbering in ("lower-alpha", "upper-alpha") and len(label) == 1:
        return ord(label.lower()) - ord("a") + 1
    if numbering in ("lower-roman", "upper-roman"):
        total, previous = 0, 0
        for ch in reversed(label.lower()):
            value = ROMAN.get(ch, 0)
            total = total - value if value < previous else total + value
            previous = max(previous, value)
        return total or None
    return None


def _sections(body: list[Block], layout: Layout) -> None:
    sections = [Section()]
    count = 0
    for n, block in enumerate(body):
        nxt = body[n + 1] if n + 1 < len(body) else None
        if block.kind == "heading" or (
            nxt is not None and is_heading_like(block) and not is_heading_like(nxt)
        ):
            sections.append(Section(heading=block.text, level=block.level or 1, line=block.line))
            continue
        count += 1
        kind = (
            "list_item"
            if block.kind == "item"
            else "table"
            if block.kind == "table"
            else "quote"
            if block.kind == "quote" or is_quotation(block.text)
            else "paragraph"
        )
        sections[-1].paragraphs.append(
            Paragraph(
                id=f"p{count}",
                text=block.text,
                kind=kind,
                line=block.line,  # type: ignore[arg-type]
                label=block.label if block.kind == "item" else None,
                numbering=NUMBERING.get(block.style or "") if block.kind == "item" else None,  # type: ignore[arg-type]
                inline=list(block.inline),
                table=block.table,
            )
        )
    if not sections[0].paragraphs and len(sections) > 1:
        sections.pop(0)
    first = next((p for s in sections for p in s.paragraphs if p.kind == "paragraph"), None)
    if first is not None:
        first.lead = True
    layout.sections = [s for s in sections if s.paragraphs or s.heading is not None]


def _check(layout: Layout, blocks: list[Block]) -> None:
    first_line = blocks[0].line if blocks else 1
    if layout.title is None:
        layout.diagnostics.append(
            Diagnostic(
                "warning",
                "no-title",
                "no title line found at the top of the brief",
                line=first_line,
            )
        )
    if not layout.conclusions.items:
        layout.diagnostics.append(
            Diagnostic(
                "info",
                "no-conclusions",
                "no conclusions found (a cue such as 'Several conclusions can be drawn' "
                "followed by a numbered list)",
            )
        )
    if not layout.origins and not layout.entries:
        layout.diagnostics.append(
            Diagnostic(
                "warning", "no-source", "no source line ('Source: ...') or 'Sources:' list found"
            )
        )
