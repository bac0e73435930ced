"""From a phrase that credits someone to a source's printed name, or to nothing.

The attribution patterns (:mod:`reportkit.reader.sources`) find phrases such as
"the UN Office on Drugs and Crime (UNODC)", "Togo's Security Minister Yark Damehame",
"президента Туркменистана Сердара Бердымухамедова" or "Washington". This module decides
what each is, in order:

1. **Clean**: no leading article, no possessive, no stray punctuation; a parenthesis is
   the name's acronym when its letters are the name's initials ("(UNODC)"), otherwise a
   remark that is dropped ("(USA)"). An acronym the brief defines stands for its name.
2. **Split a person's role from their name**: "Energy Minister" | "Azamat Serikbayev";
   "президент Туркменистана" | "Сердар Бердымухамедов".
3. **Refuse what is not a source**: places, nationality words, armed groups and
   governments acting (data: ``places``, ``actors``), bare roles ("the Secretary-General"),
   generic words ("officials"), dates.
4. **Say what it is**: a person, an organisation, or an outlet (data: ``outlets``,
   ``outlet_words``, ``organisation_words``).
5. **Russian in the nominative** (:mod:`reportkit.reader.morph`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from reportkit.reader.cues import folded, merged
from reportkit.reader.places import is_place, strip_possessive

#: Words that cannot start or end a name: articles and the connectors inside names.
ARTICLES = frozenset({"the", "a", "an"})
#: A word that is all capitals (and digits): "UNODC", "IEA", "УНП", "G7".
ACRONYM = re.compile(r"[A-ZА-ЯЁ][A-ZА-ЯЁ0-9&-]*[A-ZА-ЯЁ0-9]")
#: A web address used as a name: "24.kg", "eurasianet.org".
DOMAIN = re.compile(r"(?:[\w-]+\.)+[a-z]{2,6}", re.IGNORECASE)
PUNCTUATION = " ,.;:!?\"'“”„()[]{}—–-"


@dataclass
class Name:
    """What a citing phrase names."""

    name: str
    type: str = "organisation"  # "person" | "organisation" | "outlet"
    role: str | None = None
    acronym: str | None = None
    written: str | None = None  # the name's words as the text has them, for a link


@dataclass
class Context:
    """What the whole brief tells about names: the acronyms it defines."""

    acronyms: dict[str, str]


def resolve(
    phrase: str, context: Context, *, outlet: bool = False, speaker: bool = False
) -> Name | None:
    """The source ``phrase`` names, or None when it names none (see the module).

    ``speaker``: the phrase follows a quotation ("— сказал Тулегенов журналистам в
    Астане"), and may run on past the name."""
    text = " ".join(phrase.split()).strip(PUNCTUATION.replace("(", "").replace(")", ""))
    if "«" in text and "»" not in text:
        text = text + "»"  # "Ассоциации наблюдателей «Гражданский контроль" (cut at ")
    text, acronym = _parenthesis(text)
    words = [w for w in text.split() if w]
    while words and words[0].casefold() in ARTICLES:
        words = words[1:]
    if words:
        words[-1] = strip_possessive(words[-1]).rstrip(PUNCTUATION)
    words = [w for w in words if w]
    if not words:
        return None
    text = " ".join(words)
    full = context.acronyms.get(text)
    if full is not None:  # "UNODC estimates": the brief defined it
        return Name(full, "organisation", acronym=text)
    if cyrillic(text):
        if speaker:  # "— сказал Тулегенов": the subject of the verb, in the nominative
            return _russian(_trim_speaker(words), acronym, outlet, context, case="nomn")
        return _russian(words, acronym, outlet, context)
    return _english(words, acronym, outlet, context)


def _trim_speaker(words: list[str]) -> list[str]:
    """What follows a quoted Russian speaker's name is not part of it: "Тулегенов
    журналистам в Астане" -> "Тулегенов". Trailing lower-case words and places go when a
    name-like word stands before them."""
    from reportkit.reader.morph import analyzer

    end = len(words)
    while end > 1 and (not _name_like(words[end - 1]) or _russian_place_word(words[end - 1])):
        end -= 1
    if end == len(words):
        return words
    morph = analyzer()
    last = morph.parse(words[end - 1])
    personal = any(PERSON_TAGS & p.tag.grammemes for p in last) or not morph.word_is_known(
        words[end - 1].casefold()
    )
    return words[:end] if personal else words


def _russian_place_word(word: str) -> bool:
    return word[:1].isupper() and is_place(word)


# -- English ---------------------------------------------------------------------------------
#: "Dushanbe-based", "London-based": where an organisation sits, not its name.
BASED = re.compile(r"[\w.-]+-based$", re.IGNORECASE)


def _english(words: list[str], acronym: str | None, outlet: bool, context: Context) -> Name | None:
    while len(words) > 1 and BASED.match(words[0]):
        words = words[1:]
    role, person = _split_role(words)
    if role is not None:
        if not person or not all(w[:1].isupper() for w in person):
            return None  # "the Secretary-General", "sanctions envoy": a role, no name
        name = " ".join(person)
        if _refused(name) or _has(person, folded("organisation_words")):
            return None
        return Name(name, "person", role=" ".join(role), written=name)
    while len(words) > 1 and words[0][:1].islower():
        words = words[1:]  # a role-like prefix that named no role: not part of the name
    name = " ".join(words)
    if _refused(name):
        return None
    kind = _kind(words, name, outlet)
    if kind is None:
        return None
    return Name(name, kind, acronym=acronym)


def _kind(words: list[str], name: str, outlet: bool) -> str | None:
    """Outlet, organisation or person; None for a phrase that is none of them."""
    if outlet or looks_like_outlet(name):
        return "outlet"
    if _has(words, folded("organisation_words")) or ACRONYM.fullmatch(name):
        return "organisation"
    capitalised = [w for w in words if w[:1].isupper()]
    if 2 <= len(words) <= 4 and len(capitalised) == len(words):
        return "person"  # "Alisher Ilkhamov", "Nino Kapanadze"
    if len(words) == 1 and words[0][:1].isupper():
        return "organisation"  # "Gazprom": a proper noun that reports
    if len(capitalised) >= 2:
        return "organisation"  # "Food and Agriculture Organization of ..."
    return None


def _split_role(words: list[str]) -> tuple[list[str] | None, list[str]]:
    """``(role, name)`` when ``words`` start with a role: "Deputy Economy Minister Aibek
    Toktogulov" -> (["Deputy", "Economy", "Minister"], ["Aibek", "Toktogulov"]); the last
    role word ends the role. ``(None, words)`` when there is none."""
    roles = folded("role_words")
    last = None
    for n, word in enumerate(words):
        if word.casefold().rstrip(".") in roles or word.casefold() in roles:
            last = n
    if last is None:
        return None, words
    # The name is the capitalised run at the end ("Deputy Minister of High-Tech Industry
    # Anahit Vardanyan"): two words of it when the run is longer than a name.
    run = 0
    for word in reversed(words[last + 1 :]):
        if not word[:1].isupper() or word.casefold() in folded("organisation_words"):
            break
        run += 1
    if run > 3:
        run = 2
    cut = len(words) - run if run else last + 1
    if run and cut > last + 1 and words[cut - 1].casefold() in _connectors():
        # "High Commissioner for Refugees": the words after the role are its object
        return None, words
    if words[0].casefold() in folded("organisation_words"):
        return None, words  # "Office of the ... Commissioner ...": an organisation
    return words[:cut], words[cut:]


def _refused(name: str) -> bool:
    """Names that are never sources: places, actors, generic words, months."""
    lower = name.casefold()
    bare = " ".join(strip_possessive(w) for w in lower.split())
    if (
        bare in folded("not_names")
        or bare in folded("actors")
        or lower.split()[0] in folded("not_names")
    ):
        return True
    if bare in _calendar():
        return True
    return is_place(name)


# -- Russian ---------------------------------------------------------------------------------
def _russian(
    words: list[str],
    acronym: str | None,
    outlet: bool,
    context: Context,
    case: str | None = None,
) -> Name | None:
    from reportkit.reader.morph import organisation_nominative, person_nominative, phrase_case

    if not any(w[:1].isupper() or w.startswith("«") for w in words):
        return None  # "министерства", "наблюдателей": no name in it
    if words[0].startswith("«"):  # the name ends with its closing guillemet
        close = next((k for k, w in enumerate(words) if w.rstrip(".,").endswith("»")), None)
        words = words if close is None else [*words[:close], words[close].rstrip(".,")]
    text = " ".join(words)
    if not outlet and text.startswith("«") and text.endswith("»") and text.count("«") == 1:
        # A publication cited in its case, with no descriptor before it: "по данным
        # «Ведомостей»", "по информации «Российской газеты»". Only a publication's name is
        # inflected, and only when its nominative is a known one: names in guillemets are
        # as often indeclinable ("«Таза Жер»", "«Памир-Инфо»") and stay as written.
        inner = text[1:-1].split()
        nominative = " ".join(organisation_nominative(inner, case or phrase_case(inner)))
        if nominative.casefold() in folded("outlets") or _has(
            nominative.split(), folded("outlet_words")
        ):
            return Name(nominative, "outlet", acronym=acronym)
    quoted = _quoted_name(words) if words[0][:1].islower() else None
    if quoted is not None and (outlet or _has(words, folded("organisation_words"))):
        # "аналитической службы «МиграционСтат»": a descriptor and the name in quotes
        kind = "outlet" if outlet or _has(words, folded("outlet_words")) else "organisation"
        return Name(quoted, kind, acronym=acronym)
    case = case or phrase_case(words)
    role, person = ([], []) if outlet else _russian_person(words)
    if person:
        name = " ".join(person_nominative(person, case))
        if _refused(name):
            return None
        role = _from_role_word(role)
        role_text = " ".join(organisation_nominative(role, case)) if role else None
        return Name(name, "person", role=role_text, written=" ".join(person))
    if len(words) == 1 and _surname(words[0]):
        name = " ".join(person_nominative(words, case))  # "по словам Саидова"
        return None if _refused(name) else Name(name, "person", written=words[0])
    if not words[0][:1].isupper() and not words[0].startswith("«"):
        # "министра здравоохранения Сирии": a role and a place, nobody named; "он на
        # заседании комиссии": no name at all. An organisation's name starts with a capital.
        return None
    name = " ".join(organisation_nominative(words, case))
    name = _unquote(name)
    if not name:
        return None
    if not outlet and (_refused(name) or _refused(_lemma_phrase(name))):
        return None  # ("агентство «Нистру-Информ»" is an outlet, whatever it sounds like)
    kind = "outlet" if outlet or name.casefold() in folded("outlets") else "organisation"
    return Name(name, kind, acronym=acronym)


def _quoted_name(words: list[str]) -> str | None:
    """The name in guillemets at the end of a phrase: "службы «МиграционСтат»"."""
    text = " ".join(words)
    if words[0].startswith("«") or not text.endswith("»") or "«" not in text:
        return None
    return text[text.rindex("«") + 1 : -1] or None


def _from_role_word(role: list[str]) -> list[str]:
    """A role from its first role word on: "в интервью заместитель председателя ..." ->
    "заместитель председателя ..."."""
    roles = folded("role_words")
    for n, word in enumerate(role):
        if word.casefold() in roles:
            return role[n:]
    return role


def _surname(word: str) -> bool:
    """A capitalised word whose readings include a surname: "Саидова", "Тулегенов"."""
    from reportkit.reader.morph import analyzer

    if not word[:1].isupper() or ACRONYM.fullmatch(word):
        return False
    parses = analyzer().parse(word)
    return any({"Surn"} & p.tag.grammemes for p in parses) and not any(
        "Geox" in p.tag or "Orgn" in p.tag for p in parses[:1]
    )


def _russian_person(words: list[str]) -> tuple[list[str], list[str]]:
    """``(role, name)`` of a Russian phrase that ends with a person's name: the run of
    capitalised words at its end that are first names, surnames or unknown words, after
    lower-case role words ("президента Туркменистана Сердара Бердымухамедова")."""
    from reportkit.reader.morph import analyzer

    morph = analyzer()
    run: list[str] = []
    for word in reversed(words):
        if not _name_like(word) or "«" in word or "»" in word or ACRONYM.fullmatch(word):
            break
        if is_organisation_word(word):
            break  # "Институт", "Банк": an organisation's name
        parses = morph.parse(word)
        named = any(p.tag.POS == "NOUN" and PERSON_TAGS & p.tag.grammemes for p in parses)
        best = parses[0].tag
        known = morph.word_is_known(word.casefold())
        if not named and ("Geox" in best or "Orgn" in best):
            break  # a place: "Туркменистана"
        if not named and known and best.POS and best.POS != "NOUN":
            break  # a known adjective: "Ближнего"; unknown words ("Мамедли") are names
        run.insert(0, word)
    if not run or len(run) > 4:
        return [], []
    role = words[: len(words) - len(run)]
    if not role:
        # "Евгений Сатин" is a person; "Росстат" alone is an organisation
        return ([], run) if len(run) >= 2 else ([], [])
    if not _has(role, folded("role_words")):
        return [], []  # "Международного фонда спасения Арала": no role, an organisation
    return role, run


#: pymorphy3's tags of first names, surnames and patronymics.
PERSON_TAGS = frozenset({"Name", "Surn", "Patr"})
#: A name particle: "аль-Джубури", "ибн-Сауд", "al-Sadr", "de-Gaulle".
PARTICLE = re.compile(r"[a-zа-яё]{1,3}-[A-ZА-ЯЁ]")


def _name_like(word: str) -> bool:
    """Written as a name: a capital first, or a particle and then one ("аль-Джубури")."""
    return word[:1].isupper() or bool(PARTICLE.match(word))


def _lemma_phrase(name: str) -> str:
    from reportkit.reader.morph import analyzer

    morph = analyzer()
    return " ".join(morph.parse(w)[0].normal_form for w in name.split())


def _unquote(name: str) -> str:
    """«Интерфакс» -> Интерфакс: guillemets around a whole name are not part of it."""
    if name.startswith("«") and name.endswith("»") and name.count("«") == 1:
        return name[1:-1]
    return name


# -- shared helpers ----------------------------------------------------------------------------
def cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


def _parenthesis(text: str) -> tuple[str, str | None]:
    """Split "Name (ACR)" into the name and its acronym; drop any other parenthesis."""
    m = re.search(r"\s*\(([^()]{1,40})\)\s*$", text)
    if m is None:
        return text.replace("(", "").replace(")", ""), None
    name, inner = text[: m.start()], m.group(1).strip()
    if is_acronym_of(inner, name, suffix=not cyrillic(name)):
        return name, inner
    return name, None


def is_acronym_of(acronym: str, name: str, *, suffix: bool = False) -> bool:
    """Are ``acronym``'s letters the initials of ``name``'s words (connectors skipped,
    acronyms inside the name kept whole)? "UNODC" is "UN Office on Drugs and Crime";
    "ISW" is "Institute for the Study of War"; "УНП ООН" is "Управление ООН по
    наркотикам и преступности"."""
    letters = re.sub(r"[^\wА-ЯЁа-яё]", "", acronym)
    if not letters or not (letters.isupper() or ACRONYM.fullmatch(acronym.replace(" ", ""))):
        return False
    connectors = _connectors()
    words = [w.strip('«»"“”') for w in name.split()]
    initials = "".join(
        w if ACRONYM.fullmatch(w) else w[:1] for w in words if w and w.casefold() not in connectors
    ).upper()
    all_initials = "".join(w[:1] for w in words if w).upper()
    target = letters.upper()
    if target in (initials, all_initials) or _subsequence(target, initials):
        return True
    # "ESCWA" for "United Nations Economic and Social Commission for Western Asia": the
    # acronym of the name's last words, where the name is a run of capitalised words
    return suffix and len(target) >= 3 and initials.endswith(target)


def _subsequence(short: str, long: str) -> bool:
    """ "UNHCR" in "UNHCFR": letters in order, the first one first, most of them there."""
    if not short or not long or short[0] != long[0] or len(short) < 3:
        return False
    it = iter(long)
    return all(c in it for c in short) and len(short) >= len(long) - 2


def is_organisation_word(word: str) -> bool:
    return word.casefold().strip('«»"') in folded("organisation_words")


def _has(words: list[str], vocabulary: frozenset[str]) -> bool:
    return any(w.casefold().strip('«»"') in vocabulary for w in words)


def _connectors() -> frozenset[str]:
    return folded("name_connectors") | ARTICLES


@cache
def _calendar() -> frozenset[str]:
    days = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    return frozenset(merged("months")) | frozenset(days)


# -- what the whole brief tells ----------------------------------------------------------------
#: "(UNODC)", "(УНП ООН)": a parenthesis of capitals after a name.
DEFINITION = re.compile(r"\(([A-ZА-ЯЁ][A-ZА-ЯЁ0-9&\- ]{1,14})\)")
#: How far before a definition its name may start.
DEFINITION_REACH = 160


def defined_acronyms(texts: list[str]) -> dict[str, str]:
    """Acronyms the brief defines, with the names they stand for (Russian ones in the
    nominative): "the UN Office on Drugs and Crime (UNODC)" -> {"UNODC": "UN Office on
    Drugs and Crime"}. A parenthesis naming a place ("(USA)") defines nothing."""
    out: dict[str, str] = {}
    for text in texts:
        if "(" not in text:
            continue
        for m in DEFINITION.finditer(text):
            acronym = m.group(1).strip()
            if acronym in out or is_place(acronym):
                continue
            before = text[max(0, m.start() - DEFINITION_REACH) : m.start()]
            name = _defined_name(before.split(), acronym)
            if name:
                out[acronym] = name
    return out


def _defined_name(words: list[str], acronym: str) -> str | None:
    """The name just before an acronym's parenthesis: the longest run of its words that
    the acronym abbreviates, else the shortest run that is an organisation's name."""
    cut = len(words)
    for n in range(len(words) - 1, -1, -1):  # the name does not cross a comma or a stop
        if n < len(words) - 1 and words[n].endswith((",", ";", ":", ".")):
            cut = len(words) - n - 1
            break
    words = words[len(words) - cut :] if cut < len(words) else words
    words = words[-12:]
    russian = cyrillic(acronym)
    starts = [n for n, w in enumerate(words) if w[:1].isupper() and w.casefold() not in ARTICLES]
    candidates = []
    for n in starts:
        run = words[n:]
        if not russian and not all(w[:1].isupper() or w.casefold() in _connectors() for w in run):
            continue
        candidates.append(run)
    for run in candidates:  # longest first
        if is_acronym_of(acronym, " ".join(run), suffix=not russian):
            return _printed(run)
    for run in reversed(candidates):  # shortest first
        if _has(run, folded("organisation_words")):
            return _printed(run)
    return None


def _printed(words: list[str]) -> str:
    if cyrillic(" ".join(words)):
        from reportkit.reader.morph import organisation_nominative

        return " ".join(organisation_nominative(words))
    return " ".join(words)


def speaker_role(sentence: str, speaker: str) -> str | None:
    """The role a sentence gives a quoted person beside their name: "Uzbekistan's Deputy
    Minister of Water Resources, Shavkat Rakhimov, said" or "said Nino Kapanadze, the
    institute's director of research"."""
    at = sentence.find(speaker)
    if at < 0:
        return None
    left = sentence[:at].rstrip()
    segments = []
    if left.endswith(","):
        segments.append(re.split(r"[,:;“”\"«»]", left[:-1])[-1])
    right = sentence[at + len(speaker) :]
    if right.startswith(","):
        segments.append(re.split(r"[,.;:“”\"«»]", right[1:])[0])
    for segment in segments:
        words = segment.split()
        if words and _has([w.rstrip(".") for w in words], folded("role_words")):
            while words and words[0].casefold() in ARTICLES | {"its", "his", "her", "their"}:
                words = words[1:]
            return " ".join(words) or None
    return None


def looks_like_outlet(name: str) -> bool:
    """Is ``name`` a news outlet's ("Trend News Agency", "Reuters", "24.kg")?"""
    words = name.split()
    return (
        name.casefold() in folded("outlets")
        or _has(words, folded("outlet_words"))
        or bool(DOMAIN.fullmatch(name))
    )


def ends_name_here(rest: list[str]) -> bool:
    """After "in" or "on" inside a phrase, does the name end? Yes before a lower-case
    word, a place or a date ("in Washington", "on Monday"); no before more of the name
    ("on Drugs and Crime")."""
    if not rest:
        return True
    following = rest[0].strip(PUNCTUATION)
    if not following[:1].isupper():
        return True
    two = " ".join(w.strip(PUNCTUATION) for w in rest[:2])
    return (
        following.casefold() in _calendar()
        or is_place(following)
        or (len(rest) > 1 and is_place(two))
    )
