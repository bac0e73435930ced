"""The Brief model: the one structure every reader produces and every writer consumes.

Plain dataclasses, no behaviour beyond (de)serialisation. The JSON form is a public,
versioned interface (``SCHEMA_ID``); its JSON Schema ships as
``reportkit/schema/brief-1.schema.json`` and is printed by ``reportkit schema``.

Paragraphs, conclusion items and sources carry short stable ids (``p3``, ``c1``, ``s2``):
facts and sources point at paragraphs by id, and writers use the ids as link anchors.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any, Literal, TypeVar

from reportkit.errors import ModelError

SCHEMA_ID = "reportkit.brief/1"
SCHEMA_FILE = "brief-1.schema.json"

ParagraphKind = Literal["paragraph", "list_item", "quote", "table"]
InlineKind = Literal["strong", "emphasis", "link"]
FactKind = Literal["count", "money", "percent", "date", "duration", "quote"]
SourceKind = Literal["origin", "listed", "url", "attribution"]
#: What a source is, which decides where the appendix lists it.
SourceType = Literal["person", "organisation", "outlet", "document", "web"]
Level = Literal["info", "warning", "error"]
Numbering = Literal[
    "decimal", "lower-alpha", "upper-alpha", "lower-roman", "upper-roman", "bullet", "none"
]


@dataclass
class Email:
    """The envelope of the e-mail a brief arrived in (the innermost, for a forward):
    as written, with reply and forward prefixes taken off the subject."""

    sender: str | None = None  # "From:" / "От:"
    date: str | None = None  # "Sent:" / "Date:" / "Отправлено:", as written
    subject: str | None = None


@dataclass
class Meta:
    """What the brief is: detected from the text, overridden by front matter."""

    title: str | None = None
    rubric: str | None = None
    language: str = "en"
    encoding: str = "utf-8"
    date: str | None = None
    date_text: str | None = None
    author: str | None = None
    classification: str | None = None
    brand: str | None = None
    source_file: str | None = None
    sha256: str = ""
    generator: str = ""
    email: Email | None = None  # the brief came by e-mail: its envelope
    summary: str | None = None  # the brief's own "Summary: ..." paragraph, without its label


@dataclass
class Ref:
    """A span of a paragraph's text that points at a source: an ``[n]`` marker, a name
    the text credits, or a URL. Offsets are code points into the paragraph's text, so a
    writer can link them without parsing the text again."""

    start: int
    end: int
    source: str


@dataclass
class Inline:
    """Emphasis or a link the brief wrote in its text (``**bold**``, ``*italic*``,
    ``[text](url)``): the markup is gone from the text, this says where it was. Offsets
    are code points into the text, like :class:`Ref`'s."""

    start: int
    end: int
    kind: InlineKind
    href: str | None = None  # links: where to


@dataclass
class Table:
    """A table the brief wrote with pipes (``| a | b |``): its header row, its rows, and
    each column's alignment (``left``, ``right``, ``center`` or None)."""

    header: list[str]
    rows: list[list[str]]
    align: list[str | None] = field(default_factory=list)


@dataclass
class Paragraph:
    """One body block: a paragraph, a list item (with its label), a quotation or a
    table (its cells also in ``text``, a row a line, so that facts are found in them)."""

    id: str
    text: str
    kind: ParagraphKind = "paragraph"
    lead: bool = False
    line: int = 0
    label: str | None = None
    numbering: Numbering | None = None  # list items: how their labels count
    value: int | None = None  # the number a list item's label stands for ("c" -> 3)
    refs: list[Ref] = field(default_factory=list)
    inline: list[Inline] = field(default_factory=list)
    table: Table | None = None


@dataclass
class Section:
    """A run of paragraphs under an optional heading (the first section has none)."""

    heading: str | None = None
    level: int = 1
    line: int | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)


@dataclass
class Fact:
    """A figure or quotation found in a sentence, with its normalised value.

    A range ("3–5 days", "10–15%") is one fact: ``value`` is its low end and ``upper``
    its high end, both normalised alike. Dates spanning years ("2023/24", "FY2024/25",
    "2021–2022") are one EDTF interval in ``value`` ("2023/2024").
    """

    kind: FactKind
    text: str
    value: str | int | float | None
    qualifier: str | None
    sentence: str
    paragraph: str
    speaker: str | None = None
    unit: str | None = None
    id: str = ""
    upper: str | int | float | None = None
    quoted: bool = False  # a figure inside a quotation: what someone said, not reported


@dataclass
class Conclusion:
    """A numbered conclusion: its original label and full text (paragraphs joined by a
    blank line)."""

    id: str
    label: str
    text: str
    line: int = 0
    refs: list[Ref] = field(default_factory=list)
    inline: list[Inline] = field(default_factory=list)
    value: int | None = None  # the number the label stands for ("b" -> 2, "IV" -> 4)
    headline: str = ""  # its first sentence: what a "key judgements" summary shows


@dataclass
class Conclusions:
    """The lead-in cue sentence and the items it introduces."""

    lead: str | None = None
    line: int | None = None
    numbering: Numbering | None = None
    items: list[Conclusion] = field(default_factory=list)


@dataclass
class Source:
    """Where information came from: the origin line, a listed reference, a URL in the
    text, or an attribution ("according to ...")."""

    id: str
    kind: SourceKind
    name: str
    url: str | None = None
    title: str | None = None
    marker: str | None = None
    text: str | None = None
    line: int | None = None
    cited_in: list[str] = field(default_factory=list)
    type: SourceType | None = None
    role: str | None = None  # a person's role as the text gives it ("Energy Minister")
    acronym: str | None = None  # the short form the text defines ("UNODC")
    description: str | None = None  # what a list entry adds: "annual bulletin, 2024"


@dataclass
class Diagnostic:
    """Something the reader noticed and the user may want to fix."""

    level: Level
    code: str
    message: str
    line: int | None = None


@dataclass
class Brief:
    """A parsed brief. ``to_dict``/``from_dict`` round-trip through the public JSON form."""

    meta: Meta = field(default_factory=Meta)
    sections: list[Section] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    conclusions: Conclusions = field(default_factory=Conclusions)
    sources: list[Source] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    #: The facts a report shows, ranked (see :mod:`reportkit.reader.salience`): the best
    #: figure of each chosen sentence, one per row of a key facts box.
    key_facts: list[str] = field(default_factory=list)

    # -- navigation helpers for writers -------------------------------------------------
    def paragraphs(self) -> list[Paragraph]:
        """All body paragraphs in reading order."""
        return [p for s in self.sections for p in s.paragraphs]

    def source_for_marker(self, marker: str) -> Source | None:
        """The listed source an inline ``[n]`` marker refers to, if any."""
        return next((s for s in self.sources if s.marker == marker), None)

    # -- JSON ---------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"schema": SCHEMA_ID, **_plain(self)}

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent) + "\n"

    @classmethod
    def from_dict(cls, data: Any) -> Brief:
        """Build a Brief from its JSON form; raise :class:`ModelError` naming the bad key."""
        if not isinstance(data, dict):
            raise ModelError("a brief must be a JSON object")
        schema = data.get("schema")
        if schema != SCHEMA_ID:
            raise ModelError(f"unsupported schema {schema!r}; this reportkit reads {SCHEMA_ID!r}")
        conclusions = _obj(data.get("conclusions", {}), "conclusions")
        return cls(
            meta=_meta(data.get("meta", {})),
            sections=[
                _build(
                    Section,
                    s,
                    f"sections[{i}]",
                    paragraphs=[
                        _with_refs(Paragraph, p, f"sections[{i}].paragraphs[{j}]")
                        for j, p in enumerate(
                            _list(
                                _obj(s, f"sections[{i}]").get("paragraphs", []),
                                f"sections[{i}].paragraphs",
                            )
                        )
                    ],
                )
                for i, s in enumerate(_list(data.get("sections", []), "sections"))
            ],
            facts=[
                _build(Fact, f, f"facts[{i}]")
                for i, f in enumerate(_list(data.get("facts", []), "facts"))
            ],
            conclusions=_build(
                Conclusions,
                conclusions,
                "conclusions",
                items=[
                    _with_refs(Conclusion, c, f"conclusions.items[{i}]")
                    for i, c in enumerate(_list(conclusions.get("items", []), "conclusions.items"))
                ],
            ),
            sources=[
                _build(Source, s, f"sources[{i}]")
                for i, s in enumerate(_list(data.get("sources", []), "sources"))
            ],
            diagnostics=[
                _build(Diagnostic, d, f"diagnostics[{i}]")
                for i, d in enumerate(_list(data.get("diagnostics", []), "diagnostics"))
            ],
            key_facts=[str(k) for k in _list(data.get("key_facts", []), "key_facts")],
        )

    @classmethod
    def from_json(cls, text: str) -> Brief:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ModelError(f"not valid JSON: {exc.msg}", line=exc.lineno) from None
        return cls.from_dict(data)


def _plain(value: Any) -> Any:
    """``dataclasses.asdict`` for this model: its leaves are immutable (str, int, float,
    None), so nothing is deep-copied, which makes it 3x faster on a large brief."""
    if isinstance(value, list):
        return [_plain(item) for item in value]
    names = _FIELD_NAMES.get(type(value))
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            return value
        names = tuple(f.name for f in fields(value))  # a subclass: the slow way
    return {name: _plain(getattr(value, name)) for name in names}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls))
    for cls in (
        Email,
        Meta,
        Ref,
        Inline,
        Table,
        Paragraph,
        Section,
        Fact,
        Conclusion,
        Conclusions,
        Source,
        Diagnostic,
        Brief,
    )
}


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the brief model, as shipped in the package."""
    from importlib import resources  # only here: it costs every importer ~5 ms otherwise

    text = resources.files("reportkit.schema").joinpath(SCHEMA_FILE).read_text("utf-8")
    return json.loads(text)


# -- small, strict helpers for from_dict ---------------------------------------------------
T = TypeVar("T")


def _obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ModelError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _list(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise ModelError(f"{where}: expected a list, got {type(value).__name__}")
    return value


def _meta(value: Any) -> Meta:
    data = _obj(value, "meta")
    email = data.get("email")
    if email is None:
        return _build(Meta, data, "meta")
    return _build(Meta, data, "meta", email=_build(Email, email, "meta.email"))


def _with_refs(cls: type[T], value: Any, where: str) -> T:
    data = _obj(value, where)
    nested: dict[str, Any] = {
        "refs": [
            _build(Ref, r, f"{where}.refs[{k}]")
            for k, r in enumerate(_list(data.get("refs", []), f"{where}.refs"))
        ],
        "inline": [
            _build(Inline, m, f"{where}.inline[{k}]")
            for k, m in enumerate(_list(data.get("inline", []), f"{where}.inline"))
        ],
    }
    if data.get("table") is not None:
        nested["table"] = _build(Table, data["table"], f"{where}.table")
    return _build(cls, data, where, **nested)


def _build(cls: type[T], value: Any, where: str, **nested: Any) -> T:
    """Instantiate dataclass ``cls`` from ``value``; unknown or missing keys are errors."""
    data = _obj(value, where)
    names = {f.name for f in fields(cls)}  # type: ignore[arg-type]
    unknown = sorted(set(data) - names)
    if unknown:
        raise ModelError(f"{where}: unknown key {unknown[0]!r}")
    try:
        return cls(**{**data, **nested})
    except TypeError as exc:  # a required field is missing
        raise ModelError(f"{where}: {exc}") from None
