"""Stage 4: sentences -> typed, normalised facts.

Each paragraph is scanned once for quotations (they may span sentences), then each
sentence for figures in a fixed order - money, percent, date, duration, count - where an
earlier kind claims its span first ("$7 billion" is money, not a count of 7).

Values are normalised so pipelines can compare them: counts as numbers (``30``), money as
``"USD 7e9"``, percents as numbers, dates as ISO 8601 (``"2021-08"``, EDTF ``"199X"`` for
a decade) and durations as ISO 8601 durations (``"P20M"``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from reportkit.model import Fact
from reportkit.reader.cues import LANGUAGES, merged, union
from reportkit.reader.text import WordSets, split_sentences, squash

Builder = Callable[[re.Match[str], bool, "str | None"], "Found | None"]


@dataclass
class Found:
    start: int
    end: int
    kind: str
    value: str | int | float | None
    qualifier: str | None = None
    unit: str | None = None


def extract_facts(
    paragraphs: Iterable[tuple[str, str]], language: str, words: WordSets | None = None
) -> list[Fact]:
    """Facts of each ``(paragraph_id, text)`` pair, in reading order."""
    words = WordSets() if words is None else words
    decimal_comma = LANGUAGES.get(language, LANGUAGES["en"]).decimal_comma
    facts: list[Fact] = []
    for pid, text in paragraphs:
        spans = split_sentences(text)
        facts.extend(_quotes(pid, text, spans))
        present = triggers(text, words[text])
        if not present:
            continue
        for start, end in spans:
            sentence = text[start:end]
            rules = _rules_for(narrow(sentence, present))
            for found in _figures(sentence, decimal_comma, rules):
                facts.append(
                    Fact(
                        kind=found.kind,  # type: ignore[arg-type]
                        text=sentence[found.start : found.end],
                        value=found.value,
                        qualifier=found.qualifier.casefold() if found.qualifier else None,
                        sentence=squash(sentence),
                        paragraph=pid,
                        unit=found.unit,
                    )
                )
    return facts


# -- number helpers ---------------------------------------------------------------------
def parse_number(text: str, decimal_comma: bool = False) -> float:
    """``"1,500"`` -> 1500, ``"1,5"`` -> 1.5 (decimal comma), ``"7 000"`` -> 7000.

    Raises ValueError for digit groups that make no number ("1,234.567.890").
    """
    s = re.sub(r"[\s\u202f']", "", text)
    if "," in s and "." in s:
        if s.rfind(",") > s.rfind("."):
            s = s.replace(".", "").replace(",", ".")
        else:
            s = s.replace(",", "")
    elif "," in s:
        head, _, tail = s.rpartition(",")
        if decimal_comma or len(tail) != 3 or (s.count(",") == 1 and head == "0"):
            s = s.replace(",", ".") if s.count(",") == 1 else s.replace(",", "")
        else:
            s = s.replace(",", "")
    elif s.count(".") > 1:
        s = s.replace(".", "")
    return float(s)


def compact(value: float) -> int | float:
    return int(value) if value == int(value) and abs(value) < 1e15 else value


def scientific(value: float) -> str:
    """``7e9`` -> ``"7e9"``, ``3.5e9`` -> ``"3.5e9"``, ``1500`` -> ``"1500"``."""
    if abs(value) >= 1e6:
        mantissa, exponent = f"{value:e}".split("e")
        mantissa = mantissa.rstrip("0").rstrip(".")
        return f"{mantissa}e{int(exponent)}"
    return str(compact(value))


# -- patterns, built once from the cue tables ------------------------------------------
def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


#: A number: "7", "1,500", "7 000", "3.5". Written digit first, then the look-behind over
#: it and the character before: a pattern that opens with a character class lets the
#: regex engine skip quickly to digits instead of testing a look-behind everywhere.
NUM = r"\d(?<![\w.,]\d)(?:\d{0,2}(?:[ ,.\u202f]\d{3})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?)(?![\d])"


#: The first two digits of a year from 1500 to 2099 ("15".."19", "20"), not inside a
#: longer number or word.
CENTURY = r"[12](?<![\w.,][12])(?:(?<=1)[5-9]|(?<=2)0)"


#: What a rule needs in a paragraph before it is worth running: a digit, or a word of
#: one of the vocabulary classes below (see :func:`triggers`).
DIGITS = frozenset({"digit"})
MONTHS = frozenset({"month"})


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    build: Builder
    #: Each set names alternatives, and every set must be met: ``(DIGITS, MONTHS)`` runs
    #: only where a digit and a month name both occur. Skipping rules that cannot match
    #: is what keeps the reader fast: a regex alternation of hundreds of words costs
    #: time at every character it scans.
    needs: tuple[frozenset[str], ...] = (DIGITS,)


@cache
def _rules() -> list[Rule]:
    """The figure patterns, in priority order. Each starts at the figure itself (a digit,
    a currency sign, a month, a number word), which lets the regex engine skip text
    without figures quickly; the qualifier before it is found by looking back."""
    scales = _alternation(merged("scales"))
    symbols = r"US\$|\$|€|£|¥|₽"
    words = _alternation(k for k in merged("currencies") if not re.fullmatch(r"\W+", k))
    percent = _alternation(union("percent_words"))
    months = _alternation(merged("months"))
    durations = _alternation(merged("durations"))
    preps = _alternation(union("year_prepositions"))
    spelled = _alternation(merged("number_words"))
    fractions = _alternation(merged("fractions"))
    amount = rf"(?P<num>{NUM})|(?<![\w-])(?P<word>{spelled})"
    end = r"(?![\w])"
    counted = rf"(?:\s(?P<scale>{scales}){end})?\s+(?P<unit>[^\W\d_][\w’'-]*)"
    i = re.IGNORECASE
    return [
        Rule(
            re.compile(rf"(?P<cur>{symbols})\s?(?P<num>{NUM})(?:\s?(?P<scale>{scales}){end})?", i),
            _money,
        ),
        Rule(
            re.compile(
                rf"(?P<num>{NUM})\s?(?:(?P<scale>{scales}){end}\s)?"
                rf"(?P<cur>{words}){end}",
                i,
            ),
            _money,
        ),
        Rule(re.compile(rf"(?P<num>{NUM})\s?(?:%|(?:{percent}){end})", i), _percent),
        Rule(
            re.compile(
                rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m>{months})\.?,?\s+"
                rf"(?P<y>\d{{4}})(?!\d)(?:\s?(?:года|г\.))?",
                i,
            ),
            _date,
            (DIGITS, MONTHS),
        ),
        Rule(
            re.compile(
                rf"(?<!\w)(?P<m>{months})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+"
                rf"(?P<y>\d{{4}})(?!\d)",
                i,
            ),
            _date,
            (DIGITS, MONTHS),
        ),
        Rule(
            re.compile(
                rf"(?<!\w)(?P<m>{months})\.?\s+(?:of\s+)?(?P<y>\d{{4}})(?!\d)"
                rf"(?:\s?(?:года|г\.))?",
                i,
            ),
            _date,
            (DIGITS, MONTHS),
        ),
        # (digit first, look-behind second, as in NUM)
        Rule(re.compile(r"(?P<y>\d(?<![\d-]\d)\d{3})-(?P<mm>\d{2})-(?P<dd>\d{2})(?![\d-])"), _date),
        Rule(re.compile(r"(?P<dd>\d(?<![\d.]\d)\d?)\.(?P<mm>\d{1,2})\.(?P<y>\d{4})(?!\d)"), _date),
        # Years 1500-2099 and decades: digit first too, the look-behinds then check the
        # character before it and which century it opens.
        Rule(re.compile(rf"(?P<y>{CENTURY}\d\d)(?!\d)(?:\s?(?:года|году|г\.))?", i), _year(preps)),
        Rule(re.compile(rf"(?P<dec>{CENTURY}\d)0(?:'?s\b|-[еxх]\w*)"), _decade),
        Rule(
            re.compile(rf"(?:{amount}|(?<![\w-])(?P<article>an?))\s+(?P<unit>{durations}){end}", i),
            _duration,
            (frozenset({"duration"}),),
        ),
        Rule(
            re.compile(rf"(?<![\w-])(?P<share>{fractions}){end}", i),
            _fraction,
            (frozenset({"fraction"}),),
        ),
        # Counts come in two rules, numerals and number words, so that text with digits
        # but no number word is not scanned with the long word alternation.
        Rule(re.compile(rf"(?P<num>{NUM}){counted}", i), _count),
        Rule(
            re.compile(rf"(?<![\w-])(?P<word>{spelled}){counted}", i),
            _count,
            (frozenset({"number"}),),
        ),
    ]


@cache
def _qualifier_before() -> re.Pattern[str]:
    quals = _alternation(union("qualifiers"))
    return re.compile(rf"(?<![\w-])(?P<q>{quals})\s+$", re.IGNORECASE)


#: The cue tables whose words can start a figure, and the trigger class each gives.
VOCABULARY = {"months": "month", "number_words": "number", "fractions": "fraction"}
VOCABULARY["durations"] = "duration"


@cache
def _trigger_words() -> dict[str, str]:
    """Casefolded word -> trigger class. A phrase ("two thirds", "a dozen") is known by
    its last word: every match of the phrase contains it, and it is rarer than "a"."""
    out: dict[str, str] = {}
    for table, kind in VOCABULARY.items():
        for phrase in merged(table):
            out[WORD.findall(phrase.casefold())[-1]] = kind
    return out


def triggers(text: str, words: frozenset[str]) -> dict[str, list[str]]:
    """Trigger class -> the words of ``text`` (whose words are ``words``) that give it;
    ``"digit"`` (with no words) when ``text`` has a digit."""
    table = _trigger_words()
    found: dict[str, list[str]] = {}
    for word in words.intersection(table):
        found.setdefault(table[word], []).append(word)
    if DIGIT.search(text):
        found["digit"] = []
    return found


def narrow(sentence: str, paragraph: dict[str, list[str]]) -> frozenset[str]:
    """The trigger classes of one sentence, from its paragraph's :func:`triggers`: a
    substring test per trigger word, cheaper than tokenising every sentence again (and
    never too strict: a word of the sentence is always a substring of it)."""
    folded = sentence.casefold()
    kinds = {kind for kind, found in paragraph.items() if any(w in folded for w in found)}
    if "digit" in paragraph and DIGIT.search(sentence):
        kinds.add("digit")
    return frozenset(kinds)


WORD = re.compile(r"\w+")
DIGIT = re.compile(r"\d")
#: How far back a qualifier may start ("no fewer than " is the longest).
QUALIFIER_REACH = 32


@cache
def _rules_for(present: frozenset[str]) -> list[Rule]:
    """The rules whose needs ``present`` meets, in priority order."""
    return [rule for rule in _rules() if all(present & need for need in rule.needs)]


def _figures(sentence: str, decimal_comma: bool, rules: list[Rule]) -> list[Found]:
    """Figures in ``sentence``, trying ``rules`` in order (earlier ones claim spans)."""
    taken: list[tuple[int, int]] = []
    found: list[Found] = []
    for rule in rules:
        for m in rule.pattern.finditer(sentence):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            q = _qualifier_before().search(sentence, max(0, m.start() - QUALIFIER_REACH), m.start())
            qualifier = q.group("q") if q else None
            try:
                fact = rule.build(m, decimal_comma, qualifier)
            except (ValueError, OverflowError):
                continue  # digits that form no number: not a figure
            if fact is None:
                continue
            if qualifier and fact.kind not in ("date",) and q is not None:
                fact.start, fact.qualifier = q.start(), qualifier
            taken.append((fact.start, fact.end))
            found.append(fact)
    found.sort(key=lambda f: f.start)
    return found


def _number(m: re.Match[str], decimal_comma: bool) -> float:
    groups = m.groupdict()
    if groups.get("word"):
        value = float(merged("number_words")[groups["word"].casefold()])  # type: ignore[arg-type]
    elif groups.get("article"):
        value = 1.0
    else:
        value = parse_number(groups["num"], decimal_comma)
    scale = m.groupdict().get("scale")
    if scale:
        value *= merged("scales")[scale.casefold()]  # type: ignore[operator]
    return value


def _money(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found:
    code = merged("currencies")[m.group("cur").casefold()]
    value = _number(m, decimal_comma)
    return Found(m.start(), m.end(), "money", f"{code} {scientific(value)}")


def _percent(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found:
    return Found(
        m.start(), m.end(), "percent", compact(parse_number(m.group("num"), decimal_comma))
    )


def _date(
    m: re.Match[str], decimal_comma: bool = False, qualifier: str | None = None
) -> Found | None:
    groups = m.groupdict()
    year = int(groups["y"])
    month = (
        merged("months")[groups["m"].casefold()]
        if groups.get("m")
        else int(groups["mm"])
        if groups.get("mm")
        else None
    )
    day = int(groups["d"]) if groups.get("d") else (int(groups["dd"]) if groups.get("dd") else None)
    try:  # "31 April 2023" and "2024-02-30" are not dates
        datetime.date(year, month or 1, day or 1)
    except ValueError:
        return None
    value = f"{year:04d}"
    if month:
        value += f"-{month:02d}"
        if day:
            value += f"-{day:02d}"
    return Found(m.start(), m.end(), "date", value)


def _year(prepositions: str) -> Builder:
    """A bare year counts only after a preposition: "in 2010", "since 2021", "в 2020 году"."""
    before = re.compile(rf"(?<![\w-])(?:{prepositions})\s+$", re.IGNORECASE)

    def build(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
        if not before.search(m.string, max(0, m.start() - 16), m.start()):
            return None
        return _date(m)

    return build


def _decade(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found:
    return Found(m.start(), m.end(), "date", f"{m.group('dec')}X")  # EDTF decade: 199X


def _duration(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
    if m.group("article") and not qualifier:
        return None  # "a year" alone is rarely a figure; "more than a year" is
    amount = compact(_number(m, decimal_comma))
    designator = merged("durations")[m.group("unit").casefold()]
    if designator == "10Y":
        value = f"P{compact(amount * 10)}Y"
    elif designator == "H":
        value = f"PT{amount}H"
    else:
        value = f"P{amount}{designator}"
    return Found(m.start(), m.end(), "duration", value, unit=m.group("unit"))


def _fraction(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found:
    """ "nearly two thirds" -> a percent fact of 66.7."""
    share: float = merged("fractions")[m.group("share").casefold()]  # type: ignore[assignment]
    return Found(m.start(), m.end(), "percent", compact(round(share * 100, 1)))


def _count(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
    raw = m.groupdict().get("num") or ""
    if not qualifier and not m.group("scale") and re.fullmatch(r"1[5-9]\d\d|20\d\d", raw):
        return None  # a bare year, not a count
    before = m.string[: m.start()].rstrip()
    previous = before.rsplit(maxsplit=1)[-1] if before else ""
    if previous in ("№", "No.", "no.", "#") or (
        previous[:1].isupper() and not re.search(r"[.!?:;,]$", previous) and not qualifier
    ):
        return None  # "Resolution 2254", "Article 5": an identifier, not a quantity
    end = m.end("scale") if m.group("scale") else m.end("unit") - len(m.group("unit")) - 1
    return Found(m.start(), end, "count", compact(_number(m, decimal_comma)), unit=m.group("unit"))


# -- quotations --------------------------------------------------------------------------
QUOTE = re.compile(
    r"“(?P<a>[^“”]{3,}?)”|«(?P<b>[^«»]{3,}?)»|„(?P<c>[^„“”]{3,}?)[“”]"
    r"|\"(?P<d>[^\"\n]{3,}?)\""
)
MIN_QUOTE_WORDS = 4
#: Two capitalised words in a row: "Mike McCaul", "Иван Петров".
FULL_NAME = re.compile(r"(?<![\w.])[A-ZА-ЯЁ][\w.’'-]+\s+[A-ZА-ЯЁ][\w’'-]+")


@cache
def _speech() -> tuple[re.Pattern[str], re.Pattern[str]]:
    verbs = _alternation(union("speech_verbs"))
    before = re.compile(
        rf"(?P<who>.*?),?\s+(?:{verbs})(?:\s+that)?\s*[:,]?\s*$", re.IGNORECASE | re.DOTALL
    )
    after = re.compile(
        rf"^\s*[,.]?\s*(?:[—–-]\s*)?(?:{verbs})\s+(?P<who>[^,.;:!?“”«»\"]+)", re.IGNORECASE
    )
    return before, after


def _quotes(pid: str, text: str, spans: list[tuple[int, int]]) -> list[Fact]:
    """Quotations in ``text``, whose sentence spans are ``spans``."""
    facts: list[Fact] = []
    for m in QUOTE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if len(inner.split()) < MIN_QUOTE_WORDS:
            continue  # a term in quotes ("Vienna process"), not a statement
        first = next((s for s, e in spans if s <= m.start() < e), 0)
        last = next((e for s, e in spans if s < m.end() <= e), len(text))
        facts.append(
            Fact(
                kind="quote",
                text=m.group(),
                value=squash(inner),
                qualifier=None,
                sentence=squash(text[first:last]),
                paragraph=pid,
                speaker=_speaker(text[first : m.start()], text[m.end() :]),
            )
        )
    return facts


def _speaker(before: str, after: str) -> str | None:
    """Who said it: "..., Rep. Jane Doe, wrote: “...”" or "“...”, said Jane Doe"."""
    left, right = _speech()
    not_names = {w.casefold() for w in union("not_names")}
    m = left.match(before)
    if m and m.group("who").strip():
        segments = [s.strip() for s in m.group("who").split(",") if s.strip()]
        # "Jane Doe, a senator from Ohio, said" and "Speaking in Vienna, minister Ivan
        # Petrov said": the speaker is the segment with a full name in it.
        named = [s for s in segments if FULL_NAME.search(s)]
        capitalised = [s for s in segments if s[:1].isupper()]
        who = (named or capitalised or segments)[-1]
        if who.casefold() not in not_names and _looks_named(who):
            return squash(who)
    m = right.match(after)
    if m:
        who = m.group("who").strip()
        if who.casefold() not in not_names and _looks_named(who):
            return squash(who)
    return None


def _looks_named(who: str) -> bool:
    words = who.split()
    return 0 < len(words) <= 10 and any(w[:1].isupper() for w in words)


def parse_date(text: str, *, whole: bool = False) -> str | None:
    """ISO 8601 form of the first date in ``text`` ("14 May 2024" -> "2024-05-14").

    With ``whole=True`` the date must be all of ``text`` (a header line such as
    "14 мая 2024 г."), not just appear in it.
    """
    text = text.strip()
    for rule in _rules():
        if rule.build not in (_date, _decade):
            continue
        m = rule.pattern.fullmatch(text) if whole else rule.pattern.search(text)
        if m:
            found = rule.build(m, False, None)
            if found is not None:
                return str(found.value)
    return None
