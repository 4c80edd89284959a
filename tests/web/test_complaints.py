"""The anonymous complaint channel, as the reporter and the complaint officer use it.

The oracles are outside the channel's code: the raw database (every table, every column), the response
headers, the log records Django's own loggers emit, and the attachments as Pillow, pikepdf, python-docx and
openpyxl read them back.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
import re
import threading
import urllib.request
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
import openpyxl
import pikepdf
import pytest
from django.contrib.auth.hashers import check_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, models
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from prongsai.web.complaints.models import Complaint, ComplaintFile, ComplaintMessage
from prongsai.web.complaints.privacy import decrypt
from prongsai.web.complaints.services import officer_message
from prongsai.web.organisations.models import AuditEntry, Membership
from prongsai.web.publication.models import Notification
from tests.web.conftest import World, stored_bytes

REPORTER_ADDRESS = "203.0.113.77"
REPORTER_AGENT = "Mozilla/5.0 (Reporter-Phone-7731)"
STORY = "ปลัดเรียกเงินสามหมื่นบาทเพื่อให้ผ่านการตรวจรับงานถนนหมู่ที่สี่"
SECRET_NAME = "Somchai-Jaidee-Camera-Owner"


def reporter(address: str = REPORTER_ADDRESS) -> Client:
    return Client(REMOTE_ADDR=address, HTTP_USER_AGENT=REPORTER_AGENT)


def form_token(client: Client, slug: str) -> str:
    page = client.get(reverse("complaint-report", args=[slug])).content.decode()
    found = re.search(r'name="token" value="([^"]+)"', page)
    assert found, "the report form carries its token"
    return found.group(1)


def file_report(client: Client, slug: str = "thotsop", token: str | None = None, **extra: Any) -> Any:
    data = {
        "kind": "bribery",
        "what": STORY,
        "when": "ต้นเดือนมีนาคม",
        "where": "ที่ทำการ อบต.",
        "who": "ปลัด",
        "contact": "",
        "website": "",
        "token": token or form_token(client, slug),
        **extra,
    }
    return client.post(reverse("complaint-report", args=[slug]), data)


def receipt_of(response: Any) -> str:
    found = re.search(r'id="receipt">([\d ]+)<', response.content.decode())
    assert found, response.content.decode()[:2000]
    return found.group(1)


def raw_database() -> bytes:
    """Every value of every table, as the database holds it."""
    dump = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview | bytes):
                        dump.append(bytes(value))
                    elif value is not None:
                        dump.append(str(value).encode("utf-8"))
    return b"\n".join(dump)


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x013B] = SECRET_NAME  # Artist
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0112] = 6  # orientation: rotated
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=SECRET_NAME.encode())
    return out.getvalue()


def pdf_with_author() -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Author"] = SECRET_NAME
    with pdf.open_metadata() as meta:
        meta["dc:creator"] = [SECRET_NAME]
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def docx_with_author() -> bytes:
    document = docx.Document()
    document.add_paragraph("หลักฐานการจ่ายเงิน")
    document.core_properties.author = SECRET_NAME
    document.core_properties.last_modified_by = SECRET_NAME
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_with_creator() -> bytes:
    book = openpyxl.Workbook()
    book.active["A1"] = "รายการ"
    book.properties.creator = SECRET_NAME
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _fresh_throttles() -> Iterator[None]:
    from prongsai.web.complaints.privacy import THROTTLES

    THROTTLES.clear()
    yield
    THROTTLES.clear()


# --- the report and its receipt -----------------------------------------------------------------------------


def test_a_report_without_an_account_gives_a_receipt_and_keeps_nothing_identifying(world: World) -> None:
    client = reporter()
    response = file_report(client)
    assert response.status_code == 200
    shown = receipt_of(response)
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", shown)
    page = response.content.decode()
    assert "โปรดจดรหัสนี้เก็บไว้" in page and "แสดงเพียงครั้งนี้ครั้งเดียว" in page
    code = shown.replace(" ", "")
    complaint = Complaint.objects.get()
    assert complaint.organisation == world.a and complaint.kind == "bribery" and complaint.status == "new"
    raw = raw_database()
    for secret in (code, shown, REPORTER_ADDRESS, "Reporter-Phone-7731", STORY, "ต้นเดือนมีนาคม"):
        assert secret.encode("utf-8") not in raw, secret
    # no time of day anywhere about the report: its own columns are days, and nothing was audited for it
    for model in (Complaint, ComplaintMessage, ComplaintFile):
        assert not [f.name for f in model._meta.get_fields() if isinstance(f, models.DateTimeField)]
    assert not AuditEntry.objects.filter(object_type="Complaint").exists()


def test_the_receipt_is_kept_as_a_slow_salted_hash(world: World, settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]  # the project's default
    code = receipt_of(file_report(reporter())).replace(" ", "")
    complaint = Complaint.objects.get()
    algorithm, iterations, salt, _ = complaint.receipt_hash.split("$")
    assert algorithm == "pbkdf2_sha256" and int(iterations) >= 600_000 and len(salt) >= 16
    assert check_password(code, complaint.receipt_hash)
    assert code not in complaint.lookup and code not in complaint.receipt_hash


def test_the_report_text_and_files_are_encrypted_at_rest(world: World) -> None:
    upload = SimpleUploadedFile("photo.png", _png_bytes(), content_type="image/png")
    file_report(reporter(), attachments=upload)
    with connection.cursor() as cursor:
        cursor.execute("SELECT report FROM complaints_complaint")
        (stored,) = cursor.fetchone()
        cursor.execute("SELECT data FROM complaints_complaintfile")
        (stored_file,) = cursor.fetchone()
    assert STORY.encode() not in bytes(stored) and "ปลัด".encode() not in bytes(stored)
    assert bytes(stored).startswith(b"gAAAAA")  # a Fernet token
    assert b"\x89PNG" not in bytes(stored_file) and b"IHDR" not in bytes(stored_file)
    assert STORY in decrypt(bytes(stored)).decode()


def _png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(out, "PNG")
    return out.getvalue()


def test_a_double_click_makes_one_report_and_shows_the_same_receipt(world: World) -> None:
    client = reporter()
    token = form_token(client, "thotsop")
    first, second = file_report(client, token=token), file_report(client, token=token)
    assert receipt_of(first) == receipt_of(second)
    assert Complaint.objects.count() == 1


def test_the_honeypot_refuses_and_stores_nothing(world: World) -> None:
    response = file_report(reporter(), website="http://spam.example")
    assert response.status_code == 400 and "ส่งเรื่องไม่สำเร็จ" in response.content.decode()
    assert not Complaint.objects.exists()


def test_reports_from_one_address_are_throttled_in_memory(world: World) -> None:
    for _ in range(3):
        assert file_report(reporter()).status_code == 200
    refused = file_report(reporter())
    assert refused.status_code == 429 and "หลายครั้งเกินไป" in refused.content.decode()
    assert file_report(reporter("198.51.100.5")).status_code == 200  # another address is not held back
    assert Complaint.objects.count() == 4
    assert REPORTER_ADDRESS.encode() not in raw_database()


def test_bad_input_gets_thai_messages_and_changes_nothing(world: World) -> None:
    response = file_report(reporter(), what="สั้น", kind="")
    page = response.content.decode()
    assert response.status_code == 200 and "กรุณาเล่าเหตุการณ์" in page and "This field" not in page
    refused = file_report(reporter(), attachments=SimpleUploadedFile("x.exe", b"MZ\x90\x00binary"))
    assert "รับได้เฉพาะรูปภาพ" in refused.content.decode()
    broken = file_report(reporter(), attachments=SimpleUploadedFile("x.pdf", b"%PDF-1.4 broken"))
    assert "ลบข้อมูลผู้สร้างไม่ได้" in broken.content.decode()
    assert not Complaint.objects.exists()
    assert reporter().get(reverse("complaint-report", args=["no-such-place"])).status_code == 404


def test_the_channel_sets_no_cookie_but_csrf(world: World) -> None:
    client = reporter()
    responses = [client.get(reverse("complaint-report", args=["thotsop"]))]
    responses.append(file_report(client))
    code = receipt_of(responses[-1])
    responses.append(client.get(reverse("complaint-follow-up")))
    responses.append(client.post(reverse("complaint-follow-up"), {"receipt": code}))
    responses.append(client.post(reverse("complaint-reply"), {"receipt": code, "text": "เพิ่มเติม"}))
    for response in responses:
        assert set(response.cookies) <= {"csrftoken"}, response.cookies
        assert "no-store" in response["Cache-Control"]
    assert "csrftoken" in responses[0].cookies


# --- attachments ----------------------------------------------------------------------------------------------


def _unpacked(data: bytes) -> bytes:
    """The file's bytes, and for an office file (a zip) every member's unpacked bytes too."""
    if not data.startswith(b"PK"):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return data + b"".join(archive.read(name) for name in archive.namelist())


@pytest.mark.parametrize(
    ("made", "name"),
    [
        (jpeg_with_exif, "p.jpg"),
        (pdf_with_author, "d.pdf"),
        (docx_with_author, "w.docx"),
        (xlsx_with_creator, "s.xlsx"),
    ],
)
def test_attachments_are_stored_without_their_metadata(world: World, made: Any, name: str) -> None:
    original = made()
    assert SECRET_NAME.encode() in _unpacked(original)
    file_report(reporter(), attachments=SimpleUploadedFile(name, original))
    stored = ComplaintFile.objects.get()
    data = decrypt(stored.data)
    assert SECRET_NAME.encode() not in _unpacked(data)
    if name.endswith("jpg"):
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif() and "comment" not in image.info
            assert image.size == (30, 40)  # turned upright by the orientation it had, then the tag dropped
    elif name.endswith("pdf"):
        with pikepdf.open(io.BytesIO(data)) as pdf:
            assert not dict(pdf.docinfo) and "/Metadata" not in pdf.Root
            assert len(pdf.pages) == 1
    elif name.endswith("docx"):
        properties = docx.Document(io.BytesIO(data)).core_properties
        assert properties.author == "" and properties.last_modified_by == ""
        assert "หลักฐานการจ่ายเงิน" in docx.Document(io.BytesIO(data)).paragraphs[0].text
    else:
        book = openpyxl.load_workbook(io.BytesIO(data))
        assert book.properties.creator != SECRET_NAME and book.active["A1"].value == "รายการ"


# --- following up with the receipt ----------------------------------------------------------------------------


def test_the_receipt_opens_the_report_and_a_wrong_code_is_not_told_apart_from_throttling(
    world: World,
) -> None:
    code = receipt_of(file_report(reporter())).replace(" ", "")
    opened = reporter().post(reverse("complaint-follow-up"), {"receipt": f"{code[:4]}-{code[4:]}"})
    assert opened.status_code == 200 and "การเรียกรับสินบน" in opened.content.decode()
    wrong = "1" * 16 if code != "1" * 16 else "2" * 16
    answers = [
        reporter("192.0.2.9").post(reverse("complaint-follow-up"), {"receipt": wrong}) for _ in range(5)
    ]
    throttled = reporter("192.0.2.9").post(
        reverse("complaint-follow-up"), {"receipt": code}
    )  # right, but 6th

    def visible(response: Any) -> str:
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())

    assert "ไม่พบเรื่องตามรหัสนี้" in visible(answers[0])
    assert {r.status_code for r in [*answers, throttled]} == {200}
    assert visible(throttled) == visible(answers[0])
    assert "การเรียกรับสินบน" not in visible(throttled)
    assert reporter("192.0.2.10").post(reverse("complaint-follow-up"), {"receipt": code}).status_code == 200


def test_reporter_and_officer_write_to_each_other_and_only_staff_actions_are_audited(world: World) -> None:
    code = receipt_of(file_report(reporter())).replace(" ", "")
    complaint = Complaint.objects.get()
    world.users["complaint_officer"].first_name = "สมศรี"
    world.users["complaint_officer"].save()
    officer = world.client("complaint_officer")
    inbox = officer.get(reverse("complaints", args=["thotsop"])).content.decode()
    assert f'href="/o/thotsop/complaints/{complaint.pk}/"' in inbox
    detail = officer.get(reverse("complaint", args=["thotsop", complaint.pk])).content.decode()
    assert STORY in detail and "ผู้ร้องเรียนไม่ได้ให้ไว้" in detail
    officer.post(reverse("complaint-message", args=["thotsop", complaint.pk]), {"text": "ขอทราบวันที่โดยประมาณ"})
    page = reporter().post(reverse("complaint-follow-up"), {"receipt": code}).content.decode()
    assert "ขอทราบวันที่โดยประมาณ" in page
    assert "สมศรี" not in page  # the officer is not named to the reporter
    reporter().post(
        reverse("complaint-reply"),
        {
            "receipt": code,
            "text": "ประมาณวันที่ห้ามีนาคม",
            "attachments": SimpleUploadedFile("p.jpg", jpeg_with_exif()),
        },
    )
    detail = officer.get(reverse("complaint", args=["thotsop", complaint.pk])).content.decode()
    assert "ประมาณวันที่ห้ามีนาคม" in detail and "ไฟล์แนบ-" in detail and "สมศรี" in detail
    downloaded = officer.get(reverse("complaint-file", args=["thotsop", complaint.pk, 1]))
    assert downloaded.status_code == 200 and downloaded["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(downloaded.content)) as image:
        assert image.format == "JPEG"
    actions = list(AuditEntry.objects.filter(object_type="Complaint").values_list("action", "user__username"))
    assert actions == [("complaint.message", "complaints")]
    assert "ประมาณวันที่ห้ามีนาคม" not in str(list(AuditEntry.objects.values_list("summary", "before", "after")))


def test_status_changes_need_their_details_in_thai_and_are_audited(world: World) -> None:
    file_report(reporter())
    complaint = Complaint.objects.get()
    officer = world.client("complaint_officer")
    url = reverse("complaint-status", args=["thotsop", complaint.pk])
    refused = officer.post(url, {"status": "forwarded", "forwarded_to": "named", "forwarded_name": ""})
    assert refused.status_code == 400 and "กรุณาระบุชื่อหน่วยงานที่ส่งต่อ" in refused.content.decode()
    refused = officer.post(url, {"status": "closed", "outcome": " "})
    assert refused.status_code == 400 and "ต้องระบุผลการดำเนินการ" in refused.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == "new"
    officer.post(url, {"status": "forwarded", "forwarded_to": "nacc"})
    officer.post(url, {"status": "closed", "outcome": "ส่งสำนักงาน ป.ป.ช. ดำเนินการแล้ว"})
    complaint.refresh_from_db()
    assert (complaint.status, complaint.forwarded_to, complaint.closed_on) == (
        "closed",
        "nacc",
        timezone.localdate(),
    )
    summaries = list(AuditEntry.objects.filter(action="complaint.status").values_list("summary", flat=True))
    assert len(summaries) == 2 and "สำนักงาน ป.ป.ช." in summaries[1]


def test_other_roles_do_not_read_complaints(world: World) -> None:
    file_report(reporter())
    complaint = Complaint.objects.get()
    for role in ("coordinator", "admin", "approver", "officer", "overseer"):
        assert world.client(role).get(reverse("complaint", args=["thotsop", complaint.pk])).status_code == 403
        assert STORY not in world.client(role).get(reverse("audit", args=["thotsop"])).content.decode()
    # a coordinator who is also a complaint officer does read them
    Membership.objects.create(
        user=world.users["coordinator"], organisation=world.a, role=Membership.COMPLAINT_OFFICER
    )
    page = world.client("coordinator").get(reverse("complaint", args=["thotsop", complaint.pk]))
    assert page.status_code == 200 and STORY in page.content.decode()


# --- logs -----------------------------------------------------------------------------------------------------


class Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []
        self.seen: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)
        self.seen.append(_everything_in(record))  # now: a socket's repr loses its addresses once closed


def _everything_in(record: logging.LogRecord) -> str:
    request = getattr(record, "request", None)
    meta = getattr(request, "META", {})
    return " ".join([record.getMessage(), repr(record.__dict__), repr(meta), repr(request)])


def test_the_request_log_keeps_no_address_of_the_channels_requests(world: World) -> None:
    collect = Collect()
    loggers = [logging.getLogger(name) for name in ("django.request", "django.security.csrf")]
    for logger in loggers:
        logger.addHandler(collect)
    try:
        reporter().get(reverse("complaint-reply"))  # 405: Django logs it as a warning with the request
        no_token = Client(enforce_csrf_checks=True, REMOTE_ADDR=REPORTER_ADDRESS)
        assert no_token.post(reverse("complaint-follow-up"), {"receipt": "1"}).status_code == 403  # CSRF log
        reporter().get("/p/thotsop/2566/nothing-here/")  # the same kind of line elsewhere keeps its request
    finally:
        for logger in loggers:
            logger.removeHandler(collect)
    assert collect.records, "Django logged the unrelated 404"
    assert all("/complaint/" not in r.getMessage() for r in collect.records)
    assert all(
        REPORTER_ADDRESS not in _everything_in(r) for r in collect.records if "complaint" in r.getMessage()
    )
    assert any(REPORTER_ADDRESS in _everything_in(r) for r in collect.records)  # the oracle sees addresses


def test_the_development_servers_log_keeps_no_address_of_the_channels_requests(world: World) -> None:
    from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer
    from django.core.wsgi import get_wsgi_application

    server = WSGIServer(("127.0.0.1", 0), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    collect = Collect()
    logger = logging.getLogger("django.server")
    logger.addHandler(collect)
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        for path in ("/p/complaint/", "/healthz"):
            with urllib.request.urlopen(base + path) as response:
                assert response.status == 200
    finally:
        server.shutdown()
        server.server_close()
        logger.removeHandler(collect)
    lines = collect.seen
    assert not [line for line in lines if "complaint" in line]
    assert any("/healthz" in line and "127.0.0.1" in line for line in lines)  # other lines keep theirs


# --- reminders and statistics ---------------------------------------------------------------------------------


def test_officers_are_reminded_of_reports_waiting_too_long(world: World, settings: Any) -> None:
    from prongsai.web.publication.reminders import send_reminders

    settings.PRONGSAI_COMPLAINT_REMINDER_DAYS = 7
    file_report(reporter())
    complaint = Complaint.objects.get()
    day = complaint.received_on
    send_reminders(day + dt.timedelta(days=6))
    assert not Notification.objects.filter(key__startswith="complaint").exists()
    send_reminders(day + dt.timedelta(days=7))
    notices = Notification.objects.filter(key__startswith="complaint")
    assert [(n.user.username, n.text) for n in notices] == [
        ("complaints", f"เรื่องร้องเรียนที่ {complaint.pk} รอคำตอบมา 7 วัน")
    ]
    officer_message(complaint=complaint, user=world.users["complaint_officer"], text="รับเรื่องแล้ว", today=day)
    send_reminders(day + dt.timedelta(days=8))
    assert not Notification.objects.filter(
        key__startswith="complaint", day=day + dt.timedelta(days=8)
    ).exists()
    assert not Notification.objects.filter(
        key__startswith="complaint", user=world.users["coordinator"]
    ).exists()


def _complaint_on(world: World, day: dt.date, kind: str) -> Complaint:
    from prongsai.web.complaints.services import ReportText, complaint_submit, new_form_token

    complaint, _ = complaint_submit(
        organisation=world.a,
        form_token=new_form_token(),
        kind=kind,
        text=ReportText(STORY, "", "", ""),
        files=[],
        today=day,
    )
    return complaint


def test_the_statistics_are_shown_approved_and_published_like_the_other_documents(world: World) -> None:
    from prongsai.web.complaints.services import complaint_set_status
    from prongsai.web.publication.models import DocumentVersion

    officer = world.users["complaint_officer"]
    first = _complaint_on(world, dt.date(2022, 11, 1), "bribery")  # fiscal year 2566
    officer_message(complaint=first, user=officer, text="รับเรื่องแล้ว", today=dt.date(2022, 11, 4))
    complaint_set_status(
        complaint=first, user=officer, status="forwarded", forwarded_to="oag", today=dt.date(2022, 11, 5)
    )
    _complaint_on(world, dt.date(2023, 3, 1), "procurement")
    _complaint_on(world, dt.date(2023, 10, 2), "other")  # fiscal year 2567: not counted in 2566
    page = world.client("coordinator").get(reverse("complaint-statistics", args=["thotsop", 2566]))
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.content.decode()))
    assert "รับเรื่องทั้งสิ้น 2 เรื่อง" in text and "การเรียกรับสินบน 1" in text
    assert "มัธยฐาน จาก 1 เรื่อง) 3 วัน" in text and "สำนักงานการตรวจเงินแผ่นดิน (สตง.) 1" in text
    assert STORY not in page.content.decode()
    coordinator, approver = world.client("coordinator"), world.client("approver")
    coordinator.post(reverse("version-submit", args=["thotsop", 2566]), {"kind": "complaints", "layout": "A"})
    version = DocumentVersion.objects.get(kind="complaints")
    assert version.content["statistics"]["received"] == 2 and STORY not in str(version.content)
    approver.post(
        reverse("version-decide", args=["thotsop", version.pk]), {"decision": "approve", "opinion": ""}
    )
    coordinator.post(reverse("version-publish", args=["thotsop", version.pk]))
    version.refresh_from_db()
    publication = version.publication
    with zipfile.ZipFile(io.BytesIO(stored_bytes(publication.docx))) as archive:
        words = "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml"))
    assert "O29" in words  # the 2566 framework's OIT item for complaint statistics, in the footer
    assert "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ" in words and "การเรียกรับสินบน" in words
    assert stored_bytes(publication.pdf).startswith(b"%PDF")
    # a report received after publication does not change what was published
    _complaint_on(world, dt.date(2023, 4, 1), "property")
    public = Client().get(reverse("public-year", args=["thotsop", 2566])).content.decode()
    public_text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", public))
    assert "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ" in public_text
    assert "รับเรื่องทั้งสิ้น 2 เรื่อง" in public_text and "O29" in public_text
    assert reverse("complaint-report", args=["thotsop"]) in public
    preview = world.client("approver").get(
        reverse("complaint-statistics-file", args=["thotsop", 2566, "pdf"])
    )
    assert preview.status_code == 200 and preview.content.startswith(b"%PDF")


def test_the_demo_data_publishes_complaint_statistics(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    from django.core.management import call_command

    call_command("demo_data")
    call_command("demo_data")  # again: nothing doubled
    assert "complaints" in capsys.readouterr().out
    assert Complaint.objects.count() == 3
    year = Complaint.objects.first().fiscal_year  # type: ignore[union-attr]
    page = Client().get(reverse("public-year", args=["nongpakor", year])).content.decode()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    assert "รับเรื่องทั้งสิ้น 3 เรื่อง" in text and "อำเภอ 1" in text


def test_at_most_five_files_and_the_code_never_travels_in_the_address(world: World) -> None:
    files = [SimpleUploadedFile(f"p{n}.png", _png_bytes()) for n in range(6)]
    refused = file_report(reporter(), attachments=files)
    assert "แนบได้ไม่เกิน 5 ไฟล์" in refused.content.decode() and not Complaint.objects.exists()
    code = receipt_of(file_report(reporter())).replace(" ", "")
    by_address = reporter().get(reverse("complaint-follow-up") + f"?receipt={code}").content.decode()
    assert "การเรียกรับสินบน" not in by_address and code not in by_address
    thai_digits = code.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert (
        "การเรียกรับสินบน"
        in reporter().post(reverse("complaint-follow-up"), {"receipt": thai_digits}).content.decode()
    )


def test_a_server_error_on_the_channel_mails_no_address_code_or_text(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from django.core import mail

    from prongsai.web.complaints import views

    settings.ADMINS = [("ผู้ดูแล", "admin@example.org")]
    code = receipt_of(file_report(reporter())).replace(" ", "")

    def broken(_: str) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(views, "receipt_lookup", broken)
    client = Client(REMOTE_ADDR=REPORTER_ADDRESS, raise_request_exception=False)
    assert client.post(reverse("complaint-follow-up"), {"receipt": code}).status_code == 500
    assert len(mail.outbox) == 1, "the error is still reported, for it must be fixed"
    sent = mail.outbox[0]
    everything = sent.subject + sent.body + "".join(str(a[0]) for a in getattr(sent, "alternatives", []))
    assert "the database went away" in everything
    assert REPORTER_ADDRESS not in everything and code not in everything and REPORTER_AGENT not in everything


def test_the_statistics_document_is_voided_by_a_new_complaint_not_by_a_measure(world: World) -> None:
    """Approvals are voided by writes to the data a document states: the complaints for this one."""
    from prongsai.web.programme.services import measure_update
    from prongsai.web.publication.models import DocumentVersion

    _complaint_on(world, dt.date(2022, 11, 1), "bribery")  # fiscal year 2566
    world.client("coordinator").post(
        reverse("version-submit", args=["thotsop", 2566]), {"kind": "complaints", "layout": "A"}
    )
    version = DocumentVersion.objects.get(kind="complaints")
    measure_update(
        measure=world.measure,
        version=world.measure.version,
        fields={"title": "ชื่อใหม่"},
        units=None,
        user=world.users["coordinator"],
    )
    version.refresh_from_db()
    assert version.status == DocumentVersion.PENDING  # the measures are not in this document
    _complaint_on(world, dt.date(2023, 3, 1), "procurement")
    version.refresh_from_db()
    assert version.status == DocumentVersion.VOID and "เรื่องร้องเรียนใหม่" in version.void_reason
