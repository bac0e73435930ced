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
        ("More than 30 activists met.", "count", "More than 30 activists", 30, "more than"),
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
        (
            "At least 13 members are under sanctions.",
            "count",
            "At least 13 members",
            13,
            "at least",
        ),
        ("At least three countries agreed.", "count", "At least three countries", 3, "at least"),
        ("Не менее 10 компаний участвуют.", "count", "Не менее 10 компаний", 10, "не менее"),
        (
            "More than 1,200 megawatts were added.",
            "count",
            "More than 1,200 megawatts",
            1200,
            "more than",
        ),
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


# -- one fact per figure expression (issue "Key facts and sources an editor would sign") --
def figures(text: str) -> list[tuple[str, str, object, object]]:
    lang = "ru" if any("а" <= c <= "я" for c in text.lower()) else "en"
    return [(f.kind, f.text, f.value, f.upper) for f in facts(text, lang) if f.kind != "quote"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Waiting times grew to 3–5 days.", ("duration", "3–5 days", "P3D", "P5D")),
        ("Talks took 10-14 days.", ("duration", "10-14 days", "P10D", "P14D")),
        ("Yields fell by 10–15% this year.", ("percent", "10–15%", 10, 15)),
        ("Tariffs fell by 5 — 7 percent.", ("percent", "5 — 7 percent", 5, 7)),
        ("It costs $85–95 a tonne.", ("money", "$85–95", "USD 85", "USD 95")),
        ("The pipeline costs $2–3 billion.", ("money", "$2–3 billion", "USD 2e9", "USD 3e9")),
        ("Losses of €1.4–1.7 billion.", ("money", "€1.4–1.7 billion", "EUR 1.4e9", "EUR 1.7e9")),
        ("States spend between 1.5 and 2% on defence.", ("percent", "between 1.5 and 2%", 1.5, 2)),
        (
            "Around 10–12 million tonnes moved.",
            ("count", "Around 10–12 million tonnes", 1e7, 1.2e7),
        ),
        ("Заняты 5–7 тыс. человек.", ("count", "5–7 тыс. человек", 5000, 7000)),
        ("Отгружено 189–200 тыс. тонн.", ("count", "189–200 тыс. тонн", 189000, 200000)),
        (
            "Выручка 189–200 млн долларов.",
            ("money", "189–200 млн долларов", "USD 1.89e8", "USD 2e8"),
        ),
        ("Забор воды от 6 до 10 куб. км в год.", ("count", "от 6 до 10 куб", 6, 10)),
    ],
)
def test_a_range_is_one_fact_with_both_ends(text: str, expected) -> None:
    assert figures(text) == [expected]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Exports hit a record in the 2023/24 marketing year.", "2023/24", "2023/2024"),
        ("The FY2024/25 budget cycle starts in July.", "FY2024/25", "2024/2025"),
        ("The FY 2024/2025 budget was cut.", "FY 2024/2025", "2024/2025"),
        ("Loans rose in FY2025 alone.", "FY2025", "2025"),
        ("в отопительный сезон 2023/24 дефицит вырос", "2023/24", "2023/2024"),
        ("запасы, накопленные в 2021–2022 годах, велики", "2021–2022 годах", "2021/2022"),
        ("It grew in 2019–2021 steadily.", "2019–2021", "2019/2021"),
    ],
)
def test_split_fiscal_and_spanned_years_are_one_period(text: str, span: str, value: str) -> None:
    assert figures(text) == [("date", span, value, None)]


def test_a_split_year_must_be_two_years_in_a_row() -> None:
    assert figures("Document 2023/27 was filed.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The dashboard at https://dtm.example.org/georgia?year=2024&month=09&id=4471 is live.",
        "See www.example.org/reports/2023/17 for details.",
        "Write to press.2024@iom.example.org for the data.",
        "The report A/79/341 describes the route.",
        "The letter S/2024/664 asked for funds.",
        "The resolution A/RES/77/1 was adopted.",
        "The document E/CN.6/2024/3 lists them.",
        "Call +995 32 225 0101 for details.",
        "Call +7 (727) 123-45-67 today.",
        "This was reported before.[12] Then nothing.",
        "This was reported before.² Then nothing.",
        "Security Council resolution 2254 calls for talks.",
        "Article 5 was invoked.",
    ],
)
def test_digits_that_are_never_figures(text: str) -> None:
    assert figures(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("A third of them were children.", [("percent", "A third", 33.3, None)]),
        ("Half of the elevators are old.", [("percent", "Half", 50, None)]),
        ("It costs about half as much.", [("percent", "about half", 50, None)]),
        ("Output fell by a third.", [("percent", "a third", 33.3, None)]),
        ("A third phase of the programme starts.", []),
        ("In the first half of the year, trade grew.", []),
        ("Во второй половине года спрос вырос.", []),
        ("Производство сократилось на треть.", [("percent", "треть", 33.3, None)]),
    ],
)
def test_a_fraction_is_a_quantity_only_when_it_quantifies(text: str, expected) -> None:
    assert figures(text) == expected


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Экспорт вырос в ноябре 2023 года.", "ноябре 2023 года", "2023-11"),
        ("Сделка закрыта в августе 2021 г.", "августе 2021 г.", "2021-08"),
        ("Ноябрь 2023 года был тёплым.", "Ноябрь 2023 года", "2023-11"),
        ("Работы завершатся к маю 2025 года.", "маю 2025 года", "2025-05"),
        ("Переговоры шли с мартом 2024 года связаны.", "мартом 2024 года", "2024-03"),
        ("Подписано 14 мая 2024 года в Баку.", "14 мая 2024 года", "2024-05-14"),
        ("Ещё к январю 2022 года всё было готово.", "январю 2022 года", "2022-01"),
        ("Выполнен протоколом 1987 года обмен.", "1987 года", "1987"),
    ],
)
def test_russian_dates_in_every_case_are_iso(text: str, span: str, value: str) -> None:
    assert figures(text) == [("date", span, value, None)]


@pytest.mark.parametrize(
    ("text", "expected", "qualifier"),
    [
        (
            "Страна получила более 2,5 млрд долларов.",
            ("money", "более 2,5 млрд долларов", "USD 2.5e9", None),
            "более",
        ),
        (
            "Программа стоимостью 2,1 трлн тенге.",
            ("money", "2,1 трлн тенге", "KZT 2.1e12", None),
            None,
        ),
        (
            "Заняты около 189 тыс. человек.",
            ("count", "около 189 тыс. человек", 189000, None),
            "около",
        ),
        (
            "Свыше 40 процентов оборудования изношено.",
            ("percent", "Свыше 40 процентов", 40, None),
            "свыше",
        ),
        ("Debt exceeded USD 4.6 bn in March.", ("money", "USD 4.6 bn", "USD 4.6e9", None), None),
        (
            "It fell by more than 10–15% again.",
            ("percent", "more than 10–15%", 10, 15),
            "more than",
        ),
    ],
)
def test_scaled_and_inflected_figures_are_numbers_with_their_qualifier(
    text: str, expected, qualifier: str | None
) -> None:
    assert figures(text) == [expected]
    language = "ru" if any("а" <= c <= "я" for c in text.lower()) else "en"
    (fact,) = [f for f in facts(text, language) if f.kind != "quote"]
    assert fact.qualifier == qualifier


@pytest.mark.parametrize(
    ("text", "span", "unit"),
    [
        ("More than 40 new rail and ferry services were announced.",
         "More than 40 new rail and ferry services", "services"),
        ("More than 20 partner countries have joined.", "More than 20 partner countries",
         "countries"),
        ("About 1.1 million internally displaced people returned.",
         "About 1.1 million internally displaced people", "people"),
        ("It has 1,200 megawatts of capacity.", "1,200 megawatts", "megawatts"),
        ("It counted 97 in the whole region.", "97", None),
        ("At least 12 of the planned projects.", "At least 12", None),
        ("Прибыли более 25 официальных делегаций.", "более 25 официальных делегаций",
         "делегаций"),
        ("Это в 20 раз меньше.", "20 раз", "раз"),
    ],
)  # fmt: skip
def test_a_count_spans_what_it_counts(text: str, span: str, unit: str | None) -> None:
    language = "ru" if any("а" <= c <= "я" for c in text.lower()) else "en"
    (fact,) = [f for f in facts(text, language) if f.kind == "count"]
    assert (fact.text, fact.unit) == (span, unit)


def test_figures_in_quotations_are_marked() -> None:
    found = facts("He said: “We replaced 1,200 kilometres of lines last year.” Prices rose 4%.")
    by_text = {f.text: f for f in found if f.kind != "quote"}
    assert by_text["1,200 kilometres"].quoted and not by_text["4%"].quoted


def test_facts_have_stable_ids_in_reading_order() -> None:
    found = facts("Prices rose 4% and 12 firms left; “we will not leave the region at all”.")
    assert [f.id for f in found] == [f"f{n}" for n in range(1, len(found) + 1)]
