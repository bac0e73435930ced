"""JSON text that can always be written as UTF-8.

A file name that is not UTF-8 (Latin-1 from an old share) reaches Python as text with
lone surrogates (``os.fsdecode``'s ``surrogateescape``); ``json.dumps(ensure_ascii=False)``
keeps them, and encoding the text then fails. They are written as ``\\udcXX`` escapes,
which ``json.loads`` reads back as the same characters: the manifest still finds the file.
"""

from __future__ import annotations

import json
import re
from typing import Any

_SURROGATE = re.compile("[\ud800-\udfff]")


def dumps(value: Any, **options: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, **options)``, lone surrogates escaped (they
    occur only inside strings, so the escape is always in a string)."""
    text = json.dumps(value, ensure_ascii=False, **options)
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
