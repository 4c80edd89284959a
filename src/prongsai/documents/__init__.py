"""The writers: a composed report (`prongsai.core.compose`) typeset as PDF or DOCX."""

from __future__ import annotations

from prongsai.core.compose import Report

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def render_report(report: Report, fmt: str) -> bytes:
    """The report as `fmt` ("pdf" or "docx")."""
    if fmt == "pdf":
        from prongsai.documents.pdf import render_pdf

        return render_pdf(report)
    if fmt == "docx":
        from prongsai.documents.docx import render_docx

        return render_docx(report)
    raise ValueError(f"unknown format {fmt!r}")
