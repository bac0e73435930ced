"""Stage 3: roles of blocks - header, body sections, conclusions, sources."""

from __future__ import annotations

import reportkit


def parse(text: str):
    return reportkit.parse(text)


def test_single_heading_line_is_the_title() -> None:
    brief = parse("Grain talks stall\n\nDelegations left Istanbul on Friday.\n")
    assert brief.meta.title == "Grain talks stall" and brief.meta.rubric is None


def test_a_known_rubric_alone_is_not_a_title() -> None:
    brief = parse("Analysis\n\nDelegations left Istanbul on Friday.\n")
    assert brief.meta.rubric == "Analysis" and brief.meta.title is None
    assert any(d.code == "no-title" for d in brief.diagnostics)


def test_no_title_is_a_diagnostic_not_an_error() -> None:
    brief = parse("Delegations left Istanbul on Friday after two days of talks.\n")
    assert brief.meta.title is None
    assert [p.text for p in brief.paragraphs()] == [
        "Delegations left Istanbul on Friday after two days of talks."
    ]
    codes = {d.code for d in brief.diagnostics}
    assert {"no-title", "no-conclusions", "no-source"} <= codes


def test_header_metadata_lines() -> None:
    brief = parse("Digest\nTalks stall\nDate: 14 May 2024\nBy Jane Doe\nINTERNAL\n\nBody.\n")
    assert (brief.meta.rubric, brief.meta.title) == ("Digest", "Talks stall")
    assert brief.meta.date == "2024-05-14" and brief.meta.date_text == "14 May 2024"
    assert brief.meta.author == "Jane Doe"
    assert brief.meta.classification == "INTERNAL"
    assert [p.text for p in brief.paragraphs()] == ["Body."]


def test_russian_header_date() -> None:
    brief = parse("Обзор\nПереговоры зашли в тупик\n14 мая 2024 г.\n\nТекст.\n")
    assert brief.meta.date == "2024-05-14"


def test_cue_as_last_sentence_of_a_paragraph_is_split_off() -> None:
    brief = parse(
        "Title\n\nThe talks failed. Several conclusions can be drawn.\n\n1. One.\n2. Two.\n"
    )
    assert [p.text for p in brief.paragraphs()] == ["The talks failed."]
    assert brief.conclusions.lead == "Several conclusions can be drawn."
    assert [c.text for c in brief.conclusions.items] == ["One.", "Two."]


def test_conclusions_heading_with_plain_paragraphs() -> None:
    brief = parse("Title\n\nBody.\n\nConclusions\n\nFirst finding.\n\nSecond finding.\n")
    assert brief.conclusions.numbering == "none"
    assert [c.text for c in brief.conclusions.items] == ["First finding.", "Second finding."]


def test_cue_without_a_list_stays_in_the_body() -> None:
    brief = parse("Title\n\nIn conclusion, nothing changed.\n\nSource: AP\n")
    assert brief.conclusions.items == []
    assert [p.text for p in brief.paragraphs()] == ["In conclusion, nothing changed."]


def test_russian_cue_and_roman_numbering() -> None:
    brief = parse("Заголовок\n\nТекст.\n\nВыводы:\n\nI. Первый.\nII. Второй.\nIV. Четвёртый.\n")
    conclusions = brief.conclusions
    assert conclusions.lead == "Выводы:"
    assert [c.label for c in conclusions.items] == ["I", "II", "IV"]
    assert conclusions.numbering == "upper-roman"
    warning = next(d for d in brief.diagnostics if d.code == "conclusion-numbering")
    assert warning.line == 9  # IV, where III was expected


def test_sub_bullets_stay_inside_their_conclusion() -> None:
    brief = parse(
        "Title\n\nBody.\n\nKey takeaways:\n\n1. Main point:\n- detail a\n- detail b\n2. Second.\n"
    )
    items = brief.conclusions.items
    assert [c.label for c in items] == ["1", "2"]
    assert items[0].text == "Main point:\n• detail a\n• detail b"


def test_origin_line_anywhere_and_sources_list_at_end() -> None:
    brief = parse(
        "Title\nSource: TASS\n\nBody [1].\n\nSources:\n[1] Reuters, https://r.example/a\n"
    )
    assert [p.text for p in brief.paragraphs()] == ["Body [1]."]
    kinds = {(s.kind, s.name) for s in brief.sources}
    assert {("origin", "TASS"), ("listed", "Reuters")} <= kinds


def test_notes_heading_followed_by_prose_is_a_section_not_sources() -> None:
    long = "This paragraph is long prose that explains the method in detail. " * 4
    brief = parse(f"Title\n\nBody.\n\nNotes\n\n{long}\n")
    assert [s.heading for s in brief.sections] == [None, "Notes"]
    assert not [s for s in brief.sources if s.kind == "listed"]


def test_quotation_paragraph_kind() -> None:
    brief = parse("Title\n\nBody.\n\n“We will stay the course,” the minister said.\n")
    assert brief.paragraphs()[1].kind == "quote"
