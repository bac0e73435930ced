"""Stage 4: sentences -> typed, normalised facts.

Each paragraph is scanned once for quotations (they may span sentences), then each
sentence for figures in a fixed order - money, percent, date, duration, count - where an
earlier kind claims its span first ("$7 billion" is money, not a count of 7).

Values are normalised so pipelines can compare them: counts as numbers (``30``), money as
``"USD 7e9"``, percents as numbers, dates as ISO 8601 (``"2021-08"``, EDTF ``"199X"`` for
a decade) and durations as ISO 8601 durations (``"P20M"``).
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from reportkit.model import Fact
from reportkit.reader.cues import LANGUAGES, folded, merged, union
from reportkit.reader.text import WordSets, split_sentences, squash

Builder = Callable[[re.Match[str], bool, "str | None"], "Found | None"]


@dataclass(eq=False)  # compared by identity: two equal figures are still two
class Found:
    start: int
    end: int
    kind: str
    value: str | int | float | None
    qualifier: str | None = None
    unit: str | None = None
    upper: str | int | float | None = None
    #: How the number was scaled and which currency it was in, so that the low end of a
    #: range ("10" in "10–15 billion dollars") is normalised like the high end.
    scale: float = 1.0
    currency: str | None = None


def extract_facts(
    paragraphs: Iterable[tuple[str, str]], language: str, words: WordSets | None = None
) -> list[Fact]:
    """Facts of each ``(paragraph_id, text)`` pair, in reading order."""
    words = WordSets() if words is None else words
    decimal_comma = LANGUAGES.get(language, LANGUAGES["en"]).decimal_comma
    facts: list[Fact] = []
    for pid, text in paragraphs:
        spans = split_sentences(text)
        quotes = _quotes(pid, text, spans)
        facts.extend(fact for fact, _ in quotes)
        present = triggers(text, words[text])
        if not present:
            continue
        for start, end in spans:
            sentence = text[start:end]
            rules = _rules_for(narrow(sentence, present))
            figures = _figures(sentence, decimal_comma, rules)
            whole = squash(sentence) if figures else ""  # one string for all its facts
            for found in figures:
                at = start + found.start
                facts.append(
                    Fact(
                        kind=found.kind,  # type: ignore[arg-type]
                        text=sentence[found.start : found.end],
                        value=found.value,
                        qualifier=found.qualifier.casefold() if found.qualifier else None,
                        sentence=whole if len(whole) <= MAX_SENTENCE else _window(sentence, found),
                        paragraph=pid,
                        unit=found.unit,
                        upper=found.upper,
                        quoted=any(s <= at < e for _, (s, e) in quotes),
                    )
                )
    for n, fact in enumerate(facts, start=1):
        fact.id = f"f{n}"
    return facts


#: The longest sentence a fact carries whole. No sentence of a brief is this long; a
#: pathological one (a 200 KB line of figures) would make every one of its thousands of
#: facts carry all of it, and the model grow with the square of the line.
MAX_SENTENCE = 2000
#: Characters a fact of such a line carries on each side of its figure.
WINDOW = 300


def _window(sentence: str, found: Found) -> str:
    """The part of an overlong sentence around one figure, marked as cut."""
    start = max(0, found.start - WINDOW)
    end = min(len(sentence), found.end + WINDOW)
    text = squash(sentence[start:end])
    return ("…" if start else "") + text + ("…" if end < len(sentence) else "")


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
@cache
def currency_codes() -> frozenset[str]:
    """Every ISO 4217 code Babel knows (NOK, SAR, QAR, IRR...), but those that are also
    common capitalised words or abbreviations before a number ("TOP 10", "ALL 3")."""
    from babel.numbers import list_currencies

    return frozenset(list_currencies()) - AMBIGUOUS_CODES


#: ISO 4217 codes that are more often something else in capitals before a number.
AMBIGUOUS_CODES = frozenset(
    {"ALL", "TOP", "CUP", "SOS", "MOP", "CVE", "BOB", "PEN", "XXX", "XTS", "XAU", "XAG"}
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


#: A number: "7", "1,500", "7 000", "3.5"; never part of "2023/27" or "24/7". Written
#: digit first, then the look-behind over it and the character before: a pattern that
#: opens with a character class lets the regex engine skip quickly to digits instead of
#: testing a look-behind everywhere.
NUM = r"\d(?<![\w.,/]\d)(?:\d{0,2}(?:[ ,.\u202f]\d{3})+(?:[.,]\d+)?|\d*(?:[.,]\d+)?)(?![\d/])"
#: What joins the two ends of a range: "10–15", "3-5", "10 — 15" (a hyphen only without
#: spaces: "3 - 5" is as often a subtraction or a score).
DASH = r"(?:\s?[–—]\s?|-)"


#: The first two digits of a year from 1500 to 2099 ("15".."19", "20"), not inside a
#: longer number or word.
CENTURY = r"[12](?<![\w.,][12])(?:(?<=1)[5-9]|(?<=2)0)"
#: Words after a Russian year: "2023 года", "в 2021–2022 годах", "2015 г.".
RU_YEAR_WORD = r"(?:\s?(?:годах|годов|году|года|гг\.|г\.)(?!\w))?"


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


#: Digits that are never a figure: links, e-mail addresses, UN document symbols
#: ("A/79/341", "S/2024/664"), telephone numbers, footnote markers ("[3]", "²"). Every
#: repetition is bounded, so that a long run of any character is scanned in linear time.
NOT_FIGURES = re.compile(
    r"(?:https?|ftp)://\S{1,2048}|www\.\S{1,2048}"
    r"|[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}"
    r"|(?<![\w/])[A-Z]{1,8}(?:\.\d{1,3})?(?:/[A-Za-z0-9.()-]{1,20}){2,8}"
    r"|\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){2,6}"
    r"|\[\d{1,3}\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}",
    re.IGNORECASE,
)
#: Characters without which :data:`NOT_FIGURES` cannot match: most sentences have none.
NOT_FIGURE_HINTS = frozenset("/@+[⁰¹²³⁴⁵⁶⁷⁸⁹")


@cache
def _rules() -> list[Rule]:
    """The figure patterns, in priority order. Each starts at the figure itself (a digit,
    a currency sign, a month, a number word), which lets the regex engine skip text
    without figures quickly; the qualifier before it is found by looking back, and so is
    the low end of a range ("10–" before "15%", see :func:`_ranges`)."""
    scales = _alternation(merged("scales"))
    codes = _alternation(currency_codes())
    signs = _alternation(k for k in merged("currencies") if re.fullmatch(r"\W+", k))
    # a code in capitals only ("NOK 4.2 billion", "4.2 billion NOK"): "all 30" is no lek
    symbols = rf"US\$|{signs}|(?-i:(?:{codes})(?=\s?\d))"
    words = _alternation(k for k in merged("currencies") if not re.fullmatch(r"\W+", k))
    words = rf"{words}|(?-i:{codes})"
    percent = _alternation(union("percent_words"))
    months = _alternation(merged("months"))
    durations = _alternation(merged("durations"))
    preps = _alternation(union("year_prepositions"))
    spelled = _alternation(merged("number_words"))
    fractions = _alternation(merged("fractions"))
    amount = rf"(?P<num>{NUM})|(?<![\w-])(?P<word>{spelled})"
    end = r"(?![\w])"
    counted = rf"(?:\s(?P<scale>{scales}){end})?\s+(?P<unit>[^\W\d_][\w’'-]*)"
    year = rf"{CENTURY}\d\d"
    i = re.IGNORECASE
    return [
        Rule(
            re.compile(
                rf"(?P<cur>{symbols})\s?(?P<num>{NUM})(?:{DASH}(?P<hi>{NUM}))?"
                rf"(?:\s?(?P<scale>{scales}){end})?",
                i,
            ),
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
        # "%12": the sign first, as Turkish writes it
        Rule(re.compile(rf"(?<![\w%])%(?P<num>{NUM})", i), _percent),
        # "12–14 May 2024", "12-14 мая 2024 года": days of one month, one interval
        Rule(
            re.compile(
                rf"(?<!\d)(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?{DASH}(?P<d>\d{{1,2}})(?:st|nd|rd|th)?"
                rf"\s+(?:of\s+)?(?P<m>{months})\.?,?\s+(?P<y>\d{{4}})(?!\d){RU_YEAR_WORD}",
                i,
            ),
            _day_range,
            (DIGITS, MONTHS),
        ),
        Rule(
            re.compile(
                rf"(?<!\d)(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m>{months})\.?,?\s+"
                rf"(?P<y>\d{{4}})(?!\d){RU_YEAR_WORD}",
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
                rf"(?<!\w)(?P<m>{months})\.?\s+(?:of\s+)?(?P<y>\d{{4}})(?!\d){RU_YEAR_WORD}",
                i,
            ),
            _date,
            (DIGITS, MONTHS),
        ),
        # (digit first, look-behind second, as in NUM)
        Rule(re.compile(r"(?P<y>\d(?<![\d-]\d)\d{3})-(?P<mm>\d{2})-(?P<dd>\d{2})(?![\d-])"), _date),
        Rule(re.compile(r"(?P<dd>\d(?<![\d.]\d)\d?)\.(?P<mm>\d{1,2})\.(?P<y>\d{4})(?!\d)"), _date),
        # Fiscal and split years: "FY2025", "FY2024/25", "2023/24": one period.
        Rule(
            re.compile(
                r"(?<![\w/])FY\s?(?P<y>(?:1[5-9]|20)\d\d)(?:/(?P<y2>\d\d(?:\d\d)?))?(?![\d/])"
            ),
            _split_year,
        ),
        Rule(
            re.compile(rf"(?P<y>{year})/(?P<y2>\d\d(?:\d\d)?)(?![\d/]){RU_YEAR_WORD}"),
            _split_year,
        ),
        # Years 1500-2099, alone or as a range ("2021–2022"), and decades: digit first
        # too, the look-behinds then check the character before it and its century.
        Rule(
            re.compile(rf"(?P<y>{year})(?:{DASH}(?P<y2>{year}))?(?![\d/]){RU_YEAR_WORD}", i),
            _year(preps),
        ),
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


@cache
def _range_before() -> re.Pattern[str]:
    """The low end of a range ending where a figure starts: "10–" before "15%", "between
    1.5 and " before "2%", "от 189 до " before "200 тыс. тонн"."""
    pairs = "|".join(
        rf"(?:{re.escape(a)})\s+(?P<lo{n}>{NUM})\s+(?:{re.escape(b)})\s+"
        for n, (a, b) in enumerate(sorted({p for c in LANGUAGES.values() for p in c.range_words}))
    )
    return re.compile(rf"(?:(?<![\w-])(?:{pairs})|(?P<lo>{NUM}){DASH})$", re.IGNORECASE)


#: How far back a range's low end may start ("between 1,234,567.5 and " is long).
RANGE_REACH = 40


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
    lower = sentence.casefold()
    kinds = {kind for kind, found in paragraph.items() if any(w in lower for w in found)}
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


def _not_figures(sentence: str) -> list[tuple[int, int]]:
    """Spans of ``sentence`` whose digits are never figures (see :data:`NOT_FIGURES`)."""
    if NOT_FIGURE_HINTS.isdisjoint(sentence) and "www." not in sentence:
        return []
    return [m.span() for m in NOT_FIGURES.finditer(sentence)]


class Claimed:
    """Which characters of a sentence a figure (or a link) has claimed: a byte each, so
    that testing a match for overlap costs its own length, not the number of figures
    found so far (a 200 KB line of "1% 1% ..." holds 66,000 of them)."""

    FIGURE, BARE = 1, 2  # BARE: a number that counts nothing, which a range may absorb

    def __init__(self, length: int) -> None:
        self.mask = bytearray(length)

    def free(self, start: int, end: int) -> bool:
        return (
            self.mask.find(self.FIGURE, start, end) < 0
            and self.mask.find(self.BARE, start, end) < 0
        )

    def claim(self, start: int, end: int, mark: int = FIGURE) -> None:
        self.mask[start:end] = bytes((mark,)) * (end - start)

    def only_bare(self, start: int, end: int) -> bool:
        """Nothing but bare numbers (or nothing) between ``start`` and ``end``."""
        return self.mask.find(self.FIGURE, start, end) < 0


def _figures(sentence: str, decimal_comma: bool, rules: list[Rule]) -> list[Found]:
    """Figures in ``sentence``, trying ``rules`` in order (earlier ones claim spans)."""
    claimed = Claimed(len(sentence))
    for start, end in _not_figures(sentence):
        claimed.claim(start, end)
    found: list[Found] = []
    for rule in rules:
        for m in rule.pattern.finditer(sentence):
            if not claimed.free(m.start(), m.end()):
                continue
            qualifier, q_start = _qualifier(sentence, m.start())
            try:
                fact = rule.build(m, decimal_comma, qualifier)
            except (ValueError, OverflowError):
                continue  # digits that form no number: not a figure
            if fact is None:
                continue
            if qualifier and fact.kind not in ("date",):
                fact.start, fact.qualifier = q_start, qualifier
            bare = fact.kind == "count" and fact.unit is None
            claimed.claim(fact.start, fact.end, Claimed.BARE if bare else Claimed.FIGURE)
            found.append(fact)
    found.sort(key=lambda f: f.start)
    return _ranges(sentence, found, claimed, decimal_comma)


def _qualifier(sentence: str, start: int) -> tuple[str | None, int]:
    """The qualifier ending at ``start`` ("more than "), and where it starts."""
    q = _qualifier_before().search(sentence, max(0, start - QUALIFIER_REACH), start)
    return (q.group("q"), q.start()) if q else (None, start)


def _ranges(
    sentence: str, found: list[Found], claimed: Claimed, decimal_comma: bool
) -> list[Found]:
    """Give figures preceded by the low end of a range that end: "10–15%" is one percent
    fact from 10 to 15, "3–5 days" one duration, "between 1.5 and 2%" one percent."""
    pattern = _range_before()
    bare = {f.start: f for f in found if f.kind == "count" and f.unit is None}
    absorbed: set[int] = set()  # ids of bare numbers that became a range's low end
    for fact in found:
        if fact.kind not in RANGE_KINDS or fact.upper is not None or id(fact) in absorbed:
            continue
        number_at = fact.start if fact.qualifier is None else fact.start + len(fact.qualifier)
        number_at = _first_digit(sentence, number_at, fact.end)
        if number_at is None:
            continue
        m = pattern.search(sentence, max(0, number_at - RANGE_REACH), number_at)
        if m is None or not claimed.only_bare(m.start(), min(number_at, fact.start)):
            continue  # no range, or its low end belongs to another figure (or a link)
        lo_text = next(v for k, v in m.groupdict().items() if k.startswith("lo") and v)
        try:
            lo = parse_number(lo_text, decimal_comma) * fact.scale
        except ValueError:
            continue
        # "1.5" in "between 1.5 and 2%" was read as a bare number: it is the low end.
        for at in range(m.start(), number_at):
            other = bare.get(at)
            if other is not None and other is not fact:
                absorbed.add(id(other))
        fact.upper, fact.value = fact.value, _like(fact, lo)
        qualifier, q_start = _qualifier(sentence, m.start())
        fact.start = q_start
        fact.qualifier = qualifier
    return [f for f in found if id(f) not in absorbed] if absorbed else found


#: Kinds whose figures can be ranges found by looking back (years have their own rule).
RANGE_KINDS = frozenset({"count", "money", "percent", "duration"})


def _first_digit(text: str, start: int, end: int) -> int | None:
    m = DIGIT.search(text, start, end)
    return m.start() if m else None


def _like(fact: Found, number: float) -> str | int | float:
    """``number`` normalised as ``fact``'s value is: the low end of its range."""
    if fact.kind == "money":
        return f"{fact.currency} {scientific(number)}"
    if fact.kind == "duration":
        return str(fact.value).replace(_duration_amount(str(fact.value)), str(compact(number)), 1)
    return compact(number)


def _duration_amount(value: str) -> str:
    """The number of an ISO 8601 duration: "12" in "P12M", "36" in "PT36H"."""
    m = re.search(r"\d+(?:\.\d+)?", value)
    return m.group() if m else ""


def _number(m: re.Match[str], decimal_comma: bool, group: str = "num") -> float:
    groups = m.groupdict()
    if groups.get("word"):
        value = float(merged("number_words")[groups["word"].casefold()])  # type: ignore[arg-type]
    elif groups.get("article"):
        value = 1.0
    else:
        value = parse_number(groups[group], decimal_comma)
    return value * _scale(m)


def _scale(m: re.Match[str]) -> float:
    scale = m.groupdict().get("scale")
    return float(merged("scales")[scale.casefold()]) if scale else 1.0  # type: ignore[arg-type]


def _money(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found:
    code = str(merged("currencies").get(m.group("cur").casefold(), m.group("cur").upper()))
    value = _number(m, decimal_comma)
    upper = None
    if m.groupdict().get("hi"):
        upper = f"{code} {scientific(_number(m, decimal_comma, 'hi'))}"
    return Found(
        m.start(),
        m.end(),
        "money",
        f"{code} {scientific(value)}",
        upper=upper,
        scale=_scale(m),
        currency=code,
    )


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


def _day_range(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
    """ "12–14 May 2024": the two days of one month as an EDTF interval."""
    end = _date(m)
    first = int(m.group("d1"))
    if end is None or not 1 <= first < int(m.group("d")):
        return None
    start = f"{end.value[:8]}{first:02d}"  # type: ignore[index]
    return Found(m.start(), m.end(), "date", f"{start}/{end.value}")


def _split_year(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
    """ "2023/24" and "FY2024/25": one period of two years, as an EDTF interval; "FY2025"
    alone is its year."""
    first = int(m.group("y"))
    second = m.group("y2")
    if second is None:
        return Found(m.start(), m.end(), "date", str(first))
    last = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
    if last != first + 1:
        return None  # "2023/27" is not a season or a fiscal year
    return Found(m.start(), m.end(), "date", f"{first}/{last}")


def _year(prepositions: str) -> Builder:
    """A bare year counts only after a preposition: "in 2010", "since 2021", "в 2020 году";
    so does a range of years, as an EDTF interval ("in 2021–2022" -> "2021/2022")."""
    before = re.compile(rf"(?<![\w-])(?:{prepositions})\s+$", re.IGNORECASE)

    def build(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
        # "протоколом 1987 года": the Russian word for "year" after it is enough.
        said = m.group().rstrip().endswith(("года", "году", "годах", "годов", "г."))
        if not said and not before.search(m.string, max(0, m.start() - 16), m.start()):
            return None
        found = _date(m)
        if found is not None and m.group("y2"):
            if int(m.group("y2")) <= int(m.group("y")):
                return None
            found.value = f"{m.group('y')}/{m.group('y2')}"
        return found

    return build


def _decade(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found:
    return Found(m.start(), m.end(), "date", f"{m.group('dec')}X")  # EDTF decade: 199X


def _duration(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
    if m.group("article") and not qualifier:
        return None  # "a year" alone is rarely a figure; "more than a year" is
    amount = compact(_number(m, decimal_comma))
    designator = merged("durations")[m.group("unit").casefold()]
    if designator == "Y" and m.group("num") and re.fullmatch(r"1[5-9]\d\d|20\d\d", m.group("num")):
        return None  # "период 2024 года" is the year 2024, not 2024 years
    if designator == "10Y":
        value = f"P{compact(amount * 10)}Y"
    elif designator == "H":
        value = f"PT{amount}H"
    else:
        value = f"P{amount}{designator}"
    return Found(m.start(), m.end(), "duration", value, unit=m.group("unit"))


#: After an English fraction, what makes it a quantity: "a third of", "half the",
#: "half as much"; or the end of a clause ("cut by half.").
QUANTIFIES = re.compile(r"\s+(?:of|the|as|that|again)\b|\s*(?:[,.;:)!?]|$)", re.IGNORECASE)


def _fraction(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
    """ "nearly two thirds of firms" -> a percent fact of 66.7. Only where it quantifies:
    not "a third phase", nor "the first half of 2024" (a period)."""
    text = m.string
    previous = text[max(0, m.start() - 16) : m.start()].split()
    if previous and previous[-1].casefold() in folded("ordinals"):
        return None
    share = m.group("share")
    latin = share[:1].isascii()
    if (
        latin
        and not QUANTIFIES.match(text, m.end())
        and not (previous and previous[-1].casefold() in ("by", "than"))
    ):
        return None
    value: float = merged("fractions")[share.casefold()]  # type: ignore[assignment]
    return Found(m.start(), m.end(), "percent", compact(round(value * 100, 1)))


@cache
def _not_units() -> frozenset[str]:
    return frozenset(w.casefold() for w in union("not_units")) | frozenset(merged("months"))


def _count(m: re.Match[str], decimal_comma: bool, qualifier: str | None) -> Found | None:
    raw = m.groupdict().get("num") or ""
    if not qualifier and not m.group("scale") and re.fullmatch(r"1[5-9]\d\d|20\d\d", raw):
        return None  # a bare year, not a count
    before = m.string[: m.start()].rstrip()
    previous = before.rsplit(maxsplit=1)[-1] if before else ""
    if (
        previous in ("№", "No.", "no.", "#")
        or previous.casefold() in folded("identifier_words")
        or (
            previous[:1].isupper()
            and not re.search(r"[.!?:;,]$", previous)
            and not qualifier
            and before != previous  # "В 20 раз": a sentence's first word is no name
        )
    ):
        return None  # "Resolution 2254", "article 5": an identifier, not a quantity
    unit, end = counted(m.string, m.start("unit"))
    if unit is None and m.group("unit").casefold() in merged("months"):
        return None  # "12 May": a day without a year, not a count
    if unit is None:  # "97 in 2021", "40 or more": a number, but nothing named is counted
        end = m.end("scale") if m.group("scale") else m.start("unit") - 1
    return Found(
        m.start(),
        end,
        "count",
        compact(_number(m, decimal_comma)),
        unit=unit,
        scale=_scale(m),
    )


#: How many words may stand between a number and what it counts ("40 new rail and
#: ferry services").
COUNTED_REACH = 5
_COUNTED_WORD = re.compile(r"[^\W\d_][\w’'-]*")
#: English plurals without an -s.
IRREGULAR_PLURALS = frozenset(
    {"people", "children", "men", "women", "staff", "personnel", "police", "cattle", "sheep"}
)


def counted(text: str, at: int) -> tuple[str | None, int]:
    """What a number counts, read from ``at`` (just after the number): the noun and where
    the figure's span ends. English: up to the first plural noun or unit of measure
    ("20 partner countries", "40 new rail and ferry services", "1,200 megawatts");
    Russian: adjectives, then the first noun ("25 официальных делегаций"). ``(None,
    at)`` when what follows counts nothing ("97 in 2021", "40 or more")."""
    words: list[re.Match[str]] = []
    position = at
    while len(words) < COUNTED_REACH:
        m = _COUNTED_WORD.match(text, position)
        if m is None:
            break
        words.append(m)
        if text[m.end() : m.end() + 1] != " ":
            break  # punctuation ends what is counted
        position = m.end() + 1
    if not words:
        return None, at
    if any("а" <= c <= "я" or c == "ё" for c in words[0].group().casefold()):
        return _counted_russian(words)
    stops, adjectives = _not_units(), folded("unit_adjectives")
    first = words[0].group()
    if first.casefold() in stops:
        return None, at
    for n, m in enumerate(words):
        word = m.group().casefold()
        if word in stops:
            if word in ("and", "or") and n + 1 < len(words) and n > 0:
                continue  # "rail and ferry services"
            break
        if is_measure(word) or word in IRREGULAR_PLURALS or _plural(word):
            return m.group(), m.end()
    if first.casefold() in adjectives:
        return None, at
    return first, words[0].end()


def _plural(word: str) -> bool:
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _counted_russian(words: list[re.Match[str]]) -> tuple[str | None, int]:
    from reportkit.reader.morph import analyzer

    morph = analyzer()
    stops = _not_units()
    for m in words:
        word = m.group()
        if word.casefold() in stops:
            break
        parses = morph.parse(word)
        if any(p.tag.POS == "NOUN" for p in parses[:2]) or is_measure(word):
            return word, m.end()
        if not any(p.tag.POS in ("ADJF", "PRTF") for p in parses[:2]):
            break
    return None, words[0].start() - 1


def is_measure(unit: str | None) -> bool:
    """Is ``unit`` a unit of measure ("gigawatts", "тонн"), not a thing counted?"""
    return unit is not None and unit.casefold() in folded("measures")


# -- quotations --------------------------------------------------------------------------
QUOTE = re.compile(
    r"“(?P<a>[^“”]{3,}?)”|«(?P<b>[^«»]{3,}?)»|„(?P<c>[^„“”]{3,}?)[“”]"
    r"|\"(?P<d>[^\"\n]{3,}?)\""
)
MIN_QUOTE_WORDS = 4
#: How far before or after a quotation its speaker is looked for.
SPEAKER_REACH = 300
#: Two capitalised words in a row: "Mike McCaul", "Иван Петров".
FULL_NAME = re.compile(r"(?<![\w.])[A-ZА-ЯЁ][\w.’'-]+\s+[A-ZА-ЯЁ][\w’'-]+")


@cache
def _speech() -> tuple[re.Pattern[str], re.Pattern[str]]:
    verbs = _alternation(union("speech_verbs"))
    before = re.compile(
        rf"(?P<who>.*?),?\s+(?:{verbs})(?:\s+that)?\s*[:,]?\s*$", re.IGNORECASE | re.DOTALL
    )
    after = re.compile(
        rf"^\s*[,.]?\s*(?:[—–-]\s*)?(?:{verbs})\s+(?P<who>(?:[^,.;:!?“”«»\"]|«[^«»]{{1,60}}»)+)",
        re.IGNORECASE,
    )
    return before, after


def _quotes(
    pid: str, text: str, spans: list[tuple[int, int]]
) -> list[tuple[Fact, tuple[int, int]]]:
    """Quotations in ``text``, whose sentence spans are ``spans``, with where each is."""
    facts: list[tuple[Fact, tuple[int, int]]] = []
    starts = [s for s, _ in spans]
    for m in QUOTE.finditer(text):
        inner = next(g for g in m.groups() if g is not None)
        if len(inner.split()) < MIN_QUOTE_WORDS:
            continue  # a term in quotes ("Vienna process"), not a statement
        n = bisect.bisect_right(starts, m.start()) - 1
        first = spans[n][0] if n >= 0 and m.start() < spans[n][1] else 0
        k = bisect.bisect_left(starts, m.end()) - 1
        last = spans[k][1] if k >= 0 and spans[k][0] < m.end() <= spans[k][1] else len(text)
        if last - first > MAX_SENTENCE:  # a pathological line: the quote and a little
            first, last = max(first, m.start() - WINDOW), min(last, m.end() + WINDOW)
        quote = Fact(
            kind="quote",
            text=m.group(),
            value=squash(inner),
            qualifier=None,
            sentence=squash(text[first:last]),
            paragraph=pid,
            # who said it stands near the quotation: looking further only costs time
            speaker=_speaker(
                text[max(first, m.start() - SPEAKER_REACH) : m.start()],
                text[m.end() : m.end() + SPEAKER_REACH],
            ),
        )
        facts.append((quote, m.span()))
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
