"""reportkit's own brand settings, ``defaults: reportkit:`` in ``_brand.yml``, validated
as a pydantic model (pydantic comes with brand-yml, which validates the rest).

Every problem is collected, not only the first: :func:`settings_problems` returns each
as ``(keys, message)`` with the key path under ``defaults.reportkit``, so the loader can
name the file and line of each and ``reportkit brands check`` can list them all.
"""

from __future__ import annotations

import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from reportkit.brand.geometry import margins_problem, size_problem
from reportkit.brand.model import Page, Settings, Show
from reportkit.labels import DATE_STYLES

COVERS = ("plain", "banner", "full-page")
#: The most rows a key facts box may be set to show: a box, not a table of figures.
KEY_FACTS_LIMIT = 12
#: What pydantic reports for a value that breaks a rule of the model itself.
_OWN_ERROR = "Value error, "


def _true_or_false(value: Any, why: str = "") -> bool:
    """A YAML boolean, strictly: "yes", 1 or "false" as a string are mistakes to report,
    not values to coerce (pydantic would take "false" for False)."""
    if not isinstance(value, bool):
        raise ValueError(f"must be true or false{why}")
    return value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Page(_Strict):
    size: str = Page.size
    margins: str = Page.margins

    @field_validator("size", "margins", mode="before")
    @classmethod
    def _length(cls, value: Any, info: Any) -> str:
        text = str(value)
        problem = size_problem(text) if info.field_name == "size" else margins_problem(text)
        if problem:
            raise ValueError(problem)
        return text


class _Show(_Strict):
    key_facts: bool = Show.key_facts
    key_judgements: bool = Show.key_judgements
    toc: bool = Show.toc
    sources: bool = Show.sources

    @field_validator("key_facts", "key_judgements", "toc", "sources", mode="before")
    @classmethod
    def _flag(cls, value: Any) -> bool:
        return _true_or_false(value)


class ReportkitDefaults(_Strict):
    """The keys of ``defaults: reportkit:`` and what each accepts."""

    extends: Any = None  # checked where the chain is read (brand.chain)
    description: str = ""
    classification: dict[str, str] = {}
    footer: dict[str, str] = {}
    cover: Literal["plain", "banner", "full-page"] = "plain"
    page: _Page = _Page()
    date_format: str = "long"
    show: _Show = _Show()
    key_facts_max: int = Settings.key_facts_max
    toc_min_entries: int = Settings.toc_min_entries
    embed_fonts: bool = Settings.embed_fonts
    labels: dict[str, dict[str, str]] = {}

    @field_validator("description", mode="before")
    @classmethod
    def _text(cls, value: Any) -> str:
        if not isinstance(value, str):
            raise ValueError("must be text")
        return value

    @field_validator("classification", "footer", mode="before")
    @classmethod
    def _texts(cls, value: Any) -> dict[str, str]:
        """One text, or one per language (``{en: ..., ru: ...}``); ``*`` is any language."""
        if value is None:
            return {}
        if isinstance(value, str):
            return {"*": value}
        if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
            return {str(k).casefold(): v for k, v in value.items()}
        raise ValueError("must be text, or text per language ({en: ..., ru: ...})")

    @field_validator("cover", mode="before")
    @classmethod
    def _cover(cls, value: Any) -> str:
        if value not in COVERS:
            raise ValueError(f"{value!r} is not one of {', '.join(COVERS)}")
        return str(value)

    @field_validator("page", "show", mode="before")
    @classmethod
    def _mapping(cls, value: Any, info: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            what = "size and margins" if info.field_name == "page" else "part: true/false"
            raise ValueError(f"must be a mapping of {what}")
        return value

    @field_validator("date_format", mode="before")
    @classmethod
    def _date_format(cls, value: Any) -> str:
        text = str(value)
        if text in DATE_STYLES:
            return text
        from babel.dates import format_date

        try:
            format_date(datetime.date(2024, 5, 14), text, locale="en")
        except Exception:
            raise ValueError(
                f"{text!r} is neither one of {', '.join(DATE_STYLES)} nor a date pattern"
            ) from None
        return text

    @field_validator("key_facts_max", mode="before")
    @classmethod
    def _rows(cls, value: Any) -> int:
        if (
            isinstance(value, bool)
            or not isinstance(value, int)
            or not 1 <= value <= KEY_FACTS_LIMIT
        ):
            raise ValueError(
                f"must be a whole number from 1 to {KEY_FACTS_LIMIT} (to hide the box: "
                "show: {key_facts: false})"
            )
        return value

    @field_validator("toc_min_entries", mode="before")
    @classmethod
    def _entries(cls, value: Any) -> int:
        whole = isinstance(value, int) and not isinstance(value, bool)
        if not whole or not 1 <= value <= 50:
            raise ValueError(
                "must be a whole number from 1 to 50 (to never show one: show: {toc: false})"
            )
        return value

    @field_validator("embed_fonts", mode="before")
    @classmethod
    def _yes_no(cls, value: Any) -> bool:
        return _true_or_false(value, " (true: the fonts' licences allow embedding)")

    @field_validator("labels", mode="before")
    @classmethod
    def _labels(cls, value: Any) -> Any:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError("must be a mapping of language: {label: text}")
        return value


def _label_problems(labels: Any) -> list[tuple[tuple[Any, ...], str]]:
    """Each label a brand overrides must exist and be text."""
    from reportkit.labels import LABELS, RETIRED_LABELS

    if not isinstance(labels, dict):
        return []  # the model says what is wrong
    known = set(LABELS["en"]) | RETIRED_LABELS
    problems = []
    for lang, table in labels.items():
        if not isinstance(table, dict):
            problems.append((("labels", lang), "must be a mapping of label: text"))
            continue
        for key, text in table.items():
            if key not in known:
                problems.append((("labels", lang, key), "unknown label"))
            elif not isinstance(text, str):
                problems.append((("labels", lang, key), "must be text"))
    return problems


def settings_problems(data: Any) -> tuple[Settings | None, list[tuple[tuple[Any, ...], str]]]:
    """The :class:`Settings` of ``defaults: reportkit:`` and every problem with it, each
    as ``(keys under defaults.reportkit, message)``; no Settings when there is one."""
    if not isinstance(data, dict):
        return None, [((), "must be a mapping")]
    problems = _label_problems(data.get("labels"))
    try:
        model = ReportkitDefaults.model_validate(data)
    except ValidationError as error:
        for item in error.errors():
            keys = tuple(item["loc"])
            if problems and keys[:1] == ("labels",):
                continue  # said better, label by label
            problems.append((keys, _message(item)))
        return None, problems
    if problems:
        return None, problems
    return _settings(model), []


def _message(item: dict[str, Any]) -> str:
    if item["type"] == "extra_forbidden":
        fields = ReportkitDefaults.model_fields if len(item["loc"]) == 1 else None
        if fields is not None:
            return f"unknown key (known: {', '.join(fields)})"
        parent = item["loc"][0]
        known = _Page.model_fields if parent == "page" else _Show.model_fields
        word = "key" if parent == "page" else "part"
        return f"unknown {word} (known: {', '.join(known)})"
    message = str(item["msg"])
    return message.removeprefix(_OWN_ERROR) if item["type"] == "value_error" else message


def _settings(model: ReportkitDefaults) -> Settings:
    return Settings(
        description=model.description,
        classification=dict(model.classification),
        footer=dict(model.footer),
        cover=model.cover,
        page=Page(size=model.page.size, margins=model.page.margins),
        date_format=model.date_format,
        show=Show(
            key_facts=model.show.key_facts,
            key_judgements=model.show.key_judgements,
            toc=model.show.toc,
            sources=model.show.sources,
        ),
        key_facts_max=model.key_facts_max,
        toc_min_entries=model.toc_min_entries,
        embed_fonts=model.embed_fonts,
        labels={str(lang).casefold(): dict(table) for lang, table in model.labels.items()},
    )


__all__ = ["COVERS", "DATE_STYLES", "KEY_FACTS_LIMIT", "ReportkitDefaults", "settings_problems"]
