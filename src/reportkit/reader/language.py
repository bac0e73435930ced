"""Which language a brief is written in, by script: enough to pick cue data and labels."""

from __future__ import annotations

import unicodedata

#: Script name (first word of the Unicode character name) -> language code.
SCRIPTS = {"CYRILLIC": "ru", "ARABIC": "ar", "HEBREW": "he", "GREEK": "el", "LATIN": "en"}
#: Characters inspected; a brief's language shows long before its end.
SAMPLE = 20_000


def detect_language(text: str) -> str:
    """The language of the dominant script ("ru" for Cyrillic); "en" by default."""
    counts: dict[str, int] = {}
    for ch in text[:SAMPLE]:
        if ch.isalpha():
            script = unicodedata.name(ch, "?").split(" ", 1)[0]
            if script in SCRIPTS:
                counts[script] = counts.get(script, 0) + 1
    if not counts:
        return "en"
    return SCRIPTS[max(counts, key=counts.__getitem__)]
