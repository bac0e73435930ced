"""Stage 4: figures, dates, durations and quotations with normalised values."""

from __future__ import annotations

import pytest

from reportkit.reader.facts import extract_facts, parse_date, parse_number


def facts(text: str, language: str = "en"):
    return extract_facts([("p1", text)], language)


def one(text: str, language: str = "en"):
    found = [f for f in facts(text, language) if f.kind != "quote"]
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind", "span", "value", "qualifier"),
    [
        ("More than 30 activists met.", "count", "More than 30", 30, "more than"),
        ("It holds about $7 billion now.", "money", "about $7 billion", "USD 7e9", "about"),
        ("A fund of $150 million was set up.", "money", "$150 million", "USD 1.5e8", None),
        ("Costs rose by €2.5bn this year.", "money", "€2.5bn", "EUR 2.5e9", None),
        (
            "Они потратили около 2 млрд долларов.",
            "money",
            "около 2 млрд долларов",
            "USD 2e9",
            "около",
        ),
        ("Inflation reached 12.5% in the spring.", "percent", "12.5%", 12.5, None),
        ("Рост составил 1,5 процента.", "percent", "1,5 процента", 1.5, None),
        ("Nearly two thirds of firms agreed.", "percent", "Nearly two thirds", 66.7, "nearly"),
        ("The Taliban took over in August 2021.", "date", "August 2021", "2021-08", None),
        ("It was signed on 15 March 2023 in Baku.", "date", "15 March 2023", "2023-03-15", None),
        ("It was signed on March 15, 2023 in Baku.", "date", "March 15, 2023", "2023-03-15", None),
        ("Соглашение подписано в августе 2021 года.", "date", "августе 2021 года", "2021-08", None),
        ("Elections were held in 2010.", "date", "2010", "2010", None),
        ("The alliance of the 1990s collapsed.", "date", "1990s", "199X", None),
        (
            "More than 20 months have passed.",
            "duration",
            "More than 20 months",
            "P20M",
            "more than",
        ),
        (
            "It is the first time in more than a decade.",
            "duration",
            "more than a decade",
            "P10Y",
            "more than",
        ),
        ("Talks lasted 36 hours.", "duration", "36 hours", "PT36H", None),
        ("At least 13 members are under sanctions.", "count", "At least 13", 13, "at least"),
        ("At least three countries agreed.", "count", "At least three", 3, "at least"),
        ("Не менее 10 компаний участвуют.", "count", "Не менее 10", 10, "не менее"),
        ("More than 1,200 megawatts were added.", "count", "More than 1,200", 1200, "more than"),
    ],
)
def test_figures(text, kind, span, value, qualifier) -> None:
    fact = one(text, "ru" if any("а" <= c <= "я" for c in text.lower()) else "en")
    assert (fact.kind, fact.text, fact.value, fact.qualifier) == (kind, span, value, qualifier)
    assert fact.sentence == text and fact.paragraph == "p1"


@pytest.mark.parametrize(
    "text",
    [
        "Resolution 2254 calls for talks.",
        "The year 2021 was hard.",
        "It happened one day.",
    ],
)
def test_identifiers_and_bare_years_are_not_counts(text: str) -> None:
    assert [f for f in facts(text) if f.kind == "count"] == []


def test_count_keeps_its_unit() -> None:
    assert one("Some 40 vessels were seized.").unit == "vessels"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Releasing a statement, the chair of the committee, Rep. Jane Doe, wrote: "
            "“I welcome the efforts of the opposition to unite.”",
            "Rep. Jane Doe",
        ),
        (
            "“We will not leave the region,” said Defence Minister John Smith.",
            "Defence Minister John Smith",
        ),
        ("Jane Roe, a senator from Ohio, said: “This plan will not work at all.”", "Jane Roe"),
        (
            "Выступая на форуме, министр Иван Петров заявил: «Мы не отступим от своих планов».",
            "министр Иван Петров",
        ),
        ("The participants agreed to “support all forms of peaceful resistance”.", None),
    ],
)
def test_quote_speakers(text: str, speaker: str | None) -> None:
    (quote,) = [f for f in facts(text) if f.kind == "quote"]
    assert quote.speaker == speaker


def test_short_quoted_terms_are_not_quotes() -> None:
    assert [
        f for f in facts("This began the “Vienna process” last year.") if f.kind == "quote"
    ] == []


def test_multi_sentence_quote_keeps_all_its_sentences() -> None:
    text = "He said: “We argued for years. Today we agreed.” Then he left."
    (quote,) = [f for f in facts(text) if f.kind == "quote"]
    assert quote.value == "We argued for years. Today we agreed."
    assert quote.sentence == "He said: “We argued for years. Today we agreed.”"


@pytest.mark.parametrize(
    ("raw", "comma", "value"),
    [
        ("1,500", False, 1500),
        ("1,5", True, 1.5),
        ("1,5", False, 1.5),
        ("7 000", False, 7000),
        ("1.234.567", False, 1234567),
        ("1.234,5", True, 1234.5),
        ("3.5", False, 3.5),
    ],
)
def test_parse_number(raw: str, comma: bool, value: float) -> None:
    assert parse_number(raw, comma) == value


def test_parse_number_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        parse_number("1,234.567.890")


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("14 May 2024", "2024-05-14"),
        ("May 14, 2024", "2024-05-14"),
        ("2024-05-14", "2024-05-14"),
        ("14.05.2024", "2024-05-14"),
        ("14 мая 2024 г.", "2024-05-14"),
        ("March 2022", "2022-03"),
    ],
)
def test_parse_date(text: str, iso: str) -> None:
    assert parse_date(text, whole=True) == iso


def test_impossible_dates_are_not_dates() -> None:
    assert parse_date("45.13.2024", whole=True) is None
