"""Write a WOFF2 copy next to each TrueType/OpenType font file of a brand.

Standalone HTML carries a brand's fonts as data: URIs (when the brand's ``embed_fonts``
says their licences allow it) and takes the WOFF2 sibling of a file when there is one: a
third of the size. Compressing is slow (about a second a face), so it is done once, here,
and the result ships with the brand:

    .venv/bin/python scripts/woff2.py templates/meridian
"""

from __future__ import annotations

import sys
from pathlib import Path

from fontTools.ttLib import TTFont


def main(folder: Path) -> int:
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() in (".ttf", ".otf"))
    if not files:
        print(f"{folder}: no .ttf or .otf files", file=sys.stderr)
        return 1
    for path in files:
        font = TTFont(path)
        font.flavor = "woff2"
        target = path.with_suffix(".woff2")
        font.save(target)
        print(f"{target}: {path.stat().st_size} -> {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("templates/meridian")))
