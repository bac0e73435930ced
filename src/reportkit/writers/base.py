"""What every writer shares: one options record in, one :class:`Output` out.

As pandoc's writers take ``WriterOptions`` and a document and return the output, each of
ours is ``render(report, options) -> Output``: HTML, PDF and DOCX are called the same
way, and a new format is one module that implements :class:`Writer` and one line in
:data:`reportkit.writers.WRITERS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from reportkit.model import Diagnostic

if TYPE_CHECKING:
    from reportkit.writers.context import Report


@dataclass(frozen=True)
class WriterOptions:
    """How to write a report, whatever the format; a writer ignores what is not its own."""

    #: HTML: embed the stylesheet and the logo, for a file read on its own (the PDF
    #: writer renders HTML with linked assets for WeasyPrint).
    standalone: bool = True
    #: PDF: a WeasyPrint variant ("pdf/a-3b", "pdf/ua-1"); None is tagged PDF 1.7.
    pdf_variant: str | None = None
    #: PDF: what the file identifier is made from (the same brief and brand, the same id).
    identifier: str = ""


@dataclass
class Output:
    """One rendered output: its bytes, what the writer warned about, its pages (PDF)."""

    format: str
    data: bytes
    warnings: list[Diagnostic] = field(default_factory=list)
    pages: int | None = None


class Writer(Protocol):
    """A format's writer, built once per brand and process and reused."""

    format: str

    def render(self, report: Report, options: WriterOptions) -> Output: ...
