"""PDF with a text layer: pdfplumber finds the tables' cells and the lines' positions; PDFium gives the text.

pdfplumber orders Thai marks by x position and adds spaces ("พ้นื ท่ีเส่ยี ง"); PDFium reads them right, so it
supplies every piece of text, inside each cell box or line box (thai-documents-findings.md, §5).
"""

from __future__ import annotations

import io
import re
from typing import Any

from prongsai.core.errors import ReadError
from prongsai.ingest.blocks import Block, Paragraph, Table

_LIST_MARKER = re.compile(r"^(?:[-•▪●]|\(?[0-9๐-๙]{1,2}[.)])\s")
_THAI = re.compile(r"[\u0E00-\u0E7F]")


def join_wrapped_lines(lines: list[str]) -> str:
    """Lines a PDF wrapped, back into text: Thai runs on without a space, a list marker starts a new line."""
    text = ""
    for line in (l.strip() for l in lines):
        if not line:
            continue
        if not text:
            text = line
        elif _LIST_MARKER.match(line):
            text += "\n" + line
        elif _THAI.match(line[0]) and _THAI.match(text[-1]):
            text += line
        else:
            text += " " + line
    return text


def _bounded(textpage: Any, height: float, box: tuple[float, float, float, float], pad: float = 1.5) -> str:
    x0, top, x1, bottom = box
    text = textpage.get_text_bounded(left=x0 + 0.5, bottom=height - bottom - pad, right=x1 - 0.5, top=height - top + pad)
    return str(text).replace("\r\n", "\n").replace("\r", "\n")


def _inside(box: tuple[float, float, float, float], area: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    centre_x, centre_y = (x0 + x1) / 2, (top + bottom) / 2
    return area[0] <= centre_x <= area[2] and area[1] <= centre_y <= area[3]


def pdf_blocks(data: bytes, name: str) -> list[Block]:
    import pdfplumber
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ReadError(f"ไฟล์ PDF {name} มีรหัสผ่าน กรุณาบันทึกฉบับที่ไม่มีรหัสผ่าน",
                            f"{name} is password-protected") from None
        raise ReadError(f"เปิดไฟล์ PDF {name} ไม่ได้ (ไฟล์เสีย)", f"cannot open the PDF {name} ({exc})") from None
    try:
        plumber = pdfplumber.open(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - every parser failure on untrusted input means a bad file
        document.close()
        raise ReadError(f"เปิดไฟล์ PDF {name} ไม่ได้ (ไฟล์เสีย)", f"cannot open the PDF {name} ({type(exc).__name__})") from None
    blocks: list[Block] = []
    any_text = False
    try:
        for number, (page, layout) in enumerate(zip(document, plumber.pages, strict=False), start=1):
            textpage = page.get_textpage()
            height = page.get_height()
            any_text = any_text or bool(textpage.get_text_range().strip())
            placed: list[tuple[float, Block]] = []
            tables = layout.find_tables()
            areas = [table.bbox for table in tables]
            for index, table in enumerate(tables, start=1):
                rows = []
                for row in table.rows:
                    rows.append([join_wrapped_lines(_bounded(textpage, height, cell).split("\n")) if cell else ""
                                 for cell in row.cells])
                origins = [f"page {number}, table {index}, row {n}" for n in range(1, len(rows) + 1)]
                placed.append((table.bbox[1], Table(rows, f"page {number}, table {index}", origins)))
            lines = [line for line in layout.extract_text_lines(return_chars=False)
                     if not any(_inside((line["x0"], line["top"], line["x1"], line["bottom"]), a) for a in areas)]
            paragraph: list[str] = []
            start = previous_bottom = 0.0
            for line in sorted(lines, key=lambda l: l["top"]):
                box = (line["x0"], line["top"], line["x1"], line["bottom"])
                line_height = line["bottom"] - line["top"]
                if paragraph and line["top"] - previous_bottom > 0.8 * line_height:
                    placed.append((start, Paragraph(join_wrapped_lines(paragraph), f"page {number}")))
                    paragraph = []
                if not paragraph:
                    start = line["top"]
                paragraph.append(_bounded(textpage, height, box).replace("\n", " "))
                previous_bottom = line["bottom"]
            if paragraph:
                placed.append((start, Paragraph(join_wrapped_lines(paragraph), f"page {number}")))
            blocks.extend(block for _, block in sorted(placed, key=lambda pair: pair[0]))
            textpage.close()
            page.close()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged page is a damaged file
        raise ReadError(f"อ่านไฟล์ PDF {name} ไม่ได้ (ไฟล์เสีย)", f"cannot read the PDF {name} ({type(exc).__name__})") from None
    finally:
        plumber.close()
        document.close()
    if not any_text:
        raise ReadError(f"ไฟล์ PDF {name} ไม่มีชั้นข้อความ (อาจเป็นภาพสแกน) ต้องแปลงด้วย OCR ก่อน",
                        f"{name} has no text layer (a scanned image?): run OCR first")
    return blocks
