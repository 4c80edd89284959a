"""Uploads are opened as what they claim to be before anything is stored: evidence, the emblem, reports to import
and score sheets. A hostile or damaged file gets a Thai message and leaves the database and the disk as they were.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from prongsai.web.organisations.models import AuditEntry
from prongsai.web.programme.models import Evidence, Measure, ProgressEntry, Result
from tests.ingest import hostile
from tests.web.conftest import PDF_BYTES, YEAR, World

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _image(fmt: str, size: tuple[int, int] = (120, 90)) -> bytes:
    buffer = io.BytesIO()
    # noise, so that the pixel data is long enough to cut
    Image.frombytes("RGB", size, bytes((n * 37 + n // 7) % 256 for n in range(size[0] * size[1] * 3))).save(
        buffer, format=fmt
    )
    return buffer.getvalue()


def png_with_cut_pixels() -> bytes:
    """A PNG whose chunks are all intact (right lengths, right CRCs) but whose pixel data stops halfway:
    Pillow's verify() accepts it, decoding it fails."""
    data = _image("PNG")
    out, position = [data[:8]], 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IDAT":
            body = body[: len(body) // 2]
        crc = zlib.crc32(kind + body)
        out.append(struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc))
        position += 12 + length
    return b"".join(out)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _on_disk(world: World, settings: object) -> list[str]:
    return sorted(str(p) for p in Path(settings.MEDIA_ROOT).rglob("*"))  # type: ignore[attr-defined]


def test_verify_alone_accepts_the_cut_png() -> None:
    """The oracle for the emblem and evidence cases below: the file passes Pillow's check of its chunks."""
    with Image.open(io.BytesIO(png_with_cut_pixels())) as image:
        image.verify()
    with Image.open(io.BytesIO(png_with_cut_pixels())) as image, pytest.raises(OSError, match="truncated"):
        image.load()


# --- evidence --------------------------------------------------------------------------------------------------


def _report_progress(world: World, name: str, content: bytes) -> str:
    client = world.client("officer")
    data = {"date": "2023-03-01", "text": "แนบหลักฐาน", "file": SimpleUploadedFile(name, content)}
    response = client.post(reverse("progress-new", args=[world.a.slug, world.measure.pk]), data, follow=True)
    return response.content.decode()  # refused: the page again, with the reason and what was typed


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("page.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>", "เปิดไฟล์ PDF"),
        ("fake.docx", _zip({"word/evil.html": b"<html></html>"}), "ไม่ใช่ .docx หรือ .xlsx"),
        ("parts.docx", _zip({"word/document.xml": b"<x/>"}), "[Content_Types].xml"),
        ("parts.xlsx", _zip({"xl/workbook.xml": b"<x/>"}), "[Content_Types].xml"),
        ("cut.png", png_with_cut_pixels(), "ไฟล์เสีย"),
        ("cut.jpg", _image("JPEG")[:-600], "ไฟล์เสีย"),
        ("bomb.docx", hostile.docx_bomb(256 * hostile.MB), "อาจเป็นไฟล์อันตราย"),
    ],
)
def test_evidence_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(
    world: World, settings: object, name: str, content: bytes, message: str
) -> None:
    before = (ProgressEntry.objects.count(), Evidence.objects.count(), _on_disk(world, settings))
    page = _report_progress(world, name, content)
    assert message in page
    assert (ProgressEntry.objects.count(), Evidence.objects.count(), _on_disk(world, settings)) == before


@pytest.mark.parametrize(
    ("name", "make", "content_type"),
    [
        ("รายงาน.pdf", lambda: PDF_BYTES, "application/pdf"),
        ("ภาพ.png", lambda: _image("PNG"), "image/png"),
        ("ภาพ.jpg", lambda: _image("JPEG"), "image/jpeg"),
        ("บันทึก.docx", lambda: hostile.docx_with_body("<w:p/>"), DOCX),
        ("ตาราง.xlsx", lambda: hostile.xlsx_with_sheet("<sheetData/>"), XLSX),
    ],
)
def test_evidence_of_every_kind_is_stored_as_it_came(
    world: World, name: str, make: object, content_type: str
) -> None:
    content: bytes = make()  # type: ignore[operator]
    _report_progress(world, name, content)
    stored = Evidence.objects.get(entry__text="แนบหลักฐาน")
    assert stored.content_type == content_type and stored.original_name == name
    with stored.file.open("rb") as handle:
        assert handle.read() == content


# --- the emblem ------------------------------------------------------------------------------------------------


def test_a_png_with_cut_pixels_is_refused_as_emblem_and_documents_keep_working(world: World) -> None:
    client = world.client("coordinator")
    address = reverse("documents-emblem", args=[world.a.slug, YEAR])
    response = client.post(
        address, {"file": SimpleUploadedFile("ตรา.png", png_with_cut_pixels())}, follow=True
    )
    assert "ไม่ได้บันทึกตราหน่วยงาน" in response.content.decode() and "ไฟล์เสีย" in response.content.decode()
    world.a.refresh_from_db()
    assert not world.a.emblem
    assert not AuditEntry.objects.filter(organisation=world.a, action="organisation.emblem").exists()
    pdf = client.get(reverse("document-file", args=[world.a.slug, YEAR, "implementation", "pdf"]))
    assert pdf.status_code == 200


def test_the_emblem_is_stored_as_a_png_encoded_here(world: World) -> None:
    client = world.client("coordinator")
    address = reverse("documents-emblem", args=[world.a.slug, YEAR])
    jpeg = _image("JPEG")
    client.post(address, {"file": SimpleUploadedFile("ตรา.jpg", jpeg)})
    world.a.refresh_from_db()
    assert world.a.emblem.name.endswith(".png")
    with world.a.emblem.open("rb") as handle:
        stored = handle.read()
    assert stored.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(stored)) as image, Image.open(io.BytesIO(jpeg)) as original:
        assert (
            image.size == original.size
            and image.convert("RGB").tobytes() == original.convert("RGB").tobytes()
        )
    pdf = client.get(reverse("document-file", args=[world.a.slug, YEAR, "implementation", "pdf"]))
    assert pdf.status_code == 200


# --- reports to import, score sheets ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("bomb.docx", lambda: hostile.docx_bomb(1024 * hostile.MB), "อาจเป็นไฟล์อันตราย"),
        ("span.docx", lambda: hostile.docx_with_grid_span("200000000"), "gridSpan"),
        ("span.docx", lambda: hostile.docx_with_grid_span("abc"), "gridSpan"),
        ("bomb.xlsx", lambda: hostile.xlsx_bomb(256 * hostile.MB), "อาจเป็นไฟล์อันตราย"),
        ("page.pdf", lambda: b"%PDF-1.7\n<html></html>", "เปิดไฟล์ PDF"),
    ],
)
def test_a_hostile_report_to_import_is_a_form_error_and_nothing_is_kept(
    world: World, name: str, make: object, message: str
) -> None:
    client = world.client("coordinator")
    measures = Measure.objects.count()
    response = client.post(
        reverse("measures-import", args=[world.a.slug, YEAR]),
        {"file": SimpleUploadedFile(name, make())},  # type: ignore[operator]
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert Measure.objects.count() == measures and "import" not in "".join(client.session.keys())


def test_a_bomb_score_sheet_is_refused_and_no_result_saved(world: World) -> None:
    client = world.client("coordinator")
    results = list(Result.objects.values())
    upload = SimpleUploadedFile("scores.xlsx", hostile.xlsx_bomb(256 * hostile.MB))
    response = client.post(reverse("result-import", args=[world.a.slug, YEAR]), {"file": upload}, follow=True)
    assert "อาจเป็นไฟล์อันตราย" in response.content.decode()
    assert list(Result.objects.values()) == results
