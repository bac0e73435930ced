"""Which language a brief is written in, by script: enough to pick cue data and labels."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

#: Script name (first word of the Unicode character name) -> language code.
SCRIPTS = {"CYRILLIC": "ru", "ARABIC": "ar", "HEBREW": "he", "GREEK": "el", "LATIN": "en"}
#: Characters inspected; a brief's language shows long before its end.
SAMPLE = 20_000
_ASCII = re.compile("[\x00-\x7f]+")
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def detect_language(text: str) -> str:
    """The language of the dominant script ("ru" for Cyrillic); "en" by default."""
    sample = text[:SAMPLE]
    # ASCII letters are Latin: counted in C. Each other distinct character is named once
    # (a brief has a few dozen), not each of the 20,000.
    ascii_letters = len(sample.encode("ascii", "ignore").translate(None, _NOT_LETTERS))
    counts: dict[str, int] = {"LATIN": ascii_letters} if ascii_letters else {}
    for ch, n in Counter(_ASCII.sub("", sample)).items():
        if ch.isalpha():
            script = unicodedata.name(ch, "?").split(" ", 1)[0]
            if script in SCRIPTS:
                counts[script] = counts.get(script, 0) + n
    if not counts:
        return "en"
    return SCRIPTS[max(counts, key=counts.__getitem__)]
