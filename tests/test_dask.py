"""Batch conversion on Dask: the same scenarios as the local runner, on a real cluster.

One ``distributed.LocalCluster`` (two worker processes with one thread each, loopback
only, no dashboard) serves the module; the last test starts ``dask scheduler`` and two
``dask worker`` processes of their own and converts through the command line.

Covered: outputs byte-identical to a local run (``SOURCE_DATE_EPOCH`` set), failing
briefs failing alone with the local messages, incremental re-runs, ``--timeout`` in a
worker's thread, a worker killed mid-run (its briefs are rescheduled), a brief that
kills every worker that tries it (it fails alone), a worker running another reportkit
version (exit 2), brands that exist only on the client, and the CLI's errors.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

distributed = pytest.importorskip("distributed")

import dask  # noqa: E402
from distributed.diagnostics.plugin import WorkerPlugin  # noqa: E402

from conftest import EXAMPLES, cli  # noqa: E402
from reportkit.batch.brandpack import BrandPack, unpack  # noqa: E402
from reportkit.batch.executors import DaskExecutor  # noqa: E402
from reportkit.batch.inputs import discover  # noqa: E402
from reportkit.batch.manifest import NAME as MANIFEST  # noqa: E402
from reportkit.batch.manifest import Manifest  # noqa: E402
from reportkit.batch.runner import Run  # noqa: E402
from reportkit.batch.worker import RenderOptions  # noqa: E402
from reportkit.errors import UsageError  # noqa: E402

EPOCH = "1700000000"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
GOOD = ["en_digest.txt", "en_body_list.txt", "en_sources_list.txt", "ru_cp1251.txt"]
DASK = Path(sys.executable).with_name("dask")


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes, one thread each, on 127.0.0.1. A worker that dies is
    restarted by its nanny; a brief whose workers died twice is given up (allowed
    failures 1), and each worker holds one task at a time (saturation 1.0), so a dying
    worker never takes an innocent queued brief's retries with it."""
    config = {
        "distributed.scheduler.allowed-failures": 1,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    with dask.config.set(config):
        local = distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
            silence_logs=logging.CRITICAL,
        )
    try:
        yield local
    finally:
        local.close()


@pytest.fixture
def client(cluster: Any) -> Iterator[Any]:
    with distributed.Client(cluster.scheduler_address, set_as_default=False) as c:
        c.wait_for_workers(2, timeout=60)
        yield c


@pytest.fixture(autouse=True)
def reproducible(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)


def make_run(
    inbox: Path,
    out: Path,
    *,
    scheduler: str | None = None,
    formats: tuple[str, ...] = ("pdf", "docx", "html", "json"),
    report: Any = None,
    **options: Any,
) -> Run:
    """``convert INBOX -o OUT/`` as the CLI builds it: on the cluster at ``scheduler``,
    else in this process."""
    render = RenderOptions(
        formats=formats,
        brand=options.pop("brand", "default"),
        brand_forced=False,
        lang=None,
        toc=None,
        pdf_variant=None,
        name="{stem}",
        templates=tuple(options.pop("templates", ())),
    )
    executor = DaskExecutor(scheduler, timeout=20) if scheduler else None
    run = Run(discover([str(inbox)]), render, f"{out}/", executor=executor, **options)
    if report is not None:
        run.report = report
    return run


def outcomes_by_name(outcomes: list[Any]) -> dict[str, Any]:
    return {Path(o.name).name: o for o in outcomes}


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def entries(folder: Path) -> dict[str, dict[str, Any]]:
    """Manifest entries without what differs from run to run: timings and the times
    the outputs were written (their hashes must still agree)."""
    manifest = Manifest.load(folder)
    return {
        Path(name).name: {
            **{k: v for k, v in vars(e).items() if k not in ("seconds", "outputs")},
            "outputs": [(o.format, o.path, o.sha256, o.size) for o in e.outputs],
        }
        for name, e in manifest.entries.items()
    }


def write_inbox(inbox: Path) -> None:
    inbox.mkdir(parents=True)
    for name in GOOD:
        shutil.copyfile(EXAMPLES / name, inbox / name)
    (inbox / "binary.txt").write_bytes(PNG)
    (inbox / "empty.txt").write_bytes(b"")
    body = (EXAMPLES / "en_digest.txt").read_text("utf-8")
    (inbox / "no-brand.txt").write_text(f"---\nbrand: nosuch\n---\n{body}", "utf-8")


# -- the same batch, locally and on the cluster --------------------------------------------------
def test_a_dask_run_gives_the_bytes_statuses_and_manifest_of_a_local_run(
    tmp_path: Path, cluster: Any
) -> None:
    inbox = tmp_path / "inbox"
    write_inbox(inbox)
    local = outcomes_by_name(make_run(inbox, tmp_path / "local").execute())
    remote = outcomes_by_name(
        make_run(inbox, tmp_path / "dask", scheduler=cluster.scheduler_address).execute()
    )
    assert set(remote) == set(local) == {*GOOD, "binary.txt", "empty.txt", "no-brand.txt"}
    for name, outcome in local.items():
        other = remote[name]
        assert (other.status, other.error, other.outputs, other.warnings) == (
            outcome.status,
            outcome.error,
            outcome.outputs,
            outcome.warnings,
        ), name
    assert {n for n, o in remote.items() if o.status == "converted"} == set(GOOD)
    assert "PNG" in remote["binary.txt"].error
    assert "brand 'nosuch' not found" in remote["no-brand.txt"].error
    # every output byte-identical: PDF, DOCX (ZIP times too), HTML, JSON
    produced = files(tmp_path / "dask")
    assert len(produced) == 4 * len(GOOD)
    assert produced == files(tmp_path / "local")
    assert entries(tmp_path / "dask") == entries(tmp_path / "local")

    # incremental: nothing to do, then only the edited brief
    again = make_run(inbox, tmp_path / "dask", scheduler=cluster.scheduler_address).execute()
    assert {Path(o.name).name: o.status for o in again if o.status != "failed"} == dict.fromkeys(
        GOOD, "skipped"
    )
    with (inbox / "en_body_list.txt").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph added later.\n")
    again = make_run(inbox, tmp_path / "dask", scheduler=cluster.scheduler_address).execute()
    converted = {Path(o.name).name: o.reason for o in again if o.status == "converted"}
    assert converted == {"en_body_list.txt": "changed"}


def test_timeout_in_a_dask_worker_thread_fails_only_the_slow_brief(
    tmp_path: Path, cluster: Any
) -> None:
    """A 9 MB brief takes seconds to parse; Dask runs tasks in a worker's thread, where
    SIGALRM cannot reach, so the limit is raised into that thread."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    sentence = "The quick brown fox jumps over the lazy dog near the harbour. "
    (inbox / "slow.txt").write_text(
        "Analysis\n\nA slow brief\n\n" + sentence * (9_000_000 // len(sentence)), "utf-8"
    )
    shutil.copyfile(EXAMPLES / "en_digest.txt", inbox / "a.txt")
    # warm the workers up first: the first report of a process pays for its imports
    (tmp_path / "warm").mkdir()
    for n in range(4):
        shutil.copyfile(EXAMPLES / "en_digest.txt", tmp_path / "warm" / f"w{n}.txt")
    warm = make_run(tmp_path / "warm", tmp_path / "warm-out", scheduler=cluster.scheduler_address)
    assert [o.status for o in warm.execute()] == ["converted"] * 4
    started = time.monotonic()
    outcomes = outcomes_by_name(
        make_run(
            inbox,
            tmp_path / "out",
            scheduler=cluster.scheduler_address,
            formats=("html",),
            timeout=1,
        ).execute()
    )
    assert outcomes["slow.txt"].status == "failed"
    assert outcomes["slow.txt"].error == "took longer than 1 s (--timeout); stopped"
    assert outcomes["a.txt"].status == "converted"
    assert time.monotonic() - started < 20
    # the worker that was interrupted is still fine
    again = make_run(inbox, tmp_path / "again", scheduler=cluster.scheduler_address)
    again.inputs = [i for i in again.inputs if i.path.name == "a.txt"]
    assert [o.status for o in again.execute()] == ["converted"]


# -- lost workers ---------------------------------------------------------------------------------
def test_a_worker_killed_mid_run_is_replaced_and_the_batch_completes(
    tmp_path: Path, cluster: Any, client: Any
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(10):
        shutil.copyfile(EXAMPLES / GOOD[n % 3], inbox / f"b{n}.txt")
    pids = sorted(client.run(os.getpid).values())
    assert len(pids) == 2
    killed: list[int] = []

    def kill_one_worker(outcome: Any) -> None:
        if not killed:  # after the first result: both workers are busy with the rest
            os.kill(pids[0], signal.SIGKILL)
            killed.append(pids[0])

    outcomes = make_run(
        inbox,
        tmp_path / "out",
        scheduler=cluster.scheduler_address,
        formats=("pdf", "docx"),
        report=kill_one_worker,
    ).execute()
    assert killed
    assert [o.status for o in outcomes] == ["converted"] * 10, [o.error for o in outcomes]
    assert len(files(tmp_path / "out")) == 20
    assert len(entries(tmp_path / "out")) == 10
    client.wait_for_workers(2, timeout=60)  # the nanny started a new one
    assert pids[0] not in client.run(os.getpid).values()


class CrashOn(WorkerPlugin):
    """Makes every worker process exit on the spot when it converts brief ``stem``
    (as a segfault or the OOM killer would); restarted workers get it too."""

    name = "reportkit-test-crash"

    def __init__(self, stem: str) -> None:
        self.stem = stem

    def setup(self, worker: Any) -> None:
        import reportkit.batch.worker as worker_module

        real = worker_module._convert_into
        stem = self.stem

        def convert_into(result: Any, task: Any) -> None:
            if Path(task.name).stem == stem:
                os._exit(1)
            real(result, task)

        worker_module._convert_into = convert_into
        self.real = real

    def teardown(self, worker: Any) -> None:
        import reportkit.batch.worker as worker_module

        worker_module._convert_into = self.real


def test_a_brief_that_kills_its_workers_fails_alone(
    tmp_path: Path, cluster: Any, client: Any
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(4):
        shutil.copyfile(EXAMPLES / GOOD[n % 3], inbox / f"b{n}.txt")
    shutil.copyfile(EXAMPLES / "en_digest.txt", inbox / "poison.txt")
    client.register_plugin(CrashOn("poison"))
    try:
        outcomes = outcomes_by_name(
            make_run(
                inbox, tmp_path / "out", scheduler=cluster.scheduler_address, formats=("html",)
            ).execute()
        )
    finally:
        client.unregister_worker_plugin(CrashOn.name)
    assert outcomes["poison.txt"].status == "failed"
    assert "crashed" in outcomes["poison.txt"].error
    assert "\n" not in outcomes["poison.txt"].error
    for n in range(4):
        assert outcomes[f"b{n}.txt"].status == "converted", outcomes[f"b{n}.txt"]
    assert sorted(files(tmp_path / "out")) == [f"b{n}.html" for n in range(4)]
    assert sorted(entries(tmp_path / "out")) == [f"b{n}.txt" for n in range(4)]
    client.wait_for_workers(2, timeout=60)


def test_a_worker_with_another_reportkit_version_stops_the_run(
    tmp_path: Path, cluster: Any, client: Any
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copyfile(EXAMPLES / "en_digest.txt", inbox / "a.txt")
    import importlib

    def version_module() -> Any:
        return importlib.import_module("reportkit._version")

    previous = client.run(lambda: version_module().__version__)
    client.run(lambda: setattr(version_module(), "__version__", "9.9.9"))
    try:
        with pytest.raises(UsageError, match=r"runs reportkit 9\.9\.9, this client") as caught:
            make_run(inbox, tmp_path / "out", scheduler=cluster.scheduler_address).execute()
    finally:
        for worker, version in previous.items():
            client.run(
                lambda v=version: setattr(version_module(), "__version__", v),
                workers=[worker],
            )
    assert caught.value.exit_code == 2
    assert not list((tmp_path / "out").glob("*.pdf"))


# -- brands travel --------------------------------------------------------------------------------
def test_a_brand_pack_needs_nothing_of_the_client_folders(tmp_path: Path) -> None:
    from reportkit.brand import load_brand

    brands = tmp_path / "brands"
    (brands / "acme").mkdir(parents=True)
    (brands / "acme" / "_brand.yml").write_text(
        'meta:\n  name: Acme\ncolor:\n  primary: "#8a1538"\n'
        "defaults:\n  reportkit:\n    extends: default\n    footer: Acme footer\n",
        "utf-8",
    )
    (brands / "acme" / "report.css").write_text("h1 { letter-spacing: 0.02em; }\n", "utf-8")
    shutil.copytree(brands / "acme", tmp_path / "solo")
    pack = BrandPack.build((str(brands),), str(tmp_path / "solo"), cwd=tmp_path)
    assert BrandPack.build((str(brands),), str(tmp_path / "solo"), cwd=tmp_path) == pack
    shutil.rmtree(brands)
    shutil.rmtree(tmp_path / "solo")
    unpacked = unpack(pack)
    assert unpack(pack) is unpacked  # once per digest
    acme = load_brand("acme", unpacked.search())
    assert acme.name == "acme" and acme.settings.text("footer", "en") == "Acme footer"
    assert acme.template("report.css").is_relative_to(unpacked.root)
    solo = load_brand(unpacked.brand(str(tmp_path / "solo")), unpacked.search())
    assert solo.name == "solo" and solo.folder.is_relative_to(unpacked.root)
    message = unpacked.client_paths(f"brand 'x' not found (searched {unpacked.root / 'd0'})")
    assert message == f"brand 'x' not found (searched {brands})"


# -- the command line -------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize(
    "args, code, fragment",
    [
        (["--executor", "dask"], 2, "--executor dask needs --scheduler"),
        (["--scheduler", "tcp://127.0.0.1:1"], 2, "--scheduler is for --executor dask"),
        (["--executor", "dask", "--scheduler", "PORT"], 69, "no Dask scheduler answers"),
        (["--shard", "4/4"], 2, "the index must be 0 to 3"),
    ],
    ids=["no-scheduler", "scheduler-without-dask", "unreachable", "bad-shard"],
)
def test_cli_errors(tmp_path: Path, args: list[str], code: int, fragment: str) -> None:
    shutil.copyfile(EXAMPLES / "en_digest.txt", tmp_path / "a.txt")
    args = [a.replace("PORT", f"tcp://127.0.0.1:{free_port()}") for a in args]
    proc = cli("convert", "a.txt", "-o", "out/", *args, "--scheduler-timeout", "2", cwd=tmp_path)
    assert proc.returncode == code, proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("reportkit: error: "), proc.stderr
    assert fragment in lines[0]
    assert not list(tmp_path.glob("out/*.pdf"))


def test_without_the_dask_extra_the_cli_says_how_to_get_it(tmp_path: Path) -> None:
    fake = tmp_path / "fake" / "distributed"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text('raise ImportError("No module named distributed")\n')
    shutil.copyfile(EXAMPLES / "en_digest.txt", tmp_path / "a.txt")
    path = os.pathsep.join([str(fake.parent), *filter(None, [os.environ.get("PYTHONPATH")])])
    proc = cli("convert", "a.txt", "-o", "out/", "--executor", "dask", "--scheduler", "local",
               cwd=tmp_path, PYTHONPATH=path)  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr == (
        "reportkit: error: --executor dask needs the Dask extra: pip install 'reportkit[dask]'\n"
    )


@contextlib.contextmanager
def processes() -> Iterator[list[subprocess.Popen]]:
    """Processes started in their own session; each group is killed at the end."""
    started: list[subprocess.Popen] = []
    try:
        yield started
    finally:
        for proc in started:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        for proc in started:
            proc.wait(timeout=30)


def test_dask_scheduler_and_two_workers_as_separate_processes(tmp_path: Path) -> None:
    """``dask scheduler`` and two ``dask worker`` processes on 127.0.0.1, started in a
    folder of their own: the brand in the client's ./templates exists only for the
    client, so it must travel with the run. Then the scheduler is killed during a
    second run: exit code 69, and what was converted by then is recorded."""
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    elsewhere.mkdir()
    write_inbox(project / "inbox")
    (project / "inbox" / "no-brand.txt").unlink()
    acme = project / "templates" / "acme"
    acme.mkdir(parents=True)
    (acme / "_brand.yml").write_text(
        "meta:\n  name: Acme\ndefaults:\n  reportkit:\n    extends: default\n"
        "    footer: Acme footer\n",
        "utf-8",
    )
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")}
    logs = tmp_path / "logs"
    logs.mkdir()
    # --no-dashboard still serves /health and /metrics: keep that on loopback too
    http = ["--no-dashboard", "--dashboard-address", "127.0.0.1:0"]
    worker = [DASK, "worker", address, "--nthreads", "1", "--host", "127.0.0.1", *http]
    commands = [[DASK, "scheduler", "--host", "127.0.0.1", "--port", str(port), *http]]
    commands += [worker, worker]
    with processes() as started:
        for n, command in enumerate(commands):
            with (logs / f"{n}.log").open("wb") as log:
                started.append(
                    subprocess.Popen(
                        command,
                        cwd=elsewhere,
                        env=env,
                        stdin=subprocess.DEVNULL,
                        stdout=log,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
        with distributed.Client(address, timeout=60, set_as_default=False) as c:
            c.wait_for_workers(2, timeout=60)
            assert len(c.nthreads()) == 2
        common = ["convert", "inbox", "-o", "OUT/", "-f", "pdf", "-f", "docx", "--brand", "acme"]
        common += ["--log-format", "json"]
        remote = cli(
            *[a.replace("OUT", "dask") for a in common],
            "--executor",
            "dask",
            "--scheduler",
            address,
            cwd=project,
        )
        assert all(p.poll() is None for p in started), "a dask process ended early"

        many = project / "many"
        many.mkdir()
        for n in range(40):
            shutil.copyfile(EXAMPLES / GOOD[n % 3], many / f"m{n}.txt")
        with (logs / "many.out").open("wb") as out, (logs / "many.err").open("wb") as err:
            run = subprocess.Popen(
                [sys.executable, "-m", "reportkit", "convert", "many", "-o", "lost/", "-f",
                 "pdf", "--executor", "dask", "--scheduler", address, "--scheduler-timeout",
                 "3", "--log-format", "json"],
                cwd=project, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
            )  # fmt: skip
        started.append(run)
        deadline = time.monotonic() + 60
        while not (logs / "many.out").read_bytes().count(b"\n") and run.poll() is None:
            assert time.monotonic() < deadline, "no brief converted"
            time.sleep(0.05)
        os.killpg(started[0].pid, signal.SIGKILL)  # the scheduler
        assert run.wait(timeout=60) == 69, (logs / "many.err").read_text()
        error = (logs / "many.err").read_text()
        assert error.startswith("reportkit: error: lost the Dask scheduler at ")
        assert error.count("\n") == 1, error
        done = statuses((logs / "many.out").read_text())
        assert 1 <= len(done) < 40
        assert set(done.values()) == {("converted", None)}
        assert len(entries(project / "lost")) == len(done)
    local = cli(*[a.replace("OUT", "local") for a in common], "-j", "2", cwd=project)
    assert remote.returncode == local.returncode == 1, (remote.stderr, local.stderr)
    assert remote.stderr == local.stderr == "reportkit: error: 2 of 6 brief(s) failed\n"
    assert statuses(remote.stdout) == statuses(local.stdout)
    converted = [s for s, _ in statuses(remote.stdout).values() if s == "converted"]
    assert len(converted) == len(GOOD)
    produced = files(project / "dask")
    assert len(produced) == 2 * len(GOOD)
    assert produced == files(project / "local")
    assert entries(project / "dask") == entries(project / "local")
    assert {entry["brand"] for entry in entries(project / "dask").values()} == {"acme"}
    assert (project / "dask" / MANIFEST).is_file()


def statuses(stdout: str) -> dict[str, tuple[str, str | None]]:
    records = [json.loads(line) for line in stdout.splitlines()]
    return {r["input"]: (r["status"], r["error"]) for r in records if "input" in r}
