"""The reader skips slow patterns in text without their cue words (``triggers``). The
skipping must be an optimisation only: running every pattern everywhere finds the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import reportkit
from reportkit.reader import facts as facts_stage
from reportkit.reader.sources import _attributions, attribution_spans, proper_nouns
from reportkit.reader.text import WordSets, split_sentences

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seeds" / "000_c373340a84fe3291.txt"

#: Sentences made to hit every attribution cue and every figure rule, in both languages.
SAMPLES = [
    "As senior researchers from the Caspian Policy Centre rightly note, the dam is late.",
    "According to analysts at the Baltic Freight Council, exports fell.",
    "The Ministry of Energy said the line would reopen; Reuters reported delays.",
    "The figure was cited by Northbridge Analytics and reported by the BBC.",
    "Как отмечают эксперты Института Ближнего Востока, поставки выросли.",
    "По данным Росстата, урожай составил 120 млн тонн. Согласно докладу Минфина, дефицит рос.",
    "Министр Иван Петров заявил, что Минэнерго сообщило о ремонте; аналитики отметили риски.",
    "Prices rose 4.5% in March 2024, nearly two thirds of the rise came after 14 May 2024.",
    "The talks lasted three years; a dozen envoys met on May 3, 2023 and again in 2019.",
    "More than a decade passed; 1,500 troops and $7 billion arrived by 2021-08-14 or 03.09.2020.",
    "В 2020 году рост составил 3,5 процента, а за полгода пришли две трети из 7 000 тонн.",
    "In the 1990s about 40 million people lived there, an increase of 12 percent.",
    "Analysts at the Steppe Energy Centre argue that EBRD economists also note a gap.",
    "The IMF's latest country report warns of arrears; the minister told the news agency 24.kg.",
    "The Steppe Forwarders Alliance, a freight association, estimates that an OSCE report erred.",
    "Инфляция останется высокой, говорится в региональном обзоре МВФ.",
    "Со ссылкой на «Интерфакс» агентство сообщило о росте на %12 за 12–14 мая 2024 года.",
    "Investment reached NOK 4.2 billion, ₸500 million and 2 million rials on the 5th of May 2024.",
]


class EveryWord(WordSets):
    """Word sets that claim every cue word: nothing is skipped."""

    def __missing__(self, text: str) -> frozenset[str]:
        every = set(facts_stage._trigger_words())
        for rule in _attributions():
            every |= rule.triggers
        return frozenset(every)


def _texts() -> list[str]:
    texts = list(SAMPLES)
    briefs = [reportkit.parse_file(p) for p in sorted((ROOT / "examples").glob("*.txt"))]
    if SEED.exists():
        briefs.append(reportkit.parse_file(SEED))
    for brief in briefs:
        texts += [p.text for s in brief.sections for p in s.paragraphs]
        texts += [c.text for c in brief.conclusions.items]
    return texts


@pytest.mark.parametrize("text", _texts())
def test_attribution_triggers_skip_nothing(text: str) -> None:
    proper = proper_nouns([text])
    assert attribution_spans(text, proper) == attribution_spans(text, proper, EveryWord())


@pytest.mark.parametrize("text", _texts())
def test_figure_triggers_skip_nothing(text: str) -> None:
    present = facts_stage.triggers(text, WordSets()[text])
    for start, end in split_sentences(text):
        sentence = text[start:end]
        rules = facts_stage._rules_for(facts_stage.narrow(sentence, present))
        narrowed = facts_stage._figures(sentence, False, rules)
        every = facts_stage._figures(sentence, False, facts_stage._rules())
        assert [vars(f) for f in narrowed] == [vars(f) for f in every]


def test_samples_do_hit_every_rule() -> None:
    """The samples above are worth something only if they exercise each cue."""
    hit = set()
    for text in SAMPLES:
        for n, rule in enumerate(_attributions()):
            if rule.pattern.search(text):
                hit.add(n)
    assert hit == set(range(len(_attributions())))
    kinds = {f.kind for t in SAMPLES for f in facts_stage.extract_facts([("p", t)], "en")}
    assert kinds >= {"money", "percent", "date", "duration", "count"}
