"""What e-mail and PDF extraction wrap around a brief, as data: envelope labels,
forwarding marks, sign-offs, disclaimers and page furniture, in every language the
reader knows. Patterns are regular-expression fragments, matched case-insensitively
against a whole line (after white space is collapsed)."""

from __future__ import annotations

#: Envelope header labels, by the field of ``meta.email`` they fill (None: recognised
#: as envelope, not kept).
ENVELOPE: dict[str, str | None] = {
    "from": "from",
    "sent": "date",
    "date": "date",
    "to": None,
    "cc": None,
    "bcc": None,
    "reply-to": None,
    "subject": "subject",
    "importance": None,
    "attachments": None,
    # Russian (Outlook, Yandex, Mail.ru)
    "от": "from",
    "отправитель": "from",
    "отправлено": "date",
    "дата": "date",
    "кому": None,
    "копия": None,
    "скрытая копия": None,
    "тема": "subject",
    "вложения": None,
}
#: Labels that start an envelope: a run of header lines counts only with one of these.
ENVELOPE_ANCHORS = frozenset({"from", "subject", "от", "отправитель", "тема"})

#: Lines that mark a forwarded or quoted message; removed with the envelope they precede.
FORWARD_MARKS = (
    r"-{2,}\s*forwarded message\s*-{2,}",
    r"-{2,}\s*original message\s*-{2,}",
    r"begin forwarded message\s*:?",
    r"-{2,}\s*пересылаемое сообщение\s*-{2,}",
    r"-{2,}\s*исходное сообщение\s*-{2,}",
    r"-{2,}\s*перенаправленное сообщение\s*-{2,}",
    r"_{5,}",  # Outlook's rule above a quoted envelope
)
#: The attribution line of a reply above the quoted text.
QUOTE_INTRO = (
    r"on .{5,120} wrote\s*:",
    r".{5,120} (?:писал|написал|написала)\s*(?:\(а\))?\s*:",
)
#: Subject prefixes added by replying and forwarding.
SUBJECT_PREFIXES = r"(?:(?:re|fw|fwd|aw|wg|tr|пересл|отв|ответ)\s*(?:\[\d+\])?\s*:\s*)+"

#: Lines that close a message: what follows is a signature.
SIGN_OFFS = (
    r"(?:best|kind|warm|with best)?\s*regards,?",
    r"best(?: wishes)?,?",
    r"many thanks,?",
    r"thanks(?: and regards)?,?",
    r"thank you,?",
    r"cheers,?",
    r"sincerely(?: yours)?,?",
    r"yours(?: sincerely| faithfully)?,?",
    r"с уважением,?(?: .{1,60})?",
    r"с наилучшими пожеланиями,?",
    r"всего (?:доброго|хорошего),?",
    r"спасибо,?",
    r"заранее спасибо,?",
)
#: "-- " on a line of its own (RFC 3676), and what phones add.
SIGNATURE_MARKS = (r"--", r"sent from my \w+.*", r"отправлено с (?:iphone|android|мобильного).*")
#: The start of a confidentiality notice.
DISCLAIMERS = (
    r"(?:confidentiality|legal) notice\b.*",
    r"disclaimer\s*:.*",
    r"this (?:e-?mail|message|communication)(?: and any (?:files|attachments)[^.]*)?"
    r" (?:is|are|contains?|may contain) (?:strictly )?(?:confidential|privileged|intended).*",
    r"if you are not the intended recipient.*",
    r"the information (?:contained )?in this (?:e-?mail|message).*",
    r"(?:данное|это|настоящее) (?:сообщение|письмо|электронное письмо).{0,80}"
    r"(?:конфиденциальн|предназначен).*",
    r"если вы (?:не являетесь|получили это).*",
    r"конфиденциальн\w* информаци\w*\s*:.*",
)

#: Page numbers as PDF extraction leaves them on a line of their own.
PAGE_NUMBERS = (
    r"-\s*\d{1,4}\s*-",
    r"—\s*\d{1,4}\s*—",
    r"(?:page|p\.)\s*\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?",
    r"\d{1,4}\s*(?:of|/|из)\s*\d{1,4}",
    r"(?:страница|стр\.)\s*\d{1,4}(?:\s*(?:из|/)\s*\d{1,4})?",
    r"\[\s*\d{1,4}\s*\]",
)
