"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXPECTED = ROOT / "tests" / "expected"
#: Read-only material beside the project checkout (the canonical seed, peer inputs).
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_c373340a84fe3291.txt"


def _json_options():
    from reportkit.batch.runner import RenderOptions

    return RenderOptions(
        formats=("json",),
        brand="default",
        brand_forced=True,
        lang=None,
        toc=None,
        pdf_variant=None,
        name="{stem}",
        templates=(),
    )


#: Render options of a JSON-only conversion with the default brand, for executor tests.
JSON_OPTIONS = _json_options()


def model_strings(value: Any) -> Iterator[str]:
    """Every string anywhere inside a ``Brief.to_dict()`` value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from model_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from model_strings(item)


@pytest.fixture
def seed_bytes() -> bytes:
    if not SEED.exists():
        pytest.skip(f"the canonical seed brief is not present at {SEED}")
    return SEED.read_bytes()


# Hypothesis profiles: ``default`` keeps the everyday run short; ``long`` searches deeper:
#     pytest --hypothesis-profile=long tests/hostile/test_fuzz.py
settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "long",
    max_examples=2000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def pytest_configure(config: pytest.Config) -> None:
    # Hypothesis's own plugin loads --hypothesis-profile; without it, use ours.
    if not config.getoption("--hypothesis-profile", default=None):
        settings.load_profile("default")


def reportkit_env(**extra: str) -> dict[str, str]:
    """This environment without REPORTKIT_* settings (a developer's own must not leak
    into a test), plus ``extra``."""
    return {k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")} | extra


def cli(
    *args: str | Path, cwd: Path, timeout: float = 120, **extra_env: str
) -> subprocess.CompletedProcess:
    """``python -m reportkit ARGS`` in ``cwd``, output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        cwd=cwd,
        env=reportkit_env(**extra_env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
