"""Rows of cells from CSV and XLSX files, decoded the way Thai offices save them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from prongsai.core.errors import ReadError
from prongsai.ingest.blocks import Block, Table
from prongsai.ingest.containers import check_zip
from prongsai.ingest.limits import MAX_ROWS, MAX_TEXT_CHARACTERS, Budget, too_many

MAX_SHEET_BYTES = 20 * 1024 * 1024
XLSX_SIGNATURE = b"PK\x03\x04"


def read_bytes(path: Path, limit: int = MAX_SHEET_BYTES) -> bytes:
    try:
        size = path.stat().st_size
        if size > limit:
            raise ReadError(
                f"ไฟล์ {path.name} ใหญ่เกินไป ({size // 1024 // 1024} MB; รับได้ไม่เกิน {limit // 1024 // 1024} MB)",
                f"{path.name} is too large ({size} bytes; the limit is {limit})",
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise ReadError(f"{path} เป็นโฟลเดอร์ ไม่ใช่ไฟล์", f"{path} is a directory") from None
    except FileNotFoundError:
        raise ReadError(f"ไม่พบไฟล์ {path}", f"file not found: {path}") from None
    except OSError as exc:
        raise ReadError(
            f"เปิดไฟล์ {path} ไม่ได้ ({exc.strerror})", f"cannot open {path} ({exc.strerror})"
        ) from None
    if not data.strip():
        raise ReadError(f"ไฟล์ {path.name} ว่างเปล่า", f"{path.name} is empty")
    return data


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Thai Windows (cp874, a superset of TIS-620); at most
    MAX_TEXT_CHARACTERS (every encoding takes at least one byte a character, so longer data is refused unread)."""
    if len(data) > 4 * MAX_TEXT_CHARACTERS:
        raise too_many(name, "ข้อความ", "characters", MAX_TEXT_CHARACTERS)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return _bounded(data.decode("utf-16"), name)
        except UnicodeDecodeError:
            pass
    elif b"\x00" not in data:
        for encoding in ("utf-8-sig", "cp874"):
            try:
                return _bounded(data.decode(encoding), name)
            except UnicodeDecodeError:
                continue
    raise ReadError(
        f"ไฟล์ {name} ไม่ใช่ไฟล์ข้อความ (อาจเป็นไฟล์ชนิดอื่นที่ตั้งชื่อผิด)", f"{name} is not a text file (binary content)"
    )


def _bounded(text: str, name: str) -> str:
    if len(text) > MAX_TEXT_CHARACTERS:
        raise too_many(name, "ข้อความ", "characters", MAX_TEXT_CHARACTERS)
    return text


def csv_rows(text: str, name: str = "CSV") -> list[list[str]]:
    """The rows of a CSV text, bounded in rows, columns and characters as they are read."""
    sample = text[:4096]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    budget = Budget(name)
    rows: list[list[str]] = []
    try:
        for number, row in enumerate(csv.reader(io.StringIO(text, newline=""), dialect), start=1):
            budget.rows(number)
            budget.row(len(row), f"แถวที่ {number}", f"row {number}")
            rows.append([budget.text(cell) for cell in row])
    except csv.Error as exc:
        raise ReadError(f"อ่านไฟล์ CSV ไม่ได้ ({exc})", f"cannot read the CSV file ({exc})") from None
    return rows


def xlsx_rows(data: bytes, name: str) -> Iterator[list[str]]:
    """The first worksheet's rows as text; numbers keep the digits Excel stored."""
    check_zip(data, name, "xlsx")
    # openpyxl raises many kinds of exceptions on damaged files; all mean the same to the user.
    try:
        from openpyxl import load_workbook

        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            rows = _sheet_rows(workbook, Budget(name))
        finally:
            workbook.close()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure on untrusted input means a bad file
        raise ReadError(
            f"เปิดไฟล์ Excel {name} ไม่ได้ (ไฟล์เสียหรือไม่ใช่ .xlsx)",
            f"cannot open the Excel file {name} ({type(exc).__name__})",
        ) from None
    yield from rows


def _sheet_rows(workbook: Any, budget: Budget) -> list[list[str]]:
    """The cells the first sheet really holds, row by row, each row as wide as its last cell with a value.

    openpyxl's own row iterator pads every row to the sheet's stated dimension (a file may state A1:XFD1048576)
    and to its cells' column letters, which a file may set to anything; its row parser gives each cell with its
    address, so the bounds are checked before a row is made."""
    from openpyxl.worksheet._reader import WorkSheetParser

    sheet = workbook.worksheets[0]
    rows: list[list[str]] = []
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            values = {cell["column"]: cell["value"] for cell in cells if cell["value"] not in (None, "")}
            if not values or number <= len(
                rows
            ):  # formatting only, or a row out of order (openpyxl skips it)
                continue
            if number > MAX_ROWS:
                raise too_many(budget.name, "แถวในตารางเดียว", "rows in one table", MAX_ROWS)
            width = max(values)
            budget.row(width, f"แถวที่ {number}", f"row {number}")
            rows.extend([] for _ in range(number - 1 - len(rows)))
            row = [""] * width
            for column, value in values.items():
                row[column - 1] = budget.text(_cell_text(value))
            rows.append(row)
    return rows


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def table_rows(path: Path) -> Iterable[list[str]]:
    """Rows of a CSV or XLSX file, chosen by content rather than by the file's name."""
    return rows_of(read_bytes(path), path.name)


def rows_of(data: bytes, name: str) -> Iterable[list[str]]:
    if not data.strip():
        raise ReadError(f"ไฟล์ {name} ว่างเปล่า", f"{name} is empty")
    if data.startswith(XLSX_SIGNATURE):
        return xlsx_rows(data, name)
    return csv_rows(decode_text(data, name), name)


def spreadsheet_blocks(data: bytes, name: str, kind: str) -> list[Block]:
    """A spreadsheet as one table: its header row names the columns like a report's table does."""
    rows = list(xlsx_rows(data, name)) if kind == "xlsx" else csv_rows(decode_text(data, name), name)
    if not any(any(c.strip() for c in row) for row in rows):
        raise ReadError(f"ไฟล์ {name} ไม่มีข้อมูล", f"{name} has no rows")
    return [Table(rows, "row 1", [f"row {n}" for n in range(1, len(rows) + 1)])]
