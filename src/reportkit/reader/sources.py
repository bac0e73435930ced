"""Stage 5: who the information comes from.

Four kinds of source, merged into one de-duplicated list:

* ``origin``      - the "Source: Институт Ближнего Востока" line of the brief;
* ``listed``      - entries of a "Sources:" list, ``[1] Name, “Title”, https://...``;
* ``url``         - bare links in the text;
* ``attribution`` - names the text credits: "as experts from the Hudson Institute
  indicate", "according to ...", "X said", quotation speakers, "по данным ...".

Each source records the paragraphs that cite it (``cited_in``); inline ``[n]`` markers
are linked to list entry ``n``. Nothing here is ever fetched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from urllib.parse import urlsplit

from reportkit.model import Diagnostic, Fact, Ref, Source, SourceKind, SourceType
from reportkit.reader.blocks import Block, marker
from reportkit.reader.cues import all_cues, folded
from reportkit.reader.names import (
    Context,
    Name,
    defined_acronyms,
    looks_like_outlet,
    resolve,
    speaker_role,
)
from reportkit.reader.text import WordSets, split_sentences, squash

URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"“”«»]+|\bwww\.[^\s<>\"“”«»]+", re.IGNORECASE)
MARKER = re.compile(r"\[(\d{1,3})\]")
#: A footnote marker in superscript digits ("a year¹"): after a word or punctuation, but
#: not after a unit, where it is an exponent ("500 km²").
SUPERSCRIPT = re.compile(
    r"(?<![\s\d])(?<!\bm)(?<!\bkm)(?<!\bcm)(?<!\bм)(?<!\bкм)(?<!\bсм)([⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3})"
)
_SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
TITLE = re.compile(r"[“«\"](?P<title>[^”»\"]+)[”»\"]")
KIND_ORDER: dict[str, int] = {"origin": 0, "listed": 1, "url": 2, "attribution": 3}
MAX_NAME_WORDS = 14


@dataclass
class Attribution:
    pattern: re.Pattern[str]
    name_first: bool  # "{name} said": keep the capitalised run nearest to the verb
    stopwords: frozenset[str]
    triggers: frozenset[str]  # one of these words is in every match
    cyrillic: bool  # Russian names end at any stop word; English ones only before a place


@cache
def _attributions() -> tuple[Attribution, ...]:
    out = []
    for cues in all_cues():
        name = rf"(?<![\w'’.-])(?P<name>{cues.name_pattern})"
        stop = frozenset(w.casefold() for w in cues.name_stopwords)
        for cue in cues.attributions:
            out.append(
                Attribution(
                    re.compile(cue.pattern.replace("{name}", name)),
                    cue.pattern.startswith("{name}"),
                    stop,
                    frozenset(cue.triggers),
                    cues.code == "ru",
                )
            )
    return tuple(out)


def _connectors() -> frozenset[str]:
    return folded("name_connectors") | {"the", "a", "an"}


class SourceList:
    """Accumulates sources, merging the same source met in several places."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.diagnostics: list[Diagnostic] = []
        # Indexes so that a brief citing thousands of sources stays linear.
        self._by_url: dict[str, Source] = {}
        self._by_last_word: dict[str, list[tuple[str, Source]]] = {}
        self._by_marker: dict[str, Source] = {}
        self._by_acronym: dict[str, Source] = {}

    def add(
        self,
        kind: SourceKind,
        name: str,
        *,
        url: str | None = None,
        title: str | None = None,
        marker: str | None = None,
        text: str | None = None,
        line: int | None = None,
        cited_in: str | None = None,
        type: SourceType | None = None,
        role: str | None = None,
        acronym: str | None = None,
        description: str | None = None,
    ) -> Source:
        if kind == "origin":
            found = None
        elif kind == "listed":  # the brief's own source, listed again
            found = next((s for s in self.sources if s.kind == "origin" and s.name == name), None)
        else:
            found = self.find(name, url, acronym)
        if found is None:
            found = Source(
                id="",
                kind=kind,
                name=name,
                url=url,
                title=title,
                marker=marker,
                text=text,
                line=line,
                type=type,
                role=role,
                acronym=acronym,
                description=description,
            )
            self.sources.append(found)
            self._index(found)
        else:
            if KIND_ORDER[kind] < KIND_ORDER[found.kind]:
                found.kind = kind
            if len(name) > len(found.name) and kind == found.kind == "attribution":
                found.name = name  # "Kapanadze" first, "Nino Kapanadze" later
            found.url = found.url or url
            found.title = found.title or title
            found.marker = found.marker or marker
            found.role = found.role or role
            found.acronym = found.acronym or acronym
            if type == "person" and found.type != "person" and " " not in found.name.strip():
                found.type = "person"  # "Тулегенов" first, "Ержан Тулегенов" later
            found.type = found.type or type
            found.description = found.description or description
            self._index(found)  # what it gained: "[1]" of a listed entry, an acronym
        if cited_in and cited_in not in found.cited_in:
            found.cited_in.append(cited_in)
        return found

    def find(self, name: str, url: str | None, acronym: str | None = None) -> Source | None:
        if url and _url_key(url) in self._by_url:
            return self._by_url[_url_key(url)]
        for short in (acronym, name):
            if short and short in self._by_acronym:
                return self._by_acronym[short]
        key = name_key(name)
        if not key:
            return None
        for other, source in self._by_last_word.get(key.rsplit(" ", 1)[-1], []):
            if same_name(other, key) or _recalled(key, other, source) or _recalled(other, key):
                return source
        return None

    def by_marker(self, marker: str) -> Source | None:
        return self._by_marker.get(marker)

    def _index(self, source: Source) -> None:
        if source.url:
            self._by_url.setdefault(_url_key(source.url), source)
        key = name_key(source.name)
        if key:
            entries = self._by_last_word.setdefault(key.rsplit(" ", 1)[-1], [])
            if (key, source) not in entries:
                entries.append((key, source))
        if source.marker:
            self._by_marker.setdefault(source.marker, source)
        if source.acronym:
            self._by_acronym.setdefault(source.acronym, source)

    def finish(self) -> list[Source]:
        ordered = sorted(self.sources, key=lambda s: KIND_ORDER[s.kind])  # stable
        for n, source in enumerate(ordered, start=1):
            source.id = f"s{n}"
        return ordered


def _recalled(short: str, full: str, source: Source | None = None) -> bool:
    """Is ``short`` a later mention of ``full``: a person's surname ("Kapanadze" after
    "Nino Kapanadze"), or the last word of an organisation's name ("the Secretariat
    says" after "the Trans-Caspian Route Coordination Secretariat")?"""
    if " " in short or not full.endswith(" " + short):
        return False
    return source is None or source.type != "web"


def collect_sources(
    origins: list[tuple[str, int]],
    entries: list[Block],
    paragraphs: list[tuple[str, str, int]],
    facts: list[Fact],
    words: WordSets | None = None,
    links: dict[str, list[tuple[int, int, str]]] | None = None,
) -> tuple[list[Source], list[Diagnostic], dict[str, list[Ref]]]:
    """All sources of a brief, and the spans of each paragraph that point at them.

    ``paragraphs`` are ``(id, text, line)`` for body paragraphs and conclusion items;
    ``links`` the links the brief wrote as ``[text](url)``, by paragraph: ``(start, end,
    url)`` of their text, each a web source cited there.
    """
    found = SourceList()
    for value, line in origins:
        for part in (p.strip() for p in value.split(";")):
            if part:
                # The whole line is the name: «Восточный вектор» in an origin is part of
                # the organisation's name, not the title of a work.
                name, _, url = split_entry(part, titles=False)
                found.add("origin", name, url=url, text=part, line=line, type=_origin_type(name))
    for n, entry in enumerate(entries, start=1):
        _add_entry(found, entry, n)

    speakers: dict[str, list[Fact]] = {}
    for fact in facts:
        if fact.kind == "quote" and fact.speaker:
            speakers.setdefault(fact.paragraph, []).append(fact)
    texts = [text for _, text, _ in paragraphs]
    proper = proper_nouns(texts)
    context: Context | None = None  # built on the first name: most briefs cite few
    spans: dict[str, list[tuple[int, int, Source]]] = {}
    for pid, text, line in paragraphs:
        here = spans.setdefault(pid, [])
        for m in MARKER.finditer(text) if "[" in text else ():
            listed = found.by_marker(m.group(1))
            if listed is None:
                found.diagnostics.append(
                    Diagnostic(
                        "warning",
                        "unresolved-reference",
                        f"reference [{m.group(1)}] has no entry in the sources list",
                        line=line,
                    )
                )
                continue
            if pid not in listed.cited_in:
                listed.cited_in.append(pid)
            here.append((m.start(), m.end(), listed))
        for m in SUPERSCRIPT.finditer(text) if not text.isascii() else ():
            listed = found.by_marker(m.group(1).translate(_SUPERSCRIPT_DIGITS))
            if listed is None:
                continue  # an exponent, or a note the brief does not list: left as it is
            if pid not in listed.cited_in:
                listed.cited_in.append(pid)
            here.append((m.start(), m.end(), listed))
        for start, end, href in (links or {}).get(pid, ()):
            if href.startswith(("http://", "https://")):
                url = clean_url(href)
                name, title = _link_name(text[start:end], url)
                source = found.add(
                    "url", name, url=url, title=title, line=line, cited_in=pid, type="web"
                )
                here.append((start, end, source))
        for m in URL.finditer(text) if ("://" in text or "www." in text) else ():
            url = clean_url(m.group())
            source = found.add("url", _host(url), url=url, line=line, cited_in=pid, type="web")
            here.append((m.start(), m.start() + len(m.group().rstrip(URL_TRAILING)), source))
        mentions = attribution_mentions(text, proper, words)
        quotes = speakers.get(pid, [])
        if (mentions or quotes) and context is None:
            context = Context(defined_acronyms(texts))
        # Speakers first: "— сказал Ержан Тулегенов" names the person whom "по словам
        # Тулегенова" then recalls by surname.
        for quote in quotes:
            name = resolve(quote.speaker or "", context, speaker=True)  # type: ignore[arg-type]
            if name is None:
                continue
            if name.type == "person":
                name.role = _with_role(name.role, speaker_role(quote.sentence, quote.speaker or ""))
            source = _add_name(found, name, line, pid)
            written = name.written or quote.speaker or ""
            start = text.find(written)
            if start >= 0:
                here.append((start, start + len(written), source))
        for start, end, phrase, outlet in mentions:
            name = resolve(phrase, context, outlet=outlet)  # type: ignore[arg-type]
            if name is None:
                continue
            if name.type == "person":  # "Its chairman, X, told"
                name.role = _with_role(name.role, speaker_role(_sentence_at(text, start), phrase))
            source = _add_name(found, name, line, pid)
            here.append((start, end, source))
    sources = found.finish()
    return sources, found.diagnostics, {pid: _refs(items) for pid, items in spans.items()}


def _with_role(title: str | None, described: str | None) -> str | None:
    """A person's role from both places a brief gives it: the title before the name
    ("Rep.") and the description beside it ("the chairman of the House Foreign Affairs
    Committee, Rep. Mike McCaul")."""
    if not described or (title and described.casefold() in title.casefold()):
        return title
    return f"{title}, {described}" if title else described


def _sentence_at(text: str, at: int) -> str:
    return next((text[s:e] for s, e in split_sentences(text) if s <= at < e), text)


def _add_name(found: SourceList, name: Name, line: int, pid: str) -> Source:
    return found.add(
        "attribution",
        name.name,
        line=line,
        cited_in=pid,
        type=name.type,  # type: ignore[arg-type]
        role=name.role,
        acronym=name.acronym,
    )


def _origin_type(name: str) -> SourceType:
    return "outlet" if looks_like_outlet(name) else "organisation"


def _refs(items: list[tuple[int, int, Source]]) -> list[Ref]:
    """Non-overlapping refs in text order (the longer span wins an overlap)."""
    refs: list[Ref] = []
    for start, end, source in sorted(items, key=lambda i: (i[0], -(i[1] - i[0]))):
        if refs and start < refs[-1].end:
            continue
        refs.append(Ref(start, end, source.id))
    return refs


def _add_entry(found: SourceList, entry: Block, n: int) -> None:
    text = entry.text
    label = entry.label if entry.kind == "item" and entry.style in ("bracket", "decimal") else None
    if entry.kind != "item":
        mk = marker(text)
        if mk and mk[0] in ("bracket", "decimal"):
            label, text = mk[1], mk[2]
    name, title, url, description = split_entry(text, described=True)
    found.add(
        "listed",
        name,
        url=url,
        title=title,
        marker=label or str(n),
        text=squash(text),
        line=entry.line,
        type="document" if title or description or not url else "web",
        description=description,
    )


def split_entry(text: str, *, titles: bool = True, described: bool = False) -> tuple[str, ...]:
    """``'Hudson Institute, “Title”, https://x.org/a'`` -> (name, title, url).

    A title is a quoted part of its own (after a comma or a dash); quotes inside the
    first part belong to the name (``Центр «Арал-Монитор», «Доклад»``). Without a quoted
    title, the name is the first comma-separated part. With ``described``, a fourth
    value says what else the entry tells of the work (``ежегодный бюллетень, 2024``; the
    year after a title), or None.
    """
    text = squash(text)
    m = URL.search(text)
    url = clean_url(m.group()) if m else None
    rest = (text[: m.start()] + text[m.end() :]) if m else text
    rest = rest.strip(" ,.;:—–-")
    title: str | None = None
    description: str | None = None
    if not titles:
        name = rest
    else:
        t = next((t for t in TITLE.finditer(rest) if _own_part(rest, t.start())), None)
        if t is not None:
            title = _trim_title(t.group("title"))
            name = rest[: t.start()].strip(" ,.;:—–-")
            after = rest[t.end() :].strip(" ,.;:—–-")
            if not name:
                name, after = after, ""
            description = after or None
        else:
            name, _, after = rest.partition(", ")
            if name[:1].isupper() and after:
                description = after.strip(" ,;:—–-") or None
            else:
                name = rest
    name = name or title or (_host(url) if url else text)
    if described:
        return name, title, url, description
    return name, title, url


def _trim_title(title: str) -> str:
    """A title without the list's punctuation around it, keeping a full stop that ends
    an abbreviation ("пресс-релиз от 14 октября 2025 г.")."""
    title = title.strip(" ,;:")
    if title.endswith(".") and len(title.rsplit(" ", 1)[-1]) > 3:
        title = title.rstrip(".")
    return title


def _own_part(text: str, at: int) -> bool:
    """Does a quotation at ``at`` stand as a part of its own ("X, “Title”")?"""
    before = text[:at].rstrip()
    return not before or before.endswith((",", "—", "–", ":", ";", "."))


URL_TRAILING = ".,;:!?)]}'’"


def clean_url(url: str) -> str:
    url = url.rstrip(URL_TRAILING)
    return url if "://" in url else f"https://{url}"


def _parts(url: str) -> tuple[str, str]:
    """(host, path) of ``url``; a link that is not one ("http://a[1]", an unclosed IPv6
    bracket: urlsplit raises) is its own host."""
    try:
        parts = urlsplit(url)
        return parts.hostname or "", parts.path
    except ValueError:
        return "", url


#: A link text longer than this is a phrase of the sentence, not a name or a title.
LINK_TITLE_MAX_WORDS = 12


def _link_name(text: str, url: str) -> tuple[str, str | None]:
    """``(name, title)`` of a linked source: "[Caspian Energy Digest](…)" is named by its
    text; "[the operator's annual report](…)" is a work of the site it is on, named by the
    host, with the link text as its title."""
    words = text.split()
    if not words or len(words) > LINK_TITLE_MAX_WORDS or "://" in text:
        return _host(url), None
    connectors = folded("name_connectors")
    if all(w[:1].isupper() or w.casefold() in connectors for w in words) and words[0][:1].isupper():
        return text.strip(), None
    return _host(url), text.strip()


def _host(url: str) -> str:
    host = _parts(url)[0] or url
    return host.removeprefix("www.")


def _url_key(url: str) -> str:
    host, path = _parts(url)
    return f"{host.removeprefix('www.')}{path.rstrip('/')}".casefold()


def name_key(name: str) -> str:
    """Comparison key: "The Hudson Institute (USA)" and "Hudson Institute" are one."""
    key = re.sub(r"\([^)]*\)", " ", name.casefold())
    key = re.sub(r"[^\w\s]", " ", key)
    words = [w for w in key.split() if w not in ("the", "a", "an")]
    return " ".join(words)


def proper_nouns(texts: Iterable[str]) -> frozenset[str]:
    """Words written with a capital in the middle of a sentence somewhere in the brief:
    those are names even where they open a sentence."""
    words: set[str] = set()
    for text in texts:
        words.update(MID_SENTENCE_CAPITAL.findall(text))
    return frozenset(words)


# The capital comes first and the look-behind (over it and the two characters before)
# second: a pattern that opens with a character class lets the regex engine skip to
# capitals quickly instead of testing the look-behind at every character.
MID_SENTENCE_CAPITAL = re.compile(r"[A-ZА-ЯЁ](?<=[\w,;:)»”] [A-ZА-ЯЁ])[\w’'-]*")
SENTENCE_START = re.compile(r"(?:^|[.!?…][\"'”’»)]*\s+)$")


def same_name(a: str, b: str) -> bool:
    """Equal keys, or a name of two words or more ending the other one: "senator eleanor
    whitcombe" and "eleanor whitcombe" are the same person."""
    if a == b:
        return True
    short, long = sorted((a.split(), b.split()), key=len)
    return len(short) >= 2 and long[-len(short) :] == short


def attributions(text: str, proper: frozenset[str] = frozenset()) -> list[str]:
    """Phrases that credit someone in ``text``, as written, in order, each once (the
    raw mentions: :func:`reportkit.reader.names.resolve` says which are sources)."""
    seen: set[str] = set()
    out = []
    for _, _, phrase in attribution_spans(text, proper):
        if name_key(phrase) not in seen:
            seen.add(name_key(phrase))
            out.append(phrase)
    return out


def attribution_spans(
    text: str, proper: frozenset[str] = frozenset(), words: WordSets | None = None
) -> list[tuple[int, int, str]]:
    """``(start, end, phrase)`` of every phrase credited in ``text``, in text order."""
    return [(s, e, phrase) for s, e, phrase, _ in attribution_mentions(text, proper, words)]


def attribution_mentions(
    text: str, proper: frozenset[str] = frozenset(), words: WordSets | None = None
) -> list[tuple[int, int, str, bool]]:
    """``(start, end, phrase, outlet)`` of every phrase credited in ``text``, in text
    order; ``outlet`` when the cue names an outlet ("told the news agency 24.kg").

    ``proper`` lists words known to be names (see :func:`proper_nouns`); a single word
    opening a sentence ("Measures announced ...") counts as a name only if it is one of
    them or an acronym ("NATO said").
    """
    names: dict[tuple[int, int], tuple[int, int, str, bool]] = {}
    present = (WordSets() if words is None else words)[text]
    for rule in _attributions():
        if rule.triggers.isdisjoint(present):
            continue
        for m in rule.pattern.finditer(text):
            name = _clean_name(m.group("name"), rule)
            if not name:
                continue
            start = m.start("name") + m.group("name").find(name)
            opens = SENTENCE_START.search(text, max(0, start - 12), start) is not None
            lone = " " not in name and name not in proper and not name.isupper()
            if opens and lone and not looks_like_outlet(name):  # ("Reuters reported" may)
                continue
            outlet = bool(m.groupdict().get("outlet"))
            role = m.groupdict().get("role")  # "as the commentator Alisher Ilkhamov writes"
            phrase = f"{role.strip()} {name}" if role else name
            names.setdefault((start, start + len(name)), (start, start + len(name), phrase, outlet))
    return sorted(names.values())


def _clean_name(raw: str, rule: Attribution) -> str | None:
    """The name in what a cue's name group caught: for "{name} said", the capitalised
    run next to the verb ("Last week Reuters" -> "Reuters"); after a cue ("according to
    ..."), the words up to the first that cannot be part of a name ("the Hudson
    Institute in Washington" -> "Hudson Institute")."""
    words = raw.split()
    if rule.name_first:
        tail = ""
        if words and words[-1].endswith(")") and "(" in raw:
            # "The International Energy Agency (IEA) warned": keep the parenthesis
            at = raw.rfind("(")
            tail, words = " " + raw[at:].strip(), raw[:at].split()
        run: list[str] = []
        quoted = False  # inside «...», read backwards
        for word in reversed(words):
            if run and _ends_sentence_word(word) and not quoted:
                break  # "...in Afghanistan. The Taliban said": another sentence
            connector = run and word.casefold() in _connectors()
            if word.endswith("»") and "«" in raw:
                quoted = not word.startswith("«")
                run.insert(0, word)  # the end of «Евразийский миграционный монитор»
            elif quoted:
                run.insert(0, word)
                quoted = not word.startswith("«")
            elif word[:1].isupper() or word[:1] in '«"' or connector:
                run.insert(0, word)
            else:
                break
        if rule.cyrillic and run and len(run) < len(words):
            run = _russian_name_start(words, run)
        words = run
        if tail and words:
            words[-1] += tail
    else:
        words = _cut(words, rule)
    while words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    while words and words[-1].casefold() in _connectors():
        words = words[:-1]
    name = " ".join(words).strip(" ,.;:\"'“”")
    if not name or len(words) > MAX_NAME_WORDS:
        return None
    if not (name[:1].isupper() or name[:1] in '«"' or name[:1].isdigit() or name[:1].islower()):
        return None
    if name.casefold() in folded("not_names") or words[0].casefold() in folded("not_names"):
        return None
    return name


def _cut(words: list[str], rule: Attribution) -> list[str]:
    """Words of a name found after a cue, up to where the name ends: a stop word
    ("что", "в"), or "in"/"on" before a place, a date or a lower-case word ("the Hudson
    Institute in Washington", "the Ministry on Monday"), but not before the rest of a
    name ("the UN Office on Drugs and Crime")."""
    from reportkit.reader.names import ends_name_here

    for n, word in enumerate(words[1:], start=1):
        lower = word.casefold()
        if lower in rule.stopwords and (rule.cyrillic or ends_name_here(words[n + 1 :])):
            if rule.cyrillic and _inside_russian_name(words, n):
                continue
            return words[:n]
        if _ends_sentence_word(words[n - 1]):
            return words[:n]
    return words


def _russian_name_start(words: list[str], run: list[str]) -> list[str]:
    """A Russian name keeps its lower-case words: before "ООН сообщил" the name is
    "Детский фонд ООН", before "Казахстана сообщило" it is "Министерство энергетики
    Казахстана" - back to a capitalised word, with an organisation word on the way."""
    from reportkit.reader.names import is_organisation_word

    before = words[: len(words) - len(run)]
    for back in range(1, min(5, len(before)) + 1):
        candidate = before[-back:]
        if candidate[0][:1].isupper():
            if any(is_organisation_word(w) for w in candidate):
                return candidate + run
            break
        if candidate[0].endswith((",", ".", ";", ":")):
            break
    return run


def _inside_russian_name(words: list[str], n: int) -> bool:
    """Is stop word ``words[n]`` ("по", "и") inside an organisation's name? "Управления
    ООН по наркотикам и преступности", "Бюро по демократическим институтам и правам
    человека", "Продовольственной и сельскохозяйственной организации": after an
    organisation word, before a lower-case word. "Росстата и Минфина" are two names."""
    from reportkit.reader.morph import joined_adjectives
    from reportkit.reader.names import is_organisation_word

    lower = words[n].casefold()
    following = words[n + 1] if n + 1 < len(words) else ""
    if lower not in ("по", "и") or not following[:1].islower():
        return False
    if any(is_organisation_word(w) for w in words[max(0, n - 4) : n]):
        return True
    if lower == "и" and any(w[:1].isupper() for w in words[n + 1 :]):
        return True  # "министра промышленности и геологии Узбекистана Бахтиёра ..."
    return lower == "и" and joined_adjectives(words[n - 1], following)


def _ends_sentence_word(word: str) -> bool:
    """Does ``word`` end a sentence ("Afghanistan.")? Not an initial or "Rep."."""
    if not word.endswith((".", "!", "?")):
        return False
    stem = word.rstrip(".!?")
    return not (len(stem) == 1 or stem.casefold() in folded("abbreviations") or "." in stem)
