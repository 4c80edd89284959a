"""Seeds turned into the files offices really send: a Word document and a PDF, built here from the seed text.

This is test scaffolding, independent of the readers under test: it lays the seed out the simplest way (tab
lines are table rows, other lines paragraphs, <p>/<li> pieces are a cell's paragraphs) and writes it with
python-docx and with Typst (Laksaman, the TH SarabunPSK design, from Debian's fonts-tlwg-laksaman-ttf). The PDFs
offices make come from the programs they use: the Word document saved as PDF by LibreOffice, and the page as a
web page printed to PDF by Chromium, each font substituted by fontconfig as on any office PC.
"""

from __future__ import annotations

import html
import io
import re
import shutil
import subprocess
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


def to_docx(text: str, *, rows_whole: bool = False) -> bytes:
    """The seed as Word writes it; with `rows_whole`, no row may break across pages (Word's "allow row to break
    across pages" off), so a PDF of it keeps each row on one page."""
    from docx import Document
    from docx.oxml import OxmlElement
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
            if rows_whole:
                row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
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


def to_html(text: str) -> str:
    """The seed as a web page: the usual Thai office font (TH SarabunPSK, which fontconfig substitutes), tables
    ruled like a report's, A4 landscape with rows kept on one page, as a report's print style asks."""
    out = [
        '<!doctype html><html lang="th"><head><meta charset="utf-8"><style>',
        "@page { size: A4 landscape; margin: 1.5cm }",
        'body { font-family: "TH SarabunPSK", sans-serif; font-size: 16pt }',
        "table { border-collapse: collapse; margin: 0.5em 0 } tr { break-inside: avoid }",
        "td { border: 1px solid #000; vertical-align: top; padding: 2px 4px }",
        "</style></head><body>",
    ]
    for kind, content in seed_parts(text):
        if kind == "paragraph":
            out.append("<p>" + "<br>".join(html.escape(line) for line in content) + "</p>")  # type: ignore[union-attr]
            continue
        out.append("<table>")
        for row in content:  # type: ignore[union-attr]
            cells = "".join("<td>" + "<br>".join(html.escape(p) for p in pieces) + "</td>" for pieces in row)
            out.append(f"<tr>{cells}</tr>")
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
CHROMIUM = shutil.which("chromium")


def libreoffice_pdfs(documents: dict[str, bytes], directory: Path) -> dict[str, bytes]:
    """Each DOCX saved as PDF by LibreOffice, all in one run (a run costs seconds), with a profile of its own."""
    assert OFFICE is not None
    for name, data in documents.items():
        (directory / f"{name}.docx").write_bytes(data)
    subprocess.run(
        [
            OFFICE,
            f"-env:UserInstallation=file://{directory / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(directory),
            *(str(directory / f"{name}.docx") for name in documents),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: (directory / f"{name}.pdf").read_bytes() for name in documents}


def chromium_pdf(page: str, directory: Path, name: str) -> bytes:
    """The page printed to PDF by headless Chromium (A4, no header or footer)."""
    assert CHROMIUM is not None
    source, target = directory / f"{name}.html", directory / f"{name}.pdf"
    source.write_text(page, encoding="utf-8")
    subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-pdf-header-footer",
            f"--user-data-dir={directory / 'chromium'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return target.read_bytes()
