"""The command line as users run it: a real subprocess (``python -m reportkit``), and
click's CliRunner where an in-process run is more convenient (monkeypatching)."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import reportkit
from conftest import EXAMPLES
from reportkit import api
from reportkit.cli import main
from reportkit.model import SCHEMA_ID, json_schema

DIGEST = EXAMPLES / "en_digest.txt"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
NO_SOURCE = "Title\n\nText.\n"


def run(*args: str | Path, stdin: bytes | None = None, cwd: Path | None = None):
    """Run ``python -m reportkit ARGS``; stdout and stderr decoded as UTF-8."""
    proc = subprocess.run(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        cwd=cwd,
        timeout=60,
    )
    return subprocess.CompletedProcess(
        proc.args, proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    )


def assert_one_line_error(proc, exit_code: int, *fragments: str) -> str:
    """The documented failure shape: exit code, nothing on stdout, one stderr line."""
    assert proc.returncode == exit_code, proc.stderr
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("reportkit: error: ")
    for fragment in fragments:
        assert fragment in lines[0]
    return lines[0]


def numbered_conclusions(path: Path) -> int:
    """Conclusions in an example, counted from the text: "N. " lines after the cue."""
    text = path.read_text("utf-8")
    after_cue = text.split("conclusions can be drawn", 1)[1]
    return len(re.findall(r"^\d+\. ", after_cue, flags=re.MULTILINE))


# -- version and help -----------------------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_version_prints_the_version(flag):
    proc = run(flag)
    assert proc.returncode == 0
    assert reportkit.__version__ in proc.stdout
    assert "reportkit" in proc.stdout
    assert proc.stderr == ""


def test_console_script_prints_the_version_too():
    script = Path(sys.executable).with_name("reportkit")
    if not script.exists():
        pytest.skip("no console script beside this interpreter")
    proc = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    assert reportkit.__version__ in proc.stdout


def test_help_lists_the_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    commands = result.output.split("Commands:", 1)[1]
    listed = {line.split()[0] for line in commands.splitlines() if line.strip()}
    assert {"parse", "schema"} <= listed


@pytest.mark.parametrize("args", [["parse", "--help"], ["schema", "--help"]])
def test_command_help_works(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0
    assert "Usage:" in result.output


def test_help_imports_no_renderer_and_no_charset_detector():
    code = textwrap.dedent("""
        import json, sys
        from reportkit.cli import main
        try:
            main(["--help"], standalone_mode=False)
        except SystemExit:
            pass
        heavy = ("weasyprint", "docx", "charset_normalizer")
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in heavy)))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "parse" in proc.stdout  # the help really was printed
    assert json.loads(proc.stdout.splitlines()[-1]) == []


def test_version_imports_no_command():
    code = textwrap.dedent("""
        import json, sys
        from reportkit.cli import main
        try:
            main(["--version"])
        except SystemExit:
            pass
        print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] == "reportkit")))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert reportkit.__version__ in proc.stdout
    # the front end, its one exception, the exit code table (the help lists it) and the
    # version: no command, no library code
    assert json.loads(proc.stdout.splitlines()[-1]) == [
        "reportkit",
        "reportkit._version",
        "reportkit.cli",
        "reportkit.commands",
        "reportkit.commands._errors",
        "reportkit.errors",
    ]


def test_every_command_is_listed_and_loads_under_its_name():
    ctx = click.Context(main)
    names = main.list_commands(ctx)
    assert names == sorted(names)
    assert {"brands", "config", "convert", "doctor", "manifest", "parse", "schema", "watch"} <= set(
        names
    )
    for name in names:
        command = main.get_command(ctx, name)
        assert command is not None and command.name == name
        assert command.get_short_help_str()
    assert main.get_command(ctx, "nosuch") is None


def test_unknown_command_suggests_the_close_ones():
    result = CliRunner().invoke(main, ["conv"])
    assert result.exit_code == 2
    assert "No such command 'conv'" in result.output
    assert "'config'" in result.output and "'convert'" in result.output


# -- parse ----------------------------------------------------------------------------------


def test_parse_prints_the_json_model():
    proc = run("parse", DIGEST)
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["schema"] == SCHEMA_ID
    assert data["meta"]["source_file"] == DIGEST.name
    assert data["meta"]["sha256"] == hashlib.sha256(DIGEST.read_bytes()).hexdigest()
    assert len(data["conclusions"]["items"]) == numbered_conclusions(DIGEST)
    # The command line prints exactly what the library returns.
    assert data == api.parse_file(DIGEST).to_dict()


def test_parse_outline_is_for_people():
    proc = run("parse", DIGEST, "-f", "outline")
    assert proc.returncode == 0, proc.stderr
    rubric = DIGEST.read_text("utf-8").splitlines()[0]  # the digest's first line
    assert re.search(rf"^Rubric:\s+{re.escape(rubric)}$", proc.stdout, flags=re.MULTILINE)
    assert f"Conclusions ({numbered_conclusions(DIGEST)})" in proc.stdout
    with pytest.raises(json.JSONDecodeError):
        json.loads(proc.stdout)


def test_parse_reads_standard_input_with_a_dash():
    proc = run("parse", "-", stdin=DIGEST.read_bytes())
    assert proc.returncode == 0, proc.stderr
    from_stdin = json.loads(proc.stdout)
    from_file = api.parse_file(DIGEST).to_dict()
    assert from_stdin["meta"].pop("source_file") != DIGEST.name
    from_file["meta"].pop("source_file")
    assert from_stdin == from_file


def test_parse_output_file_is_written_whole_and_alone(tmp_path):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "out.json").write_text("stale content", "utf-8")  # replaced, not appended to
    proc = run("parse", DIGEST, "-o", "out/out.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == ""
    written = json.loads((out_dir / "out.json").read_text("utf-8"))
    assert written == api.parse_file(DIGEST).to_dict()
    # No temporary or hidden file is left beside it.
    assert sorted(p.name for p in out_dir.iterdir()) == ["out.json"]


@pytest.mark.parametrize("command", [["parse", str(DIGEST)], ["schema"]])
def test_dash_output_is_standard_output(tmp_path, command):
    """-o - is standard output, as in pandoc (it wrote a file named "-")."""
    proc = run(*command, "-o", "-", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)
    assert list(tmp_path.iterdir()) == []


def test_parse_output_into_a_new_folder(tmp_path):
    proc = run("parse", DIGEST, "-o", tmp_path / "new" / "deeper" / "brief.json")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (tmp_path / "new" / "deeper").iterdir()) == ["brief.json"]


def test_output_under_a_regular_file_fails_in_one_line(tmp_path):
    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", "utf-8")
    target = blocker / "out.json"
    proc = run("parse", DIGEST, "-o", target)
    assert_one_line_error(proc, 1, str(target), "cannot be written")
    assert blocker.read_text("utf-8") == "not a folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["file.txt"]


# -- input errors ---------------------------------------------------------------------------


def test_missing_file_is_exit_1_in_one_line(tmp_path):
    proc = run("parse", "missing.txt", cwd=tmp_path)
    assert_one_line_error(proc, 1, "missing.txt")


def test_directory_is_refused_without_traceback(tmp_path):
    folder = tmp_path / "briefs"
    folder.mkdir()
    proc = run("parse", folder)
    assert proc.returncode in (1, 2)  # click refuses it (2) or reportkit does (1)
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert "briefs" in proc.stderr


def test_png_is_refused_naming_the_file(tmp_path):
    image = tmp_path / "chart.png"
    image.write_bytes(PNG)
    line = assert_one_line_error(run("parse", image), 1, "chart.png")
    assert "PNG" in line


def test_empty_file_is_refused(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert_one_line_error(run("parse", empty), 1, "empty.txt", "empty")


def test_empty_standard_input_is_refused():
    assert_one_line_error(run("parse", "-", stdin=b""), 1, "empty")


def test_max_bytes_is_enforced_naming_the_limit():
    size = DIGEST.stat().st_size
    assert size > 10
    line = assert_one_line_error(run("parse", DIGEST, "--max-bytes", "10"), 1, DIGEST.name)
    assert "10-byte limit" in line
    assert f"{size:,}" in line


def test_max_bytes_is_enforced_on_standard_input():
    proc = run("parse", "-", "--max-bytes", "10", stdin=DIGEST.read_bytes())
    assert_one_line_error(proc, 1, "10-byte limit")


@pytest.mark.parametrize(
    "args",
    [
        ["parse", "--bogus", "x.txt"],
        ["--bogus"],
        ["frobnicate"],
        ["parse"],
        ["parse", "x.txt", "-f", "pdf"],
        ["parse", "x.txt", "--max-bytes", "0"],
    ],
)
def test_usage_errors_are_exit_2(args):
    proc = run(*args)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    # one line, like every error, pointing to the command's help
    assert proc.stderr.startswith("reportkit: error: ") and proc.stderr.count("\n") == 1
    assert "--help)" in proc.stderr


def test_debug_shows_the_traceback(tmp_path):
    proc = run("--debug", "parse", "missing.txt", cwd=tmp_path)
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr
    assert "InputError" in proc.stderr
    assert "missing.txt" in proc.stderr


def test_internal_error_is_exit_70_and_asks_for_debug(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(api, "parse_file", broken)
    result = CliRunner().invoke(main, ["parse", str(DIGEST)])
    assert result.exit_code == 70
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert "kaboom" in lines[0]
    assert "--debug" in lines[0]

    debug = CliRunner().invoke(main, ["--debug", "parse", str(DIGEST)])
    assert isinstance(debug.exception, RuntimeError)


# -- warnings -------------------------------------------------------------------------------


def test_warnings_go_to_stderr_as_file_line_and_q_silences_them(tmp_path):
    brief = tmp_path / "w.txt"
    # No source line (a whole-file warning) and a control character on line 3 (a located one).
    brief.write_text(NO_SOURCE.replace("Text.", "Te\x01xt."), "utf-8")
    proc = run("parse", "w.txt", cwd=tmp_path)
    assert proc.returncode == 0
    json.loads(proc.stdout)  # warnings never leak into the JSON
    lines = proc.stderr.splitlines()
    assert lines
    assert all(re.match(r"w\.txt(:\d+)?: warning: \S", line) for line in lines), lines
    assert any("source" in line.casefold() for line in lines)
    assert any(line.startswith("w.txt:3: warning: ") for line in lines)

    quiet = run("parse", "-q", "w.txt", cwd=tmp_path)
    assert quiet.returncode == 0
    assert quiet.stderr == ""
    assert quiet.stdout == proc.stdout


def test_stderr_has_one_line_per_warning():
    proc = run("parse", DIGEST)
    model = api.parse_file(DIGEST)
    expected = [d for d in model.diagnostics if d.level != "info"]
    assert len(proc.stderr.splitlines()) == len(expected)


# -- schema ---------------------------------------------------------------------------------


def test_schema_prints_the_json_schema():
    proc = run("schema")
    assert proc.returncode == 0, proc.stderr
    schema = json.loads(proc.stdout)
    assert schema["title"] == SCHEMA_ID
    assert schema == json_schema()


def test_schema_can_be_written_to_a_file(tmp_path):
    proc = run("schema", "-o", "schema.json", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert json.loads((tmp_path / "schema.json").read_text("utf-8"))["title"] == SCHEMA_ID
    assert sorted(p.name for p in tmp_path.iterdir()) == ["schema.json"]


def test_parse_reads_the_size_limit_from_the_config_as_convert_does(tmp_path):
    """max_bytes in reportkit.toml (or REPORTKIT_MAX_BYTES) bounds parse too; the flag wins."""
    brief = tmp_path / "b.txt"
    brief.write_text("Title\n\n" + "A sentence of the brief. " * 80 + "\n", "utf-8")
    (tmp_path / "reportkit.toml").write_text('max_bytes = "1k"\n', "utf-8")
    assert_one_line_error(run("parse", "b.txt", cwd=tmp_path), 1, "over the 1,000-byte limit")
    assert run("parse", "b.txt", "--max-bytes", "10k", cwd=tmp_path).returncode == 0


def test_one_brief_converted_says_nothing_as_pandoc_does(tmp_path):
    """Nothing on stderr for one brief converted without warnings; a brief found current
    is said (else a user wonders why no file is new)."""
    (tmp_path / "b.txt").write_bytes((EXAMPLES / "en_digest.txt").read_bytes())
    first = run("convert", "b.txt", "-f", "html", "-o", "out/", cwd=tmp_path)
    assert (first.returncode, first.stderr) == (0, "")
    again = run("convert", "b.txt", "-f", "html", "-o", "out/", cwd=tmp_path)
    assert again.returncode == 0 and again.stderr == "1 brief(s): 1 skipped\n"
