"""The Brief model: JSON round trip, the shipped JSON Schema, strict from_dict."""

from __future__ import annotations

import json

import jsonschema
import pytest

import reportkit
from conftest import EXAMPLES
from reportkit.errors import ModelError
from reportkit.model import SCHEMA_ID, Brief, json_schema

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.txt"))


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda p: p.stem)
def test_round_trip_and_schema(path) -> None:
    brief = reportkit.parse_file(path)
    data = brief.to_dict()
    jsonschema.validate(data, json_schema())
    again = Brief.from_json(brief.to_json())
    assert again == brief
    assert again.to_dict() == data


def test_schema_is_versioned_and_valid() -> None:
    schema = json_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["title"] == SCHEMA_ID == "reportkit.brief/1"
    assert schema["properties"]["schema"] == {"const": SCHEMA_ID}


def test_schema_lists_every_model_field() -> None:
    """The schema forbids extra keys, so a field added to the model without the schema
    fails the round-trip test; this checks the other direction (schema keys exist)."""
    schema = json_schema()
    data = reportkit.parse(b"Rubric\n\nTitle\n\nText with [1].\n\nSources:\n[1] X\n").to_dict()
    assert set(schema["properties"]) == set(data)
    assert set(schema["properties"]["meta"]["properties"]) == set(data["meta"])


def test_public_json_names() -> None:
    data = reportkit.parse(b"Title\n\nBody.\n").to_dict()
    assert data["schema"] == "reportkit.brief/1"
    assert {
        "title",
        "rubric",
        "language",
        "encoding",
        "date",
        "author",
        "classification",
        "source_file",
        "sha256",
        "generator",
    } <= set(data["meta"])
    assert data["meta"]["generator"] == f"reportkit {reportkit.__version__}"
    assert set(data["conclusions"]) >= {"lead", "items"}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "a brief must be a JSON object"),
        ({"schema": "reportkit.brief/2"}, "unsupported schema"),
        ({"schema": SCHEMA_ID, "meta": {"titel": "x"}}, "meta: unknown key 'titel'"),
        ({"schema": SCHEMA_ID, "sections": {}}, "sections: expected a list"),
        (
            {"schema": SCHEMA_ID, "sections": [{"paragraphs": [{"text": "x"}]}]},
            "sections[0].paragraphs[0]",
        ),
    ],
)
def test_from_dict_names_the_bad_key(data, message) -> None:
    with pytest.raises(ModelError, match=message.replace("[", r"\[").replace("]", r"\]")):
        Brief.from_dict(data)


def test_from_json_reports_the_line() -> None:
    with pytest.raises(ModelError) as err:
        Brief.from_json('{\n"schema": \n}')
    assert err.value.line == 3


def test_sha256_and_source_file() -> None:
    import hashlib

    data = (EXAMPLES / "en_digest.txt").read_bytes()
    brief = reportkit.parse_file(EXAMPLES / "en_digest.txt")
    assert brief.meta.sha256 == hashlib.sha256(data).hexdigest()
    assert brief.meta.source_file == "en_digest.txt"
    assert json.loads(brief.to_json())["meta"]["sha256"] == brief.meta.sha256
