"""Briefs as they arrive: by e-mail (forwarded, quoted in a reply), as text extracted from
a PDF, and with conclusions in the other forms writers use. Each test asserts the exact
structure an editor would write down, and that what was left out is in the diagnostics.
"""

from __future__ import annotations

import re

import pytest

import reportkit
from conftest import EXAMPLES
from reportkit.api import parse_file
from reportkit.model import Brief


def codes(brief: Brief) -> list[str]:
    return [d.code for d in brief.diagnostics]


def message(brief: Brief, code: str) -> str:
    return next(d.message for d in brief.diagnostics if d.code == code)


def body(brief: Brief) -> str:
    return "\n".join(p.text for p in brief.paragraphs())


def everything(brief: Brief) -> str:
    """Body, headings, conclusions and sources: where furniture must never appear."""
    parts = [body(brief), brief.meta.rubric or "", brief.meta.title or ""]
    parts += [s.heading or "" for s in brief.sections]
    parts += [c.text for c in brief.conclusions.items] + [brief.conclusions.lead or ""]
    parts += [s.name for s in brief.sources]
    return "\n".join(parts)


# -- e-mail ------------------------------------------------------------------------------------
def test_a_forwarded_brief_keeps_its_envelope_as_metadata_only() -> None:
    brief = parse_file(EXAMPLES / "en_email_forward.txt")
    email = brief.meta.email
    assert email is not None
    assert email.sender == "Digest Desk <digest@northsea-monitor.example>"
    assert email.date == "Tue, 12 Mar 2024 at 09:41"
    assert email.subject == "Norwegian analysts on offshore wind supply chains"  # no "Fwd:"
    # no date line in the brief: the day it was sent dates it
    assert (brief.meta.date, brief.meta.date_text) == ("2024-03-12", "Tue, 12 Mar 2024 at 09:41")
    assert "date-from-email" in codes(brief)
    assert brief.meta.rubric == "Energy and Industry"
    assert brief.meta.title == "Norwegian analysts on offshore wind supply chains"
    text = everything(brief)
    for furniture in ("FYI", "Forwarded", "From:", "Subject", "Marta", "+47", "CONFIDENTIALITY"):
        assert furniture not in text, furniture
    # the last conclusion ends where the brief does: no signature glued to it
    assert brief.conclusions.items[-1].text == (
        "Port capacity, not turbine supply, is likely to become the main bottleneck of the "
        "programme."
    )
    assert [s.name for s in brief.sources if s.kind == "origin"] == ["North Sea Energy Monitor"]
    for code in ("email-envelope", "forward-note-removed", "signature-removed"):
        assert code in codes(brief)
    assert "FYI, see the digest below." in message(brief, "forward-note-removed")
    assert "+47 55 00 00 00" in message(brief, "signature-removed")
    assert "intended only for the named recipient" in message(brief, "disclaimer-removed")


def test_the_subject_is_the_title_when_the_body_has_none() -> None:
    text = (
        "From: Desk <desk@example.org>\nSent: Monday, 4 March 2024 10:15\n"
        "To: Team\nSubject: RE: FW: Grain exports through Aktau\n\n"
        "Grain shipments through the port of Aktau rose by 14% in February, to 310,000 "
        "tonnes, as buyers in Iran and Azerbaijan increased their orders after a poor "
        "harvest in the south of the region.\n\n"
        "Source: Caspian Grain Monitor\n\nBest regards,\nDesk\n"
    )
    brief = reportkit.parse(text)
    assert brief.meta.title == "Grain exports through Aktau"
    assert "title-from-subject" in codes(brief) and "no-title" not in codes(brief)
    assert brief.meta.email is not None and brief.meta.email.sender == "Desk <desk@example.org>"
    assert [p.text[:20] for p in brief.paragraphs()] == ["Grain shipments thro"]
    assert "Best regards" not in everything(brief)


def test_a_brief_quoted_in_a_russian_reply_is_read_inside_the_quoting() -> None:
    brief = parse_file(EXAMPLES / "ru_email_reply.txt")
    assert brief.meta.rubric == "Ситуация, факты и события"
    assert brief.meta.title == "Грузинские эксперты о транзите через Черное море"
    assert brief.meta.email is not None
    assert brief.meta.email.sender == "Отдел мониторинга"
    assert brief.meta.email.subject == "Обзор: грузинские эксперты о транзите через Черное море"
    assert [c.label for c in brief.conclusions.items] == ["1", "2"]
    assert brief.conclusions.lead == "Это позволяет сделать следующие выводы:"
    assert ">" not in everything(brief)
    assert "Ирина" not in everything(brief) and "Ирина" in message(brief, "reply-removed")
    # the quoted paragraphs were wrapped: joined again, without the markers
    assert brief.paragraphs()[0].text.startswith("Как отмечают аналитики Тбилисского центра")
    assert "грузооборот портов Поти и Батуми" in brief.paragraphs()[0].text


def test_nested_quoting_is_removed_whole() -> None:
    text = "\n".join(
        [
            "Thanks, forwarding the item below.",
            "",
            ">> Analysis",
            ">>",
            ">> Port fees on the Volga–Caspian canal",
            ">>",
            ">> According to Rosmorrechflot, fees on the canal rose by 12% in 2024.",
            ">>",
            ">> Source: River Transport Weekly",
        ]
    )
    brief = reportkit.parse(text)
    assert (brief.meta.rubric, brief.meta.title) == (
        "Analysis",
        "Port fees on the Volga–Caspian canal",
    )
    assert body(brief) == "According to Rosmorrechflot, fees on the canal rose by 12% in 2024."


def test_text_that_merely_mentions_from_and_subject_is_not_an_envelope() -> None:
    text = (
        "Analysis\n\nTrade routes\n\nFrom: the ports of the south, traffic grew.\n\n"
        "The subject of the talks was the new tariff.\n\nSource: Reuters\n"
    )
    brief = reportkit.parse(text)
    assert brief.meta.email is None
    assert "From: the ports of the south, traffic grew." in body(brief)


# -- text extracted from a PDF -----------------------------------------------------------------
def test_pdf_furniture_is_removed_and_a_paragraph_cut_by_a_page_is_whole() -> None:
    brief = parse_file(EXAMPLES / "en_pdf_extracted.txt")
    assert brief.meta.rubric == "Analysis"  # not the running head
    assert brief.meta.title == "Kazakh economists on the Middle Corridor's rail bottlenecks"
    assert [s.heading for s in brief.sections] == [None]
    text = everything(brief)
    assert "CASPIAN LOGISTICS REVIEW" not in text and "for internal use" not in text
    assert "- 2 -" not in text and "\x0c" not in text
    second = brief.paragraphs()[1].text
    # cut by the page break and by a hyphen: one paragraph, one word again
    assert second.endswith("which are largely imported from China and Russia.")
    assert "Dostyk–Moyinty line" in second  # a joining dash is no line break
    assert [c.label for c in brief.conclusions.items] == ["1", "2", "3"]
    assert brief.conclusions.items[2].text.endswith("on the sea leg of the route.")
    removed = [d.message for d in brief.diagnostics if d.code == "running-head-removed"]
    assert len(removed) == 4  # the head once, and the foot of each of the three pages
    assert any("CASPIAN LOGISTICS REVIEW No. 41" in m and "(3x)" in m for m in removed)


@pytest.mark.parametrize("number", ["- 2 -", "Page 2 of 3", "— 2 —", "Стр. 2 из 3", "2"], ids=str)
def test_page_numbers_are_removed(number: str) -> None:
    pages = [
        "Analysis\n\nFerries on the Caspian\n\nTraffic across the sea grew in the spring, and",
        f"{number.replace('2', '1')}\n\x0cthe operators expect more sailings in the autumn.",
        f"{number}\n\x0cOfficials confirmed the plan.\n\nSource: Reuters",
        number.replace("2", "3"),
    ]
    brief = reportkit.parse("\n".join(pages))
    assert body(brief) == (
        "Traffic across the sea grew in the spring, and the operators expect more sailings "
        "in the autumn.\nOfficials confirmed the plan."
    )
    assert "page-numbers-removed" in codes(brief)


def test_without_pages_a_repeated_line_or_a_number_stays() -> None:
    text = (
        "Digest\n\nThree items\n\nThe port reopened.\n\nSource: Reuters\n\n"
        "The berth was repaired.\n\nSource: Reuters\n\n3\n\nThe fleet grew.\n\nSource: Reuters\n"
    )
    brief = reportkit.parse(text)
    assert "3" in body(brief).split("\n")
    assert not [c for c in codes(brief) if c.endswith("-removed")]


# -- conclusions in other forms ----------------------------------------------------------------
def test_prose_conclusions_are_numbered_by_their_ordinals() -> None:
    brief = parse_file(EXAMPLES / "en_conclusions_prose.txt")
    assert brief.conclusions.lead == "From the above, the following conclusions can be drawn."
    assert [c.label for c in brief.conclusions.items] == ["1", "2", "3"]
    assert [c.text.split(",")[0] for c in brief.conclusions.items] == ["First", "Second", "Finally"]
    assert brief.conclusions.numbering == "decimal"


def test_russian_prose_conclusions() -> None:
    text = (
        "Аналитика\n\nЭксперты о портах Каспия\n\nГрузооборот портов вырос на 12%.\n\n"
        "Из изложенного можно сделать следующие выводы.\n\n"
        "Во-первых, порты работают на пределе мощности.\n\n"
        "Во-вторых, без новых паромов рост остановится.\n\n"
        "Наконец, тарифы будут расти.\n\nИсточник: Интерфакс\n"
    )
    brief = reportkit.parse(text)
    assert [c.label for c in brief.conclusions.items] == ["1", "2", "3"]
    assert brief.conclusions.items[1].text == "Во-вторых, без новых паромов рост остановится."
    assert body(brief) == "Грузооборот портов вырос на 12%."


BODY = "Analysis\n\nFerry traffic\n\nTraffic on the route grew by 12% last year.\n\n"


@pytest.mark.parametrize(
    "cue",
    [
        "Several conclusions can be drawn.",
        "From the above, the following conclusions can be drawn.",
        "The following conclusions follow:",
        "This leaves us with three conclusions:",
        "Это позволяет сделать следующие выводы:",
        "Итак,",
        "Conclusions:",
        "Выводы:",
    ],
)
@pytest.mark.parametrize(
    "markers",
    [
        ("1.", "2.", "3."),
        ("1)", "2)", "3)"),
        ("(1)", "(2)", "(3)"),
        ("1 -", "2 -", "3 -"),
        ("1 –", "2 –", "3 –"),
        ("(a)", "(b)", "(c)"),
        ("-", "-", "-"),
        ("•", "•", "•"),
    ],
    ids=["dot", "paren", "parens", "hyphen", "dash", "letters", "dashes", "bullets"],
)
def test_cues_and_numbering_forms(cue: str, markers: tuple[str, str, str]) -> None:
    points = ["Capacity decides growth.", "Equipment is the main risk.", "Tariffs will rise."]
    items = "\n\n".join(f"{m} {p}" for m, p in zip(markers, points, strict=True))
    brief = reportkit.parse(f"{BODY}{cue}\n\n{items}\n\nSource: Reuters\n")
    assert brief.conclusions.lead == cue
    assert [c.text for c in brief.conclusions.items] == points
    assert body(brief) == "Traffic on the route grew by 12% last year."


def test_two_digit_labels_continue() -> None:
    items = "\n".join(f"{n}. Point number {n}." for n in range(1, 13))
    brief = reportkit.parse(f"{BODY}Conclusions:\n\n{items}\n\nSource: Reuters\n")
    assert [c.label for c in brief.conclusions.items] == [str(n) for n in range(1, 13)]


def test_a_numbered_list_without_a_cue_stays_in_the_body() -> None:
    text = f"{BODY}The plan has three parts:\n\n1 - New berths.\n\n2 - New ferries.\n\nSource: X\n"
    brief = reportkit.parse(text)
    assert brief.conclusions.items == []
    assert [p.label for p in brief.paragraphs() if p.kind == "list_item"] == ["1", "2"]


def test_a_line_starting_with_a_number_range_is_no_list_item() -> None:
    text = f"{BODY}Officials said delays of\n10 – 15 days were expected.\n\nSource: Reuters\n"
    brief = reportkit.parse(text)
    assert "10 – 15 days were expected." in body(brief)
    assert not [p for p in brief.paragraphs() if p.kind == "list_item"]


# -- money in other currencies -----------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value",
    [
        ("Investment reached NOK 4.2 billion.", "NOK 4.2e9"),
        ("The fund holds 4.2 billion NOK.", "NOK 4.2e9"),
        ("Aramco paid SAR 12bn in dividends.", "SAR 1.2e10"),
        ("The deal is worth AED 3 billion.", "AED 3e9"),
        ("A contract of QAR 1.5 billion was signed.", "QAR 1.5e9"),
        ("The budget is ₸500 million.", "KZT 5e8"),
        ("Fares rose to ₺32.", "TRY 32"),
        ("Exports reached $1.2bn.", "USD 1.2e9"),
        ("The grant is €300m.", "EUR 3e8"),
        ("Oil sold for 2 million rials.", "IRR 2e6"),
    ],
)
def test_money_in_currency_codes_and_signs(text: str, value: str) -> None:
    facts = reportkit.parse(text + "\n").facts
    assert [(f.kind, f.value) for f in facts] == [("money", value)]


@pytest.mark.parametrize("text", ["All 30 members agreed.", "TOP 10 exporters were named."])
def test_capitalised_words_are_no_currency(text: str) -> None:
    assert [f.kind for f in reportkit.parse(text + "\n").facts] == ["count"]


# -- figures and names in other shapes ---------------------------------------------------------
@pytest.mark.parametrize(
    "text, kind, value",
    [
        ("Enflasyon %12 oldu.", "percent", 12),
        ("Inflation reached 12 per cent.", "percent", 12),
        ("Инфляция составила 12 процентов.", "percent", 12),
        ("The talks open on the 5th of May 2024.", "date", "2024-05-05"),
        ("The talks open on May 5th, 2024.", "date", "2024-05-05"),
        ("The forum runs 12–14 May 2024.", "date", "2024-05-12/2024-05-14"),
        ("Форум пройдет 12–14 мая 2024 года.", "date", "2024-05-12/2024-05-14"),
        ("The plant adds 1,200 МВт.", "count", 1200),
        ("Exports reached 45 bcm.", "count", 45),
        ("The terminal handles 16.5 mtpa.", "count", 16.5),
    ],
)
def test_figures_in_other_forms(text: str, kind: str, value: object) -> None:
    facts = reportkit.parse(f"Analysis\n\nA title\n\n{text}\n").facts
    assert [(f.kind, f.value) for f in facts] == [(kind, value)]


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("По данным «Ведомостей», сделка закрыта.", "Ведомости"),
        ("По информации «Российской газеты», план утвержден.", "Российская газета"),
        ("Со ссылкой на «Интерфакс» агентство сообщило о росте на 3%.", "Интерфакс"),
        ("Как сообщает агентство «Вести Приаралья», посевы сократились.", "Вести Приаралья"),
    ],
)
def test_a_publication_in_guillemets_is_a_source_in_the_nominative(
    sentence: str, name: str
) -> None:
    brief = reportkit.parse(f"Аналитика\n\nЗаголовок\n\n{sentence}\n\nИсточник: ТАСС\n")
    cited = [(s.name, s.type) for s in brief.sources if s.kind == "attribution"]
    assert cited == [(name, "outlet")]


# -- header lines ------------------------------------------------------------------------------
def test_a_summary_paragraph_is_the_summary_not_the_lead() -> None:
    brief = parse_file(EXAMPLES / "en_conclusions_prose.txt")
    assert brief.meta.summary is not None
    assert brief.meta.summary.startswith("A weaker lira has raised the cost of imported machinery")
    assert "Summary" not in body(brief)
    lead = next(p for p in brief.paragraphs() if p.lead)
    assert lead.text.startswith("As analysts from the Istanbul Centre for Economic Policy")
    assert brief.meta.author == "Selin Aydın, senior economist"
    assert brief.meta.date == "2024-04-03"


def test_a_russian_summary() -> None:
    text = "Аналитика\n\nПорты Каспия\n\nРезюме: грузооборот растет.\n\nТекст брифа.\n"
    brief = reportkit.parse(text)
    assert brief.meta.summary == "грузооборот растет."
    assert body(brief) == "Текст брифа."


def test_the_summary_is_shown_first_in_every_format() -> None:
    from reportkit import api
    from reportkit.brand import load_brand

    brief = parse_file(EXAMPLES / "en_conclusions_prose.txt")
    brand = load_brand("default")
    html = api.render(brief, "html", brand).data.decode("utf-8")
    summary_at = html.index('class="summary"')
    assert summary_at < html.index('class="lead"')
    import io

    import docx

    document = docx.Document(io.BytesIO(api.render(brief, "docx", brand).data))
    # (a body paragraph may lead with its margin number, "1\t")
    texts = [re.sub(r"^\d+\t", "", p.text) for p in document.paragraphs if p.text.strip()]
    first_body = next(i for i, t in enumerate(texts) if t.startswith("As analysts from"))
    from reportkit.writers.typography import typographic

    assert texts.index(typographic(brief.meta.summary)) < first_body


NOTES = """Analysis

Water sharing on the Amu Darya

“Whoever controls the canal controls the valley.”
— a farmer in Karakalpakstan

The Qosh Tepa canal could divert up to 6 cubic kilometres of water a year¹, about a fifth
of the river's flow in a dry year². The basin covers 534,700 km² in five countries.

Notes

1. Central Asian Water Council, annual report 2024.
2. World Bank, Amu Darya basin study, 2023.
"""


def test_an_epigraph_keeps_its_attribution_and_is_not_the_lead() -> None:
    brief = reportkit.parse(NOTES)
    first, second = brief.paragraphs()
    assert first.kind == "quote"
    # the attribution stays the quotation's own last line, so reports set it apart
    assert first.text == (
        "“Whoever controls the canal controls the valley.”\n— a farmer in Karakalpakstan"
    )
    assert second.lead and not first.lead
    assert not [p for p in brief.paragraphs() if p.kind == "list_item"]


def test_an_epigraph_attribution_is_its_own_right_aligned_line_in_every_format(
    tmp_path,
) -> None:
    import io
    import re
    import subprocess

    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    from reportkit import api
    from reportkit.brand import load_brand

    brief = reportkit.parse(NOTES)
    brand = load_brand("default")
    html = api.render(brief, "html", brand).data.decode("utf-8")
    quote = re.search(r"<blockquote[^>]*>(.*?)</blockquote>", html, re.S)
    assert quote is not None
    assert quote.group(1) == (
        "<p>“Whoever controls the canal controls the valley.”</p>"
        '<footer class="attribution">— a farmer in Karakalpakstan</footer>'
    )
    document = docx.Document(io.BytesIO(api.render(brief, "docx", brand).data))
    texts = [re.sub(r"^\d+\t", "", p.text) for p in document.paragraphs]  # margin numbers
    said = texts.index("“Whoever controls the canal controls the valley.”")
    who = document.paragraphs[said + 1]
    assert who.text == "— a farmer in Karakalpakstan"
    assert who.alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert not any(r.italic for r in who.runs)  # the words quoted are italic, not who
    pdf = tmp_path / "epigraph.pdf"
    pdf.write_bytes(api.render(brief, "pdf", brand).data)
    lines = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    said_at = next(n for n, line in enumerate(lines) if "Whoever controls" in line)
    assert "farmer" not in lines[said_at]
    who_line = next(line for line in lines[said_at:] if "a farmer in" in line)
    assert who_line.index("—") > lines[said_at].index("Whoever")  # set to the right


def test_a_quotation_without_a_dash_line_has_no_attribution() -> None:
    from reportkit import api
    from reportkit.brand import load_brand
    from reportkit.writers.context import build_report

    text = "Analysis\n\nA title\n\n“Nothing is settled yet.”\n\nBody 5%.\n"
    brief = reportkit.parse(text)
    brand = load_brand("default")
    report = build_report(brief, brand, api.report_labels(brief, brand))
    quotes = [b for s in report.sections for b in s.blocks if b.kind == "quote"]
    assert [(b.attribution, "".join(s.text for s in b.segments)) for b in quotes] == [
        ([], "“Nothing is settled yet.”")
    ]


def test_superscript_note_markers_cite_their_notes_and_exponents_do_not() -> None:
    brief = reportkit.parse(NOTES)
    notes = [(s.marker, s.name, s.cited_in) for s in brief.sources if s.kind == "listed"]
    assert notes == [
        ("1", "Central Asian Water Council", ["p2"]),
        ("2", "World Bank", ["p2"]),
    ]
    paragraph = brief.paragraphs()[1]
    marked = [paragraph.text[r.start : r.end] for r in paragraph.refs]
    assert marked == ["¹", "²"]  # not the ² of km²


# -- Markdown-ish briefs -----------------------------------------------------------------------
def test_markdown_emphasis_and_links_are_markup_in_the_model_never_asterisks() -> None:
    brief = parse_file(EXAMPLES / "en_markdown.txt")
    assert (brief.meta.rubric, brief.meta.title) == (
        "Energy and Industry",
        "Gas flows through the Trans-Adriatic Pipeline",
    )
    blob = brief.to_json()
    assert "**" not in blob and "__" not in blob and "](" not in blob
    lead = brief.paragraphs()[0]
    marked = [(lead.text[i.start : i.end], i.kind, i.href) for i in lead.inline]
    assert marked == [
        ("Rome, 6 May 2024.", "emphasis", None),
        ("operator's annual report", "link", "https://tap-ag.example/annual-2023"),
        ("11.6 bcm", "strong", None),
        ("Adriatic Energy Observatory", "strong", None),
        ("new", "emphasis", None),
    ]
    second = brief.conclusions.items[1]
    assert [(second.text[i.start : i.end], i.kind) for i in second.inline] == [
        ("binding", "emphasis")
    ]
    # the link is a web source cited where the brief linked it; the origin keeps its URL
    web = next(s for s in brief.sources if s.kind == "url")
    assert (web.url, web.cited_in) == ("https://tap-ag.example/annual-2023", ["p1"])
    # "the operator's annual report" is a work on that site, not a name: the host names it
    assert (web.name, web.title) == ("tap-ag.example", "operator's annual report")
    origin = next(s for s in brief.sources if s.kind == "origin")
    assert (origin.name, origin.url) == ("Caspian Energy Digest", "https://ced.example/tap")


def test_a_pipe_table_is_a_table_and_its_figures_are_facts() -> None:
    brief = parse_file(EXAMPLES / "en_markdown.txt")
    table = brief.paragraphs()[1]
    assert table.kind == "table" and table.table is not None
    assert table.table.header == ["Country", "Deliveries, bcm", "Share"]
    assert table.table.rows == [
        ["Italy", "9.9", "85%"],
        ["Greece", "1.1", "9%"],
        ["Bulgaria", "0.6", "5%"],
    ]
    assert table.table.align == [None, "right", "right"]
    facts = [f for f in brief.facts if f.paragraph == table.id]
    assert next((f.text, f.sentence) for f in facts) == (
        "85%",
        "Italy: Deliveries, bcm 9.9; Share 85%.",
    )
    assert not set(brief.key_facts) & {f.id for f in facts}  # shown whole, not in the box
    assert type(brief).from_dict(brief.to_dict()) == brief


@pytest.mark.parametrize(
    ("link", "name", "title"),
    [
        ("[Caspian Energy Digest](https://ced.example/a)", "Caspian Energy Digest", None),
        (
            "[Ministry of Energy of Kazakhstan](https://gov.example/e)",
            "Ministry of Energy of Kazakhstan",
            None,
        ),
        ("[Коммерсантъ](https://kommersant.example/a)", "Коммерсантъ", None),
        ("[a study by the bank](https://bank.example/s)", "bank.example", "a study by the bank"),
        ("[https://x.example/a](https://x.example/a)", "x.example", None),
    ],
)
def test_a_link_is_named_by_its_text_when_the_text_is_a_name(
    link: str, name: str, title: str | None
) -> None:
    text = f"Analysis\n\nA title\n\nExports grew by 12%, according to {link}.\n"
    brief = reportkit.parse(text)
    web = next(s for s in brief.sources if s.kind == "url")
    assert (web.name, web.title) == (name, title)


def test_a_russian_reply_is_dated_by_its_envelope_and_a_date_line_wins() -> None:
    brief = parse_file(EXAMPLES / "ru_email_reply.txt")
    assert brief.meta.date == "2024-03-14"
    dated = (
        "From: Desk <desk@example.org>\nDate: Mon, 4 Mar 2024 10:15:00 +0000\n"
        "Subject: Grain\n\nAnalysis\n\nGrain exports through Aktau\n\n"
        "Date: 1 March 2024\n\nShipments rose by 14% in February.\n"
    )
    assert reportkit.parse(dated).meta.date == "2024-03-01"


def test_markup_that_is_no_markup_stays() -> None:
    text = "Analysis\n\nA title\n\nThe ratio is 5 * 3 and the file_name_here stays; ** alone too.\n"
    brief = reportkit.parse(text)
    assert body(brief) == "The ratio is 5 * 3 and the file_name_here stays; ** alone too."
    assert brief.paragraphs()[0].inline == []


def test_markdown_renders_as_bold_italic_links_and_tables_in_every_format(tmp_path) -> None:
    import io
    import subprocess

    import docx

    from reportkit import api
    from reportkit.brand import load_brand

    brief = parse_file(EXAMPLES / "en_markdown.txt")
    brand = load_brand("default")
    html = api.render(brief, "html", brand).data.decode("utf-8")
    assert "<strong>11.6 bcm</strong>" in html and "<em>new</em>" in html
    assert '<a class="external" href="https://tap-ag.example/annual-2023">' in html
    assert '<th scope="col" class="align-right">Deliveries, bcm</th>' in html
    assert '<td class="align-right">85%</td>' in html
    assert "**" not in html
    document = docx.Document(io.BytesIO(api.render(brief, "docx", brand).data))
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.text == "11.6 bcm" and r.bold for r in runs)
    assert any(r.text == "new" and r.italic for r in runs)
    tables = [t for t in document.tables if t.rows[0].cells[0].text == "Country"]
    assert len(tables) == 1
    assert [c.text for c in tables[0].rows[1].cells] == ["Italy", "9.9", "85%"]
    pdf = tmp_path / "md.pdf"
    pdf.write_bytes(api.render(brief, "pdf", brand).data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "**" not in text and "Deliveries, bcm" in text and "Bulgaria" in text


def test_line_end_hyphens_of_compounds_are_kept_and_breaks_mended() -> None:
    text = (
        "Analysis\n\nA title\n\nThe plan removes the single-\npoint of failure in the north-\n"
        "western grid; the interna-\ntional partners back the северо-\nзападный маршрут, "
        "the Baku–\nTbilisi line and the ener-\ngy plan.\n"
    )
    assert body(reportkit.parse(text)) == (
        "The plan removes the single-point of failure in the north-western grid; the "
        "international partners back the северо-западный маршрут, the Baku–Tbilisi line "
        "and the energy plan."
    )


def test_the_notes_example_links_every_marker_to_its_note() -> None:
    brief = parse_file(EXAMPLES / "en_notes_epigraph.txt")
    assert brief.paragraphs()[0].kind == "quote" and brief.paragraphs()[1].lead
    notes = {s.marker: s.cited_in for s in brief.sources if s.kind == "listed"}
    assert notes == {"1": ["p2"], "2": ["p2"], "3": ["p2"]}
    marked = [brief.paragraphs()[1].text[r.start : r.end] for r in brief.paragraphs()[1].refs]
    assert marked == ["¹", "²", "³"]
