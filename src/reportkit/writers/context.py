"""The view of a brief that report templates render: (Brief, Brand, Labels) -> Report.

Every decision about *what* a report says is made here, once, for all formats: which
parts are shown, how paragraphs split into linked segments, how lists are numbered, what
the key facts table holds. Templates (HTML) and the DOCX writer only lay it out, so the
PDF and the DOCX show the same content in the same order.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from reportkit import __version__
from reportkit.brand.model import Brand
from reportkit.labels import Labels, format_date
from reportkit.model import Brief, Paragraph, Ref, Source

#: A list whose labels cannot be counted ("1.1", "1.2") shows them as written.
LITERAL = "literal"
#: HTML ``<ol type>`` per numbering style of the model.
OL_TYPES = {
    "decimal": "1",
    "lower-alpha": "a",
    "upper-alpha": "A",
    "lower-roman": "i",
    "upper-roman": "I",
}
#: The longest context shown for a fact in the key facts table.
CONTEXT_CHARS = 120
SHORT_TITLE_CHARS = 50


@dataclass(frozen=True)
class Segment:
    """A run of text; ``href`` makes it a link (``#src-s2`` inside, a URL outside).
    ``text == "\\n"`` is a line break."""

    text: str
    href: str | None = None
    external: bool = False

    @property
    def is_break(self) -> bool:
        return self.text == "\n"


@dataclass
class Item:
    id: str
    label: str | None
    value: int | None  # the number an ordered item shows
    paragraphs: list[list[Segment]]


@dataclass
class Block:
    """A paragraph, quotation or list of the body."""

    kind: str  # "paragraph" | "quote" | "list"
    id: str = ""
    lead: bool = False
    segments: list[Segment] = field(default_factory=list)
    ordered: bool = False
    list_type: str = "1"
    start: int | None = None
    items: list[Item] = field(default_factory=list)


@dataclass
class SectionView:
    id: str
    heading: str | None
    level: int
    blocks: list[Block]


@dataclass
class FactRow:
    kind: str
    kind_label: str
    figure: str
    context: str
    paragraph: str  # the paragraph id it came from
    paragraph_label: str  # "¶ 3", "C 1"


@dataclass
class SourceView:
    id: str
    number: int
    name: str
    kind: str
    kind_label: str
    url: str | None
    title: str | None
    text: str | None
    cited_in: list[tuple[str, str]]  # (anchor, label)


@dataclass
class TocEntry:
    anchor: str
    text: str
    level: int


@dataclass
class Report:
    """Everything a report shows, in reading order."""

    lang: str  # language of the brief's text (hyphenation, shaping)
    label_lang: str  # language of the fixed words and dates
    title: str
    short_title: str
    rubric: str | None
    date: str | None
    author: str | None
    classification: str | None
    footer: str | None
    brand_name: str
    origins: list[str]
    toc: list[TocEntry]
    show_toc: bool
    facts: list[FactRow]
    sections: list[SectionView]
    conclusions_lead: list[Segment]
    conclusions: Block | None
    conclusion_paragraphs: list[Item]  # unnumbered conclusions ("Conclusions" + paragraphs)
    sources: list[SourceView]
    labels: dict[str, str]
    page_label: tuple[str, str, str]  # text before the page number, between, after
    keywords: list[str]
    created: datetime
    generator: str


def build_report(brief: Brief, brand: Brand, labels: Labels, *, toc: bool | None = None) -> Report:
    """The report view of ``brief`` in ``brand``, with ``labels`` in the report language.

    ``toc`` overrides the brand's "show table of contents" setting when not None.
    """
    show = brand.settings.show
    number = {p.id: n for n, p in enumerate(brief.paragraphs(), start=1)}
    numbered = {
        **{pid: labels.get("paragraph_ref", n=n) for pid, n in number.items()},
        **{c.id: labels.get("conclusion_ref", n=c.label) for c in brief.conclusions.items},
    }
    # What text may link to: the appendix entries, or only URLs when the brand hides it.
    sources = {s.id: s for s in brief.sources if show.sources or s.kind == "url"}
    title = brief.meta.title or labels["untitled"]

    sections = [
        _section(n, s.heading, s.level, s.paragraphs, sources)
        for n, s in enumerate(brief.sections, start=1)
    ]
    conclusions, plain = _conclusions(brief, sources)
    facts = [_fact_row(f, labels, numbered) for f in brief.facts if f.kind != "quote"]
    facts = facts if show.key_facts else []
    source_views = (
        [_source(n, s, labels, numbered) for n, s in enumerate(brief.sources, start=1)]
        if show.sources
        else []
    )

    toc_entries = []
    if facts:
        toc_entries.append(TocEntry("key-facts", labels["key_facts"], 1))
    toc_entries += [TocEntry(s.id, s.heading, min(s.level, 2)) for s in sections if s.heading]
    if conclusions or plain:
        toc_entries.append(TocEntry("conclusions", labels["conclusions"], 1))
    if source_views:
        toc_entries.append(TocEntry("sources", labels["appendix_sources"], 1))

    before, _, rest = labels["page"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    return Report(
        lang=brief.meta.language,
        label_lang=labels.language,
        title=title,
        short_title=_clip(title, SHORT_TITLE_CHARS),
        rubric=brief.meta.rubric,
        date=format_date(brief.meta.date, labels.language, brand.settings.date_format),
        author=brief.meta.author,
        classification=(
            brief.meta.classification or brand.settings.text("classification", labels.language)
        ),
        footer=brand.settings.text("footer", labels.language),
        brand_name=brand.display_name,
        origins=[s.name for s in brief.sources if s.kind == "origin"],
        toc=toc_entries,
        show_toc=show.toc if toc is None else toc,
        facts=facts,
        sections=sections,
        conclusions_lead=_segments(brief.conclusions.lead or "", [], sources),
        conclusions=conclusions,
        conclusion_paragraphs=plain,
        sources=source_views,
        labels=labels.as_dict(),
        page_label=(before, middle, after),
        keywords=_keywords(brief),
        created=creation_time(),
        generator=f"reportkit {__version__}",
    )


def creation_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set, so builds can be reproducible."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    seconds = int(epoch) if epoch.isdigit() else int(time.time())
    return datetime.fromtimestamp(seconds, tz=UTC)


# -- text with links ----------------------------------------------------------------------
def _segments(text: str, refs: list[Ref], sources: dict[str, Source]) -> list[Segment]:
    """Split ``text`` at its refs: names and markers link to the appendix, URLs outward.

    ``sources`` holds the sources shown in the appendix; refs to others (a brand that
    hides the appendix) stay plain text, so no link points nowhere.
    """
    out: list[Segment] = []
    position = 0
    for ref in refs:
        source = sources.get(ref.source)
        if source is None or ref.start < position:
            continue
        span = text[ref.start : ref.end]
        if source.kind == "url" and source.url and span.startswith(("http", "www", "ftp")):
            segment = Segment(span, source.url, external=True)
        else:
            segment = Segment(span, f"#src-{source.id}")
        out.append(Segment(text[position : ref.start]))
        out.append(segment)
        position = ref.end
    out.append(Segment(text[position:]))
    return [s for s in out if s.text]


def _paragraphs(segments: list[Segment]) -> list[list[Segment]]:
    """Break segments into paragraphs at blank lines and into lines at newlines."""
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        for n, chunk in enumerate(segment.text.split("\n\n")):
            if n:
                paragraphs.append([])
            for m, line in enumerate(chunk.split("\n")):
                if m:
                    paragraphs[-1].append(Segment("\n"))
                if line:
                    paragraphs[-1].append(Segment(line, segment.href, segment.external))
    return [p for p in paragraphs if p]


# -- body ---------------------------------------------------------------------------------
def _section(
    n: int, heading: str | None, level: int, paragraphs: list[Paragraph], sources: dict[str, Source]
) -> SectionView:
    blocks: list[Block] = []
    for paragraph in paragraphs:
        segments = _segments(paragraph.text, paragraph.refs, sources)
        if paragraph.kind == "list_item":
            # The reader decided how the labels count; the writer never guesses from them.
            ordered = paragraph.label is not None
            list_type = OL_TYPES.get(paragraph.numbering or "decimal", "1")
            value = _label_value(paragraph.label, paragraph.numbering)
            if ordered and value is None:
                list_type = LITERAL  # "1.1": shown as written, not counted
            current = blocks[-1] if blocks else None
            if not _continues_list(current, ordered, list_type, value):
                current = Block(
                    "list", ordered=ordered, list_type=list_type, start=value if ordered else None
                )
                blocks.append(current)
            current.items.append(
                _item(paragraph.id, paragraph.label, value, _paragraphs(segments), list_type)
            )
        else:
            blocks.append(
                Block(
                    "quote" if paragraph.kind == "quote" else "paragraph",
                    id=paragraph.id,
                    lead=paragraph.lead,
                    segments=segments,
                )
            )
    return SectionView(f"sec-{n}", heading, level, blocks)


def _continues_list(
    current: Block | None, ordered: bool, list_type: str, value: int | None
) -> bool:
    """Does a list item belong to the list just before it? Not when the kind of label
    changes ("1." then "a)") or the numbering starts again."""
    if current is None or current.kind != "list" or current.ordered != ordered:
        return False
    if not ordered:
        return True
    previous = current.items[-1].value if current.items else None
    return list_type == current.list_type and (
        value is None or previous is None or value > previous
    )


def _conclusions(brief: Brief, sources: dict[str, Source]) -> tuple[Block | None, list[Item]]:
    conclusions = brief.conclusions
    values = [_label_value(c.label, conclusions.numbering) for c in conclusions.items]
    ordered = conclusions.numbering not in ("bullet", "none")
    list_type = OL_TYPES.get(conclusions.numbering or "decimal", "1")
    if ordered and None in values:
        list_type = LITERAL  # "1.1", "1.2": labels shown as written
    items = [
        _item(c.id, c.label, value, _paragraphs(_segments(c.text, c.refs, sources)), list_type)
        for c, value in zip(conclusions.items, values, strict=True)
    ]
    if not items:
        return None, []
    if conclusions.numbering == "none":
        return None, items
    block = Block(
        "list",
        id="conclusion-list",
        ordered=ordered,
        list_type=list_type,
        start=items[0].value if ordered else None,
        items=items,
    )
    return block, []


def _item(
    id: str, label: str | None, value: int | None, paragraphs: list[list[Segment]], list_type: str
) -> Item:
    """A list item; in a literal list its label leads its first paragraph as text."""
    if list_type == LITERAL and label and paragraphs:
        paragraphs[0] = [Segment(f"{label} "), *paragraphs[0]]
        value = None
    return Item(id, label, value, paragraphs)


def _label_value(label: str | None, numbering: str | None) -> int | None:
    from reportkit.reader.structure import label_value

    return None if label is None else label_value(label, numbering or "decimal")


# -- key facts and sources ----------------------------------------------------------------
def _fact_row(fact, labels: Labels, numbered: dict[str, str]) -> FactRow:
    return FactRow(
        kind=fact.kind,
        kind_label=labels[f"fact_{fact.kind}"],
        figure=fact.text,
        context=_context(fact.sentence, fact.text),
        paragraph=fact.paragraph,
        paragraph_label=numbered.get(fact.paragraph, fact.paragraph),
    )


def _context(sentence: str, figure: str) -> str:
    """The sentence around a figure, clipped at word boundaries to fit a table cell."""
    if len(sentence) <= CONTEXT_CHARS:
        return sentence
    at = max(0, sentence.find(figure))
    start = max(0, min(at - CONTEXT_CHARS // 3, len(sentence) - CONTEXT_CHARS))
    end = start + CONTEXT_CHARS
    if start:
        start = sentence.find(" ", start) + 1 or start
    if end < len(sentence):
        end = sentence.rfind(" ", start, end) if sentence.rfind(" ", start, end) > at else end
    text = sentence[start:end].strip(" ,;:")
    return ("…" if start else "") + text + ("…" if end < len(sentence) else "")


def _source(n: int, source: Source, labels: Labels, numbered: dict[str, str]) -> SourceView:
    return SourceView(
        id=source.id,
        number=n,
        name=source.name,
        kind=source.kind,
        kind_label=labels[f"source_{source.kind}"],
        url=source.url,
        title=source.title,
        text=source.text if source.text and source.text != source.name else None,
        cited_in=[(f"#{pid}", numbered.get(pid, pid)) for pid in source.cited_in],
    )


def _keywords(brief: Brief) -> list[str]:
    """The rubric and the names of the brief's sources; the title when there are none."""
    words = [brief.meta.rubric] if brief.meta.rubric else []
    words += list(dict.fromkeys(s.name for s in brief.sources))[:8]
    return words or [brief.meta.title or brief.meta.source_file or "report"]


def _clip(text: str, limit: int) -> str:
    """``text`` cut at a word boundary to at most ``limit`` characters."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit - 1)
    return text[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:-") + "…"
