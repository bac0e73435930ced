"""Stage 6: which facts a report shows - a desk editor's "Key facts" box.

The reader keeps every figure it finds in ``Brief.facts``; a box that shows them all is
useless. This stage ranks them and keeps the headline figures, as ``Brief.key_facts``.

The rule, in three steps (the weights are data, in :data:`WEIGHTS`):

1. **Score each figure.** Money weighs most (sums of millions above prices), then
   percentages, then counts of people or things with a unit (more for thousands, more
   again for millions), then durations (a measured time in days or hours more than
   years, which are mostly context); a date weighs little (a day or a month: a dated
   event) or nothing (a bare year, a decade: context). A count below ten ("two
   countries") is not a headline, unless it is a measure ("5 gigawatts"). A figure in
   the lead paragraph gains; one inside a quotation, in the conclusions, or in a
   sentence set in an earlier year ("In 2009 the pipeline carried...") loses. A figure
   must score :data:`THRESHOLD` or more to be shown at all.
2. **One row per sentence.** A sentence's score is that of its best figure; a sentence's
   other figures do not add to it, so a sentence full of numbers gets one row, not five.
   A figure whose value was already shown (the same sum repeated in a conclusion) is not
   shown again.
3. **Rank and cut.** Sentences by score (ties in reading order), at most
   :data:`MAX_ROWS`; rows far below the best one are dropped.

``key_facts`` lists the best figure of each chosen sentence, in rank order: one id per
row of the box. A writer shows each as its sentence with every figure of that sentence
highlighted (the other facts with the same ``paragraph`` and ``sentence``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from reportkit.model import Fact
from reportkit.reader.cues import folded
from reportkit.reader.facts import is_measure

#: Base weight of a figure by kind.
WEIGHTS: dict[str, float] = {
    "money": 5.0,
    "percent": 4.0,
    "count": 3.0,
    "duration": 3.0,  # "3–5 days", "36 hours": a measured time
    "duration_months": 2.0,  # "18 months of talks"
    "duration_years": 1.0,  # "over the past three years", "a week": mostly context
    "date_day": 3.0,  # "15 March 2023": a dated event
    "date_month": 2.5,  # "March 2022"
    "date_period": 0.5,  # "2023/24", "FY2024/25", "2021–2022"
    "date_year": 0.0,  # "in 2015": context
    "fraction": 3.0,  # "a third of", "half the": a share in words
    "lead": 1.0,  # in the lead paragraph: what the brief is about
    "large": 1.0,  # a count of a thousand or more
    "millions": 0.5,  # a count or a sum of a million or more ("2.1 million people")
    "unitless": -2.0,  # a count of nothing named ("97 in 2021", "700,000 of them")
    "quoted": -3.0,  # inside a quotation: what someone said, often background
    "conclusion": -1.5,  # the conclusions repeat and judge; the facts are in the body
    "background": -2.0,  # in a sentence set in an earlier year: "In 2009 the system carried..."
    "restated": 1.0,  # said again elsewhere (often in the lead or a conclusion)
}
#: A sentence is set in the past when it has "in YEAR" at least this many years before
#: the latest year the brief mentions.
PAST_YEARS = 3
#: A figure needs this score to be shown.
THRESHOLD = 2.5
#: Counts below this are not headlines ("two countries", "three ministers").
SMALL_COUNT = 10
#: At most this many rows; a desk editor's box holds three to six.
MAX_ROWS = 6
#: Rows scoring this much less than the best row are left out.
MAX_DROP = 3.5


@dataclass
class _Row:
    key: tuple[str, str]
    order: int
    facts: list[tuple[float, int, Fact]]

    @property
    def score(self) -> float:
        return max(score for score, _, _ in self.facts)


#: A sentence of fewer words whose figure is a date is a dateline.
DATELINE_WORDS = 5


def select_key_facts(
    facts: Iterable[Fact], lead: Iterable[str] = (), tables: Iterable[str] = ()
) -> list[str]:
    """The ids of the facts a report shows, ranked (see the module's docstring).

    ``lead`` holds the ids of the lead paragraphs, ``tables`` those of tables: a table
    is shown whole, its figures are not repeated in the box.
    """
    lead_ids = frozenset(lead)
    table_ids = frozenset(tables)
    facts = list(facts)
    past = _background(facts)
    said = Counter((f.kind, f.value, f.upper) for f in facts if f.kind != "quote")
    rows: dict[tuple[str, str], _Row] = {}
    for position, fact in enumerate(facts):
        if fact.kind == "quote" or fact.paragraph in table_ids:
            continue
        if fact.kind == "date" and len(fact.sentence.split()) < DATELINE_WORDS:
            continue  # "Rome, 6 May 2024.": a dateline, not news
        score = figure_score(fact, fact.paragraph in lead_ids)
        if score > 0 and (fact.paragraph, fact.sentence) in past:
            score += WEIGHTS["background"]
        if score > 0 and said[fact.kind, fact.value, fact.upper] > 1:
            score += WEIGHTS["restated"]  # the brief comes back to it: it matters
        if score < THRESHOLD:
            continue
        key = (fact.paragraph, fact.sentence)
        row = rows.setdefault(key, _Row(key, position, []))
        row.facts.append((score, position, fact))
    ranked = sorted(rows.values(), key=lambda r: (-r.score, r.order))
    chosen: list[str] = []
    shown: set[tuple[object, ...]] = set()  # figures already in a chosen row
    count = 0
    best = ranked[0].score if ranked else 0.0
    for row in ranked:
        if count == MAX_ROWS or row.score < best - MAX_DROP:
            break
        fresh = [item for item in row.facts if _identity(item[2]) not in shown]
        if not fresh:
            continue  # every figure of the sentence is already in the box
        _, _, head = max(fresh, key=lambda item: (item[0], -item[1]))
        chosen.append(head.id)
        shown.update(_identity(fact) for _, _, fact in row.facts)
        count += 1
    return chosen


def figure_score(fact: Fact, in_lead: bool = False) -> float:
    """How much ``fact`` belongs in a key facts box (see :data:`WEIGHTS`)."""
    weight = WEIGHTS
    if fact.kind == "date":
        value = str(fact.value)
        if "/" in value:
            score = weight["date_period"]
        elif len(value) >= 10:
            score = weight["date_day"]
        elif len(value) == 7:
            score = weight["date_month"]
        else:
            score = weight["date_year"]
    elif fact.kind == "count":
        number = fact.value if isinstance(fact.value, int | float) else 0
        if number < SMALL_COUNT and not is_measure(fact.unit):
            return 0.0
        score = weight["count"]
        if fact.unit is None:
            score += weight["unitless"]
        elif number >= 1000:
            score += weight["large"]
        if number >= 1_000_000:
            score += weight["millions"]
    elif fact.kind == "duration":
        value = str(fact.value)  # ISO 8601: "P3D", "PT36H", "P18M", "P10Y"
        score = weight["duration"]
        if value.endswith("Y") or not any(c.isdigit() for c in fact.text):
            score = weight["duration_years"]  # "about a week faster", "nine months": words
        elif value.endswith("M") and not value.startswith("PT"):
            score = weight["duration_months"]
    elif fact.kind == "percent" and not any(c.isdigit() for c in fact.text):
        score = weight["fraction"]
    elif fact.kind == "money":
        score = weight["money"]
        if _amount(fact.value) >= 1_000_000:
            score += weight["millions"]  # "$3.1 billion" before "$100 a pound"
    else:
        score = weight.get(fact.kind, 0.0)
    if score <= 0:
        return 0.0
    if in_lead:
        score += weight["lead"]
    if fact.quoted:
        score += weight["quoted"]
    if fact.paragraph.startswith("c"):
        score += weight["conclusion"]
    return score


_YEAR = re.compile(r"\d{4}")


def _background(facts: list[Fact]) -> set[tuple[str, str]]:
    """Sentences set in an earlier year than the brief's own time: those with "in 2009"
    ("в 2009 году") where the brief mentions years up to 2025. "Since 2017" compares with
    the past and does not count."""
    years = [
        (fact, int(fact.value))
        for fact in facts
        if fact.kind == "date" and isinstance(fact.value, str) and _YEAR.fullmatch(fact.value)
    ]
    if not years:
        return set()
    at = folded("at_year")

    def set_at(fact: Fact) -> bool:  # "in 2009", "в 2009 году" (not "by 2040", "к 2040")
        before = fact.sentence[: max(0, fact.sentence.find(fact.text))].split()
        return bool(before) and before[-1].casefold() in at

    # The brief's own time: the latest year something happened "in"; targets ("by 2040")
    # lie ahead of it.
    latest = max((year for fact, year in years if set_at(fact)), default=0)
    return {
        (fact.paragraph, fact.sentence)
        for fact, year in years
        if year <= latest - PAST_YEARS and set_at(fact)
    }


def _amount(value: object) -> float:
    """The number of a money value ("USD 3.1e9" -> 3.1e9); 0 when it has none."""
    try:
        return float(str(value).rsplit(" ", 1)[-1])
    except ValueError:
        return 0.0


def _identity(fact: Fact) -> tuple[object, ...]:
    """What makes two facts the same figure: "$64 million" twice is one key fact."""
    return (fact.kind, fact.value, fact.upper, fact.unit)
