"""A readable outline of a parsed brief, for people checking what the reader found."""

from __future__ import annotations

from collections import Counter

from reportkit.model import Brief

WIDTH = 100


def render_outline(brief: Brief) -> str:
    """Rubric, title, sections with paragraph counts, facts, conclusions, sources and
    diagnostics, one item a line."""
    meta = brief.meta
    out = [
        f"Rubric:      {meta.rubric or '-'}",
        f"Title:       {meta.title or '-'}",
        f"Language:    {meta.language}    Encoding: {meta.encoding}    Date: {meta.date or '-'}",
    ]
    if meta.author or meta.classification:
        out.append(
            f"Author:      {meta.author or '-'}    Classification: {meta.classification or '-'}"
        )
    if meta.email is not None:
        email = meta.email
        out.append(f"E-mail:      from {email.sender or '-'}, {email.date or 'no date'}")
        out.append(f"             subject: {email.subject or '-'}")

    out.append(f"\nSections ({len(brief.sections)}):")
    for section in brief.sections:
        kinds = Counter(p.kind for p in section.paragraphs)
        extra = ", ".join(
            f"{n} {k.replace('_', ' ')}{'s' if n != 1 else ''}"
            for k, n in kinds.items()
            if k != "paragraph"
        )
        count = len(section.paragraphs)
        line = (
            f"  {section.heading or '(no heading)'} - {count} paragraph{'s' if count != 1 else ''}"
        )
        out.append(line + (f" ({extra})" if extra else ""))

    by_id = {fact.id: fact for fact in brief.facts}
    chosen = [by_id[i] for i in brief.key_facts if i in by_id]
    out.append(f"\nKey facts ({len(chosen)}):")
    for n, fact in enumerate(chosen, start=1):
        out.append(_clip(f"  {n}. {fact.text}  ({fact.paragraph}) {fact.sentence}"))

    out.append(f"\nFacts ({len(brief.facts)}):")
    for fact in brief.facts:
        upper = f"..{fact.upper}" if fact.upper is not None else ""
        value = "" if fact.kind == "quote" else f" = {fact.value}{upper}"
        speaker = f" - {fact.speaker}" if fact.speaker else ""
        out.append(_clip(f"  {fact.paragraph:<5} {fact.kind:<9} {fact.text}{value}{speaker}"))

    items = brief.conclusions.items
    out.append(f"\nConclusions ({len(items)}):")
    if brief.conclusions.lead:
        out.append(_clip(f"  lead: {brief.conclusions.lead}"))
    for item in items:
        out.append(_clip(f"  {item.label}. {item.text}"))

    out.append(f"\nSources ({len(brief.sources)}):")
    for source in brief.sources:
        cited = f"  cited in {', '.join(source.cited_in)}" if source.cited_in else ""
        url = f"  <{source.url}>" if source.url else ""
        marker = f"[{source.marker}] " if source.marker else ""
        acronym = f" ({source.acronym})" if source.acronym else ""
        role = f", {source.role}" if source.role else ""
        role += f", “{source.title}”" if source.title else ""
        kind = f"{source.kind}/{source.type}" if source.type else source.kind
        out.append(_clip(f"  {kind:<24} {marker}{source.name}{acronym}{role}{url}{cited}"))

    if brief.diagnostics:
        out.append(f"\nDiagnostics ({len(brief.diagnostics)}):")
        for d in brief.diagnostics:
            where = f"line {d.line}: " if d.line else ""
            out.append(f"  {where}{d.level} [{d.code}] {d.message}")
    return "\n".join(out) + "\n"


def _clip(text: str) -> str:
    text = " ".join(text.split("\n"))
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"
