"""Stage 1: bytes -> clean text.

Decides the encoding (BOM, strict UTF-8, mostly-UTF-8 with a few bad bytes, UTF-16
without BOM, then charset-normalizer), refuses binaries, and normalises what later stages
should never see: CR/CRLF newlines, tabs, non-breaking spaces, stray BOMs and the control
characters XML cannot hold (which would crash the DOCX writer). Every guess and every
removal becomes a diagnostic; nothing is changed silently.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field

from reportkit.chars import XML_INVALID_CHARS
from reportkit.errors import InputError
from reportkit.model import Diagnostic

#: Magic numbers of formats people mistake for text briefs.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or DOCX/XLSX/ODT)"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x7fELF", "an ELF executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a legacy Office document (DOC/XLS)"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"{\\rtf", "an RTF document"),
)

BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

#: What a brief's text loses: the characters XML 1.0 cannot hold (:mod:`reportkit.chars`),
#: but form feed and vertical tab, which become page and line breaks first; and DEL and
#: BOMs in the middle of text, which no report should show.
REMOVED_CHARACTERS = re.compile("[" + XML_INVALID_CHARS.replace("\x0b\x0c", "") + "\x7f\ufeff]")
#: Spaces that look like a space but break word matching.
ODD_SPACES = re.compile("[\u00a0\u2007\u202f\u2000-\u200a\u205f\u3000]")

#: Text has spaces between its words; decoded noise has none.
MIN_SPACE_RATIO = 0.02
#: Share of invalid bytes below which a UTF-8 text with a few broken bytes stays UTF-8.
MOSTLY_UTF8 = 0.02


@dataclass
class Decoded:
    text: str
    encoding: str
    diagnostics: list[Diagnostic] = field(default_factory=list)


def decode(data: bytes) -> Decoded:
    """Turn the raw bytes of a brief into normalised text.

    Raises :class:`InputError` for binaries and for input with no text at all.
    """
    sniff_binary(data)
    text, encoding, diagnostics = _to_text(data)
    # Bytes invalid in the chosen encoding became U+FFFD. They are located only now,
    # after normalising, so that the line number is right for CR-only files too.
    replaced = text.count("\ufffd") - _fffd_in_source(data, encoding)
    text, more = normalise(text)
    if replaced > 0:
        diagnostics.append(
            Diagnostic(
                "warning",
                "invalid-bytes",
                f"{replaced} byte sequence(s) invalid in {encoding} replaced with U+FFFD",
                line=_line_of(text, text.index("\ufffd")),
            )
        )
    diagnostics += more
    if not text.strip():
        raise InputError("is empty" if not text else "contains only whitespace")
    return Decoded(text, encoding, diagnostics)


def sniff_binary(data: bytes) -> None:
    """Refuse well-known binary formats by their magic numbers."""
    for magic, what in SIGNATURES:
        if data.startswith(magic):
            raise InputError(f"looks like {what}, not a plain-text brief")


def _to_text(data: bytes) -> tuple[str, str, list[Diagnostic]]:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace"), encoding, []

    if b"\x00" in data:
        encoding = _utf16_without_bom(data)
        if encoding is None:
            raise InputError("contains NUL bytes: looks like a binary file, not a text brief")
        note = Diagnostic(
            "warning", "encoding-guessed", f"no byte-order mark: decoded as {encoding}"
        )
        return data.decode(encoding, errors="replace"), encoding, [note]

    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass

    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    if _has_multibyte_utf8(text) and bad <= max(1, len(data) * MOSTLY_UTF8):
        # Valid UTF-8 with a few corrupt bytes: guessing a legacy code page would garble
        # every correct character to save a handful of broken ones.
        return text, "utf-8", []

    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    return _detect(data)


def _mixed_lines(data: bytes) -> tuple[str, str, list[Diagnostic]] | None:
    """A file whose lines are partly valid UTF-8 (with non-ASCII letters) and partly not
    was pasted together from two sources: keep the UTF-8 lines, and decode the others
    together in the encoding detected for them."""
    lines = data.split(b"\n")
    bad: list[int] = []
    utf8_letters = False
    for n, line in enumerate(lines):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            bad.append(n)
        else:
            utf8_letters = utf8_letters or any(ord(ch) > 0x7F for ch in text)
    if not bad or not utf8_letters:
        return None
    from charset_normalizer import from_bytes

    best = from_bytes(b"\n".join(lines[n] for n in bad)).best()
    if best is None or best.encoding is None or best.coherence == 0.0:
        return None
    encoding = codecs.lookup(best.encoding).name
    decoded = [
        line.decode(encoding, errors="replace") if n in set(bad) else line.decode("utf-8")
        for n, line in enumerate(lines)
    ]
    note = Diagnostic(
        "warning",
        "encoding-guessed",
        f"mixed encodings: {len(bad)} line(s) are not UTF-8 and were decoded "
        f"as {encoding} (detected)",
        line=bad[0] + 1,
    )
    return "\n".join(decoded), f"utf-8+{encoding}", [note]


def _fffd_in_source(data: bytes, encoding: str) -> int:
    """U+FFFD characters the input really contains (not produced by replacement)."""
    if encoding.startswith("utf-8"):
        return data.count("\ufffd".encode())
    return 0


def _detect(data: bytes) -> tuple[str, str, list[Diagnostic]]:
    """Ask charset-normalizer; imported here because most briefs are UTF-8."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        # No single encoding fits: often UTF-8 and a legacy code page mixed in one file.
        # Text with words is kept as UTF-8, bad bytes replaced (and reported); noise is not.
        text = data.decode("utf-8", errors="replace")
        if _space_ratio(text) >= MIN_SPACE_RATIO and _has_multibyte_utf8(text):
            note = Diagnostic(
                "warning",
                "encoding-guessed",
                "no single encoding fits (mixed encodings?): read as UTF-8",
            )
            return text, "utf-8", [note]
        raise InputError("is not text in any encoding reportkit recognises")
    encoding = codecs.lookup(best.encoding).name
    text = str(best)
    if best.coherence == 0.0 and _space_ratio(text) < MIN_SPACE_RATIO:
        # No language fits and there are no words: bytes that merely decode, not text.
        raise InputError(
            "is not text in any encoding reportkit recognises "
            f"(the best guess, {encoding}, gives no words)"
        )
    western = _western_european(data)
    if western is not None and encoding != "cp1252":
        # Short Latin-script text with a few accented letters is where detectors are
        # weakest (café -> cafķ as cp775); Windows-1252 is by far the likeliest there.
        text, encoding = western, "cp1252"
    note = Diagnostic("warning", "encoding-guessed", f"not UTF-8: decoded as {encoding} (detected)")
    return text, encoding, [note]


#: Non-ASCII characters that are normal in Western European text decoded as cp1252.
WESTERN_PUNCTUATION = frozenset("“”‘’„‚–—…«»€°§©®·•×±£¥¢¿¡ªº")
#: Above this share of non-ASCII letters the text is not mostly-ASCII Latin script.
WESTERN_MAX_SHARE = 0.25


def _western_european(data: bytes) -> str | None:
    """The cp1252 reading of ``data`` if it looks like Latin-script text with accents."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = non_ascii = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if ord(ch) > 0x7F:
                non_ascii += 1
        elif ord(ch) > 0x7F and ch not in WESTERN_PUNCTUATION:
            return None  # "³", "¹", "¤": a misread Central European or Cyrillic byte
    if not letters or non_ascii / letters > WESTERN_MAX_SHARE:
        return None  # Cyrillic code pages read as cp1252 are almost all accented letters
    return text


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 has NULs in only one byte of each pair: in the high byte of every ASCII
    character (a space, a digit). The guess must also decode to printable text."""
    sample = data[:4096]
    sample = sample[: len(sample) - len(sample) % 2]
    even, odd = sample[0::2], sample[1::2]
    if not even or not odd:
        return None
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul > 0.05 and even_nul < 0.01:
        encoding = "utf-16-le"
    elif even_nul > 0.05 and odd_nul < 0.01:
        encoding = "utf-16-be"
    else:
        return None
    text = sample.decode(encoding, errors="replace")
    printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
    return encoding if printable >= 0.95 * len(text) else None


def _space_ratio(text: str) -> float:
    return sum(ch.isspace() for ch in text) / max(1, len(text))


def _has_multibyte_utf8(text: str) -> bool:
    return any(ord(ch) > 0x7F and ch != "\ufffd" for ch in text)


def normalise(text: str) -> tuple[str, list[Diagnostic]]:
    """Newlines to LF, tabs and odd spaces to spaces, XML-invalid characters removed."""
    diagnostics: list[Diagnostic] = []
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A vertical tab ends a line; a form feed (a page end, in text extracted from a PDF)
    # is kept for the pages stage, which reads page boundaries from it and removes it.
    text = text.replace("\x0b", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n\n")
    text = text.expandtabs(4)
    text = ODD_SPACES.sub(" ", text)
    first = REMOVED_CHARACTERS.search(text)
    if first:
        count = len(REMOVED_CHARACTERS.findall(text))
        line = _line_of(text, first.start())
        text = REMOVED_CHARACTERS.sub("", text)
        diagnostics.append(
            Diagnostic(
                "warning",
                "chars-removed",
                f"{count} control or non-XML character(s) removed "
                f"(first: U+{ord(first.group()):04X})",
                line=line,
            )
        )
    return text, diagnostics


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1
