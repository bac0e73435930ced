"""Helpers shared by the hostile catalogue: running the CLI, reading real outputs.

Everything here works on real outputs: the CLI in a subprocess (always with a timeout),
PDFs read back with pdftotext/qpdf/pypdf, DOCX read back with python-docx or
LibreOffice, HTML as text.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest

import reportkit
from conftest import clean_env, model_strings  # the suite's one definition
from conftest import cli as run_cli
from reportkit import api
from reportkit.model import Brief

#: Every subprocess gets this many seconds at most, unless a test says otherwise.
TIMEOUT = 120
#: What an output folder keeps on purpose.
BATCH_FILES = {".reportkit-manifest.json", ".reportkit.lock"}
MANIFEST = ".reportkit-manifest.json"
#: Bidirectional controls pdftotext writes around right-to-left runs.
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


# -- the command line -------------------------------------------------------------------------
def cli(
    *args: str | Path, cwd: Path, timeout: float = TIMEOUT, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """The suite's one runner (``conftest.cli``), with bytes out: hostile output need not
    be UTF-8."""
    return run_cli(*args, cwd=cwd, timeout=timeout, stdin=stdin, text=False)


def stderr_of(proc: subprocess.CompletedProcess[bytes]) -> str:
    return proc.stderr.decode("utf-8", "replace")


def assert_no_traceback(text: str) -> None:
    assert "Traceback" not in text, text
    assert "internal error" not in text, text


def assert_one_line_error(
    proc: subprocess.CompletedProcess[bytes], code: int, *fragments: str
) -> str:
    """The whole of stderr is one ``reportkit: error: ...`` line holding ``fragments``."""
    stderr = stderr_of(proc)
    assert proc.returncode == code, stderr
    assert_no_traceback(stderr)
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("reportkit: error: "), stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


def assert_brief_failed(
    proc: subprocess.CompletedProcess[bytes], name: str, *fragments: str
) -> str:
    """``convert`` reported ``name`` as failed in one line naming it; exit code 1."""
    stderr = stderr_of(proc)
    assert proc.returncode == 1, stderr
    assert_no_traceback(stderr)
    prefix = f"reportkit: error: {name}: "
    lines = [line for line in stderr.splitlines() if line.startswith(prefix)]
    assert len(lines) == 1, stderr
    for fragment in fragments:
        assert fragment in lines[0], (fragment, lines[0])
    return lines[0]


# -- briefs -----------------------------------------------------------------------------------
def make_brief(
    *paragraphs: str,
    title: str = "Ferry capacity on the Caspian route",
    rubric: str | None = "Analysis",
    cue: str | None = None,
    items: list[str] | None = None,
    source: str | None = "Reuters",
) -> str:
    """A brief in the documented shape: rubric, title, paragraphs, cue + items, source."""
    parts = [p for p in (rubric, title) if p is not None]
    parts += list(paragraphs)
    if cue is not None:
        parts.append(cue)
        parts += list(items or [])
    if source is not None:
        parts.append(f"Source: {source}")
    return "\n\n".join(parts) + "\n"


def model_blob(brief: Brief) -> str:
    return "\n".join(model_strings(brief.to_dict()))


def codes(brief: Brief) -> list[str]:
    return [d.code for d in brief.diagnostics]


def diagnostic(brief: Brief, code: str) -> Any:
    found = [d for d in brief.diagnostics if d.code == code]
    assert found, f"no {code!r} diagnostic in {[(d.code, d.message) for d in brief.diagnostics]}"
    return found[0]


def body_texts(brief: Brief) -> list[str]:
    return [p.text for p in brief.paragraphs()]


# -- rendering and reading outputs back -------------------------------------------------------
@functools.cache
def brand(name: str = "default") -> Any:
    from reportkit.brand import load_brand

    return load_brand(name)


def render(brief: Brief, fmt: str, brand_name: str = "default") -> api.Output:
    return api.render(brief, fmt, brand(brand_name))


def parse_and_render(text: str | bytes, fmt: str) -> tuple[Brief, api.Output]:
    brief = reportkit.parse(text)
    return brief, render(brief, fmt)


def squash(text: str) -> str:
    """Whitespace runs to one space; soft hyphens and bidi marks dropped."""
    text = BIDI_MARKS.sub("", text.replace("\u00ad", ""))
    return " ".join(text.split())


def pdf_text(data: bytes, folder: Path, *args: str) -> str:
    """What a reader of the PDF sees, extracted by pdftotext (raw UTF-8 text)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    path = folder / f"read-{hashlib.sha256(data).hexdigest()[:12]}.pdf"
    path.write_bytes(data)
    proc = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", *args, str(path), "-"],
        capture_output=True,
        timeout=TIMEOUT,
        check=True,
    )
    return proc.stdout.decode("utf-8")


def pdf_uncompressed(data: bytes, folder: Path) -> bytes:
    """The PDF with every stream decompressed (qpdf --qdf), to search its bytes."""
    if shutil.which("qpdf") is None:
        pytest.skip("qpdf is not installed")
    source = folder / f"in-{hashlib.sha256(data).hexdigest()[:12]}.pdf"
    target = source.with_name(source.stem + "-qdf.pdf")
    source.write_bytes(data)
    proc = subprocess.run(
        ["qpdf", "--qdf", "--object-streams=disable", str(source), str(target)],
        capture_output=True,
        timeout=TIMEOUT,
    )
    assert proc.returncode in (0, 3), proc.stderr  # 3: warnings only
    return target.read_bytes()


def docx_document(data: bytes) -> Any:
    import docx

    return docx.Document(io.BytesIO(data))


def docx_texts(data: bytes) -> list[str]:
    """Paragraph texts of the body and of every table cell (python-docx), without the
    paragraph number a body paragraph may carry in the margin ("7\t"), no-break spaces
    read as spaces (a title keeps its last two words together with one)."""
    document = docx_document(data)
    texts = [re.sub(r"^\d+\t", "", p.text) for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                texts += [p.text for p in cell.paragraphs]
    return [text.replace("\xa0", " ") for text in texts]


def docx_part(data: bytes, name: str = "word/document.xml") -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name).decode("utf-8")


def field_codes(xml: str) -> list[str]:
    """Instructions of every Word field in a part: complex (w:instrText) and simple."""
    complex_fields = re.findall(r"<w:instrText\b[^>]*>(.*?)</w:instrText>", xml, re.S)
    simple_fields = re.findall(r"<w:fldSimple\b[^>]*\bw:instr=\"([^\"]*)\"", xml)
    return complex_fields + simple_fields


def libreoffice_text(data: bytes, folder: Path) -> str:
    """The DOCX as LibreOffice lays it out, exported as plain text (list numbers included)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "report.docx"
    source.write_bytes(data)
    profile = folder / "lo-profile"
    proc = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "txt:Text",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        timeout=TIMEOUT,
    )
    target = folder / "report.txt"
    assert target.exists(), proc.stderr.decode("utf-8", "replace")
    return target.read_text("utf-8-sig")


def open_output(path: Path) -> None:
    """Open a finished output with a real reader; raises if it is incomplete."""
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path, strict=True)
        assert len(reader.pages) >= 1
        assert path.read_bytes().rstrip().endswith(b"%%EOF")
    elif path.suffix == ".docx":
        document = docx_document(path.read_bytes())
        assert document.paragraphs
    elif path.suffix == ".html":
        text = path.read_text("utf-8")
        assert text.lstrip().startswith("<!DOCTYPE html>") and text.rstrip().endswith("</html>")
    elif path.suffix == ".json":
        json.loads(path.read_text("utf-8"))
    else:
        raise AssertionError(f"unexpected output {path}")


def temporaries(folder: Path) -> list[Path]:
    """Temporary files (``.NAME.XXXX.tmp``) and other hidden files left in ``folder``."""
    return sorted(
        p
        for p in folder.rglob("*")
        if p.name.endswith(".tmp") or (p.name.startswith(".") and p.name not in BATCH_FILES)
    )


def manifest_entries(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    if not path.exists():
        return {}
    return json.loads(path.read_text("utf-8"))["entries"]


def assert_manifest_is_not_ahead(folder: Path) -> None:
    """Every output the manifest records exists, complete, with its recorded hash."""
    for name, entry in manifest_entries(folder).items():
        for output in entry["outputs"]:
            path = folder / output["path"]
            assert path.is_file(), (name, output)
            assert hashlib.sha256(path.read_bytes()).hexdigest() == output["sha256"], name
            open_output(path)


# -- processes --------------------------------------------------------------------------------
def live_group_members(pgid: int) -> list[int]:
    """Processes of group ``pgid`` that are alive (zombies are dead)."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        fields = text[text.rfind(")") + 2 :].split()
        state, group = fields[0], int(fields[2])
        if group == pgid and state not in ("Z", "X"):
            members.append(int(stat.parent.name))
    return members


def wait_for_group_to_end(pgid: int, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        members = live_group_members(pgid)
        if not members:
            return []
        time.sleep(0.05)
    return live_group_members(pgid)


#: A ``sitecustomize`` that holds every brief but ``b1.txt`` in its worker until a gate
#: file exists (see ``gate/sitecustomize.py``).
GATE_SITE = Path(__file__).resolve().parent / "gate"


def spawn_convert(
    args: list[str], cwd: Path, log: Path, *, gate: Path | None = None
) -> subprocess.Popen[bytes]:
    """``reportkit convert ARGS`` in the background, in a process group of its own (the
    test can end all of it), stderr to ``log`` (a file, not a pipe: orphans cannot hold
    it open). With ``gate``, briefs after ``b1.txt`` wait until that file exists: the
    run is certainly mid-batch until the test creates it."""
    env = clean_env()
    if gate is not None:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(GATE_SITE), env.get("PYTHONPATH")]))
        env["REPORTKIT_TEST_GATE"] = str(gate)
    with log.open("wb") as stderr_file:
        return subprocess.Popen(
            [sys.executable, "-m", "reportkit", "convert", *args],
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=stderr_file,
            start_new_session=True,
        )


def wait_for_output(folder: Path, suffix: str, proc: subprocess.Popen[bytes]) -> None:
    """Until a first ``*suffix`` file is in ``folder`` (the run is mid-batch)."""
    deadline = time.monotonic() + TIMEOUT
    while not (folder.is_dir() and any(p.suffix == suffix for p in folder.iterdir())):
        assert proc.poll() is None, "the run ended before any output appeared"
        assert time.monotonic() < deadline, "no output appeared"
        time.sleep(0.01)


def kill_group(pgid: int) -> None:
    """SIGKILL a process group this test started (its own session), if anything is left."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGKILL)
