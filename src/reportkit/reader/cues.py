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


#: "Reuters reported", "the IMF estimates": past forms, and present ones that are not also
#: plural nouns a name could end with ("states").
EN_REPORTING_VERBS = (
    "said",
    "says",
    "wrote",
    "writes",
    "reported",
    "reports",
    "stated",
    "announced",
    "estimated",
    "estimates",
    "claimed",
    "claims",
    "noted",
    "notes",
    "warned",
    "warns",
    "argued",
    "argues",
    "told",
    "believes",
    "concluded",
    "concludes",
    "found",
    "finds",
    "calculated",
    "calculates",
    "forecast",
    "forecasts",
    "predicted",
    "predicts",
    "confirmed",
    "confirms",
    "indicated",
    "indicates",
    "stressed",
    "stresses",
    "added",
    "explained",
    "explains",
)
#: "analysts at X argue": what people of an organisation do, in the plural.
EN_PLURAL_VERBS = (
    "say",
    "said",
    "argue",
    "argued",
    "note",
    "noted",
    "estimate",
    "estimated",
    "believe",
    "warn",
    "warned",
    "write",
    "wrote",
    "report",
    "reported",
    "suggest",
    "point out",
    "found",
    "find",
    "expect",
    "calculate",
    "calculated",
    "think",
    "indicate",
    "conclude",
    "concluded",
)
#: Who at an organisation speaks for it: "analysts at", "EBRD economists".
EN_PEOPLE = (
    "[Ee]xperts|[Aa]nalysts|[Rr]esearchers|[Ee]conomists|[Ss]pecialists|[Ss]cholars|[Oo]fficials"
    "|[Ss]taff"
)
#: What an organisation publishes: "the IMF's latest report".
EN_DOCUMENTS = (
    "report|study|survey|review|assessment|bulletin|outlook|analysis|data|figures|estimates"
    "|statistics|update|brief|briefing|paper|index|forecast|monitoring"
)
#: Outlets named after a noun: "told the news agency 24.kg", "агентство «Интерфакс»".
EN_OUTLET_NOUNS = (
    "news agency|agency|newspaper|outlet|news site|website|site|portal|broadcaster|channel"
    "|magazine|daily|weekly|radio|television"
)
RU_OUTLET_NOUNS = "агентство|информагентство|издание|газета|портал|телеканал|сайт|журнал|радио"
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


def _ru_months() -> dict[str, int]:
    """Russian month names in every case: "ноябрь", "ноября", "ноябре", "ноябрю",
    "ноябрём" (and "ноябрем" without the ё). Written as stems and endings because the
    endings are regular, and a table of 72 forms hides a missing one."""
    soft = ("январ", "феврал", "апрел", "июн", "июл", "сентябр", "октябр", "ноябр", "декабр")
    forms: dict[str, int] = {}
    for stem, month in zip(soft, (1, 2, 4, 6, 7, 9, 10, 11, 12), strict=True):
        for ending in ("ь", "я", "е", "ю", "ём", "ем"):
            forms[stem + ending] = month
    for stem, month in (("март", 3), ("август", 8)):
        for ending in ("", "а", "е", "у", "ом"):
            forms[stem + ending] = month
    for ending in ("й", "я", "е", "ю", "ем"):
        forms["ма" + ending] = 5
    return forms


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
    #: Words that make a range of two numbers: "between 10 and 15", "от 10 до 15". Only
    #: these: "from 40 to 55" is as often a change as a range.
    range_words: tuple[tuple[str, str], ...] = ()
    #: Ordinals before a fraction make it a period, not a quantity ("the first half").
    ordinals: tuple[str, ...] = ()
    #: Words after a number that are not what it counts ("97 in 2021", "40 or more").
    not_units: tuple[str, ...] = ()
    #: Adjectives between a number and what it counts ("40 new services").
    unit_adjectives: tuple[str, ...] = ()
    #: Words before a number that make it an identifier ("resolution 2254", "pier 4").
    identifier_words: tuple[str, ...] = ()
    #: Words of a role before or after a person's name ("Energy Minister", "министр").
    role_words: tuple[str, ...] = ()
    #: Words that make a name an organisation's ("Institute", "Министерство").
    organisation_words: tuple[str, ...] = ()
    #: Words that make a name an outlet's ("News", "agency", "агентство").
    outlet_words: tuple[str, ...] = ()
    #: News outlets known by a bare name ("Reuters", "Интерфакс").
    outlets: tuple[str, ...] = ()
    #: Actors that are never sources even when they "say": armed groups, and governments
    #: named by their seat ("the Kremlin"). Places are found by :mod:`places`.
    actors: tuple[str, ...] = ()
    #: Place names that the country data lacks (cities often used for a government).
    places: tuple[str, ...] = ()
    #: Words that set a sentence at a year ("in 2009", "в 2009 году"): with an earlier
    #: year than the brief's own, the sentence is background.
    at_year: tuple[str, ...] = ()
    #: Units of measure: a small count of these is still a quantity ("5 gigawatts"),
    #: unlike a small count of things ("two countries").
    measures: tuple[str, ...] = ()


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
        # "As experts from the Hudson Institute (USA) indicate", "as the commentator Alisher
        # Ilkhamov writes" (lower-case words before the name: a role, or people "from" it)
        AttributionCue(
            ("as",),
            r"\b[Aa]s\s+(?:(?:the\s+)?(?:[a-z][\w-]*\s+){1,3}?(?:(?:from|of|at|with)\s+)?)?"
            r"{name}\s+(?:(?:also|rightly|correctly)\s+)?(?:indicates?|notes?|points?\s+out"
            r"|writes?|reports?|says?|believes?|suggests?|argues?|emphasi[sz]es?|observes?"
            r"|stresses?|warns?|concludes?|estimates?|states?|explains?|puts?\s+it)\b",
        ),
        # "according to the Ministry of Finance"
        AttributionCue(
            ("according",),
            r"\b[Aa]ccording\s+to\s+(?:(?:\w+\s+){0,2}?(?:experts?|analysts?|data|figures"
            r"|estimates|researchers?|officials?|reports?|a\s+report|the\s+report|sources?)"
            r"\s+(?:from|of|at|by)\s+)?{name}",
        ),
        # "Reuters reported", "The Ministry said"
        AttributionCue(EN_REPORTING_VERBS, rf"{{name}},?\s+(?:{_words(*EN_REPORTING_VERBS)})\b"),
        # "analysts at the Oxford Institute for Energy Studies argue"
        AttributionCue(
            ("experts", "analysts", "researchers", "economists", "specialists", "scholars"),
            rf"\b(?:{EN_PEOPLE})\s+(?:at|from|of|with)\s+{{name}}\s+(?:also\s+)?"
            rf"(?:{_words(*EN_PLURAL_VERBS)})\b",
        ),
        # "EBRD economists also note"
        AttributionCue(
            ("experts", "analysts", "researchers", "economists", "specialists", "officials"),
            rf"{{name}}\s+(?:{EN_PEOPLE})\s+(?:also\s+)?(?:{_words(*EN_PLURAL_VERBS)})\b",
        ),
        # "The IMF's latest country report warns": who publishes it is the source
        AttributionCue(
            tuple(EN_DOCUMENTS.split("|")),
            rf"{{name}}['’]s\s+(?:[\w-]+\s+){{0,2}}?(?:{EN_DOCUMENTS})\b",
        ),
        # "reported by the BBC", "cited by Reuters"
        AttributionCue(("by",), r"\b(?:reported|published|cited|quoted|estimated)\s+by\s+{name}"),
        # "told the news agency 24.kg", "told Reuters"
        AttributionCue(
            ("told",),
            rf"\btold\s+(?:the\s+)?(?:(?P<outlet>{EN_OUTLET_NOUNS})\s+)?{{name}}",
        ),
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
        r"(?:(?:[Tt]he\s+)?[A-Z][\w'’&.-]*(?:\s+(?:of|for|and|the|on|de|&|in"
        r"|[A-Z][\w'’&.-]*)){0,10}(?:\s*\([^()]{1,40}\))?"
        r"|[\w-]+\.(?:[a-z]{2,6})\b)"  # a web address as a name: "24.kg"
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
        "tenge": "KZT",
        "kzt": "KZT",
        "somoni": "TJS",
        "kgs": "KGS",
        "azn": "AZN",
        "manat": "AZN",
        "manats": "AZN",
        "uzs": "UZS",
        "sums": "UZS",
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
    range_words=(("between", "and"),),
    ordinals=("first", "second", "third", "last", "latter", "other", "final", "next", "previous"),
    not_units=(
        "in", "on", "at", "of", "for", "to", "and", "or", "the", "a", "an", "by", "from", "with",
        "per", "than", "more", "less", "were", "was", "are", "is", "have", "has", "had", "will",
        "would", "could", "should", "may", "might", "that", "which", "who", "as", "against",
        "compared", "since", "before", "after", "during", "over", "under", "while",
    ),
    unit_adjectives=(
        "new", "old", "other", "more", "additional", "further", "large", "small", "major",
        "big", "main", "key", "local", "foreign", "national", "regional", "international",
        "active", "registered", "planned", "existing", "former", "young", "armed",
    ),
    identifier_words=(
        "resolution", "resolutions", "article", "articles", "paragraph", "section", "item",
        "annex", "chapter", "clause", "decree", "law", "order", "number", "pier", "berth",
        "gate", "platform", "route", "highway", "road", "flight", "unit", "block", "phase",
        "stage", "round", "package", "session", "summit", "page", "pages", "table", "figure",
        "version", "level", "category", "class", "grade", "zone", "sector", "district",
    ),
    role_words=(
        "minister", "president", "prime", "secretary", "secretary-general", "chairman",
        "chairwoman", "chair", "chairperson", "director", "director-general", "head", "chief",
        "ambassador", "spokesman", "spokeswoman", "spokesperson", "senator", "rep", "rep.",
        "representative", "congressman", "congresswoman", "dr", "dr.", "prof", "prof.",
        "professor", "governor", "mayor", "deputy", "commissioner", "envoy", "adviser",
        "advisor", "analyst", "economist", "researcher", "fellow", "commander", "colonel",
        "col.", "general", "gen.", "admiral", "lieutenant", "officer", "commentator",
        "journalist", "correspondent", "editor", "founder", "ceo", "manager", "leader",
        "speaker", "vice-president", "lawmaker", "mp", "judge", "prosecutor", "mr", "mr.",
        "mrs", "mrs.", "ms", "ms.", "sir", "lord", "lady", "sheikh", "emir", "king", "queen",
        "prince", "coordinator", "rapporteur", "negotiator", "executive", "president-elect",
    ),
    organisation_words=(
        "institute", "institution", "ministry", "agency", "bank", "council", "committee",
        "commission", "office", "organization", "organisation", "fund", "centre", "center",
        "department", "university", "foundation", "association", "union", "programme",
        "program", "service", "bureau", "authority", "court", "group", "forum", "network",
        "observatory", "society", "corporation", "company", "railways", "railway", "board",
        "assembly", "coalition", "alliance", "federation", "secretariat", "mission",
        "administration", "directorate", "inspectorate", "statistics", "party", "academy",
        "school", "laboratory", "lab", "trust", "initiative", "partnership", "watch",
        "international", "conference", "parliament", "senate", "congress", "exchange",
        "airlines", "airways", "holding", "consortium", "tribunal", "cabinet", "police",
        "chamber", "council", "project", "register", "registry", "authority", "think-tank",
    ),
    outlet_words=(
        "news", "times", "post", "journal", "gazette", "herald", "telegraph", "review",
        "digest", "daily", "weekly", "tribune", "press", "radio", "tv", "television",
        "broadcasting", "magazine", "newspaper", "bulletin", "observer", "monitor",
        "outlet", "wire", "chronicle", "express", "mail", "today", "insider",
        "notes", "report", "dispatch", "courier", "standard",
    ),
    outlets=(
        "reuters", "afp", "ap", "associated press", "bloomberg", "bbc", "cnn", "al jazeera",
        "xinhua", "tass", "interfax", "ria novosti", "kommersant", "vedomosti", "eurasianet",
        "rferl", "rfe/rl", "radio free europe/radio liberty", "azattyq", "fergana", "akipress",
        "kazinform", "trend", "apa", "anadolu", "politico", "axios", "nikkei", "the economist",
        "financial times", "the guardian", "le monde", "der spiegel", "dw", "deutsche welle",
        "france 24", "euronews", "sputnik", "rt", "novaya gazeta", "meduza", "caspian news",
    ),
    actors=(
        "taliban", "the taliban", "al-qaeda", "al qaeda", "al-qaida", "islamic state", "isis",
        "isil", "is", "isis-k", "iskp", "islamic state khorasan province", "daesh", "hamas",
        "hezbollah", "hizbullah", "houthis", "the houthis", "ansar allah", "al-shabaab",
        "al-shabab", "boko haram", "jnim", "hts", "hayat tahrir al-sham", "wagner",
        "wagner group", "africa corps", "pkk", "ypg", "sdf", "kremlin", "the kremlin",
        "white house", "the white house", "downing street", "elysée", "elysee",
        "pentagon", "the pentagon", "government", "the government", "administration",
        "the administration", "authorities", "the authorities", "regime", "the regime",
        "opposition", "the opposition", "european union", "the european union", "eu",
        "eurasian economic union", "nato", "the west", "west", "brussels",
    ),
    places=(
        "geneva", "new york", "davos", "istanbul", "dubai", "almaty", "aktau", "kuryk",
        "batumi", "poti", "agadez", "kandahar", "herat", "mazar-i-sharif", "samarkand",
        "bukhara", "osh", "khujand", "karaganda", "shymkent", "aktobe", "atyrau", "riga",
        "tbilisi", "yerevan", "baku", "soviet", "western", "european", "asian", "african",
        "arab", "central asian", "caucasian", "middle eastern", "gulf", "caspian", "usa",
        "us", "u.s.", "uk", "u.k.", "uae",
    ),
    at_year=("in", "during"),
    measures=(
        "watt", "watts", "kilowatt", "kilowatts", "megawatt", "megawatts", "gigawatt",
        "gigawatts", "terawatt", "kw", "mw", "gw", "kwh", "mwh", "gwh", "twh",
        "kilowatt-hours", "megawatt-hours", "gigawatt-hours", "terawatt-hours", "tonnes",
        "tonne", "tons", "ton", "kilograms", "kg", "kilometres", "kilometers", "km", "miles",
        "metres", "meters", "hectares", "ha", "acres", "barrels", "bcm", "cubic", "litres",
        "liters", "degrees", "teu", "percentage",
    ),
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
        # "как отмечают эксперты Института Ближнего Востока", "как сообщает агентство
        # «Интерфакс»"
        AttributionCue(
            ("как",),
            r"\b[Кк]ак\s+(?:(?:уже\s+|справедливо\s+)?(?:отмечают|указывают|считают|пишут"
            r"|сообщают|полагают|подчеркивают|подчёркивают|отмечает|указывает|считает|пишет"
            r"|сообщает|сообщило|сообщил|сообщила|сообщили|полагает|подчеркивает|подчёркивает"
            r"|заявляют|заявляет|заявил|заявила|заявили|отметил|отметила|отметили))\s+"
            r"(?:(?:эксперты|аналитики|специалисты|исследователи|представители|сотрудники"
            rf"|авторы|экономисты|наблюдатели)\s+|(?P<outlet>{RU_OUTLET_NOUNS})\s+)?{{name}}",
        ),
        # "по данным Росстата", "по словам министра энергетики Алмасбека Сатбаева"
        AttributionCue(
            ("по",),
            r"\b[Пп]о\s+(?:[а-яё]+(?:ым|им|ой|ей)\s+)?(?:данным|словам|мнению|оценкам|оценке"
            r"|информации|сведениям|сообщению|расчетам|расчётам)\s+(?:(?:экспертов|аналитиков"
            r"|специалистов|представителей|исследователей|сотрудников|миссии|доклада)\s+"
            rf"|(?P<outlet>{RU_OUTLET_NOUNS})\s+)?{{name}}",
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
    # A role may come first, in lower case: "министра энергетики Алмасбека Сатбаева".
    name_pattern=r"[А-ЯЁA-Z«\"а-яё][^\s,;:!?()]*(?:\s+[^\s,;:!?()—–]+){0,11}(?:\s*\([^()]{1,40}\))?",
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
    months=_ru_months(),
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
        "тенге": "KZT",
        "сомов": "KGS",
        "сомони": "TJS",
        "манатов": "AZN",
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
    range_words=(("от", "до"), ("между", "и")),
    ordinals=(
        "первая", "вторая", "первой", "второй", "первую", "вторую", "последняя", "последней",
        "последнюю",
    ),
    not_units=(
        "в", "на", "и", "или", "из", "по", "с", "к", "от", "до", "за", "а", "но", "что", "как",
        "при", "для", "против", "по сравнению",
    ),
    unit_adjectives=(
        "новых", "новые", "других", "крупных", "малых", "иностранных", "местных",
        "зарегистрированных", "бывших", "молодых", "дополнительных",
    ),
    identifier_words=(
        "резолюция", "резолюции", "резолюцию", "статья", "статьи", "статье", "пункт", "пункта",
        "закон", "закона", "указ", "указа", "протокол", "протокола", "приложение", "раздел",
        "глава", "номер", "номером", "рейс", "маршрут", "трасса", "блок", "энергоблок",
        "этап", "раунд", "пакет", "сессия", "сессии", "страница", "таблица", "уровень",
    ),
    role_words=(
        "министр", "министра", "президент", "президента", "премьер-министр",
        "премьер-министра", "председатель", "председателя", "директор", "директора", "глава",
        "главы", "заместитель", "заместителя", "вице-министр", "вице-министра", "посол",
        "посла", "представитель", "представителя", "пресс-секретарь", "пресс-секретаря",
        "эксперт", "эксперта", "аналитик", "аналитика", "политолог", "политолога",
        "экономист", "экономиста", "советник", "советника", "руководитель", "руководителя",
        "депутат", "депутата", "сенатор", "сенатора", "губернатор", "губернатора", "мэр",
        "мэра", "спикер", "спикера", "генерал", "генерала", "профессор", "профессора",
    ),
    organisation_words=(
        "институт", "института", "министерство", "министерства", "агентство", "агентства",
        "банк", "банка", "совет", "совета", "комитет", "комитета", "комиссия", "комиссии",
        "управление", "управления", "организация", "организации", "фонд", "фонда", "центр",
        "центра", "департамент", "департамента", "университет", "университета",
        "ассоциация", "ассоциации", "союз", "союза", "программа", "программы", "служба",
        "службы", "бюро", "ведомство", "ведомства", "администрация", "администрации",
        "партия", "партии", "группа", "группы", "форум", "форума", "академия", "академии",
        "минфин", "минэнерго", "росстат", "госкомстат", "палата", "палаты", "суд", "суда",
    ),
    outlet_words=(
        "агентство", "агентства", "информагентство", "информагентства", "издание",
        "издания", "газета", "газеты", "портал", "портала", "телеканал", "телеканала",
        "сайт", "сайта", "журнал", "журнала", "радио", "обзор", "вестник",
    ),
    outlets=(
        "интерфакс", "тасс", "риа новости", "коммерсантъ", "коммерсант", "ведомости",
        "известия", "рбк", "казинформ", "азаттык", "фергана", "спутник", "регнум",
    ),
    actors=(
        "талибан", "талибы", "талибов", "движение «талибан»", "игил", "иг", "исламское государство",
        "аль-каида", "хамас", "хезболла", "хуситы", "вагнер", "кремль", "правительство",
        "власти", "администрация", "оппозиция", "евросоюз", "ес", "нато", "запад",
    ),
    places=("сша", "рф", "кнр", "оаэ", "великобритания"),
    at_year=("в", "во"),
    measures=(
        "вт", "квт", "мвт", "гвт", "твт", "квт·ч", "мвт·ч", "гвт·ч", "твт·ч", "тонн", "тонны",
        "тонна", "т", "кг", "км", "километров", "километра", "метров", "га", "гектаров",
        "баррелей", "куб", "кубометров", "кубометра", "литров", "градусов",
    ),
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
