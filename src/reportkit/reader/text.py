"""Small text helpers shared by the reader stages: sentence ends and sentence splitting."""

from __future__ import annotations

import re
from functools import cache

from reportkit.reader.cues import union

#: Closing marks that may follow the final punctuation of a sentence.
CLOSERS = "\"'”’»)]*_"
TERMINALS = ".!?…"
#: A line ending like this is a complete thought (colon and semicolon included: a line
#: ending with them is never wrapped mid-sentence on purpose).
LINE_END = re.compile(r"[.!?…:;][\"'”’»)\]*_]*$")


def ends_sentence(text: str) -> bool:
    """True when ``text`` ends with sentence-final punctuation (closers allowed)."""
    # Only the tail matters; searching a long paragraph from its start would make
    # re-joining wrapped lines quadratic.
    return bool(LINE_END.search(text[-16:].rstrip()))


def starts_lower(text: str) -> bool:
    first = text.lstrip()[:1]
    return first.isalpha() and first.islower()


_WORD = re.compile(r"\w+")


class WordSets(dict[str, frozenset[str]]):
    """Text -> its words, casefolded, computed on first use.

    Cue words are looked up in these sets before a slow pattern is run over the text.
    One instance lives for one parse, so the facts and sources stages share the work.
    """

    def __missing__(self, text: str) -> frozenset[str]:
        words = self[text] = frozenset(_WORD.findall(text.casefold()))
        return words


def squash(text: str) -> str:
    """Collapse runs of white space into single spaces."""
    return " ".join(text.split())


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.casefold() for a in union("abbreviations"))


# A candidate boundary: terminal punctuation, optional closers, then white space.
# It starts only where a run of stops starts, and takes the run whole (possessive): a
# 50 KB run of dots is then one attempt, not 50,000 attempts of 50 KB each.
_BOUNDARY = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»)\]]*+\s+")
_WORD_BEFORE = re.compile(r"([\w.]+)[.!?…]*$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Split a paragraph into sentence spans ``(start, end)``.

    Example: ``"Rep. Mike McCaul wrote. It passed."`` gives two sentences: "Rep." is a
    known abbreviation and a single capital ("J.") is an initial, neither ends a sentence.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        nxt = text[end : end + 1]
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“«'‘(["):
            continue
        if match.group()[0] == "." and _is_abbreviation(text, start, match.start() + 1):
            continue
        spans.append((start, match.end()))
        start = end
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, _rstrip_end(text, s, e)) for s, e in spans if text[s:e].strip()]


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def _rstrip_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


#: Abbreviations are short: only this much text before a full stop is looked at.
_REACH = 24


def _is_abbreviation(text: str, start: int, end: int) -> bool:
    """Does the full stop ending ``text[start:end]`` close an abbreviation or initial?"""
    # Searching only the tail keeps long sentences linear: "[\w.]+$" tried from the
    # sentence's start backtracks at every word.
    match = _WORD_BEFORE.search(text, max(start, end - _REACH), end)
    if not match or (match.start() == end - _REACH and match.start() > start):
        return False  # the word runs past the reach: a long word, no abbreviation
    word = match.group(1).rstrip(".")
    if len(word) == 1 and word.isalpha() and word.isupper():
        return True  # an initial: "J. Smith"
    return word.casefold() in _abbreviations()
