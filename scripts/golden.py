"""Fingerprints of every example rendered with every shipped brand in every format.

A refactoring must not change what users get. ``tests/test_golden.py`` renders the
examples again and compares them with ``tests/golden/outputs.json``, written by this
script. Run it (``python scripts/golden.py --write``) only when a change of the output
is intended, and say in the commit why the output changed.

Each DOCX member is fingerprinted on its own, so that a change of the reference
document's styles shows as ``word/styles.xml`` and not as "the DOCX changed". PDF bytes
also depend on the fonts and on WeasyPrint's and pydyf's versions: the file records them
(``environment``), and where they differ the test compares the PDFs' text instead.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import subprocess
import sys
import zipfile
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
GOLDEN = ROOT / "tests" / "golden" / "outputs.json"
BRANDS = ("default", "meridian")
FORMATS = ("json", "html", "docx", "pdf")
#: A fixed creation time: the same inputs give the same bytes.
CREATED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
#: What PDF bytes depend on besides reportkit's own code.
PDF_PACKAGES = ("weasyprint", "pydyf", "fonttools", "tinycss2", "cssselect2", "pyphen")


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def environment() -> dict[str, str]:
    """The versions and fonts the PDF bytes depend on."""
    found = {name: metadata.version(name) for name in PDF_PACKAGES}
    fonts = subprocess.run(
        ["fc-list", "--format", "%{file}\n"], capture_output=True, text=True, check=False
    ).stdout.split()
    found["fonts"] = sha("\n".join(sorted(fonts)).encode())
    return found


def pdf_text(data: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode("utf-8")


def render_all() -> dict[str, dict[str, str]]:
    """``{"example/brand/format": {part: sha256}}``; a PDF also has its text's sha."""
    from reportkit import api
    from reportkit.brand import load_brand

    out: dict[str, dict[str, str]] = {}
    brands = {name: load_brand(name) for name in BRANDS}
    for path in sorted(EXAMPLES.glob("*.txt")):
        brief = api.parse_file(path)
        for name, brand in brands.items():
            for fmt in FORMATS:
                data = api.render(brief, fmt, brand, created=CREATED).data
                key = f"{path.stem}/{name}/{fmt}"
                if fmt == "docx":
                    with zipfile.ZipFile(io.BytesIO(data)) as archive:
                        out[key] = {n: sha(archive.read(n)) for n in sorted(archive.namelist())}
                elif fmt == "pdf":
                    out[key] = {"bytes": sha(data), "text": sha(pdf_text(data).encode())}
                else:
                    out[key] = {"bytes": sha(data)}
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {GOLDEN}")
    args = parser.parse_args(argv)
    record = {"environment": environment(), "outputs": render_all()}
    text = json.dumps(record, indent=1, sort_keys=True) + "\n"
    if args.write:
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
        print(f"wrote {GOLDEN.relative_to(ROOT)}: {len(record['outputs'])} outputs")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
