"""PDF with a text layer: pdfplumber finds the tables' cells and the lines' positions; PDFium gives the text.

pdfplumber orders Thai marks by x position and adds spaces ("พ้นื ท่ีเส่ยี ง"); PDFium reads them right, so it
supplies every piece of text, inside each cell box or line box (thai-documents-findings.md, §5).
"""

from __future__ import annotations

import contextlib
import io
import itertools
import re
from typing import Any

from prongsai.core.errors import ReadError
from prongsai.ingest.blocks import Block, Paragraph, Table
from prongsai.ingest.cleaning import join_wrapped_lines
from prongsai.ingest.containers import open_pdf
from prongsai.ingest.limits import MAX_PAGE_CONTENT, MAX_PAGE_OBJECTS, MAX_PAGES, Budget, too_many

Box = tuple[
    float, float, float, float
]  # x0, top, x1, bottom, measured from the page's top (pdfplumber's way)


# How far below the character before (in points) a character starts a new line: more than a lower vowel hangs
# below the baseline (about 4 pt at the sizes documents use), less than a line's pitch.
NEW_LINE_DROP = 6.0


def _contains(area: Box, x: float, y: float) -> bool:
    return area[0] <= x <= area[2] and area[1] <= y <= area[3]


def _page_blocks(textpage: Any, height: float, tables: list[Any], number: int) -> list[Block]:
    """Each character goes to the table cell or the free text its box's centre lies in; reading order is PDFium's
    (the content's own), so marks stay with their letters and nothing bleeds in from a neighbouring line."""
    text = textpage.get_text_range()
    cells: list[tuple[int, int, int, Box]] = []
    for t, table in enumerate(tables):
        for r, row in enumerate(table.rows):
            cells.extend((t, r, c, box) for c, box in enumerate(row.cells) if box)
    cell_text: dict[tuple[int, int, int], list[str]] = {}
    free: list[tuple[str, float, float]] = []  # character, top, bottom
    last_cell: tuple[int, int, int] | None = None
    previous_box: dict[
        tuple[int, int, int] | None, tuple[float, float]
    ] = {}  # left, bottom of the last character
    for index, ch in enumerate(text):
        left, bottom, right, top = textpage.get_charbox(index)
        x, y = (left + right) / 2, height - (bottom + top) / 2
        if ch in "\r\n" or (right - left <= 0 and top - bottom <= 0):
            target = last_cell  # a generated break or space belongs where the text before it was
        else:
            target = next(((t, r, c) for t, r, c, box in cells if _contains(box, x, y)), None)
            last_cell = target
        if ch == "\ufffe":
            # PDFium's mark for a hyphen ending a line, taken for hyphenation; Thai is never hyphenated, and in these
            # reports such a hyphen is the bullet of the next list item.
            ch = "- "
        if ch not in "\r\n" and right - left > 0:
            above = previous_box.get(target)
            if above is not None and bottom < above[1] - NEW_LINE_DROP and left < above[0] - 1:
                # Below and back to the left of the character before: a new line PDFium ran on without a break
                # (a word wrapped alone onto the next line, then a list item's "๒." on the line after).
                if target is not None:
                    cell_text.setdefault(target, []).append("\n")
                else:
                    free.append(("\n", 0.0, 0.0))
            previous_box[target] = (left, bottom)
        if target is not None:
            cell_text.setdefault(target, []).append(ch)
        else:
            free.append((ch, height - top, height - bottom))

    placed: list[tuple[float, Block]] = []
    for t, table in enumerate(tables):
        rows = [
            [
                join_wrapped_lines("".join(cell_text.get((t, r, c), [])).replace("\r", "").split("\n"))
                for c in range(len(row.cells))
            ]
            for r, row in enumerate(table.rows)
        ]
        origins = [f"page {number}, table {t + 1}, row {n}" for n in range(1, len(rows) + 1)]
        placed.append((table.bbox[1], Table(rows, f"page {number}, table {t + 1}", origins)))

    lines: list[tuple[str, float, float]] = []  # text, top, baseline
    current: list[tuple[str, float, float]] = []
    for item in [*free, ("\n", 0.0, 0.0)]:
        if item[0] in "\r\n":
            real = [(top, bottom) for c, top, bottom in current if bottom > top and not c.isspace()]
            if real:
                bottoms = sorted(bottom for _, bottom in real)  # most letters sit on the baseline
                text = "".join(c for c, _, _ in current).strip()
                lines.append((text, min(top for top, _ in real), bottoms[len(bottoms) // 2]))
            current = []
        else:
            current.append(item)
    lines.sort(key=lambda line: line[2])
    for paragraph in _paragraphs(lines):
        placed.append(
            (paragraph[0][1], Paragraph(join_wrapped_lines([t for t, _, _ in paragraph]), f"page {number}"))
        )
    return [block for _, block in sorted(placed, key=lambda pair: pair[0])]


def _paragraphs(lines: list[tuple[str, float, float]]) -> list[list[tuple[str, float, float]]]:
    """Lines (text, top, baseline) grouped into paragraphs: a paragraph break makes the distance from one baseline
    to the next clearly longer than the closest baseline pitch on the page (or than a line's height, on a page
    where every paragraph is one line long)."""
    if not lines:
        return []
    pitches = sorted(b[2] - a[2] for a, b in itertools.pairwise(lines) if b[2] > a[2])
    heights = sorted(baseline - top for _, top, baseline in lines)
    typical = min(pitches[len(pitches) // 5] if pitches else heights[0], 1.25 * heights[len(heights) // 2])
    groups = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        if line[2] - previous[2] > 1.3 * typical:
            groups.append([])
        groups[-1].append(line)
    return groups


# The operators that paint something (a path, text, an image or form): what pdfplumber makes an object of.
_PAINTING = re.compile(rb"(?<![^\s\])>])(?:S|s|f\*?|F|B\*?|b\*?|Tj|TJ|'|\"|Do|sh)(?![^\s\[(</])")


def _content(layout: Any) -> bytes:
    """A page's content streams, decoded (each already bounded by check_pdf_streams)."""
    from pdfminer.pdftypes import resolve1

    return b"\n".join(resolve1(stream).get_data() for stream in layout.page_obj.contents)


def pdf_blocks(data: bytes, name: str) -> list[Block]:
    import pdfplumber

    document = open_pdf(data, name)
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - every parser failure on untrusted input means a bad file
        document.close()
        raise ReadError(
            f"เปิดไฟล์ PDF {name} ไม่ได้ (ไฟล์เสีย)", f"cannot open the PDF {name} ({type(exc).__name__})"
        ) from None
    blocks: list[Block] = []
    any_text = False
    budget = Budget(name)
    try:
        if len(document) > MAX_PAGES:
            raise too_many(name, "หน้า", "pages", MAX_PAGES)
        for number, layout in enumerate(plumber.pages[: len(document)], start=1):
            # The page's content, its painting operators and characters, then the lines and boxes pdfplumber
            # looks for tables among are bounded before the work that grows with them (pdfplumber took 80 s and
            # 1 GB for a page of 300,000 lines).
            content = _content(layout)
            if len(content) > MAX_PAGE_CONTENT:
                raise too_many(
                    name, f"คำสั่งวาดบนหน้า {number} ", f"bytes of content on page {number}", MAX_PAGE_CONTENT
                )
            page = document[number - 1]
            textpage = page.get_textpage()
            height = page.get_height()
            if max(len(_PAINTING.findall(content)), textpage.count_chars()) > MAX_PAGE_OBJECTS or (
                sum(len(objects) for objects in layout.objects.values()) > MAX_PAGE_OBJECTS
            ):
                raise too_many(
                    name,
                    f"อักษรหรือเส้นบนหน้า {number} ",
                    f"characters or lines on page {number}",
                    MAX_PAGE_OBJECTS,
                )
            any_text = any_text or bool(budget.text(textpage.get_text_range()).strip())
            blocks.extend(_page_blocks(textpage, height, layout.find_tables(), number))
            textpage.close()
            page.close()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged page is a damaged file
        raise ReadError(
            f"อ่านไฟล์ PDF {name} ไม่ได้ (ไฟล์เสีย)", f"cannot read the PDF {name} ({type(exc).__name__})"
        ) from None
    finally:
        # pdfplumber's close() walks the pages again, and raises again on a damaged file.
        with contextlib.suppress(Exception):
            plumber.close()
        document.close()
    if not any_text:
        raise ReadError(
            f"ไฟล์ PDF {name} ไม่มีชั้นข้อความ (อาจเป็นภาพสแกน) ต้องแปลงด้วย OCR ก่อน",
            f"{name} has no text layer (a scanned image?): run OCR first",
        )
    return blocks
