"""The documentation works as written: every command line in a shell block of the README
and docs/ is run here (or, where it needs more than a test can give it, by the test
named for it in CLAIMED), the generated pages are fresh, and every link resolves.

Each shell block runs as one bash script (``set -e``: every line must succeed), in a
scratch folder that holds what the docs assume: ``examples/``, ``brief.txt``,
``incoming.txt``, an ``inbox/`` and ``briefs/``. A few literal substitutions (SUBSTITUTE)
put a test's paths and ports where the docs name a server's; a block with ``pip install``
gets a virtualenv of its own, so its ``reportkit`` is the one that line installed.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import reference  # scripts/reference.py: the generated pages

DOCS = [
    ROOT / "README.md",
    *sorted((ROOT / "docs").glob("*.md")),
    ROOT / "benchmarks" / "README.md",
]
SHELL_BLOCKS = {"sh", "bash", "console", "cron"}
BIN = Path(sys.executable).parent

#: Commands a test elsewhere runs as written, with the reason they are not run here.
CLAIMED = {
    r"(pipx install|uv tool install) \./|pip install \./ -c constraints\.txt": (
        "tests/test_install.py::test_an_install_command_gives_a_working_reportkit",
        "each tool installs into the test's own folders",
    ),
    r"eval .*_REPORTKIT_COMPLETE=|_REPORTKIT_COMPLETE=fish_source": (
        "tests/test_output_target.py::test_completion_scripts_as_the_docs_show_them",
        "each shell's line runs in that shell",
    ),
    r"make test": (".ci/run", "the suite itself: CI runs it"),
    r"make bench$": (
        "tests/test_docs.py::test_the_documented_commands_work",
        "the full run takes 10 minutes; `make bench BENCH_ARGS=--quick`, the same code "
        "with fewer rounds, runs here",
    ),
}


@dataclass(frozen=True)
class Block:
    page: Path
    line: int
    language: str
    commands: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"{self.page.relative_to(ROOT)}:{self.line}"


def _commands(text: str, language: str) -> list[str]:
    """The block's command lines: continuations joined, trailing comments dropped, a
    crontab line's schedule removed."""
    joined = re.sub(r"\\\n\s*", "", text)
    commands = []
    for line in joined.splitlines():
        line = re.sub(r"\s+#\s.*$", "", line).strip()  # "cmd   # comment"
        if not line or line.startswith("#"):
            continue
        if language == "cron":
            line = line.split(None, 5)[5]
        commands.append(line)
    return commands


def blocks() -> list[Block]:
    found = []
    for page in DOCS:
        text = page.read_text("utf-8")
        for match in re.finditer(r"^```(\w*)\n(.*?)^```", text, re.S | re.M):
            language = match.group(1)
            line = text.count("\n", 0, match.start()) + 1
            if language in SHELL_BLOCKS:
                found.append(Block(page, line, language, tuple(_commands(match[2], language))))
            elif language == "ini":  # a systemd unit: its ExecStart is a command line
                starts = re.findall(r"^ExecStart=(.+)$", match[2], re.M)
                if starts:
                    found.append(Block(page, line, language, tuple(starts)))
            elif language == "yaml" and "kind: Job" in match[2]:
                found.append(Block(page, line, language, tuple(_job(match[2]))))
    return found


def _job(text: str) -> list[str]:
    """A Kubernetes Indexed Job as the commands its pods run: the container's command
    once per completion index, with JOB_COMPLETION_INDEX set as Kubernetes sets it,
    then the merge its comment says to run when the Job has completed."""
    import shlex

    import yaml

    job = yaml.safe_load(text)
    spec = job["spec"]
    (container,) = spec["template"]["spec"]["containers"]
    command = " ".join(shlex.quote(part) for part in container["command"])
    runs = [f"JOB_COMPLETION_INDEX={i} {command}" for i in range(spec["completions"])]
    return [*runs, *re.findall(r"^# when it has completed:\s+(.+)$", text, re.M)]


def claimed(command: str) -> tuple[str, str] | None:
    for pattern, claim in CLAIMED.items():
        if re.match(pattern, command):
            return claim
    return None


def test_every_documented_command_is_run_or_claimed_by_a_test_that_exists() -> None:
    found = blocks()
    assert len(found) >= 10, found  # the README and docs have that many blocks at least
    for block in found:
        assert block.commands, f"{block.where}: an empty shell block"
    for test, _reason in CLAIMED.values():
        if "::" in test:
            path, name = test.split("::")
            assert f"def {name}(" in (ROOT / path).read_text("utf-8"), test
        else:
            assert (ROOT / test).exists(), test
    # every claim is used: a claim whose command left the docs goes too
    commands = [c for b in found for c in b.commands]
    for pattern in CLAIMED:
        assert any(re.match(pattern, c) for c in commands), f"unused claim {pattern!r}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scratch(tmp_path: Path) -> Path:
    """A folder holding what the docs' commands assume."""
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(EXAMPLES, work / "examples")
    shutil.copyfile(EXAMPLES / "en_digest.txt", work / "brief.txt")
    shutil.copyfile(EXAMPLES / "en_markdown.txt", work / "incoming.txt")
    for folder in ("inbox", "briefs"):
        for name in ("en_digest.txt", "en_markdown.txt", "ru_cp1251.txt"):
            (work / folder).mkdir(exist_ok=True)
            shutil.copyfile(EXAMPLES / name, work / folder / name)
    (work / "inbox" / "desk").mkdir()
    shutil.copyfile(EXAMPLES / "en_body_list.txt", work / "inbox" / "desk" / "list.txt")
    shutil.copytree(work / "inbox", work / "data" / "inbox")  # the Job's volume
    (work / ".venv").symlink_to(ROOT / ".venv")  # as in a checkout after `make demo`
    (work / "benchmarks").symlink_to(ROOT / "benchmarks")
    return work


#: A stand-in for Slurm's sbatch: runs the --wrap command once per --array index, with
#: SLURM_ARRAY_TASK_ID set, and prints a job id with --parsable.
SBATCH = """#!/usr/bin/env python3
import os, subprocess, sys
args = sys.argv[1:]
wrap = next(a.split("=", 1)[1] if "=" in a else args[i + 1]
            for i, a in enumerate(args) if a.startswith("--wrap"))
indexes = [None]
for a in args:
    if a.startswith("--array="):
        first, last = a.split("=", 1)[1].split("-")
        indexes = range(int(first), int(last) + 1)
for index in indexes:
    env = dict(os.environ)
    if index is not None:
        env["SLURM_ARRAY_TASK_ID"] = str(index)
    code = subprocess.run(["sh", "-c", wrap], env=env).returncode
    if code:
        sys.exit(code)
if "--parsable" in args:
    print(4242)
"""


def _script(block: Block, work: Path, port: int) -> str:
    """The block as one bash script: set -e, servers in the background (killed at the
    end), the watcher fed a brief and stopped with SIGTERM."""
    substitute = {
        "tcp://HOST:8786": f"tcp://127.0.0.1:{port}",
        "--host 0.0.0.0 --port 8786": f"--host 127.0.0.1 --port {port} "
        "--dashboard-address 127.0.0.1:0",
        "/srv/briefs": str(work),
        "/opt/reportkit/.venv/bin/reportkit": str(BIN / "reportkit"),
        "/var/log/reportkit.log": str(work / "reportkit.log"),
        " /data/": f" {work}/data/",
        "'./[": f"'{ROOT}/[",
        "make demo": f"make -C {ROOT} demo OUT={work}/out",
        "make bench BENCH_ARGS=--quick": f"make -C {ROOT} bench BENCH_ARGS=--quick",
    }
    lines = ["set -euo pipefail", "trap 'kill $(jobs -p) 2>/dev/null || true' EXIT"]
    if any(c.startswith("pip install") for c in block.commands):
        lines += [f"{sys.executable} -m venv venv", 'export PATH="$PWD/venv/bin:$PATH"']
    for command in block.commands:
        if claimed(command):
            continue
        for old, new in substitute.items():
            command = command.replace(old, new)
        if command.startswith("dask "):
            lines.append(f"{command} > {command.split()[1]}.log 2>&1 &")
            if command.startswith("dask worker"):  # convert waits for it, up to 30 s
                lines.append("sleep 1")
        elif command.startswith("reportkit watch"):
            lines += [
                f"{command} & watcher=$!",
                "sleep 3; cp examples/en_pdf_extracted.txt inbox/new.txt",
                "for i in $(seq 120); do [ -s reports/new.docx ] && break; sleep 1; done",
                # a service stopped by its manager: a clean stop, exit code 0
                "kill -TERM $watcher; wait $watcher",
                "[ -s reports/new.pdf ] && [ -s reports/new.docx ]",
            ]
        else:
            lines.append(command)
    return "\n".join(lines) + "\n"


#: What a command must have made, beyond exiting 0 (paths in the scratch folder).
MADE = {
    r".*reportkit convert examples/en_digest\.txt$": ["examples/en_digest.pdf"],
    r".*reportkit convert examples/\*\.txt -f pdf -f html -o reports/": [
        "reports/en_digest.pdf",
        "reports/ru_cp1251.html",
    ],
    r".*reportkit convert brief\.txt -o brief\.docx": ["brief.docx"],
    r".*reportkit convert brief\.txt -o - > brief\.pdf": ["brief.pdf"],
    r".*reportkit parse - -o brief\.json": ["brief.json"],
    r"reportkit brands new acme --from default": ["templates/acme/_brand.yml"],
    r"reportkit brands new house --from default": ["templates/house/_brand.yml"],
    r"reportkit brands new house-fork --copy": ["templates/house-fork/report.css"],
    r"make demo": ["out/en_digest.pdf", "out/en_digest.docx", "out/en_digest.json"],
    r"reportkit convert briefs/ -o out/ --executor dask": ["out/ru_cp1251.pdf"],
    r"sbatch --dependency": ["reports/en_digest.pdf", "reports/list.pdf"],
    r"cd /srv/briefs && ": ["reports/list.pdf"],
    r"reportkit manifest merge /data/reports/": [
        "data/reports/list.pdf",
        "data/reports/.reportkit-manifest.json",
    ],
}


def _runnable() -> list[Block]:
    return [b for b in blocks() if any(not claimed(c) for c in b.commands)]


@pytest.mark.parametrize("block", _runnable(), ids=lambda b: b.where)
def test_the_documented_commands_work(block: Block, tmp_path: Path) -> None:
    work = _scratch(tmp_path)
    tools = tmp_path / "tools"
    tools.mkdir()
    (tools / "sbatch").write_text(SBATCH, "utf-8")
    (tools / "sbatch").chmod(0o755)
    script = _script(block, work, _free_port())
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")}
    env.pop("VIRTUAL_ENV", None)
    env["PATH"] = os.pathsep.join([str(BIN), str(tools), env.get("PATH", "")])
    proc = subprocess.Popen(
        ["bash", "-c", script],
        cwd=work,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        output, _ = proc.communicate(timeout=900)
    finally:
        with contextlib.suppress(ProcessLookupError):  # servers a failed line left
            os.killpg(proc.pid, signal.SIGKILL)
    text = output.decode("utf-8", "replace")
    assert proc.returncode == 0, f"{block.where}\n{script}\n{text[-4000:]}"
    for command in block.commands:
        for pattern, files in MADE.items():
            if re.match(pattern, command):
                for made in files:
                    path = work / made
                    assert path.is_file() and path.stat().st_size, f"{block.where}: {made}"
                    if made.endswith(".pdf"):
                        assert path.read_bytes().startswith(b"%PDF-"), made


def test_the_generated_pages_are_fresh() -> None:
    """docs/reference.md (every --help) and docs/schema.md (every model field) are what
    scripts/reference.py writes today: run it after changing an option or a field."""
    for page, make in reference.PAGES.items():
        assert page.read_text("utf-8") == make(), f"{page.name} is stale: run scripts/reference.py"


def test_every_link_between_pages_resolves() -> None:
    for page in [*DOCS, ROOT / "benchmarks" / "RESULTS.md", ROOT / "CHANGELOG.md"]:
        text = re.sub(r"```.*?```|`[^`\n]*`", "", page.read_text("utf-8"), flags=re.S)
        for target in re.findall(r"(?<!\\)\[[^\]]*\]\(([^)#\s]+)(?:#[\w-]+)?\)", text):
            if re.match(r"[a-z]+:", target):
                continue  # a web address
            assert (page.parent / target).exists(), f"{page.relative_to(ROOT)}: {target}"
