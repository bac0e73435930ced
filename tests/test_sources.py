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


# -- only sources, with their full names ----------------------------------------------------
def sources_of(*paragraphs: str) -> list[tuple[str, str | None, str | None]]:
    """(name, type, role) of every cited source of a brief made of ``paragraphs``."""
    brief = reportkit.parse("Analysis\n\nA title\n\n" + "\n\n".join(paragraphs) + "\n")
    return [(s.name, s.type, s.role) for s in brief.sources if s.kind == "attribution"]


@pytest.mark.parametrize(
    "text",
    [
        "Washington said the talks had failed.",
        "Kazakhstan reported a fall in output.",
        "Ankara said it would not accept returns.",
        "The Taliban announced new checkpoints.",
        "JNIM claimed responsibility for the attack.",
        "The Kremlin said the measures were illegal.",
        "The Swiss argued for mediation, officials said.",
        "Kazakhstan's officials argue that demand grew.",
        "Kazakh officials argue that demand grew.",
        "The Secretary-General said the shortfall was grave.",
        "The government announced a new tariff.",
        "Москва заявила о готовности помочь.",
        "Талибы заявили о новых мерах.",
        "Министр здравоохранения Сирии заявил, что вакцинация начнётся.",
        "Дамаск сообщил о 40 случаях.",
    ],
)
def test_places_armed_groups_governments_and_bare_roles_are_not_sources(text: str) -> None:
    assert sources_of(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "According to the UN Office on Drugs and Crime (UNODC), seizures rose. "
            "UNODC estimates that prices doubled.",
            [("UN Office on Drugs and Crime", "organisation", None)],
        ),
        (
            "As analysts at the Institute for the Study of War note, fighters moved north.",
            [("Institute for the Study of War", "organisation", None)],
        ),
        (
            "As experts from the Hudson Institute (USA) indicate, the war goes on.",
            [("Hudson Institute", "organisation", None)],
        ),
        (
            "As experts from the Hudson Institute in Washington indicate, costs rose.",
            [("Hudson Institute", "organisation", None)],
        ),
        (
            "Energy Minister Azamat Serikbayev said on Tuesday that prices would rise.",
            [("Azamat Serikbayev", "person", "Energy Minister")],
        ),
        (
            "Its chairman, Ruslan Akhmetov, told reporters that plants are old.",
            [("Ruslan Akhmetov", "person", "chairman")],
        ),
        (
            "The IMF's latest country report warns that debt will rise.",
            [("IMF", "organisation", None)],
        ),
        (
            "The minister told the news agency 24.kg that licences were issued.",
            [("24.kg", "outlet", None)],
        ),
        ("Reuters reported that the talks failed.", [("Reuters", "outlet", None)]),
        (
            "Analysts at the Oxford Institute for Energy Studies argue that it is costly.",
            [("Oxford Institute for Energy Studies", "organisation", None)],
        ),
    ],
)
def test_english_sources_have_whole_names(text: str, expected) -> None:
    assert sources_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("По данным Всемирного банка, экспорт вырос.", [("Всемирный банк", "organisation", None)]),
        (
            "Как отмечают эксперты Института Ближнего Востока, поставки выросли.",
            [("Институт Ближнего Востока", "organisation", None)],
        ),
        (
            "По словам президента Туркменистана Сердара Бердымухамедова, стройка начнётся.",
            [("Сердар Бердымухамедов", "person", "президент Туркменистана")],
        ),
        (
            "Согласно докладу Управления ООН по наркотикам и преступности (УНП ООН), посевы "
            "выросли. УНП ООН отмечает рост запасов.",
            [("Управление ООН по наркотикам и преступности", "organisation", None)],
        ),
        (
            "По оценке Продовольственной и сельскохозяйственной организации ООН (ФАО), "
            "голодают миллионы.",
            [("Продовольственная и сельскохозяйственная организация ООН", "organisation", None)],
        ),
        (
            "Как сообщает агентство «Интерфакс», изъято 3 тонны.",
            [("Интерфакс", "outlet", None)],
        ),
        (
            "По словам председателя комиссии Виорела Гуцу, явка выросла.",
            [("Виорел Гуцу", "person", "председатель комиссии")],
        ),
        (
            "Детский фонд ООН (ЮНИСЕФ) сообщил о нехватке средств.",
            [("Детский фонд ООН", "organisation", None)],
        ),
        (
            "По словам министра водных ресурсов Ирака Аднана аль-Джубури, уровень упал.",
            [("Аднан аль-Джубури", "person", "министр водных ресурсов Ирака")],
        ),
    ],
)
def test_russian_sources_are_in_the_nominative(text: str, expected) -> None:
    assert sources_of(text) == expected


def test_an_acronym_and_its_name_are_one_source() -> None:
    brief = reportkit.parse(
        "Title\n\nThe International Energy Agency (IEA) warned of shortages.\n\n"
        "The IEA estimates that demand will fall.\n"
    )
    (source,) = brief.sources
    assert (source.name, source.acronym, source.cited_in) == (
        "International Energy Agency",
        "IEA",
        ["p1", "p2"],
    )


def test_a_person_named_again_by_surname_is_one_source() -> None:
    brief = reportkit.parse(
        "Title\n\nNino Kapanadze said the fleet is old.\n\nKapanadze said more later.\n"
    )
    assert [(s.name, s.cited_in) for s in brief.sources] == [("Nino Kapanadze", ["p1", "p2"])]


def test_speaker_of_a_quotation_is_a_source_with_a_role() -> None:
    brief = reportkit.parse(
        "Title\n\n“We are trying to run a modern corridor on an old fleet,” said Nino "
        "Kapanadze, the institute's director of research.\n"
    )
    (source,) = brief.sources
    assert (source.name, source.type, source.role) == (
        "Nino Kapanadze",
        "person",
        "institute's director of research",
    )


def test_listed_entries_keep_quoted_parts_of_their_names() -> None:
    assert split_entry("Центр «Арал-Монитор», «Кош-Тепа: ход строительства»") == (
        "Центр «Арал-Монитор»",
        "Кош-Тепа: ход строительства",
        None,
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (
            "Международный фонд спасения Арала, ежегодный бюллетень, 2024",
            ("Международный фонд спасения Арала", None, None, "ежегодный бюллетень, 2024"),
        ),
        (
            "Levant Policy Institute, “Returnee household survey”, 2025",
            ("Levant Policy Institute", "Returnee household survey", None, "2025"),
        ),
        (
            "ЕБРР, «пресс-релиз от 14 октября 2025 г.»",
            ("ЕБРР", "пресс-релиз от 14 октября 2025 г.", None, None),
        ),
    ],
)
def test_listed_entries_keep_what_they_say_of_the_work(entry: str, expected) -> None:
    assert split_entry(entry, described=True) == expected
