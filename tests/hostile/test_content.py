"""Hostile content: markup, template syntax, field codes, references to files and hosts,
hostile brand templates, and hostile output names.

A brief is data: whatever it contains must come out as literal text, and nothing it
names may be fetched or read. A brand template runs in a sandbox. Output names built
from a brief stay inside the output folder and never follow a symlink.
"""

from __future__ import annotations

import html as htmlmod
import io
import re
import uuid
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import reportkit
from reportkit.brand import BrandError, load_brand
from reportkit.writers.typography import typographic

from .helpers import (
    assert_brief_failed,
    assert_no_traceback,
    cli,
    docx_part,
    docx_texts,
    field_codes,
    make_brief,
    pdf_text,
    pdf_uncompressed,
    render,
    squash,
    stderr_of,
)

# -- markup, template syntax and field codes stay text ---------------------------------------
HOSTILE = {
    "html-script": "<script>alert(1)</script>",
    "html-bold": "<b>bold</b>",
    "html-img": '<img src="x" onerror="alert(1)">',
    "css-style": "<style>body { display: none }</style>",
    "css-rule": "p { color: red } @import url(evil.css);",
    "jinja-expression": "{{ 7*7 }}",
    "jinja-for": "{% for x in range(3) %}loop{% endfor %}",
    # Markdown links that are not web or mail links stay text (a [text](https) link is
    # markup since issue 16: see test_markdown_is_markup_but_no_other_scheme_links)
    "markdown-javascript": "[link](javascript:alert(1))",
    "markdown-file": "[link](file:///etc/passwd)",
    "markdown-data": "[link](data:text/html,<script>alert(1)</script>)",
    "field-page": "{ PAGE }",
    "field-includetext": '{ INCLUDETEXT "c:\\\\x" }',
    "field-ddeauto": 'DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc"',
    "field-hyperlink": '{ HYPERLINK "http://x" }',
    "csv-formula": "=cmd|' /C calc'!A0",
}
#: Words of a field instruction that must never come from a brief.
FIELD_WORDS = ("PAGE", "INCLUDETEXT", "DDE", "HYPERLINK", "cmd")


def hostile_paragraph(key: str) -> str:
    return f"Item {key} reads {HOSTILE[key]} in full."


@pytest.fixture(scope="module")
def hostile_outputs(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    brief = reportkit.parse(make_brief(*(hostile_paragraph(k) for k in HOSTILE)))
    folder = tmp_path_factory.mktemp("hostile-content")
    pdf = render(brief, "pdf").data
    docx = render(brief, "docx").data
    return SimpleNamespace(
        brief=brief,
        pdf_text=squash(pdf_text(pdf, folder)),
        docx=docx,
        docx_texts=docx_texts(docx),
        html=render(brief, "html").data.decode("utf-8"),
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
@pytest.mark.parametrize("key", HOSTILE)
def test_markup_template_syntax_and_field_codes_appear_literally(
    hostile_outputs: SimpleNamespace, key: str, fmt: str
) -> None:
    paragraph = hostile_paragraph(key)
    assert paragraph in [p.text for p in hostile_outputs.brief.paragraphs()]
    # as typeset: straight quotes and apostrophes become typographic ones, nothing else
    paragraph = typographic(paragraph)
    if fmt == "pdf":
        # a token too long for a line breaks anywhere: compare without the spaces that a
        # line break becomes in the extracted text
        assert paragraph.replace(" ", "") in hostile_outputs.pdf_text.replace(" ", "")
    elif fmt == "docx":
        assert paragraph in hostile_outputs.docx_texts
        with zipfile.ZipFile(io.BytesIO(hostile_outputs.docx)) as package:
            parts = [n for n in package.namelist() if n.endswith(".xml")]
        for part in parts:
            for code in field_codes(docx_part(hostile_outputs.docx, part)):
                assert typographic(HOSTILE[key]) not in code, (part, code)
                assert HOSTILE[key] not in code, (part, code)
                if part == "word/document.xml":  # the body holds no field but a TOC
                    assert code.strip().startswith("TOC"), code
                else:  # headers and footers: the page number fields only
                    assert code.strip() in ("PAGE", "NUMPAGES"), (part, code)
    else:
        html = hostile_outputs.html
        body = html[html.index("<main") :]
        text = htmlmod.unescape(re.sub(r"<[^>]+>", "", body))
        assert paragraph in " ".join(text.split())
        assert "<script" not in html.lower()
        assert "<b>" not in body and "<style>" not in body


def test_markdown_is_markup_but_no_other_scheme_links() -> None:
    """``**bold**`` and ``[text](https://...)`` are the brief's emphasis and links; the
    text of each is kept, escaped, and the link points only where it says."""
    brief = reportkit.parse(
        make_brief(
            "A **<b>bold</b>** claim, see [<script>x</script>](https://example.org/a?b=<c>)."
        )
    )
    html = render(brief, "html").data.decode("utf-8")
    body = html[html.index("<main") :]
    assert "<strong>&lt;b&gt;bold&lt;/b&gt;</strong>" in body
    assert "&lt;script&gt;x&lt;/script&gt;</a>" in body and "<script>" not in html
    assert 'href="https://example.org/a?b=&lt;c&gt;"' in body
    assert "**" not in body


# -- nothing a brief names is fetched or read ------------------------------------------------
@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    token = f"TOKEN-{uuid.uuid4().hex}"
    path = tmp_path_factory.mktemp("secret") / "secret.txt"
    path.write_text(f"{token}\n", "utf-8")
    return SimpleNamespace(token=token, path=path)


@pytest.fixture(scope="module")
def referencing_brief(loopback: SimpleNamespace, secret: SimpleNamespace) -> Any:
    return reportkit.parse(
        make_brief(
            "The password file is at file:///etc/passwd for anyone who asks.",
            f"The secret is in {secret.path.as_uri()} and also at {secret.path} today.",
            f"The feed lives at {loopback.url('brief-link')} and refreshes hourly.",
            f'Markup tries <img src="{loopback.url("img")}"> and '
            f'<link rel="stylesheet" href="{loopback.url("css")}"> and '
            f"url({loopback.url('background')}) too.",
            "The share \\\\host\\share\\x and file://host/share/x hold the archive.",
            f"<iframe src='{secret.path.as_uri()}'></iframe> is just text as well.",
        )
    )


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html"])
def test_files_hosts_and_shares_a_brief_names_are_never_fetched_or_embedded(
    referencing_brief: Any,
    loopback: SimpleNamespace,
    secret: SimpleNamespace,
    tmp_path: Path,
    fmt: str,
) -> None:
    output = render(referencing_brief, fmt)
    assert loopback.hits == []
    assert [w for w in output.warnings if w.code == "resource-refused"] == []
    passwd = Path("/etc/passwd").read_text("utf-8", "replace").splitlines()[:1]
    leaks = [secret.token, "LOOPBACK-BODY", *[line for line in passwd if len(line) > 8]]
    if fmt == "pdf":
        raw = pdf_uncompressed(output.data, tmp_path)
        text = pdf_text(output.data, tmp_path)
        assert b"/EmbeddedFile" not in raw and b"/FileAttachment" not in raw
        for leak in leaks:
            assert leak.encode() not in raw and leak not in text
        assert "file:///etc/passwd" in squash(text)  # the reference itself is kept as text
    elif fmt == "docx":
        with zipfile.ZipFile(io.BytesIO(output.data)) as package:
            content = b"".join(package.read(name) for name in package.namelist())
        for leak in leaks:
            assert leak.encode() not in content
        assert any("file:///etc/passwd" in t for t in docx_texts(output.data))
    else:
        for leak in leaks:
            assert leak.encode() not in output.data
        assert b"<iframe" not in output.data and b'<img src="http' not in output.data


# -- a hostile brand template ----------------------------------------------------------------
TEMPLATE_ATTACKS = {
    "mro": "{{ ''.__class__.__mro__ }}",
    "globals": "{{ cycler.__init__.__globals__ }}",
    "include-passwd": "{% include '/etc/passwd' %}",
    "import-os": "{% import 'os' as os %}",
    "huge-range": "{{ range(10**10)|list }}",
}


@pytest.mark.parametrize(
    "attack",
    [
        "mro",
        "globals",
        "include-passwd",
        "import-os",
        "huge-range",
    ],
)
@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_hostile_brand_template_fails_with_a_one_line_brand_error(
    tmp_path: Path, attack: str, fmt: str
) -> None:
    folder = tmp_path / "brands" / "sneaky"
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(
        "meta:\n  name: Sneaky\ndefaults:\n  reportkit:\n    extends: default\n", "utf-8"
    )
    (folder / "report.html.j2").write_text(
        "<!DOCTYPE html><html><body><h1>{{ report.title }}</h1>"
        f"<p>{TEMPLATE_ATTACKS[attack]}</p></body></html>",
        "utf-8",
    )
    brand = load_brand(str(folder))
    brief = reportkit.parse(make_brief("Ferry traffic grew by 15% this spring."))
    try:
        from reportkit import api

        api.render(brief, fmt, brand)
    except BrandError as error:
        message = str(error)
    except Exception as error:  # anything else is a crash of the renderer
        pytest.fail(f"{type(error).__name__} instead of BrandError: {error}")
    else:
        pytest.fail("the hostile template rendered")
    assert "\n" not in message
    assert "<class" not in message and "root:" not in message and "__builtins__" not in message


# -- output names and symlinks ---------------------------------------------------------------
@pytest.mark.parametrize(
    "title, expected",
    [
        ("../../etc/x <script>", "etc-x-script"),
        ("/etc/passwd", "etc-passwd"),
        ("..\\..\\Windows\\win.ini", "windows-win-ini"),
    ],
)
def test_slug_names_from_hostile_titles_stay_inside_the_output_folder(
    tmp_path: Path, title: str, expected: str
) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "brief.txt").write_text(make_brief("Body text.", title=title), "utf-8")
    proc = cli("convert", "brief.txt", "-f", "html", "-o", "out/", "--name", "{slug}", cwd=work)
    assert proc.returncode == 0, stderr_of(proc)
    assert reportkit.parse_file(work / "brief.txt").meta.title == title
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert [p for p in written if not p.split("/")[-1].startswith(".")] == [
        "work/brief.txt",
        f"work/out/{expected}.html",
    ]


OUTSIDE_TEXT = "THIS FILE IS OUTSIDE THE OUTPUT FOLDER"


@pytest.mark.parametrize(
    "case",
    [
        "file",
        "folder-slug",
        "folder-stem",
    ],
)
def test_a_symlink_in_the_output_folder_is_not_followed(tmp_path: Path, case: str) -> None:
    inbox, out, outside = tmp_path / "inbox", tmp_path / "out", tmp_path / "outside"
    for folder in (inbox / "sub", out, outside):
        folder.mkdir(parents=True)
    (inbox / "a.txt").write_text(make_brief("First brief.", title="First brief title"), "utf-8")
    (inbox / "sub" / "b.txt").write_text(make_brief("Second.", title="Second brief"), "utf-8")
    if case == "file":
        (outside / "a.html").write_text(OUTSIDE_TEXT, "utf-8")
        (out / "a.html").symlink_to(outside / "a.html")
        args, victim = ["inbox/a.txt", "inbox/sub/b.txt"], "inbox/a.txt"
        reason = "is a symbolic link; not followed"
    else:
        (out / "sub").symlink_to(outside, target_is_directory=True)
        template = "{dir}/{slug}" if case == "folder-slug" else "{dir}/{stem}"
        args, victim = ["inbox/", "-r", "--name", template], "inbox/sub/b.txt"
        reason = "outside the output folder"
    proc = cli("convert", *args, "-f", "html", "-o", "out/", "-j", "1", cwd=tmp_path)
    assert_no_traceback(stderr_of(proc))
    assert_brief_failed(proc, victim, reason)
    assert [p.read_text("utf-8") for p in outside.iterdir()] == (
        [OUTSIDE_TEXT] if case == "file" else []
    )
    converted = [p for p in out.rglob("*.html") if not p.is_symlink() and p.parent == out]
    assert len(converted) == 1
