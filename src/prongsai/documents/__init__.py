"""The writers: a composed report (`prongsai.core.compose`) typeset as PDF or DOCX."""

from __future__ import annotations

import re

from prongsai.core.compose import Report

# What neither XML (so DOCX) nor a UTF-8 file can hold: control characters other than tab and line ends, the
# non-characters U+FFFE and U+FFFF, and halves of surrogate pairs (JSON may carry one alone).
_UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# Of those, Word's vertical tab and form feed: the manual line and page breaks of text pasted from it.
_BREAKS = re.compile("[\x0b\x0c]")


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def printable(text: str) -> str:
    """The text as a document can hold it: breaks pasted from Word as line breaks, the unprintable dropped."""
    if _UNPRINTABLE.search(text) is None:
        return text
    return _UNPRINTABLE.sub("", _BREAKS.sub("\n", text))


def render_report(report: Report, fmt: str) -> bytes:
    """The report as `fmt` ("pdf" or "docx")."""
    if fmt == "pdf":
        from prongsai.documents.pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from prongsai.documents.docx import render_docx

        return render_docx(report)
    raise ValueError(f"unknown format {fmt!r}")
