"""Robustness on third-party text files we did not write (Unstructured's example docs).

The files are read in place from the shared folder beside the checkout and never copied
into the repository; without that folder the whole module is skipped.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

from conftest import model_strings
from reportkit.api import parse_file
from reportkit.errors import InputError
from reportkit.model import Brief
from reportkit.reader.cues import meta_labels, union

PEER = Path(__file__).resolve().parents[2] / "shared" / "peer" / "unstructured-example-docs"
if not PEER.is_dir():
    pytest.skip(f"peer example documents not present at {PEER}", allow_module_level=True)

FILES = sorted(PEER.rglob("*.txt"))
BIG = "book-war-and-peace-1225p.txt"
FAKE_TEXT = "fake-text.txt"
UNICODE_VARIANTS = {
    # file name -> encoding its first bytes show (see `xxd`): a BOM, or NULs in every
    # other byte of Latin text (UTF-16 without BOM, which can only be a guess).
    "fake-text-utf-16.txt": ("utf-16-le", False),  # FF FE
    "fake-text-utf-16-le.txt": ("utf-16-le", True),  # 54 00 68 00, no BOM
    "fake-text-utf-16-be.txt": ("utf-16-be", True),  # 00 54 00 68, no BOM
    "fake-text-utf-32.txt": ("utf-32-le", False),  # FF FE 00 00
}

#: Words that are markup of a brief rather than its content ("Source:", "Bibliography",
#: "Date:"): the reader may consume them when it recognises the structure they announce.
STRUCTURAL = {
    w.casefold()
    for phrase in (
        *union("source_labels"),
        *union("sources_headings"),
        *union("byline_words"),
        *(w for words in meta_labels().values() for w in words),
    )
    for w in re.findall(r"\w+", phrase)
}


def _id(path: Path) -> str:
    return str(path.relative_to(PEER))


@cache
def outcome(path: Path) -> Brief | InputError:
    """Parse once per session (the big book takes a while); anything but a Brief or an
    InputError propagates and fails the test that asked."""
    try:
        return parse_file(path)
    except InputError as error:
        return error


def brief_or_skip(path: Path) -> Brief:
    result = outcome(path)
    if isinstance(result, InputError):
        pytest.skip(f"refused: {result}")
    return result


def peer(name: str) -> Path:
    path = PEER / name
    if not path.exists():
        pytest.skip(f"{name} is not among the peer documents")
    return path


def content_words(brief: Brief) -> Counter[str]:
    """Words of what the brief says, leaving out what depends on the file's bytes (meta
    encoding, checksum, file name) and the diagnostics about them."""
    data = brief.to_dict()
    parts = [
        data["meta"]["title"],
        data["meta"]["rubric"],
        *model_strings([data["sections"], data["conclusions"], data["sources"]]),
    ]
    return Counter(w for part in parts if part for w in re.findall(r"\w+", part))


# -- every file -----------------------------------------------------------------------------


def test_the_peer_folder_has_the_files_these_tests_name():
    names = {p.name for p in FILES}
    assert {BIG, FAKE_TEXT, "empty.txt", "fake-text-all-whitespace.txt", *UNICODE_VARIANTS} <= names


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_parse_file_gives_a_brief_or_an_input_error(path):
    result = outcome(path)
    assert isinstance(result, Brief | InputError)
    if isinstance(result, InputError):
        message = str(result)
        assert path.name in message
        assert "\n" not in message
        assert result.exit_code == 1
    else:
        assert result.meta.source_file == path.name


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_model_round_trips(path):
    brief = brief_or_skip(path)
    data = brief.to_dict()
    assert Brief.from_dict(data).to_dict() == data
    assert Brief.from_json(brief.to_json()).to_dict() == data


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_no_word_of_the_input_is_lost(path):
    brief = brief_or_skip(path)
    text = path.read_bytes().decode(brief.meta.encoding, errors="replace")
    blob = "\n".join(model_strings(brief.to_dict()))
    present = set(re.findall(r"\w+", blob))
    # Every word of the input is checked; most are found by set lookup, the rest (a
    # word glued to a removed control character, a hyphenated word mended across a line
    # break) by substring search.
    lost = sorted(
        {
            w
            for w in re.findall(r"\w+", text)
            if w not in present and w not in blob and w.casefold() not in STRUCTURAL
        }
    )
    assert lost == []


@pytest.mark.parametrize("path", FILES, ids=_id)
def test_valid_utf8_files_are_read_as_utf8_without_guessing(path):
    raw = path.read_bytes()
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not valid UTF-8")
    if b"\x00" in raw:
        pytest.skip("UTF-16/32 text is also valid UTF-8, but not meant as such")
    brief = brief_or_skip(path)
    assert brief.meta.encoding == "utf-8"
    assert not {"encoding-guessed", "invalid-bytes"} & {d.code for d in brief.diagnostics}


# -- specific files -------------------------------------------------------------------------


def test_empty_file_is_refused_as_empty():
    result = outcome(peer("empty.txt"))
    assert isinstance(result, InputError)
    assert "is empty" in str(result)


def test_whitespace_only_file_is_refused():
    path = peer("fake-text-all-whitespace.txt")
    assert path.read_bytes().strip() == b""  # what the name promises
    result = outcome(path)
    assert isinstance(result, InputError)
    assert "contains only whitespace" in str(result)


@pytest.mark.parametrize("name", UNICODE_VARIANTS)
def test_unicode_variants_say_the_same_as_the_utf8_file(name):
    encoding, guessed = UNICODE_VARIANTS[name]
    reference = outcome(peer(FAKE_TEXT))
    brief = outcome(peer(name))
    assert isinstance(reference, Brief)
    assert isinstance(brief, Brief)
    assert brief.meta.encoding == encoding
    assert ("encoding-guessed" in {d.code for d in brief.diagnostics}) == guessed
    assert content_words(brief) == content_words(reference)
    # ...and those are the words of the file itself.
    assert content_words(reference) >= Counter(
        w
        for w in re.findall(r"\w+", peer(FAKE_TEXT).read_text("utf-8"))
        if w.casefold() not in STRUCTURAL
    )


def test_fake_text_bullets_are_list_items():
    brief = outcome(peer(FAKE_TEXT))
    assert isinstance(brief, Brief)
    bullets = [
        line.strip()[2:]
        for line in peer(FAKE_TEXT).read_text("utf-8").splitlines()
        if line.strip().startswith("- ")
    ]
    assert len(bullets) == 3
    items = [p.text for p in brief.paragraphs() if p.kind == "list_item"]
    assert items == bullets


def test_war_and_peace_parses_into_many_paragraphs():
    path = peer(BIG)
    brief = outcome(path)
    assert isinstance(brief, Brief), brief
    assert brief.meta.encoding == "utf-8"
    assert brief.meta.language == "en"
    paragraphs = brief.paragraphs()
    assert len(paragraphs) > 1000
    # Hard-wrapped lines are joined back into paragraphs: no paragraph keeps a newline,
    # and the opening sentence, wrapped over two lines in the file, is whole again.
    assert not any("\n" in p.text for p in paragraphs)
    opening = "so Genoa and Lucca are now just family estates of the Buonapartes."
    assert opening not in path.read_text("utf-8")  # it is wrapped in the file...
    assert any(opening in p.text for p in paragraphs)  # ...and mended in the model
    # Paragraph ids are unique and lines increase in reading order.
    assert len({p.id for p in paragraphs}) == len(paragraphs)
    lines = [p.line for p in paragraphs]
    assert lines == sorted(lines)
