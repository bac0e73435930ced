"""Language cue words, as data: adding a language means adding one ``Cues`` entry.

The reader applies the cues of *all* languages at once, because briefs mix them (an
English translation with a Russian ``Источник:`` line is normal). The detected language
only decides number formats and the labels writers print.

Patterns are regular-expression fragments matched case-insensitively unless noted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache


@dataclass(frozen=True)
class AttributionCue:
    """A pattern that credits a name: "according to {name}", "{name} said".

    ``pattern`` has a ``(?P<name>...)`` group filled by the name pattern of the language
    (``{name}``); it is case-sensitive, because names are capitalised. ``triggers`` are
    words (lower case) of which every match contains one: a paragraph without any of
    them is not searched, which matters because a pattern starting at a name is tried
    at every capital letter of the text.
    """

    triggers: tuple[str, ...]
    pattern: str


def _words(*words: str) -> str:
    """``("said", "wrote")`` -> ``"said|wrote"``, for a pattern and its triggers alike."""
    return "|".join(words)


def _inflected(stems: tuple[str, ...], endings: str) -> tuple[str, ...]:
    """Each stem alone and with each one-letter ending: the forms a trigger must know."""
    return tuple(stem + end for stem in stems for end in ("", *endings))


#: "Reuters reported": present forms that double as plural nouns ("states", "notes")
#: are left out.
EN_REPORTING_VERBS = (
    "said",
    "says",
    "wrote",
    "writes",
    "reported",
    "stated",
    "announced",
    "estimated",
    "claimed",
    "noted",
    "warned",
    "argued",
    "told",
)
#: "Минфин сообщил", "эксперты отметили": the stems take -а, -и, -о.
RU_REPORTING_VERBS = (
    "заявил",
    "сообщил",
    "отметил",
    "написал",
    "подчеркнул",
    "сообщает",
    "пишет",
    "заявляет",
    "отмечает",
    "сказал",
    "указал",
    "указывает",
)


@dataclass(frozen=True)
class Cues:
    code: str
    #: Rubric lines seen in digests ("Situation, Facts and Events"); any short first line
    #: followed by a title is a rubric too, this list only helps when the title is missing.
    rubrics: tuple[str, ...] = ()
    #: The sentence that introduces conclusions; matched against the start of a sentence.
    conclusion_cues: tuple[str, ...] = ()
    #: Labels of a single origin line: "Source: X".
    source_labels: tuple[str, ...] = ()
    #: Headings of a list of sources: "Sources:" followed by entries.
    sources_headings: tuple[str, ...] = ()
    #: Header lines such as "Date: 12 May 2024", by model field.
    meta_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Classification markings recognised as a header line on their own.
    classifications: tuple[str, ...] = ()
    #: Words that introduce an author line without a colon ("By Jane Doe").
    byline_words: tuple[str, ...] = ()
    #: Attribution patterns (see :class:`AttributionCue`).
    attributions: tuple[AttributionCue, ...] = ()
    #: Verbs that introduce or follow a quotation ("said", "заявил").
    speech_verbs: tuple[str, ...] = ()
    #: Capitalised words that are not names when they stand before "said".
    not_names: tuple[str, ...] = ()
    #: Words allowed inside a multi-word organisation name besides capitalised ones.
    name_connectors: tuple[str, ...] = ()
    #: What a name looks like after an attribution cue (a regex fragment, case-sensitive).
    name_pattern: str = ""
    #: Words that end a name captured after a cue ("... Института Востока в докладе").
    name_stopwords: tuple[str, ...] = ()
    #: Words before a number that qualify it ("more than 30").
    qualifiers: tuple[str, ...] = ()
    #: Month names (all inflected forms) -> month number.
    months: dict[str, int] = field(default_factory=dict)
    #: Numbers written as words ("three", "a dozen"); "one" is left out on purpose: it is
    #: far more often a pronoun ("one of the groups") than a count.
    number_words: dict[str, int] = field(default_factory=dict)
    #: Shares written as words ("two thirds") -> fraction of one.
    fractions: dict[str, float] = field(default_factory=dict)
    #: Words that scale a number ("7 billion").
    scales: dict[str, float] = field(default_factory=dict)
    #: Currency words and symbols -> ISO 4217 code.
    currencies: dict[str, str] = field(default_factory=dict)
    #: Percent words ("percent", "процентов").
    percent_words: tuple[str, ...] = ()
    #: Duration unit words -> ISO 8601 designator (Y, M, W, D, H).
    durations: dict[str, str] = field(default_factory=dict)
    #: Prepositions that make a bare four-digit number a year ("in 2010").
    year_prepositions: tuple[str, ...] = ()
    #: Abbreviations that end with a period but do not end a sentence.
    abbreviations: tuple[str, ...] = ()
    #: Decimal separator used when a number is ambiguous ("1,5" in Russian).
    decimal_comma: bool = False


ENGLISH = Cues(
    code="en",
    rubrics=(
        "situation, facts and events",
        "analysis",
        "analytics",
        "digest",
        "news digest",
        "briefing",
        "commentary",
        "opinion",
        "expert opinion",
        "review",
        "press review",
    ),
    conclusion_cues=(
        r"(?:several|a few|some|two|three|four|five|the following|a number of|certain|main|key)"
        r"\s+(?:main\s+|key\s+|important\s+)?conclusions\s+(?:can|could|may|might|should)\s+be\s+drawn",
        r"(?:we|one)\s+(?:can|could|may)\s+draw\s+(?:several|a few|some|the following|two|three)?"
        r"\s*conclusions",
        r"(?:main\s+|key\s+)?conclusions\s*:?$",
        r"(?:key|main)\s+(?:takeaways|findings|points)\s*:?",
        r"takeaways\s*:?$",
        r"findings\s*:?$",
        r"in\s+conclusion\b",
        r"to\s+(?:sum\s+up|summari[sz]e|conclude)\b",
        r"(?:this|the above)\s+(?:leads|allows us)\s+to\s+(?:several|the following)\s+conclusions",
    ),
    source_labels=("source", "sources", "based on", "originally published by", "origin"),
    sources_headings=("sources", "references", "bibliography", "notes", "links"),
    meta_labels={
        "date": ("date", "dated", "published"),
        "author": ("author", "authors", "prepared by", "compiled by"),
        "classification": ("classification", "marking"),
        "rubric": ("rubric", "section", "category"),
    },
    classifications=(
        "unclassified",
        "official",
        "official-sensitive",
        "restricted",
        "confidential",
        "secret",
        "internal",
        "for official use only",
        "for internal use only",
        "public",
        "tlp:clear",
        "tlp:white",
        "tlp:green",
        "tlp:amber",
        "tlp:red",
    ),
    byline_words=("by",),
    attributions=(
        # "As experts from the Hudson Institute (USA) indicate"
        # (any lower-case role before "from": experts, hydrologists, senior researchers)
        AttributionCue(
            ("as",),
            r"\b[Aa]s\s+(?:(?:[a-z][\w-]*\s+){1,3}?(?:from|of|at|with)\s+)?"
            r"{name}\s+(?:(?:also|rightly|correctly)\s+)?(?:indicates?|notes?|points?\s+out"
            r"|writes?|reports?|says?|believes?|suggests?|argues?|emphasi[sz]es?|observes?"
            r"|stresses?|warns?|concludes?|estimates?|states?)\b",
        ),
        # "according to the Ministry of Finance"
        AttributionCue(
            ("according",),
            r"\b[Aa]ccording\s+to\s+(?:(?:\w+\s+){0,2}?(?:experts?|analysts?|data|figures"
            r"|estimates|researchers?|officials?|reports?|a\s+report|the\s+report|sources?)"
            r"\s+(?:from|of|at|by)\s+)?{name}",
        ),
        # "Reuters reported", "The Ministry said"
        AttributionCue(EN_REPORTING_VERBS, rf"{{name}}\s+(?:{_words(*EN_REPORTING_VERBS)})\b"),
        # "reported by the BBC", "cited by Reuters"
        AttributionCue(("by",), r"\b(?:reported|published|cited|quoted|estimated)\s+by\s+{name}"),
    ),
    speech_verbs=(
        "said",
        "says",
        "wrote",
        "writes",
        "stated",
        "states",
        "noted",
        "notes",
        "told",
        "added",
        "declared",
        "announced",
        "stressed",
        "argued",
        "warned",
        "tweeted",
        "explained",
        "emphasized",
        "emphasised",
        "remarked",
        "insisted",
        "commented",
    ),
    not_names=(
        "it",
        "he",
        "she",
        "they",
        "we",
        "i",
        "you",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "officials",
        "experts",
        "analysts",
        "sources",
        "reports",
        "observers",
        "critics",
        "residents",
        "witnesses",
        "authorities",
        "report",
        "study",
        "survey",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "however",
        "also",
        "who",
        "which",
        "the",
        "a",
        "an",
        "one",
        "some",
        "many",
        "most",
        "others",
        "everyone",
        "nobody",
    ),
    name_connectors=("of", "for", "and", "the", "on", "de", "&", "in"),
    # "the Hudson Institute (USA)", "Rep. Mike McCaul", "Ministry of Finance"
    name_pattern=(
        r"(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|the|on|de|&|in"
        r"|[A-Z][\w'’&.-]*)){0,8}(?:\s*\([^()]{1,40}\))?"
    ),
    name_stopwords=("in", "on"),  # "Hudson Institute in Washington" -> "Hudson Institute"
    qualifiers=(
        "more than",
        "over",
        "at least",
        "about",
        "around",
        "approximately",
        "almost",
        "nearly",
        "up to",
        "less than",
        "fewer than",
        "roughly",
        "under",
        "no fewer than",
        "no less than",
        "as many as",
        "an estimated",
        "some",
        "close to",
        "just over",
        "just under",
        "well over",
        "upwards of",
        "below",
        "above",
        "circa",
        "only",
    ),
    months={
        "january": 1,
        "jan": 1,
        "february": 2,
        "feb": 2,
        "march": 3,
        "mar": 3,
        "april": 4,
        "apr": 4,
        "may": 5,
        "june": 6,
        "jun": 6,
        "july": 7,
        "jul": 7,
        "august": 8,
        "aug": 8,
        "september": 9,
        "sept": 9,
        "sep": 9,
        "october": 10,
        "oct": 10,
        "november": 11,
        "nov": 11,
        "december": 12,
        "dec": 12,
    },
    number_words={
        "two": 2,
        "three": 3,
        "four": 4,
        "five": 5,
        "six": 6,
        "seven": 7,
        "eight": 8,
        "nine": 9,
        "ten": 10,
        "eleven": 11,
        "twelve": 12,
        "thirteen": 13,
        "fourteen": 14,
        "fifteen": 15,
        "sixteen": 16,
        "seventeen": 17,
        "eighteen": 18,
        "nineteen": 19,
        "twenty": 20,
        "thirty": 30,
        "forty": 40,
        "fifty": 50,
        "sixty": 60,
        "seventy": 70,
        "eighty": 80,
        "ninety": 90,
        "a hundred": 100,
        "a dozen": 12,
        "a thousand": 1000,
    },
    fractions={
        "half": 0.5,
        "a half": 0.5,
        "one half": 0.5,
        "a third": 1 / 3,
        "one third": 1 / 3,
        "two thirds": 2 / 3,
        "two-thirds": 2 / 3,
        "a quarter": 0.25,
        "one quarter": 0.25,
        "three quarters": 0.75,
        "three-quarters": 0.75,
        "a fifth": 0.2,
        "one fifth": 0.2,
        "a tenth": 0.1,
    },
    scales={
        "thousand": 1e3,
        "million": 1e6,
        "billion": 1e9,
        "trillion": 1e12,
        "mn": 1e6,
        "mln": 1e6,
        "bn": 1e9,
        "tn": 1e12,
        "m": 1e6,
        "k": 1e3,
    },
    currencies={
        "$": "USD",
        "us$": "USD",
        "usd": "USD",
        "dollar": "USD",
        "dollars": "USD",
        "€": "EUR",
        "eur": "EUR",
        "euro": "EUR",
        "euros": "EUR",
        "£": "GBP",
        "gbp": "GBP",
        "pound": "GBP",
        "pounds": "GBP",
        "₽": "RUB",
        "rub": "RUB",
        "rouble": "RUB",
        "roubles": "RUB",
        "ruble": "RUB",
        "rubles": "RUB",
        "¥": "JPY",
        "yen": "JPY",
        "yuan": "CNY",
        "cny": "CNY",
        "afghanis": "AFN",
        "afn": "AFN",
        "lira": "TRY",
        "rupees": "INR",
    },
    percent_words=("percent", "per cent", "pct"),
    durations={
        "year": "Y",
        "years": "Y",
        "month": "M",
        "months": "M",
        "week": "W",
        "weeks": "W",
        "day": "D",
        "days": "D",
        "hour": "H",
        "hours": "H",
        "decade": "10Y",
        "decades": "10Y",
    },
    year_prepositions=(
        "in",
        "since",
        "by",
        "until",
        "till",
        "from",
        "before",
        "after",
        "during",
        "of",
        "early",
        "late",
        "mid",
        "through",
    ),
    abbreviations=(
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "rep",
        "sen",
        "gen",
        "col",
        "lt",
        "capt",
        "gov",
        "pres",
        "st",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "approx",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "fig",
        "cf",
        "al",
        "jr",
        "sr",
        "mt",
        "ft",
        "adm",
        "maj",
        "sgt",
        "amb",
        "hon",
        "rev",
    ),
)

RUSSIAN = Cues(
    code="ru",
    rubrics=(
        "ситуация, факты и события",
        "аналитика",
        "обзор",
        "дайджест",
        "комментарий",
        "мнение",
        "мнение эксперта",
        "обзор прессы",
        "события",
    ),
    conclusion_cues=(
        r"(?:можно|следует|стоит|нужно|необходимо)\s+сделать\s+(?:ряд|несколько|следующие|два|три"
        r"|определенные|определённые|некоторые)?\s*(?:основных\s+|важных\s+)?вывод",
        r"(?:из\s+)?(?:всего\s+)?(?:вышесказанного|изложенного|сказанного)\s+(?:можно|следует)"
        r"\s+(?:сделать|заключить)",
        r"(?:основные\s+|главные\s+|ключевые\s+)?выводы\s*:?$",
        r"в\s+заключение\b",
        r"(?:подводя|подытоживая)\s+итог",
        r"(?:основные\s+|главные\s+)?итоги\s*:?$",
    ),
    source_labels=("источник", "источники", "по материалам", "первоисточник"),
    sources_headings=("источники", "литература", "список источников", "ссылки", "примечания"),
    meta_labels={
        "date": ("дата",),
        "author": ("автор", "авторы", "подготовил", "подготовила", "составитель"),
        "classification": ("гриф",),
        "rubric": ("рубрика", "раздел"),
    },
    classifications=(
        "для служебного пользования",
        "дсп",
        "конфиденциально",
        "секретно",
        "несекретно",
        "открытый доступ",
    ),
    attributions=(
        # "как отмечают эксперты Института Ближнего Востока"
        AttributionCue(
            ("как",),
            r"\b[Кк]ак\s+(?:(?:уже\s+|справедливо\s+)?(?:отмечают|указывают|считают|пишут"
            r"|сообщают|полагают|подчеркивают|подчёркивают|отмечает|указывает|считает|пишет"
            r"|сообщает|полагает|подчеркивает|подчёркивает|заявляют|заявляет))\s+"
            r"(?:(?:эксперты|аналитики|специалисты|исследователи|представители|сотрудники"
            r"|авторы|экономисты|наблюдатели)\s+)?{name}",
        ),
        # "по данным Росстата", "по словам министра"
        AttributionCue(
            ("по",),
            r"\b[Пп]о\s+(?:данным|словам|мнению|оценкам|оценке|информации|сведениям|сообщению"
            r"|расчетам|расчётам)\s+(?:(?:экспертов|аналитиков|специалистов|представителей"
            r"|исследователей|сотрудников)\s+)?{name}",
        ),
        AttributionCue(
            ("согласно",),
            r"\b[Сс]огласно\s+(?:данным\s+|оценкам\s+|докладу\s+|отчету\s+|отчёту\s+)?{name}",
        ),
        # "Reuters сообщает", "Министр Иван Петров заявил"
        AttributionCue(
            _inflected(RU_REPORTING_VERBS, "аио"),
            rf"{{name}}\s+(?:{_words(*RU_REPORTING_VERBS)})(?:а|и|о)?\b",
        ),
    ),
    speech_verbs=(
        "заявил",
        "заявила",
        "заявили",
        "сказал",
        "сказала",
        "сказали",
        "отметил",
        "отметила",
        "отметили",
        "написал",
        "написала",
        "написали",
        "подчеркнул",
        "подчеркнула",
        "сообщил",
        "сообщила",
        "сообщили",
        "добавил",
        "добавила",
        "пояснил",
        "пояснила",
        "указал",
        "указала",
        "заявляет",
        "пишет",
        "говорит",
    ),
    not_names=(
        "он",
        "она",
        "они",
        "мы",
        "я",
        "вы",
        "это",
        "эксперты",
        "аналитики",
        "источники",
        "также",
        "однако",
        "кроме",
        "при",
        "в",
        "на",
        "по",
    ),
    name_connectors=("и", "по", "при", "для", "имени", "им."),
    # "Института Ближнего Востока", "Центра стратегических оценок": Russian names keep
    # lower-case words, so take up to six words and cut at the first stop word.
    name_pattern=r"[А-ЯЁA-Z«\"][^\s,;:!?()]*(?:\s+[^\s,;:!?()—–]+){0,5}",
    name_stopwords=(
        "что",
        "в",
        "во",
        "на",
        "о",
        "об",
        "за",
        "к",
        "с",
        "со",
        "от",
        "из",
        "у",
        "не",
        "это",
        "уже",
        "также",
        "будет",
        "может",
        "как",
        "и",
        "а",
        "но",
        "же",
        "ли",
        "бы",
        "по",
        "для",
        "при",
        "после",
        "до",
        "между",
        "через",
        "этот",
        "эта",
        "эти",
        "его",
        "ее",
        "её",
        "их",
        "был",
        "была",
        "были",
        "было",
        "является",
        "являются",
        "свой",
        "своем",
        "своём",
        "своих",
        "последние",
        "последних",
        "ситуация",
        "заявил",
        "заявила",
        "сообщил",
        "сообщила",
        "отметил",
        "отметила",
    ),
    qualifiers=(
        "более чем",
        "более",
        "свыше",
        "не менее чем",
        "не менее",
        "около",
        "примерно",
        "почти",
        "порядка",
        "до",
        "менее",
        "по меньшей мере",
        "по крайней мере",
        "почти что",
        "приблизительно",
        "не более",
        "больше",
        "меньше",
        "не менее",
        "лишь",
        "только",
        "чуть более",
        "чуть менее",
        "без малого",
    ),
    months={
        "январь": 1,
        "января": 1,
        "январе": 1,
        "февраль": 2,
        "февраля": 2,
        "феврале": 2,
        "март": 3,
        "марта": 3,
        "марте": 3,
        "апрель": 4,
        "апреля": 4,
        "апреле": 4,
        "май": 5,
        "мая": 5,
        "мае": 5,
        "июнь": 6,
        "июня": 6,
        "июне": 6,
        "июль": 7,
        "июля": 7,
        "июле": 7,
        "август": 8,
        "августа": 8,
        "августе": 8,
        "сентябрь": 9,
        "сентября": 9,
        "сентябре": 9,
        "октябрь": 10,
        "октября": 10,
        "октябре": 10,
        "ноябрь": 11,
        "ноября": 11,
        "ноябре": 11,
        "декабрь": 12,
        "декабря": 12,
        "декабре": 12,
    },
    number_words={
        "два": 2,
        "две": 2,
        "три": 3,
        "четыре": 4,
        "пять": 5,
        "шесть": 6,
        "семь": 7,
        "восемь": 8,
        "девять": 9,
        "десять": 10,
        "двадцать": 20,
        "тридцать": 30,
        "сорок": 40,
        "пятьдесят": 50,
        "сто": 100,
        "двух": 2,
        "трех": 3,
        "трёх": 3,
        "четырех": 4,
        "четырёх": 4,
        "пяти": 5,
        "десяти": 10,
    },
    fractions={
        "половина": 0.5,
        "половину": 0.5,
        "половины": 0.5,
        "треть": 1 / 3,
        "трети": 1 / 3,
        "две трети": 2 / 3,
        "четверть": 0.25,
        "четверти": 0.25,
        "три четверти": 0.75,
    },
    scales={
        "тыс": 1e3,
        "тыс.": 1e3,
        "тысяч": 1e3,
        "тысячи": 1e3,
        "млн": 1e6,
        "миллион": 1e6,
        "миллиона": 1e6,
        "миллионов": 1e6,
        "млрд": 1e9,
        "миллиард": 1e9,
        "миллиарда": 1e9,
        "миллиардов": 1e9,
        "трлн": 1e12,
        "триллион": 1e12,
        "триллиона": 1e12,
        "триллионов": 1e12,
    },
    currencies={
        "долларов": "USD",
        "доллара": "USD",
        "доллар": "USD",
        "долл": "USD",
        "долл.": "USD",
        "евро": "EUR",
        "рублей": "RUB",
        "рубля": "RUB",
        "рубль": "RUB",
        "руб": "RUB",
        "руб.": "RUB",
        "юаней": "CNY",
        "фунтов": "GBP",
        "афгани": "AFN",
    },
    percent_words=("процентов", "процента", "процент", "проц."),
    durations={
        "год": "Y",
        "года": "Y",
        "лет": "Y",
        "месяц": "M",
        "месяца": "M",
        "месяцев": "M",
        "неделя": "W",
        "недели": "W",
        "недель": "W",
        "день": "D",
        "дня": "D",
        "дней": "D",
        "час": "H",
        "часа": "H",
        "часов": "H",
    },
    year_prepositions=("в", "с", "до", "к", "по", "после", "начиная с", "на"),
    abbreviations=(
        "т.е",
        "т.д",
        "т.п",
        "др",
        "г",
        "гг",
        "им",
        "ул",
        "см",
        "н.э",
        "тыс",
        "млн",
        "млрд",
        "долл",
        "руб",
        "проф",
        "акад",
        "ген",
    ),
    decimal_comma=True,
)

#: Every language the reader knows, by code. Order matters only for ties.
LANGUAGES: dict[str, Cues] = {c.code: c for c in (ENGLISH, RUSSIAN)}


def all_cues() -> tuple[Cues, ...]:
    return tuple(LANGUAGES.values())


@cache
def union(attr: str) -> tuple[str, ...]:
    """All entries of a tuple attribute across languages, longest first (for regexes)."""
    items = {item for cues in all_cues() for item in getattr(cues, attr)}
    return tuple(sorted(items, key=lambda s: (-len(s), s)))


@cache
def meta_labels() -> dict[str, tuple[str, ...]]:
    """Header-line labels of every language, by model field."""
    out: dict[str, tuple[str, ...]] = {}
    for cues in all_cues():
        for key, words in cues.meta_labels.items():
            out[key] = out.get(key, ()) + words
    return out


@cache
def merged(attr: str) -> dict[str, object]:
    """All entries of a dict attribute across languages (word -> value tables).

    Cached: callers must not modify the returned dict.
    """
    out: dict[str, object] = {}
    for cues in all_cues():
        out.update(getattr(cues, attr))
    return out
