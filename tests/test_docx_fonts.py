"""A brand's fonts travel inside its DOCX (ECMA-376 §17.8): parts, keys, licence bits.

That LibreOffice really sets the document in them is checked in test_docx.py, where all
DOCX files are converted by one LibreOffice call.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT
from reportkit import api
from reportkit.brand import BrandError, load_brand
from reportkit.writers.docx_fonts import embedding_problem, obfuscate

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MERIDIAN_FONTS = ROOT / "templates" / "meridian" / "fonts"


def docx_of(brand: object, example: str = "en_digest.txt") -> tuple[zipfile.ZipFile, list[str]]:
    brief = api.parse((EXAMPLES / example).read_bytes())
    output = api.render(brief, "docx", brand)
    return zipfile.ZipFile(io.BytesIO(output.data)), [d.message for d in output.warnings]


def embedded(archive: zipfile.ZipFile) -> dict[tuple[str, str], bytes]:
    """(family, embedRegular/...) -> the font file, de-obfuscated with its w:fontKey."""
    from lxml import etree

    rels = etree.fromstring(archive.read("word/_rels/fontTable.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    table = etree.fromstring(archive.read("word/fontTable.xml"))
    r_id = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    fonts = {}
    for font in table.iter(f"{{{W}}}font"):
        for child in font:
            kind = child.tag.split("}")[1]
            if kind.startswith("embed"):
                data = archive.read("word/" + targets[child.get(r_id)])
                fonts[font.get(f"{{{W}}}name"), kind] = obfuscate(
                    data, child.get(f"{{{W}}}fontKey")
                )
    return fonts


def test_a_brand_that_allows_it_carries_its_font_files_in_the_docx() -> None:
    archive, warnings = docx_of(load_brand("meridian"))
    assert archive.testzip() is None
    names = [n for n in archive.namelist() if n.startswith("word/fonts/")]
    assert len(names) == 5 and all(n.endswith(".odttf") for n in names)
    files = {p.name: p.read_bytes() for p in MERIDIAN_FONTS.glob("*.ttf")}
    fonts = embedded(archive)
    assert fonts == {
        ("PT Sans", "embedRegular"): files["PTS55F.ttf"],
        ("PT Sans", "embedItalic"): files["PTS56F.ttf"],
        ("PT Sans", "embedBold"): files["PTS75F.ttf"],
        ("PT Serif", "embedRegular"): files["PTF55F.ttf"],
        ("PT Serif", "embedBold"): files["PTF75F.ttf"],
    }
    # obfuscated in the archive, as the standard asks: not the plain file
    assert all(archive.read(n)[:32] not in {f[:32] for f in files.values()} for n in names)
    types = archive.read("[Content_Types].xml").decode()
    assert types.count("application/vnd.openxmlformats-officedocument.obfuscatedFont") == 5
    settings = archive.read("word/settings.xml").decode()
    assert "<w:embedTrueTypeFonts/>" in settings
    # Word reads CT_Settings in order: the flag comes before proofState and the tab stop
    assert settings.index("embedTrueTypeFonts") < settings.index("w:defaultTabStop")
    assert warnings == []


def test_the_same_report_gives_the_same_bytes_with_fonts_embedded(monkeypatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    brief = api.parse((EXAMPLES / "ru_cp1251.txt").read_bytes())
    first = api.render(brief, "docx", load_brand("meridian")).data
    again = api.render(brief, "docx", load_brand("meridian")).data
    assert first == again


def test_a_brand_that_does_not_say_so_embeds_nothing() -> None:
    archive, _ = docx_of(load_brand("default"))
    assert not [n for n in archive.namelist() if n.startswith("word/fonts/")]
    assert "embedTrueTypeFonts" not in archive.read("word/settings.xml").decode()


def with_fs_type(data: bytes, fs_type: int) -> bytes:
    (tables,) = struct.unpack_from(">H", data, 4)
    for index in range(tables):
        tag, _, offset, _ = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        if tag == b"OS/2":
            return data[: offset + 8] + struct.pack(">H", fs_type) + data[offset + 10 :]
    raise AssertionError("no OS/2 table")


def test_a_font_whose_licence_bits_forbid_embedding_is_left_out_with_a_warning(
    tmp_path: Path,
) -> None:
    regular = (MERIDIAN_FONTS / "PTS55F.ttf").read_bytes()
    folder = tmp_path / "strict"
    (folder / "fonts").mkdir(parents=True)
    (folder / "fonts" / "open.ttf").write_bytes(regular)
    (folder / "fonts" / "closed.ttf").write_bytes(with_fs_type(regular, 0x0002))
    (folder / "_brand.yml").write_text(
        "meta: {name: Strict}\n"
        "typography:\n"
        "  fonts:\n"
        "    - family: PT Sans\n"
        "      source: file\n"
        "      files: [fonts/open.ttf, {path: fonts/closed.ttf, weight: 700}]\n"
        "  base: {family: PT Sans}\n"
        "defaults: {reportkit: {extends: default, embed_fonts: true}}\n",
        "utf-8",
    )
    archive, warnings = docx_of(load_brand(folder))
    assert list(embedded(archive)) == [("PT Sans", "embedRegular")]
    assert warnings == [
        "font closed.ttf not embedded: its licence bits forbid embedding (OS/2 fsType 2)"
    ]


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"<svg/>" * 4, "not a TrueType or OpenType font file"),
        (with_fs_type((MERIDIAN_FONTS / "PTF55F.ttf").read_bytes(), 0x0008), None),  # editable
        (with_fs_type((MERIDIAN_FONTS / "PTF55F.ttf").read_bytes(), 0x0004), None),  # print
    ],
)
def test_licence_bits_are_read_as_word_reads_them(data: bytes, problem: str | None) -> None:
    assert embedding_problem(data) == problem


def test_embed_fonts_must_be_true_or_false(tmp_path: Path) -> None:
    folder = tmp_path / "vague"
    folder.mkdir()
    (folder / "_brand.yml").write_text(
        "meta: {name: Vague}\ndefaults:\n  reportkit:\n    embed_fonts: maybe\n", "utf-8"
    )
    with pytest.raises(BrandError) as caught:
        load_brand(folder)
    assert re.search(
        r"_brand\.yml:4: defaults\.reportkit\.embed_fonts: must be true or false", str(caught.value)
    )
