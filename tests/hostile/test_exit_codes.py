"""A sweep of malformed settings, inputs, names, output folders and brand files: none is
an internal error (exit 70), none prints a traceback, each gets its documented code.

Codes: 1 a brief could not be used or an output not written (the others are converted),
2 a setting or a brand is wrong (nothing is converted). Each case runs the CLI in a
subprocess with a timeout; a case is a few lines of setup and the code it must give.
"""

# ruff: noqa: E501 -- the table of cases reads best one case a line

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from hostile.helpers import clean_env, make_brief
from reportkit.brand.search import builtin_dir

GOOD = make_brief("Traffic on the corridor grew by 12% in the first quarter.")
Setup = Callable[[Path], None]


def nothing(root: Path) -> None:
    pass


def file(name: str, data: bytes | str) -> Setup:
    def setup(root: Path) -> None:
        path = root / os.fsdecode(name) if isinstance(name, bytes) else root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            path.write_text(data, "utf-8")
        else:
            path.write_bytes(data)

    return setup


def both(*steps: Setup) -> Setup:
    def setup(root: Path) -> None:
        for step in steps:
            step(root)

    return setup


def brand(files: dict[str, bytes | str]) -> Setup:
    return both(*(file(f"brands/bad/{name}", data) for name, data in files.items()))


def reference(data: bytes) -> Setup:
    return brand({"_brand.yml": "meta: {name: Bad}\n", "reference.docx": data})


def not_a_package_of_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "not Word")
    return out.getvalue()


def fifo(name: str) -> Setup:
    return lambda root: os.mkfifo(root / name)


def folder(name: str) -> Setup:
    return lambda root: (root / name).mkdir(parents=True)


DEFAULT_DOCX = (builtin_dir() / "default" / "reference.docx").read_bytes()
CONVERT = ["convert", "a.txt", "-f", "json", "-o", "out/"]

# name, setup, arguments, environment, expected exit code
CASES: list[tuple[str, Setup, list[str], dict[str, str], int]] = [
    # numbers out of range, in every place a number can come from
    ("jobs-zero", nothing, [*CONVERT, "--jobs", "0"], {}, 2),
    ("jobs-huge", nothing, [*CONVERT, "--jobs", "1e20"], {}, 2),
    ("jobs-env-text", nothing, CONVERT, {"REPORTKIT_JOBS": "many"}, 2),
    ("jobs-env-5000", nothing, CONVERT, {"REPORTKIT_JOBS": "5000"}, 2),
    ("jobs-toml", file("reportkit.toml", "jobs = 100000\n"), CONVERT, {}, 2),
    ("jobs-toml-type", file("reportkit.toml", 'jobs = "x"\n'), CONVERT, {}, 2),
    ("max-bytes-zero", nothing, [*CONVERT, "--max-bytes", "0"], {}, 2),
    ("max-bytes-huge", nothing, [*CONVERT, "--max-bytes", "1000000000000"], {}, 2),
    ("max-bytes-env", nothing, CONVERT, {"REPORTKIT_MAX_BYTES": "-1"}, 2),
    ("timeout-negative", nothing, [*CONVERT, "--timeout", "-1"], {}, 2),
    ("timeout-nan", nothing, [*CONVERT, "--timeout", "nan"], {}, 2),
    ("timeout-inf", nothing, [*CONVERT, "--timeout", "inf"], {}, 2),
    # names
    ("name-unclosed", nothing, [*CONVERT, "--name", "{stem"], {}, 2),
    ("name-unknown-field", nothing, [*CONVERT, "--name", "{nope}"], {}, 2),
    ("name-absolute", nothing, [*CONVERT, "--name", "/etc/{stem}"], {}, 2),
    ("name-empty", nothing, [*CONVERT, "--name", ""], {}, 2),
    ("name-attribute", nothing, [*CONVERT, "--name", "{stem.__class__}"], {}, 2),
    ("name-index", nothing, [*CONVERT, "--name", "{stem[0]}"], {}, 2),
    ("name-too-long", nothing, [*CONVERT, "--name", "{stem}" + "x" * 300], {}, 1),
    ("name-nul", nothing, [*CONVERT, "--name", "a\x01b"], {}, 0),
    # settings files
    ("config-dev-zero", nothing, CONVERT, {"REPORTKIT_CONFIG": "/dev/zero"}, 2),
    ("config-missing", nothing, CONVERT, {"REPORTKIT_CONFIG": "nope.toml"}, 2),
    ("config-folder", folder("conf"), CONVERT, {"REPORTKIT_CONFIG": "conf"}, 2),
    ("config-not-toml", file("reportkit.toml", "jobs = = 2\n"), CONVERT, {}, 2),
    ("config-binary", file("reportkit.toml", b"\xff\xfe\x00bad"), CONVERT, {}, 2),
    ("config-unknown-key", file("reportkit.toml", "jbos = 2\n"), CONVERT, {}, 2),
    ("format-unknown", nothing, ["convert", "a.txt", "-f", "odt"], {}, 2),
    ("pdf-variant-unknown", nothing, [*CONVERT, "--pdf-variant", "pdf/z-9"], {}, 2),
    ("shard-out-of-range", nothing, [*CONVERT, "--shard", "5/2"], {}, 2),
    ("shard-zero", nothing, [*CONVERT, "--shard", "0/0"], {}, 2),
    ("executor-env", nothing, CONVERT, {"REPORTKIT_EXECUTOR": "spark"}, 2),
    # brands
    ("brand-missing", nothing, [*CONVERT, "--brand", "nope"], {}, 2),
    ("brand-path-missing", nothing, [*CONVERT, "--brand", "./nope"], {}, 2),
    ("brand-yaml-list", brand({"_brand.yml": "- a\n- b\n"}), [*CONVERT, "--brand", "./brands/bad"], {}, 2),
    ("brand-yaml-broken", brand({"_brand.yml": "meta: {name: [\n"}), [*CONVERT, "--brand", "./brands/bad"], {}, 2),
    ("brand-yaml-binary", brand({"_brand.yml": b"\x00\xff\xfe"}), [*CONVERT, "--brand", "./brands/bad"], {}, 2),
    ("brand-key-facts-max", brand({"_brand.yml": "meta: {name: B}\ndefaults:\n  reportkit:\n    key_facts_max: 1000\n"}), [*CONVERT, "--brand", "./brands/bad"], {}, 2),
    ("reference-truncated", reference(DEFAULT_DOCX[:4000]), ["convert", "a.txt", "-f", "docx", "-o", "out/", "--brand", "./brands/bad"], {}, 2),
    ("reference-not-zip", reference(b"hello"), ["convert", "a.txt", "-f", "docx", "-o", "out/", "--brand", "./brands/bad"], {}, 2),
    ("reference-wrong-parts", reference(not_a_package_of_word()), ["convert", "a.txt", "-f", "docx", "-o", "out/", "--brand", "./brands/bad"], {}, 2),
    ("reference-folder", both(brand({"_brand.yml": "meta: {name: Bad}\n"}), folder("brands/bad/reference.docx")), ["convert", "a.txt", "-f", "docx", "-o", "out/", "--brand", "./brands/bad"], {}, 2),
    ("css-binary", brand({"_brand.yml": "meta: {name: Bad}\ndefaults:\n  reportkit:\n    extends: default\n", "report.css": b"\xff\x00\xfe"}), ["convert", "a.txt", "-f", "pdf", "-o", "out/", "--brand", "./brands/bad"], {}, 0),
    ("template-syntax", brand({"_brand.yml": "meta: {name: Bad}\ndefaults:\n  reportkit:\n    extends: default\n", "report.html.j2": "{% if %}"}), ["convert", "a.txt", "-f", "html", "-o", "out/", "--brand", "./brands/bad"], {}, 2),
    # output folders and what is in them
    ("output-is-a-file", file("afile", "x"), ["convert", "a.txt", "-f", "json", "-o", "afile/"], {}, 2),
    ("output-under-a-file", file("afile", "x"), ["convert", "a.txt", "-f", "json", "-o", "afile/sub/"], {}, 2),
    ("lock-is-a-folder", folder("out/.reportkit.lock"), CONVERT, {}, 1),
    ("manifest-is-a-folder", folder("out/.reportkit-manifest.json"), CONVERT, {}, 0),
    ("manifest-wrong-shape", file("out/.reportkit-manifest.json", '{"entries": [null]}'), CONVERT, {}, 0),
    ("manifest-binary", file("out/.reportkit-manifest.json", b"\xff\xfe\x00"), CONVERT, {}, 0),
    ("output-file-is-a-folder", folder("out.json"), ["convert", "a.txt", "-f", "json", "-o", "out.json"], {}, 0),
    # briefs
    ("brief-empty", file("e.txt", ""), ["convert", "a.txt", "e.txt", "-f", "json", "-o", "out/"], {}, 1),
    ("brief-binary", file("e.txt", b"\x00\x01\x02PK\x03\x04" * 100), ["convert", "a.txt", "e.txt", "-f", "json", "-o", "out/"], {}, 1),
    ("brief-fifo", fifo("e.txt"), ["convert", "a.txt", "e.txt", "-f", "json", "-o", "out/"], {}, 1),
    ("brief-folder-named", folder("e.txt"), ["convert", "a.txt", "e.txt", "-f", "json", "-o", "out/"], {}, 0),
    ("brief-missing", nothing, ["convert", "a.txt", "nope.txt", "-f", "json", "-o", "out/"], {}, 1),
    ("brief-latin1-name", file(b"in/caf\xe9.txt", GOOD), ["convert", "in/", "-f", "json", "-f", "pdf", "-o", "out/"], {}, 0),
    ("brief-255-bytes", file("in/" + "a" * 251 + ".txt", GOOD), ["convert", "in/", "a.txt", "-f", "json", "-o", "out/"], {}, 1),
    ("brief-over-max-bytes", file("e.txt", GOOD * 100), ["convert", "a.txt", "e.txt", "-f", "json", "-o", "out/", "--max-bytes", "1000"], {}, 1),
    ("parse-folder", folder("d"), ["parse", "d"], {}, 1),
    ("parse-fifo", fifo("p"), ["parse", "p"], {}, 1),
    ("parse-binary", file("e.bin", b"\x00" * 100), ["parse", "e.bin"], {}, 1),
]  # fmt: skip


#: Code-1 cases where no brief can be converted (the output folder is unusable).
NOTHING_CONVERTS = {"lock-is-a-folder", "name-too-long"}


@pytest.mark.parametrize("case, setup, args, env, code", CASES, ids=[case[0] for case in CASES])
def test_no_malformed_setting_or_input_is_an_internal_error(
    tmp_path: Path, case: str, setup: Setup, args: list[str], env: dict[str, str], code: int
) -> None:
    import subprocess
    import sys

    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    setup(tmp_path)
    proc = subprocess.run(
        [sys.executable, "-m", "reportkit", *args],
        cwd=tmp_path,
        env=clean_env(**env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
    )
    stderr = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in stderr, stderr
    assert "internal error" not in stderr, stderr
    assert proc.returncode == code, stderr
    if code == 2:  # a setting: one line, and nothing converted
        assert len(stderr.strip().splitlines()) == 1, stderr
        out = tmp_path / "out"
        assert not (out.is_dir() and any(p.suffix == ".json" for p in out.iterdir()))
    if code == 1 and args[0] == "convert" and "a.txt" in args and case not in NOTHING_CONVERTS:
        assert (tmp_path / "out" / "a.json").is_file(), stderr  # the good brief converted


def test_the_sweep_covers_every_exit_code_and_kind() -> None:
    codes = {case[4] for case in CASES}
    assert codes == {0, 1, 2}
    assert len(CASES) >= 50
