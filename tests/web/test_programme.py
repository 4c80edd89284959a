"""The programme's pages doing their work: results, analysis, measures, import, progress, dashboard, audit."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.web.organisations.models import AuditEntry, Unit
from prongsai.web.programme.models import Analysis, Evidence, Measure, ProgressEntry, Result
from tests.ingest.conftest import seed_text
from tests.ingest.conversions import to_docx
from tests.web.conftest import PDF_BYTES, YEAR, World

SCORES = "1,80\n2,70\n3,75\n4,72\n5,78\n6,70\n7,72\n8,74\n9,75.30\n10,76\ni9,40"


def form_token(page: str) -> str:
    """The one-time token of the page's (first) form that has one."""
    return page.split('name="token" value="')[1].split('"')[0]


def url(name: str, world: World, *args: object) -> str:
    return reverse(name, args=[world.a.slug, *args])


# --- results --------------------------------------------------------------------------------------------------


def test_entering_a_result_scores_it_and_records_the_change(world: World) -> None:
    client = world.client("coordinator")
    response = client.post(url("result", world, YEAR + 1), {"framework_version": 2566, "scores": SCORES})
    assert response.status_code == 302
    stored = Result.objects.get(organisation=world.a, fiscal_year=YEAR)
    assert (stored.total, stored.grade) == (Decimal("74.36"), "C")
    entry = AuditEntry.objects.get(action="result.save", object_id=str(stored.pk))
    assert (
        entry.user == world.users["coordinator"] and entry.after["total"] == "74.36" and entry.before is None
    )
    page = client.get(url("result", world, YEAR + 1)).content.decode()
    assert "0.00 จาก C (74.36)" in page  # the year before scored the same
    assert "i9" in page and 'class="weak"' in page


@pytest.mark.parametrize(
    ("scores", "message"),
    [
        ("1,101\n2,70", "แถวที่ 1: คะแนน 101 ของ 1 ต้องอยู่ระหว่าง 0–100"),
        ("1,80\n2,70", "ไม่มีคะแนนตัวชี้วัดที่ 3"),
        ("x7,50", "ไม่รู้จักรหัส"),
        ("80 70 75", "ไม่ใช่ตัวเลข"),
        ("", "This field is required"),
    ],
)
def test_bad_scores_are_refused_in_thai_and_nothing_changes(world: World, scores: str, message: str) -> None:
    before = list(Result.objects.values_list("pk", "total"))
    response = world.client("coordinator").post(
        url("result", world, YEAR), {"framework_version": 2566, "scores": scores}
    )
    assert response.status_code == 400
    if message != "This field is required":  # Django's own required message is translated by the locale
        assert message in response.content.decode()
    assert list(Result.objects.values_list("pk", "total")) == before


def test_result_import_from_a_spreadsheet(world: World) -> None:
    client = world.client("coordinator")
    csv = SimpleUploadedFile("ผล.csv", ("code,score\n" + SCORES).encode("utf-8-sig"))
    client.post(url("result-import", world, YEAR + 1), {"file": csv})
    assert Result.objects.get(organisation=world.a, fiscal_year=YEAR).total == Decimal("74.36")
    garbage = SimpleUploadedFile("ผล.xlsx", b"PK\x03\x04 broken")
    response = client.post(url("result-import", world, YEAR + 2), {"file": garbage}, follow=True)
    assert "เปิดไฟล์ Excel" in response.content.decode()
    assert not Result.objects.filter(fiscal_year=YEAR + 1).exists()


# --- analysis and measures: validation and two people editing ------------------------------------------------


def test_analysis_second_save_of_the_same_version_is_refused(world: World) -> None:
    first, second = world.client("coordinator"), world.client("admin")
    address = url("analysis", world, YEAR)
    assert first.post(address, {"analysis_text": "ก", "practice_text": "ข", "version": 1}).status_code == 302
    response = second.post(address, {"analysis_text": "ค", "practice_text": "ง", "version": 1})
    assert response.status_code == 400 and "มีผู้อื่นแก้ไขรายการนี้ไปแล้ว" in response.content.decode()
    assert "ค" in response.content.decode()  # the refused text is still on the screen, not lost
    assert Analysis.objects.get(organisation=world.a, fiscal_year=YEAR).analysis_text == "ก"


def _measure_form(world: World, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "group": "urgent",
        "tool": "",
        "indicator": "4",
        "questions": "i๒๐, I23",
        "issue": "",
        "title": "ประกาศขั้นตอนการยืมพัสดุ",
        "steps": "จัดทำประกาศ\n\nประชาสัมพันธ์\n",
        "units": [world.finance.pk],
        "start_month": "11",
        "start_year": "2565",
        "end_month": "2",
        "end_year": "2566",
        "timeframe_text": "",
        "theme": "",
    }
    data.update(changes)
    return data


def test_create_a_measure_with_be_month_pickers(world: World) -> None:
    response = world.client("coordinator").post(url("measure-new", world, YEAR), _measure_form(world))
    assert response.status_code == 302
    measure = Measure.objects.get(title="ประกาศขั้นตอนการยืมพัสดุ")
    assert (measure.number, measure.tool, measure.indicator) == (3, "IIT", 4)
    assert measure.questions == ["i20", "i23"] and measure.steps == ["จัดทำประกาศ", "ประชาสัมพันธ์"]
    assert (measure.start, measure.end) == (dt.date(2022, 11, 1), dt.date(2023, 2, 28))
    assert list(measure.units.all()) == [world.finance]
    assert AuditEntry.objects.filter(action="measure.create", object_id=str(measure.pk)).exists()


def test_timeframe_read_from_the_text_when_no_month_is_picked(world: World) -> None:
    form = _measure_form(
        world, start_month="", start_year="", end_month="", end_year="", timeframe_text="ต.ค. ๖๕ - ๓๑ มี.ค. ๖๖"
    )
    world.client("coordinator").post(url("measure-new", world, YEAR), form)
    measure = Measure.objects.get(title="ประกาศขั้นตอนการยืมพัสดุ")
    assert (measure.start, measure.end) == (dt.date(2022, 10, 1), dt.date(2023, 3, 31))
    assert measure.timeframe_text == "ต.ค. ๖๕ - ๓๑ มี.ค. ๖๖"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"end_year": "2565", "end_month": "1"}, "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น"),
        ({"questions": "i31"}, "ไม่รู้จักข้อ i31"),
        ({"group": "theme", "theme": ""}, "กรุณาระบุประเด็น"),
        ({"start_year": ""}, "กรุณาระบุปี พ.ศ."),
        ({"title": ""}, ""),
        ({"units": [999999]}, ""),
        ({"indicator": "11"}, ""),
    ],
)
def test_bad_measure_forms_answer_in_thai_and_save_nothing(
    world: World, changes: dict[str, object], message: str
) -> None:
    count = Measure.objects.count()
    response = world.client("coordinator").post(
        url("measure-new", world, YEAR), _measure_form(world, **changes)
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Measure.objects.count() == count


def test_two_people_editing_one_measure(world: World) -> None:
    address = url("measure-edit", world, world.measure.pk)
    first, second = world.client("coordinator"), world.client("admin")
    assert 'name="version" value="1"' in first.get(address).content.decode()
    assert first.post(address, _measure_form(world, title="ฉบับแรก", version=1)).status_code == 302
    response = second.post(address, _measure_form(world, title="ฉบับที่สอง", version=1))
    assert response.status_code == 400
    assert "มีผู้อื่นแก้ไขรายการนี้ไปแล้ว" in response.content.decode()
    world.measure.refresh_from_db()
    assert (world.measure.title, world.measure.version) == ("ฉบับแรก", 2)
    change = AuditEntry.objects.get(action="measure.update", object_id=str(world.measure.pk))
    assert change.before["title"] == "เผยแพร่แผนการใช้จ่ายงบประมาณ" and change.after["title"] == "ฉบับแรก"


def test_start_from_last_years_measures(world: World) -> None:
    world.measure.status = "completed"
    world.measure.save()
    client = world.client("coordinator")
    token = form_token(client.get(url("measures", world, YEAR + 1)).content.decode())
    response = client.post(url("measures-copy", world, YEAR + 1), {"token": token})
    assert response.status_code == 302
    copies = list(Measure.objects.filter(organisation=world.a, fiscal_year=YEAR + 1).order_by("number"))
    assert [m.title for m in copies] == [world.measure.title, world.other_measure.title]
    assert {m.status for m in copies} == {"unknown"} and not ProgressEntry.objects.filter(measure__in=copies)
    assert list(copies[0].units.all()) == list(world.measure.units.all())


# --- import: read, review, then save ----------------------------------------------------------------------------


def test_import_reads_then_saves_only_what_the_coordinator_confirms(world: World) -> None:
    client = world.client("coordinator")
    upload = SimpleUploadedFile("รายงาน.docx", to_docx(seed_text("seed002")))
    count = Measure.objects.count()
    review = client.post(url("measures-import", world, YEAR), {"file": upload})
    page = review.content.decode()
    assert review.status_code == 200 and "อ่านได้ 5 มาตรการ" in page
    assert Measure.objects.count() == count  # nothing saved before the review is confirmed
    token = form_token(page)
    form = {
        "token": token,
        "m0-keep": "1",
        "m0-title": "มาตรการจัดซื้อจัดจ้างโปร่งใส",
        "m0-steps": "ขั้นหนึ่ง\nขั้นสอง",
        "m0-units": "กองคลัง (งานพัสดุ)",
        "m0-progress": "ทำแล้ว",
        "m1-keep": "1",
        "m1-title": "มาตรการป้องกันการรับสินบน",
        "m1-units": "สำนักปลัด",
        "m1-progress": "",
    }
    response = client.post(url("measures-import-save", world, YEAR), form)
    assert response.status_code == 302
    saved = list(Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).order_by("number")[2:])
    assert [m.title for m in saved] == ["มาตรการจัดซื้อจัดจ้างโปร่งใส", "มาตรการป้องกันการรับสินบน"]
    assert saved[0].steps == ["ขั้นหนึ่ง", "ขั้นสอง"] and saved[0].start == dt.date(2021, 10, 1)
    assert [str(u) for u in saved[0].units.all()] == ["กองคลัง › งานพัสดุ"]
    assert Unit.objects.filter(organisation=world.a, name="สำนักปลัด", parent=None).exists()
    assert [e.text for e in saved[0].progress.all()] == ["ทำแล้ว"] and not saved[1].progress.exists()
    # the same review sent again (a double click) saves nothing, and says so
    again = client.post(url("measures-import-save", world, YEAR), form, follow=True)
    assert again.redirect_chain == [(url("measures", world, YEAR), 302)]
    assert "บันทึกมาตรการจากเอกสารนี้ไปแล้ว" in again.content.decode()
    assert Measure.objects.count() == count + 2


def test_an_unreadable_document_is_refused_with_its_reason(world: World) -> None:
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7 not really")
    response = world.client("coordinator").post(url("measures-import", world, YEAR), {"file": upload})
    assert response.status_code == 400 and "เปิดไฟล์ PDF" in response.content.decode()


# --- progress, evidence and outcome -----------------------------------------------------------------------------


def _progress(world: World, role: str, upload: SimpleUploadedFile | None = None, **extra: object) -> Client:
    client = world.client(role)
    data: dict[str, object] = {"date": "2023-03-01", "text": "จัดประชุมชี้แจงแล้ว", **extra}
    if upload is not None:
        data["file"] = upload
    client.post(url("progress-new", world, world.measure.pk), data)
    return client


def test_unit_officer_reports_progress_with_evidence(world: World) -> None:
    client = _progress(
        world,
        "officer",
        SimpleUploadedFile("ภาพประชุม.pdf", PDF_BYTES),
        link="https://example.org/x",
        public="on",
    )
    entry = ProgressEntry.objects.get(measure=world.measure, text="จัดประชุมชี้แจงแล้ว")
    assert entry.author == world.users["officer"]
    files = Evidence.objects.filter(entry=entry)
    assert sorted(bool(e.file) for e in files) == [False, True] and all(e.public for e in files)
    world.measure.refresh_from_db()
    assert world.measure.status == "in_progress"
    stored = files.get(link="")
    download = client.get(reverse("evidence", args=[world.a.slug, stored.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert "attachment" in download["Content-Disposition"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", b"MZ\x90\x00", "รับเฉพาะไฟล์ PDF, PNG, JPEG, DOCX หรือ XLSX"),
        ("renamed.pdf", b"just text pretending", "รับเฉพาะไฟล์ PDF, PNG, JPEG, DOCX หรือ XLSX"),
        ("big.pdf", b"%PDF" + b"0" * (1024 * 1024), "ไฟล์ใหญ่เกิน 1 MB"),
    ],
)
def test_refused_evidence_stores_nothing(
    world: World, settings: object, tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    settings.PRONGSAI_MAX_UPLOAD_MB = 1  # type: ignore[attr-defined]
    entries, files = ProgressEntry.objects.count(), Evidence.objects.count()
    on_disk = sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*"))  # type: ignore[attr-defined]
    response = world.client("officer").post(
        url("progress-new", world, world.measure.pk),
        {"date": "2023-03-01", "text": "จัดประชุมชี้แจงแล้ว", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert (ProgressEntry.objects.count(), Evidence.objects.count()) == (entries, files)
    assert sorted(p.name for p in Path(settings.MEDIA_ROOT).rglob("*")) == on_disk  # type: ignore[attr-defined]


def test_outcome_not_possible_needs_a_reason(world: World) -> None:
    client = world.client("officer")
    address = url("outcome", world, world.measure.pk)
    page = client.post(address, {"status": "not_possible", "version": 1}, follow=True).content.decode()
    assert "กรุณาระบุเหตุที่ดำเนินการไม่ได้" in page
    client.post(
        address,
        {
            "status": "not_possible",
            "not_possible_reason": "ไม่ได้รับงบประมาณ",
            "version": 1,
            "summary": "เลื่อนไปปีหน้า",
        },
    )
    world.measure.refresh_from_db()
    assert (world.measure.status, world.measure.not_possible_reason) == ("not_possible", "ไม่ได้รับงบประมาณ")


# --- dashboard, lists, audit ----------------------------------------------------------------------------------


def test_dashboard_counts_flags_late_and_names_what_units_owe(world: World) -> None:
    world.other_measure.status = "completed"
    world.other_measure.save()
    page = world.client("approver").get(url("dashboard", world, YEAR)).content.decode()
    assert '<span id="measure-total">2</span>' in page
    assert 'data-status="completed">1<' in page and 'data-status="unknown">1<' in page
    assert "มาตรการที่เลยกำหนด (1)" in page and "เผยแพร่แผนการใช้จ่ายงบประมาณ" in page
    assert "30 กันยายน 2566" in page  # a BE date
    assert "กองคลัง › งานพัสดุ</td><td>1<" in page
    assert "ตัวชี้วัดที่ 2 การใช้งบประมาณ: 70.00" in page


def test_measure_list_flags_late_measures(world: World) -> None:
    page = world.client("overseer").get(url("measures", world, YEAR)).content.decode()
    assert page.count("เลยกำหนด") == 1
    assert "เพิ่มมาตรการ" not in page  # readers see no buttons to change anything


def test_audit_trail_shows_who_changed_what(world: World) -> None:
    world.client("coordinator").post(
        url("measure-edit", world, world.measure.pk), _measure_form(world, title="ชื่อใหม่", version=1)
    )
    page = world.client("coordinator").get(url("audit", world)).content.decode()
    assert "แก้ไขมาตรการ" in page and "coordinator" in page and "ชื่อใหม่" in page
    shown = re.sub(
        r"<[^>]+>", " ", page
    )  # what a person reads (the filter's options keep codes as their values)
    assert "measure.update" not in shown  # the action in Thai, not its code


@pytest.mark.parametrize("name", ["dashboard", "measures"])
def test_list_pages_make_the_same_number_of_queries_whatever_the_size(world: World, name: str) -> None:
    client = world.client("coordinator")
    address = url(name, world, YEAR)

    def queries() -> int:
        client.get(address)  # warm the session and caches
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    small = queries()
    for n in range(20):
        extra = Measure.objects.create(
            organisation=world.a, fiscal_year=YEAR, number=10 + n, title=f"เพิ่ม {n}", end=dt.date(2023, 1, 1)
        )
        extra.units.set([world.finance, world.works])
        ProgressEntry.objects.create(measure=extra, date=dt.date(2023, 1, 2), text="รายงาน")
    assert queries() == small


# --- demo data ------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_data_builds_three_organisations_from_the_reports(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo_data")
    call_command("demo_data")  # again: nothing doubles
    assert Measure.objects.filter(organisation__slug="nongpakor").count() == 5
    assert Measure.objects.filter(organisation__slug="bankham").count() == 6
    assert Measure.objects.filter(organisation__slug="namjo").count() == 10
    assert Result.objects.get(organisation__slug="nongpakor", fiscal_year=2564).total == Decimal("74.36")
    out = capsys.readouterr().out
    for login in ("admin", "coordinator", "officer", "approver", "overseer"):
        assert f"  {login} " in out
    client = Client()
    assert client.login(username="officer", password="prongsai-demo")
    page = client.get("/o/nongpakor/2565/").content.decode()
    assert "74.36" in page and "มาตรการที่เลยกำหนด (1)" in page
    public = Client().get("/p/nongpakor/2565/")  # one organisation's year is published
    assert public.status_code == 200 and "implementation-1.pdf" in public.content.decode()
