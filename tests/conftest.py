"""Shared paths and helpers for the test suite."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace
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
    from reportkit.batch.worker import RenderOptions

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


def clean_env(**extra: str) -> dict[str, str]:
    """This environment without REPORTKIT_* settings (a developer's own must not leak
    into a test: tests see the documented defaults), plus ``extra``."""
    return {k: v for k, v in os.environ.items() if not k.startswith("REPORTKIT_")} | extra


def cli(
    *args: str | Path,
    cwd: Path,
    timeout: float = 120,
    stdin: bytes | None = None,
    text: bool = True,
    **extra_env: str,
) -> subprocess.CompletedProcess:
    """``python -m reportkit ARGS`` in ``cwd`` with a timeout (a hang fails the test),
    output captured (as text, or bytes with ``text=False``); ``stdin`` bytes or none."""
    return subprocess.run(
        [sys.executable, "-m", "reportkit", *map(str, args)],
        cwd=cwd,
        env=clean_env(**extra_env),
        input=stdin,
        stdin=None if stdin is not None else subprocess.DEVNULL,
        capture_output=True,
        text=text if stdin is None else False,
        timeout=timeout,
    )


class CountingServer(ThreadingHTTPServer):
    """A real HTTP server on 127.0.0.1 that records every connection and request: what
    a brief or a brand names must never reach it."""

    def __init__(self, hits: list[str]) -> None:
        self.hits = hits

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                hits.append(f"{self.command} {self.path}")
                body = b"LOOPBACK-BODY"
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_HEAD = do_POST = do_GET

            def log_message(self, *args: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)

    def verify_request(self, request: Any, client_address: Any) -> bool:
        self.hits.append(f"connection from {client_address}")  # counted even if silent
        return True


@pytest.fixture(scope="module")
def loopback() -> Iterator[SimpleNamespace]:
    """A :class:`CountingServer` for a test module: ``port``, ``hits``, ``url(path)``."""
    hits: list[str] = []
    server = CountingServer(hits)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_address[1]
    try:
        yield SimpleNamespace(
            port=port, hits=hits, url=lambda path: f"http://127.0.0.1:{port}/{path}"
        )
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
