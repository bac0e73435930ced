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

from reportkit.model import Diagnostic, Fact, Ref, Source, SourceKind
from reportkit.reader.blocks import Block, marker
from reportkit.reader.cues import all_cues, union
from reportkit.reader.text import WordSets, squash

URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"“”«»]+|\bwww\.[^\s<>\"“”«»]+", re.IGNORECASE)
MARKER = re.compile(r"\[(\d{1,3})\]")
TITLE = re.compile(r"[“«\"](?P<title>[^”»\"]+)[”»\"]")
KIND_ORDER: dict[str, int] = {"origin": 0, "listed": 1, "url": 2, "attribution": 3}
MAX_NAME_WORDS = 10


@dataclass
class Attribution:
    pattern: re.Pattern[str]
    name_first: bool  # "{name} said": keep the capitalised run nearest to the verb
    stopwords: frozenset[str]
    triggers: frozenset[str]  # one of these words is in every match


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
                )
            )
    return tuple(out)


@cache
def _not_names() -> frozenset[str]:
    return frozenset(w.casefold() for w in union("not_names"))


@cache
def _connectors() -> frozenset[str]:
    return frozenset(w.casefold() for w in union("name_connectors")) | {"the", "a", "an"}


class SourceList:
    """Accumulates sources, merging the same source met in several places."""

    def __init__(self) -> None:
        self.sources: list[Source] = []
        self.diagnostics: list[Diagnostic] = []
        # Indexes so that a brief citing thousands of sources stays linear.
        self._by_url: dict[str, Source] = {}
        self._by_last_word: dict[str, list[tuple[str, Source]]] = {}
        self._by_marker: dict[str, Source] = {}

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
    ) -> Source:
        found = self.find(name, url) if kind not in ("origin", "listed") else None
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
            )
            self.sources.append(found)
            self._index(found)
        else:
            if KIND_ORDER[kind] < KIND_ORDER[found.kind]:
                found.kind = kind
            found.url = found.url or url
            found.title = found.title or title
            found.marker = found.marker or marker
        if cited_in and cited_in not in found.cited_in:
            found.cited_in.append(cited_in)
        return found

    def find(self, name: str, url: str | None) -> Source | None:
        if url and _url_key(url) in self._by_url:
            return self._by_url[_url_key(url)]
        key = name_key(name)
        if not key:
            return None
        for other, source in self._by_last_word.get(key.rsplit(" ", 1)[-1], []):
            if same_name(other, key):
                return source
        return None

    def by_marker(self, marker: str) -> Source | None:
        return self._by_marker.get(marker)

    def _index(self, source: Source) -> None:
        if source.url:
            self._by_url.setdefault(_url_key(source.url), source)
        key = name_key(source.name)
        if key:
            self._by_last_word.setdefault(key.rsplit(" ", 1)[-1], []).append((key, source))
        if source.marker:
            self._by_marker.setdefault(source.marker, source)

    def finish(self) -> list[Source]:
        ordered = sorted(self.sources, key=lambda s: KIND_ORDER[s.kind])  # stable
        for n, source in enumerate(ordered, start=1):
            source.id = f"s{n}"
        return ordered


def collect_sources(
    origins: list[tuple[str, int]],
    entries: list[Block],
    paragraphs: list[tuple[str, str, int]],
    facts: list[Fact],
    words: WordSets | None = None,
) -> tuple[list[Source], list[Diagnostic], dict[str, list[Ref]]]:
    """All sources of a brief, and the spans of each paragraph that point at them.

    ``paragraphs`` are ``(id, text, line)`` for body paragraphs and conclusion items.
    """
    found = SourceList()
    for value, line in origins:
        for part in (p.strip() for p in value.split(";")):
            if part:
                # The whole line is the name: «Восточный вектор» in an origin is part of
                # the organisation's name, not the title of a work.
                name, _, url = split_entry(part, titles=False)
                found.add("origin", name, url=url, text=part, line=line)
    for n, entry in enumerate(entries, start=1):
        _add_entry(found, entry, n)

    speakers: dict[str, list[str]] = {}
    for fact in facts:
        if fact.kind == "quote" and fact.speaker:
            speakers.setdefault(fact.paragraph, []).append(fact.speaker)
    proper = proper_nouns(text for _, text, _ in paragraphs)
    spans: dict[str, list[tuple[int, int, Source]]] = {}
    for pid, text, line in paragraphs:
        here = spans.setdefault(pid, [])
        for m in MARKER.finditer(text):
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
        for m in URL.finditer(text) if ("://" in text or "www." in text) else ():
            url = clean_url(m.group())
            source = found.add("url", _host(url), url=url, line=line, cited_in=pid)
            here.append((m.start(), m.start() + len(m.group().rstrip(URL_TRAILING)), source))
        for start, end, name in attribution_spans(text, proper, words):
            source = found.add("attribution", name, line=line, cited_in=pid)
            here.append((start, end, source))
        for speaker in speakers.get(pid, []):
            source = found.add("attribution", speaker, line=line, cited_in=pid)
            start = text.find(speaker)
            if start >= 0:
                here.append((start, start + len(speaker), source))
    sources = found.finish()
    return sources, found.diagnostics, {pid: _refs(items) for pid, items in spans.items()}


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
    name, title, url = split_entry(text)
    found.add(
        "listed",
        name,
        url=url,
        title=title,
        marker=label or str(n),
        text=squash(text),
        line=entry.line,
    )


def split_entry(text: str, *, titles: bool = True) -> tuple[str, str | None, str | None]:
    """``'Hudson Institute, “Title”, https://x.org/a'`` -> (name, title, url)."""
    text = squash(text)
    m = URL.search(text)
    url = clean_url(m.group()) if m else None
    rest = (text[: m.start()] + text[m.end() :]) if m else text
    t = TITLE.search(rest) if titles else None
    title = t.group("title").strip(" ,.") if t else None
    name = rest[: t.start()] if t else rest
    name = name.strip(" ,.;:—–-")
    if not name:
        name = (
            (rest[t.end() :].strip(" ,.;:—–-") if t else "")
            or title
            or (_host(url) if url else text)
        )
    return name, title, url


URL_TRAILING = ".,;:!?)]}'’"


def clean_url(url: str) -> str:
    url = url.rstrip(URL_TRAILING)
    return url if "://" in url else f"https://{url}"


def _host(url: str) -> str:
    host = urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _url_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{(parts.hostname or '').removeprefix('www.')}{parts.path.rstrip('/')}".casefold()


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
    """Names credited in ``text``, in order of appearance, each once."""
    seen: set[str] = set()
    out = []
    for _, _, name in attribution_spans(text, proper):
        if name_key(name) not in seen:
            seen.add(name_key(name))
            out.append(name)
    return out


def attribution_spans(
    text: str, proper: frozenset[str] = frozenset(), words: WordSets | None = None
) -> list[tuple[int, int, str]]:
    """``(start, end, name)`` of every name credited in ``text``, in text order.

    ``proper`` lists words known to be names (see :func:`proper_nouns`); a single word
    opening a sentence ("Measures announced ...") counts as a name only if it is one of
    them or an acronym ("NATO said").
    """
    names: set[tuple[int, int, str]] = set()
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
            if opens and " " not in name and name not in proper and not name.isupper():
                continue
            names.add((start, start + len(name), name))
    return sorted(names)


def _clean_name(raw: str, rule: Attribution) -> str | None:
    words = raw.split()
    if rule.name_first:
        # "Last week Reuters" -> "Reuters": the capitalised run next to the verb.
        run: list[str] = []
        for word in reversed(words):
            if word[:1].isupper() or (run and word.casefold() in _connectors()):
                run.insert(0, word)
            else:
                break
        words = run
    else:
        for n, word in enumerate(words[1:], start=1):
            if word.casefold() in rule.stopwords:
                words = words[:n]
                break
    while words and words[0].casefold() in ("the", "a", "an"):
        words = words[1:]
    while words and words[-1].casefold() in _connectors():
        words = words[:-1]
    name = " ".join(words).strip(" ,.;:\"'«»“”")
    if not name or not name[:1].isupper() or len(words) > MAX_NAME_WORDS:
        return None
    if name.casefold() in _not_names() or words[0].casefold() in _not_names():
        return None
    return name
