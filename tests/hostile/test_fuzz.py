"""Property-based tests with brief-SHAPED input.

The strategy builds what a brief looks like (optional front matter, rubric, title,
paragraphs with figures, attributions and quotations, sub-headings, bullets, a cue with
numbered conclusions, a source line) and sprinkles random Unicode into the paragraphs:
control characters, right-to-left letters and marks, combining marks, emoji, zero-width
characters, lone surrogates. It records what it generated, so the invariants can be
checked against the input itself:

* ``reportkit.parse`` raises nothing but ``ReportkitError`` (for text and for bytes);
* no word of a generated paragraph is lost from the model;
* a cue followed by N consecutively numbered plain items gives exactly N conclusions;
* every parsed brief renders to DOCX and HTML.

Profiles (``tests/hostile/conftest.py``): ``default`` for every run, ``long`` with
``pytest tests/hostile --hypothesis-profile=long``.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field

from hypothesis import given
from hypothesis import strategies as st

import reportkit
from reportkit.errors import ReportkitError

from .helpers import docx_document, model_blob, render

# -- vocabulary: nothing here is a cue, a source label, a meta label or a rubric ---------------
WORDS = [
    "harbour",
    "ferry",
    "route",
    "corridor",
    "officials",
    "analysts",
    "cargo",
    "transit",
    "ports",
    "grew",
    "expect",
    "schedule",
    "capacity",
    "lenders",
    "pledged",
    "tariff",
    "customs",
    "border",
    "rail",
    "freight",
    "operators",
    "investment",
    "regional",
    "governments",
    "talks",
    "policy",
    "berths",
    "traffic",
    "engineers",
    "optimistic",
    "shallow",
    "dredging",
    "container",
    "checkpoints",
    "exporters",
    "sanctions",
    "cheaper",
    "faster",
]
CAPITALISED = [
    "Harbour",
    "Officials",
    "Analysts",
    "Freight",
    "Lenders",
    "Regional",
    "Engineers",
    "Exporters",
    "Moscow",
    "Beijing",
    "Kazakhstan",
    "Georgia",
    "Azerbaijan",
    "Brussels",
    "Москва",
    "Порты",
    "Грузы",
    "Транзит",
]
FIGURES = [
    "more than 30 trains",
    "$7 billion",
    "about 15%",
    "in March 2022",
    "for 18 months",
    "nearly 40 services",
    "on 14 May 2024",
    "€2.5 million",
    "two thirds of the cargo",
    "около 2 млрд долларов",
    "in the 1990s",
    "at least 12 projects",
]
ATTRIBUTIONS = [
    "As analysts from the Baltic Institute for Energy Policy indicate,",
    "According to the Caspian Freight Council,",
    "По данным Росстата,",
    "Senator Eleanor Whitcombe said that",
]
QUOTES = [
    "“We cannot finance this corridor on our own,” said Senator Eleanor Whitcombe.",
    "«Мы не остановимся», — заявил министр.",
]
HEADINGS = ["## Background", "Outlook for the summer", "REGIONAL PICTURE", "Costs\n-----"]
CUES = [
    "Several conclusions can be drawn from the above.",
    "Conclusions:",
    "Key takeaways:",
    "Можно сделать несколько выводов.",
    "Выводы:",
]
SOURCES = ["Source: Reuters", "Источник: Центр стратегических оценок", "Source: Baltic Monitor"]

#: Characters sprinkled into paragraphs. Line-breaking ones (CR, VT, FF, U+2028/9) are
#: left out: they would split a paragraph into blocks the strategy does not control.
SPRINKLES = st.one_of(
    st.sampled_from([chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F, 0x85]]),
    st.sampled_from(list("\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202e")),
    st.sampled_from(list("\u0301\u0308\u0323\u064b\u05b7\u0e31")),  # combining marks
    st.sampled_from(["😀", "👩\u200d👩\u200d👧", "🇺🇦", "👍🏽", "\U0001f9ea"]),
    st.sampled_from(["\ud800", "\udfff", "\ufffe", "\uffff", "\ufffd"]),
    st.sampled_from(list("العربيةעברית")),
    st.characters(
        codec="utf-8",
        exclude_characters="\n\r\x0b\x0c\u2028\u2029",
        exclude_categories=("Zl", "Zp"),
    ),
)


@dataclass
class Generated:
    text: str
    paragraphs: list[str] = field(default_factory=list)  # as generated, sprinkles included
    cue: str | None = None
    items: list[str] = field(default_factory=list)  # the numbered conclusions' texts


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=2, max_size=12))
    if draw(st.booleans()):
        words.insert(draw(st.integers(0, len(words))), draw(st.sampled_from(FIGURES)))
    return " ".join([draw(st.sampled_from(CAPITALISED)), *words]) + "."


@st.composite
def plain_paragraphs(draw: st.DrawFn) -> str:
    parts = draw(st.lists(sentences(), min_size=1, max_size=4))
    if draw(st.booleans()):
        first = parts[0]
        parts[0] = f"{draw(st.sampled_from(ATTRIBUTIONS))} {first[0].lower()}{first[1:]}"
    if draw(st.integers(0, 5)) == 0:
        parts.append(draw(st.sampled_from(QUOTES)))
    return " ".join(parts)


@st.composite
def sprinkled(draw: st.DrawFn, text: str) -> str:
    """``text`` with random characters inserted inside it: after its first word and
    before its final full stop, so that what starts and ends the paragraph is kept."""
    start = text.index(" ") + 1
    end = len(text) - 1
    chars = list(text)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(start, end))
        chars.insert(at, draw(SPRINKLES))
        end += 1
    return "".join(chars)


@st.composite
def front_matter(draw: st.DrawFn) -> str:
    lines = []
    if draw(st.booleans()):
        lines.append(f"title: '{draw(sentences()).rstrip('.')}'")
    if draw(st.booleans()):
        # quoted or valid: an impossible unquoted ISO date is a known bug with its own test
        dates = ["2024-05-14", "'14 May 2024'", "'soon'", "'2024'"]
        lines.append(f"date: {draw(st.sampled_from(dates))}")
    if draw(st.booleans()):
        lines.append(f"author: '{draw(st.sampled_from(['Analysis desk', 'Отдел анализа']))}'")
    if draw(st.booleans()):
        lines.append(f"classification: {draw(st.sampled_from(['INTERNAL', 'RESTRICTED']))}")
    if draw(st.booleans()):
        lines.append(f"language: {draw(st.sampled_from(['en', 'ru']))}")
    if draw(st.booleans()):
        lines.append("unknown_key: [1, 2]")
    return "---\n" + "".join(f"{line}\n" for line in lines) + "---\n"


@st.composite
def briefs(draw: st.DrawFn, with_cue: bool | None = None) -> Generated:
    """A brief; ``with_cue`` forces the cue and its items on (True) or leaves it to
    chance (None)."""
    blocks: list[str] = []
    generated = Generated(text="")
    if draw(st.booleans()):
        blocks.append(draw(st.sampled_from(["Analysis", "Situation, Facts and Events", "Обзор"])))
    blocks.append(draw(sentences()).rstrip("."))  # the title
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["paragraph"] * 5 + ["heading", "bullets"]))
        if kind == "heading":
            blocks.append(draw(st.sampled_from(HEADINGS)))
        elif kind == "bullets":
            bullets = draw(st.lists(sentences(), min_size=1, max_size=4))
            blocks.append("\n".join(f"- {b}" for b in bullets))
        else:
            paragraph = draw(sprinkled(draw(plain_paragraphs())))
            generated.paragraphs.append(paragraph)
            blocks.append(paragraph)
    if with_cue or (with_cue is None and draw(st.booleans())):
        generated.cue = draw(st.sampled_from(CUES))
        count = draw(st.integers(1, 12))
        marker = draw(st.sampled_from(["{}.", "{})", "({})"]))
        generated.items = [draw(sentences()) for _ in range(count)]
        blocks.append(generated.cue)
        joiner = draw(st.sampled_from(["\n", "\n\n"]))
        blocks.append(
            joiner.join(
                f"{marker.format(n)} {item}" for n, item in enumerate(generated.items, start=1)
            )
        )
    if draw(st.booleans()):
        blocks.append(draw(st.sampled_from(SOURCES)))
    text = "\n\n".join(blocks) + "\n"
    if draw(st.booleans()):
        text = draw(front_matter()) + text
    generated.text = text
    return generated


def parsed(generated: Generated) -> reportkit.Brief:
    """The brief; brief-shaped text always has words, so it is never refused."""
    return reportkit.parse(generated.text)


# -- invariants ---------------------------------------------------------------------------------
@given(briefs())
def test_parse_raises_nothing_but_reportkit_errors(generated: Generated) -> None:
    for data in (generated.text, generated.text.encode("utf-8", "surrogatepass")):
        with contextlib.suppress(ReportkitError):
            reportkit.parse(data)


@given(briefs())
def test_no_word_of_a_generated_paragraph_is_lost(generated: Generated) -> None:
    blob = model_blob(parsed(generated))
    for paragraph in generated.paragraphs:
        lost = [w for w in re.findall(r"\w+", paragraph) if w not in blob]
        assert lost == [], (paragraph, lost)


@given(briefs(with_cue=True))
def test_a_cue_and_n_numbered_items_give_n_conclusions(generated: Generated) -> None:
    brief = parsed(generated)
    assert len(brief.conclusions.items) == len(generated.items)
    assert [c.text for c in brief.conclusions.items] == generated.items
    assert [c.label for c in brief.conclusions.items] == [
        str(n) for n in range(1, len(generated.items) + 1)
    ]


@given(briefs())
def test_every_parsed_brief_renders_to_docx_and_html(generated: Generated) -> None:
    brief = parsed(generated)
    html = render(brief, "html").data.decode("utf-8")
    assert html.lstrip().startswith("<!DOCTYPE html>")
    docx = render(brief, "docx").data
    assert docx_document(docx).paragraphs  # python-docx reads it back
