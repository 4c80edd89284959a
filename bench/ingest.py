"""Readers: documents per second, each against the bare library call it builds on, timed in the same run."""

from __future__ import annotations

import io
import itertools
from collections.abc import Callable
from pathlib import Path

from bench.harness import Benchmark
from prongsai.frameworks import load_frameworks
from prongsai.ingest import read_document_bytes
from prongsai.ingest.cleaning import clean_text

SEEDS = Path(__file__).resolve().parents[1] / "src" / "prongsai" / "demo" / "reports"
ROW = [
    "๑. การปฏิบัติหน้าที่",
    "ปรับปรุงคู่มือการปฏิบัติงานให้เป็นปัจจุบันและเผยแพร่ให้บุคลากรทราบทั่วกัน",
    "๑) ทบทวนคู่มือ ๒) ประชุมชี้แจง ๓) เผยแพร่ทางเว็บไซต์และกลุ่มไลน์",
    "สำนักปลัด (งานธุรการ), กองคลัง",
    "ต.ค. ๖๖ - ก.ย. ๖๗",
    "ดำเนินการแล้วเสร็จ ได้ประชุมชี้แจงบุคลากรเมื่อวันที่ ๑๕ มกราคม ๒๕๖๗",
]
HEADER = ["ตัวชี้วัด", "มาตรการ/แนวทาง", "ขั้นตอน/วิธีปฏิบัติ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินการ"]


def fifty_row_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗")
    table = document.add_table(rows=51, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for row in table.rows[1:]:
        for cell, text in zip(row.cells, ROW, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def fifty_row_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for _ in range(50):
        sheet.append(ROW)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def office_pdfs() -> dict[str, bytes]:
    """Seed 004 as a PDF from each producer installed: the tests' Typst writer, LibreOffice (from the DOCX) and
    Chromium (printing the page), as the reader's tests make them."""
    import tempfile

    try:
        from tests.ingest.conversions import (
            CHROMIUM,
            FONT_DIRECTORY,
            OFFICE,
            chromium_pdf,
            libreoffice_pdfs,
            to_docx,
            to_html,
            to_pdf,
        )
    except ImportError:
        return {}
    text = (SEEDS / "004_3b22ee2cf32a65f3.txt").read_text(encoding="utf-8")
    made = {"Typst": to_pdf(text)} if FONT_DIRECTORY.exists() else {}
    with tempfile.TemporaryDirectory() as directory:
        if OFFICE:
            made["LibreOffice"] = libreoffice_pdfs({"seed": to_docx(text)}, Path(directory))["seed"]
        if CHROMIUM:
            made["Chromium"] = chromium_pdf(to_html(text), Path(directory), "seed")
    return made


def seed_pdf() -> bytes | None:
    """Seed 002 as a PDF, built as the tests build it (needs the Laksaman font)."""
    try:
        from tests.ingest.conversions import FONT_DIRECTORY, to_pdf
    except ImportError:
        return None
    if not FONT_DIRECTORY.exists():
        return None
    return to_pdf((SEEDS / "002_3cffff091deaa74d.txt").read_text(encoding="utf-8"))


def benchmarks() -> list[Benchmark]:
    registry = load_frameworks(site_directory=None)
    seeds = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    rotation = itertools.cycle(seeds)
    rotation_raw = itertools.cycle(seeds)

    def read_next_seed() -> object:
        clean_text.cache_clear()  # every document is new to the reader, as in real use
        return read_document_bytes(next(rotation), "seed.txt", registry)

    def split_next_seed() -> object:
        return [line.split("\t") for line in next(rotation_raw).decode("utf-8").splitlines()]

    docx_bytes = fifty_row_docx()
    xlsx_bytes = fifty_row_xlsx()

    def open_docx() -> object:
        from docx import Document

        return Document(io.BytesIO(docx_bytes))

    def open_xlsx() -> object:
        from openpyxl import load_workbook

        return list(
            load_workbook(io.BytesIO(xlsx_bytes), read_only=True).worksheets[0].iter_rows(values_only=True)
        )

    def read(data: bytes, name: str) -> object:
        clean_text.cache_clear()
        return read_document_bytes(data, name, registry)

    found = [
        Benchmark(
            "read a seed text (1 doc, rotating)",
            read_next_seed,
            "decode + split tabs",
            split_next_seed,
            budget_seconds=1 / 200,
        ),
        Benchmark(
            "read a 50-row DOCX",
            lambda: read(docx_bytes, "r.docx"),
            "python-docx open",
            open_docx,
            budget_seconds=0.1,
        ),
        Benchmark("read a 50-row XLSX", lambda: read(xlsx_bytes, "r.xlsx"), "openpyxl read rows", open_xlsx),
    ]
    pdf_bytes = seed_pdf()
    if pdf_bytes is not None:

        def extract_pdf() -> object:
            import pypdfium2

            document = pypdfium2.PdfDocument(pdf_bytes)
            text = [page.get_textpage().get_text_range() for page in document]
            document.close()
            return text

        found.append(
            Benchmark(
                "read seed 002 as PDF", lambda: read(pdf_bytes, "r.pdf"), "pypdfium2 text only", extract_pdf
            )
        )
    for producer, data in office_pdfs().items():
        found.append(pdf_page_benchmark(producer, data, read))
    return found


def pdf_page_benchmark(producer: str, data: bytes, read: Callable[[bytes, str], object]) -> Benchmark:
    """Seconds per page to read a PDF (the issue's target: 0.25 s), against PDFium's text of its pages alone."""
    import pypdfium2

    pages = len(pypdfium2.PdfDocument(data))

    def extract() -> object:
        document = pypdfium2.PdfDocument(data)
        text = [page.get_textpage().get_text_range() for page in document]
        document.close()
        return text

    return Benchmark(
        f"read a PDF page ({producer}, seed 004, {pages} pages)",
        lambda: read(data, "r.pdf"),
        "pypdfium2 text only, a page",
        extract,
        budget_seconds=0.25,
        per=pages,
    )
