"""File names the run did not choose: too long for the file system, or not UTF-8.

A name is one brief's problem at most: the other briefs are converted, the manifest is
saved, and a re-run finds everything where it left it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from hostile.helpers import MANIFEST, cli, make_brief, stderr_of

GOOD = make_brief("Traffic on the corridor grew by 12% in the first quarter.")


def entries(out: Path) -> dict[str, object]:
    return json.loads((out / MANIFEST).read_text("utf-8"))["entries"]


def test_a_name_that_is_not_utf8_converts_and_is_remembered(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    latin1 = os.fsdecode(b"caf\xe9.txt")  # from an old share: Latin-1 bytes
    (inbox / latin1).write_text(GOOD, "utf-8")
    (inbox / "ok.txt").write_text(GOOD, "utf-8")
    args = ["convert", "in/", "-f", "pdf", "-f", "json", "-o", "out/", "--log-format", "json"]
    first = cli(*args, cwd=tmp_path)
    assert first.returncode == 0, stderr_of(first)
    # the log is UTF-8 JSON, the name shown with its odd byte escaped
    lines = [json.loads(line) for line in first.stdout.decode("utf-8").splitlines()]
    assert lines[-1]["event"] == "summary" and lines[-1]["converted"] == 2
    assert sorted(line["input"] for line in lines[:-1]) == ["in/caf\\xe9.txt", "in/ok.txt"]
    out = tmp_path / "out"
    assert (out / os.fsdecode(b"caf\xe9.pdf")).is_file()  # the output keeps the name's bytes
    model = json.loads((out / os.fsdecode(b"caf\xe9.json")).read_text("utf-8"))
    assert model["meta"]["source_file"] == "caf\\xe9.txt"
    # the manifest is valid UTF-8 JSON and names the brief: the re-run skips both
    assert len(entries(out)) == 2
    again = cli(*args, cwd=tmp_path)
    assert again.returncode == 0, stderr_of(again)
    records = [json.loads(line) for line in again.stdout.decode().splitlines()]
    assert [r["status"] for r in records[:-1]] == ["skipped", "skipped"]


def test_a_name_too_long_for_the_file_system_fails_alone(tmp_path: Path) -> None:
    inbox = tmp_path / "in"
    inbox.mkdir()
    long_stem = "a" * 251  # a.txt is 255 bytes, the longest name; its .json is 256
    (inbox / f"{long_stem}.txt").write_text(GOOD, "utf-8")
    (inbox / f"{'b' * 245}.txt").write_text(GOOD, "utf-8")  # .json 250: still writable
    (inbox / "ok.txt").write_text(GOOD, "utf-8")
    proc = cli("convert", "in/", "-f", "json", "-o", "out/", cwd=tmp_path)
    stderr = stderr_of(proc)
    assert proc.returncode == 1, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    assert "3 brief(s): 2 converted, 1 failed" in stderr
    assert "cannot be written (File name too long)" in stderr
    out = tmp_path / "out"
    assert sorted(p.name for p in out.glob("[!.]*.json")) == [f"{'b' * 245}.json", "ok.json"]
    assert len(entries(out)) == 2
    assert not [p for p in out.iterdir() if p.name.endswith(".tmp")]


def test_a_name_template_too_long_fails_each_brief_not_the_run(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b.txt").write_text(GOOD, "utf-8")
    proc = cli(
        "convert", "a.txt", "b.txt", "-f", "json", "-o", "out/", "--name", "{stem}" + "x" * 300,
        cwd=tmp_path,
    )  # fmt: skip
    stderr = stderr_of(proc)
    assert proc.returncode == 1, stderr
    assert "2 brief(s): 2 failed" in stderr
    assert stderr.count("File name too long") >= 2
    assert "internal error" not in stderr and "Traceback" not in stderr
