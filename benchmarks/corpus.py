"""Deterministic generator of realistic, distinct briefs, as text and as Markdown.

Every brief is built from a seed (``random.Random(seed)``), so every run of the benchmark
measures the same bytes, and two seeds give two different briefs: sentences are filled
from templates with names, places and figures drawn at random, never one brief repeated.

A brief has the shape of the canonical digest item: a rubric line, a title, paragraphs
with figures (money, percents, dates, counts), attributions ("As experts from the X
Institute indicate", "according to Y"), a quotation, the conclusions cue, numbered
conclusions, and a "Source: ..." line. About one brief in six is Russian.

:meth:`Brief.markdown` writes the same content as Markdown for pandoc (title as ``#``,
rubric as emphasis, sub-headings as ``##``, a numbered list, the source line). It is made
from the generator's structure, not by reportkit, so the baseline does not depend on the
program it is compared with.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path

# -- English vocabulary -------------------------------------------------------------------
EN_RUBRICS = [
    "Situation, Facts and Events",
    "Analysis",
    "Expert Opinion",
    "Press Review",
    "Commentary",
]
EN_NATIONS = [
    "American",
    "British",
    "German",
    "French",
    "Turkish",
    "Indian",
    "Japanese",
    "Polish",
    "Baltic",
    "Balkan",
    "Nordic",
    "Brazilian",
    "Canadian",
    "Italian",
    "Korean",
    "Australian",
]
EN_ROLES = ["experts", "analysts", "economists", "researchers", "specialists", "observers"]
EN_PLACES = [
    "Afghanistan",
    "the Fergana Valley",
    "the South Caucasus",
    "the Gulf of Guinea",
    "the Western Balkans",
    "the Caspian region",
    "Central Asia",
    "the Horn of Africa",
    "the Sahel",
    "the Black Sea region",
    "the Arctic",
    "the Mekong basin",
    "the Andes",
    "the Persian Gulf",
    "the Eastern Mediterranean",
    "the Baltic states",
    "the Korean peninsula",
    "the Amazon basin",
]
EN_TOPICS = [
    "water-sharing",
    "grain exports",
    "transit corridors",
    "energy security",
    "maritime security",
    "lithium mining",
    "debt restructuring",
    "border demarcation",
    "rail freight",
    "labour migration",
    "fertiliser supply",
    "power grids",
    "fisheries",
    "port concessions",
    "currency swaps",
    "drought relief",
    "cyber defence",
    "refugee returns",
]
EN_INSTITUTES = [
    "Hudson Institute",
    "Baltic Institute for Energy Policy",
    "Almaty Institute of Water Resources",
    "Accra Centre for Maritime Studies",
    "Sarajevo Energy Policy Institute",
    "New Delhi Forum for Monetary Affairs",
    "Geneva Centre for Security Studies",
    "Lisbon Institute of Atlantic Affairs",
    "Tbilisi School of Regional Studies",
    "Oslo Arctic Policy Centre",
    "Nairobi Institute for Development Research",
    "Montreal Centre for Trade Analysis",
    "Warsaw Institute of Eastern Studies",
    "Seoul Forum for Strategic Studies",
]
EN_BODIES = [
    "World Bank",
    "Caspian Freight Council",
    "Ministry of Finance",
    "International Energy Agency",
    "Regional Grid Coordination Council",
    "Basin Water Coordination Office",
    "Central Bank",
    "Regional Maritime Coordination Office",
    "United Nations Development Programme",
    "European Commission",
    "Asian Development Bank",
    "National Statistics Office",
]
EN_PEOPLE = [
    ("Minister", "Daniel Okafor"),
    ("Commissioner", "Aigerim Sadykova"),
    ("Ambassador", "Laura Whitfield"),
    ("Senator", "Mark Ellison"),
    ("Governor", "Tomas Varga"),
    ("Director", "Nadia Haddad"),
    ("Deputy Minister", "Rustam Aliyev"),
    ("Chairwoman", "Ingrid Solberg"),
    ("Rep.", "Peter Lindqvist"),
    ("General", "Hugo Marchetti"),
]
EN_ACTORS = [
    "the government",
    "the opposition",
    "regional authorities",
    "foreign investors",
    "state utilities",
    "the coalition",
    "local communities",
    "the central bank",
    "border services",
    "international lenders",
    "the ruling party",
    "exporters",
]
EN_ACTIONS = [
    "postponed the decision",
    "expanded its presence",
    "revised its estimates",
    "tightened the rules",
    "signed a framework agreement",
    "announced new funding",
    "called for fresh talks",
    "suspended deliveries",
    "opened a new office",
    "cut its forecast",
    "launched a review",
    "rejected the proposal",
]
EN_ADJECTIVES = [
    "modest",
    "uneven",
    "considerable",
    "unexpected",
    "fragile",
    "steady",
    "sharp",
    "gradual",
    "limited",
    "lasting",
]
EN_NOUNS = [
    "progress",
    "pressure",
    "interest",
    "growth",
    "resistance",
    "demand",
    "cooperation",
    "uncertainty",
    "investment",
    "scepticism",
]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
EN_UNITS = ["trains", "vessels", "delegations", "projects", "companies", "incidents", "districts"]
EN_CUES = [
    "Several conclusions can be drawn from this.",
    "Several conclusions can be drawn from all that has been said above.",
    "A few conclusions can be drawn from the above.",
]
EN_SOURCES = [
    "Институт Ближнего Востока",
    "Caspian Monitor",
    "Regional Security Review",
    "The Diplomat",
    "Eurasia Daily Brief",
    "Foreign Policy Digest",
]

# -- Russian vocabulary -------------------------------------------------------------------
RU_RUBRICS = ["Ситуация, факты и события", "Аналитика", "Мнение эксперта", "Обзор прессы"]
RU_WHO = [
    "Американские эксперты",
    "Турецкие аналитики",
    "Индийские экономисты",
    "Европейские специалисты",
    "Казахстанские исследователи",
    "Японские наблюдатели",
]
RU_ABOUT = [
    "о перспективах транзитного коридора",
    "о водных ресурсах региона",
    "о новых санкциях",
    "об энергетической безопасности",
    "о торговле зерном",
    "о реформе пограничной службы",
    "о долговой нагрузке",
    "о морской безопасности",
]
RU_INSTITUTES = [
    "Каспийского центра прикладной экономики",
    "Института Ближнего Востока",
    "Центра стратегических оценок",
    "Института мировой экономики",
    "Фонда региональных исследований",
    "Центра изучения Азии",
]
RU_BODIES = [
    "Всемирного банка",
    "Министерства финансов",
    "Международного энергетического агентства",
    "Национального статистического комитета",
    "Азиатского банка развития",
]
RU_MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]
RU_ACTORS = [
    "власти",
    "оппозиционные партии",
    "региональные власти",
    "иностранные инвесторы",
    "центральные банки",
    "экспортеры",
    "пограничные службы",
    "энергетические компании",
    "местные общины",
    "международные кредиторы",
]
RU_ACTIONS = [
    "отложили решение",
    "расширили присутствие",
    "пересмотрели прогноз",
    "ужесточили правила",
    "подписали рамочное соглашение",
    "объявили о новом финансировании",
    "призвали к переговорам",
    "приостановили поставки",
]
RU_PLACES = [
    "Центральной Азии",
    "Южного Кавказа",
    "Персидского залива",
    "Каспийского региона",
    "Черноморского региона",
    "Ферганской долины",
]
RU_CUES = [
    "Из всего вышесказанного можно сделать ряд выводов.",
    "Можно сделать несколько выводов.",
]
RU_SOURCES = ["Центр стратегических оценок", "Каспийский вестник", "Обзор региональной прессы"]


@dataclass
class Brief:
    """One generated brief: the structure both renditions are written from."""

    seed: int
    language: str
    rubric: str
    title: str
    sections: list[tuple[str | None, list[str]]] = field(default_factory=list)
    cue: str = ""
    conclusions: list[str] = field(default_factory=list)
    source: str = ""

    def text(self) -> str:
        """The plain-text brief reportkit reads."""
        parts = [self.rubric, self.title]
        for heading, paragraphs in self.sections:
            if heading:
                parts.append(f"## {heading}")
            parts += paragraphs
        parts.append(self.cue)
        parts += [f"{n}. {item}" for n, item in enumerate(self.conclusions, 1)]
        parts.append(
            f"Source: {self.source}" if self.language == "en" else f"Источник: {self.source}"
        )
        return "\n\n".join(parts) + "\n"

    def markdown(self) -> str:
        """The same content as Markdown, for pandoc."""
        parts = [f"# {md(self.title)}", f"*{md(self.rubric)}*"]
        for heading, paragraphs in self.sections:
            if heading:
                parts.append(f"## {md(heading)}")
            parts += [md(p) for p in paragraphs]
        parts.append(md(self.cue))
        parts.append("\n".join(f"{n}. {md(item)}" for n, item in enumerate(self.conclusions, 1)))
        label = "Source" if self.language == "en" else "Источник"
        parts.append(f"{label}: {md(self.source)}")
        return "\n\n".join(parts) + "\n"

    def size(self) -> int:
        return len(self.text().encode("utf-8"))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#$|~^])")


def md(text: str) -> str:
    """``text`` with Markdown's special characters escaped (``$`` would start TeX math)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# -- sentences ----------------------------------------------------------------------------
def _money(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return f"${rng.randint(2, 95)}.{rng.randint(1, 9)} billion"
    if kind < 0.8:
        return f"${rng.randint(11, 990)} million"
    return f"€{rng.randint(2, 60)} billion"


def _upper(text: str) -> str:
    """``text`` with its first letter capitalised (``str.capitalize`` lowers the rest)."""
    return text[:1].upper() + text[1:]


def _when(rng: random.Random) -> str:
    """A date with its preposition: "in May 2021", "on 5 May 2021", "in the 1990s"."""
    date = _date(rng)
    return ("on " if date[0].isdigit() else "in ") + date


def _date(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.5:
        return f"{rng.choice(MONTHS)} {rng.randint(2008, 2024)}"
    if kind < 0.8:
        return f"{rng.randint(1, 28)} {rng.choice(MONTHS)} {rng.randint(2015, 2024)}"
    return f"the {rng.choice(['1980s', '1990s', '2000s'])}"


EN_PLAIN = [
    "The {topic} question has moved from the margins of planning in {place} to its very centre.",
    "{Actor} are looking for ways to reduce their dependence on {place} without a {noun} crisis.",
    "Much of the debate about {topic} in {place} is driven by domestic politics, not economics.",
    "Observers note that {actor} rarely speak with one voice when {topic} is discussed.",
    "The lack of reliable data on {topic} makes every forecast for {place} {adjective}.",
    "On {topic}, this is a step forward compared with the declarations {actor} signed earlier.",
    "{Actor} nevertheless remain wary, since the rules on {topic} in {place} keep changing.",
    "In {place}, the {adjective} {noun} has become a source of irritation for {actor}.",
    "Such engagement on {topic} could help policymakers learn more about {actor}.",
    "There is no reason to expect that {topic} in {place} will stabilise soon, say {actor}.",
    "Earlier crises in {place} suggest that such {topic} ambitions are difficult to realise.",
    "Critics argue that {actor} have underestimated the social cost of {topic} reforms.",
    "It is too early to tell what impact the talks on {topic} will have on {actor} in {place}.",
    "The {adjective} {noun} among {actor} over {topic} is unlikely to fade soon.",
]
RU_PLAIN = [
    "Вопрос о {topic} переместился с периферии политики {place} в ее центр, считают {actor}.",
    "Эксперты отмечают, что {actor} редко выступают единым фронтом в вопросе о {topic}.",
    "Отсутствие надежной статистики о {topic} делает любой прогноз для {place} неопределенным.",
    "Пока рано судить о последствиях переговоров о {topic} для {place}, полагают {actor}.",
    "Опыт прежних кризисов в странах {place} показывает, что планы в {topic2} трудно реализовать.",
    "Критики полагают, что {actor} недооценили социальную цену реформ в {topic2}.",
]
RU_TOPICS = ["транзите", "водных ресурсах", "санкциях", "зерне", "энергетике", "долгах"]
RU_TOPICS2 = ["энергетике", "логистике", "сельском хозяйстве", "банковской сфере", "рыболовстве"]


def _plain(rng: random.Random, language: str) -> str:
    if language == "en":
        actor = rng.choice(EN_ACTORS)
        return rng.choice(EN_PLAIN).format(
            topic=rng.choice(EN_TOPICS),
            place=rng.choice(EN_PLACES),
            actor=actor,
            Actor=actor[0].upper() + actor[1:],
            adjective=rng.choice(EN_ADJECTIVES),
            noun=rng.choice(EN_NOUNS),
        )
    return rng.choice(RU_PLAIN).format(
        topic=rng.choice(RU_TOPICS),
        topic2=rng.choice(RU_TOPICS2),
        place=rng.choice(RU_PLACES),
        actor=rng.choice(RU_ACTORS),
    )


def _en_sentence(rng: random.Random) -> str:
    actor = rng.choice(EN_ACTORS)
    place = rng.choice(EN_PLACES)
    topic = rng.choice(EN_TOPICS)
    body = rng.choice(EN_BODIES)
    n = rng.randint(3, 900)
    pick = rng.randrange(16)
    if pick == 0:
        return (
            f"According to the {body}, {topic} in {place} grew by about "
            f"{rng.randint(2, 60)}.{rng.randint(0, 9)}% in {rng.randint(2012, 2024)}."
        )
    if pick == 1:
        return (
            f"{_upper(_when(rng))}, {actor} {rng.choice(EN_ACTIONS)} after more than {n} "
            f"{rng.choice(EN_UNITS)} were reported in {place}."
        )
    if pick == 2:
        return (
            f"Regional governments and international lenders have pledged about {_money(rng)} "
            f"for {topic} projects in {place}."
        )
    if pick == 3:
        return (
            f"The {rng.choice(EN_ADJECTIVES)} {rng.choice(EN_NOUNS)} around {topic} reflects "
            f"a broader shift in how {actor} see {place}."
        )
    if pick == 4:
        return (
            f"At least {rng.randint(3, 40)} members of the commission on {topic} "
            f"are under some form of sanctions, and {actor} {rng.choice(EN_ACTIONS)}."
        )
    if pick == 5:
        return (
            f"Over the past {rng.randint(2, 18)} months, {actor} in {place} "
            f"{rng.choice(EN_ACTIONS)} twice."
        )
    if pick == 6:
        return (
            f"Roughly {rng.randint(5, 80)}% of {topic} revenues now pass through "
            f"{place}, compared with {rng.randint(1, 30)}% in {rng.randint(1995, 2015)}."
        )
    if pick == 7:
        return (
            f"The {body} estimates the cost of the {topic} programme at {_money(rng)} "
            f"over {rng.randint(2, 15)} years."
        )
    if pick == 8:
        title, person = rng.choice(EN_PEOPLE)
        return (
            f"{title} {person} said: “The {topic} question in {place} cannot wait "
            f"another {rng.randint(2, 12)} years.”"
        )
    if pick == 9:
        return (
            f"Analysts point to {rng.choice(EN_ADJECTIVES)} {rng.choice(EN_NOUNS)} among "
            f"{actor}, which {rng.choice(EN_ACTIONS).replace('its', 'their')} {_when(rng)}."
        )
    if pick == 10:
        return (
            f"Since {_date(rng)}, the volume of {topic} handled in {place} has "
            f"{rng.choice(['doubled', 'tripled', 'halved', 'fallen by a third'])}."
        )
    if pick == 11:
        return (
            f"Nearly {rng.randint(100, 9000):,} people took part in protests over {topic} "
            f"in {place}, according to "
            f"{rng.choice(['local media', 'police figures', 'organisers'])}."
        )
    if pick == 12:
        return (
            f"Yet {actor} remain the only credible force able to shape {topic} in {place}, "
            f"and the {rng.choice(EN_ADJECTIVES)} {rng.choice(EN_NOUNS)} is unlikely to fade."
        )
    if pick == 13:
        return (
            f"The {body} reported that {rng.randint(2, 60)} of the planned {topic} projects "
            f"would be completed before {rng.randint(2025, 2035)}."
        )
    if pick == 14:
        return (
            f"Independent engineers consider the {topic} schedule for {place} "
            f"{rng.choice(['optimistic', 'unrealistic', 'achievable', 'vague'])}, "
            f"citing delays of {rng.randint(3, 30)} months."
        )
    return (
        f"Much attention has been paid to {topic} in {place}, where {actor} "
        f"{rng.choice(EN_ACTIONS)} {_when(rng)}."
    )


def _ru_sentence(rng: random.Random) -> str:
    actor = rng.choice(RU_ACTORS)
    place = rng.choice(RU_PLACES)
    pick = rng.randrange(11)
    if pick == 8:
        return (
            f"Согласно докладу {rng.choice(RU_BODIES)}, инвестиции в порты {place} "
            f"достигли {rng.randint(100, 990)} млн долларов к {rng.randint(2019, 2024)} году."
        )
    if pick == 9:
        return (
            f"С {rng.randint(1, 28)} {rng.choice(RU_MONTHS)} {rng.randint(2015, 2024)} года "
            f"{actor} {rng.choice(RU_ACTIONS)}, а число проектов выросло до {rng.randint(5, 90)}."
        )
    if pick == 10:
        return (
            f"По оценкам {rng.choice(RU_INSTITUTES)}, на долю {place} приходится почти "
            f"{rng.randint(5, 60)}% грузооборота, и {actor} {rng.choice(RU_ACTIONS)}."
        )
    if pick == 0:
        return (
            f"По данным {rng.choice(RU_BODIES)}, объем торговли в странах {place} вырос "
            f"примерно на {rng.randint(2, 60)}% в {rng.randint(2012, 2024)} году."
        )
    if pick == 1:
        return (
            f"В {rng.choice(['марте', 'мае', 'октябре', 'декабре'])} {rng.randint(2015, 2024)} "
            f"года {actor} {rng.choice(RU_ACTIONS)}, после того как более {rng.randint(5, 900)} "
            f"компаний заявили о трудностях."
        )
    if pick == 2:
        return (
            f"На развитие инфраструктуры {place} выделено около {rng.randint(2, 90)} млрд долларов."
        )
    if pick == 3:
        return (
            f"Как отмечают эксперты {rng.choice(RU_INSTITUTES)}, {actor} "
            f"{rng.choice(RU_ACTIONS)} уже {rng.randint(2, 4)} раза за последние "
            f"{rng.randint(5, 9)} лет."
        )
    if pick == 4:
        return (
            f"{rng.randint(1, 28)} {rng.choice(RU_MONTHS)} {rng.randint(2015, 2024)} года "
            f"в регионе побывали более {rng.randint(3, 40)} официальных делегаций."
        )
    if pick == 5:
        return (
            f"Министр заявил: «Мы рассчитываем завершить {rng.randint(2, 30)} проектов "
            f"до {rng.randint(2025, 2035)} года»."
        )
    if pick == 6:
        return (
            f"Доля региона в поставках составляет около {rng.randint(5, 70)}%, "
            f"хотя {actor} {rng.choice(RU_ACTIONS)}."
        )
    return (
        f"Эксперты считают, что {actor} в странах {place} столкнутся с "
        f"{rng.choice(['серьезными', 'новыми', 'неожиданными'])} трудностями уже через "
        f"{rng.randint(2, 12)} месяцев."
    )


def _sentence(rng: random.Random, language: str) -> str:
    """One sentence; about a third carry a figure, as in real digests."""
    if rng.random() < 0.65:
        return _plain(rng, language)
    return _en_sentence(rng) if language == "en" else _ru_sentence(rng)


def _paragraph(rng: random.Random, language: str, lo: int = 2, hi: int = 5) -> str:
    return " ".join(_sentence(rng, language) for _ in range(rng.randint(lo, hi)))


def _lead(rng: random.Random, language: str) -> str:
    if language == "en":
        lead = (
            f"As {rng.choice(EN_ROLES)} from the {rng.choice(EN_INSTITUTES)} indicate, "
            f"{rng.choice(EN_ACTORS)} in {rng.choice(EN_PLACES)} {rng.choice(EN_ACTIONS)} "
            f"{_when(rng)}."
        )
    else:
        lead = (
            f"Как отмечают эксперты {rng.choice(RU_INSTITUTES)}, {rng.choice(RU_ACTORS)} "
            f"{rng.choice(RU_ACTIONS)} в {rng.randint(2015, 2024)} году, и это меняет "
            f"расстановку сил в странах {rng.choice(RU_PLACES)}."
        )
    return lead + " " + _paragraph(rng, language, 1, 3)


def _conclusion(rng: random.Random, language: str) -> str:
    if language == "en":
        return (
            f"{_upper(rng.choice(EN_ACTORS))} are unlikely to change course on "
            f"{rng.choice(EN_TOPICS)} in {rng.choice(EN_PLACES)} in the medium term. "
            + _sentence(rng, language)
        )
    return (
        f"{_upper(rng.choice(RU_ACTORS))} вряд ли изменят курс в ближайшие "
        f"{rng.randint(2, 5)} года. " + _sentence(rng, language)
    )


def _title(rng: random.Random, language: str) -> str:
    if language == "en":
        return (
            f"{rng.choice(EN_NATIONS)} {rng.choice(EN_ROLES)} on {rng.choice(EN_TOPICS)} "
            f"in {rng.choice(EN_PLACES)}"
        )
    return f"{rng.choice(RU_WHO)} {rng.choice(RU_ABOUT)} в странах {rng.choice(RU_PLACES)}"


def make_brief(
    seed: int, *, language: str | None = None, paragraphs: tuple[int, int] = (4, 8)
) -> Brief:
    """A realistic brief of ``paragraphs`` body paragraphs (4-8: 2-6 KB of text)."""
    rng = random.Random(seed)
    if language is None:
        language = "ru" if rng.random() < 1 / 6 else "en"
    count = rng.randint(*paragraphs)
    body = [_lead(rng, language)] + [_paragraph(rng, language) for _ in range(count - 1)]
    return Brief(
        seed=seed,
        language=language,
        rubric=rng.choice(EN_RUBRICS if language == "en" else RU_RUBRICS),
        title=_title(rng, language),
        sections=[(None, body)],
        cue=rng.choice(EN_CUES if language == "en" else RU_CUES),
        conclusions=[_conclusion(rng, language) for _ in range(rng.randint(2, 4))],
        source=rng.choice(EN_SOURCES if language == "en" else RU_SOURCES),
    )


def sized_brief(size: int, seed: int) -> Brief:
    """One English brief of about ``size`` bytes: distinct paragraphs, and a sub-heading
    every 20 paragraphs, as long reports have."""
    rng = random.Random(seed)
    brief = make_brief(seed, language="en", paragraphs=(4, 4))
    sections: list[tuple[str | None, list[str]]] = [(None, brief.sections[0][1])]
    total = brief.size()
    seen: set[str] = set(brief.sections[0][1])
    while total < size:
        heading = f"{rng.choice(EN_TOPICS).capitalize()} in {rng.choice(EN_PLACES)}"
        paragraphs: list[str] = []
        while len(paragraphs) < 20:
            paragraph = _paragraph(rng, "en", 2, 6)
            if paragraph not in seen:  # no paragraph twice, however large the brief
                seen.add(paragraph)
                paragraphs.append(paragraph)
        sections.append((heading, paragraphs))
        total += len(heading) + 5 + sum(len(p.encode("utf-8")) + 2 for p in paragraphs)
    brief.sections = sections
    return brief


def write_corpus(
    folder: Path, count: int, *, first_seed: int = 1000, markdown: bool = False
) -> list[Path]:
    """``count`` briefs as ``folder/brief-NNNN.txt`` (and ``.md`` next to them in
    ``folder/md/`` when ``markdown``); returns the text files."""
    folder.mkdir(parents=True, exist_ok=True)
    if markdown:
        (folder / "md").mkdir(exist_ok=True)
    paths = []
    for n in range(count):
        brief = make_brief(first_seed + n)
        path = folder / f"brief-{n:04d}.txt"
        path.write_text(brief.text(), encoding="utf-8")
        if markdown:
            (folder / "md" / f"brief-{n:04d}.md").write_text(brief.markdown(), encoding="utf-8")
        paths.append(path)
    return paths
