"""Loaded (as Python loads any ``sitecustomize``) by the runs the interruption tests
start with ``spawn_convert(..., gate=PATH)``: every brief but the first waits in its
worker until ``PATH`` exists. The test signals the run while they wait, so the run is
always mid-batch when the signal arrives, however fast or loaded the machine is."""

from __future__ import annotations

import os
import time

GATE = os.environ.get("REPORTKIT_TEST_GATE")
FIRST = "b1.txt"
WAIT_AT_MOST = 120.0

if GATE:
    from pathlib import Path

    import reportkit.batch.worker as worker

    real = worker._convert_into

    def gated(result, task):  # type: ignore[no-untyped-def]
        if Path(task.name).name != FIRST:
            deadline = time.monotonic() + WAIT_AT_MOST
            while not os.path.exists(GATE) and time.monotonic() < deadline:
                time.sleep(0.01)
        real(result, task)

    worker._convert_into = gated
