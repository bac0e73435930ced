"""Batch conversion as users and schedulers run it: ``reportkit convert`` and
``reportkit watch`` as real subprocesses on small folders of briefs copied from
``examples/``.

Covered: a folder with good, bad and clashing briefs; incremental re-runs (skip,
change, missing output, --force, --dry-run, brand edits); a run killed with SIGKILL and
resumed; the output folder's lock (exit 75, --wait, two runs at once); watch mode (a
brief copied in slowly, SIGTERM, restart); and output names (--name fields, names that
would leave the folder, a symlink planted in the output folder).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pypdf
import pytest

from conftest import EXAMPLES
from reportkit.batch.lock import FolderLock

MANIFEST = ".reportkit-manifest.json"
LOCK = ".reportkit.lock"
EXIT_LOCKED = 75
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
#: Bytes that are not UTF-8 (nor valid cp1252); reportkit's decoder may still guess.
UNDECODABLE = b"\x81\x8d\x8f\x90\x9d" * 50
DIGEST_TITLE = "Baltic analysts on the rise of the trans-Caspian transit route"
#: The English examples, in a fixed order (each renders in well under a second).
ENGLISH = [
    "en_digest.txt",
    "en_body_list.txt",
    "en_sources_list.txt",
    "en_subheadings_bullets.txt",
    "en_conclusions_heading.txt",
    "en_crlf_wrapped.txt",
]
#: Environment of every subprocess: no REPORTKIT_* setting leaks in from the caller.
ENV = {k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")} | {
    "PYTHONUNBUFFERED": "1"
}
TIMEOUT = 90  # seconds any one reportkit run may take before the test fails


# -- helpers ----------------------------------------------------------------------------------
def reportkit(cwd: Path, *args: str | Path, timeout: float = TIMEOUT):
    """Run ``python -m reportkit ARGS`` in ``cwd``; stdout and stderr decoded."""
    proc = subprocess.run(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        cwd=cwd,
        env=ENV,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
    )
    return subprocess.CompletedProcess(
        proc.args,
        proc.returncode,
        proc.stdout.decode("utf-8", "replace"),
        proc.stderr.decode("utf-8", "replace"),
    )


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen]]:
    """Start ``python -m reportkit ARGS`` in the background (stdout and stderr go to files
    in ``tmp_path/logs``, read with :func:`read_log`); whatever is still running at the end of
    the test is killed, with its own process group, so no test leaves a process behind."""
    started: list[subprocess.Popen] = []
    logs = tmp_path / "logs"
    logs.mkdir()

    def start(*args: str | Path, cwd: Path = tmp_path) -> subprocess.Popen:
        n = len(started)
        with (logs / f"{n}.out").open("wb") as out, (logs / f"{n}.err").open("wb") as err:
            proc = subprocess.Popen(
                [sys.executable, "-m", "reportkit", *map(str, args)],
                cwd=cwd,
                env=ENV,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                start_new_session=True,
            )
        proc.log_index = n  # type: ignore[attr-defined]
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)


def read_log(tmp_path: Path, proc: subprocess.Popen, stream: str = "err") -> str:
    """What a process started by ``spawn`` has written so far to stderr (or stdout)."""
    path = tmp_path / "logs" / f"{proc.log_index}.{stream}"  # type: ignore[attr-defined]
    return path.read_bytes().decode("utf-8", "replace")


def wait_for(
    condition: Callable[[], object],
    timeout: float,
    what: str,
    proc: subprocess.Popen | None = None,
) -> None:
    """Poll ``condition`` until it is true; fail after ``timeout`` seconds, or at once if
    ``proc`` (which should keep running) has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        if proc is not None and proc.poll() is not None:
            if condition():
                return
            pytest.fail(f"process exited with {proc.returncode} while waiting for {what}")
        time.sleep(0.05)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def copy_examples(folder: Path, names: list[str], *, as_names: list[str] | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for source, target in zip(names, as_names or names, strict=True):
        shutil.copyfile(EXAMPLES / source, folder / target)


def json_log(stdout: str) -> list[dict]:
    """``--log-format json``: every stdout line is one JSON object."""
    records = []
    for line in stdout.splitlines():
        record = json.loads(line)
        assert isinstance(record, dict), line
        records.append(record)
    return records


def by_input(records: list[dict]) -> dict[str, dict]:
    """The per-brief records (the last one is the run's summary)."""
    briefs = [r for r in records if r.get("event") != "summary"]
    result = {r["input"]: r for r in briefs}
    assert len(result) == len(briefs), "an input was reported twice"
    return result


def statuses(records: list[dict]) -> dict[str, tuple[str, str | None]]:
    return {r["input"]: (r["status"], r["reason"]) for r in by_input(records).values()}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assert_pdf(path: Path) -> None:
    assert path.is_file() and not path.is_symlink(), path
    reader = pypdf.PdfReader(path, strict=False)
    assert len(reader.pages) >= 1, path


def assert_docx(path: Path) -> None:
    assert path.is_file() and not path.is_symlink(), path
    document = docx.Document(str(path))
    assert document.paragraphs, path


def assert_outputs_open(out: Path) -> list[Path]:
    """Every PDF and DOCX in ``out`` (recursively) opens; temporary files are dot-files
    ending in .tmp, so they never pass for an output."""
    outputs = sorted(p for p in out.rglob("*") if p.suffix in (".pdf", ".docx"))
    for path in outputs:
        assert not path.name.startswith("."), f"a hidden file looks like an output: {path}"
        (assert_pdf if path.suffix == ".pdf" else assert_docx)(path)
    return outputs


def load_manifest(out: Path) -> dict[str, dict] | None:
    """The manifest's entries after checking it: valid JSON, and every output it records
    is there with the recorded hash (the manifest may lag the folder, never lead it)."""
    path = out / MANIFEST
    if not path.exists():
        return None
    data = json.loads(path.read_text("utf-8"))
    assert data["schema"] == "reportkit.manifest/1"
    entries = data["entries"]
    for name, entry in entries.items():
        assert entry["input"] == name
        assert entry["status"] == "converted", entry
        for record in entry["outputs"]:
            target = out / record["path"]
            assert not record["path"].endswith(".tmp"), record
            assert target.is_file(), f"the manifest lists {record['path']}, which is missing"
            assert sha256(target) == record["sha256"], f"{record['path']} differs from its record"
    return entries


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every path under ``folder`` with its kind, size, mtime and content hash."""
    result = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if relative.startswith("logs"):
            continue
        stat = path.lstat()
        if path.is_symlink():
            result[relative] = ("link", os.readlink(path))
        elif path.is_dir():
            result[relative] = ("dir",)
        else:
            result[relative] = ("file", stat.st_size, stat.st_mtime_ns, sha256(path))
    return result


def mtimes(out: Path) -> dict[str, int]:
    return {
        p.relative_to(out).as_posix(): p.stat().st_mtime_ns
        for p in out.rglob("*")
        if p.suffix in (".pdf", ".docx")
    }


def error_lines(stderr: str, name: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(f"reportkit: error: {name}: ")]


def assert_one_line_error(proc, exit_code: int, *fragments: str) -> str:
    assert proc.returncode == exit_code, (proc.returncode, proc.stderr)
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("reportkit: error: "), lines[0]
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


def convert(cwd: Path, *args: str | Path, jobs: int = 2):
    """``reportkit convert in -o out/ -f pdf -j N ARGS --log-format json`` in ``cwd``."""
    return reportkit(
        cwd,
        "convert",
        "in",
        "-o",
        "out/",
        "-f",
        "pdf",
        "-j",
        str(jobs),
        *args,
        "--log-format",
        "json",
    )


# -- 1. a mixed folder ------------------------------------------------------------------------
GOOD = {"in/a.txt": "en_digest.txt", "in/good.txt": "en_sources_list.txt"}
BAD = {
    "in/binary.txt": PNG,
    "in/empty.txt": b"",
    "in/blank.txt": b"   \n\n\t  \r\n",
}


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """in/: two good briefs, three bad ones, undecodable bytes, and in/sub/a.txt, which
    clashes with in/a.txt under the default --name '{stem}'."""
    for target, source in GOOD.items():
        copy_examples(tmp_path / "in", [source], as_names=[Path(target).name])
    for target, data in BAD.items():
        (tmp_path / target).write_bytes(data)
    (tmp_path / "in/undecodable.txt").write_bytes(UNDECODABLE)
    copy_examples(tmp_path / "in/sub", ["en_body_list.txt"], as_names=["a.txt"])
    return tmp_path


def _check_undecodable(record: dict, out: Path, stderr: str | None = None) -> None:
    """Bytes that decode only into noise (no language, no spaces) are refused, named."""
    assert record["status"] == "failed", record
    assert "not text in any encoding" in record["error"]
    assert not (out / "undecodable.pdf").exists()
    if stderr is not None:
        assert len(error_lines(stderr, "in/undecodable.txt")) == 1, stderr


def test_mixed_folder_good_briefs_convert_and_each_bad_one_is_named(mixed: Path):
    proc = reportkit(mixed, "convert", "in", "-r", "-o", "out/", "-f", "pdf", "-j", "2")
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    out = mixed / "out"
    for target in GOOD:
        assert_pdf(out / (Path(target).stem + ".pdf"))
    failed = [*BAD, "in/sub/a.txt"]
    for name in failed:
        assert len(error_lines(proc.stderr, name)) == 1, (name, proc.stderr)
    assert "also the output of in/a.txt" in error_lines(proc.stderr, "in/sub/a.txt")[0]
    assert "PNG" in error_lines(proc.stderr, "in/binary.txt")[0]
    undecodable_failed = bool(error_lines(proc.stderr, "in/undecodable.txt"))
    n_failed = len(failed) + undecodable_failed
    total = len(GOOD) + len(failed) + 1
    summary = [line for line in proc.stderr.splitlines() if re.match(r"\d+ brief\(s\): ", line)]
    assert len(summary) == 1, proc.stderr
    assert summary[0].startswith(f"{total} brief(s): ")
    assert f"{n_failed} failed" in summary[0]
    assert proc.stderr.splitlines()[-1] == (
        f"reportkit: error: {n_failed} of {total} brief(s) failed"
    )
    # The first of the clashing pair (in sorted order) keeps a.pdf; nothing else appears.
    expected = {"a.pdf", "good.pdf"} | (set() if undecodable_failed else {"undecodable.pdf"})
    assert {p.name for p in assert_outputs_open(out)} == expected
    entries = load_manifest(out)
    assert entries is not None
    assert len(entries) == len(expected)


def test_mixed_folder_json_log_has_one_object_per_input(mixed: Path):
    proc = reportkit(
        mixed, "convert", "in", "-r", "-o", "out/", "-f", "pdf", "-j", "2", "--log-format", "json"
    )
    assert proc.returncode == 1, proc.stderr
    records = by_input(json_log(proc.stdout))
    inputs = {*GOOD, *BAD, "in/sub/a.txt", "in/undecodable.txt"}
    assert set(records) == inputs
    for name in GOOD:
        assert records[name]["status"] == "converted"
        assert records[name]["outputs"] == [Path(name).stem + ".pdf"]
        assert_pdf(mixed / "out" / records[name]["outputs"][0])
    for name in [*BAD, "in/sub/a.txt"]:
        assert records[name]["status"] == "failed", records[name]
        assert records[name]["error"] and records[name]["outputs"] == []
    _check_undecodable(records["in/undecodable.txt"], mixed / "out")
    # In JSON mode stderr holds no per-brief text, only the final one-line verdict.
    assert re.fullmatch(r"reportkit: error: \d of 7 brief\(s\) failed\n", proc.stderr)


def test_dir_template_tells_duplicate_names_apart(mixed: Path):
    proc = reportkit(
        mixed,
        "convert",
        "in",
        "-r",
        "-o",
        "out/",
        "-f",
        "pdf",
        "-j",
        "2",
        "--name",
        "{dir}/{stem}",
        "--log-format",
        "json",
    )
    assert proc.returncode == 1, proc.stderr  # the bad briefs still fail
    records = by_input(json_log(proc.stdout))
    assert records["in/a.txt"]["status"] == "converted"
    assert records["in/sub/a.txt"]["status"] == "converted"
    assert_pdf(mixed / "out/a.pdf")
    assert_pdf(mixed / "out/sub/a.pdf")
    assert sha256(mixed / "out/a.pdf") != sha256(mixed / "out/sub/a.pdf")


def test_dir_template_for_briefs_in_sub_folders(tmp_path: Path):
    """{dir} itself works below the top level: two same-named briefs in two sub-folders."""
    copy_examples(tmp_path / "in/x", ["en_digest.txt"], as_names=["a.txt"])
    copy_examples(tmp_path / "in/y", ["en_body_list.txt"], as_names=["a.txt"])
    proc = convert(tmp_path, "-r", "--name", "{dir}/{stem}")
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {
        "in/x/a.txt": ("converted", "new"),
        "in/y/a.txt": ("converted", "new"),
    }
    assert_pdf(tmp_path / "out/x/a.pdf")
    assert_pdf(tmp_path / "out/y/a.pdf")


# -- 2. incremental runs ----------------------------------------------------------------------
THREE = ["en_digest.txt", "en_body_list.txt", "en_sources_list.txt"]
NAMES = {"in/a.txt": "a.pdf", "in/b.txt": "b.pdf", "in/c.txt": "c.pdf"}


@pytest.fixture
def converted(tmp_path: Path) -> Path:
    """in/{a,b,c}.txt converted once into out/."""
    copy_examples(tmp_path / "in", THREE, as_names=["a.txt", "b.txt", "c.txt"])
    proc = convert(tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {n: ("converted", "new") for n in NAMES}
    return tmp_path


def test_second_run_skips_everything_then_force_converts_everything(converted: Path):
    out = converted / "out"
    before = snapshot(out)
    proc = convert(converted)
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {n: ("skipped", "unchanged") for n in NAMES}
    after = snapshot(out)
    assert {k: v for k, v in after.items() if k != LOCK} == {
        k: v for k, v in before.items() if k != LOCK
    }
    load_manifest(out)

    before = mtimes(out)
    proc = convert(converted, "--force")
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {n: ("converted", "forced") for n in NAMES}
    after = mtimes(out)
    assert set(after) == set(before) == set(NAMES.values())
    assert all(after[name] != before[name] for name in before)
    assert_outputs_open(out)
    assert len(load_manifest(out)) == len(NAMES)


def test_edited_brief_and_deleted_output_dry_run_then_real_run(converted: Path):
    """in/b.txt edited, out/c.pdf deleted: --dry-run says so (and why) and writes nothing;
    the real run then converts exactly those two."""
    out = converted / "out"
    with (converted / "in/b.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added after the first conversion.\n")
    (out / "c.pdf").unlink()
    before = snapshot(converted)
    proc = reportkit(converted, "convert", "in", "-o", "out/", "-f", "pdf", "-j", "2", "--dry-run")
    assert proc.returncode == 0, proc.stderr
    lines = {}
    for line in proc.stdout.splitlines():
        match = re.fullmatch(r"(would convert|skipped)\s+(\S+) \((.+)\)", line)
        assert match, line
        lines[match[2]] = (match[1], match[3])
    assert lines == {
        "in/a.txt": ("skipped", "unchanged"),
        "in/b.txt": ("would convert", "changed"),
        "in/c.txt": ("would convert", "missing or modified output"),
    }
    assert snapshot(converted) == before
    # A dry run into a folder that does not exist yet does not create it.
    proc = reportkit(
        converted, "convert", "in", "-o", "fresh/", "-f", "pdf", "--dry-run", "--log-format", "json"
    )
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {n: ("would convert", "new") for n in NAMES}
    assert not (converted / "fresh").exists()
    assert snapshot(converted) == before

    untouched = (out / "a.pdf").stat().st_mtime_ns
    proc = convert(converted)
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {
        "in/a.txt": ("skipped", "unchanged"),
        "in/b.txt": ("converted", "changed"),
        "in/c.txt": ("converted", "missing or modified output"),
    }
    assert (out / "a.pdf").stat().st_mtime_ns == untouched
    assert {p.name for p in assert_outputs_open(out)} == set(NAMES.values())
    entries = load_manifest(out)
    assert entries[str((converted / "in/b.txt").resolve())]["sha256"] == sha256(
        converted / "in/b.txt"
    )


def _brand(folder: Path, colour: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "_brand.yml").write_text(
        f"meta:\n  name: {folder.name}\n"
        f'color:\n  primary: "{colour}"\n'
        "defaults:\n  reportkit:\n    extends: default\n",
        encoding="utf-8",
    )


def test_changing_a_brand_reconverts_only_its_briefs(tmp_path: Path):
    _brand(tmp_path / "brands/b1", "#8a1538")
    _brand(tmp_path / "brands/b2", "#1f7a4d")
    body = (EXAMPLES / "en_digest.txt").read_text("utf-8")
    (tmp_path / "in").mkdir()
    for brand, stem in [("b1", "one"), ("b1", "two"), ("b2", "three")]:
        (tmp_path / f"in/{stem}.txt").write_text(f"---\nbrand: {brand}\n---\n{body}", "utf-8")
    proc = convert(tmp_path, "--templates", "brands")
    assert proc.returncode == 0, proc.stderr
    assert {s for s, _ in statuses(json_log(proc.stdout)).values()} == {"converted"}
    entries = load_manifest(tmp_path / "out")
    assert sorted(e["brand"] for e in entries.values()) == ["b1", "b1", "b2"]

    (tmp_path / "brands/b1/_brand.yml").write_text(
        (tmp_path / "brands/b1/_brand.yml").read_text("utf-8").replace("#8a1538", "#123456"),
        "utf-8",
    )
    proc = convert(tmp_path, "--templates", "brands")
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {
        "in/one.txt": ("converted", "changed"),
        "in/two.txt": ("converted", "changed"),
        "in/three.txt": ("skipped", "unchanged"),
    }

    # A file added to b2 (its own report.css) changes b2's reports only.
    (tmp_path / "brands/b2/report.css").write_text("h1 { letter-spacing: 0.02em; }\n", "utf-8")
    proc = convert(tmp_path, "--templates", "brands")
    assert proc.returncode == 0, proc.stderr
    assert statuses(json_log(proc.stdout)) == {
        "in/one.txt": ("skipped", "unchanged"),
        "in/two.txt": ("skipped", "unchanged"),
        "in/three.txt": ("converted", "changed"),
    }
    assert_outputs_open(tmp_path / "out")
    load_manifest(tmp_path / "out")

    # The manifest remembers what each _brand.yml extends while the file is unchanged;
    # an edit that re-parents b2 onto b1 is seen, and from then on b1's edits reach b2.
    b2 = tmp_path / "brands/b2/_brand.yml"
    b2.write_text(b2.read_text("utf-8").replace("extends: default", "extends: b1"), "utf-8")
    proc = convert(tmp_path, "--templates", "brands")
    assert statuses(json_log(proc.stdout))["in/three.txt"] == ("converted", "changed")
    b1 = tmp_path / "brands/b1/_brand.yml"
    b1.write_text(b1.read_text("utf-8").replace("#123456", "#654321"), "utf-8")
    proc = convert(tmp_path, "--templates", "brands")
    assert proc.returncode == 0, proc.stderr
    assert {s for s, _ in statuses(json_log(proc.stdout)).values()} == {"converted"}


def test_a_no_op_rerun_reads_no_brand_file_and_imports_no_yaml(tmp_path: Path):
    """Skipping unchanged briefs needs only stat calls: brand files the manifest knows
    unchanged are neither hashed nor parsed, and no worker pool is started."""
    copy_examples(tmp_path / "in", ENGLISH[:2])
    proc = convert(tmp_path, "-f", "docx")
    assert proc.returncode == 0, proc.stderr
    script = (
        "import sys\n"
        "from reportkit.cli import main\n"
        "try:\n"
        "    main(['convert', 'in', '-o', 'out/', '-f', 'pdf', '-f', 'docx', '-q'])\n"
        "except SystemExit as done:\n"
        "    assert done.code == 0, done.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in\n"
        "      ('yaml', 'ruamel', 'multiprocessing', 'concurrent', 'weasyprint', 'docx')))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script], cwd=tmp_path, env=ENV, capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


# -- 3. crash safety --------------------------------------------------------------------------
EIGHT = [*ENGLISH, "ru_cp1251.txt", "en_digest.txt"]
EIGHT_NAMES = [f"brief{i}.txt" for i in range(8)]


@pytest.mark.parametrize("kill_when", ["first-pdf", "manifest-saved"])
def test_sigkill_mid_run_leaves_a_usable_folder_and_a_rerun_completes_it(
    tmp_path: Path, spawn, kill_when: str
):
    """SIGKILL once the first PDF is in place (usually before any manifest is saved), or
    once the manifest has been saved (so some briefs are recorded): either way every
    output present opens, the manifest never claims more than is there, and a re-run
    finishes the job, skipping what was recorded."""
    copy_examples(tmp_path / "in", EIGHT, as_names=EIGHT_NAMES)
    out = tmp_path / "out"
    proc = spawn("convert", "in", "-o", "out/", "-f", "pdf", "-f", "docx", "-j", "1")

    def ready() -> bool:
        if kill_when == "first-pdf":
            return any(out.glob("*.pdf"))
        return (out / MANIFEST).exists()

    wait_for(ready, 60, f"the kill point ({kill_when})", proc)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=10) == -signal.SIGKILL

    outputs = assert_outputs_open(out)
    assert outputs, "the run was killed after its first output"
    entries = load_manifest(out) or {}
    if kill_when == "manifest-saved":
        assert entries, "the manifest was saved before the kill"
    recorded = {Path(name) for name in entries}

    proc = reportkit(
        tmp_path,
        "convert",
        "in",
        "-o",
        "out/",
        "-f",
        "pdf",
        "-f",
        "docx",
        "-j",
        "2",
        "--log-format",
        "json",
    )
    assert proc.returncode == 0, proc.stderr
    records = by_input(json_log(proc.stdout))
    assert set(records) == {f"in/{n}" for n in EIGHT_NAMES}
    for name, record in records.items():
        assert record["status"] in {"converted", "skipped"}, record
        expected = "skipped" if (tmp_path / name).resolve() in recorded else "converted"
        assert record["status"] == expected, record
    entries = load_manifest(out)
    assert len(entries) == 8
    outputs = assert_outputs_open(out)
    assert {p.name for p in outputs} == {
        f"brief{i}{ext}" for i in range(8) for ext in (".pdf", ".docx")
    }
    assert not list(out.rglob("*.tmp")), "the re-run cleans the killed run's temporaries"


# -- 4. the folder lock -----------------------------------------------------------------------
@pytest.fixture
def two_briefs(tmp_path: Path) -> Path:
    copy_examples(
        tmp_path / "in", ["en_digest.txt", "en_body_list.txt"], as_names=["a.txt", "b.txt"]
    )
    return tmp_path


def test_a_locked_folder_is_refused_with_exit_75(two_briefs: Path):
    out = two_briefs / "out"
    with FolderLock(out):
        proc = reportkit(two_briefs, "convert", "in", "-o", "out/", "-f", "pdf", "-j", "1")
        assert_one_line_error(proc, EXIT_LOCKED, "--wait", str(os.getpid()))
        assert sorted(p.name for p in out.iterdir()) == [LOCK]


def test_wait_waits_for_the_lock_then_converts(two_briefs: Path, spawn):
    out = two_briefs / "out"
    with FolderLock(out):
        proc = spawn("convert", "in", "-o", "out/", "-f", "pdf", "-j", "1", "--wait")
        time.sleep(1.0)
        assert proc.poll() is None, read_log(two_briefs, proc)
        assert sorted(p.name for p in out.iterdir()) == [LOCK]
    assert proc.wait(timeout=TIMEOUT) == 0, read_log(two_briefs, proc)
    assert {p.name for p in assert_outputs_open(out)} == {"a.pdf", "b.pdf"}
    assert len(load_manifest(out)) == 2


@pytest.mark.parametrize("wait", [False, True])
def test_two_runs_at_once_on_one_folder(two_briefs: Path, spawn, wait: bool):
    args = ["convert", "in", "-o", "out/", "-f", "pdf", "-j", "1", "--log-format", "json"]
    args += ["--wait"] if wait else []
    procs = [spawn(*args), spawn(*args)]
    codes = [p.wait(timeout=TIMEOUT) for p in procs]
    logs = [read_log(two_briefs, p) for p in procs]
    if wait:
        assert codes == [0, 0], logs
    else:
        assert set(codes) <= {0, EXIT_LOCKED}, logs
        assert 0 in codes, logs
        for code, text in zip(codes, logs, strict=True):
            if code == EXIT_LOCKED:
                assert text.count("\n") == 1 and "--wait" in text, text
    # Between them, each brief was converted exactly once; the other run skipped it.
    seen: dict[str, list[str]] = {"in/a.txt": [], "in/b.txt": []}
    for proc, code in zip(procs, codes, strict=True):
        if code == 0:
            for name, (status, _) in statuses(json_log(read_log(two_briefs, proc, "out"))).items():
                seen[name].append(status)
    for name, history in seen.items():
        assert history.count("converted") == 1, (name, history)
    out = two_briefs / "out"
    assert {p.name for p in assert_outputs_open(out)} == {"a.pdf", "b.pdf"}
    assert len(load_manifest(out)) == 2


# -- 5. watch ---------------------------------------------------------------------------------
def _write_slowly(path: Path, data: bytes) -> None:
    """A slow copy: half the file, a pause, then the rest."""
    half = len(data) // 2
    with path.open("wb") as handle:
        handle.write(data[:half])
        handle.flush()
        os.fsync(handle.fileno())
        time.sleep(0.3)
        handle.write(data[half:])


def _manifest_has(out: Path, brief: Path) -> bool:
    try:
        data = json.loads((out / MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    entry = data.get("entries", {}).get(str(brief.resolve()))
    return bool(entry) and entry["sha256"] == sha256(brief)


def test_watch_converts_arrivals_stops_on_sigterm_and_resumes_without_rework(tmp_path: Path, spawn):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    copy_examples(inbox, ["en_digest.txt", "en_body_list.txt"], as_names=["a.txt", "b.txt"])
    args = ["watch", "inbox", "-o", "out", "-f", "pdf", "-v", "-j", "1"]
    proc = spawn(*args)
    wait_for(
        lambda: _manifest_has(out, inbox / "a.txt") and _manifest_has(out, inbox / "b.txt"),
        60,
        "the initial conversion",
        proc,
    )
    assert_pdf(out / "a.pdf")
    assert_pdf(out / "b.pdf")

    data = (EXAMPLES / "en_sources_list.txt").read_bytes()
    _write_slowly(inbox / "new.txt", data)
    wait_for(lambda: _manifest_has(out, inbox / "new.txt"), 20, "new.pdf", proc)
    assert_pdf(out / "new.pdf")
    stderr = read_log(tmp_path, proc)
    # Read once, whole: converted exactly once (not first half-written, then again).
    converted_new = [
        line for line in stderr.splitlines() if line.startswith("converted") and "new.txt" in line
    ]
    assert len(converted_new) == 1, stderr

    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0, read_log(tmp_path, proc)
    assert "Traceback" not in read_log(tmp_path, proc)
    before = mtimes(out)
    assert set(before) == {"a.pdf", "b.pdf", "new.pdf"}

    proc = spawn(*args)
    wait_for(
        lambda: re.search(r"^3 brief\(s\): ", read_log(tmp_path, proc), re.MULTILINE),
        60,
        "the restarted watcher's first pass",
        proc,
    )
    stderr = read_log(tmp_path, proc)
    assert re.search(r"^3 brief\(s\): 3 skipped$", stderr, re.MULTILINE), stderr
    assert not [line for line in stderr.splitlines() if line.startswith("converted")], stderr
    assert mtimes(out) == before
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0, read_log(tmp_path, proc)


def test_watch_keeps_the_sub_folder_of_an_arrival_in_dir(tmp_path: Path, spawn):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    copy_examples(inbox / "sub", ["en_digest.txt"], as_names=["a.txt"])
    proc = spawn(
        "watch",
        "inbox",
        "-o",
        "out",
        "-f",
        "pdf",
        "-v",
        "-j",
        "1",
        "-r",
        "--name",
        "r/{dir}/{stem}",
    )
    wait_for(lambda: _manifest_has(out, inbox / "sub/a.txt"), 60, "the initial conversion", proc)
    assert_pdf(out / "r/sub/a.pdf")  # the initial pass gets {dir} right
    copy_examples(inbox / "sub", ["en_body_list.txt"], as_names=["b.txt"])
    wait_for(lambda: _manifest_has(out, inbox / "sub/b.txt"), 20, "sub/b.txt converted", proc)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=10) == 0
    assert_pdf(out / "r/sub/b.pdf")


# -- 6. output names --------------------------------------------------------------------------
def test_slug_names_the_report_after_its_title(tmp_path: Path):
    copy_examples(tmp_path / "in", ["en_digest.txt"], as_names=["whatever.txt"])
    proc = convert(tmp_path, "--name", "{slug}", jobs=1)
    assert proc.returncode == 0, proc.stderr
    slug = "-".join(DIGEST_TITLE.lower().replace("-", " ").split())[:60].rstrip("-")
    assert slug.startswith("baltic-analysts-on-the-rise-of-the-trans-caspian")
    assert by_input(json_log(proc.stdout))["in/whatever.txt"]["outputs"] == [f"{slug}.pdf"]
    assert [p.name for p in assert_outputs_open(tmp_path / "out")] == [f"{slug}.pdf"]


@pytest.mark.parametrize("template", ["../escape", "/abs", "a/../../escape", "{stem}/../.."])
def test_names_leaving_the_output_folder_are_refused(tmp_path: Path, template: str):
    copy_examples(tmp_path / "in", ["en_digest.txt"], as_names=["x.txt"])
    proc = reportkit(
        tmp_path, "convert", "in", "-o", "out/", "-f", "pdf", "-j", "1", "--name", template
    )
    assert_one_line_error(proc, 2, "--name", "not a name inside the output folder")
    assert not list(tmp_path.rglob("*.pdf"))
    assert not Path("/abs.pdf").exists()


def test_unknown_name_field_is_a_usage_error(tmp_path: Path):
    copy_examples(tmp_path / "in", ["en_digest.txt"], as_names=["x.txt"])
    proc = reportkit(
        tmp_path, "convert", "in", "-o", "out/", "-f", "pdf", "-j", "1", "--name", "{nope}"
    )
    assert_one_line_error(proc, 2, "unknown field 'nope'")
    assert not (tmp_path / "out").exists()


def test_a_symlink_in_the_output_folder_is_not_followed(tmp_path: Path):
    copy_examples(
        tmp_path / "in", ["en_digest.txt", "en_body_list.txt"], as_names=["x.txt", "y.txt"]
    )
    (tmp_path / "out").mkdir()
    outside = tmp_path / "outside.pdf"
    outside.write_bytes(b"precious, not a report\n")
    (tmp_path / "out/x.pdf").symlink_to("../outside.pdf")
    before = outside.stat().st_mtime_ns
    proc = reportkit(tmp_path, "convert", "in", "-o", "out/", "-f", "pdf", "-j", "2")
    assert proc.returncode == 1, proc.stderr
    (line,) = error_lines(proc.stderr, "in/x.txt")
    assert "symbolic link" in line
    assert outside.read_bytes() == b"precious, not a report\n"
    assert outside.stat().st_mtime_ns == before
    assert os.readlink(tmp_path / "out/x.pdf") == "../outside.pdf"
    assert_pdf(tmp_path / "out/y.pdf")
    entries = load_manifest(tmp_path / "out")
    assert list(entries) == [str((tmp_path / "in/y.txt").resolve())]


def test_rerun_trusts_size_and_time_then_checks_content(tmp_path: Path):
    """A re-run decides from the files' size and modification time where they still match
    the manifest, and from their content where they do not: touching a brief or an output
    converts nothing, editing either one is noticed."""
    copy_examples(
        tmp_path / "in", ["en_digest.txt", "en_body_list.txt"], as_names=["a.txt", "b.txt"]
    )
    out = tmp_path / "out"
    assert convert(tmp_path).returncode == 0
    brief, report = tmp_path / "in/a.txt", out / "a.pdf"
    recorded = load_manifest(out)[str(brief.resolve())]
    assert (recorded["input_size"], recorded["input_mtime_ns"]) == (
        brief.stat().st_size,
        brief.stat().st_mtime_ns,
    )
    assert recorded["outputs"][0]["size"] == report.stat().st_size

    later = time.time_ns() + 5_000_000_000
    os.utime(brief, ns=(later, later))
    os.utime(report, ns=(later, later))
    proc = convert(tmp_path)
    assert statuses(json_log(proc.stdout))["in/a.txt"] == ("skipped", "unchanged")
    # the touched brief's new time is recorded, so the next run need not read it
    assert load_manifest(out)[str(brief.resolve())]["input_mtime_ns"] == later

    data = bytearray(report.read_bytes())
    data[-30] ^= 0xFF  # same size, other content, later time
    report.write_bytes(bytes(data))
    brief.write_text(brief.read_text("utf-8").replace("the", "teh", 1), "utf-8")
    proc = convert(tmp_path)
    assert statuses(json_log(proc.stdout))["in/a.txt"] == ("converted", "changed")
    assert statuses(json_log(proc.stdout))["in/b.txt"] == ("skipped", "unchanged")
    report_b = out / "b.pdf"
    data = bytearray(report_b.read_bytes())
    data[-30] ^= 0xFF
    report_b.write_bytes(bytes(data))
    proc = convert(tmp_path)
    assert statuses(json_log(proc.stdout))["in/b.txt"] == (
        "converted",
        "missing or modified output",
    )
