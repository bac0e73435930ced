"""Decoding, end to end: raw bytes (or text) in, the original words out.

Every test goes through the public ``reportkit.parse`` and checks the decoded paragraphs
against the text the test itself encoded, so the expectations follow from the input.
"""

from __future__ import annotations

import codecs
import random
import re

import pytest

import reportkit
from reportkit.errors import InputError
from reportkit.model import Brief

# -- sample briefs ------------------------------------------------------------------------

EN_TITLE = "Northern ports expand their ferry capacity"
EN_PARAS = [
    "Harbour authorities in three northern ports approved new ferry berths this spring. "
    "Officials expect traffic to double within five years.",
    "Independent engineers consider the schedule optimistic. Funding remains uncertain.",
]
EN = (
    "Energy Review\n\n"
    f"{EN_TITLE}\n\n"
    f"{EN_PARAS[0]}\n\n"
    f"{EN_PARAS[1]}\n\n"
    "Source: Baltic Transport Monitor\n"
)

RU_TITLE = "Северные порты расширяют паромное сообщение"
RU_PARAS = [
    "Портовые власти трёх северных городов этой весной утвердили строительство новых "
    "паромных причалов. Чиновники ожидают, что пассажиропоток удвоится в течение пяти лет, "
    "а грузовые перевозки вырастут ещё быстрее.",
    "Независимые инженеры считают этот график слишком оптимистичным. Финансирование проекта "
    "по-прежнему остаётся неясным, поскольку региональные бюджеты сокращаются, а частные "
    "инвесторы проявляют осторожность.",
    "Кроме того, местные жители опасаются, что расширение портов ухудшит экологическую "
    "обстановку на побережье. Экологические организации уже потребовали провести "
    "независимую экспертизу.",
]
RU = (
    "Ситуация, факты и события\n\n"
    f"{RU_TITLE}\n\n"
    + "".join(f"{p}\n\n" for p in RU_PARAS)
    + "Источник: Балтийский транспортный обзор\n"
)

#: Western European sentences whose accented words only survive if the right single-byte
#: code page is used (Latin-1 and cp1252 agree on all of these letters).
LATIN_ASCII_PARA = EN_PARAS[0]
LATIN_CASES = {
    "cafe-zurich-naive": (
        "The café owners in Zürich called the plan naïve. Funding remains uncertain.",
        ["café", "Zürich", "naïve"],
    ),
    "cafe-zurich": ("A café in Zürich closed. Funding remains uncertain.", ["café", "Zürich"]),
    "geneve": ("The Genève office objected. Funding remains uncertain.", ["Genève"]),
    "sao-paulo": ("Critics in São Paulo objected. Funding remains uncertain.", ["São"]),
}


def latin_brief(para: str) -> str:
    return (
        f"Energy Review\n\n{EN_TITLE}\n\n{LATIN_ASCII_PARA}\n\n{para}\n\n"
        "Source: Baltic Transport Monitor\n"
    )


def test_samples_are_what_the_tests_assume():
    assert len(RU) >= 600
    for para, accented in LATIN_CASES.values():
        assert all(w in para for w in accented)
        latin_brief(para).encode("latin-1")  # representable in Latin-1
    RU.encode("cp1251")
    RU.encode("koi8-r")


# -- helpers --------------------------------------------------------------------------------


def texts(brief: Brief) -> list[str]:
    return [p.text for p in brief.paragraphs()]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def codes(brief: Brief) -> list[str]:
    return [d.code for d in brief.diagnostics]


def diagnostic(brief: Brief, code: str):
    found = [d for d in brief.diagnostics if d.code == code]
    assert found, f"no {code!r} diagnostic in {codes(brief)}"
    return found[0]


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in ``text`` (LF newlines)."""
    return text[: text.index(needle)].count("\n") + 1


def assert_english(brief: Brief) -> None:
    assert brief.meta.title == EN_TITLE
    for para in EN_PARAS:
        assert para in texts(brief)


def assert_russian(brief: Brief) -> None:
    assert brief.meta.title == RU_TITLE
    assert brief.meta.language == "ru"
    for para in RU_PARAS:
        assert para in texts(brief)


# -- Unicode encodings -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(EN.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + EN.encode("utf-8"), "utf-8", id="utf-8-bom"),
        pytest.param(codecs.BOM_UTF16_LE + EN.encode("utf-16-le"), "utf-16-le", id="utf-16-le-bom"),
        pytest.param(codecs.BOM_UTF16_BE + EN.encode("utf-16-be"), "utf-16-be", id="utf-16-be-bom"),
        pytest.param(codecs.BOM_UTF32_LE + EN.encode("utf-32-le"), "utf-32-le", id="utf-32-le-bom"),
        pytest.param(codecs.BOM_UTF32_BE + EN.encode("utf-32-be"), "utf-32-be", id="utf-32-be-bom"),
    ],
)
def test_unicode_with_or_without_bom_decodes_exactly(data, encoding):
    brief = reportkit.parse(data)
    assert brief.meta.encoding == encoding
    assert_english(brief)
    # A byte-order mark (or plain UTF-8) is certain: nothing was guessed or replaced.
    assert not {"encoding-guessed", "invalid-bytes", "chars-removed"} & set(codes(brief))
    assert not any("\ufeff" in t for t in [brief.meta.title, *texts(brief)])


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        pytest.param(RU.encode("utf-8"), "utf-8", id="utf-8"),
        pytest.param(codecs.BOM_UTF8 + RU.encode("utf-8"), "utf-8", id="utf-8-bom"),
        pytest.param(RU.encode("utf-16"), None, id="utf-16-bom"),
        pytest.param(RU.encode("utf-32"), None, id="utf-32-bom"),
    ],
)
def test_russian_unicode_decodes_exactly(data, encoding):
    brief = reportkit.parse(data)
    if encoding:
        assert brief.meta.encoding == encoding
    assert_russian(brief)
    assert "encoding-guessed" not in codes(brief)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_and_flagged(codec):
    brief = reportkit.parse(EN.encode(codec))
    assert brief.meta.encoding == codec
    assert_english(brief)
    assert "encoding-guessed" in codes(brief)


def test_the_same_text_gives_the_same_model_in_every_unicode_encoding():
    def model(data: bytes) -> dict:
        result = reportkit.parse(data).to_dict()
        for key in ("encoding", "sha256"):  # the only fields that depend on the bytes
            del result["meta"][key]
        return result

    reference = model(EN.encode("utf-8"))
    for codec in ("utf-8-sig", "utf-16", "utf-32"):
        assert model(EN.encode(codec)) == reference, codec


# -- legacy code pages -----------------------------------------------------------------------


def test_windows_1251_russian_is_detected():
    brief = reportkit.parse(RU.encode("cp1251"))
    assert brief.meta.encoding == "cp1251"
    assert diagnostic(brief, "encoding-guessed").level == "warning"
    assert_russian(brief)


def test_koi8_r_russian_is_detected():
    brief = reportkit.parse(RU.encode("koi8-r"))
    assert brief.meta.encoding == "koi8-r"
    assert "encoding-guessed" in codes(brief)
    assert_russian(brief)


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
@pytest.mark.parametrize("case", LATIN_CASES)
def test_latin1_text_is_decoded_with_a_legacy_codec_and_flagged(case, codec):
    para, _ = LATIN_CASES[case]
    brief = reportkit.parse(latin_brief(para).encode(codec))
    assert brief.meta.encoding != "utf-8"
    codecs.lookup(brief.meta.encoding)  # a real codec name
    assert "encoding-guessed" in codes(brief)
    # The ASCII parts are the same in every single-byte code page.
    assert LATIN_ASCII_PARA in texts(brief)
    assert brief.meta.title == EN_TITLE


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
@pytest.mark.parametrize("case", LATIN_CASES)
def test_latin1_accented_words_survive(case, codec):
    para, accented = LATIN_CASES[case]
    brief = reportkit.parse(latin_brief(para).encode(codec))
    assert para in texts(brief)
    assert [w for w in accented if w not in words(" ".join(texts(brief)))] == []


# -- newlines and spaces ---------------------------------------------------------------------


def _layout(brief: Brief) -> list[tuple[str, int]]:
    return [(p.text, p.line) for p in brief.paragraphs()]


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
@pytest.mark.parametrize("as_bytes", [True, False], ids=["bytes", "str"])
def test_crlf_and_lone_cr_give_the_same_paragraphs_as_lf(newline, as_bytes):
    reference = reportkit.parse(EN)
    text = EN.replace("\n", newline)
    brief = reportkit.parse(text.encode() if as_bytes else text)
    assert brief.meta.title == reference.meta.title
    assert _layout(brief) == _layout(reference)
    assert [(s.name, s.line) for s in brief.sources] == [
        (s.name, s.line) for s in reference.sources
    ]
    assert not any("\r" in t for t in texts(brief))


def test_mixed_newlines_give_the_same_paragraphs_as_lf():
    # (a lone CR is never followed by LF here: that pair would be one CRLF newline)
    lines = EN.split("\n")
    mixed = "".join(line + ("\r\n", "\n", "\r")[i % 3] for i, line in enumerate(lines[:-1]))
    assert _layout(reportkit.parse(mixed.encode())) == _layout(reportkit.parse(EN))


@pytest.mark.parametrize(
    "space",
    ["\t", "\u00a0", "\u2007", "\u202f", "\u2009", "\u3000"],
    ids=["tab", "nbsp", "figure-space", "narrow-nbsp", "thin-space", "ideographic-space"],
)
@pytest.mark.parametrize("as_bytes", [True, False], ids=["bytes", "str"])
def test_tabs_and_odd_spaces_become_plain_spaces(space, as_bytes):
    text = EN.replace("approved new", f"approved{space}new").replace(
        "Funding remains", f"Funding{space}remains"
    )
    brief = reportkit.parse(text.encode("utf-8") if as_bytes else text)
    body = texts(brief)
    assert not any(space in t for t in body)
    # Only plain spaces took its place, and the words are exactly the original ones.
    assert re.search(r"approved +new", body[0])
    assert re.search(r"Funding +remains", body[1])
    assert [t.split() for t in body] == [p.split() for p in EN_PARAS]


# -- characters XML cannot hold -------------------------------------------------------------

CONTROL_CHARS = [chr(c) for c in [*range(0x00, 0x09), *range(0x0E, 0x20), 0x7F]]


@pytest.mark.parametrize("char", CONTROL_CHARS, ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_in_text_are_removed_with_a_located_diagnostic(char):
    text = EN.replace("Funding remains", f"Funding {char}remains")
    brief = reportkit.parse(text)
    assert not any(char in t for t in [brief.meta.title or "", *texts(brief)])
    assert EN_PARAS[1] in texts(brief)
    note = diagnostic(brief, "chars-removed")
    assert note.level == "warning"
    assert note.line == line_of(EN, "Funding")
    assert f"U+{ord(char):04X}" in note.message


@pytest.mark.parametrize("char", CONTROL_CHARS[1:], ids=lambda c: f"U+{ord(c):04X}")
def test_control_characters_in_bytes_are_removed_too(char):
    data = EN.replace("Funding remains", f"Funding {char}remains").encode()
    brief = reportkit.parse(data)
    assert EN_PARAS[1] in texts(brief)
    assert diagnostic(brief, "chars-removed").line == line_of(EN, "Funding")


@pytest.mark.parametrize("char", ["\x0b", "\x0c"], ids=["vertical-tab", "form-feed"])
def test_vertical_tab_and_form_feed_end_a_line_instead(char):
    # Documented in reader/decode.py: page breaks become line breaks, so they never reach
    # the model and never glue the words on either side together.
    text = EN.replace("Funding remains", f"Funding{char}remains")
    brief = reportkit.parse(text)
    body = " ".join(texts(brief))
    assert char not in body
    assert "Funding" in words(body)
    assert "remains" in words(body)


def test_chars_removed_counts_all_and_points_at_the_first():
    text = EN.replace("three northern", "three\x01 northern").replace("Funding", "Fund\x02ing")
    brief = reportkit.parse(text)
    notes = [d for d in brief.diagnostics if d.code == "chars-removed"]
    assert len(notes) == 1
    assert notes[0].line == line_of(EN, "three northern")
    assert "2 " in notes[0].message
    assert_english(brief)


def test_chars_removed_line_counts_crlf_lines_once():
    text = EN.replace("Funding", "Fund\x01ing").replace("\n", "\r\n")
    brief = reportkit.parse(text)
    assert diagnostic(brief, "chars-removed").line == line_of(EN, "Funding")


@pytest.mark.parametrize("surrogate", ["\ud800", "\udbff", "\udc00", "\udfff"])
def test_lone_surrogate_in_text_is_removed(surrogate):
    text = EN.replace("Funding", f"Fund{surrogate}ing")
    brief = reportkit.parse(text)
    assert_english(brief)
    assert diagnostic(brief, "chars-removed").line == line_of(EN, "Funding")
    # What is left can be written as UTF-8 (it used to be impossible).
    brief.to_json().encode("utf-8")


def test_bom_at_the_start_of_a_str_is_dropped_silently():
    brief = reportkit.parse("\ufeff" + EN)
    assert_english(brief)
    assert "chars-removed" not in codes(brief)


# -- invalid bytes in otherwise valid UTF-8 -------------------------------------------------


@pytest.mark.parametrize(
    "newline",
    [
        "\n",
        "\r\n",
        "\r",
    ],
    ids=["lf", "crlf", "cr"],
)
def test_one_invalid_byte_in_utf8_keeps_utf8_and_is_located(newline):
    marker = "Финансирование проекта"
    data = (
        RU.replace("\n", newline)
        .encode("utf-8")
        .replace(marker.encode(), b"\xff" + marker.encode())
    )
    brief = reportkit.parse(data)
    assert brief.meta.encoding == "utf-8"
    assert "encoding-guessed" not in codes(brief)
    assert f"\ufffd{marker}" in " ".join(texts(brief))
    # Every other paragraph is intact.
    assert RU_PARAS[0] in texts(brief)
    assert RU_PARAS[2] in texts(brief)
    note = diagnostic(brief, "invalid-bytes")
    assert note.level == "warning"
    assert note.line == line_of(RU, marker)


def test_invalid_byte_in_english_utf8_with_accents_stays_utf8():
    text = EN.replace("Independent engineers", "Independent engineers in Zürich")
    data = text.encode().replace(b"Funding", b"Fund\xc3ing")  # truncated sequence
    brief = reportkit.parse(data)
    assert brief.meta.encoding == "utf-8"
    body = " ".join(texts(brief))
    assert "Zürich" in body
    assert "Fund\ufffding" in body
    assert diagnostic(brief, "invalid-bytes").line == line_of(text, "Funding")


def test_truncated_utf16_is_reported_as_invalid_bytes():
    data = EN.encode("utf-16") + b"\x41"  # one stray byte at the end
    brief = reportkit.parse(data)
    assert brief.meta.encoding == "utf-16-le"
    assert_english(brief)
    assert "invalid-bytes" in codes(brief)


# -- refusals --------------------------------------------------------------------------------

RANDOM_BYTES = b"\x01" + random.Random(20240611).randbytes(2048) + b"\x00\x00"

BINARIES = [
    pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\n", "PDF", id="pdf"),
    pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10", "PNG", id="png"),
    pytest.param(
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00[Content_Types].xml", "ZIP", id="zip-docx"
    ),
    pytest.param(b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00", "ELF", id="elf"),
    pytest.param(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03brief", "gzip", id="gzip"),
    pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "JPEG", id="jpeg"),
    pytest.param(b"GIF89a\x01\x00\x01\x00\x80\x00\x00", "GIF", id="gif"),
    pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00", "legacy Office", id="doc"),
    pytest.param(RANDOM_BYTES, "binary", id="random-with-nuls"),
    pytest.param(EN.encode().replace(b"Funding", b"Fund\x00ing"), "NUL", id="text-with-nul"),
]


@pytest.mark.parametrize(("data", "what"), BINARIES)
def test_binaries_are_refused_saying_what_they_look_like(data, what):
    with pytest.raises(InputError) as excinfo:
        reportkit.parse(data)
    assert what in str(excinfo.value)
    assert excinfo.value.exit_code == 1
    assert "\n" not in str(excinfo.value)


def test_random_bytes_fixture_is_not_accidentally_a_text_format():
    assert b"\x00" in RANDOM_BYTES
    assert not any(
        RANDOM_BYTES.startswith(bom)
        for bom in (
            codecs.BOM_UTF8,
            codecs.BOM_UTF16_LE,
            codecs.BOM_UTF16_BE,
            codecs.BOM_UTF32_LE,
            codecs.BOM_UTF32_BE,
        )
    )


def test_refusal_names_the_source_file():
    with pytest.raises(InputError) as excinfo:
        reportkit.parse(b"%PDF-1.4\n", source_file="report.pdf")
    assert str(excinfo.value).startswith("report.pdf: ")
    assert "PDF" in str(excinfo.value)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        pytest.param(b"", "is empty", id="empty-bytes"),
        pytest.param("", "is empty", id="empty-str"),
        pytest.param(codecs.BOM_UTF8, "is empty", id="utf8-bom-only"),
        pytest.param(codecs.BOM_UTF16_LE, "is empty", id="utf16-bom-only"),
        pytest.param(b" \n\t\n  \n", "contains only whitespace", id="spaces-bytes"),
        pytest.param(b"\r\n\r\n", "contains only whitespace", id="crlf-only"),
        pytest.param(" \n\t ", "contains only whitespace", id="spaces-str"),
        pytest.param("\u00a0\n\u3000\n", "contains only whitespace", id="odd-spaces-str"),
        pytest.param(codecs.BOM_UTF8 + b"  \n", "contains only whitespace", id="bom-spaces"),
        pytest.param(" \n \n".encode("utf-16"), "contains only whitespace", id="utf16-spaces"),
    ],
)
def test_empty_and_blank_input_is_refused(data, message):
    with pytest.raises(InputError, match=message):
        reportkit.parse(data)


def test_cyrillic_utf16_without_bom_is_decoded_not_refused():
    brief = reportkit.parse(RU.encode("utf-16-le"))
    assert brief.meta.encoding == "utf-16-le"
    assert "encoding-guessed" in codes(brief)
    assert brief.meta.title == RU_TITLE
