"""Typographic punctuation for what a report prints: ’ for the apostrophe, “ ” for
straight double quotes, an en dash for a hyphen standing alone between spaces. Briefs
are typed (or translated) with typewriter marks; a report is typeset. Each mark is
replaced by one character, so offsets into the text (links, emphasis, sources) stay
valid; URLs are left as they are.
"""

from __future__ import annotations

import re

#: An apostrophe inside a word ("Kazakhstan's", "don't") or after a plural's s
#: ("analysts' view").
APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)|(?<=[sS])'(?=[\s.,;:!?)\]]|$)")
#: A straight double quote that opens (at the start, after a space or an opening mark).
OPENING = re.compile(r'(?:(?<=^)|(?<=[\s(\[{—–-]))"(?=\S)')
#: A hyphen between spaces is a dash ("INTERNAL - staff only", "Baku - Tbilisi").
SPACED_HYPHEN = re.compile(r"(?<= )-(?= )")
#: What is left alone: web addresses.
URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+", re.IGNORECASE)


def typographic(text: str) -> str:
    """``text`` with typewriter apostrophes and double quotes made typographic."""
    if "'" not in text and '"' not in text and " - " not in text:
        return text
    parts = []
    position = 0
    for url in URL.finditer(text):
        parts.append(_marks(text[position : url.start()]))
        parts.append(url.group())
        position = url.end()
    parts.append(_marks(text[position:]))
    return "".join(parts)


def _marks(text: str) -> str:
    text = SPACED_HYPHEN.sub("\u2013", APOSTROPHE.sub("\u2019", text))
    if '"' in text:
        text = OPENING.sub("\u201c", text).replace('"', "\u201d")
    return text
