"""The view of a brief that report templates render: (Brief, Brand, Labels) -> Report.

Every decision about *what* a report says is made here, once, for all formats: which
parts are shown, how paragraphs split into linked segments, how lists are numbered, what
the key facts table holds. Templates (HTML) and the DOCX writer only lay it out, so the
PDF and the DOCX show the same content in the same order.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime

from reportkit._version import __version__
from reportkit.brand.model import Brand
from reportkit.labels import Labels, format_date
from reportkit.model import Brief, Inline, Paragraph, Ref, Source, Table
from reportkit.timestamps import creation_time
from reportkit.writers.typography import isolated, kept_together, printed, typographic

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
#: The longest sentence shown whole in a row of the key facts box; longer ones are
#: clipped around their figures.
CONTEXT_CHARS = 200
SHORT_TITLE_CHARS = 50
#: Contents entries: clipped to one line; set in two columns from TOC_COLUMNS entries;
#: past TOC_MAX, level 1 only, and none at all if that is still too many (the PDF's
#: bookmarks remain). So the text starts on page 1 or 2 however many headings there are.
#: The key facts box from this many body paragraphs.
KEY_FACTS_MIN_PARAGRAPHS = 4
#: A "key judgements" box (the conclusions' first sentences, on page 1) from this many
#: conclusions and body paragraphs: a shorter brief is read whole on its first page.
KEY_JUDGEMENTS_MIN = (2, 5)
TOC_ENTRY_CHARS = 60
TOC_COLUMNS = 13
TOC_MAX = 60


@dataclass(frozen=True)
class Segment:
    """A run of text; ``href`` makes it a link (``#src-s2`` inside, a URL outside).
    ``text == "\\n"`` is a line break."""

    text: str
    href: str | None = None
    external: bool = False
    strong: bool = False  # the brief wrote it **bold**
    emphasis: bool = False  # the brief wrote it *italic*

    @property
    def is_break(self) -> bool:
        return self.text == "\n"

    def styled(self, text: str) -> Segment:
        """A run of another text with this one's link and style."""
        return Segment(text, self.href, self.external, self.strong, self.emphasis)


@dataclass
class Item:
    id: str
    label: str | None
    value: int | None  # the number an ordered item shows
    paragraphs: list[list[Segment]]
    number: int | None = None  # its paragraph number ("¶ 7"), printed in the margin


@dataclass
class Block:
    """A paragraph, quotation or list of the body."""

    kind: str  # "paragraph" | "quote" | "list" | "table"
    id: str = ""
    lead: bool = False
    segments: list[Segment] = field(default_factory=list)
    ordered: bool = False
    list_type: str = "1"
    start: int | None = None
    items: list[Item] = field(default_factory=list)
    table: TableView | None = None
    attribution: list[Segment] = field(default_factory=list)  # a quotation's "— who said it"
    number: int | None = None  # its paragraph number ("¶ 7"), printed in the margin


@dataclass
class TableView:
    """A table of the brief: header cells, rows, and each column's alignment (numbers
    right-aligned when the brief did not say)."""

    header: list[str]
    rows: list[list[str]]
    align: list[str]


@dataclass
class SectionView:
    id: str
    heading: str | None
    level: int
    blocks: list[Block]


@dataclass
class FactRow:
    """One row of the key facts box: a headline figure and its sentence, in which every
    figure is highlighted (``Mark.strong``)."""

    kind: str
    figure: str
    sentence: list[Mark]
    paragraph: str  # the paragraph id it came from: the row links there


@dataclass(frozen=True)
class Mark:
    """A run of a key fact's sentence; ``strong`` for a figure, ``head`` for the row's
    headline figure (writers set the two apart: every figure stands out, the headline
    most)."""

    text: str
    strong: bool = False
    head: bool = False


@dataclass
class SourceView:
    id: str
    number: int
    name: str
    kind: str
    type: str | None
    acronym: str | None
    role: str | None
    url: str | None
    url_text: str | None  # the URL as printed: breakable after its separators
    title: str | None
    description: str | None  # what a list entry adds: "annual bulletin, 2024"
    note: str | None  # "source of this brief" for the origin line
    cited_in: list[tuple[str, str]]  # (anchor, label)


@dataclass
class SourceGroup:
    """A part of the appendix, titled in words a reader understands."""

    title: str
    sources: list[SourceView]


@dataclass
class TocEntry:
    anchor: str
    text: str
    level: int


@dataclass(frozen=True)
class Judgement:
    """A line of the key judgements box: a conclusion's first sentence, linked to it."""

    anchor: str  # the conclusion's id
    label: str  # its label as the conclusions list shows it ("1", "b")
    text: str


@dataclass
class Report:
    """Everything a report shows, in reading order."""

    lang: str  # language of the brief's text (hyphenation, shaping)
    label_lang: str  # language of the fixed words and dates
    title: str
    display_title: str  # as the cover sets it: no short word alone on the last line
    short_title: str
    rubric: str | None
    summary: str | None  # the brief's own summary: a standfirst under the title
    date: str | None
    date_label: str  # "Date" (the brief's own), or "Issued" (the day it was converted)
    author: str | None
    classification: str | None
    footer: str | None
    brand_name: str
    origins: list[str]
    toc: list[TocEntry]
    show_toc: bool
    toc_columns: bool  # a long contents list is set in two columns
    facts: list[FactRow]
    key_judgements: list[Judgement]
    facts_after: str | None  # the lead paragraph's id: the box follows it (None: first)
    sections: list[SectionView]
    conclusions_lead: list[Segment]
    conclusions: Block | None
    conclusion_paragraphs: list[Item]  # unnumbered conclusions ("Conclusions" + paragraphs)
    sources: list[SourceView]  # every entry of the appendix, in its order
    source_groups: list[SourceGroup]
    labels: dict[str, str]
    page_label: tuple[str, str, str]  # text before the page number, between, after
    keywords: list[str]
    created: datetime
    generator: str


def build_report(
    brief: Brief,
    brand: Brand,
    labels: Labels,
    *,
    toc: bool | None = None,
    created: datetime | None = None,
) -> Report:
    """The report view of ``brief`` in ``brand``, with ``labels`` in the report language.

    ``toc`` overrides the brand's "show table of contents" setting when not None (else a
    brand shows one only from ``toc_min_entries`` entries: three on a two-page brief are
    clutter). ``created`` is the reports' creation time (default: now, or
    ``SOURCE_DATE_EPOCH``); a brief without a date of its own is dated by it ("Issued").
    """
    created = created or creation_time()
    show = brand.settings.show
    number = {p.id: n for n, p in enumerate(brief.paragraphs(), start=1)}
    numbered = {
        **{pid: labels.get("paragraph_ref", n=n) for pid, n in number.items()},
        **{c.id: labels.get("conclusion_ref", n=c.label) for c in brief.conclusions.items},
    }
    # What text may link to: the appendix entries, or only URLs when the brand hides it.
    sources = {s.id: s for s in brief.sources if show.sources or s.kind == "url"}
    title = printed(brief.meta.title or labels["untitled"])

    groups = _source_groups(brief, labels, numbered) if show.sources else []
    source_views = [view for group in groups for view in group.sources]
    # The appendix says "Cited in ¶ 7": then the text shows its paragraph numbers (in the
    # margin), else they would be noise.
    cited = {a.lstrip("#") for view in source_views for a, _ in view.cited_in} & set(number)
    margin_numbers = number if cited else {}
    sections = [
        _section(n, s.heading, s.level, s.paragraphs, sources, margin_numbers)
        for n, s in enumerate(brief.sections, start=1)
    ]
    conclusions, plain = _conclusions(brief, sources)
    # A brief of a few paragraphs is read whole in a minute: a box of its figures would
    # repeat most of it (and often run longer than the text it sums up).
    long_enough = len(brief.paragraphs()) >= KEY_FACTS_MIN_PARAGRAPHS
    facts = (
        key_fact_rows(brief, brand.settings.key_facts_max) if show.key_facts and long_enough else []
    )

    toc_entries = [
        TocEntry(s.id, _clip(s.heading, TOC_ENTRY_CHARS), min(s.level, 2))
        for s in sections
        if s.heading
    ]
    if conclusions or plain:
        toc_entries.append(TocEntry("conclusions", labels["conclusions"], 1))
    if source_views:
        toc_entries.append(TocEntry("sources", labels["appendix_sources"], 1))
    if len(toc_entries) > TOC_MAX:
        toc_entries = [entry for entry in toc_entries if entry.level == 1]
    if len(toc_entries) > TOC_MAX:
        toc_entries = []

    before, _, rest = labels["page"].partition("{page}")
    middle, _, after = rest.partition("{pages}")
    return Report(
        lang=brief.meta.language,
        label_lang=labels.language,
        title=title,
        display_title=kept_together(title),
        short_title=_clip(title, SHORT_TITLE_CHARS),
        rubric=brief.meta.rubric and printed(brief.meta.rubric),
        summary=brief.meta.summary and printed(brief.meta.summary),
        date=format_date(
            brief.meta.date or created.date().isoformat(),
            labels.language,
            brand.settings.date_format,
        ),
        date_label=labels["date"] if brief.meta.date else labels["issued"],
        author=brief.meta.author,
        classification=_typeset(
            brief.meta.classification or brand.settings.text("classification", labels.language)
        ),
        footer=_typeset(brand.settings.text("footer", labels.language)),
        brand_name=brand.display_name,
        origins=[s.name for s in brief.sources if s.kind == "origin"],
        toc=toc_entries,
        show_toc=(show.toc and len(toc_entries) >= brand.settings.toc_min_entries)
        if toc is None
        else toc,
        toc_columns=len(toc_entries) >= TOC_COLUMNS,
        facts=facts,
        key_judgements=_judgements(brief) if show.key_judgements else [],
        facts_after=next((p.id for p in brief.paragraphs() if p.lead), None),
        sections=sections,
        conclusions_lead=_segments(_lead_in(brief.conclusions.lead), [], sources),
        conclusions=conclusions,
        conclusion_paragraphs=plain,
        sources=source_views,
        source_groups=groups,
        labels=labels.as_dict(),
        page_label=(before, middle, after),
        keywords=_keywords(brief),
        created=created,
        generator=f"reportkit {__version__}",
    )


#: A cue this short that ends no sentence ("Conclusions:", "## Выводы", "Итак,") only
#: names the part the report already heads: it is not printed under that heading.
LEAD_IN_WORDS = 4


def _typeset(text: str | None) -> str | None:
    return None if text is None else printed(text)


def _lead_in(lead: str | None) -> str:
    text = (lead or "").strip()
    if len(text.split()) <= LEAD_IN_WORDS and not text.endswith((".", "!", "?", "…")):
        return ""
    return text


# -- text with links ----------------------------------------------------------------------
def _segments(
    text: str, refs: list[Ref], sources: dict[str, Source], inline: list[Inline] | None = None
) -> list[Segment]:
    """Split ``text`` at its refs: names and markers link to the appendix, URLs (and
    links the brief wrote) outward; and at the brief's emphasis, which the runs keep.

    ``sources`` holds the sources shown in the appendix; refs to others (a brand that
    hides the appendix) stay plain text, so no link points nowhere.
    """
    text = typographic(text)  # one character for one: refs and spans stay valid
    out: list[Segment] = []
    position = 0
    for ref in refs:
        source = sources.get(ref.source)
        if source is None or ref.start < position:
            continue
        if source.kind == "url" and source.url:
            segment = Segment(text[ref.start : ref.end], source.url, external=True)
        else:
            segment = Segment(text[ref.start : ref.end], f"#src-{source.id}")
        out.append(Segment(text[position : ref.start]))
        out.append(segment)
        position = ref.end
    out.append(Segment(text[position:]))
    styles = [i for i in inline or () if i.kind in ("strong", "emphasis")]
    if styles:
        out = _styled(out, styles)
    return [s.styled(isolated(breakable(s.text))) for s in out if s.text]


def _styled(segments: list[Segment], styles: list[Inline]) -> list[Segment]:
    """``segments`` cut where the brief's bold and italic begin and end, each run marked
    with the styles that cover it."""
    cuts = sorted({b for i in styles for b in (i.start, i.end)})
    out: list[Segment] = []
    start = 0
    for segment in segments:
        end = start + len(segment.text)
        bounds = [start, *(c for c in cuts if start < c < end), end]
        for a, b in itertools.pairwise(bounds):
            strong = any(i.kind == "strong" and i.start <= a and b <= i.end for i in styles)
            emphasis = any(i.kind == "emphasis" and i.start <= a and b <= i.end for i in styles)
            piece = segment.text[a - start : b - start]
            out.append(Segment(piece, segment.href, segment.external, strong, emphasis))
        start = end
    return out


#: A run without spaces longer than this is no word ("1.1.1.…", a pasted hash, a long
#: link): a renderer looking for where to break or hyphenate it does work that grows
#: with the square of its length (8 KB took WeasyPrint 47 s).
LONG_TOKEN = 60
#: Such a run gets a break opportunity (a zero-width space) this often, or after each
#: "/", "?", "&" and "=" of a link.
BREAK_EVERY = 30
_LONG_TOKEN = re.compile(rf"[^\s\u200b]{{{LONG_TOKEN + 1},}}")
_URL_BREAK = re.compile(r"(?<=[/?&=])(?=[^/?&=\s])")


def breakable(text: str) -> str:
    """``text`` with a zero-width space every :data:`BREAK_EVERY` characters of a run
    longer than :data:`LONG_TOKEN` (in a link, after its separators first), so that a
    report's layout time grows with its text, not with the square of its longest word.
    Words of ordinary length are untouched."""
    if len(text) <= LONG_TOKEN or _LONG_TOKEN.search(text) is None:
        return text
    return _LONG_TOKEN.sub(_break_run, text)


def _break_run(m: re.Match[str]) -> str:
    run = m.group()
    if "/" in run:
        run = _URL_BREAK.sub("\u200b", run)
    parts = run.split("\u200b")
    out = []
    for part in parts:
        out.append(
            "\u200b".join(part[i : i + BREAK_EVERY] for i in range(0, len(part), BREAK_EVERY))
        )
    return "\u200b".join(out)


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
                    paragraphs[-1].append(segment.styled(line))
    return [p for p in paragraphs if p]


def _attributed(segments: list[Segment]) -> tuple[list[Segment], list[Segment]]:
    """A quotation and the line under it that names who said it: the reader keeps an
    epigraph's dash line as the quotation's last line."""
    lines = _paragraphs(segments)
    if len(lines) != 1:
        return segments, []
    breaks = [n for n, s in enumerate(lines[0]) if s.is_break]
    if not breaks:
        return segments, []
    last = breaks[-1]
    who = lines[0][last + 1 :]
    if not who or not who[0].text.startswith(ATTRIBUTION_DASHES):
        return segments, []
    return lines[0][:last], who


#: How a quotation's attribution line starts ("— a farmer", "– Reuters").
ATTRIBUTION_DASHES = ("—", "–", "―")


# -- body ---------------------------------------------------------------------------------
def _section(
    n: int,
    heading: str | None,
    level: int,
    paragraphs: list[Paragraph],
    sources: dict[str, Source],
    numbers: dict[str, int],
) -> SectionView:
    """A section of the body; ``numbers`` are the paragraph numbers to print (or none)."""
    blocks: list[Block] = []
    for paragraph in paragraphs:
        number = numbers.get(paragraph.id)
        if paragraph.kind == "table" and paragraph.table is not None:
            table = _table(paragraph.table)
            blocks.append(Block("table", id=paragraph.id, table=table, number=number))
            continue
        segments = _segments(paragraph.text, paragraph.refs, sources, paragraph.inline)
        if paragraph.kind == "list_item":
            # The reader decided how the labels count; the writer never guesses from them.
            ordered = paragraph.label is not None
            list_type = OL_TYPES.get(paragraph.numbering or "decimal", "1")
            value = paragraph.value
            if ordered and value is None:
                list_type = LITERAL  # "1.1": shown as written, not counted
            current = blocks[-1] if blocks else None
            if not _continues_list(current, ordered, list_type, value):
                current = Block(
                    "list", ordered=ordered, list_type=list_type, start=value if ordered else None
                )
                blocks.append(current)
            item = _item(paragraph.id, paragraph.label, value, _paragraphs(segments), list_type)
            item.number = number
            current.items.append(item)
        elif paragraph.kind == "quote":
            said, who = _attributed(segments)
            blocks.append(
                Block("quote", id=paragraph.id, segments=said, attribution=who, number=number)
            )
        else:
            blocks.append(
                Block(
                    "paragraph",
                    id=paragraph.id,
                    lead=paragraph.lead,
                    segments=segments,
                    number=number,
                )
            )
    return SectionView(f"sec-{n}", heading and printed(heading), level, blocks)


_NUMBER_CELL = re.compile(r"^[-+−–~≈<>]?\s?[$€£₽¥₸₺]?\s?\d[\d\s.,]*(?:%|\s?\w{1,6}\.?)?$")


def _table(table: Table) -> TableView:
    """The brief's table; a column the brief did not align is right-aligned when all
    its cells are numbers ("9.9", "85%", "$1.2bn"), left-aligned otherwise."""
    align = []
    for n, given in enumerate(table.align or [None] * len(table.header)):
        cells = [row[n] for row in table.rows if n < len(row) and row[n]]
        numeric = bool(cells) and all(_NUMBER_CELL.match(c) for c in cells)
        align.append(given or ("right" if numeric else "left"))
    return TableView(
        [isolated(breakable(h)) for h in table.header],
        [[isolated(breakable(c)) for c in row] for row in table.rows],
        align,
    )


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
    values = [c.value for c in conclusions.items]
    ordered = conclusions.numbering not in ("bullet", "none")
    list_type = OL_TYPES.get(conclusions.numbering or "decimal", "1")
    if ordered and None in values:
        list_type = LITERAL  # "1.1", "1.2": labels shown as written
    items = [
        _item(
            c.id,
            c.label,
            value,
            _paragraphs(_segments(c.text, c.refs, sources, c.inline)),
            list_type,
        )
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


# -- key judgements, key facts and sources ------------------------------------------------
def _judgements(brief: Brief) -> list[Judgement]:
    """The key judgements box, or none for a brief too short to need one."""
    items = brief.conclusions.items
    least_items, least_paragraphs = KEY_JUDGEMENTS_MIN
    if len(items) < least_items or len(brief.paragraphs()) < least_paragraphs:
        return []
    return [Judgement(c.id, c.label, printed(c.headline or c.text)) for c in items]


def key_fact_rows(brief: Brief, limit: int) -> list[FactRow]:
    """The key facts box: the model's selection (``Brief.key_facts``), in its order, cut
    at the brand's ``limit``; each row is its sentence with all of that sentence's
    figures highlighted (a long sentence: the clauses around its headline figure)."""
    by_id = {f.id: f for f in brief.facts}
    rows = []
    for fact_id in brief.key_facts[:limit]:
        fact = by_id.get(fact_id)
        if fact is None:
            continue  # a hand-edited model naming a fact it lacks: show what exists
        figures = [
            f.text
            for f in brief.facts
            if f.kind != "quote" and f.paragraph == fact.paragraph and f.sentence == fact.sentence
        ]
        # a note marker ("[1]", "¹") points into the text's notes: in a box, noise
        sentence = _NOTE_MARKERS.sub("", fact.sentence)
        marks = _marks(sentence, figures, " ".join(fact.text.split()))
        rows.append(FactRow(fact.kind, _display_figure(fact.text), marks, fact.paragraph))
    return rows


#: A space after a number that should not break: before a short word ("$7 billion",
#: "8,5 млрд"), not before a long one ("4,000 kilometres" may wrap).
_NOTE_MARKERS = re.compile(r"\s?\[\d{1,3}\]|(?<=[^\s\d])[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,3}")
_AFTER_NUMBER = re.compile(r"(?<=\d) (?=[^\s]{1,7}(?:\s|$))")
_PERCENT_WORD = re.compile(r"\s?(?:percent|per cent|pct|процент\w*|проц\.)$", re.IGNORECASE)


def _display_figure(text: str) -> str:
    """A figure as the box prints it: a capital first ("More than 40", "Около 189 тыс."),
    "%" for a percent word, a number kept with a short word after it."""
    figure = _PERCENT_WORD.sub("%", " ".join(text.split()))
    figure = figure[:1].upper() + figure[1:]
    return _AFTER_NUMBER.sub("\u00a0", figure)


#: Openings that tie a sentence to the one before it: a row of the box stands alone.
OPENERS = frozenset(
    {
        "for example", "for instance", "in that case", "however", "meanwhile",
        "at the same time", "in addition", "moreover", "in parallel", "therefore", "thus",
        "as a result", "in particular", "by contrast", "in turn", "still", "yet",
        "например", "однако", "вместе с тем", "в свою очередь", "кроме того", "при этом",
        "таким образом", "в частности", "между тем", "тем не менее", "в то же время",
    }
)  # fmt: skip
#: Where a sentence divides into clauses: after a comma, semicolon or colon, around a dash.
_CLAUSE_BREAK = re.compile(r"(?:[,;:]\s+|\s+[—–]\s+)")
#: A clause needs this many words to stand alone in the box.
MIN_CLAUSE_WORDS = 6
#: A sentence's first clause this short is its subject, kept before a cut clause.
SUBJECT_WORDS = 6
#: Conjunctions that open a clause and make no sense at the start of a row.
_LEADING_CONJUNCTION = re.compile(r"(?:and|but|while|whereas|и|а|но|однако)\s+", re.IGNORECASE)


def _marks(sentence: str, figures: list[str], headline: str) -> list[Mark]:
    """The row's text as runs, each figure (in order) a strong run. A sentence that fits
    the box is shown whole; a longer one is cut to the clauses around its headline
    figure; a discourse opener ("For example,") is left out either way."""
    spans: list[tuple[int, int]] = []
    at = 0
    for figure in figures:
        figure = " ".join(figure.split())
        found = sentence.find(figure, at)
        if found < 0:
            continue
        spans.append((found, found + len(figure)))
        at = found + len(figure)
    head = sentence.find(headline)
    head = (head, head + len(headline)) if head >= 0 else (spans[0] if spans else (0, 0))
    start, end = _clauses_around(sentence, head, spans)
    text_start = start
    opener = _LEADING_CONJUNCTION.match(sentence, start)
    if opener:
        text_start = opener.end()
    parts = [(text_start, end)]
    subject = _CLAUSE_BREAK.search(sentence)
    if start > 0 and subject and len(sentence[: subject.start()].split()) <= SUBJECT_WORDS:
        opening = sentence[: subject.start()]
        if opening.strip().casefold() not in OPENERS:
            # "Official trade statistics … show that exports rose by about 40%": a cut
            # clause keeps the sentence's subject
            parts.insert(0, (0, subject.start()))
    marks: list[Mark] = []
    for n, (part_start, part_end) in enumerate(parts):
        if n:
            marks.append(Mark(" … "))
        position = part_start
        for s, e in spans:
            if s < part_start or e > part_end:
                continue
            if s > position:
                marks.append(Mark(sentence[position:s]))
            marks.append(Mark(sentence[s:e], strong=True, head=(s, e) == head))
            position = e
        if position < part_end:
            marks.append(Mark(sentence[position:part_end].rstrip(" ,;:—–")))
    if marks and marks[0].text[:1].islower():
        first = marks[0]
        marks[0] = Mark(first.text[:1].upper() + first.text[1:], first.strong, first.head)
    if end < len(sentence) and marks and not marks[-1].text.endswith("…"):
        marks.append(Mark("…"))
    return [
        Mark(isolated(breakable(typographic(m.text))), m.strong, m.head) for m in marks if m.text
    ]


def _clauses_around(
    sentence: str, head: tuple[int, int], spans: list[tuple[int, int]]
) -> tuple[int, int]:
    """The part of ``sentence`` a row shows: all of it when it fits, else the clauses
    around the headline figure (at least :data:`MIN_CLAUSE_WORDS` words); a short
    opening clause without figures ("For example,") is dropped."""
    bounds = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(sentence)] + [len(sentence)]
    clauses = list(itertools.pairwise(bounds))
    start, end = 0, len(sentence)
    if len(clauses) > 1:
        first_start, first_end = clauses[0]
        opening = sentence[first_start:first_end].strip(" ,;:—–").casefold()
        if opening in OPENERS and not any(s < first_end for s, _ in spans):
            start = first_end  # "For example, ...", "In that case, ..."
    if end - start <= CONTEXT_CHARS:
        return start, end
    n = next((i for i, (a, b) in enumerate(clauses) if a <= head[0] < b), 0)
    lo = hi = n
    while len(sentence[clauses[lo][0] : clauses[hi][1]].split()) < MIN_CLAUSE_WORDS:
        if hi + 1 < len(clauses):
            hi += 1
        elif lo > 0:
            lo -= 1
        else:
            break
    start, end = max(start, clauses[lo][0]), clauses[hi][1]
    if end - start > CONTEXT_CHARS:  # one long clause: cut at words around the figure
        start = max(start, sentence.rfind(" ", start, max(start, head[0] - CONTEXT_CHARS // 3)) + 1)
        cut = sentence.rfind(" ", head[1], start + CONTEXT_CHARS)
        end = cut if cut > head[1] else end
    return start, end


def _source_groups(brief: Brief, labels: Labels, numbered: dict[str, str]) -> list[SourceGroup]:
    """The appendix in two parts: documents and outlets (the brief's own source, listed
    works, links, news outlets), then the people and organisations the text quotes."""
    documents = [s for s in brief.sources if _is_document(s)]
    quoted = [s for s in brief.sources if not _is_document(s)]
    groups = []
    number = 1
    for title, members in (
        (labels["sources_documents"], documents),
        (labels["sources_quoted"], quoted),
    ):
        if members:
            views = [_source(number + n, s, labels, numbered) for n, s in enumerate(members)]
            groups.append(SourceGroup(title, views))
            number += len(views)
    return groups


def _is_document(source: Source) -> bool:
    return source.kind in ("origin", "listed", "url") or source.type in ("outlet", "document")


def _source(n: int, source: Source, labels: Labels, numbered: dict[str, str]) -> SourceView:
    return SourceView(
        id=source.id,
        number=n,
        name=printed(source.name),
        kind=source.kind,
        type=source.type,
        acronym=source.acronym,
        role=source.role,
        url=source.url,
        url_text=breakable(source.url) if source.url else None,
        title=source.title and printed(source.title),
        description=source.description and printed(source.description),
        note=labels["source_of_brief"] if source.kind == "origin" else None,
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
