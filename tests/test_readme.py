"""The docs' worked brand example works as written, and the README stays a door."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT
from reportkit.brand import SearchPath
from reportkit.brand.scaffold import new_brand
from reportkit.brandcheck import check_brand


def test_worked_brand_example(tmp_path: Path) -> None:
    guide = (ROOT / "docs" / "brands.md").read_text("utf-8")
    section = guide.split("## Worked example", 1)[1]
    yml = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    search = SearchPath.build(cwd=tmp_path)
    folder = new_brand("acme", source="default", into=tmp_path / "templates", search=search)
    (folder / "_brand.yml").write_text(yml, "utf-8")
    shutil.copy(ROOT / "templates" / "meridian" / "logo-mark.svg", folder / "acme.svg")
    shutil.copy(ROOT / "templates" / "meridian" / "logo-mark.png", folder / "acme.png")
    (folder / "fonts").mkdir()
    for name in ("PTS55F.ttf", "PTS75F.ttf"):
        shutil.copy(ROOT / "templates" / "meridian" / "fonts" / name, folder / "fonts" / name)
    brand, problems = check_brand("acme", SearchPath.build(cwd=tmp_path))
    assert problems == [] and brand is not None
    assert brand.display_name == "Acme Research"
    assert brand.colors["primary"] == "#8a1538"
    assert brand.settings.text("classification", "ru") == "КОНФИДЕНЦИАЛЬНО"
    assert brand.settings.labels == {"en": {"key_facts": "In brief"}}
    assert brand.settings.key_facts_max == 4
    # "python scripts/woff2.py templates/acme": WOFF2 copies, which the HTML then carries
    assert brand.settings.embed_fonts
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "woff2.py"), str(folder)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert sorted(p.name for p in (folder / "fonts").glob("*.woff2")) == [
        "PTS55F.woff2",
        "PTS75F.woff2",
    ]
    from reportkit import api

    brief = api.parse_file(ROOT / "examples" / "en_digest.txt")
    html = api.render(brief, "html", brand).data.decode("utf-8")
    assert html.count('url("data:font/woff2;base64,') == 2


def test_the_readme_is_a_door_and_its_links_resolve() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert len(readme.encode("utf-8")) <= 8192
    for command in ("make demo", "make test"):
        assert command in readme
    for target in re.findall(r"\]\(((?:docs/)?[\w./-]+)(?:#[\w-]+)?\)", readme):
        assert (ROOT / target).exists(), target
    for page in (ROOT / "docs").glob("*.md"):
        text = page.read_text("utf-8")
        for target in re.findall(r"\]\(([\w./-]+\.(?:md|png))(?:#[\w-]+)?\)", text):
            assert (page.parent / target).exists(), (page.name, target)


def test_the_api_guide_runs_as_written(monkeypatch) -> None:
    """Every Python block of docs/api.md runs, from the project root as its paths say."""
    guide = (ROOT / "docs" / "api.md").read_text("utf-8")
    blocks = re.findall(r"```python\n(.*?)```", guide, re.S)
    assert len(blocks) >= 2
    monkeypatch.chdir(ROOT)
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "docs/api.md", "exec"), namespace)
    assert namespace["summary"].counts == {"converted": 1}
    assert namespace["output"].data[:5] == b"%PDF-"
    assert namespace["output"].pages >= 1
