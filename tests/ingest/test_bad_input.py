"""Bad input of every kind: a clear Thai message (English too in the CLI), exit code 2, nothing written, no traceback."""

from __future__ import annotations

import io
import json
import os
import random
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from prongsai.cli import main
from prongsai.core.errors import ProngsaiError
from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import read_document_bytes
from tests.ingest.conftest import seed_text
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


def run_import(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["import", str(path)], out, err)
    return code, out.getvalue(), err.getvalue()


def _no_header_workbook() -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for n in range(5):
        sheet.append([n, n * 2, n * 3])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _corrupt_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document>not xml at all")
    return buffer.getvalue()


def _pdf_without_text() -> bytes:
    import typst

    source = '#set page(paper: "a4")\n#rect(width: 5cm, height: 3cm, fill: gray)'
    pdf: bytes = typst.compile(source.encode(), font_paths=[str(FONT_DIRECTORY)])
    return pdf


BAD_FILES = [
    ("empty.txt", lambda: b"", "ว่างเปล่า", "is empty"),
    ("blank.txt", lambda: b"   \n\n  ", "ว่างเปล่า", "is empty"),
    ("garbage.txt", lambda: random.Random(1).randbytes(4000), "ไม่ใช่ไฟล์ข้อความ", "not a text file"),
    (
        "garbage-no-nul.txt",
        lambda: bytes(b or 1 for b in random.Random(2).randbytes(4000)),
        "ไม่ใช่ไฟล์ข้อความ",
        "not a text file",
    ),
    (
        "old-or-encrypted.docx",
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
        "มีรหัสผ่าน",
        "encrypted or in the old",
    ),
    ("broken.docx", _corrupt_docx, "เปิดไฟล์ Word", "cannot open the Word file"),
    ("broken.pdf", lambda: b"%PDF-1.7\n1 0 obj garbage", "เปิดไฟล์ PDF", "cannot open the PDF"),
    ("scan.pdf", _pdf_without_text, "ไม่มีชั้นข้อความ", "no text layer"),
    ("numbers.xlsx", _no_header_workbook, "ไม่พบมาตรการ", "no table header names"),
    ("letter.txt", lambda: "เรียน นายก\n\nขอรายงานว่าได้ดำเนินการแล้ว\n".encode(), "ไม่พบตารางมาตรการ", "no table"),
    ("other.zip", lambda: _zip_with("readme.txt"), "ไม่ใช่ .docx หรือ .xlsx", "not DOCX or XLSX"),
]


def _zip_with(name: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, "hello")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "make", "thai", "english"), BAD_FILES, ids=[f[0] for f in BAD_FILES])
def test_cli_refuses_bad_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, make: object, thai: str, english: str
) -> None:
    path = tmp_path / name
    path.write_bytes(make())  # type: ignore[operator]
    monkeypatch.chdir(tmp_path)
    before = sorted(os.listdir(tmp_path))
    code, out, err = run_import(path)
    assert (code, out) == (2, "")
    assert thai in err and english in err
    assert "Traceback" not in err
    assert sorted(os.listdir(tmp_path)) == before  # nothing written


def test_a_100_mb_file_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "huge.pdf"
    with path.open("wb") as handle:  # sparse: no 100 MB written to the disk
        handle.truncate(100 * 1024 * 1024)
    code, _, err = run_import(path)
    assert code == 2 and "ใหญ่เกินไป" in err and "too large" in err


def test_encrypted_pdf(tmp_path: Path) -> None:
    import pikepdf

    path = tmp_path / "locked.pdf"
    with pikepdf.open(io.BytesIO(to_pdf("ทดสอบ\n"))) as pdf:
        pdf.save(path, encryption=pikepdf.Encryption(user="secret", owner="secret"))
    code, _, err = run_import(path)
    assert code == 2 and "มีรหัสผ่าน" in err and "password-protected" in err


def test_cli_import_reads_a_seed(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(to_docx(seed_text("seed002")))
    out, err = io.StringIO(), io.StringIO()
    assert main(["import", "--json", str(path)], out, err) == 0
    data = json.loads(out.getvalue())
    assert data["source"] == "docx" and len(data["measures"]) == 5 and data["memo"]["date"] == "2021-10-05"
    out = io.StringIO()
    assert main(["import", str(path)], out, err) == 0
    report = out.getvalue()
    assert "มาตรการ 5 รายการ" in report and "องค์การบริหารส่วนตำบลหนองป่าก่อ" in report
    assert "ลงนาม 2 คน · ความเห็น 3 ระดับ" in report


# --- property-based: whatever arrives, a reader returns a document or raises the project's own error ----------

FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _read_or_refuse(data: bytes, name: str, registry: FrameworkRegistry) -> None:
    try:
        document = read_document_bytes(data, name, registry)
    except ProngsaiError as error:
        assert error.thai and error.english
        return
    assert document.measures  # a document that reads has measures; otherwise it is refused


@FUZZ
@given(data=st.binary(max_size=3000), name=st.sampled_from(["a.txt", "a.csv", "a.docx", "a.pdf", "a.xlsx"]))
def test_random_bytes(registry: FrameworkRegistry, data: bytes, name: str) -> None:
    _read_or_refuse(data, name, registry)


@FUZZ
@given(
    text=st.text(
        alphabet=st.sampled_from(list("\t\n <>/|-.๑๒ กขมาตรการขั้นตอนผู้รับผิดชอบระยะเวลา ต.ค.๖๕ie๙")), max_size=600
    )
)
def test_random_tables_of_known_words(registry: FrameworkRegistry, text: str) -> None:
    _read_or_refuse(text.encode("utf-8"), "a.txt", registry)


def _mangle(data: bytes, seed: int) -> bytes:
    rng = random.Random(seed)
    mangled = bytearray(data)
    for _ in range(rng.randrange(1, 12)):
        action = rng.randrange(3)
        position = rng.randrange(len(mangled))
        if action == 0:
            mangled[position] = rng.randrange(256)
        elif action == 1:
            del mangled[position : position + rng.randrange(1, 200)]
        else:
            mangled[position:position] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 50)))
    if rng.random() < 0.2:
        mangled = mangled[: rng.randrange(len(mangled))]
    return bytes(mangled)


MANGLE_SOURCES: dict[str, bytes] = {}


def _workbook_of_seed(text: str) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for line in text.splitlines():
        if "\t" in line:
            sheet.append(line.split("\t"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _source(form: str) -> bytes:
    if form not in MANGLE_SOURCES:
        text = seed_text("seed002")
        makers = {
            "txt": lambda: text.encode(),
            "docx": lambda: to_docx(text),
            "pdf": lambda: to_pdf(text),
            "xlsx": lambda: _workbook_of_seed(text),
        }
        MANGLE_SOURCES[form] = makers[form]()
    return MANGLE_SOURCES[form]


@FUZZ
@given(form=st.sampled_from(["txt", "docx", "pdf", "xlsx"]), seed=st.integers(min_value=0, max_value=2**32))
def test_mangled_seed_files(registry: FrameworkRegistry, form: str, seed: int) -> None:
    _read_or_refuse(_mangle(_source(form), seed), f"mangled.{form}", registry)


def _office_pdf(producer: str) -> bytes:
    """Seed 002 as LibreOffice or Chromium makes it as PDF: marked spans, a glyph an object, rows a page cuts."""
    if PRODUCERS[producer] is None:
        if os.environ.get("PRONGSAI_REQUIRE_BROWSER"):
            pytest.fail(f"{producer} is not installed (make test installs it)")
        pytest.skip(f"{producer} is not installed")
    if producer not in MANGLE_SOURCES:
        text = seed_text("seed002")
        with tempfile.TemporaryDirectory() as directory:
            if producer == "libreoffice":
                MANGLE_SOURCES[producer] = libreoffice_pdfs({"seed": to_docx(text)}, Path(directory))["seed"]
            else:
                MANGLE_SOURCES[producer] = chromium_pdf(to_html(text), Path(directory), "seed")
    return MANGLE_SOURCES[producer]


PRODUCERS = {"libreoffice": OFFICE, "chromium": CHROMIUM}


@pytest.mark.parametrize("producer", list(PRODUCERS))
def test_mangled_office_pdfs(registry: FrameworkRegistry, producer: str) -> None:
    source = _office_pdf(producer)

    @FUZZ
    @given(seed=st.integers(min_value=0, max_value=2**32))
    def mangled(seed: int) -> None:
        _read_or_refuse(_mangle(source, seed), "mangled.pdf", registry)

    mangled()
