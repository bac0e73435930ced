"""Each example brief against the structure a careful human reader wrote down for it
(tests/expected/<name>.json), independently of what the parser produces."""

from __future__ import annotations

import json

import pytest

from conftest import EXAMPLES, EXPECTED
from reportkit.api import parse_file
from reportkit.model import Brief

CASES = sorted(p.stem for p in EXPECTED.glob("*.json"))


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(params=CASES)
def case(request: pytest.FixtureRequest) -> tuple[dict, Brief]:
    expected = json.loads((EXPECTED / f"{request.param}.json").read_text("utf-8"))
    return expected, parse_file(EXAMPLES / f"{request.param}.txt")


def test_every_example_has_expectations() -> None:
    assert sorted(p.stem for p in EXAMPLES.glob("*.txt")) == CASES
    assert len(CASES) >= 6


def test_meta(case: tuple[dict, Brief]) -> None:
    expected, brief = case
    assert brief.meta.encoding == expected["encoding"]
    assert brief.meta.language == expected["language"]
    assert brief.meta.rubric == expected["rubric"]
    assert brief.meta.title == expected["title"]


def test_sections(case: tuple[dict, Brief]) -> None:
    expected, brief = case
    got = [
        {
            "heading": s.heading,
            "paragraphs": len(s.paragraphs),
            "list_items": sum(p.kind == "list_item" for p in s.paragraphs),
        }
        for s in brief.sections
    ]
    assert got == expected["sections"]


def test_lead_paragraph_is_the_first_one(case: tuple[dict, Brief]) -> None:
    _, brief = case
    paragraphs = brief.paragraphs()
    assert [p.lead for p in paragraphs].count(True) == 1
    # the first running paragraph: an epigraph (a quotation) before it is not the lead
    assert next(p for p in paragraphs if p.kind == "paragraph").lead


def test_conclusions(case: tuple[dict, Brief]) -> None:
    expected, brief = case
    assert brief.conclusions.lead == expected["conclusions_lead"]
    items = brief.conclusions.items
    assert [i.label for i in items] == [c["label"] for c in expected["conclusions"]]
    for item, want in zip(items, expected["conclusions"], strict=True):
        text = squash(item.text)
        assert text.startswith(want["starts"]), item.text
        assert text.endswith(want["ends"]), item.text


def test_sources(case: tuple[dict, Brief]) -> None:
    expected, brief = case
    for want in expected["sources"]:
        matches = [
            s for s in brief.sources if s.kind == want["kind"] and want["name_contains"] in s.name
        ]
        assert matches, f"no {want['kind']} source named like {want['name_contains']!r}"
        if want["url"]:
            assert matches[0].url == want["url"]
    assert len(brief.sources) == len(expected["sources"]), [s.name for s in brief.sources]


def test_facts(case: tuple[dict, Brief]) -> None:
    expected, brief = case
    texts = [f.text for f in brief.facts if f.kind != "quote"]
    for figure in expected["facts_contain"]:
        # the fact's span is the figure itself, possibly without a preposition the
        # human included ("In 2020") or with it
        assert any(t in figure or figure in t for t in texts), (figure, texts)


def test_quote_speakers(case: tuple[dict, Brief]) -> None:
    expected, brief = case
    speakers = [f.speaker for f in brief.facts if f.kind == "quote" and f.speaker]
    assert speakers == expected["quote_speakers"]


def test_each_part_appears_in_exactly_one_place(case: tuple[dict, Brief]) -> None:
    _, brief = case
    body = [squash(p.text) for p in brief.paragraphs()]
    assert len(body) == len(set(body))
    for item in brief.conclusions.items:
        assert all(squash(item.text) not in b and b not in squash(item.text) for b in body)
    assert all(brief.conclusions.lead not in b for b in body)
    for source in brief.sources:
        if source.kind in ("origin", "listed"):
            assert all(source.text not in b for b in body), source.text
    headings = {s.heading for s in brief.sections}
    assert not headings & set(body)


# -- what each example was written to exercise ----------------------------------------------
def test_crlf_hard_wrapped_lines_are_rejoined_and_hyphenation_mended() -> None:
    brief = parse_file(EXAMPLES / "en_crlf_wrapped.txt")
    text = " ".join(p.text for p in brief.paragraphs())
    assert "\r" not in text and "\n" not in text
    assert "international partners" in text
    assert "statistics" in text and "statis-" not in text
    assert "long-term" in text  # a real compound keeps its hyphen
    assert "infrastructure" in brief.conclusions.items[1].text


def test_conclusion_spanning_two_paragraphs_keeps_both() -> None:
    brief = parse_file(EXAMPLES / "en_conclusions_heading.txt")
    second = brief.conclusions.items[1]
    assert second.label == "2"
    assert len(second.text.split("\n\n")) == 2
    assert brief.conclusions.numbering == "decimal"


def test_sources_list_links_inline_markers() -> None:
    brief = parse_file(EXAMPLES / "en_sources_list.txt")
    listed = [s for s in brief.sources if s.kind == "listed"]
    assert [s.marker for s in listed] == ["1", "2", "3"]
    assert all(s.url and s.url.startswith("https://") for s in listed)
    assert all(s.title for s in listed)
    cited_twice = brief.source_for_marker("1")
    assert cited_twice is not None and len(cited_twice.cited_in) == 2
    for source in listed:
        for pid in source.cited_in:
            paragraph = next(p for p in brief.paragraphs() if p.id == pid)
            assert f"[{source.marker}]" in paragraph.text
    assert not [d for d in brief.diagnostics if d.code == "unresolved-reference"]


def test_subheadings_of_every_style_and_bullets() -> None:
    brief = parse_file(EXAMPLES / "en_subheadings_bullets.txt")
    levels = {s.heading: s.level for s in brief.sections}
    assert levels["Background"] == 2  # "## Background"
    assert levels["Energy supply"] == 2  # underlined with ---
    bullets = [p for p in brief.paragraphs() if p.kind == "list_item"]
    assert all(p.label is None for p in bullets)
    wrapped = [p for p in bullets if p.text.startswith("Emergency agreements")]
    assert wrapped and wrapped[0].text.endswith("event of a major outage.")


def test_numbered_list_in_the_body_is_not_conclusions() -> None:
    brief = parse_file(EXAMPLES / "en_body_list.txt")
    body_items = [p for p in brief.paragraphs() if p.kind == "list_item"]
    assert [p.label for p in body_items] == ["1", "2", "3"]
    assert [c.label for c in brief.conclusions.items] == ["1", "2"]
    assert brief.conclusions.lead == "In conclusion, several points stand out."


def test_russian_cp1251_brief() -> None:
    brief = parse_file(EXAMPLES / "ru_cp1251.txt")
    assert any(d.code == "encoding-guessed" for d in brief.diagnostics)
    origin = next(s for s in brief.sources if s.kind == "origin")
    assert origin.name == "Аналитический центр «Восточный вектор»"
    money = next(f for f in brief.facts if f.kind == "money")
    assert money.value == "USD 2e9" and money.qualifier == "около"
