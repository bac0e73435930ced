"""Every example, every shipped brand, every format: the same output as recorded.

A guard for refactorings: ``tests/golden/outputs.json`` holds a fingerprint of each
output (each DOCX member on its own). When an output changes on purpose, run
``python scripts/golden.py --write`` and say why in the commit.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import golden  # noqa: E402


@pytest.fixture(scope="module")
def recorded() -> dict:
    return json.loads(golden.GOLDEN.read_text("utf-8"))


@pytest.fixture(scope="module")
def rendered() -> dict[str, dict[str, str]]:
    return golden.render_all()


def test_every_example_is_recorded(recorded: dict, rendered: dict) -> None:
    assert sorted(rendered) == sorted(recorded["outputs"])


@pytest.mark.parametrize("fmt", [f for f in golden.FORMATS if f != "pdf"])
def test_outputs_are_unchanged(fmt: str, recorded: dict, rendered: dict) -> None:
    changed = [
        f"{key}: {part}"
        for key, parts in rendered.items()
        if key.endswith(f"/{fmt}")
        for part, digest in parts.items()
        if recorded["outputs"].get(key, {}).get(part) != digest
    ]
    assert not changed, "outputs changed (scripts/golden.py --write if meant):\n" + "\n".join(
        changed
    )


def test_pdfs_are_unchanged(recorded: dict, rendered: dict) -> None:
    """Byte for byte where the fonts and PDF libraries are those recorded; their text
    where they are not (a new pydyf may write the same page differently)."""
    same_environment = golden.environment() == recorded["environment"]
    part = "bytes" if same_environment else "text"
    changed = [
        key
        for key, parts in rendered.items()
        if key.endswith("/pdf") and recorded["outputs"].get(key, {}).get(part) != parts[part]
    ]
    assert not changed, f"PDF {part} changed:\n" + "\n".join(changed)
