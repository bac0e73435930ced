"""The architecture's rules that import-linter (``make lint``) does not express.

The layers and the writers/reader rule are contracts in ``pyproject.toml``; here: nothing
in the package imports a name from the package's ``__init__`` (whose lazy re-exports
would pull the API into the lowest layers), only its modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "reportkit"


def init_imports(package: Path) -> list[str]:
    """Every ``from reportkit import <not a module>`` and ``import reportkit`` below
    ``package`` (its own ``__init__`` aside)."""
    modules = {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").exists()
    }
    offenders = []
    for path in sorted(package.rglob("*.py")):
        if path == package / "__init__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "reportkit":
                offenders += [
                    f"{path.relative_to(package)}:{node.lineno}: {a.name}"
                    for a in node.names
                    if a.name not in modules
                ]
            elif isinstance(node, ast.Import):
                offenders += [
                    f"{path.relative_to(package)}:{node.lineno}: import reportkit"
                    for a in node.names
                    if a.name == "reportkit"
                ]
    return offenders


def test_no_module_imports_a_name_from_the_package_init() -> None:
    assert init_imports(PACKAGE) == []


def test_the_scan_finds_what_it_guards(tmp_path: Path) -> None:
    (tmp_path / "__init__.py").write_text("__version__ = '1'\n")
    (tmp_path / "api.py").write_text("")
    (tmp_path / "low.py").write_text(
        "from reportkit import api\nfrom reportkit import __version__\n"
    )
    (tmp_path / "other.py").write_text("def f():\n    import reportkit\n")
    assert init_imports(tmp_path) == [
        "low.py:2: __version__",
        "other.py:2: import reportkit",
    ]
