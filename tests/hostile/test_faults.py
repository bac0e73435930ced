"""Faults around a batch run: missing or unwritable output folders, a full disk, a worker
that crashes, and runs interrupted by SIGINT, SIGTERM and SIGKILL.

Whatever happens, a brief's failure is reported in one line naming it, no partial or
temporary file stays behind, the manifest never records what was not written, and the
next run completes the folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import reportkit.atomic
import reportkit.batch.runner as runner
import reportkit.batch.worker as worker
from reportkit.batch.inputs import discover
from reportkit.batch.runner import Run
from reportkit.batch.worker import RenderOptions

from .helpers import (
    MANIFEST,
    assert_brief_failed,
    assert_manifest_is_not_ahead,
    cli,
    kill_group,
    make_brief,
    manifest_entries,
    open_output,
    spawn_convert,
    stderr_of,
    temporaries,
    wait_for_group_to_end,
    wait_for_output,
)


def write_briefs(folder: Path, count: int = 3) -> list[Path]:
    """``count`` distinct small briefs, ``b1.txt`` ... in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n in range(1, count + 1):
        path = folder / f"b{n}.txt"
        path.write_text(
            make_brief(
                f"Brief {n}: ferry traffic on the corridor grew by {10 + n}% this spring.",
                "Officials expect the new berths to open before the end of next year.",
                title=f"Ferry capacity, part {n}",
            ),
            "utf-8",
        )
        paths.append(path)
    return paths


def in_process_run(inputs: Path, out: Path, *, jobs: int = 1, formats=("html", "docx")) -> Run:
    """A batch run as ``convert INPUTS -o OUT/`` builds it, in this process."""
    options = RenderOptions(
        formats=tuple(formats),
        brand="default",
        brand_forced=False,
        lang=None,
        toc=None,
        pdf_variant=None,
        name="{stem}",
        templates=(),
    )
    return Run(discover([str(inputs)]), options, f"{out}/", jobs=jobs)


def outcome_of(outcomes: list[Any], name: str) -> Any:
    (found,) = [o for o in outcomes if Path(o.name).name == name]
    return found


def entry_names(out: Path) -> list[str]:
    return sorted(Path(name).name for name in manifest_entries(out))


# -- the output folder ------------------------------------------------------------------------
def test_missing_output_folder_is_created(tmp_path: Path) -> None:
    write_briefs(tmp_path / "inbox", 2)
    proc = cli(
        "convert", "inbox/", "-f", "pdf", "-f", "docx", "-o", "reports/2024/05/", cwd=tmp_path
    )
    assert proc.returncode == 0, stderr_of(proc)
    out = tmp_path / "reports" / "2024" / "05"
    outputs = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert outputs == ["b1.docx", "b1.pdf", "b2.docx", "b2.pdf"]
    for name in outputs:
        open_output(out / name)
    assert entry_names(out) == ["b1.txt", "b2.txt"]
    assert temporaries(out) == []


def fail_replace_for(monkeypatch: pytest.MonkeyPatch, stem: str, code: int) -> None:
    """``os.replace`` (the rename that publishes a finished output) fails for ``stem``."""
    real = os.replace

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if Path(dst).name.startswith(f"{stem}."):
            raise OSError(code, os.strerror(code), str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(reportkit.atomic.os, "replace", replace)


@pytest.mark.parametrize("how", ["chmod-555", "target-is-a-directory", "rename-refused"])
def test_unwritable_output_is_a_per_brief_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    write_briefs(tmp_path / "inbox", 3)
    out = tmp_path / "out"
    out.mkdir()
    if how == "chmod-555":
        if os.geteuid() == 0:
            pytest.skip("root ignores permissions; the other cases simulate the failure")
        args = ["convert", "inbox/", "-f", "html", "-f", "docx", "-o", "out/", "-j", "1"]
        first = cli(*args, cwd=tmp_path)
        assert first.returncode == 0, stderr_of(first)
        before = (out / "b2.html").read_bytes()
        (tmp_path / "inbox" / "b2.txt").write_text(make_brief("Changed."), "utf-8")
        out.chmod(0o555)
        try:
            proc = cli(*args, cwd=tmp_path)
        finally:
            out.chmod(0o755)
        assert_brief_failed(proc, "inbox/b2.txt", "out/b2.", "cannot be written")
        assert (out / "b2.html").read_bytes() == before  # the old report, still whole
        assert temporaries(out) == []
        assert_manifest_is_not_ahead(out)
        return
    if how == "target-is-a-directory":
        (out / "b2.html").mkdir()  # something in the way of the output
    else:
        fail_replace_for(monkeypatch, "b2", errno.EACCES)
    outcomes = in_process_run(tmp_path / "inbox", out).execute()
    failed = outcome_of(outcomes, "b2.txt")
    assert failed.status == "failed"
    assert failed.error.startswith(f"{out / 'b2.html'}: cannot be written ("), failed.error
    assert "\n" not in failed.error
    assert failed.outputs == []
    assert [outcome_of(outcomes, n).status for n in ("b1.txt", "b3.txt")] == ["converted"] * 2
    assert not (out / "b2.docx").exists()
    assert (out / "b2.html").is_dir() == (how == "target-is-a-directory")
    assert entry_names(out) == ["b1.txt", "b3.txt"]
    assert temporaries(out) == []
    assert_manifest_is_not_ahead(out)


class FullDisk:
    """A file object whose writes fail like a full disk (ENOSPC)."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def write(self, data: bytes) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.handle.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def fill_disk(monkeypatch: pytest.MonkeyPatch, *, only: str | None = None) -> None:
    """Writes through ``write_atomic`` fail with ENOSPC (for temp files of ``only``)."""
    real = os.fdopen

    def fdopen(fd: int, *args: Any, **kwargs: Any) -> Any:
        handle = real(fd, *args, **kwargs)
        name = os.readlink(f"/proc/self/fd/{fd}")
        if only is None or Path(name).name.startswith(f".{only}."):
            return FullDisk(handle)
        return handle

    monkeypatch.setattr(reportkit.atomic.os, "fdopen", fdopen)


@pytest.mark.parametrize(
    "scope",
    [
        "one-brief",
        "everything",
    ],
)
def test_full_disk_is_a_clear_error_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scope: str
) -> None:
    write_briefs(tmp_path / "inbox", 3)
    out = tmp_path / "out"
    if scope == "one-brief":
        fill_disk(monkeypatch, only="b2")
        outcomes = in_process_run(tmp_path / "inbox", out).execute()
        failed = outcome_of(outcomes, "b2.txt")
        assert failed.status == "failed"
        assert failed.error == f"{out / 'b2.html'}: cannot be written (No space left on device)"
        assert [outcome_of(outcomes, n).status for n in ("b1.txt", "b3.txt")] == ["converted"] * 2
        assert not list(out.glob("b2*"))
        assert entry_names(out) == ["b1.txt", "b3.txt"]
        assert_manifest_is_not_ahead(out)
    else:
        from reportkit.cli import main

        fill_disk(monkeypatch)
        monkeypatch.chdir(tmp_path)
        for key in [k for k in os.environ if k.startswith("REPORTKIT_")]:
            monkeypatch.delenv(key)
        # convert installs a SIGTERM handler; give this process its own back afterwards
        monkeypatch.setattr(signal, "signal", _keep_sigterm(signal.signal))
        result = CliRunner().invoke(
            main, ["convert", "inbox/", "-f", "html", "-o", "out/", "-j", "1"]
        )
        lines = result.output.splitlines()
        assert result.exit_code == 1, result.output
        assert "internal error" not in result.output
        # each brief's error, the summary, then the manifest's error, last
        assert "3 brief(s): 3 failed" in lines, lines
        assert lines[-1].startswith(f"reportkit: error: out/{MANIFEST}: the manifest cannot")
        assert "No space left on device" in lines[-1]
        assert sum("No space left on device" in line for line in lines) >= 4
        assert sorted(p.name for p in out.iterdir()) == [".reportkit.lock"]
    assert temporaries(out) == []


@pytest.mark.parametrize("frees_up", [False, True], ids=["stays-full", "frees-up"])
def test_a_manifest_that_cannot_be_saved_never_stops_the_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, frees_up: bool
) -> None:
    """Saves during the run fail (the disk is full for the manifest only): every brief is
    still converted and reported, the summary printed, and the last save tried again;
    if space comes back, the run ends saved and green."""
    from reportkit.cli import main

    write_briefs(tmp_path / "inbox", 4)
    out = tmp_path / "out"
    monkeypatch.setattr(runner, "SAVE_EVERY", 0.0)  # a save after every brief
    monkeypatch.setattr(runner, "SAVE_RETRY", 0.01)
    real_save = runner.Manifest.save
    calls = []

    def save(manifest: Any) -> None:
        calls.append(1)
        if frees_up and len(calls) > 4:  # the end-of-run save finds space again
            return real_save(manifest)
        raise runner.ReportkitError(
            "the manifest cannot be written (No space left on device); the reports "
            "written so far are complete and the next run checks them again",
            path=str(manifest.path),
        )

    monkeypatch.setattr(runner.Manifest, "save", save)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(signal, "signal", _keep_sigterm(signal.signal))
    result = CliRunner().invoke(main, ["convert", "inbox/", "-f", "html", "-o", "out/", "-j", "1"])
    lines = result.output.splitlines()
    assert "4 brief(s): 4 converted" in lines, lines
    assert sorted(p.name for p in out.glob("*.html")) == [f"b{n}.html" for n in range(1, 5)]
    # said once when it first happened, not once per save
    assert sum(line.startswith("reportkit: warning: ") for line in lines) == 1, lines
    if frees_up:
        assert result.exit_code == 0, result.output
        assert entry_names(out) == [f"b{n}.txt" for n in range(1, 5)]
    else:
        assert result.exit_code == 1, result.output
        assert lines[-1].startswith(f"reportkit: error: out/{MANIFEST}: the manifest cannot")
        assert len(calls) == 4 + runner.SAVE_ATTEMPTS  # one per brief, then the last tries
        assert not (out / MANIFEST).exists()
    assert "Traceback" not in result.output


def _keep_sigterm(real: Any) -> Any:
    """``signal.signal`` that leaves SIGTERM and SIGINT alone (the CLI, run in-process,
    sets them)."""

    def install(signum: int, handler: Any) -> Any:
        if signum in (signal.SIGTERM, signal.SIGINT):
            return signal.getsignal(signum)
        return real(signum, handler)

    return install


# -- a worker that crashes ---------------------------------------------------------------------
def test_a_crashing_worker_fails_only_its_brief(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_briefs(tmp_path / "inbox", 4)
    out = tmp_path / "out"
    real = worker._convert_into

    def convert_into(result: Any, task: Any) -> None:
        if Path(task.name).name == "b3.txt":
            os._exit(1)  # the worker process dies on the spot (segfault, OOM kill, ...)
        real(result, task)

    # Patched before the pool forks its workers (Linux forks), so the workers see it.
    monkeypatch.setattr(worker, "_convert_into", convert_into)
    outcomes = in_process_run(tmp_path / "inbox", out, jobs=2).execute()
    crashed = outcome_of(outcomes, "b3.txt")
    assert crashed.status == "failed"
    assert "crashed" in crashed.error and "\n" not in crashed.error
    for name in ("b1.txt", "b2.txt", "b4.txt"):
        assert outcome_of(outcomes, name).status == "converted", outcome_of(outcomes, name)
    outputs = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert outputs == [f"b{n}.{ext}" for n in (1, 2, 4) for ext in ("docx", "html")]
    for name in outputs:
        open_output(out / name)
    assert entry_names(out) == ["b1.txt", "b2.txt", "b4.txt"]
    assert temporaries(out) == []


# -- interrupted runs --------------------------------------------------------------------------
BRIEFS = 6
KILL_PARENT_ONLY = ()  # fixed: workers die with their parent (PR_SET_PDEATHSIG)


@pytest.mark.parametrize(
    "signame, target",
    [
        ("SIGINT", "parent"),
        ("SIGTERM", "parent"),
        ("SIGKILL", "group"),
        pytest.param("SIGKILL", "parent", marks=KILL_PARENT_ONLY),
    ],
    ids=["sigint", "sigterm", "sigkill-group", "sigkill-parent-only"],
)
def test_interrupted_run_leaves_complete_files_and_a_rerun_finishes(
    tmp_path: Path, signame: str, target: str
) -> None:
    write_briefs(tmp_path / "inbox", BRIEFS)
    out = tmp_path / "out"
    log = tmp_path / "interrupted.stderr"
    args = ["inbox/", "-f", "pdf", "-f", "docx", "-o", "out/", "-j", "2"]
    # Briefs after the first wait in their workers (never released): the signal always
    # finds the run mid-batch, on a fast machine and on a loaded one.
    proc = spawn_convert(args, tmp_path, log, gate=tmp_path / "never")
    try:
        wait_for_output(out, ".pdf", proc)
        sig = getattr(signal, signame)
        if target == "group":
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        proc.wait(timeout=60)
        stderr_text = log.read_text("utf-8", "replace")
        if signame != "SIGKILL":
            # stopped like Ctrl-C: 130 for SIGINT, 143 for SIGTERM, no worker traceback
            assert proc.returncode == 128 + sig, (proc.returncode, stderr_text)
            assert "Traceback" not in stderr_text, stderr_text
        left_alive = wait_for_group_to_end(proc.pid, 5)  # asserted last, see below
        # what the interrupted run left: complete files only; the manifest lags at most
        assert_manifest_is_not_ahead(out)
        rerun = cli("convert", "inbox/", "-f", "pdf", "-f", "docx", "-o", "out/", "-j", "2",
                    cwd=tmp_path)  # fmt: skip
        assert rerun.returncode == 0, stderr_of(rerun)
        assert temporaries(out) == []
        outputs = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
        expected = [f"b{n}.{ext}" for n in range(1, BRIEFS + 1) for ext in ("docx", "pdf")]
        assert outputs == expected
        for name in outputs:
            open_output(out / name)
        assert entry_names(out) == [f"b{n}.txt" for n in range(1, BRIEFS + 1)]
        assert_manifest_is_not_ahead(out)
        # and nothing of the interrupted run outlives it
        assert left_alive == [], f"processes of the interrupted run still alive: {left_alive}"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        kill_group(proc.pid)  # orphaned workers, if any (see the xfail above)
        shutil.rmtree(out, ignore_errors=True)


# -- a stop that a callback swallowed ----------------------------------------------------------
@pytest.mark.parametrize("jobs", [1, 2])
def test_a_stop_whose_exception_was_swallowed_still_stops_the_run(
    tmp_path: Path, jobs: int
) -> None:
    """Python runs a signal handler anywhere, also inside a weakref callback or __del__,
    where its exception is printed as "Exception ignored" and dropped (seen under load:
    a SIGTERM during an import lock's clean-up, and the run converted all 12 briefs and
    exited 0). The request is kept: the run's loops raise it again."""
    from reportkit.batch import interrupt

    write_briefs(tmp_path / "inbox", 6)
    run = in_process_run(tmp_path / "inbox", tmp_path / "out", jobs=jobs)
    interrupt.request(signal.SIGTERM)  # as the handler does; its raise went nowhere
    try:
        with pytest.raises(interrupt.Interrupted) as caught:
            run.execute()
    finally:
        interrupt.reset()
    assert caught.value.signum == signal.SIGTERM
    assert len(run.outcomes) < 6  # stopped, not run to its end
    assert temporaries(tmp_path / "out") == []


def test_a_swallowed_stop_prints_no_traceback() -> None:
    """The dropped exception is not reported as "Exception ignored ... Traceback": the
    run raises it again where it counts."""
    import sys

    from reportkit.batch import interrupt

    seen: list[object] = []
    previous = sys.unraisablehook
    sys.unraisablehook = seen.append
    try:
        interrupt.quiet_unraisable()
        interrupt.quiet_unraisable()  # a second run in the process: installed once
        hook = sys.unraisablehook

        class Args:
            exc_value: BaseException

        stop, other = Args(), Args()
        stop.exc_value = interrupt.Interrupted(signal.SIGINT)
        other.exc_value = ValueError("a real problem")
        hook(stop)
        hook(other)
    finally:
        sys.unraisablehook = previous
    assert seen == [other]
