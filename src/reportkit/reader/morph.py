"""Russian names in the nominative case, with pymorphy3 and its Russian dictionary.

A brief cites in oblique cases: "по данным Всемирного банка", "по словам президента
Туркменистана Сердара Бердымухамедова". An appendix lists "Всемирный банк" and
"Сердар Бердымухамедов". Which words to inflect is ours to decide (pymorphy3 inflects one
word at a time):

* an organisation's name is a noun phrase: its adjectives and its head noun (the first
  noun) take the nominative, agreeing in gender and number; what follows the head is a
  modifier in the genitive and stays ("Института Ближнего Востока" -> "Институт Ближнего
  Востока", "Министерства энергетики Казахстана" -> "Министерство энергетики
  Казахстана");
* a person's name takes the nominative word by word, in the gender of the first name;
  a word with no form in the phrase's case is indeclinable and stays ("Виорела Гуцу" ->
  "Виорел Гуцу").

A phrase already in the nominative ("Reuters сообщает", "Минфин сообщил") is left as it
is. The analyser loads on first use (~0.1 s).
"""

from __future__ import annotations

from functools import cache
from typing import Any

#: Oblique cases a cited name appears in: genitive, dative, instrumental, prepositional,
#: accusative.
OBLIQUE = ("gent", "datv", "ablt", "loct", "accs")
#: Parts of speech that agree with the head noun.
AGREEING = frozenset({"ADJF", "PRTF", "NUMR"})


@cache
def analyzer() -> Any:
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


def is_cyrillic(text: str) -> bool:
    return any("а" <= c.casefold() <= "я" or c in "ёЁ" for c in text)


def phrase_case(words: list[str]) -> str | None:
    """The case of a Russian phrase, from its first inflectable word: ``"nomn"``,
    ``"gent"``, ...; None when nothing in it tells."""
    morph = analyzer()
    for word in words:
        if not is_cyrillic(word) or word.startswith("«"):
            continue
        parses = [p for p in morph.parse(word) if p.tag.case]
        if not parses or "Fixd" in parses[0].tag:
            continue
        return str(parses[0].tag.case)
    return None


def organisation_nominative(words: list[str], case: str | None = None) -> list[str]:
    """The words of an organisation's name with its noun phrase in the nominative."""
    case = case or phrase_case(words)
    if case not in OBLIQUE:
        return words
    morph = analyzer()
    out = list(words)
    head_at = None
    for n, word in enumerate(words):
        if not is_cyrillic(word) or word.startswith("«"):
            break
        if word.casefold() == "и":
            continue  # "Продовольственной и сельскохозяйственной организации"
        if n + 1 < len(words) and _parse_in(morph, word, case, pos=AGREEING) is not None:
            continue  # an adjective before its noun ("Каспийского" in "Каспийского центра")
        if _parse_in(morph, word, case, pos={"NOUN"}) is not None:
            head_at = n
            break
        break  # neither noun nor adjective in this case: not a phrase we know
    if head_at is None:
        return words
    head = _parse_in(morph, words[head_at], case, pos={"NOUN"})
    gender, number = head.tag.gender, head.tag.number
    nominative = head.inflect({"nomn"})
    if nominative is None:
        return words
    out[head_at] = _like(words[head_at], nominative.word)
    for n in range(head_at):
        adjective = _parse_in(morph, words[n], case, pos=AGREEING)
        if adjective is None:
            continue  # "и" between two adjectives
        wanted = {"nomn", number} | ({gender} if number == "sing" and gender else set())
        form = adjective.inflect(wanted)
        if form is not None:
            out[n] = _like(words[n], form.word)
    return out


def person_nominative(words: list[str], case: str | None = None) -> list[str]:
    """A person's name in the nominative: "Сердара Бердымухамедова" -> "Сердар
    Бердымухамедов"; indeclinable words stay."""
    case = case or phrase_case(words)
    if case not in OBLIQUE:
        return words
    morph = analyzer()
    out = []
    gender = None
    for word in words:
        if not is_cyrillic(word) or "-" in word[:4]:  # "аль-Джубури"
            out.append(word)
            continue
        parse = _parse_in(morph, word, case, pos={"NOUN"}, gender=gender)
        if parse is None:
            out.append(word)
            continue
        gender = gender or parse.tag.gender
        form = parse.inflect({"nomn"})
        out.append(_like(word, form.word) if form is not None else word)
    return out


def _parse_in(
    morph: Any, word: str, case: str, pos: set[str] | frozenset[str], gender: str | None = None
) -> Any | None:
    """The likeliest reading of ``word`` in ``case`` with a part of speech in ``pos``."""
    for parse in morph.parse(word):
        tag = parse.tag
        if tag.POS in pos and tag.case == case and (gender is None or tag.gender in (gender, None)):
            return parse
    return None


def _like(original: str, word: str) -> str:
    """``word`` written with ``original``'s capitals: "Всемирного" -> "Всемирный"."""
    if original.isupper() and len(original) > 1:
        return word.upper()
    if original[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def joined_adjectives(before: str, after: str) -> bool:
    """Are ``before`` and ``after`` adjectives in one case, so that "и" between them is
    inside a name ("Продовольственной и сельскохозяйственной организации")?"""
    morph = analyzer()
    cases = {p.tag.case for p in morph.parse(before) if p.tag.POS in AGREEING}
    return any(p.tag.POS in AGREEING and p.tag.case in cases for p in morph.parse(after))
