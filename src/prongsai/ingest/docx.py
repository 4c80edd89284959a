"""DOCX: paragraphs and tables in document order, with merged cells read once."""

from __future__ import annotations

import io

from prongsai.core.errors import ReadError
from prongsai.ingest.blocks import Block, Paragraph, Table
from prongsai.ingest.containers import check_zip
from prongsai.ingest.limits import MAX_COLUMNS, Budget

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _text(element: object, budget: Budget) -> str:
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
    return budget.text("\n".join(lines))


def _span(value: str | None, budget: Budget, where: tuple[str, str]) -> int:
    """The columns a cell spans, from its gridSpan: a whole number from 1 to MAX_COLUMNS, else the file is bad."""
    text = (value if value is not None else "1").strip()
    if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= MAX_COLUMNS:
        raise ReadError(
            f"ไฟล์ {budget.name}: {where[0]} มีค่าการผสานเซลล์ (gridSpan) “{text[:20]}” ที่ใช้ไม่ได้ "
            f"(ต้องเป็นจำนวนเต็ม ๑–{MAX_COLUMNS})",
            f"{budget.name}: {where[1]} has the gridSpan {text[:20]!r}: it must be a whole number 1-{MAX_COLUMNS}",
        )
    return int(text)


def _row_cells(row: object, budget: Budget, where: tuple[str, str]) -> list[str]:
    """A row's cells by grid column: a cell spanning columns gives its text once, then empty cells; a cell that
    continues a vertical merge is empty (its text belongs to the row above). Spans are checked, and the row's
    width bounded, before any cell is made."""
    spans: list[tuple[object, int, bool]] = []
    width = 0
    for cell in row.findall(f"{W}tc"):  # type: ignore[attr-defined]
        properties = cell.find(f"{W}tcPr")
        span, continued = 1, False
        if properties is not None:
            grid_span = properties.find(f"{W}gridSpan")
            if grid_span is not None:
                span = _span(grid_span.get(f"{W}val"), budget, where)
            merge = properties.find(f"{W}vMerge")
            continued = merge is not None and merge.get(f"{W}val", "continue") == "continue"
        width += span
        if width > MAX_COLUMNS:
            break
        spans.append((cell, span, continued))
    budget.row(width, *where)
    cells: list[str] = []
    for cell, span, continued in spans:
        cells.append("" if continued else _text(cell, budget))
        cells.extend([""] * (span - 1))
    return cells


def docx_blocks(data: bytes, name: str) -> list[Block]:
    from docx import Document as open_docx

    check_zip(data, name, "docx")
    try:
        document = open_docx(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - every parser failure on untrusted input means a bad file
        raise ReadError(
            f"เปิดไฟล์ Word {name} ไม่ได้ (ไฟล์เสียหรือไม่ใช่ .docx)",
            f"cannot open the Word file {name} ({type(exc).__name__})",
        ) from None
    budget = Budget(name)
    blocks: list[Block] = []
    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            paragraphs += 1
            text = _text(element, budget)
            if text.strip():
                blocks.append(Paragraph(text, f"paragraph {paragraphs}"))
        elif element.tag == f"{W}tbl":
            tables += 1
            elements = element.findall(f"{W}tr")
            budget.rows(len(elements))
            rows = [
                _row_cells(row, budget, (f"ตารางที่ {tables} แถวที่ {n}", f"table {tables}, row {n}"))
                for n, row in enumerate(elements, start=1)
            ]
            origins = [f"table {tables}, row {n}" for n in range(1, len(rows) + 1)]
            blocks.append(Table(rows, f"table {tables}", origins))
    return blocks
