"""``reportkit brands check``: a brand's lint (:mod:`reportkit.brand.check`) and a render
probe, so that a brand that loads but cannot render (a template that raises, a stylesheet
a renderer rejects) is never reported ok. Above the writers, as rendering needs them."""

from __future__ import annotations

from pathlib import Path

from reportkit.brand.check import Problem, lint_brand
from reportkit.brand.model import Brand
from reportkit.brand.search import SearchPath
from reportkit.errors import ReportkitError


def check_brand(
    ref: str | Path, search: SearchPath | None = None, *, render: bool = True
) -> tuple[Brand | None, list[Problem]]:
    """Load brand ``ref`` (a name or a folder), lint it and, with ``render``, render a
    probe brief in every format with it (a few seconds). Returns the brand (None if it
    does not load) and every problem, each with file, line and key where known."""
    brand, problems = lint_brand(ref, search)
    if brand is not None and render and not any(p.level == "error" for p in problems):
        problems += render_probe(brand)
    return brand, problems


#: Briefs every brand must render: the parts a report has (rubric, title, figures, an
#: attribution, numbered conclusions, sources), in both languages the labels ship for.
PROBES = {
    "en": """Analysis

Harbour tariffs rise along the northern coast

Port fees at three northern harbours rose by 12% in October, to $48 per container,
according to the Coastal Freight Council. Shipping lines moved 1.4 million containers
through the ports in the third quarter.

Several conclusions can be drawn from this.

1. Smaller carriers will shift cargo to rail within a year.
2. Regional prices will follow the fees with a delay of two to three months.

Source: Coastal Freight Council, Harbour Review
""",
    "ru": """Аналитика

Портовые сборы растут на северном побережье

Сборы в трёх северных портах выросли в октябре на 12%, до 48 долларов за контейнер,
сообщает Совет прибрежных перевозчиков.

Можно сделать несколько выводов.

1. Небольшие перевозчики переведут грузы на железную дорогу.
2. Цены в регионе последуют за сборами через два-три месяца.

Источник: Совет прибрежных перевозчиков
""",
}


def render_probe(brand: Brand) -> list[Problem]:
    """Render each probe brief in each format: a brand that loads can still fail to
    render (a template that raises, a stylesheet WeasyPrint rejects)."""
    from reportkit.api import parse, render

    problems: list[Problem] = []
    seen: set[str] = set()
    for language, text in PROBES.items():
        brief = parse(text)
        for fmt in ("html", "pdf", "docx"):
            try:
                output = render(brief, fmt, brand)
            except ReportkitError as error:
                where = {"path": error.path, "line": error.line}
                problems.append(Problem("error", f"cannot render {fmt}: {error.message}", **where))
                return problems  # the next formats would say the same
            except Exception as error:  # a failure of a library the brand drove there
                problems.append(
                    Problem("error", f"cannot render {fmt}: {type(error).__name__}: {error}")
                )
                return problems
            for warning in output.warnings:
                if warning.message not in seen:  # the same glyph in every format: once
                    seen.add(warning.message)
                    problems.append(
                        Problem("warning", f"{fmt} ({language} probe): {warning.message}")
                    )
    return problems
