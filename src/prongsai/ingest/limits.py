"""Bounds on every size a file states or implies, checked before the work it would cost.

A report of measures has a few tables of a dozen columns and some hundred rows; the bounds are far above that
and far below what would exhaust a shared server. Each breach is a `ReadError` naming the file and the bound.
"""

from __future__ import annotations

from prongsai.core.errors import ReadError

MAX_COLUMNS = 64  # a row's cells, spans counted (Word's tables hold 63 columns)
MAX_ROWS = 10_000  # rows of one table or sheet
MAX_CELLS = 200_000  # cells of one file, all tables together
MAX_TEXT_CHARACTERS = 3_000_000  # about 1,000 pages of Thai text
MAX_CELL_CHARACTERS = 100_000  # one cell (Excel holds 32,767)
MAX_PAGES = 500  # a PDF's pages
MAX_PAGE_OBJECTS = 20_000  # painted objects and characters on one PDF page (a page of text has 2,000-4,000)
MAX_PAGE_CONTENT = 1024 * 1024  # a PDF page's content streams, decoded (a page of text takes 20-200 KB)

# PDF streams, inflated in steps before any parser sees them (see containers.check_pdf_streams).
PDF_MAX_STREAM = 16 * 1024 * 1024  # page content, a font, an object stream
PDF_MAX_STREAMS = 64 * 1024 * 1024  # all of them together
PDF_MAX_IMAGE = 256 * 1024 * 1024  # an image: never decoded by the readers, bounded all the same

# ZIP containers (DOCX, XLSX), checked from the central directory before any member is inflated.
ZIP_MAX_MEMBERS = 2_000
ZIP_MAX_TOTAL = 200 * 1024 * 1024  # all members inflated
ZIP_MAX_XML_MEMBER = 16 * 1024 * 1024  # one XML part, which a reader parses into a tree
ZIP_MAX_RATIO = 500  # inflated / compressed, for a member larger than ZIP_RATIO_FROM (a table of empty cells
# compresses 230 times; deflate cannot pass about 1,030)
ZIP_RATIO_FROM = 1024 * 1024


def megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:,.0f} MB"


def too_many(name: str, what_thai: str, what_english: str, limit: int) -> ReadError:
    """The error for a file holding more of something than a reader takes."""
    return ReadError(
        f"ไฟล์ {name} มี{what_thai}มากเกินไป (รับได้ไม่เกิน {limit:,})",
        f"{name} has too many {what_english} (the limit is {limit:,})",
    )


class Budget:
    """What one file may still yield: cells and characters, spent as a reader produces them."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.cells = 0
        self.characters = 0

    def row(self, width: int, where_thai: str, where_english: str) -> None:
        """A row of `width` cells (spans counted) is about to be produced."""
        if width > MAX_COLUMNS:
            raise ReadError(
                f"ไฟล์ {self.name}: {where_thai} มี {width:,} คอลัมน์ เกินที่รับได้ ({MAX_COLUMNS})",
                f"{self.name}: {where_english} has {width:,} columns (the limit is {MAX_COLUMNS})",
            )
        self.cells += width
        if self.cells > MAX_CELLS:
            raise too_many(self.name, "เซลล์ตาราง", "table cells", MAX_CELLS)

    def rows(self, count: int) -> None:
        if count > MAX_ROWS:
            raise too_many(self.name, "แถวในตารางเดียว", "rows in one table", MAX_ROWS)

    def text(self, value: str) -> str:
        """The text, once counted against the file's characters."""
        if len(value) > MAX_CELL_CHARACTERS:
            raise ReadError(
                f"ไฟล์ {self.name} มีข้อความในช่องเดียวยาวเกินไป (เกิน {MAX_CELL_CHARACTERS:,} ตัวอักษร)",
                f"{self.name} has a text longer than {MAX_CELL_CHARACTERS:,} characters in one place",
            )
        self.characters += len(value)
        if self.characters > MAX_TEXT_CHARACTERS:
            raise too_many(self.name, "ข้อความ", "characters", MAX_TEXT_CHARACTERS)
        return value
