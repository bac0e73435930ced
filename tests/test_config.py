"""Settings from flags, environment, config file and defaults, with their origins."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from reportkit.config import (
    ENV_NAMES,
    NAMES,
    Settings,
    Source,
    find_config_file,
    load_settings,
)
from reportkit.errors import EXIT_USAGE, UsageError


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load(cwd: Path, flags: dict[str, Any] | None = None, **env: str) -> Settings:
    """Settings as seen from ``cwd`` with exactly ``env`` (never the real environment)."""
    return load_settings(flags=flags, env=env, cwd=cwd)


def usage_error(cwd: Path, flags: dict[str, Any] | None = None, **env: str) -> UsageError:
    with pytest.raises(UsageError) as caught:
        load(cwd, flags, **env)
    error = caught.value
    assert error.exit_code == EXIT_USAGE
    assert "\n" not in str(error)
    return error


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project root whose (empty) reportkit.toml stops the search from leaving tmp_path."""
    root = tmp_path.resolve()
    write(root / "reportkit.toml", "")
    return root


# ------------------------------------------------------------------------------ discovery


def test_discovery_walks_up_from_nested_directories(root: Path) -> None:
    config = write(root / "proj" / "reportkit.toml", 'brand = "acme"\n')
    deep = root / "proj" / "a" / "b" / "c"
    deep.mkdir(parents=True)
    settings = load(deep)
    assert settings.config_file == config
    assert settings.brand == "acme"
    assert settings.origin["brand"] == f"config file {config}"
    assert settings.origin["config_file"] == f"found searching upwards from {deep}"
    assert find_config_file(deep) == config


def test_nearest_config_file_wins(root: Path) -> None:
    write(root / "reportkit.toml", 'brand = "outer"\n')
    inner = write(root / "inner" / "reportkit.toml", 'brand = "inner"\n')
    settings = load(root / "inner")
    assert (settings.brand, settings.config_file) == ("inner", inner)


def test_reportkit_toml_preferred_over_pyproject_in_same_directory(root: Path) -> None:
    project = root / "proj"
    write(project / "pyproject.toml", '[tool.reportkit]\nbrand = "from-pyproject"\n')
    own = write(project / "reportkit.toml", 'brand = "from-reportkit"\n')
    settings = load(project)
    assert (settings.brand, settings.config_file) == ("from-reportkit", own)


def test_pyproject_with_tool_reportkit_is_used(root: Path) -> None:
    pyproject = write(
        root / "proj" / "pyproject.toml",
        '[project]\nname = "x"\n\n[tool.reportkit]\nbrand = "acme"\njobs = 3\n',
    )
    settings = load(root / "proj")
    assert settings.config_file == pyproject
    assert (settings.brand, settings.jobs) == ("acme", 3)
    assert settings.origin["jobs"] == f"config file {pyproject}"


def test_pyproject_without_tool_reportkit_is_skipped(root: Path) -> None:
    outer = write(root / "reportkit.toml", 'brand = "outer"\n')
    write(root / "proj" / "pyproject.toml", '[project]\nname = "x"\n[tool.other]\na = 1\n')
    settings = load(root / "proj")
    assert (settings.brand, settings.config_file) == ("outer", outer)


def test_broken_pyproject_on_the_way_up_is_reported(root: Path) -> None:
    broken = write(root / "proj" / "pyproject.toml", "[project\n")
    error = usage_error(root / "proj")
    assert str(error).startswith(f"{broken}:1: invalid TOML: ")


def test_no_config_file_anywhere_gives_defaults(tmp_path: Path) -> None:
    start = tmp_path.resolve()
    if find_config_file(start) is not None:
        pytest.skip("a config file above tmp_path would be found")
    settings = load(start)
    assert settings.config_file is None
    assert settings == Settings(output_dir=start / "out")
    assert all(settings.origin[name] == "default" for name in NAMES)
    assert "no reportkit.toml" in settings.origin["config_file"]


def test_explicit_config_path_replaces_search(root: Path) -> None:
    write(root / "proj" / "reportkit.toml", 'brand = "nearby"\n')
    chosen = write(root / "elsewhere" / "ci.toml", 'brand = "chosen"\n')
    settings = load_settings(env={}, cwd=root / "proj", config_path=Path("../elsewhere/ci.toml"))
    assert settings.brand == "chosen"
    assert settings.config_file == root / "proj" / ".." / "elsewhere" / "ci.toml"
    assert settings.config_file.resolve() == chosen
    assert settings.origin["config_file"] == "command line --config"


def test_explicit_pyproject_uses_its_tool_table(root: Path) -> None:
    pyproject = write(root / "x" / "pyproject.toml", '[tool.reportkit]\nbrand = "acme"\n')
    settings = load_settings(env={}, cwd=root, config_path=pyproject)
    assert settings.brand == "acme"


def test_explicit_pyproject_without_table_is_an_error(root: Path) -> None:
    pyproject = write(root / "x" / "pyproject.toml", '[project]\nname = "x"\n')
    with pytest.raises(UsageError, match=r"no \[tool.reportkit\] table") as caught:
        load_settings(env={}, cwd=root, config_path=pyproject)
    assert str(caught.value).startswith(f"{pyproject}: ")


def test_missing_explicit_config_path_is_an_error(root: Path) -> None:
    with pytest.raises(UsageError) as caught:
        load_settings(env={}, cwd=root, config_path=Path("nope.toml"))
    assert caught.value.exit_code == EXIT_USAGE
    assert (
        str(caught.value)
        == f"{root / 'nope.toml'}: config file not found (named by command line --config)"
    )


def test_explicit_config_path_that_is_a_directory_is_an_error(root: Path) -> None:
    with pytest.raises(UsageError, match="is a directory"):
        load_settings(env={}, cwd=root, config_path=root)


def test_reportkit_config_env_names_the_file(root: Path) -> None:
    write(root / "proj" / "reportkit.toml", 'brand = "nearby"\n')
    chosen = write(root / "conf" / "shared.toml", 'brand = "shared"\n')
    settings = load(root / "proj", REPORTKIT_CONFIG=str(chosen))
    assert (settings.brand, settings.config_file) == ("shared", chosen)
    assert settings.origin["config_file"] == "environment REPORTKIT_CONFIG"
    assert settings.origin["brand"] == f"config file {chosen}"


def test_config_flag_beats_reportkit_config_env(root: Path) -> None:
    from_env = write(root / "env.toml", 'brand = "env"\n')
    from_flag = write(root / "flag.toml", 'brand = "flag"\n')
    settings = load_settings(
        env={"REPORTKIT_CONFIG": str(from_env)}, cwd=root, config_path=from_flag
    )
    assert settings.brand == "flag"


def test_missing_reportkit_config_file_names_variable_and_file(root: Path) -> None:
    error = usage_error(root, REPORTKIT_CONFIG="missing.toml")
    assert error.path == str(root / "missing.toml")
    assert "REPORTKIT_CONFIG" in str(error)
    assert "not found" in str(error)


def test_empty_reportkit_config_means_search(root: Path) -> None:
    settings = load(root, REPORTKIT_CONFIG="  ")
    assert settings.config_file == root / "reportkit.toml"


# ----------------------------------------------------------------------------- precedence


@pytest.mark.parametrize(
    ("flag", "env", "in_file", "expected", "origin"),
    [
        ("flag", "env", "file", "flag", "command line --brand"),
        (None, "env", "file", "env", "environment REPORTKIT_BRAND"),
        (None, None, "file", "file", "config file {config}"),
        (None, None, None, "default", "default"),
    ],
)
def test_brand_precedence(
    root: Path,
    flag: str | None,
    env: str | None,
    in_file: str | None,
    expected: str,
    origin: str,
) -> None:
    config = write(root / "reportkit.toml", f'brand = "{in_file}"\n' if in_file else "")
    environment = {"REPORTKIT_BRAND": env} if env else {}
    settings = load(root, {"brand": flag}, **environment)
    assert settings.brand == expected
    assert settings.origin["brand"] == origin.format(config=config)


def test_each_setting_from_the_environment(root: Path) -> None:
    env = {
        "REPORTKIT_BRAND": "acme",
        "REPORTKIT_FORMATS": "html",
        "REPORTKIT_OUTPUT_DIR": "build",
        "REPORTKIT_LANG": "de",
        "REPORTKIT_TEMPLATES": "tpl",
        "REPORTKIT_TOC": "no",
        "REPORTKIT_JOBS": "8",
        "REPORTKIT_PDF_VARIANT": "pdf/a-3b",
        "REPORTKIT_MAX_BYTES": "1000",
        "REPORTKIT_EXECUTOR": "Dask",
        "REPORTKIT_DASK_SCHEDULER": "tcp://10.0.0.1:8786",
    }
    settings = load(root, **env)
    assert settings.to_dict() == {
        "brand": "acme",
        "formats": ["html"],
        "output_dir": str(root / "build"),
        "lang": "de",
        "templates": [str(root / "tpl")],
        "toc": False,
        "jobs": 8,
        "pdf_variant": "pdf/a-3b",
        "max_bytes": 1000,
        "executor": "dask",
        "scheduler": "tcp://10.0.0.1:8786",
        "config_file": str(root / "reportkit.toml"),
    }
    for name in NAMES:
        assert settings.origin[name] == f"environment {ENV_NAMES[name]}"
        assert settings.source[name] is Source.ENVIRONMENT
    assert ENV_NAMES["scheduler"] == "REPORTKIT_DASK_SCHEDULER"


def test_an_unknown_executor_is_a_usage_error_naming_its_source(root: Path) -> None:
    with pytest.raises(UsageError, match="REPORTKIT_EXECUTOR: unknown executor 'ray'"):
        load(root, REPORTKIT_EXECUTOR="ray")
    write(root / "reportkit.toml", 'executor = "ray"\n')
    with pytest.raises(UsageError, match=r"'executor' in reportkit\.toml: unknown executor"):
        load(root)


def test_the_configured_output_folder_is_used_only_when_set(root: Path) -> None:
    assert load(root).configured_output_dir is None
    assert load(root, REPORTKIT_OUTPUT_DIR="build").configured_output_dir == root / "build"


def test_each_setting_from_flags(root: Path) -> None:
    flags = {
        "brand": "acme",
        "formats": ("json", "pdf"),
        "output_dir": "build",
        "lang": "fr",
        "templates": [Path("a"), "b"],
        "toc": True,
        "jobs": 2,
        "pdf_variant": "pdf/ua-1",
        "max_bytes": 5,
    }
    settings = load(root, flags, REPORTKIT_TOC="false", REPORTKIT_JOBS="9")
    assert settings.formats == ["json", "pdf"]
    assert settings.output_dir == root / "build"
    assert settings.templates == [root / "a", root / "b"]
    assert (settings.toc, settings.jobs, settings.max_bytes) == (True, 2, 5)
    assert settings.origin["output_dir"] == "command line --output-dir"
    assert settings.origin["toc"] == "command line --toc"


def test_false_flag_is_a_value_but_none_and_empty_lists_are_not_given(root: Path) -> None:
    settings = load(
        root,
        {"toc": False, "brand": None, "formats": (), "templates": []},
        REPORTKIT_TOC="yes",
        REPORTKIT_FORMATS="html",
    )
    assert settings.toc is False
    assert settings.brand == "default"
    assert settings.formats == ["html"]
    assert settings.origin["templates"] == "default"


def test_unknown_flag_name_is_a_programming_error(root: Path) -> None:
    with pytest.raises(TypeError, match="brnad"):
        load(root, {"brnad": "x"})


def test_formats_from_env_comma_list(root: Path) -> None:
    settings = load(root, REPORTKIT_FORMATS=" html , PDF,,json,html ")
    assert settings.formats == ["html", "pdf", "json"]
    assert settings.origin["formats"] == "environment REPORTKIT_FORMATS"


def test_formats_flag_may_repeat_and_use_commas(root: Path) -> None:
    settings = load(root, {"formats": ["pdf,html", "json"]})
    assert settings.formats == ["pdf", "html", "json"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("true", True), ("YES", True), ("1", True), ("false", False), ("No", False), ("0", False)],
)
def test_toc_from_env(root: Path, text: str, expected: bool) -> None:
    assert load(root, REPORTKIT_TOC=text).toc is expected


def test_blank_env_values_count_as_unset(root: Path) -> None:
    settings = load(root, REPORTKIT_BRAND="", REPORTKIT_JOBS="  ", REPORTKIT_TEMPLATES="")
    assert (settings.brand, settings.jobs, settings.templates) == ("default", None, [])


# ------------------------------------------------------------------------ paths, templates


def test_templates_combine_flags_then_env_then_file(root: Path) -> None:
    project = root / "proj"
    config = write(project / "reportkit.toml", 'templates = ["brands", "/abs/shared"]\n')
    cwd = project / "sub"
    cwd.mkdir()
    env_value = os.pathsep.join(["env1", "/abs/env2"])
    settings = load(
        cwd, {"templates": ["flag1", Path("/abs/flag2")]}, REPORTKIT_TEMPLATES=env_value
    )
    assert settings.templates == [
        cwd / "flag1",
        Path("/abs/flag2"),
        cwd / "env1",
        Path("/abs/env2"),
        project / "brands",  # relative to the config file, not the cwd
        Path("/abs/shared"),
    ]
    assert settings.origin["templates"] == (
        f"command line --templates, then environment REPORTKIT_TEMPLATES, then config file {config}"
    )


def test_templates_origin_lists_only_contributing_sources(root: Path) -> None:
    config = write(root / "reportkit.toml", 'templates = ["t"]\n')
    settings = load(root, {"templates": []})
    assert settings.templates == [root / "t"]
    assert settings.origin["templates"] == f"config file {config}"


def test_repeated_template_directory_is_listed_once(root: Path) -> None:
    write(root / "reportkit.toml", 'templates = ["t"]\n')
    settings = load(root, {"templates": ["t"]})
    assert settings.templates == [root / "t"]


def test_output_dir_relative_to_config_file_directory(root: Path) -> None:
    project = root / "proj"
    write(project / "reportkit.toml", 'output_dir = "build/reports"\n')
    cwd = project / "docs" / "q3"
    cwd.mkdir(parents=True)
    assert load(cwd).output_dir == project / "build" / "reports"


def test_output_dir_from_env_and_default_relative_to_cwd(root: Path) -> None:
    cwd = root / "work"
    cwd.mkdir()
    assert load(cwd, REPORTKIT_OUTPUT_DIR="build").output_dir == cwd / "build"
    assert load(cwd).output_dir == cwd / "out"


# ------------------------------------------------------------------------------ rendering


def test_as_rows_order_and_rendering(root: Path) -> None:
    config = write(root / "reportkit.toml", 'formats = ["pdf", "html"]\ntoc = false\n')
    settings = load(root, {"brand": "acme"})
    rows = settings.as_rows()
    assert [key for key, _, _ in rows] == [*NAMES, "config_file"]
    by_key = {key: (value, origin) for key, value, origin in rows}
    assert by_key["brand"] == ("acme", "command line --brand")
    assert by_key["formats"] == ("pdf, html", f"config file {config}")
    assert by_key["toc"] == ("false", f"config file {config}")
    assert by_key["templates"] == ("(none)", "default")
    assert by_key["jobs"] == ("(not set)", "default")
    assert by_key["max_bytes"] == ("10485760 (10 MiB)", "default")
    assert by_key["config_file"][0] == str(config)


def test_to_dict_is_json_friendly(root: Path) -> None:
    settings = load(root, {"templates": ["t"]})
    data = json.loads(json.dumps(settings.to_dict()))
    assert data["templates"] == [str(root / "t")]
    assert data["output_dir"] is None  # none configured: next to each brief, as a run does
    assert data["toc"] is None
    configured = load(root, {"output_dir": "reports"})
    assert configured.to_dict()["output_dir"] == str(root / "reports")


def test_sizes_read_the_same_from_flag_environment_and_file(root: Path) -> None:
    """--max-bytes 10MiB works, so REPORTKIT_MAX_BYTES=10MiB and max_bytes = "10MiB" do."""
    assert load(root, REPORTKIT_MAX_BYTES="500k").max_bytes == 500_000
    (root / "reportkit.toml").write_text('max_bytes = "10MiB"\n', "utf-8")
    assert load(root).max_bytes == 10 * 1024 * 1024
    (root / "reportkit.toml").write_text("max_bytes = 4096\n", "utf-8")
    assert load(root).max_bytes == 4096
    error = usage_error(root, REPORTKIT_MAX_BYTES="5 parsecs")
    assert "'5 parsecs' is not a size" in str(error)
