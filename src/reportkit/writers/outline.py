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

    out.append(f"\nFacts ({len(brief.facts)}):")
    for fact in brief.facts:
        value = "" if fact.kind == "quote" else f" = {fact.value}"
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
        out.append(_clip(f"  {source.kind:<12} {marker}{source.name}{url}{cited}"))

    if brief.diagnostics:
        out.append(f"\nDiagnostics ({len(brief.diagnostics)}):")
        for d in brief.diagnostics:
            where = f"line {d.line}: " if d.line else ""
            out.append(f"  {where}{d.level} [{d.code}] {d.message}")
    return "\n".join(out) + "\n"


def _clip(text: str) -> str:
    text = " ".join(text.split("\n"))
    return text if len(text) <= WIDTH else text[: WIDTH - 1] + "…"
