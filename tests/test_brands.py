"""Brands: loading, extends, validation messages, search path, lint, scaffolding."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ROOT
from reportkit.brand import BrandError, SearchPath, builtin_dir, load_brand
from reportkit.brand.check import contrast, missing_docx_styles
from reportkit.brand.listing import list_brands
from reportkit.brand.scaffold import new_brand
from reportkit.brandcheck import check_brand
from reportkit.cli import main
from reportkit.labels import labels_for

BUILTIN = ROOT / "templates"


def make_brand(root: Path, name: str, yml: str, **files: bytes | str) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "_brand.yml").write_text(textwrap.dedent(yml), "utf-8")
    for filename, content in files.items():
        path = folder / filename.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, "utf-8")
        else:
            path.write_bytes(content)
    return folder


@pytest.fixture
def search(tmp_path: Path) -> SearchPath:
    """A search path of tmp_path/brands, then the built-in brands (cwd has none)."""
    (tmp_path / "brands").mkdir()
    return SearchPath.build([tmp_path / "brands"], cwd=tmp_path)


# -- the shipped brands ---------------------------------------------------------------------
def test_builtin_brands_are_found_and_valid() -> None:
    assert builtin_dir() == BUILTIN
    for name in ("default", "meridian"):
        brand, problems = check_brand(name, SearchPath.build(cwd=ROOT / "tests"))
        assert brand is not None and brand.name == name
        assert problems == [], problems


def test_default_brand() -> None:
    brand = load_brand("default")
    assert brand.display_name == "reportkit"
    assert brand.colors["primary"] == "#1f4e79" and brand.colors["background"] == "#ffffff"
    assert brand.typography.base_family == "DejaVu Sans"
    assert brand.logo().path.name == "logo.svg" and brand.logo().alt == "reportkit"
    assert brand.template("report.html.j2") == BUILTIN / "default" / "report.html.j2"
    assert brand.settings.page.size == "A4" and brand.settings.cover == "plain"


def test_meridian_differs_visibly_from_default() -> None:
    default, meridian = load_brand("default"), load_brand("meridian")
    assert meridian.chain == (BUILTIN / "meridian", BUILTIN / "default")
    assert meridian.display_name == "Meridian Policy Institute"
    assert meridian.colors["primary"] != default.colors["primary"]
    assert meridian.typography.base_family == "PT Sans"
    assert meridian.typography.headings_family == "PT Serif"
    assert {f.path.name for font in meridian.fonts for f in font.files} >= {
        "PTS55F.ttf",
        "PTF75F.ttf",
    }
    assert all(f.path.is_file() for font in meridian.fonts for f in font.files)
    assert meridian.settings.page.size == "Letter" and meridian.settings.cover == "banner"
    assert meridian.settings.show.toc and not default.settings.show.toc
    assert meridian.settings.text("classification", "ru") == "ДЛЯ ВНУТРЕННЕГО ПОЛЬЗОВАНИЯ"
    assert meridian.settings.text("footer", "en-GB") == "meridian.example.org"
    # it inherits the default templates it does not override
    assert meridian.template("report.css") == BUILTIN / "default" / "report.css"
    assert (meridian.folder / "fonts" / "LICENSE-ParaType.txt").is_file()


def test_brand_labels_override_by_language() -> None:
    brand = load_brand("meridian")
    assert labels_for("en", brand.settings.labels)["key_facts"] == "At a glance"
    assert labels_for("ru", brand.settings.labels)["key_facts"] == "Коротко"
    assert labels_for("ru", brand.settings.labels)["sources"] == "Источники"
    assert labels_for("en", load_brand("default").settings.labels)["key_facts"] == "Key facts"


# -- extends ----------------------------------------------------------------------------------
def test_extends_overrides_one_file_and_inherits_the_rest(tmp_path: Path, search) -> None:
    make_brand(
        tmp_path / "brands",
        "acme",
        """\
        meta: {name: Acme}
        color: {primary: "#8a1538"}
        defaults:
          reportkit: {extends: default}
        """,
        **{"report.css": "body { color: red }"},
    )
    brand = load_brand("acme", search)
    assert brand.template("report.css") == tmp_path / "brands" / "acme" / "report.css"
    assert brand.template("report.html.j2") == BUILTIN / "default" / "report.html.j2"
    assert brand.logo().path == BUILTIN / "default" / "logo.svg"  # the parent's logo file
    assert brand.colors["primary"] == "#8a1538"
    assert brand.colors["background"] == "#ffffff"  # inherited
    assert brand.display_name == "Acme"


def test_a_brand_named_default_can_extend_the_builtin_default(tmp_path: Path) -> None:
    make_brand(
        tmp_path / "templates",
        "default",
        """\
        meta: {name: Local default}
        defaults: {reportkit: {extends: default}}
        """,
    )
    brand = load_brand("default", SearchPath.build(cwd=tmp_path))
    assert brand.display_name == "Local default"
    assert brand.chain == (tmp_path / "templates" / "default", BUILTIN / "default")


def test_brand_by_path(tmp_path: Path) -> None:
    folder = make_brand(tmp_path, "anywhere", "meta: {name: Path brand}\n")
    assert load_brand(folder).display_name == "Path brand"
    assert load_brand(folder / "_brand.yml").display_name == "Path brand"


# -- every validation error: one line, naming the file and the key ----------------------------
BAD_BRANDS = {
    "bad-yaml": ("meta:\n  name: a: b\n", ":2:", "invalid YAML: mapping values are not allowed"),
    "not-a-mapping": ("- just\n- a list\n", ":1:", "must be a mapping"),
    "unknown-key": (
        "meta: {name: X}\ncolor:\n  primary: '#000000'\n  bogus: red\n",
        ":4:",
        "color.bogus: unknown key",
    ),
    "unknown-top-key": ("colour: {primary: red}\n", ":1:", "colour: unknown key"),
    "bad-colour": (
        "color:\n  palette: {ink: '#12'}\n  foreground: ink\n",
        ":2:",
        "color.palette.ink: '#12' is not a colour",
    ),
    "bad-theme-colour": (
        "color:\n  primary: reddish\n",
        ":2:",
        "color.primary: 'reddish' is not a colour",
    ),
    "circular-palette": ("color:\n  palette: {a: b, b: a}\n  primary: a\n", ":2:", "circular"),
    "missing-logo": (
        "logo:\n  images: {m: {path: nothere.svg, alt: X}}\n  medium: m\n",
        ":3:",
        "logo.medium: logo file not found",
    ),
    "url-logo": ("logo:\n  medium: https://example.org/logo.png\n", ":2:", "is a URL"),
    "missing-font": (
        "typography:\n  fonts:\n    - family: Foo\n      source: file\n"
        "      files: [fonts/foo.ttf]\n",
        ":5:",
        "typography.fonts[0].files[0]: font file not found",
    ),
    "google-font": (
        "typography:\n  fonts:\n    - {family: Inter, source: google}\n",
        ":3:",
        "typography.fonts[0].source: source 'google'",
    ),
    "unknown-setting": (
        "defaults:\n  reportkit:\n    clasification: X\n",
        ":3:",
        "defaults.reportkit.clasification: unknown key",
    ),
    "bad-page-size": (
        "defaults:\n  reportkit:\n    page: {size: A9}\n",
        ":3:",
        "defaults.reportkit.page.size: 'A9'",
    ),
    "bad-cover": (
        "defaults:\n  reportkit:\n    cover: poster\n",
        ":3:",
        "defaults.reportkit.cover: 'poster'",
    ),
    "bad-date-format": (
        "defaults:\n  reportkit:\n    date_format: Longest\n",
        ":3:",
        "defaults.reportkit.date_format",
    ),
    "bad-label": (
        "defaults:\n  reportkit:\n    labels: {ru: {keyfacts: X}}\n",
        ":3:",
        "defaults.reportkit.labels.ru.keyfacts: unknown label",
    ),
    "bad-show": (
        "defaults:\n  reportkit:\n    show: {toc: maybe}\n",
        ":3:",
        "defaults.reportkit.show.toc: must be true or false",
    ),
    "missing-parent": (
        "defaults:\n  reportkit: {extends: nobrand}\n",
        ":2:",
        "brand 'nobrand' not found",
    ),
}


@pytest.mark.parametrize("name", BAD_BRANDS)
def test_validation_errors_are_one_line_with_file_and_key(
    name: str, tmp_path: Path, search
) -> None:
    yml, where, what = BAD_BRANDS[name]
    folder = make_brand(tmp_path / "brands", name, yml)
    with pytest.raises(BrandError) as caught:
        load_brand(name, search)
    message = str(caught.value)
    assert "\n" not in message
    assert str(folder / "_brand.yml") in message
    assert where in message, message
    assert what in message, message
    assert caught.value.exit_code == 2


MANY_PROBLEMS = """\
meta: {name: Many}
color:
  primary: reddish
logo:
  images: {m: {path: nothere.svg, alt: X}}
  medium: m
defaults:
  reportkit:
    clasification: X
    show: {toc: maybe}
    key_facts_max: 40
"""


def test_every_problem_of_a_brand_is_reported_in_one_run(tmp_path: Path, search) -> None:
    """A brand is fixed in one round: the error names the first problem and carries the
    others, each with its own line; ``brands check`` prints every one."""
    folder = make_brand(tmp_path / "brands", "many", MANY_PROBLEMS)
    with pytest.raises(BrandError) as caught:
        load_brand("many", search)
    file = str(folder / "_brand.yml")
    assert [p.alone for p in caught.value.problems] == [
        f"{file}:3: color.primary: 'reddish' is not a colour (use #rrggbb, a CSS colour "
        "name or a palette entry)",
        f"{file}:6: logo.medium: logo file not found: {folder / 'nothere.svg'}",
        f"{file}:9: defaults.reportkit.clasification: unknown key (known: extends, "
        "description, classification, footer, cover, page, date_format, show, "
        "key_facts_max, toc_min_entries, embed_fonts, labels)",
        f"{file}:10: defaults.reportkit.show.toc: must be true or false",
        f"{file}:11: defaults.reportkit.key_facts_max: must be a whole number from 1 to 12 "
        "(to hide the box: show: {key_facts: false})",
    ]
    message = str(caught.value)
    assert "\n" not in message
    assert message.endswith("(and 4 more: 'reportkit brands check' lists them)")
    result = CliRunner().invoke(
        main, ["brands", "check", str(folder)], env={"REPORTKIT_TEMPLATES": None}
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert [e.removeprefix("error: ") for e in errors] == [p.alone for p in caught.value.problems]


def test_circular_extends(tmp_path: Path, search) -> None:
    make_brand(tmp_path / "brands", "a", "defaults: {reportkit: {extends: b}}\n")
    make_brand(tmp_path / "brands", "b", "defaults: {reportkit: {extends: a}}\n")
    with pytest.raises(
        BrandError,
        match=r"_brand.yml:1: defaults.reportkit.extends: "
        r"circular extends a -> b -> a",
    ):
        load_brand("a", search)


def test_error_in_a_parent_names_the_parent_file(tmp_path: Path, search) -> None:
    make_brand(tmp_path / "brands", "parent", "color:\n  primary: notacolour\n")
    make_brand(tmp_path / "brands", "child", "defaults: {reportkit: {extends: parent}}\n")
    with pytest.raises(BrandError) as caught:
        load_brand("child", search)
    assert str(tmp_path / "brands" / "parent" / "_brand.yml") + ":2:" in str(caught.value)


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("../etc", "not a brand folder"),
        ("no-such-brand", "brand 'no-such-brand' not found"),
        ("bad name!", "is not valid"),
    ],
)
def test_brand_references(ref: str, message: str, search) -> None:
    with pytest.raises(BrandError, match=message):
        load_brand(ref, search)


# -- search path ------------------------------------------------------------------------------
def test_search_path_precedence(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    make_brand(first, "default", "meta: {name: From first}\n")
    make_brand(second, "default", "meta: {name: From second}\n")
    make_brand(second, "house", "meta: {name: House}\n")
    make_brand(tmp_path / "templates", "house", "meta: {name: Cwd house}\n")
    search = SearchPath.build([first, second], cwd=tmp_path)
    assert load_brand("default", search).display_name == "From first"
    assert load_brand("house", search).display_name == "House"
    without_flags = SearchPath.build(cwd=tmp_path)
    assert load_brand("house", without_flags).display_name == "Cwd house"
    assert load_brand("default", without_flags).display_name == "reportkit"  # built-in
    rows = [(r.name, r.shadowed) for r in list_brands(search)]
    assert rows[:2] == [("default", False), ("default", True)]
    assert ("meridian", False) in rows and ("house", True) in rows


# -- lint -------------------------------------------------------------------------------------
def test_contrast_ratio_matches_wcag_examples() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)


def test_lint_warns_about_contrast_and_missing_alt_text(tmp_path: Path, search) -> None:
    make_brand(
        tmp_path / "brands",
        "pale",
        """\
        logo: {images: {m: m.svg}, medium: m}
        color: {foreground: "#aaaaaa", background: "#ffffff"}
        """,
        **{"m.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>"},
    )
    brand, problems = check_brand("pale", search)
    assert brand is not None
    text = [str(p) for p in problems]
    assert any("color.foreground" in t and "2.32:1" in t for t in text), text
    assert any("logo.medium: no alt text" in t for t in text), text
    assert all(p.level == "warning" for p in problems)


def test_lint_problems_name_the_file_line_and_key_that_set_them(tmp_path: Path, search) -> None:
    """A warning points at the line to change, in the file of the chain that sets it."""
    parent = make_brand(
        tmp_path / "brands",
        "greyish",
        """\
        meta: {name: G}
        color:
          background: "#ffffff"
          foreground: "#999999"
        """,
    )
    make_brand(
        tmp_path / "brands",
        "child",
        """\
        meta: {name: C}
        typography:
          link:
            color: "#cccccc"
        defaults: {reportkit: {extends: greyish}}
        """,
    )
    brand, problems = check_brand("child", search, render=False)
    assert brand is not None
    where = {p.key: (p.path, p.line) for p in problems}
    assert where["color.foreground"] == (str(parent / "_brand.yml"), 4)  # the parent's line
    child = str(tmp_path / "brands" / "child" / "_brand.yml")
    assert where["typography.link.color"] == (child, 4)
    line = f"warning: {child}:4: typography.link.color: #cccccc (links) on background #ffffff"
    assert any(str(p).startswith(line) for p in problems), problems


def test_check_lints_what_loads_despite_errors_in_the_same_run(tmp_path: Path, search) -> None:
    """One round fixes a brand: a bad colour does not hide the contrast of another."""
    folder = make_brand(
        tmp_path / "brands",
        "mixed",
        """\
        meta: {name: M}
        color:
          primary: reddish
          foreground: "#bbbbbb"
        """,
    )
    brand, problems = check_brand("mixed", search)
    assert brand is None
    file = str(folder / "_brand.yml")
    assert [(p.level, p.path, p.line, p.key) for p in problems] == [
        ("error", file, 3, "color.primary"),
        ("warning", file, 4, "color.foreground"),
    ]
    result = CliRunner().invoke(main, ["brands", "check", str(folder)])
    assert result.exit_code == 1
    assert f"warning: {file}:4: color.foreground: #bbbbbb (body text)" in result.output


def test_check_renders_a_probe_so_a_brand_that_cannot_render_is_never_ok(
    tmp_path: Path, search
) -> None:
    """The brand loads (its YAML is fine); its template fails on the first report."""
    folder = make_brand(
        tmp_path / "brands",
        "broken-template",
        "meta: {name: B}\ndefaults: {reportkit: {extends: default}}\n",
        **{"report.html.j2": "<html>\n<p>\n{{ report.no_such_thing.x }}</p>\n"},
    )
    brand, problems = check_brand("broken-template", search)
    assert brand is not None  # it loads ...
    assert [str(p) for p in problems] == [  # ... and cannot render
        f"error: {folder / 'report.html.j2'}:3: cannot render html: template error: "
        "'reportkit.writers.context.Report object' has no attribute 'no_such_thing'"
    ]
    result = CliRunner().invoke(main, ["brands", "check", str(folder)])
    assert result.exit_code == 1 and "ok:" not in result.output
    _, lint_only = check_brand("broken-template", search, render=False)
    assert lint_only == []


def test_lint_finds_fonts_that_do_not_resolve(tmp_path: Path, search) -> None:
    pt_sans = BUILTIN / "meridian" / "fonts" / "PTS55F.ttf"
    make_brand(
        tmp_path / "brands",
        "fonty",
        """\
        typography:
          fonts:
            - family: Wrong Name
              source: file
              files: [f.ttf]
          base: {family: Wrong Name}
          headings: {family: No Such Family Anywhere}
        """,
        **{"f.ttf": pt_sans.read_bytes()},
    )
    _, problems = check_brand("fonty", search)
    text = [str(p) for p in problems if p.level == "error"]
    assert any("holds family 'PT Sans', not 'Wrong Name'" in t for t in text), text
    assert any("'No Such Family Anywhere' is not installed" in t for t in text), text


def test_lint_checks_a_brands_own_reference_docx(tmp_path: Path, search) -> None:
    import docx

    plain = tmp_path / "plain.docx"
    docx.Document().save(plain)  # python-docx's own template: no Hyperlink style
    assert "Hyperlink" in missing_docx_styles(plain)
    make_brand(
        tmp_path / "brands", "worddy", "meta: {name: W}\n", **{"reference.docx": plain.read_bytes()}
    )
    _, problems = check_brand("worddy", search)
    assert any("style 'Hyperlink' is missing" in str(p) and p.level == "error" for p in problems), (
        problems
    )
    make_brand(
        tmp_path / "brands", "broken", "meta: {name: B}\n", **{"reference.docx": b"not a zip"}
    )
    _, problems = check_brand("broken", search)
    assert any("not a Word document" in str(p) for p in problems)


# -- brands new -------------------------------------------------------------------------------
def test_new_brand_extends_its_source_and_says_only_what_differs(tmp_path: Path, search) -> None:
    target = new_brand("acme", source="meridian", into=tmp_path / "out", search=search)
    assert sorted(p.name for p in target.iterdir()) == ["_brand.yml"]
    text = (target / "_brand.yml").read_text("utf-8")
    assert "extends: meridian" in text and "# cover: banner" in text
    brand, problems = check_brand(target, search)
    assert brand is not None and problems == []
    assert brand.display_name == "acme" and brand.colors["primary"] == "#1f4e79"
    assert brand.settings.cover == "banner"  # meridian's, inherited
    assert brand.template("report.html.j2") is not None


def test_new_brand_copy_is_an_editable_copy(tmp_path: Path, search) -> None:
    target = new_brand("acme", source="meridian", into=tmp_path / "out", search=search, copy=True)
    assert (target / "logo.svg").is_file() and (target / "fonts" / "PTS55F.ttf").is_file()
    assert (target / "report.css").is_file()  # inherited template, copied to be edited
    text = (target / "_brand.yml").read_text("utf-8")
    assert "# Meridian Policy Institute: a fictional think tank" in text  # comments kept
    brand, problems = check_brand(target)
    assert brand is not None and brand.display_name == "acme" and problems == []
    with pytest.raises(BrandError, match="already exists"):
        new_brand("acme", source="default", into=tmp_path / "out", search=search)
    with pytest.raises(BrandError, match="not valid"):
        new_brand("../evil", into=tmp_path / "out", search=search)


# -- CLI --------------------------------------------------------------------------------------
def test_cli_brands_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("REPORTKIT_TEMPLATES", "REPORTKIT_CONFIG", "REPORTKIT_BRAND"):
        monkeypatch.delenv(name, raising=False)
    runner = CliRunner()
    listed = runner.invoke(main, ["brands", "list"])
    assert listed.exit_code == 0 and "meridian" in listed.output and "[built-in]" in listed.output

    shown = runner.invoke(main, ["brands", "show", "meridian"])
    assert shown.exit_code == 0 and "display_name: Meridian Policy Institute" in shown.output

    created = runner.invoke(main, ["brands", "new", "house", "--from", "default"])
    assert created.exit_code == 0, created.output
    assert (tmp_path / "templates" / "house" / "_brand.yml").is_file()
    assert runner.invoke(main, ["brands", "check", "house"]).exit_code == 0

    (tmp_path / "templates" / "house" / "_brand.yml").write_text("color: {primary: 12}\n")
    checked = runner.invoke(main, ["brands", "check", "house"])
    assert checked.exit_code == 1
    assert "color.primary" in checked.output and "Traceback" not in checked.output

    missing = runner.invoke(main, ["brands", "show", "nothere"])
    assert missing.exit_code == 2 and "brand 'nothere' not found" in missing.output


def test_cli_config_shows_where_each_setting_comes_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "reportkit.toml").write_text('brand = "meridian"\nlang = "ru"\n')
    monkeypatch.setenv("REPORTKIT_LANG", "en")
    monkeypatch.delenv("REPORTKIT_BRAND", raising=False)
    result = CliRunner().invoke(main, ["config", "--json", "-f", "pdf"])
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    assert data["settings"]["brand"] == "meridian"
    assert data["origin"]["brand"].startswith("config file")
    assert data["settings"]["lang"] == "en"
    assert data["origin"]["lang"] == "environment REPORTKIT_LANG"
    assert data["settings"]["formats"] == ["pdf"]
    assert data["origin"]["formats"] == "command line --format"


# -- packaging --------------------------------------------------------------------------------
def test_wheel_ships_the_builtin_brands(tmp_path: Path) -> None:
    """Build the wheel (offline: hatchling is a dev dependency) and import reportkit from
    its contents alone: the built-in brands must be found inside the package."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("reportkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "reportkit/templates/default/_brand.yml" in names
    assert "reportkit/templates/meridian/fonts/PTS55F.ttf" in names
    # typed for callers' type checkers; the licence travels with the package
    assert "reportkit/py.typed" in names
    from reportkit import __version__

    info = f"reportkit-{__version__}.dist-info"
    assert f"{info}/licenses/LICENSE" in names
    metadata = zipfile.ZipFile(wheel).read(f"{info}/METADATA").decode()
    assert "Classifier: Operating System :: POSIX" in metadata
    assert "Provides-Extra: dev" not in metadata  # tools are a dependency group, not an extra
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    shutil.rmtree(site / "reportkit" / "__pycache__", ignore_errors=True)
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]); "
        "from reportkit.brand import builtin_dir, load_brand; "
        "print(builtin_dir()); print(load_brand('meridian').template('report.css'))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(site)],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout.split()
    assert out[0] == str(site / "reportkit" / "templates")
    assert out[1] == str(site / "reportkit" / "templates" / "default" / "report.css")


def test_a_quarto_brand_file_as_it_comes_renders_every_format(tmp_path: Path) -> None:
    """A _brand.yml without defaults: reportkit: (Quarto's, as it is) finds the default
    brand's templates and reference document, but none of its settings: its own colour,
    no logo of the default's."""
    from reportkit import api

    folder = make_brand(tmp_path, "posit", 'meta: {name: Posit}\ncolor: {primary: "#447099"}\n')
    brand = load_brand(folder)
    assert brand.chain[-1] == (BUILTIN / "default").resolve()
    assert brand.logos == {} and brand.colors["primary"] == "#447099"
    brief = api.parse_file(ROOT / "examples" / "en_digest.txt")
    for fmt in ("pdf", "docx", "html"):
        assert api.render(brief, fmt, brand).data
    html = api.render(brief, "html", brand).data.decode()
    assert "#447099" in html
    result = CliRunner().invoke(
        main, ["brands", "check", str(folder)], env={"REPORTKIT_TEMPLATES": None}
    )
    assert result.exit_code == 0, result.output
