"""Write constraints.txt: the exact versions of reportkit's runtime dependencies (and of
the watch and dask extras) installed here, where the test suite passed.

pyproject.toml states lower bounds only, so new releases reach users; a deployment that
wants the tested set pins it: `pip install ./ -c constraints.txt`. Run after `make test`:

    .venv/bin/python scripts/constraints.py
"""

from __future__ import annotations

import sys
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

EXTRAS = ("watch", "dask")


def closure(name: str, extras: tuple[str, ...] = ()) -> dict[str, str]:
    """``{distribution: version}`` of ``name`` and everything it requires, here."""
    found: dict[str, str] = {}
    pending = [(name, extras)]
    while pending:
        current, wanted = pending.pop()
        dist = metadata.distribution(current)
        key = canonicalize_name(dist.metadata["Name"])
        if key in found and not wanted:
            continue
        found[key] = dist.version
        for text in dist.requires or []:
            requirement = Requirement(text)
            for extra in ("", *wanted):
                environment = {**default_environment(), "extra": extra}
                if requirement.marker is None or requirement.marker.evaluate(environment):
                    pending.append((requirement.name, tuple(requirement.extras)))
                    break
    found.pop("reportkit", None)
    return found


def main(target: Path) -> int:
    pins = closure("reportkit", EXTRAS)
    lines = [f"{name}=={version}" for name, version in sorted(pins.items())]
    header = "# Exact versions the test suite passed with (scripts/constraints.py).\n"
    target.write_text(header + "\n".join(lines) + "\n", "utf-8")
    print(f"{target}: {len(lines)} pins")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("constraints.txt")))
