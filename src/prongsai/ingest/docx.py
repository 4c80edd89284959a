"""DOCX: paragraphs and tables in document order, with merged cells read once."""

from __future__ import annotations

import io

from prongsai.core.errors import ReadError
from prongsai.ingest.blocks import Block, Paragraph, Table

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: object) -> str:
    """The text of a paragraph or cell element, paragraphs one to a line, line breaks kept."""
    lines = []
    for paragraph in element.iter(f"{W}p"):  # type: ignore[attr-defined]
        parts = []
        for node in paragraph.iter(f"{W}t", f"{W}br", f"{W}tab", f"{W}cr"):
            if node.tag == f"{W}t":
                parts.append(node.text or "")
            else:
                parts.append("\n" if node.tag in (f"{W}br", f"{W}cr") else " ")
        lines.append("".join(parts))
    return "\n".join(lines)


def _row_cells(row: object) -> list[str]:
    """A row's cells by grid column: a cell spanning columns gives its text once, then empty cells; a cell that
    continues a vertical merge is empty (its text belongs to the row above)."""
    cells: list[str] = []
    for cell in row.findall(f"{W}tc"):  # type: ignore[attr-defined]
        properties = cell.find(f"{W}tcPr")
        span, continued = 1, False
        if properties is not None:
            grid_span = properties.find(f"{W}gridSpan")
            if grid_span is not None:
                span = int(grid_span.get(f"{W}val", "1"))
            merge = properties.find(f"{W}vMerge")
            continued = merge is not None and merge.get(f"{W}val", "continue") == "continue"
        cells.append("" if continued else _text(cell))
        cells.extend([""] * (span - 1))
    return cells


def docx_blocks(data: bytes, name: str) -> list[Block]:
    from docx import Document as open_docx

    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - every parser failure on untrusted input means a bad file
        raise ReadError(
            f"เปิดไฟล์ Word {name} ไม่ได้ (ไฟล์เสียหรือไม่ใช่ .docx)",
            f"cannot open the Word file {name} ({type(exc).__name__})",
        ) from None
    blocks: list[Block] = []
    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            paragraphs += 1
            text = _text(element)
            if text.strip():
                blocks.append(Paragraph(text, f"paragraph {paragraphs}"))
        elif element.tag == f"{W}tbl":
            tables += 1
            rows = [_row_cells(row) for row in element.findall(f"{W}tr")]
            origins = [f"table {tables}, row {n}" for n in range(1, len(rows) + 1)]
            blocks.append(Table(rows, f"table {tables}", origins))
    return blocks
