"""-o as pandoc users expect it (issue 19): the extension names the format, - is standard
output, a name without an extension is a folder when there is more than one output."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES
from reportkit.batch.target import resolve_output
from reportkit.errors import UsageError

DIGEST = EXAMPLES / "en_digest.txt"
DEFAULTS = ("pdf", "docx")


@pytest.mark.parametrize(
    ("output", "given", "briefs", "expected"),
    [
        ("report.pdf", (), 1, ("report.pdf", ("pdf",))),
        ("report.DOCX", (), 1, ("report.DOCX", ("docx",))),
        ("page.htm", ("html",), 1, ("page.htm", ("html",))),
        ("-", (), 1, ("-", ("pdf",))),
        ("-", ("docx",), 1, ("-", ("docx",))),
        ("reports", (), 1, ("reports/", DEFAULTS)),  # two formats: a folder
        ("reports", ("pdf",), 3, ("reports/", DEFAULTS)),  # three briefs: a folder
        ("reports/", ("pdf",), 1, ("reports/", DEFAULTS)),
        (None, (), 5, (None, DEFAULTS)),
    ],
)
def test_what_o_means(output, given, briefs, expected) -> None:
    assert resolve_output(output, given, DEFAULTS, briefs) == expected


@pytest.mark.parametrize(
    ("output", "given", "briefs", "message"),
    [
        ("x.docx", ("pdf",), 1, "-o x.docx is a .docx file, but -f asks for pdf"),
        ("report.pdf", (), 2, "2 briefs need a folder (-o report/)"),
        ("reports", ("pdf",), 1, "a folder a trailing slash (-o reports/)"),
        ("notes.txt", (), 1, ".txt is not a format reportkit writes"),
        ("-", ("pdf", "docx"), 1, "-o - writes one brief in one format"),
    ],
)
def test_what_o_cannot_mean(output, given, briefs, message) -> None:
    formats = given or DEFAULTS
    with pytest.raises(UsageError) as caught:
        resolve_output(output, given, formats, briefs)
    assert message in str(caught.value)


def reportkit(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        capture_output=True,
        cwd=cwd,
        timeout=120,
        input=b"",
    )


def test_the_extension_names_the_format(tmp_path: Path) -> None:
    proc = reportkit("convert", DIGEST, "-o", "report.docx", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "report.docx").read_bytes()[:2] == b"PK"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx"]


def test_dash_is_a_pdf_on_standard_output(tmp_path: Path) -> None:
    """The README's `reportkit convert brief.txt -o - > brief.pdf`."""
    proc = reportkit("convert", DIGEST, "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"%PDF-")
    assert list(tmp_path.iterdir()) == []


def test_to_is_the_format_as_in_pandoc(tmp_path: Path) -> None:
    proc = reportkit("convert", DIGEST, "-t", "html", "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.lstrip().lower().startswith(b"<!doctype html>")


def test_a_name_without_an_extension_is_a_folder_for_several_outputs(tmp_path: Path) -> None:
    proc = reportkit("convert", DIGEST, "-o", "reports", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    names = sorted(p.name for p in (tmp_path / "reports").iterdir() if not p.name.startswith("."))
    assert names == ["en_digest.docx", "en_digest.pdf"]


def test_a_format_the_extension_contradicts_is_a_usage_error(tmp_path: Path) -> None:
    proc = reportkit("convert", DIGEST, "-o", "x.docx", "-f", "pdf", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and "is a .docx file, but -f asks for pdf" in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_a_mistyped_brand_is_answered_with_the_likely_one(tmp_path: Path) -> None:
    proc = reportkit("convert", DIGEST, "--brand", "meridain", "-o", "x.pdf", cwd=tmp_path)
    assert proc.returncode == 2
    (line,) = proc.stderr.decode().splitlines()
    assert "brand 'meridain' not found; did you mean 'meridian'?" in line
    assert "(available: default, meridian;" in line


@pytest.mark.parametrize(("lang", "code"), [("xx", 2), ("ru-RU", 0)])
def test_lang_must_have_labels(tmp_path: Path, lang: str, code: int) -> None:
    proc = reportkit("convert", DIGEST, "--lang", lang, "-o", "x.pdf", cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    if code:
        (line,) = proc.stderr.decode().splitlines()
        assert "--lang xx: no labels in that language (known: en, ru)" in line
        assert not (tmp_path / "x.pdf").exists()


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [("max 100000\n", None), ("200000 100000\n", 2), ("150000 100000\n", 2), ("50000 100000", 1)],
)
def test_jobs_follow_the_cgroups_cpu_quota(tmp_path: Path, cpu_max: str, expected) -> None:
    """--jobs defaults to the CPUs this process may use: a container's quota too."""
    from reportkit.limits import cgroup_cpus, usable_cpus

    path = tmp_path / "cpu.max"
    path.write_text(cpu_max, "ascii")
    assert cgroup_cpus(str(path)) == expected
    assert usable_cpus(str(path)) <= (expected or usable_cpus(str(tmp_path / "none")))
    assert cgroup_cpus(str(tmp_path / "none")) is None


def test_a_missing_brief_is_reported_once(tmp_path: Path) -> None:
    proc = reportkit("convert", "nothere.txt", "-o", "x.pdf", cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr.decode().splitlines() == ["reportkit: error: nothere.txt: no such file"]


def test_the_exit_codes_are_listed_everywhere_from_one_table() -> None:
    """--help, the README and docs/usage.md name every code of errors.EXIT_CODES."""
    import re

    from conftest import ROOT
    from reportkit.errors import EXIT_CODES

    shown = subprocess.run(
        [sys.executable, "-m", "reportkit", "--help"], capture_output=True, text=True, check=True
    ).stdout
    assert [int(c) for c in re.findall(r"^\s+(\d+)  ", shown, re.M)] == list(EXIT_CODES)
    for doc in ("README.md", "docs/usage.md"):
        table = (ROOT / doc).read_text("utf-8").split("## Exit codes", 1)[1].split("\n\n")[1]
        listed = {
            int(c) for row in table.splitlines()[2:] for c in re.findall(r"\d+", row.split("|")[1])
        }
        assert listed == set(EXIT_CODES), doc


def test_config_shows_where_reports_really_go_in_aligned_columns(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "reportkit", "config"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={k: v for k, v in __import__("os").environ.items() if not k.startswith("REPORTKIT_")},
        check=True,
    )
    rows = proc.stdout.splitlines()[1:]
    output = next(r for r in rows if r.startswith("output_dir"))
    assert "(next to each brief)" in output and output.endswith("[default]")
    assert len({r.index("[") for r in rows}) == 1  # the origins line up


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("4096", 4096),
        ("10MB", 10_000_000),
        ("10MiB", 10 * 1024**2),
        ("500k", 500_000),
        ("1GiB", 1 << 30),
    ],
)
def test_max_bytes_takes_units(given: str, expected: int) -> None:
    from reportkit.commands._common import ByteSize

    assert ByteSize().convert(given, None, None) == expected


@pytest.mark.parametrize("given", ["10XB", "0", "2GiB", "ten"])
def test_max_bytes_refuses_what_is_no_size(given: str) -> None:
    import click

    from reportkit.commands._common import ByteSize

    with pytest.raises(click.BadParameter):
        ByteSize().convert(given, None, None)


def test_debug_after_the_command(tmp_path: Path) -> None:
    """`reportkit convert x --debug` as people type it: the traceback of an internal
    error is shown, as with `reportkit --debug convert x`."""
    proc = reportkit("parse", "missing.txt", "--debug", cwd=tmp_path)
    assert b"No such option" not in proc.stderr
    assert proc.returncode == 1
    assert b"Traceback" in proc.stderr  # --debug lets reportkit's errors through


def test_json_log_goes_to_stderr_when_stdout_carries_the_report(tmp_path: Path) -> None:
    proc = reportkit("convert", DIGEST, "-o", "-", "--log-format", "json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(b"%PDF-")  # nothing but the PDF
    assert b'"status"' in proc.stderr


def test_the_package_names_its_public_api_and_logs_warnings(caplog) -> None:
    """dir(reportkit) lists the public names; render takes a brand's name and returns
    bytes; its warnings reach the 'reportkit' logger."""
    import logging

    import reportkit

    assert dir(reportkit) == [
        "Brand", "Brief", "ReportkitError", "__version__", "check_brand", "convert",
        "load_brand", "parse", "parse_file", "render",
    ]  # fmt: skip
    brief = reportkit.parse("Notes\n\nA title of a brief\n\nText with a glyph no font has: 中.\n")
    with caplog.at_level(logging.WARNING, logger="reportkit"):
        data = reportkit.render(brief, "pdf", brand="meridian")
    assert data.startswith(b"%PDF-")
    assert any(r.name == "reportkit" and "中" in r.getMessage() for r in caplog.records)
    assert isinstance(reportkit.load_brand("default"), reportkit.Brand)


#: The installed command: completion keys on the program's name, "reportkit".
SCRIPT = str(Path(sys.executable).parent / "reportkit")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_completion_scripts_as_the_docs_show_them(shell: str, tmp_path: Path) -> None:
    """docs/usage.md's three lines: each shell's script comes out of reportkit."""
    import os

    env = {**os.environ, "_REPORTKIT_COMPLETE": f"{shell}_source"}
    script = subprocess.run([SCRIPT], capture_output=True, text=True, env=env, check=True).stdout
    assert "_REPORTKIT_COMPLETE" in script and "reportkit" in script


@pytest.mark.parametrize(
    "words", ["reportkit convert x.txt --brand mer", "reportkit brands show mer",
              "reportkit brands check mer"],
)  # fmt: skip
def test_brand_names_complete(tmp_path: Path, words: str) -> None:
    import os

    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")},
        "_REPORTKIT_COMPLETE": "bash_complete",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - 1),
    }
    out = subprocess.run([SCRIPT], capture_output=True, text=True, env=env, cwd=tmp_path).stdout
    assert out.split() == ["plain,meridian"]


def test_convert_help_is_in_sections_with_each_settings_environment_variable() -> None:
    shown = subprocess.run(
        [SCRIPT, "convert", "--help"], capture_output=True, text=True, check=True
    ).stdout
    sections = [line[:-1] for line in shown.splitlines() if line and line[0].isupper()]
    assert sections[-6:] == [
        "Output", "Brand and report", "Inputs", "Batch and scheduling", "Distributed (Dask)",
        "Other",
    ]  # fmt: skip
    flat = " ".join(shown.split())
    for env in ("REPORTKIT_BRAND", "REPORTKIT_FORMATS", "REPORTKIT_MAX_BYTES", "REPORTKIT_CONFIG"):
        assert f"[env: {env}]" in flat


def test_the_json_log_says_when_how_bad_which_brand_and_sums_up(tmp_path: Path) -> None:
    import json

    proc = reportkit(
        "convert", DIGEST, "missing.txt", "-f", "json", "-o", "out/", "--log-format", "json",
        cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 1
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    by_input = {r["input"]: r for r in records[:-1]}
    done = by_input[str(DIGEST)]
    assert done["level"] == "info" and done["brand"] == "default" and done["version"]
    assert done["time"].endswith("+00:00")
    assert by_input["missing.txt"]["level"] == "error"
    summary = records[-1]
    assert summary["event"] == "summary" and summary["briefs"] == 2
    assert (summary["converted"], summary["failed"]) == (1, 1)


def test_json_log_warnings_carry_their_code_line_and_format(tmp_path: Path) -> None:
    """A log reader filters by code and finds the line: each warning is a record, not a
    sentence. The text report says the same in one line each."""
    import json

    brief = tmp_path / "odd.txt"
    brief.write_text(
        "---\ntitle: [unclosed\n---\nNotes\n\nA brief with a glyph\n\n"
        "Text with a glyph no font has: \u4e2d.\n",
        "utf-8",
    )
    proc = reportkit("convert", "odd.txt", "-f", "pdf", "-o", "out/", "--log-format", "json",
                     cwd=tmp_path)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    record = json.loads(proc.stdout.decode().splitlines()[0])
    assert record["level"] == "warning"
    warnings = {w["code"]: w for w in record["warnings"]}
    assert warnings["front-matter-invalid"]["line"] == 3  # where YAML found it unclosed
    assert warnings["front-matter-invalid"]["format"] is None
    glyph = warnings["missing-glyph"]
    assert glyph["format"] == "pdf" and "\u4e2d" in glyph["message"]
    text = reportkit("convert", "odd.txt", "-f", "pdf", "-o", "out2/", cwd=tmp_path)
    assert "odd.txt:3: warning: " in text.stderr.decode()  # as parse says it
    assert "odd.txt: warning: pdf: " in text.stderr.decode()


def test_convert_from_python_is_the_clis_batch(tmp_path: Path) -> None:
    """reportkit.convert keeps the CLI's manifest: a second run skips what is current."""
    import reportkit

    first = reportkit.convert([DIGEST], tmp_path / "out", formats=["json"])
    assert first.counts == {"converted": 1} and first.failed == []
    assert (tmp_path / "out" / "en_digest.json").is_file()
    again = reportkit.convert(
        [DIGEST, tmp_path / "missing.txt"], tmp_path / "out", formats=["json"]
    )
    assert again.counts == {"skipped": 1, "failed": 1}
    assert [o.name for o in again.failed] == [str(tmp_path / "missing.txt")]


@pytest.mark.parametrize("brand", ["default", "meridian"])
def test_weasyprint_has_nothing_to_say_about_our_own_stylesheets(brand: str, caplog) -> None:
    """Screen styles (media features WeasyPrint 70 cannot parse) live in screen.css, which
    only standalone HTML carries: a PDF run logs no stylesheet warning into a library
    caller's logging, and the HTML keeps its phone layout."""
    import logging

    import reportkit

    brief = reportkit.parse_file(DIGEST)
    with caplog.at_level(logging.WARNING):
        reportkit.render(brief, "pdf", brand=brand)
    assert [r.getMessage() for r in caplog.records if r.name.startswith("weasyprint")] == []
    html = reportkit.render(brief, "html", brand=brand).decode("utf-8")
    assert "@media screen and (max-width: 600px)" in html
