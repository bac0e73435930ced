"""The canonical brief (../shared/seeds) parses as the foundation issue requires."""

from __future__ import annotations

import re

import reportkit
from reportkit.model import Brief


def parse_seed(seed_bytes: bytes) -> Brief:
    return reportkit.parse(seed_bytes, source_file="seed.txt")


def test_rubric_title_and_language(seed_bytes: bytes) -> None:
    brief = parse_seed(seed_bytes)
    assert brief.meta.rubric == "Situation, Facts and Events"
    assert brief.meta.title == (
        "American experts on the activation of the Afghan anti-Taliban opposition"
    )
    assert brief.meta.language == "en"
    assert brief.meta.encoding == "utf-8"


def test_every_body_paragraph_once_none_merged(seed_bytes: bytes) -> None:
    text = seed_bytes.decode("utf-8")
    blocks = [b.strip() for b in re.split(r"\n\s*\n", text) if b.strip()]
    # rubric, title, cue, two conclusions and the source line are not body paragraphs
    body = blocks[2 : blocks.index(next(b for b in blocks if b.startswith("Several conclusions")))]
    brief = parse_seed(seed_bytes)
    assert [p.text for p in brief.paragraphs()] == body
    assert len(body) == 17
    assert all(p.kind == "paragraph" for p in brief.paragraphs())
    assert brief.paragraphs()[0].lead


def test_two_conclusions_with_cue_as_lead(seed_bytes: bytes) -> None:
    brief = parse_seed(seed_bytes)
    conclusions = brief.conclusions
    assert conclusions.lead == "Several conclusions can be drawn from all that has been said above."
    assert [c.label for c in conclusions.items] == ["1", "2"]
    assert conclusions.items[0].text.startswith("The American administration is clearly not")
    assert conclusions.items[0].text.endswith("any serious military activity in medium term.")
    assert conclusions.items[1].text.endswith("for which there are no serious prerequisites yet.")
    assert conclusions.numbering == "decimal"


def test_sources_origin_and_attributions(seed_bytes: bytes) -> None:
    brief = parse_seed(seed_bytes)
    origin = [s for s in brief.sources if s.kind == "origin"]
    assert [s.name for s in origin] == ["Институт Ближнего Востока"]
    assert "Source:" not in " ".join(p.text for p in brief.paragraphs())
    hudson = next(s for s in brief.sources if "Hudson Institute" in s.name)
    assert hudson.kind == "attribution"
    assert hudson.cited_in == ["p1"]


def test_figures_and_the_quoted_statement(seed_bytes: bytes) -> None:
    brief = parse_seed(seed_bytes)
    by_text = {f.text: f for f in brief.facts}
    assert by_text["more than 30 activists"].value == 30
    assert by_text["more than 30 activists"].qualifier == "more than"
    assert by_text["about $7 billion"].value == "USD 7e9"
    assert by_text["about $7 billion"].kind == "money"
    thirteen = by_text["At least 13 members"]
    assert thirteen.value == 13 and thirteen.qualifier == "at least"
    assert by_text["More than 20 months"].kind == "duration"
    assert by_text["More than 20 months"].value == "P20M"
    assert by_text["August 2021"].value == "2021-08"
    quote = next(f for f in brief.facts if f.kind == "quote" and f.speaker)
    assert quote.speaker == "Rep. Mike McCaul"
    assert quote.text.startswith("“I commend the efforts")
    assert quote.paragraph == "p10"


def test_no_warnings_on_the_canonical_brief(seed_bytes: bytes) -> None:
    brief = parse_seed(seed_bytes)
    assert [d for d in brief.diagnostics if d.level != "info"] == []
