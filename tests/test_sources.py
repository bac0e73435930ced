"""Stage 5: origin lines, sources lists, URLs, attributions and [n] markers."""

from __future__ import annotations

import pytest

import reportkit
from reportkit.reader.sources import attributions, name_key, split_entry


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "As experts from the Hudson Institute (USA) indicate, the war goes on.",
            ["Hudson Institute (USA)"],
        ),
        (
            "As hydrologists from the Almaty Institute of Water Resources indicate, it is dry.",
            ["Almaty Institute of Water Resources"],
        ),
        ("According to the Ministry of Finance, revenue fell.", ["Ministry of Finance"]),
        ("Last week Reuters reported that talks had failed.", ["Reuters"]),
        ("The figures were published by the World Bank in May.", ["World Bank"]),
        ("Officials said the talks would resume.", []),
        ("It said nothing.", []),
        (
            "Как отмечают эксперты Института Ближнего Востока, ситуация ухудшается.",
            ["Института Ближнего Востока"],
        ),
        ("По данным Росстата, цены выросли.", ["Росстата"]),
        ("Министр Иван Петров заявил, что переговоры продолжатся.", ["Министр Иван Петров"]),
        ("В понедельник министр Иван Петров заявил, что всё готово.", ["Иван Петров"]),
    ],
)
def test_attributions(text: str, names: list[str]) -> None:
    assert attributions(text) == names


def test_sentence_initial_common_word_is_not_a_name() -> None:
    assert attributions("Measures announced so far include subsidies.") == []
    assert attributions("NATO said it would respond.") == ["NATO"]


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "Hudson Institute, “Afghan opposition”, https://example.org/a.",
            ("Hudson Institute", "Afghan opposition", "https://example.org/a"),
        ),
        ("https://example.org/only", ("example.org", None, "https://example.org/only")),
        ("Reuters — www.example.com/story", ("Reuters", None, "https://www.example.com/story")),
    ],
)
def test_split_entry(entry: str, expected) -> None:
    assert split_entry(entry) == expected


def test_name_key_ignores_articles_case_and_country() -> None:
    assert name_key("The Hudson Institute (USA)") == name_key("hudson institute")


def test_sources_are_deduplicated_and_cited() -> None:
    brief = reportkit.parse(
        "Title\n\nAccording to Reuters, talks failed.\n\nReuters reported more later.\n\n"
        "See https://example.org/x and https://example.org/x/ again.\n\nSource: Reuters\n"
    )
    names = [(s.kind, s.name, s.cited_in) for s in brief.sources]
    assert names == [("origin", "Reuters", ["p1", "p2"]), ("url", "example.org", ["p3"])]
    assert [s.id for s in brief.sources] == ["s1", "s2"]


def test_unresolved_marker_is_reported_with_its_line() -> None:
    brief = reportkit.parse("Title\n\nClaim [4].\n\nSources:\n[1] Reuters\n")
    (note,) = [d for d in brief.diagnostics if d.code == "unresolved-reference"]
    assert note.line == 3 and "[4]" in note.message


def test_nothing_is_fetched_for_urls(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("the reader opened a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    brief = reportkit.parse("Title\n\nSee http://127.0.0.1:9/x and file:///etc/passwd.\n")
    assert any(s.url == "http://127.0.0.1:9/x" for s in brief.sources)


def test_refs_point_at_the_spans_that_cite_each_source() -> None:
    brief = reportkit.parse(
        "Title\n\nAs experts from the Hudson Institute indicate, costs rose [1]. "
        "See https://example.org/data.\n\nSources:\n[1] World Bank, https://wb.example/x\n"
    )
    (paragraph,) = brief.paragraphs()
    by_id = {s.id: s for s in brief.sources}
    spans = [(paragraph.text[r.start : r.end], by_id[r.source].kind) for r in paragraph.refs]
    assert spans == [
        ("Hudson Institute", "attribution"),
        ("[1]", "listed"),
        ("https://example.org/data", "url"),
    ]
