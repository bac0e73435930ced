"""Properties that must hold for any text whatsoever."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reportkit
from conftest import model_strings
from reportkit.errors import ReportkitError
from reportkit.reader.cues import meta_labels, union

#: Words that are markup of a brief, not its content: "Source:", "Sources", "Date:", "By".
STRUCTURAL = {
    w.casefold()
    for phrase in (
        *union("source_labels"),
        *union("sources_headings"),
        *union("byline_words"),
        *union("summary_labels"),
        *(w for words in meta_labels().values() for w in words),
    )
    for w in re.findall(r"\w+", phrase)
}

# Lines in the shapes briefs use, mixed with arbitrary text, so the structure stages
# (headings, lists, cues, sources, front matter) are all exercised.
LINE = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "",
            "",
            "Situation, Facts and Events",
            "Conclusions:",
            "Key takeaways:",
            "Several conclusions can be drawn from the above.",
            "Выводы:",
            "Sources:",
            "Источник: Институт",
            "Source: Reuters, https://example.org/x",
            "---",
            "# Heading",
            "=====",
            "1. First point.",
            "2) Second point",
            "(3) third",
            "- bullet",
            "• пункт",
            "[1] Name, “Title”, https://example.com/a",
            "Date: 14 May 2024",
            "By Jane Doe",
            "As experts from the Hudson Institute indicate, more than 30 people came.",
            "According to Reuters, $7 billion was frozen in August 2021.",
            "Rep. Jane Doe wrote: “We will not stop supporting them.”",
            "word-",
            "UNCLASSIFIED",
            "по данным Росстата, около 2 млрд долларов",
            "\t  indented line",
            "a\x00b\x0cc",
            # what e-mail and PDF extraction wrap around a brief
            "From: Jane Doe <jane@example.org>",
            "Sent: Tuesday, 12 March 2024 09:41",
            "To: Analysts",
            "Subject: Fwd: Ferry capacity",
            "От: Отдел мониторинга",
            "Тема: Обзор",
            "---------- Forwarded message ---------",
            "> quoted line of the brief",
            ">> 1. A quoted point.",
            "On Tue, 12 Mar 2024, Jane wrote:",
            "Best regards,",
            "С уважением,",
            "--",
            "CONFIDENTIALITY NOTICE: This e-mail is confidential.",
            "\x0c",
            "- 3 -",
            "Page 2 of 5",
            "17",
            "CASPIAN REVIEW",
            "From the above, the following conclusions can be drawn.",
            "Это позволяет сделать следующие выводы:",
            "First, the first point.",
            "Во-вторых, второй пункт.",
            "Finally, the last point.",
            "1 - Point one",
            "NOK 4.2 billion went to ports.",
            # Markdown
            "**Analysis**",
            "A **bold** lead and *italic* words, see [the report](https://example.org/r).",
            "| Country | Share |",
            "|---|---:|",
            "| Italy | 85% |",
            "__under__ and _single_ and 5 * 3",
            "“A quotation.”",
            "— an attribution",
            "Summary: the gist.",
            "Notes",
            "a year¹ and 500 km²",
        ]
    ),
)
TEXT = st.lists(LINE, max_size=40).map("\n".join)


def words_lost(text: str, brief) -> list[str]:
    blob = "\n".join(model_strings(brief.to_dict()))
    # Words without underscores: "_word_" is Markdown emphasis, its word is "word".
    words = re.findall(r"[^\W_]+", text)
    return [w for w in words if w not in blob and w.casefold() not in STRUCTURAL]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_parse_returns_a_brief_or_raises_our_error_and_drops_no_word(text: str) -> None:
    try:
        brief = reportkit.parse(text)
    except ReportkitError:
        return
    if text.startswith("---\n"):
        return  # front matter keys are metadata names, not words of the brief
    assert words_lost(text, brief) == []


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_give_a_brief_or_our_error(data: bytes) -> None:
    try:
        brief = reportkit.parse(data)
    except ReportkitError:
        return
    assert brief.to_dict()["schema"] == "reportkit.brief/1"


@settings(max_examples=100, deadline=None)
@given(TEXT)
def test_model_round_trips(text: str) -> None:
    try:
        brief = reportkit.parse(text)
    except ReportkitError:
        return
    assert type(brief).from_dict(brief.to_dict()) == brief
