"""Every size a file states is bounded: spans, rows, columns, cells, text, pages, and a ZIP's inflated members.

A file past a bound gets the readers' own error (a Thai message naming the file and the bound), before the
work or the memory the size would cost; a file inside the bounds reads as before.
"""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

import pytest

from prongsai.cli import main
from prongsai.core.errors import ReadError
from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import read_document_bytes
from prongsai.ingest.containers import check_zip
from prongsai.ingest.docx import docx_blocks
from prongsai.ingest.limits import MAX_CELLS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_CHARACTERS, ZIP_MAX_TOTAL
from prongsai.ingest.score_sheet import read_score_rows_bytes
from prongsai.ingest.tabular import spreadsheet_blocks
from prongsai.ingest.text import text_blocks
from tests.ingest import hostile
from tests.ingest.hostile import MB, cell, docx_with_body, docx_with_grid_span, table, xlsx_with_sheet


def _refused(data: bytes, name: str, registry: FrameworkRegistry) -> ReadError:
    with pytest.raises(ReadError) as caught:
        read_document_bytes(data, name, registry)
    assert caught.value.thai.startswith(("ไฟล์", "เปิดไฟล์")) and name in caught.value.thai
    assert name in caught.value.english
    return caught.value


# --- DOCX: spans --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value", ["200000000", "abc", "", "1e3", "-1", "0", "1.5", "๓", " 65", "99999999999999999999"]
)
def test_a_grid_span_that_is_not_a_small_whole_number_is_refused(
    registry: FrameworkRegistry, value: str
) -> None:
    error = _refused(docx_with_grid_span(value), "span.docx", registry)
    assert "gridSpan" in error.thai and "ตารางที่ 1 แถวที่ 1" in error.thai
    assert "gridSpan" in error.english


def test_a_grid_span_within_bounds_reads_as_empty_cells_after_the_text() -> None:
    data = docx_with_body(
        table([[cell("ก", span="3"), cell("ข")], [cell("ค"), cell("ง"), cell("จ"), cell("ฉ")]])
    )
    (block,) = docx_blocks(data, "span.docx")
    assert block.rows == [["ก", "", "", "ข"], ["ค", "ง", "จ", "ฉ"]]  # type: ignore[union-attr]


def test_a_row_wider_than_the_bound_is_refused_by_its_spans_or_its_cells(registry: FrameworkRegistry) -> None:
    by_spans = docx_with_body(table([[cell("ก", span=str(MAX_COLUMNS)), cell("ข")]]))
    assert "คอลัมน์" in _refused(by_spans, "wide.docx", registry).thai
    by_cells = docx_with_body(table([[cell(str(n)) for n in range(MAX_COLUMNS + 1)]]))
    assert f"{MAX_COLUMNS + 1} คอลัมน์" in _refused(by_cells, "wide.docx", registry).thai
    at_the_bound = docx_with_body(table([[cell("ก", span=str(MAX_COLUMNS - 1)), cell("ข")]]))
    (block,) = docx_blocks(at_the_bound, "wide.docx")
    assert len(block.rows[0]) == MAX_COLUMNS  # type: ignore[union-attr]


def test_a_table_of_too_many_rows_is_refused(registry: FrameworkRegistry) -> None:
    data = docx_with_body(table([[cell("ก")]] * (MAX_ROWS + 1)))
    assert "แถว" in _refused(data, "long.docx", registry).thai


def test_a_file_of_too_many_cells_is_refused(registry: FrameworkRegistry) -> None:
    row = [cell("") for _ in range(MAX_COLUMNS)]
    data = docx_with_body(table([row] * (MAX_CELLS // MAX_COLUMNS + 1)))
    assert "เซลล์ตาราง" in _refused(data, "cells.docx", registry).thai


def test_vertical_merge_chains_stay_one_empty_cell_each() -> None:
    rows = [[cell("หัว", merge="restart"), cell("ก")]] + [
        [cell("", merge=""), cell(str(n))] for n in range(500)
    ]
    (block,) = docx_blocks(docx_with_body(table(rows)), "merge.docx")
    assert block.rows[0] == ["หัว", "ก"] and block.rows[-1] == ["", "499"]  # type: ignore[union-attr]


def _letters(count: int, seed: int) -> str:
    """Random Thai letters: they compress like text, not like a bomb."""
    return "".join(random.Random(seed).choices([chr(c) for c in range(0x0E01, 0x0E2F)], k=count))


def test_too_much_text_is_refused() -> None:
    paragraphs = (
        f"<w:p><w:r><w:t>{_letters(90_000, n)}</w:t></w:r></w:p>"
        for n in range(MAX_TEXT_CHARACTERS // 90_000 + 1)
    )
    data = docx_with_body("".join(paragraphs))
    with pytest.raises(ReadError, match="ข้อความมากเกินไป"):
        docx_blocks(data, "text.docx")


# --- ZIP: bombs refused from the directory ------------------------------------------------------------------


def test_the_docx_bomb_of_the_issue_is_refused_from_its_directory(registry: FrameworkRegistry) -> None:
    bomb = hostile.docx_bomb(1024 * MB)  # about 1 MB holding 1 GB of whitespace
    assert len(bomb) < 2 * MB
    error = _refused(bomb, "bomb.docx", registry)
    assert "word/document.xml" in error.thai and "1,024 MB" in error.thai


def test_an_xlsx_bomb_is_refused_as_a_report_and_as_a_score_sheet(registry: FrameworkRegistry) -> None:
    bomb = hostile.xlsx_bomb(256 * MB)
    assert "sheet1.xml" in _refused(bomb, "bomb.xlsx", registry).thai
    with pytest.raises(ReadError, match="อาจเป็นไฟล์อันตราย"):
        read_score_rows_bytes(bomb, "bomb.xlsx")


def test_an_upload_checked_as_a_file_is_left_at_its_start() -> None:
    upload = io.BytesIO(hostile.docx_with_body("<w:p/>"))
    assert check_zip(upload, "upload.docx") == "docx" and upload.tell() == 0
    broken = io.BytesIO(b"PK\x03\x04 not a zip")
    with pytest.raises(ReadError):
        check_zip(broken, "broken.docx")
    assert broken.tell() == 0


def test_a_member_compressed_far_beyond_office_files_is_refused_by_its_ratio() -> None:
    buffer = io.BytesIO()
    base = io.BytesIO(hostile.docx_with_body("<w:p/>"))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("word/media/image1.png", b"\0" * (8 * MB))  # not XML, small enough, but 1000:1
    with pytest.raises(ReadError, match="บีบอัดไว้"):
        check_zip(buffer.getvalue(), "ratio.docx")


def test_a_directory_that_understates_a_member_is_refused_before_a_library_inflates_it() -> None:
    """zipfile's read() would inflate the whole member (1 GB) whatever its stated size (1 KB)."""
    lying = hostile.zip_declaring(hostile.docx_bomb(1024 * MB), "word/document.xml", 1024)
    with pytest.raises(ReadError, match="ขยายได้มากกว่าที่ระบุ"):
        check_zip(lying, "lying.docx")
    with pytest.raises(ReadError, match="ขยายได้มากกว่าที่ระบุ"):
        docx_blocks(lying, "lying.docx")


def test_a_member_cut_short_or_damaged_is_refused() -> None:
    data = bytearray(hostile.docx_with_body("<w:p><w:r><w:t>" + _letters(5000, 1) + "</w:t></w:r></w:p>"))
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start + 100 : start + 400] = bytes(300)
    with pytest.raises(ReadError, match=r"word/document\.xml เสีย"):
        check_zip(bytes(data), "damaged.docx")


def test_a_package_stating_more_than_the_total_bound_is_refused_from_its_directory() -> None:
    buffer = io.BytesIO()
    base = io.BytesIO(hostile.docx_with_body("<w:p/>"))
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info.filename))
        target.writestr("word/media/image1.bin", b"\0" * (3 * MB), zipfile.ZIP_STORED)
    stated = hostile.zip_declaring(buffer.getvalue(), "word/media/image1.bin", ZIP_MAX_TOTAL)
    with pytest.raises(ReadError, match="ขยายแล้วใหญ่เกินไป"):
        check_zip(stated, "total.docx")


@pytest.mark.parametrize(
    ("members", "message"),
    [
        ({"word/document.xml": b"<x/>"}, "ไม่มีส่วน [Content_Types].xml"),
        ({"[Content_Types].xml": b"<x/>", "xl/sharedStrings.xml": b"<x/>"}, "ไม่ใช่ .docx หรือ .xlsx"),
        ({f"part{n}.txt": b"" for n in range(2001)}, "ส่วนประกอบ"),
    ],
)
def test_a_zip_without_the_parts_of_its_kind_is_refused(members: dict[str, bytes], message: str) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    with pytest.raises(ReadError) as caught:
        check_zip(buffer.getvalue(), "parts.docx")
    assert message in caught.value.thai


# --- XLSX and CSV: rows and columns -------------------------------------------------------------------------


def _row(number: int, *cells: str) -> str:
    return (
        f'<row r="{number}">'
        + "".join(f'<c r="{c}{number}" t="inlineStr"><is><t>x</t></is></c>' for c in cells)
        + "</row>"
    )


def test_a_sheet_stating_the_largest_dimension_reads_only_its_cells() -> None:
    rows = "".join(_row(n, "A", "B") for n in range(1, 4))
    data = xlsx_with_sheet(f'<dimension ref="A1:XFD1048576"/><sheetData>{rows}</sheetData>')
    (block,) = spreadsheet_blocks(data, "dimension.xlsx", "xlsx")
    assert block.rows == [["x", "x"]] * 3  # type: ignore[union-attr]


def test_a_cell_past_the_last_column_or_row_is_refused() -> None:
    wide = xlsx_with_sheet(f"<sheetData>{_row(1, 'A', 'XFD')}</sheetData>")
    with pytest.raises(ReadError, match="16,384 คอลัมน์"):
        spreadsheet_blocks(wide, "wide.xlsx", "xlsx")
    far = xlsx_with_sheet(f"<sheetData>{_row(1, 'A')}{_row(1048576, 'A')}</sheetData>")
    with pytest.raises(ReadError, match="แถวในตารางเดียวมากเกินไป"):
        spreadsheet_blocks(far, "far.xlsx", "xlsx")
    many = xlsx_with_sheet(
        "<sheetData>" + "".join(_row(n, "A") for n in range(1, MAX_ROWS + 2)) + "</sheetData>"
    )
    with pytest.raises(ReadError, match="แถวในตารางเดียวมากเกินไป"):
        read_score_rows_bytes(many, "many.xlsx")


def test_huge_shared_strings_within_the_zip_bounds_are_refused_by_the_text_bound() -> None:
    strings = [_letters(60_000, n) for n in range(60)]  # 3.6 M characters, 10 MB of XML
    rows = "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>{n - 1}</v></c></row>' for n in range(1, 61))
    data = xlsx_with_sheet(f"<sheetData>{rows}</sheetData>", shared_strings=strings)
    with pytest.raises(ReadError, match="ข้อความมากเกินไป"):
        spreadsheet_blocks(data, "strings.xlsx", "xlsx")


def test_csv_and_text_rows_are_bounded_in_columns_rows_and_characters(registry: FrameworkRegistry) -> None:
    assert "คอลัมน์" in _refused(b"code,score" + b",x" * MAX_COLUMNS + b"\n", "wide.csv", registry).thai
    assert "แถว" in _refused(b"code,score\n" + b"1,2\n" * MAX_ROWS, "long.csv", registry).thai
    assert "ข้อความมากเกินไป" in _refused(b"a," * (MAX_TEXT_CHARACTERS // 2 + 1), "big.csv", registry).thai
    assert "ข้อความมากเกินไป" in _refused("มาตรการ".encode() + b"\t" * (45 * MB), "tabs.txt", registry).thai
    with pytest.raises(ReadError, match="คอลัมน์"):
        text_blocks("มาตรการ" + "\tx" * MAX_COLUMNS, "tabs.txt")
    with pytest.raises(ReadError, match="คอลัมน์"):
        text_blocks("|" + " x |" * (MAX_COLUMNS + 1), "pipes.txt")
    with pytest.raises(ReadError, match="แถว"):
        text_blocks("ก\tข\n" * (MAX_ROWS + 1), "rows.txt")


# --- PDF: pages ---------------------------------------------------------------------------------------------


def test_a_pdf_of_too_many_pages_is_refused(registry: FrameworkRegistry) -> None:
    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    for _ in range(501):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    assert "หน้ามากเกินไป" in _refused(buffer.getvalue(), "pages.pdf", registry).thai


@pytest.mark.parametrize("wrapping", ["", "hex", "85"])
def test_a_pdf_whose_content_inflates_to_256_mb_is_refused_unparsed(
    registry: FrameworkRegistry, wrapping: str
) -> None:
    bomb = hostile.pdf_bomb(256 * MB, wrapping)
    assert len(bomb) < 3 * MB
    assert "อาจเป็นไฟล์อันตราย" in _refused(bomb, "bomb.pdf", registry).thai


def test_a_pdf_inside_the_stream_bounds_reads(registry: FrameworkRegistry) -> None:
    """The same construction, 512 KB of whitespace: it opens, and is refused only for what it says."""
    with pytest.raises(ReadError, match="ไม่พบตารางมาตรการ"):
        read_document_bytes(hostile.pdf_bomb(MB // 2), "small.pdf", registry)


def _lines(count: int) -> bytes:
    return b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" + b"".join(
        b"%d %d m %d %d l S\n" % (n % 500, n % 700, n % 500 + 5, n % 700 + 5) for n in range(count)
    )


def test_a_page_drawing_too_much_is_refused_before_pdfplumber_parses_it(registry: FrameworkRegistry) -> None:
    """Before the bounds, a page of 300,000 lines took pdfplumber 80 s and 1 GB."""
    assert "คำสั่งวาดบนหน้า 1" in _refused(hostile.pdf_with_content(_lines(300_000)), "lines.pdf", registry).thai
    assert "เส้นบนหน้า 1" in _refused(hostile.pdf_with_content(_lines(25_000)), "lines.pdf", registry).thai


# --- the command line -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "thai", "english"),
    [
        ("bomb.docx", lambda: hostile.docx_bomb(1024 * MB), "อาจเป็นไฟล์อันตราย", "compression bomb"),
        ("span.docx", lambda: docx_with_grid_span("200000000"), "gridSpan", "gridSpan"),
        ("span-abc.docx", lambda: docx_with_grid_span("abc"), "gridSpan", "gridSpan"),
        ("bomb.pdf", lambda: hostile.pdf_bomb(256 * MB), "อาจเป็นไฟล์อันตราย", "compression bomb"),
    ],
)
def test_cli_import_of_a_hostile_file_exits_2_with_a_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, make: object, thai: str, english: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make())  # type: ignore[operator]
    monkeypatch.chdir(tmp_path)
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", str(path)], out, err) == 2
    assert out.getvalue() == "" and thai in err.getvalue() and english in err.getvalue()
    assert "Traceback" not in err.getvalue() and sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_member_of_a_zip_version_nothing_reads_is_refused() -> None:
    """Found by the fuzzing of mangled seeds: a member stating ZIP version 24.8 made zipfile raise
    NotImplementedError past the readers' own errors."""
    import io
    import zipfile

    from prongsai.core.errors import ReadError
    from prongsai.ingest.containers import check_zip

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    data = bytearray(buffer.getvalue())
    local = data.index(b"PK\x03\x04")
    central = data.index(b"PK\x01\x02")
    data[local + 4 : local + 6] = (248).to_bytes(2, "little")  # version needed to extract: 24.8
    data[central + 6 : central + 8] = (248).to_bytes(2, "little")
    with pytest.raises(ReadError):
        check_zip(bytes(data), "mangled.docx")
