"""Hostile files, built here independently of the readers: oversized spans, huge declared sizes, compressed bombs.

Each maker returns the bytes an attacker would upload. The bombs are real (their members inflate to the size
named), so a reader that trusted them would really run out of memory; they are cached, being slow to compress.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from typing import Any

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MB = 1024 * 1024


@lru_cache(maxsize=1)
def _plain_docx() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("มาตรการ")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@lru_cache(maxsize=1)
def _plain_xlsx() -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["code", "score"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _replace_members(base: bytes, replacements: dict[str, bytes]) -> bytes:
    """The package `base` with some members' content replaced (or added)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename not in replacements:
                target.writestr(info.filename, source.read(info.filename))
        for name, content in replacements.items():
            target.writestr(name, content)
    return out.getvalue()


def docx_with_body(body: str) -> bytes:
    """A DOCX whose document body is the given WordprocessingML (the w: prefix is bound)."""
    xml = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    return _replace_members(_plain_docx(), {"word/document.xml": xml.encode()})


def cell(text: str = "x", *, span: str | None = None, merge: str | None = None) -> str:
    properties = ""
    if span is not None:
        properties += f'<w:gridSpan w:val="{span}"/>'
    if merge is not None:
        properties += "<w:vMerge/>" if merge == "" else f'<w:vMerge w:val="{merge}"/>'
    return f"<w:tc><w:tcPr>{properties}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def table(rows: list[list[str]]) -> str:
    return "<w:tbl>" + "".join("<w:tr>" + "".join(r) + "</w:tr>" for r in rows) + "</w:tbl>"


def docx_with_grid_span(value: str) -> bytes:
    """The report of the issue: one table, one cell spanning `value` columns."""
    return docx_with_body(table([[cell("มาตรการ", span=value), cell("ผู้รับผิดชอบ")]]))


def xlsx_with_sheet(sheet_xml: str, shared_strings: list[str] | None = None) -> bytes:
    """An XLSX whose first worksheet is the given SpreadsheetML (default namespace bound), with shared strings."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    replacements = {
        "xl/worksheets/sheet1.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{ns}">{sheet_xml}</worksheet>'
        ).encode()
    }
    if shared_strings is not None:
        items = "".join(f"<si><t>{s}</t></si>" for s in shared_strings)
        replacements["xl/sharedStrings.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="{ns}" count="{len(shared_strings)}">{items}</sst>'
        ).encode()
        with zipfile.ZipFile(io.BytesIO(_plain_xlsx())) as archive:
            types = archive.read("[Content_Types].xml").decode()
        override = (
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
        )
        replacements["[Content_Types].xml"] = types.replace("</Types>", override).encode()
    return _replace_members(_plain_xlsx(), replacements)


def _bomb(base: bytes, member: str, head: bytes, size: int, tail: bytes) -> bytes:
    """`base` with `member` replaced by `head`, whitespace up to `size` bytes in all, then `tail`, deflated."""
    out = io.BytesIO()
    chunk = b" " * MB
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename != member:
                target.writestr(info.filename, source.read(info.filename))
        info = zipfile.ZipInfo(member)
        info.compress_type, info._compresslevel = zipfile.ZIP_DEFLATED, 9  # type: ignore[attr-defined]
        with target.open(info, "w", force_zip64=True) as handle:
            handle.write(head)
            left = size - len(head) - len(tail)
            while left > 0:
                handle.write(chunk[: min(left, MB)])
                left -= MB
            handle.write(tail)
    return out.getvalue()


@lru_cache(maxsize=4)
def docx_bomb(size: int) -> bytes:
    """A DOCX whose document.xml is `size` bytes, nearly all whitespace between the tags (well-formed XML)."""
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<w:document xmlns:w="{W_NS}"><w:body><w:p>'.encode()
    return _bomb(_plain_docx(), "word/document.xml", head, size, b"</w:p></w:body></w:document>")


@lru_cache(maxsize=4)
def xlsx_bomb(size: int) -> bytes:
    """An XLSX whose worksheet is `size` bytes: one cell whose text is nearly all whitespace."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    head = f'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="{ns}"><sheetData><row r="1">'
    head += '<c r="A1" t="inlineStr"><is><t>code'
    tail = b"</t></is></c></row></sheetData></worksheet>"
    return _bomb(_plain_xlsx(), "xl/worksheets/sheet1.xml", head.encode(), size, tail)


def zip_declaring(base: bytes, member: str, declared: int) -> bytes:
    """`base` with the central directory's uncompressed size of `member` set to `declared` (a lying directory)."""
    data = bytearray(base)
    with zipfile.ZipFile(io.BytesIO(base)) as archive:
        info = archive.getinfo(member)
    name = member.encode()
    position = 0
    while True:
        position = data.find(b"PK\x01\x02", position)
        assert position >= 0, member
        if data[position + 46 : position + 46 + len(name)] == name:
            break
        position += 4
    assert int.from_bytes(data[position + 24 : position + 28], "little") == info.file_size
    data[position + 24 : position + 28] = min(declared, 0xFFFFFFFE).to_bytes(4, "little")
    return bytes(data)


def _deflated_whitespace(head: bytes, size: int) -> bytes:
    import zlib

    compressor = zlib.compressobj(9)
    parts = [compressor.compress(head)]
    chunk, left = b" " * MB, size
    while left > 0:
        parts.append(compressor.compress(chunk[: min(left, MB)]))
        left -= MB
    parts.append(compressor.flush())
    return b"".join(parts)


def pdf_with_content(content: bytes, *, filters: list[Any] | None = None) -> bytes:
    """A one-page PDF with the given content stream (already encoded by `filters`, if any) and font F1."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    stream = pikepdf.Stream(pdf, b"")
    if filters:
        stream.write(content, filter=pikepdf.Array(filters) if len(filters) > 1 else filters[0])
    else:
        stream.write(content)
    page.obj.Contents = stream
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
    )
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    out = io.BytesIO()
    pdf.save(out, compress_streams=False)
    return out.getvalue()


@lru_cache(maxsize=8)
def pdf_bomb(size: int, wrapping: str = "") -> bytes:
    """A one-page PDF whose content stream inflates to `size` bytes, nearly all whitespace after one line of
    text; `wrapping` "hex" or "85" encodes the deflated stream again in ASCII hex or ASCII85 (a filter chain)."""
    import base64

    import pikepdf

    data = _deflated_whitespace(b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n", size)
    filters = [pikepdf.Name.FlateDecode]
    if wrapping == "hex":
        data, filters = data.hex().encode() + b">", [pikepdf.Name.ASCIIHexDecode, *filters]
    elif wrapping == "85":
        data, filters = base64.a85encode(data) + b"~>", [pikepdf.Name.ASCII85Decode, *filters]
    return pdf_with_content(data, filters=filters)
