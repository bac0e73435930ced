"""The output formats and their file extensions: a module of its own so that the batch
runner and the settings can name them without importing the model or the writers."""

from __future__ import annotations

#: Output formats and their file extensions, in the order they are listed to users.
FORMATS: dict[str, str] = {"pdf": ".pdf", "docx": ".docx", "html": ".html", "json": ".json"}
