"""The documents page: every document in both formats, composed from the year's data."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from django.urls import reverse
from docx import Document as open_docx
from pythainlp.util import normalize

from prongsai.frameworks import load_frameworks
from prongsai.ingest import read_document_bytes
from tests.web.conftest import YEAR, World


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", normalize(value))


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    return squeeze(text)


def file_url(world: World, kind: str, fmt: str, query: str = "") -> str:
    return reverse("document-file", args=[world.a.slug, YEAR, kind, fmt]) + query


@pytest.mark.parametrize("layout", ["A", "B", "C", "D"])
def test_implementation_report_in_each_layout_reads_back(world: World, layout: str) -> None:
    client = world.client("approver")
    response = client.get(file_url(world, "implementation", "pdf", f"?layout={layout}"))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    document = read_document_bytes(
        response.content, "r.pdf", load_frameworks(site_directory=None), framework_version=2566
    )
    # layout D has no column for the measure's words: its steps stand for it (the other measure has none)
    first = "".join(world.measure.steps) if layout == "D" else world.measure.title
    assert [squeeze(m.measure) for m in document.measures] == [
        squeeze(first),
        squeeze(world.other_measure.title),
    ]
    text = pdf_text(response.content)
    assert squeeze("O43") in text and squeeze("บันทึกข้อความ") in text  # the OIT item served; the cover memo


def test_docx_and_the_inline_preview(world: World) -> None:
    client = world.client("coordinator")
    docx = client.get(file_url(world, "measures", "docx"))
    assert docx.status_code == 200
    tables = open_docx(io.BytesIO(docx.content)).tables
    assert any(
        "เผยแพร่แผนการใช้จ่ายงบประมาณ" in cell.text for t in tables for row in t.rows for cell in row.cells
    )
    preview = client.get(file_url(world, "implementation", "pdf", "?layout=A&inline=1"))
    assert preview["Content-Disposition"].startswith("inline")


def test_analysis_document_states_the_result_and_the_weaknesses(world: World) -> None:
    text = pdf_text(world.client("coordinator").get(file_url(world, "analysis", "pdf")).content)
    assert squeeze("ได้รับผลการประเมิน ITA คะแนน ๗๔.๓๖ อยู่ในระดับ C") in text
    assert squeeze("การใช้งบประมาณ") in text and squeeze("ประเด็นที่ต้องพัฒนาให้ดีขึ้น") in text


def test_analysis_document_compares_charts_and_plans(world: World) -> None:
    """The year before's result beside the one before it (none here: "-"), the chart, and under each weakness the
    measures of the year that answer it: indicator 2's measure under indicator 2, none under 9."""
    from prongsai.web.programme.services import result_save

    result_save(
        organisation=world.a,
        fiscal_year=YEAR - 2,
        framework_version=2565,
        scores={str(n): "60" for n in range(1, 11)},
        user=world.users["coordinator"],
    )
    data = world.client("coordinator").get(file_url(world, "analysis", "pdf")).content
    text = pdf_text(data)
    assert squeeze("ผลการประเมินรายตัวชี้วัดเทียบกับปีที่ผ่านมา") in text
    assert squeeze("๒. การใช้งบประมาณ ๖๐.๐๐ ๗๐.๐๐ +๑๐.๐๐") in text
    plan = text.split(squeeze("มาตรการขับเคลื่อนการแก้ไขประเด็นที่เป็นจุดอ่อน"))[1]
    assert squeeze("ตัวชี้วัดที่ ๒ การใช้งบประมาณ (๗๐.๐๐ คะแนน) เผยแพร่แผนการใช้จ่ายงบประมาณ") in plan
    assert squeeze("ตัวชี้วัดที่ ๙ การเปิดเผยข้อมูล (๗๕.๓๐ คะแนน) ยังไม่ได้กำหนดมาตรการ") in plan
    assert squeeze("ซ่อมถนน") in plan  # indicator 1 (80) is a weakness too, and the road is its measure
    docx = open_docx(io.BytesIO(world.client("coordinator").get(file_url(world, "analysis", "docx")).content))
    assert len(docx.inline_shapes) == 1  # the chart


def test_custom_columns(world: World) -> None:
    query = "?column=number&column=measure&column=responsible&column=&grouping=none&digits=arabic"
    text = pdf_text(world.client("coordinator").get(file_url(world, "implementation", "pdf", query)).content)
    assert squeeze("ลำดับที่") in text and squeeze("กองคลัง › งานพัสดุ") not in text
    assert squeeze("กองคลัง (งานพัสดุ)") in text


@pytest.mark.parametrize("query", ["?column=bogus", "?layout=Z"])
def test_bad_layouts_are_refused(world: World, query: str) -> None:
    response = world.client("coordinator").get(file_url(world, "implementation", "pdf", query))
    assert response.status_code in (400, 404)


def test_unknown_document_kind_is_404(world: World) -> None:
    assert world.client("coordinator").get(file_url(world, "budget", "pdf")).status_code == 404


def test_documents_page_lists_every_document(world: World) -> None:
    page = world.client("overseer").get(reverse("documents", args=[world.a.slug, YEAR])).content.decode()
    assert page.count("ดูตัวอย่าง") == 6 and "O42" in page and "O43" in page


def _png(size: tuple[int, int] = (60, 60)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def _upload(name: str, data: bytes) -> object:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_coordinator_sets_the_emblem_that_every_document_carries(world: World) -> None:
    from prongsai.web.organisations.models import AuditEntry

    client = world.client("coordinator")
    address = reverse("documents-emblem", args=[world.a.slug, YEAR])
    response = client.post(address, {"file": _upload("ตรา.png", _png())}, follow=True)
    assert "บันทึกตราหน่วยงานแล้ว" in response.content.decode()
    assert 'alt="ตราหน่วยงาน"' in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.emblem
    for kind in ("analysis", "measures", "implementation"):
        docx = open_docx(io.BytesIO(client.get(file_url(world, kind, "docx")).content))
        assert len(docx.inline_shapes) == (2 if kind == "analysis" else 1), kind  # the analysis has its chart
    assert AuditEntry.objects.filter(organisation=world.a, action="organisation.emblem").count() == 1

    client.post(address, {"remove": "on"})
    world.a.refresh_from_db()
    assert not world.a.emblem
    docx = open_docx(io.BytesIO(client.get(file_url(world, "implementation", "docx")).content))
    assert len(docx.inline_shapes) == 0


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("ตรา.png", b"not an image at all", "PNG หรือ JPEG"),
        ("ตรา.pdf", b"%PDF-1.7 a document", "PNG หรือ JPEG"),
        ("ตรา.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 200, "ไฟล์เสีย"),
        ("ตรา.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * (3 * 1024 * 1024), "ใหญ่เกิน"),
        ("ใหญ่.png", _png((4100, 10)), "ด้านยาว"),
        (None, b"", "กรุณาเลือกไฟล์"),
    ],
)
def test_a_bad_emblem_is_refused_and_nothing_changes(
    world: World, name: str | None, data: bytes, message: str
) -> None:
    client = world.client("coordinator")
    address = reverse("documents-emblem", args=[world.a.slug, YEAR])
    client.post(address, {"file": _upload("ตรา.png", _png())})
    world.a.refresh_from_db()
    kept = world.a.emblem.name
    response = client.post(address, {"file": _upload(name, data)} if name else {}, follow=True)
    assert response.status_code == 200
    assert "ไม่ได้บันทึกตราหน่วยงาน" in response.content.decode() and message in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.emblem.name == kept
