"""Seeds turned into the files offices really send: a Word document and a PDF, built here from the seed text.

This is test scaffolding, independent of the readers under test: it lays the seed out the simplest way (tab
lines are table rows, other lines paragraphs, <p>/<li> pieces are a cell's paragraphs) and writes it with
python-docx and with Typst (Laksaman, the TH SarabunPSK design, from Debian's fonts-tlwg-laksaman-ttf).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

FONT_DIRECTORY = Path("/usr/share/fonts/truetype/tlwg")
_PIECES = re.compile(r"</?(?:p|ul|ol|li)\b[^>]*>")

Part = tuple[str, list[str]] | tuple[str, list[list[list[str]]]]


def seed_parts(text: str) -> list[tuple[str, object]]:
    """[("paragraph", [lines]), ("table", [[cell pieces, …], …]), …] in reading order."""
    parts: list[tuple[str, object]] = []
    lines: list[str] = []
    rows: list[list[list[str]]] = []

    def flush() -> None:
        if lines:
            parts.append(("paragraph", list(lines)))
            lines.clear()
        if rows:
            parts.append(("table", list(rows)))
            rows.clear()

    for line in text.splitlines():
        if "\t" in line:
            if lines:
                flush()
            rows.append([[p.strip() for p in _PIECES.split(cell) if p.strip()] for cell in line.split("\t")])
        elif not line.strip():
            flush()
        else:
            if rows:
                flush()
            lines.append(line.strip())
    flush()
    return parts


def to_docx(text: str) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for kind, content in seed_parts(text):
        if kind == "paragraph":
            paragraph = document.add_paragraph()
            for index, line in enumerate(content):  # type: ignore[arg-type]
                run = paragraph.add_run(line)
                if index < len(content) - 1:  # type: ignore[arg-type]
                    run.add_break()
            continue
        rows: list[list[list[str]]] = content  # type: ignore[assignment]
        width = max(len(r) for r in rows)
        table = document.add_table(rows=len(rows), cols=width)
        table.style = "Table Grid"
        for row, cells in zip(table.rows, rows, strict=True):
            for cell, pieces in zip(row.cells, cells, strict=False):
                if pieces:
                    cell.paragraphs[0].text = pieces[0]
                    for piece in pieces[1:]:
                        cell.add_paragraph(piece)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _typst_string(text: str) -> str:
    return '#"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def to_typst(text: str) -> str:
    out = [
        '#set page(paper: "a4", flipped: true, margin: 1.5cm)',
        '#set text(font: "Laksaman", size: 11pt, lang: "th")',
        "#set par(spacing: 1.4em, leading: 0.6em)",
        "#set table.cell(breakable: false)",
    ]
    for kind, content in seed_parts(text):
        if kind == "paragraph":
            out.append(" \\ ".join(_typst_string(line) for line in content) + "\n")  # type: ignore[union-attr]
            continue
        rows: list[list[list[str]]] = content  # type: ignore[assignment]
        width = max(len(r) for r in rows)
        cells = []
        for row in rows:
            padded = row + [[]] * (width - len(row))
            cells += ["[" + " \\ ".join(_typst_string(p) for p in pieces) + "]" for pieces in padded]
        out.append(f"#table(columns: {width}, stroke: 0.5pt, inset: 4pt,\n  " + ",\n  ".join(cells) + ")\n")
    return "\n".join(out)


def to_pdf(text: str) -> bytes:
    import typst

    pdf: bytes = typst.compile(to_typst(text).encode("utf-8"), font_paths=[str(FONT_DIRECTORY)])
    return pdf
