"""Stage 1b: what e-mail wraps around a brief, taken off before blocks are made.

A brief that arrives by e-mail carries an envelope (``From:``, ``Sent:``, ``Subject:``;
``От:``, ``Тема:``), maybe a forwarding note and the envelopes of earlier forwards, then
the brief, then a signature and a confidentiality notice; a reply quotes it with ``> ``
on every line. None of that is the brief: the innermost envelope becomes
``meta.email`` (its subject may give a title), the quoting is removed, and the rest is
left out of the body with one diagnostic per part, so nothing disappears unreported.

Works on numbered lines (``(line number, text)``): removed lines keep the numbers of
the others, so diagnostics still point at the file as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from reportkit.model import Diagnostic, Email
from reportkit.reader import mailcues

Numbered = list[tuple[int, str]]

#: Non-blank lines a forwarding note (or the text between two forwarded envelopes) may
#: have: more, and the lines are the brief itself, with an envelope quoted inside.
MAX_NOTE_LINES = 6
#: Of the non-blank lines, the share that must be quoted ("> ") for a reply to be read
#: as its quoted message.
QUOTED_SHARE = 0.5
#: A signature is looked for in the last lines only; after a sign-off it has at most
#: this many short lines (name, role, telephone).
TAIL_LINES = 40
MAX_SIGNATURE_LINES = 8
MAX_SIGNATURE_CHARS = 90


@dataclass
class Unwrapped:
    lines: Numbered
    email: Email | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _full(patterns: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:{'|'.join(patterns)})\s*$", re.IGNORECASE)


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    labels = "|".join(re.escape(k) for k in sorted(mailcues.ENVELOPE, key=len, reverse=True))
    return {
        "header": re.compile(rf"^\s*(?P<label>{labels})\s*:\s*(?P<value>.*?)\s*$", re.IGNORECASE),
        "forward": _full(mailcues.FORWARD_MARKS),
        "intro": _full(mailcues.QUOTE_INTRO),
        "sign_off": _full(mailcues.SIGN_OFFS),
        "signature": _full(mailcues.SIGNATURE_MARKS),
        "disclaimer": re.compile(rf"^\s*(?:{'|'.join(mailcues.DISCLAIMERS)})$", re.IGNORECASE),
        "subject_prefix": re.compile(rf"^\s*{mailcues.SUBJECT_PREFIXES}", re.IGNORECASE),
    }


def unwrap(lines: Numbered) -> Unwrapped:
    """The brief inside an e-mail: quoting, envelopes, forwarding notes, signature and
    disclaimer taken off. Text that is no e-mail comes back unchanged."""
    out = Unwrapped(lines)
    out.lines = _unquote(out.lines, out.diagnostics)
    out.lines = _envelopes(out.lines, out)
    out.lines = _tail(out.lines, out.diagnostics)
    return out


# -- a reply: the quoted message is the brief ---------------------------------------------
_QUOTED = re.compile(r"^\s*(?:>\s?)+")


def _unquote(lines: Numbered, notes: list[Diagnostic]) -> Numbered:
    texts = [(n, t) for n, t in lines if t.strip()]
    quoted = [i for i, (_, t) in enumerate(lines) if _QUOTED.match(t)]
    if len(quoted) < 3 or len(quoted) < QUOTED_SHARE * len(texts):
        return lines
    first, last = quoted[0], quoted[-1]
    around = [(n, t) for n, t in lines[:first] + lines[last + 1 :] if t.strip()]
    if around:
        notes.append(
            Diagnostic(
                "info",
                "reply-removed",
                f"the reply around the quoted brief left out: {_joined(around)!r}",
                line=around[0][0],
            )
        )
    notes.append(
        Diagnostic(
            "info",
            "quoting-removed",
            "the brief is quoted ('>'): read inside",
            line=lines[first][0],
        )
    )
    return [(n, _QUOTED.sub("", t, count=1)) for n, t in lines[first : last + 1]]


# -- envelopes and forwarding notes --------------------------------------------------------
def _envelopes(lines: Numbered, out: Unwrapped) -> Numbered:
    """Remove every envelope at the top (with the notes and marks between them); the
    innermost gives ``meta.email``."""
    patterns = _patterns()
    start = 0  # the first line of what is left
    found: list[dict[str, str]] = []
    first_header: int | None = None
    note: list[tuple[int, str]] = []
    while True:
        envelope = _next_envelope(lines, start)
        if envelope is None:
            break
        begin, end, values = envelope
        between = [(n, t) for n, t in lines[start:begin] if t.strip()]
        if len(between) > MAX_NOTE_LINES:
            break
        note += [
            (n, t)
            for n, t in between
            if not patterns["forward"].match(t) and not patterns["intro"].match(t)
        ]
        found.append(values)
        first_header = begin if first_header is None else first_header
        start = end
    if not found:
        return lines
    inner = found[-1]
    subject = next((f["subject"] for f in reversed(found) if f.get("subject")), None)
    if subject is not None:
        subject = patterns["subject_prefix"].sub("", subject).strip() or None
    out.email = Email(sender=inner.get("from"), date=inner.get("date"), subject=subject)
    rest = lines[start:]
    # a forwarding mark right after the envelope ("---- Original Message ----" below it)
    while rest and (not rest[0][1].strip() or patterns["forward"].match(rest[0][1])):
        rest = rest[1:]
    removed = lines[: len(lines) - len(rest)]
    envelope_lines = [(n, t) for n, t in removed if (n, t) not in note and t.strip()]
    out.diagnostics.append(
        Diagnostic(
            "info",
            "email-envelope",
            f"{len(found)} e-mail envelope(s) read as metadata, not body: "
            f"{_joined(envelope_lines)!r}",
            line=lines[first_header or 0][0],
        )
    )
    if note:
        out.diagnostics.append(
            Diagnostic(
                "info",
                "forward-note-removed",
                f"forwarding note left out of the brief: {_joined(note)!r}",
                line=note[0][0],
            )
        )
    return rest


def _next_envelope(lines: Numbered, start: int) -> tuple[int, int, dict[str, str]] | None:
    """The next run of two or more header lines with a From or Subject among them:
    ``(first index, index after it, values by field)``."""
    header = _patterns()["header"]
    i = start
    while i < len(lines):
        if not header.match(lines[i][1]):
            i += 1
            continue
        j = i
        values: dict[str, str] = {}
        labels: set[str] = set()
        while j < len(lines) and (m := header.match(lines[j][1])):
            label = m.group("label").casefold()
            labels.add(label)
            key = mailcues.ENVELOPE[label]
            if key is not None and m.group("value") and key not in values:
                values[key] = m.group("value")
            j += 1
        if j - i >= 2 and labels & mailcues.ENVELOPE_ANCHORS:
            return i, j, values
        i = j
    return None


# -- signature and disclaimer ---------------------------------------------------------------
def _tail(lines: Numbered, notes: list[Diagnostic]) -> Numbered:
    """Cut what follows the brief: a confidentiality notice, and a signature after a
    sign-off ("Best regards,") or a ``--`` line. Only the last lines are searched, and a
    sign-off counts only when few short lines follow it."""
    patterns = _patterns()
    texts = [i for i, (_, t) in enumerate(lines) if t.strip()]
    if not texts:
        return lines
    tail = texts[-TAIL_LINES:]
    disclaimer = next((i for i in tail if patterns["disclaimer"].match(lines[i][1])), None)
    end = disclaimer if disclaimer is not None else len(lines)
    signature = None
    for i in tail:
        if i >= end:
            break
        text = lines[i][1]
        after = [k for k in texts if i < k < end]
        if patterns["signature"].match(text) or (
            patterns["sign_off"].match(text)
            and len(after) <= MAX_SIGNATURE_LINES
            and all(len(lines[k][1].strip()) <= MAX_SIGNATURE_CHARS for k in after)
        ):
            signature = i
            break
    cut = min(x for x in (signature, disclaimer, len(lines)) if x is not None)
    if signature is not None:
        notes.append(
            Diagnostic(
                "info",
                "signature-removed",
                f"signature left out of the brief: {_joined(lines[signature:end])!r}",
                line=lines[signature][0],
            )
        )
    if disclaimer is not None:
        notes.append(
            Diagnostic(
                "info",
                "disclaimer-removed",
                f"confidentiality notice left out of the brief: {_joined(lines[disclaimer:])!r}",
                line=lines[disclaimer][0],
            )
        )
    return lines[:cut]


def _joined(lines: Numbered) -> str:
    """The text of ``lines`` on one line: what a diagnostic says was left out, whole, so
    that nothing leaves the brief unreported."""
    return " ".join(" ".join(t.split()) for _, t in lines if t.strip())
