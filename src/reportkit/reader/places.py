"""Is a name a place? Countries, capitals, provinces and nationality words.

"Washington said", "Kazakhstan reported", "the Swiss" and "Ankara" are places acting, not
sources. The names come from two well-kept data sets instead of a hand-written list:
Babel's territory names (English and Russian, already a dependency for dates) and
countryinfo's countries with their alternative spellings, capitals, provinces and
demonyms. Russian words are compared by their dictionary form (pymorphy3), so that
"Туркменистана" is Туркменистан; pymorphy3 also tags other toponyms ("Geox").

Both data sets load on first use (about 60 ms), never at import time.
"""

from __future__ import annotations

import re
from functools import cache

from reportkit.reader.cues import union

#: Possessive endings stripped before a look-up: "Kazakhstan's", "Brussels'".
POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")


def strip_possessive(word: str) -> str:
    return POSSESSIVE.sub("", word)


@cache
def _place_names() -> frozenset[str]:
    """Casefolded names of countries, capitals, provinces and demonyms, both languages."""
    from babel import Locale
    from countryinfo._cache import load_countries

    names: set[str] = set()
    for code in ("en", "ru"):
        names.update(n.casefold() for n in Locale(code).territories.values())
    for info in load_countries()["countries"].values():
        names.add(str(info.get("name", "")).casefold())
        for key in ("capital", "demonym"):
            if info.get(key):
                names.add(str(info[key]).casefold())
        for alt in info.get("altSpellings") or []:
            if len(alt) > 3:  # "KZ", "KAZ" are codes, and "UK" an ambiguity
                names.add(str(alt).casefold())
        provinces = info.get("provinces") or []
        if isinstance(provinces, str):  # some entries keep the list as its repr
            provinces = re.findall(r"'([^']+)'", provinces)
        names.update(str(p).casefold() for p in provinces)
    names.update(w.casefold() for w in union("places"))
    names.discard("")
    return frozenset(names)


@cache
def _country_stems() -> tuple[str, ...]:
    """Country names of one word, for nationality words that are their first part:
    "Kazakh" (Kazakhstan), "Uzbek", "Afghan", "Tajik"."""
    from babel import Locale

    return tuple(
        n.casefold() for n in Locale("en").territories.values() if " " not in n and len(n) > 5
    )


def is_place(name: str) -> bool:
    """``name`` names a country, a capital, a province or a nationality, in English or
    Russian, in any case ("Kazakhstan's", "Туркменистана", "Swiss", "Kazakh")."""
    words = [strip_possessive(w) for w in name.split()]
    if not words:
        return False
    key = " ".join(words).casefold().removeprefix("the ")
    places = _place_names()
    if key in places:
        return True
    if len(words) == 1:
        word = key
        stems = _country_stems() if len(word) >= 4 and word.isalpha() and word.isascii() else ()
        if any(c.startswith(word) and len(c) - len(word) <= 5 for c in stems):
            return True  # "Kazakh", "Uzbek", "Turkmen"
        if not word.isascii():
            return _russian_place(words[0])
        return False
    if not key.isascii():
        return " ".join(_lemma(w) for w in words) in places
    return False


def _russian_place(word: str) -> bool:
    from reportkit.reader.morph import analyzer

    parses = analyzer().parse(word)
    if not parses:
        return False
    best = parses[0]
    return "Geox" in best.tag or best.normal_form in _place_names()


def _lemma(word: str) -> str:
    from reportkit.reader.morph import analyzer

    parses = analyzer().parse(word)
    return parses[0].normal_form if parses else word.casefold()
