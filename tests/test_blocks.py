"""Stage 2: layout of text into paragraphs, list items, headings and quotes."""

from __future__ import annotations

import pytest

from reportkit.reader.blocks import marker, split_blocks


def kinds(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in split_blocks(text)]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("1. First", ("decimal", "1", "First")),
        ("12) Twelfth", ("decimal", "12", "Twelfth")),
        ("(3) Third", ("decimal", "3", "Third")),
        ("[2] Ref", ("bracket", "2", "Ref")),
        ("IV. Fourth", ("upper-roman", "IV", "Fourth")),
        ("iv) fourth", ("lower-roman", "iv", "fourth")),
        ("b) second", ("lower-alpha", "b", "second")),
        ("(B) Second", ("upper-alpha", "B", "Second")),
        ("1.2 Nested", ("nested", "1.2", "Nested")),
        ("- dash", ("bullet", None, "dash")),
        ("• dot", ("bullet", None, "dot")),
        ("* star", ("bullet", None, "star")),
        ("2021 was a year", None),
        ("1.5 million people", None),
        ("I think so", None),
    ],
)
def test_list_markers(line: str, expected) -> None:
    assert marker(line) == expected


def test_paragraphs_are_separated_by_blank_lines() -> None:
    assert kinds("One.\n\n\n\nTwo.\n") == [("text", "One."), ("text", "Two.")]


def test_hard_wrapped_paragraph_is_rejoined() -> None:
    text = (
        "The committee met on Monday to discuss the budget for the coming year\n"
        "and agreed that spending on maritime patrols should rise. The vote was\n"
        "unanimous.\n"
    )
    assert kinds(text) == [("text", " ".join(text.split()))]


def test_one_paragraph_per_line_is_not_joined() -> None:
    long_a = "A" + " word" * 30 + "."
    long_b = "Another" + " word" * 30 + "."
    assert len(split_blocks(f"{long_a}\n{long_b}\n")) == 2


def test_rubric_and_title_on_consecutive_lines_stay_apart() -> None:
    assert kinds("Analysis\nA short title\n\nBody text.") == [
        ("text", "Analysis"),
        ("text", "A short title"),
        ("text", "Body text."),
    ]


def test_hyphenation_is_mended_but_real_compounds_keep_their_hyphen() -> None:
    text = (
        "The long-term plan needs closer cooperation between the coastal inter-\n"
        "national partners and a long-\n"
        "term budget that the council approved in the spring of this year.\n"
    )
    (block,) = split_blocks(text)
    assert "international partners" in block.text
    assert "long-term budget" in block.text


def test_list_items_wrap_and_stop_at_a_new_sentence_line() -> None:
    text = (
        "1. The first item is long enough to wrap onto\n"
        "   a second, indented line.\n"
        "2. Second item.\n"
        "Source: Reuters\n"
    )
    blocks = split_blocks(text)
    assert [(b.kind, b.label) for b in blocks] == [("item", "1"), ("item", "2"), ("text", None)]
    assert blocks[0].text == "The first item is long enough to wrap onto a second, indented line."


def test_alpha_labels_that_look_roman_follow_their_list() -> None:
    blocks = split_blocks("a) one\nb) two\nc) three\nd) four\n")
    assert {b.style for b in blocks} == {"lower-alpha"}


def test_markdown_and_setext_headings_and_rules() -> None:
    blocks = split_blocks("# Top\n\nSub\n---\n\nText.\n\n***\n\nMore\n===\n")
    assert [(b.kind, b.text, b.level) for b in blocks] == [
        ("heading", "Top", 1),
        ("heading", "Sub", 2),
        ("text", "Text.", 0),
        ("heading", "More", 1),
    ]


def test_quote_lines() -> None:
    blocks = split_blocks("> We will not\n> give up.\n\nAfter.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("quote", "We will not give up."),
        ("text", "After."),
    ]


def test_line_numbers_count_from_first_line() -> None:
    blocks = split_blocks("A.\n\n\nB.\n", first_line=5)
    assert [b.line for b in blocks] == [5, 8]
