"""The brief reader: bytes or text -> :class:`reportkit.model.Brief`.

Small, pure stages, each in its own module::

    decode -> front matter -> mail -> pages -> blocks -> structure
           -> facts + sources -> salience

``mail`` and ``pages`` take off what e-mail and PDF extraction wrap around a brief
(envelopes, quoting, signatures; running heads, page numbers) and report what they took.

Nothing here does I/O beyond the bytes it is given, and nothing knows about writers.
"""

from __future__ import annotations

import hashlib

from reportkit._version import __version__
from reportkit.model import Brief, Diagnostic, Meta
from reportkit.reader.blocks import split_lines
from reportkit.reader.decode import decode, normalise
from reportkit.reader.facts import extract_facts, parse_date
from reportkit.reader.frontmatter import split_front_matter
from reportkit.reader.language import detect_language
from reportkit.reader.mail import unwrap
from reportkit.reader.pages import remove_furniture
from reportkit.reader.salience import select_key_facts
from reportkit.reader.sources import collect_sources
from reportkit.reader.structure import Layout, build_layout
from reportkit.reader.text import WordSets

__all__ = ["read_brief"]


def read_brief(data: bytes | str, *, source_file: str | None = None) -> Brief:
    """Parse a brief. ``data`` is the raw file (bytes) or already-decoded text (str).

    Raises :class:`reportkit.errors.InputError` when the input is not a usable brief.
    """
    if isinstance(data, str):
        raw = data.encode("utf-8", errors="surrogatepass")
        text, diagnostics = normalise(data.removeprefix("\ufeff"))
        encoding = "utf-8"
        if not text.strip():
            from reportkit.errors import InputError

            raise InputError("is empty" if not text else "contains only whitespace")
    else:
        raw = data
        decoded = decode(data)
        text, encoding, diagnostics = decoded.text, decoded.encoding, decoded.diagnostics

    front = split_front_matter(text)
    diagnostics += front.diagnostics
    lines = list(enumerate(front.body.split("\n"), start=front.body_line))
    mail = unwrap(lines)  # an e-mail's envelope, quoting, signature and notice
    paged = remove_furniture(mail.lines)  # PDF text: running heads, page numbers
    diagnostics += mail.diagnostics + paged.diagnostics
    blocks = split_lines(paged.lines)
    layout = build_layout(blocks)
    body_text = "\n".join(t for _, t in paged.lines)
    language = front.values.get("language") or detect_language(body_text)

    meta = Meta(
        title=layout.title,
        rubric=layout.rubric,
        language=language,
        encoding=encoding,
        source_file=source_file,
        sha256=hashlib.sha256(raw).hexdigest(),
        generator=f"reportkit {__version__}",
        email=mail.email,
        summary=layout.summary,
    )
    for key, (value, line) in layout.header.items():
        _set_meta(meta, key, value, line, diagnostics)
    for key, value in front.values.items():
        _set_meta(meta, key, value, 1, diagnostics)
    diagnostics += layout.diagnostics
    if meta.title is None and mail.email is not None and mail.email.subject:
        meta.title = mail.email.subject  # no title line: the e-mail's subject names it
        diagnostics.append(
            Diagnostic("info", "title-from-subject", "no title line: the e-mail's subject is")
        )
    if meta.title is not None:
        diagnostics = [d for d in diagnostics if d.code != "no-title"]
    if meta.date is None and mail.email is not None and mail.email.date:
        # no date line: the day the brief was sent dates it ("Tue, 12 Mar 2024 at 09:41")
        meta.date = parse_date(mail.email.date)
        if meta.date is not None:
            meta.date_text = mail.email.date
            diagnostics.append(
                Diagnostic(
                    "info",
                    "date-from-email",
                    f"no date line: dated by the e-mail's ({mail.email.date})",
                )
            )

    paragraphs = [(p.id, p.text, p.line) for s in layout.sections for p in s.paragraphs]
    paragraphs += [(c.id, c.text, c.line) for c in layout.conclusions.items]
    words = WordSets()  # each paragraph's words, shared by the two stages below
    facts = extract_facts(((pid, text) for pid, text, _ in paragraphs), language, words)
    marked = [(p.id, p.inline) for s in layout.sections for p in s.paragraphs]
    marked += [(c.id, c.inline) for c in layout.conclusions.items]
    links = {
        pid: [(i.start, i.end, i.href) for i in inline if i.kind == "link" and i.href]
        for pid, inline in marked
    }
    sources, source_notes, refs = collect_sources(
        layout.origins, layout.entries, paragraphs, facts, words, links
    )
    diagnostics += source_notes
    for section in layout.sections:
        for paragraph in section.paragraphs:
            paragraph.refs = refs.get(paragraph.id, [])
    for item in layout.conclusions.items:
        item.refs = refs.get(item.id, [])

    diagnostics += _links_left_out(blocks, layout, sources)
    return Brief(
        meta=meta,
        sections=layout.sections,
        facts=facts,
        conclusions=layout.conclusions,
        sources=sources,
        diagnostics=sorted(diagnostics, key=lambda d: d.line or 0),
        key_facts=select_key_facts(
            facts,
            (p.id for s in layout.sections for p in s.paragraphs if p.lead),
            (p.id for s in layout.sections for p in s.paragraphs if p.kind == "table"),
        ),
    )


def _links_left_out(blocks: list, layout: Layout, sources: list) -> list[Diagnostic]:
    """A link whose text ended where links are not kept (a rubric, a cue, a summary) is
    named in a diagnostic: its URL must not leave the brief unreported."""
    kept = {s.url for s in sources if s.url}
    kept |= {
        i.href
        for part in [*(p for s in layout.sections for p in s.paragraphs), *layout.conclusions.items]
        for i in part.inline
    }
    out = []
    for block in blocks:
        for link in block.inline:
            if link.kind == "link" and link.href not in kept:
                kept.add(link.href)
                out.append(
                    Diagnostic(
                        "info",
                        "link-dropped",
                        f"the link of {block.text[link.start : link.end]!r} is not kept "
                        f"there: {link.href}",
                        line=block.line,
                    )
                )
    return out


def _set_meta(meta: Meta, key: str, value: str, line: int, diagnostics: list[Diagnostic]) -> None:
    """Set a metadata field; dates are stored in ISO form and as written."""
    if key == "date":
        meta.date_text = value
        iso = parse_date(value, whole=True)
        if iso is None:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "date-unparsed",
                    f"date {value!r} is not a recognised date; kept as written",
                    line=line,
                )
            )
        value = iso or value
    setattr(meta, key, value)
