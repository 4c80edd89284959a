"""Text as extracted from a report: tab-separated table rows, markdown tables, paragraphs between blank lines."""

from __future__ import annotations

import re

from prongsai.core.errors import ReadError
from prongsai.ingest.blocks import Block, Paragraph, Table
from prongsai.ingest.limits import Budget
from prongsai.ingest.tabular import decode_text

# Control characters (Unicode category Cc) other than tab, newline, carriage return and form feed.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_MARKDOWN_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
# A text export's rule between rows ("---  --  --", "+----+----+", "====="): no content.
_RULE_LINE = re.compile(r"^[\s\-=+|_:]*[-=_]{3}[\s\-=+|_:]*$")


def decode_document_text(data: bytes, name: str) -> str:
    text = decode_text(data, name)
    controls = len(_CONTROLS.findall(text))
    if controls > max(3, len(text) // 200) or "\ufffd" in text[:2000]:
        raise ReadError(
            f"ไฟล์ {name} ไม่ใช่ไฟล์ข้อความ (อาจเป็นไฟล์ชนิดอื่นที่ตั้งชื่อผิด)", f"{name} is not a text file (binary content)"
        )
    return text


def _cells(line: str, budget: Budget, number: int) -> list[str] | None:
    """The cells of a table line, or None for a paragraph line; their number is bounded before they are made."""
    if "\t" in line:
        budget.row(line.count("\t") + 1, f"บรรทัดที่ {number}", f"line {number}")
        return line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        budget.row(stripped.count("|") - 1, f"บรรทัดที่ {number}", f"line {number}")
        return [c.strip() for c in stripped[1:-1].split("|")]
    return None


def text_blocks(text: str, name: str = "") -> list[Block]:
    """Blocks in reading order. Consecutive table lines form one table; blank lines end paragraphs and tables."""
    budget = Budget(name)
    blocks: list[Block] = []
    paragraph: list[str] = []
    paragraph_start = 0
    rows: list[list[str]] = []
    row_origins: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph("\n".join(paragraph), f"line {paragraph_start}"))
            paragraph.clear()

    def flush_table() -> None:
        if rows:
            blocks.append(Table(list(rows), row_origins[0], list(row_origins)))
            rows.clear()
            row_origins.clear()

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.rstrip("\r\n")
        if (_MARKDOWN_SEPARATOR.match(line) and "-" in line) or _RULE_LINE.match(line):
            continue
        cells = _cells(line, budget, number)
        if cells is not None:
            flush_paragraph()
            budget.rows(len(rows) + 1)
            rows.append(cells)
            row_origins.append(f"line {number}")
        elif not line.strip():
            flush_paragraph()
            flush_table()
        else:
            flush_table()
            if not paragraph:
                paragraph_start = number
            paragraph.append(line.strip())
    flush_paragraph()
    flush_table()
    return blocks
