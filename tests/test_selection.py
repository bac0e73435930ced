"""Which brand and which labels a brief gets."""

from __future__ import annotations

from pathlib import Path

import reportkit
from reportkit.api import choose_brand, report_labels
from reportkit.brand import load_brand
from reportkit.config import load_settings

BRIEF_WITH_BRAND = "---\nbrand: meridian\n---\nTitle\n\nBody.\n"


def settings(
    tmp_path: Path,
    flags: dict | None = None,
    env: dict | None = None,
    file_brand: str | None = None,
):
    (tmp_path / "reportkit.toml").write_text(f'brand = "{file_brand}"\n' if file_brand else "")
    return load_settings(flags or {}, env=env or {}, cwd=tmp_path)


def test_flag_beats_front_matter(tmp_path: Path) -> None:
    brief = reportkit.parse(BRIEF_WITH_BRAND)
    chosen = choose_brand(brief.meta.brand, settings(tmp_path, flags={"brand": "default"}))
    assert chosen == ("default", "command line --brand")


def test_front_matter_beats_env_and_config(tmp_path: Path) -> None:
    brief = reportkit.parse(BRIEF_WITH_BRAND)
    s = settings(tmp_path, env={"REPORTKIT_BRAND": "other"}, file_brand="third")
    assert choose_brand(brief.meta.brand, s) == ("meridian", "front matter of the brief")


def test_env_beats_config_beats_default(tmp_path: Path) -> None:
    brief = reportkit.parse("Title\n\nBody.\n")
    s = settings(tmp_path, env={"REPORTKIT_BRAND": "from-env"}, file_brand="from-file")
    assert choose_brand(brief.meta.brand, s) == ("from-env", "environment REPORTKIT_BRAND")
    s = settings(tmp_path, file_brand="from-file")
    assert choose_brand(brief.meta.brand, s)[0] == "from-file"
    assert choose_brand(brief.meta.brand, settings(tmp_path)) == ("default", "default")


def test_labels_follow_the_brief_language_unless_overridden() -> None:
    meridian = load_brand("meridian")
    russian = reportkit.parse("Заголовок\n\nПо данным Росстата, цены выросли на 5%.\n")
    english = reportkit.parse("Title\n\nPrices rose by 5% last year, officials said.\n")
    assert russian.meta.language == "ru" and english.meta.language == "en"
    assert report_labels(russian, meridian)["conclusions"] == "Наша оценка"
    assert report_labels(english, meridian)["conclusions"] == "Our assessment"
    assert report_labels(russian, meridian, lang="en")["conclusions"] == "Our assessment"
    assert report_labels(english, load_brand("default"))["conclusions"] == "Conclusions"
    assert report_labels(english, meridian).get("page", page=2, pages=7) == "Page 2 of 7"
