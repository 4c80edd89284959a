"""Score sheets: a CSV or XLSX file with the columns `code` and `score` (รหัส, คะแนน)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from prongsai.core.errors import ReadError
from prongsai.core.scoring import ScoreRow
from prongsai.ingest.tabular import rows_of, table_rows

CODE_HEADERS = {"code", "รหัส", "ตัวชี้วัด/ข้อ", "ข้อ"}
SCORE_HEADERS = {"score", "คะแนน"}


def read_score_rows(path: Path) -> list[ScoreRow]:
    """The rows under the header; row numbers count from the file's first line, as a spreadsheet shows them."""
    return score_rows(table_rows(path), path.name)


def read_score_rows_bytes(data: bytes, name: str) -> list[ScoreRow]:
    """The same, for a file already in memory (an upload)."""
    return score_rows(rows_of(data, name), name)


def score_rows(table: Iterable[list[str]], name: str) -> list[ScoreRow]:
    header: tuple[int, int] | None = None
    rows: list[ScoreRow] = []
    for number, cells in enumerate(table, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if header is None:
            names = [c.lower() for c in cells]
            code = next((i for i, n in enumerate(names) if n in CODE_HEADERS), None)
            score = next((i for i, n in enumerate(names) if n in SCORE_HEADERS), None)
            if code is None or score is None:
                raise ReadError(
                    f"แถวที่ {number}: ไม่พบหัวตาราง ต้องมีคอลัมน์ code และ score (หรือ รหัส และ คะแนน)",
                    f"row {number}: no header; the file needs the columns 'code' and 'score'",
                )
            header = (code, score)
            continue
        code_cell = cells[header[0]] if header[0] < len(cells) else ""
        score_cell = cells[header[1]] if header[1] < len(cells) else ""
        rows.append(ScoreRow(number, code_cell, score_cell))
    if header is None:
        raise ReadError(f"ไฟล์ {name} ไม่มีข้อมูล", f"{name} has no rows")
    return rows
