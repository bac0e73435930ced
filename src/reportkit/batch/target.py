"""What ``-o`` means, with pandoc users' habits: the file's extension names the format.

- ``-o report.pdf``: one brief, as PDF (``-f`` may be left out; ``-f docx`` with it is an
  error, not a PDF named ``.docx``);
- ``-o -``: one brief, one format, on standard output (PDF when ``-f`` is not given);
- ``-o reports/`` or an existing folder: a folder (incremental, manifest, lock);
- ``-o reports`` without an extension: a folder when there is more than one output (several
  briefs or formats); for one brief in one format it is an error that names both forms,
  never a PDF file called ``reports``.
"""

from __future__ import annotations

import os
from pathlib import Path

from reportkit.errors import UsageError
from reportkit.formats import FORMATS

#: Output file extensions and the format each names (".htm" too, as browsers save it).
FORMAT_BY_SUFFIX = {suffix: fmt for fmt, suffix in FORMATS.items()} | {".htm": "html"}


def is_folder(output: str) -> bool:
    """``-o`` names a folder: it ends with a slash or is one already."""
    return output.endswith(("/", os.sep)) or Path(output).is_dir()


def resolve_output(
    output: str | None, given: tuple[str, ...], formats: tuple[str, ...], briefs: int
) -> tuple[str | None, tuple[str, ...]]:
    """The output (a folder gains its trailing slash) and the formats to write, from
    ``-o``, the formats given with ``-f`` (``given``), the formats the settings resolved
    (``formats``: ``given``, else the config's, else the defaults) and the briefs' count."""
    if output is None or is_folder(output):
        return output, formats
    if output == "-":
        wanted = given or ("pdf",)  # a stream has no name to say the format
        if len(wanted) != 1 or briefs != 1:
            raise UsageError("-o - writes one brief in one format to standard output")
        return output, wanted
    suffix = Path(output).suffix.lower()
    named = FORMAT_BY_SUFFIX.get(suffix)
    known = ", ".join(sorted(FORMAT_BY_SUFFIX))
    if suffix and named is None:
        raise UsageError(
            f"-o {output}: {suffix} is not a format reportkit writes ({known}); "
            f"a folder ends with a slash (-o {output}/)"
        )
    if named is not None:
        if given and set(given) != {named}:
            raise UsageError(
                f"-o {output} is a {suffix} file, but -f asks for {', '.join(given)}: "
                f"drop -f, or name the file {Path(output).with_suffix(FORMATS[given[0]])}"
            )
        if briefs != 1:
            raise UsageError(
                f"-o {output} is one file; {briefs} briefs need a folder (-o "
                f"{Path(output).with_suffix('')}/)"
            )
        return output, (named,)
    if briefs * len(formats) > 1:
        return output + "/", formats  # several outputs: a folder, as the user meant
    raise UsageError(
        f"-o {output}: a file needs an extension that names its format ({known}), "
        f"a folder a trailing slash (-o {output}/)"
    )


__all__ = ["FORMAT_BY_SUFFIX", "is_folder", "resolve_output"]
