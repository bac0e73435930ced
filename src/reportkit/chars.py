"""Characters XML 1.0 cannot hold, in one place.

python-docx raises on them and lxml refuses them, so no text may reach a DOCX or an
HTML/PDF with them: the reader removes them from briefs (after turning form feeds and
vertical tabs into breaks), the DOCX writer from anything else (labels, brand texts).
"""

from __future__ import annotations

import re

#: C0 controls but tab, newline and carriage return; lone surrogates; two non-characters.
XML_INVALID_CHARS = "\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff"
XML_INVALID = re.compile(f"[{XML_INVALID_CHARS}]")
