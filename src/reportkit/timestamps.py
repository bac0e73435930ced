"""The creation time of reports: now, or ``SOURCE_DATE_EPOCH`` for reproducible builds
(https://reproducible-builds.org/specs/source-date-epoch/), read in one place."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime


def source_date_epoch() -> int | None:
    """``SOURCE_DATE_EPOCH`` of this process, if set to a whole number of seconds."""
    value = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return int(value) if value.isdigit() else None


def creation_time() -> datetime:
    """Now, or ``SOURCE_DATE_EPOCH`` when set."""
    epoch = source_date_epoch()
    return datetime.fromtimestamp(int(time.time()) if epoch is None else epoch, tz=UTC)
