"""Settings and files that could exhaust the host are bounded or refused.

From the issue "Nothing a file, a name, a setting or a brand can do takes the run or the
host down": worker counts, byte limits, files that are not regular files, symlinks
where the run writes. Every case runs under limits of its own (timeouts, small inputs),
so a regression fails the test instead of harming the machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import JSON_OPTIONS as OPTIONS
from conftest import cli
from reportkit.batch import executors
from reportkit.batch.executors import LocalExecutor, pool_size, usable_cpus
from reportkit.batch.worker import Result, Task

from .helpers import make_brief


# -- worker counts ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("how", "value"),
    [
        ("flag", "5000"),
        ("flag", "257"),
        ("env", "5000"),
        ("env", "1e20"),
        ("env", "-3"),
        ("toml", "5000"),
        ("toml", "1e20"),
        ("toml", "0"),
    ],
)
def test_out_of_range_jobs_are_a_usage_error(tmp_path: Path, how: str, value: str) -> None:
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    args = ["convert", "a.txt", "-f", "json", "-o", "out/"]
    env: dict[str, str] = {}
    if how == "flag":
        args += ["--jobs", value]
    elif how == "env":
        env["REPORTKIT_JOBS"] = value
    else:
        (tmp_path / "reportkit.toml").write_text(f"jobs = {value}\n", "utf-8")
    proc = cli(*args, cwd=tmp_path, timeout=60, **env)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "Traceback" not in proc.stderr
    assert {"flag": "--jobs", "env": "REPORTKIT_JOBS", "toml": "reportkit.toml"}[how] in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("value", ["1099511627776", "99999999999999999999"])
def test_out_of_range_max_bytes_is_a_usage_error(tmp_path: Path, value: str) -> None:
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    proc = cli("convert", "a.txt", "-f", "json", "--max-bytes", value, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2 and "--max-bytes" in proc.stderr, proc.stderr
    assert "MemoryError" not in proc.stderr and "Traceback" not in proc.stderr


def test_a_pool_never_starts_more_workers_than_briefs_or_cpus(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    started: list[int] = []
    real = executors.ProcessPoolExecutor

    def counting(*args, max_workers: int, **kwargs):
        started.append(max_workers)
        return real(*args, max_workers=max_workers, **kwargs)

    monkeypatch.setattr(executors, "ProcessPoolExecutor", counting)
    monkeypatch.setattr(executors, "convert_one", lambda task: Result(task.name, "converted"))
    tasks = [Task(f"b{n}.txt", b"brief", f"b{n}.txt", OPTIONS, False) for n in range(3)]
    results = dict(LocalExecutor(5000).results(tasks))
    assert sorted(results) == [0, 1, 2]
    assert started == [3]  # not 5,000
    assert pool_size(24, 3) == 3
    assert pool_size(24, 1000) == min(24, usable_cpus() * executors.WORKERS_PER_CPU)
    assert pool_size(1, 1000) == 1


def test_usable_cpus_follow_the_affinity_not_the_machine() -> None:
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("no CPU affinity on this platform")
    code = (
        "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))});"
        "from reportkit.batch.executors import usable_cpus, pool_size;"
        "print(usable_cpus(), pool_size(64, 100))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "2"]


# -- files that are not regular files, or not reportkit's ---------------------------------
def test_a_fifo_or_device_named_as_a_brief_fails_alone_and_never_blocks(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_brief("A normal brief."), "utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    proc = cli(
        "convert", "a.txt", "pipe.txt", "/dev/zero", "-f", "json", "-o", "out/",
        cwd=tmp_path, timeout=60,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    assert "pipe.txt: is not a regular file (a named pipe)" in proc.stderr
    assert "/dev/zero: is not a regular file (a character device)" in proc.stderr
    assert (tmp_path / "out" / "a.json").exists()
    # the lock was released: a second run is not told the folder is busy
    again = cli("convert", "a.txt", "-f", "json", "-o", "out/", cwd=tmp_path, timeout=60)
    assert again.returncode == 0, again.stderr


@pytest.mark.parametrize("target", ["directory", "fifo", "device"])
def test_parse_refuses_what_is_not_a_file_in_one_line(tmp_path: Path, target: str) -> None:
    path = {"directory": str(tmp_path), "fifo": str(tmp_path / "p.txt"), "device": "/dev/zero"}
    if target == "fifo":
        os.mkfifo(tmp_path / "p.txt")
    proc = cli("parse", path[target], cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()
    assert line.startswith("reportkit: error: ") and path[target] in line


def test_a_lock_file_that_is_a_symlink_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", "utf-8")
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / ".reportkit.lock").symlink_to(victim)
    proc = cli("convert", "a.txt", "-f", "json", "-o", "out/", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert victim.read_text("utf-8") == "precious\n"
    (line,) = proc.stderr.strip().splitlines()
    assert ".reportkit.lock: is a symbolic link" in line


def test_a_lock_that_is_a_directory_is_one_line_not_an_internal_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    (tmp_path / "out" / ".reportkit.lock").mkdir(parents=True)
    proc = cli("convert", "a.txt", "-f", "json", "-o", "out/", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert ".reportkit.lock: is a directory" in proc.stderr


@pytest.mark.parametrize(
    "content",
    [
        '{"schema": "reportkit.manifest/1", "entries": [null]}',
        '{"schema": "reportkit.manifest/1", "entries": {"x": null}}',
        '{"schema": "reportkit.manifest/1", "entries": {"x": 3}, "brand_files": []}',
        "[1, 2, 3]",
        "not json at all",
        "symlink",
    ],
)
def test_an_unusable_manifest_is_set_aside_and_never_bricks_the_folder(
    tmp_path: Path, content: str
) -> None:
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    out = tmp_path / "out"
    out.mkdir()
    manifest = out / ".reportkit-manifest.json"
    if content == "symlink":
        (tmp_path / "elsewhere.json").write_text("{}", "utf-8")
        manifest.symlink_to(tmp_path / "elsewhere.json")
    else:
        manifest.write_text(content, "utf-8")
    proc = cli("convert", "a.txt", "-f", "json", "-o", "out/", cwd=tmp_path, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert (out / "a.json").exists() and "Traceback" not in proc.stderr
    if '{"x"' in content:  # a usable manifest with entries of another shape: re-converted
        assert "could not be used" not in proc.stderr
        return
    assert "could not be used" in proc.stderr
    if content != "symlink":
        assert (out / ".reportkit-manifest.json.unusable").read_text("utf-8") == content
    else:
        assert (tmp_path / "elsewhere.json").read_text("utf-8") == "{}"
    again = cli("convert", "a.txt", "-f", "json", "-o", "out/", cwd=tmp_path, timeout=60)
    assert again.returncode == 0 and "could not be used" not in again.stderr


# -- settings files -----------------------------------------------------------------------------
@pytest.mark.parametrize("config", ["/dev/zero", "fifo", "big"])
def test_a_config_file_is_read_only_if_it_is_a_small_regular_file(
    tmp_path: Path, config: str
) -> None:
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    if config == "fifo":
        os.mkfifo(tmp_path / "c.toml")
        config = str(tmp_path / "c.toml")
    elif config == "big":
        (tmp_path / "c.toml").write_text("# " + "x" * (2 << 20) + "\n", "utf-8")
        config = str(tmp_path / "c.toml")
    proc = cli("convert", "a.txt", "-f", "json", cwd=tmp_path, timeout=60, REPORTKIT_CONFIG=config)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert config in line and ("not a regular file" in line or "limit" in line)


def test_a_yaml_alias_bomb_in_a_brand_is_refused_at_once(tmp_path: Path) -> None:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 9):
        name, previous = chr(97 + n), chr(96 + n)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    brand = tmp_path / "bomb"
    brand.mkdir()
    (brand / "_brand.yml").write_text("\n".join(lines) + "\nmeta:\n  name: Bomb\n", "utf-8")
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    proc = cli("convert", "a.txt", "-f", "json", "--brand", "./bomb", cwd=tmp_path, timeout=30)
    assert proc.returncode == 2
    assert "YAML aliases" in proc.stderr and "_brand.yml" in proc.stderr
    check = cli("brands", "check", "./bomb", cwd=tmp_path, timeout=30)
    assert check.returncode != 0 and "YAML aliases" in check.stdout + check.stderr


# -- outputs -----------------------------------------------------------------------------------
def test_an_output_folder_that_is_a_file_is_a_usage_error_not_a_bug(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    (tmp_path / "afile").write_text("not a folder", "utf-8")
    proc = cli("convert", "a.txt", "-f", "json", "-o", "afile/", cwd=tmp_path, timeout=60)
    assert proc.returncode == 2, proc.stderr
    (line,) = proc.stderr.strip().splitlines()
    assert "afile: is a file, not an output folder" in line
    assert (tmp_path / "afile").read_text("utf-8") == "not a folder"


def test_two_briefs_with_one_output_next_to_them_never_overwrite_each_other(
    tmp_path: Path,
) -> None:
    (tmp_path / "a.txt").write_text(make_brief("From the text file."), "utf-8")
    (tmp_path / "a.md").write_text(make_brief("From the Markdown file."), "utf-8")
    proc = cli("convert", "a.txt", "a.md", "-f", "json", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert "a.md: output a.json is also the output of a.txt" in proc.stderr
    assert "From the text file." in (tmp_path / "a.json").read_text("utf-8")


# -- brands a brief may name --------------------------------------------------------------------
def test_a_front_matter_brand_name_never_finds_a_folder_off_the_search_path(
    tmp_path: Path,
) -> None:
    evil = tmp_path / "evil"
    evil.mkdir()
    (evil / "_brand.yml").write_text(
        "meta:\n  name: Evil\ndefaults:\n  reportkit:\n    extends: default\n", "utf-8"
    )
    (tmp_path / "b.txt").write_text("---\nbrand: evil\n---\n" + make_brief("Body."), "utf-8")
    (tmp_path / "good.txt").write_text(make_brief("Another brief."), "utf-8")
    proc = cli("convert", "b.txt", "good.txt", "-f", "html", "-o", "out/", cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert "brand 'evil' not found" in proc.stderr
    assert not (tmp_path / "out" / "b.html").exists()
    assert "Evil" not in (tmp_path / "out" / "good.html").read_text("utf-8")


@pytest.mark.parametrize("attack", ["stylesheet", "include"])
def test_a_brand_file_linking_outside_the_brand_is_refused(tmp_path: Path, attack: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", "utf-8")
    brand = tmp_path / "leaky"
    brand.mkdir()
    (brand / "_brand.yml").write_text(
        "meta:\n  name: Leaky\ndefaults:\n  reportkit:\n    extends: default\n", "utf-8"
    )
    if attack == "stylesheet":
        (brand / "report.css").symlink_to(secret)
        linked = brand / "report.css"
    else:
        (brand / "leak.txt").symlink_to(secret)
        (brand / "report.html.j2").write_text(
            '<html><body>{% include "leak.txt" %}</body></html>', "utf-8"
        )
        linked = brand / "leak.txt"
    (tmp_path / "a.txt").write_text(make_brief("Body."), "utf-8")
    for fmt in ("html", "pdf"):
        proc = cli(
            "convert", "a.txt", "-f", fmt, "--brand", "./leaky", "-o", f"out-{fmt}/",
            cwd=tmp_path, timeout=60,
        )  # fmt: skip
        # found when the brand's file is first read: a brand error, naming the link
        assert proc.returncode == 2, proc.stderr
        assert f"{linked}: is a link to a file outside the brand folder" in proc.stderr
        assert len(proc.stderr.splitlines()) == 1, proc.stderr
        assert "Traceback" not in proc.stderr
        out = tmp_path / f"out-{fmt}"
        written = [p for p in out.iterdir()] if out.exists() else []
        assert all("TOP-SECRET" not in p.read_text("latin-1") for p in written if p.is_file())
    check = cli("brands", "check", "./leaky", cwd=tmp_path, timeout=60)
    assert check.returncode == 1 and "outside the brand folder" in check.stdout + check.stderr
