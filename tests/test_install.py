"""The README's install commands, run as written from this checkout: pipx, uv and pip each
install a `reportkit` that renders a PDF (issue 19). Each tool installs into a folder of
the test's own, never the user's."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES, ROOT

BIN = Path(sys.executable).parent


def install_commands() -> list[str]:
    readme = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"## Install\n.*?```sh\n(.*?)```", readme, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_readme_installs_with_three_tools_and_checks_the_system() -> None:
    assert install_commands() == [
        "pipx install ./",
        "uv tool install ./",
        "pip install ./ -c constraints.txt",
        "reportkit doctor",
    ]


@pytest.mark.parametrize("command", install_commands()[:3])
def test_an_install_command_gives_a_working_reportkit(command: str, tmp_path: Path) -> None:
    tool, *args = command.split()
    env = {
        **os.environ,
        "PIPX_HOME": str(tmp_path / "pipx"),
        "PIPX_BIN_DIR": str(tmp_path / "bin"),
        "UV_TOOL_DIR": str(tmp_path / "uv"),
        "UV_TOOL_BIN_DIR": str(tmp_path / "bin"),
    }
    env.pop("VIRTUAL_ENV", None)
    if tool == "pip":  # into a virtualenv of its own, as a user would
        subprocess.run([sys.executable, "-m", "venv", tmp_path / "venv"], check=True)
        argv = [str(tmp_path / "venv" / "bin" / "pip"), *args]
        installed = tmp_path / "venv" / "bin" / "reportkit"
    else:
        argv = [str(BIN / tool), *args]
        installed = tmp_path / "bin" / "reportkit"
    proc = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    out = tmp_path / "r.pdf"
    converted = subprocess.run(
        [installed, "convert", EXAMPLES / "en_digest.txt", "-o", out],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert converted.returncode == 0, converted.stderr
    assert out.read_bytes().startswith(b"%PDF-")
    doctor = subprocess.run([installed, "doctor"], capture_output=True, text=True, timeout=300)
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr


def test_the_long_description_has_no_image_or_link_that_points_nowhere(tmp_path: Path) -> None:
    """On an index, the README's relative screenshots and links to docs/ would break: the
    package's description leaves the screenshots out and writes those links out."""
    import zipfile

    proc = subprocess.run(
        [BIN / "pip", "wheel", "--no-deps", "-q", ".", "-w", tmp_path],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    (wheel,) = tmp_path.glob("reportkit-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = archive.read(name).decode("utf-8")
    description = metadata.split("\n\n", 1)[1]
    assert "Content-Type: text/markdown" in metadata
    assert "## Install" in description and "pipx install ./" in description
    assert ".png" not in description
    relative = re.findall(r"\]\((?!https?:)([^)]+)\)", description)
    assert relative == [], relative
    assert "`docs/usage.md`" in description  # the link, written out


def test_constraints_pin_every_dependency_within_the_declared_ranges() -> None:
    """pyproject.toml has lower bounds; constraints.txt the exact tested set, which must
    satisfy them (a deployment installs `pip install ./ -c constraints.txt`)."""
    import tomllib

    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    declared = [Requirement(r) for r in project["dependencies"]]
    declared += [
        Requirement(r) for group in project["optional-dependencies"].values() for r in group
    ]
    pins = {}
    for line in (ROOT / "constraints.txt").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    for requirement in declared:
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned), (requirement, pinned)


# -- the container image --------------------------------------------------------------------
def docker_can_build() -> bool:
    try:
        return subprocess.run(["docker", "info"], capture_output=True, timeout=20).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def system_packages() -> list[str]:
    """The runtime packages of scripts/system-deps.sh (its first bash array)."""
    script = (ROOT / "scripts" / "system-deps.sh").read_text("utf-8")
    block = script.split("packages=(", 1)[1].split(")", 1)[0]
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


def test_the_dockerfile_is_a_small_non_root_reportkit() -> None:
    """Checked as a linter would where no Docker daemon can build it (this test machine:
    the Docker client, no daemon): a Debian slim base, the system packages of
    system-deps.sh, the tested pins, an ordinary user, reportkit as the entry point."""
    from dockerfile_parse import DockerfileParser

    parser = DockerfileParser(path=str(ROOT / "Dockerfile"))
    assert re.fullmatch(r"python:3\.\d+-slim-bookworm", parser.baseimage)
    instructions = [(i["instruction"], i["value"]) for i in parser.structure]
    runs = " ".join(value for kind, value in instructions if kind == "RUN")
    assert "apt-get install -y --no-install-recommends" in runs
    assert "rm -rf /var/lib/apt/lists/*" in runs
    installed = set(re.findall(r"\b(?:lib|font)[\w.-]+", runs.split("rm -rf")[0]))
    assert set(system_packages()) <= installed | {"fontconfig"}
    assert "fontconfig" in runs
    assert "pip install ./ -c constraints.txt" in runs
    users = [value for kind, value in instructions if kind == "USER"]
    assert users and users[-1] not in ("root", "0")
    assert [v for k, v in instructions if k == "ENTRYPOINT"] == ['["reportkit"]']


@pytest.mark.skipif(not docker_can_build(), reason="no Docker daemon here: linted above")
def test_the_image_builds_and_converts(tmp_path: Path) -> None:
    tag = "reportkit-test:latest"
    subprocess.run(["docker", "build", "-q", "-t", tag, str(ROOT)], check=True, timeout=1800)
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "a.txt").write_bytes((EXAMPLES / "en_digest.txt").read_bytes())
    subprocess.run(
        ["docker", "run", "--rm", "-v", f"{tmp_path}:/work", tag, "convert", "briefs/",
         "-f", "pdf", "-o", "reports/"],
        check=True, timeout=600,
    )  # fmt: skip
    assert (tmp_path / "reports" / "a.pdf").read_bytes().startswith(b"%PDF-")
