"""Readers: files in, core objects out. Each failure is a `ReadError` with a Thai message.

`read_document` is the one call the CLI and the web application use to bring a report in.
"""

from __future__ import annotations

from pathlib import Path

from prongsai.core.errors import ReadError
from prongsai.core.model import Document
from prongsai.frameworks import FrameworkRegistry

MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def document_format(data: bytes, name: str) -> str:
    """`pdf`, `docx`, `xlsx`, `csv` or `text`, from the content first and the name second."""
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        from prongsai.ingest.containers import check_zip

        return check_zip(data, name)  # its kind from its parts, once its directory shows it safe to open
    if data.startswith(OLE2_SIGNATURE):
        raise ReadError(
            f"ไฟล์ {name} มีรหัสผ่าน หรือเป็นรูปแบบเก่า (.doc/.xls) กรุณาเปิดด้วย Word/Excel แล้วบันทึกเป็น .docx/.xlsx ที่ไม่มีรหัสผ่าน",
            f"{name} is encrypted or in the old .doc/.xls format: save it as .docx/.xlsx without a password",
        )
    return "csv" if name.lower().endswith(".csv") else "text"


def read_document_bytes(
    data: bytes, name: str, registry: FrameworkRegistry, *, framework_version: int | None = None
) -> Document:
    """Read a measures report (text, DOCX, PDF, XLSX or CSV) into a `Document`; nothing is written anywhere."""
    from prongsai.ingest.blocks import Block
    from prongsai.ingest.interpret import interpret

    if len(data) > MAX_DOCUMENT_BYTES:
        raise ReadError(
            f"ไฟล์ {name} ใหญ่เกินไป (รับได้ไม่เกิน {MAX_DOCUMENT_BYTES // 1024 // 1024} MB)",
            f"{name} is too large (the limit is {MAX_DOCUMENT_BYTES} bytes)",
        )
    if not data.strip():
        raise ReadError(f"ไฟล์ {name} ว่างเปล่า", f"{name} is empty")
    kind = document_format(data, name)
    blocks: list[Block]
    if kind == "pdf":
        from prongsai.ingest.pdf import pdf_blocks

        blocks = pdf_blocks(data, name)
    elif kind == "docx":
        from prongsai.ingest.docx import docx_blocks

        blocks = docx_blocks(data, name)
    elif kind in ("xlsx", "csv"):
        from prongsai.ingest.tabular import spreadsheet_blocks

        blocks = spreadsheet_blocks(data, name, kind)
    else:
        from prongsai.ingest.text import decode_document_text, text_blocks

        blocks = text_blocks(decode_document_text(data, name), name)
    return interpret(blocks, registry, framework_version=framework_version, source=kind)


def read_document(
    path: Path, registry: FrameworkRegistry, *, framework_version: int | None = None
) -> Document:
    from prongsai.ingest.tabular import read_bytes

    data = read_bytes(path, MAX_DOCUMENT_BYTES)
    return read_document_bytes(data, path.name, registry, framework_version=framework_version)
