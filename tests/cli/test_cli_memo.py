"""`prongsai report` of a source without a memo: it gets one from the organisation's data, unless --no-memo."""

from __future__ import annotations

import re
from pathlib import Path

import pypdfium2
from docx import Document as open_docx

from tests.cli.test_cli import run
from tests.ingest.conftest import seed_text


def _pages(path: Path) -> list[str]:
    document = pypdfium2.PdfDocument(path.read_bytes())
    texts = [re.sub(r"\s+", "", page.get_textpage().get_text_range()) for page in document]
    document.close()
    return texts


def test_report_of_a_source_without_a_memo_carries_one(tmp_path: Path) -> None:
    source = tmp_path / "seed004.txt"  # ทต.น้ำโจ้'s report: no memo
    source.write_text(seed_text("seed004"), encoding="utf-8")
    code, out, err = run("import", source, "--json")
    assert code == 0, err
    assert '"memo": null' in out
    data = tmp_path / "seed004.json"
    data.write_text(out, encoding="utf-8")

    assert run("report", data, "--layout", "D", "-o", tmp_path / "with.pdf")[0] == 0
    pages = _pages(tmp_path / "with.pdf")
    assert pages[0].startswith("บันทึกข้อความ") and "เรียนนายกเทศบาลตำบลน้ำโจ้" in pages[0]
    assert "หน้า" not in pages[0] and "หน้า๑/" in pages[1]  # the memo is not numbered
    # the framework fills layout D's issue column of the measures whose questions are known (e1 on measure 6)
    assert "เจ้าหน้าที่ของหน่วยงานที่ท่านติดต่อ" in "".join(pages)

    assert run("report", data, "--format", "docx", "-o", tmp_path / "with.docx")[0] == 0
    assert any(p.text == "บันทึกข้อความ" for p in open_docx(str(tmp_path / "with.docx")).paragraphs)

    assert run("report", data, "--layout", "D", "--no-memo", "-o", tmp_path / "without.pdf")[0] == 0
    assert "บันทึกข้อความ" not in "".join(_pages(tmp_path / "without.pdf"))
