"""Optional YAML front matter overrides detected metadata."""

from __future__ import annotations

import reportkit


def test_front_matter_overrides_detection() -> None:
    brief = reportkit.parse(
        "---\ntitle: Set title\ndate: 2024-05-14\nauthor: Desk\nclassification: RESTRICTED\n"
        "brand: acme\nlanguage: ru\n---\nRubric\nDetected title\n\nBody.\n"
    )
    meta = brief.meta
    assert (meta.title, meta.date, meta.author, meta.classification, meta.brand, meta.language) == (
        "Set title",
        "2024-05-14",
        "Desk",
        "RESTRICTED",
        "acme",
        "ru",
    )
    assert meta.rubric == "Rubric"
    assert brief.paragraphs()[0].line == 12  # lines count from the top of the file
    assert not [d for d in brief.diagnostics if d.code == "no-title"]


def test_unknown_and_badly_typed_keys_are_reported() -> None:
    brief = reportkit.parse("---\ntitle: T\ncolour: red\nauthor: [a, b]\n---\nBody.\n")
    codes = {(d.code, d.line) for d in brief.diagnostics}
    assert ("front-matter-unknown-key", 3) in codes
    assert ("front-matter-type", 4) in codes
    assert brief.meta.author is None


def test_invalid_yaml_is_kept_as_text() -> None:
    brief = reportkit.parse("---\ntitle: [unclosed\n---\nBody text.\n")
    assert any(d.code == "front-matter-invalid" for d in brief.diagnostics)
    assert "unclosed" in " ".join(p.text for p in brief.paragraphs()) + (brief.meta.title or "")


def test_unparseable_date_is_kept_with_a_warning() -> None:
    brief = reportkit.parse("---\ndate: sometime soon\n---\nBody.\n")
    assert brief.meta.date == "sometime soon"
    assert any(d.code == "date-unparsed" for d in brief.diagnostics)
