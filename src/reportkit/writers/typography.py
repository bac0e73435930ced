"""What a report prints differs from what the brief says in two ways, both here.

Typographic punctuation (:func:`typographic`): ’ for the apostrophe, “ ” for straight
double quotes, an en dash for a hyphen standing alone between spaces. Briefs are typed
(or translated) with typewriter marks; a report is typeset. Each mark is replaced by one
character, so offsets into the text (links, emphasis, sources) stay valid; URLs are left
as they are.

Right-to-left runs isolated (:func:`isolated`): a Pashto or Hebrew name inside English
text takes the neutral characters around it into its own direction, so "(ننګرهار, 28%)"
printed as "(28 ,ننګرهار%)". Each run is wrapped in FIRST STRONG ISOLATE ... POP
DIRECTIONAL ISOLATE (UAX #9), the plain-text form of HTML's ``<bdi>``, which Pango
(PDF), browsers, Word and LibreOffice all honour. It adds characters, so it is applied
last, to text whose offsets are no longer needed.
"""

from __future__ import annotations

import re
import unicodedata

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


def _rtl_class() -> str:
    """A regex class of every strong right-to-left character (bidi classes R and AL)."""
    chars = [
        chr(c)
        for start, end in ((0x0590, 0x08FF), (0xFB1D, 0xFDFF), (0xFE70, 0xFEFF))
        for c in range(start, end + 1)
        if unicodedata.bidirectional(chr(c)) in ("R", "AL")
    ]
    return "[" + re.escape("".join(chars)) + "]"


_RTL = _rtl_class()
#: What may stand between the words of one right-to-left phrase: spaces, marks, joiners,
#: Arabic-Indic digits and the punctuation of names.
_INSIDE = (
    r"[\s\u0300-\u036f\u0610-\u061a\u064b-\u065f\u0660-\u0669\u0670"
    r"\u06d6-\u06ed\u06f0-\u06f9\u200c\u200d'’.\-]"
)
RTL_RUN = re.compile(rf"{_RTL}(?:{_INSIDE}*{_RTL})*")
FSI, PDI = "\u2068", "\u2069"


def isolated(text: str) -> str:
    """``text`` with every right-to-left run isolated from the text around it."""
    if not text or max(text) < "\u0590" or FSI in text:
        return text
    return RTL_RUN.sub(lambda m: FSI + m.group() + PDI, text)


#: The last two words of a title are kept together when they are at most this long
#: together: a title never ends on a line of one short word ("... ahead of the /
#: summer"), and a long pair is not pushed down whole, leaving a short line above it.
LAST_WORDS_CHARS = 14


#: A name of two capitalised words is kept on one line up to this many characters.
NAME_CHARS = 24


def kept_together(text: str) -> str:
    """A title as set: a no-break space before its last word, when the last two words
    are short and the title has three words or more, and inside a name of two capitalised words
    ("Amu Darya", "Qosh Tepa"; not the title's first word, capitalised anyway)."""
    words = text.split(" ")
    if len(words) < 3 or text.isupper():
        return text
    glue = [" "] * (len(words) - 1)
    for n in range(1, len(words) - 1):
        pair = words[n] + words[n + 1]
        if words[n][:1].isupper() and words[n + 1][:1].isupper() and len(pair) < NAME_CHARS:
            glue[n] = "\u00a0"
    if len(words[-2]) + len(words[-1]) <= LAST_WORDS_CHARS:
        glue[-1] = "\u00a0"
    return words[0] + "".join(g + w for g, w in zip(glue, words[1:], strict=True))


def printed(text: str) -> str:
    """Text as a report prints it, where no offsets into it are kept."""
    return isolated(typographic(text))
