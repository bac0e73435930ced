"""Typewriter marks become typographic ones in what a report prints, never in URLs, and
one character for one (offsets into the text stay valid)."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES
from reportkit import api
from reportkit.brand import load_brand
from reportkit.writers.typography import typographic


@pytest.mark.parametrize(
    ("typed", "typeset"),
    [
        ("Kazakhstan's plan", "Kazakhstan’s plan"),
        ("the analysts' view.", "the analysts’ view."),
        ('He said "we cannot" and left', "He said “we cannot” and left"),
        ('"A quotation."', "“A quotation.”"),
        ('("in brackets")', "(“in brackets”)"),
        ("INTERNAL - staff only", "INTERNAL – staff only"),
        ("single-point and Baku–Tbilisi", "single-point and Baku–Tbilisi"),
        ('see https://x.example/it\'s a "site"', "see https://x.example/it's a “site”"),
        ("«Газпром» – 5%", "«Газпром» – 5%"),
        ("no marks at all", "no marks at all"),
    ],
)
def test_typewriter_marks_become_typographic(typed: str, typeset: str) -> None:
    assert typographic(typed) == typeset
    assert len(typographic(typed)) == len(typed)


def test_reports_print_typographic_apostrophes_and_the_model_keeps_the_brief() -> None:
    brief = api.parse_file(EXAMPLES / "en_notes_epigraph.txt")
    assert "Afghanistan's Qosh Tepa" in brief.paragraphs()[1].text  # the model as written
    html = api.render(brief, "html", load_brand("default")).data.decode("utf-8")
    assert "Afghanistan’s Qosh Tepa" in html and "Afghanistan&#39;s" not in html
    meridian = api.render(brief, "html", load_brand("meridian")).data.decode("utf-8")
    assert "INTERNAL – Meridian staff and partners" in meridian  # the brand's marking


def test_a_title_never_ends_on_a_short_word_alone() -> None:
    from reportkit.writers.typography import kept_together

    assert kept_together("Energy security ahead of the summer") == (
        "Energy security ahead of the\u00a0summer"
    )
    assert kept_together("Two words") == "Two words"  # nothing to keep apart from
    long_last = "Notes on the " + "x" * 13
    assert kept_together(long_last) == long_last  # a long pair is not pushed down whole
    assert kept_together("Water sharing on the Amu Darya after the Qosh Tepa canal") == (
        "Water sharing on the Amu\u00a0Darya after the Qosh\u00a0Tepa\u00a0canal"
    )
    assert kept_together(
        "Эксперты о сближении Центральной Азии со странами Персидского залива"
    ) == ("Эксперты о сближении Центральной\u00a0Азии со странами Персидского залива")
