"""Everyday use of the forms: nothing typed is lost, dates are Buddhist Era both ways, lists are in order and can
be narrowed, and what a page says about a year is true of it."""

from __future__ import annotations

import datetime as dt
import re
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prongsai.core.model import MeasureTimeframe
from prongsai.web.organisations.models import AuditEntry, Organisation, Unit
from prongsai.web.programme.models import Measure, ProgressEntry, Result
from prongsai.web.programme.services import result_save
from tests.web.conftest import YEAR, World


def _measure_page(world: World, role: str = "officer") -> str:
    return world.client(role).get(reverse("measure", args=[world.a.slug, world.measure.pk])).content.decode()


def _report(world: World, **data: object) -> tuple[int, str]:
    response = world.client("officer").post(
        reverse("progress-new", args=[world.a.slug, world.measure.pk]), data
    )
    return response.status_code, response.content.decode()


class _Forms(HTMLParser):
    """The names of the fields of each form of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict[str, str]] = []  # name → type (or tag)
        self.inside = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "form":
            self.forms.append({})
            self.inside = True
        elif self.inside and tag in ("input", "textarea", "select") and found.get("name"):
            self.forms[-1][str(found["name"])] = str(found.get("type") or tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False


def _forms(page: str) -> list[dict[str, str]]:
    parser = _Forms()
    parser.feed(page)
    return parser.forms


# --- item 2: progress and outcome in one form, nothing dropped --------------------------------------------------


def test_progress_and_outcome_are_one_form(world: World) -> None:
    with_outcome = [f for f in _forms(_measure_page(world)) if "status" in f]
    assert len(with_outcome) == 1 and {"date", "text", "summary", "status"} <= set(with_outcome[0])


def test_progress_sent_with_an_outcome_saves_both(world: World) -> None:
    status, _ = _report(
        world,
        date="5/3/2566",
        text="จัดประชุมชี้แจงแล้ว",
        status="completed",
        summary="เผยแพร่ครบทุกช่องทาง",
        suggestions="",
        not_possible_reason="",
        version=world.measure.version,
    )
    assert status == 302
    world.measure.refresh_from_db()
    assert (world.measure.status, world.measure.summary) == ("completed", "เผยแพร่ครบทุกช่องทาง")
    assert ProgressEntry.objects.filter(measure=world.measure, text="จัดประชุมชี้แจงแล้ว").exists()


def test_a_refused_report_keeps_everything_typed_and_saves_nothing(world: World) -> None:
    entries = ProgressEntry.objects.count()
    status, page = _report(
        world,
        date="1 ม.ค. 2573",  # in the future
        text="ข้อความที่พิมพ์ไว้ยาว ๆ",
        status="completed",
        summary="สรุปผลที่พิมพ์ไว้",
        version=world.measure.version,
    )
    assert status == 400
    assert "ข้อความที่พิมพ์ไว้ยาว ๆ" in page and "สรุปผลที่พิมพ์ไว้" in page and "1 ม.ค. 2573" in page
    assert "ยังมาไม่ถึง" in page
    world.measure.refresh_from_db()
    assert ProgressEntry.objects.count() == entries and world.measure.status == "unknown"


def test_the_outcome_alone_leaves_no_progress_entry(world: World) -> None:
    entries = ProgressEntry.objects.count()
    status, _ = _report(
        world, date="1/12/2569", text="", status="not_possible", not_possible_reason="ไม่มีงบ", version=1
    )
    assert status == 302 and ProgressEntry.objects.count() == entries
    world.measure.refresh_from_db()
    assert world.measure.status == "not_possible"


def test_an_empty_report_is_refused_in_thai(world: World) -> None:
    status, page = _report(world, date="1/12/2569", text=" ", status="unknown", version=1)
    assert status == 400 and "ยังไม่ได้กรอกสิ่งที่ดำเนินการ" in page


# --- item 4 and 10: the progress date in the Buddhist Era, typed, and plausible ---------------------------------


def test_the_date_entry_shows_the_buddhist_era(world: World) -> None:
    page = _measure_page(world)
    (report,) = [f for f in _forms(page) if "date" in f]
    assert report["date"] == "text"  # not the browser's Gregorian mm/dd/yyyy picker
    today = timezone.localdate()
    assert re.search(rf'name="date" value="{today.day} \S+ {today.year + 543}"', page)


@pytest.mark.parametrize(
    ("typed", "date"),
    [
        ("๕ ม.ค. ๖๖", dt.date(2023, 1, 5)),
        ("5/1/2566", dt.date(2023, 1, 5)),
        ("๕/๑/๒๕๖๖", dt.date(2023, 1, 5)),
        ("5 มกราคม 2566", dt.date(2023, 1, 5)),
    ],
)
def test_a_typed_be_date_is_read(world: World, typed: str, date: dt.date) -> None:
    status, _ = _report(world, date=typed, text="ประชุมชี้แจงครั้งที่สอง")
    assert status == 302
    assert ProgressEntry.objects.get(measure=world.measure, text="ประชุมชี้แจงครั้งที่สอง").date == date


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1 ม.ค. 2573", "ยังมาไม่ถึง"),  # 2030
        ("2030-01-01", "ยังมาไม่ถึง"),
        ("1/1/2466", "เก่ากว่าปีของมาตรการ"),
        ("31/2/2566", "ไม่มีวันที่ 31"),
        ("พรุ่งนี้", "อ่านวันที่"),
        ("", "กรุณากรอกวันที่"),
    ],
)
def test_a_wrong_date_is_refused_in_thai(world: World, typed: str, message: str) -> None:
    entries = ProgressEntry.objects.count()
    status, page = _report(world, date=typed, text="ประชุมแล้ว")
    assert status == 400 and message in page
    assert ProgressEntry.objects.count() == entries


# --- item 3: a timeframe picked by months reads as a range ------------------------------------------------------


def test_a_timeframe_of_picked_months_shows_as_a_thai_range(world: World) -> None:
    world.measure.start, world.measure.end = dt.date(2022, 10, 1), dt.date(2023, 9, 30)
    world.measure.save()
    page = world.client("coordinator").get(reverse("measures", args=[world.a.slug, YEAR])).content.decode()
    assert "<td>ต.ค. ๖๕ - ก.ย. ๖๖</td>" in page  # as the PDF prints it


def test_the_public_table_reads_the_same_range_from_the_frozen_measure() -> None:
    from prongsai.web.templatetags.prongsai import timeframe

    def core(text: str, start: dt.date | None, end: dt.date | None) -> object:
        return SimpleNamespace(
            number=1, timeframe=MeasureTimeframe(text, start, end)
        )  # as CoreMeasure holds it

    assert timeframe(core("", dt.date(2024, 10, 1), dt.date(2025, 9, 30))) == "ต.ค. ๖๗ - ก.ย. ๖๘"
    assert timeframe(core("ตลอดปี", dt.date(2024, 10, 1), dt.date(2025, 9, 30))) == "ตลอดปี"
    assert timeframe(core("", None, None)) == "–"


# --- item 5: the overseer's latest result -----------------------------------------------------------------------


def test_the_overseers_list_shows_the_newest_result(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    Organisation.objects.create(name="อบต.ที่สอง", type="อบต.", district="ปัว", province="น่าน", slug="song")
    older = {str(n): "50" for n in range(1, 11)}
    result_save(
        organisation=world.a, fiscal_year=YEAR - 3, framework_version=2566, scores=older, user=AnonymousUser()
    )
    newest = Result.objects.get(organisation=world.a, fiscal_year=YEAR - 1)
    page = world.client("overseer").get("/").content.decode()
    assert f"{YEAR - 1}: {newest.total}" in page and f"{YEAR - 3}:" not in page


# --- item 10: counts that mean something, lists in order, a measure with someone responsible ---------------------


def test_a_year_without_measures_does_not_say_every_unit_has_reported(world: World) -> None:
    page = (
        world.client("coordinator").get(reverse("dashboard", args=[world.a.slug, YEAR + 1])).content.decode()
    )
    assert "ทุกหน่วยงานรายงานครบแล้ว" not in page and "ยังไม่มีมาตรการของปีนี้" in page


def test_measures_are_listed_by_their_number_whatever_their_status(world: World) -> None:
    Measure.objects.filter(organisation=world.a).delete()
    for number, status in [(3, "completed"), (1, "in_progress"), (4, "unknown"), (2, "completed")]:
        Measure.objects.create(
            organisation=world.a, fiscal_year=YEAR, number=number, title=f"ม{number}", status=status
        )
    page = world.client("coordinator").get(reverse("measures", args=[world.a.slug, YEAR])).content.decode()
    assert re.findall(r"<tr[^>]*>\s*<td>(\d+)</td>", page) == ["1", "2", "3", "4"]


def test_a_measure_without_a_responsible_unit_is_refused(world: World) -> None:
    count = Measure.objects.count()
    response = world.client("coordinator").post(
        reverse("measure-new", args=[world.a.slug, YEAR]), {"group": "urgent", "title": "ไม่มีผู้รับผิดชอบ"}
    )
    assert response.status_code == 400
    assert "กรุณาเลือกหน่วยงานผู้รับผิดชอบ" in response.content.decode() and Measure.objects.count() == count


# --- find things: the measures list narrowed, its queries as few at any size ---------------------------------------


def _listed(world: World, **query: str) -> list[str]:
    page = (
        world.client("coordinator")
        .get(reverse("measures", args=[world.a.slug, YEAR]), query)
        .content.decode()
    )
    return re.findall(r'/measures/\d+/">([^<]+)</a>', page)


def test_measures_are_found_by_status_unit_tool_and_words(world: World) -> None:
    Measure.objects.filter(pk=world.other_measure.pk).update(status="completed", tool="EIT")
    assert _listed(world) == ["เผยแพร่แผนการใช้จ่ายงบประมาณ", "ซ่อมถนน"]
    assert _listed(world, status="completed") == ["ซ่อมถนน"]
    assert _listed(world, tool="IIT") == ["เผยแพร่แผนการใช้จ่ายงบประมาณ"]
    assert _listed(world, unit=str(world.finance.pk)) == ["เผยแพร่แผนการใช้จ่ายงบประมาณ"]  # its section's
    assert _listed(world, unit=str(world.works.pk)) == ["ซ่อมถนน"]
    assert _listed(world, q="งบประมาณ") == ["เผยแพร่แผนการใช้จ่ายงบประมาณ"]  # a word inside unspaced Thai
    assert _listed(world, q="ถนน", status="unknown") == []
    page = world.client("coordinator").get(reverse("measures", args=[world.a.slug, YEAR]), {"status": "x"})
    assert page.status_code == 200 and "สถานะ:" in page.content.decode()


def test_another_organisations_unit_narrows_nothing_of_theirs(world: World) -> None:
    b_unit = Unit.objects.get(organisation=world.b)
    page = world.client("coordinator").get(
        reverse("measures", args=[world.a.slug, YEAR]), {"unit": str(b_unit.pk)}
    )
    assert "มาตรการของหน่วยงานอื่น" not in page.content.decode()


def test_the_filtered_list_makes_the_same_number_of_queries_whatever_the_size(world: World) -> None:
    client = world.client("coordinator")
    address = reverse("measures", args=[world.a.slug, YEAR])
    query = {"q": "มาตรการ", "unit": str(world.finance.pk), "status": "unknown"}

    def queries() -> int:
        client.get(address, query)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address, query).status_code == 200
        return len(captured)

    first = Measure.objects.create(organisation=world.a, fiscal_year=YEAR, number=9, title="มาตรการแรก")
    first.units.set([world.finance])
    small = queries()
    for n in range(20):
        extra = Measure.objects.create(
            organisation=world.a, fiscal_year=YEAR, number=10 + n, title=f"มาตรการ {n}"
        )
        extra.units.set([world.finance, world.works])
    assert len(_listed(world, **query)) == 21
    assert queries() == small


# --- find things: the audit trail by person, action and date -------------------------------------------------------


def _audit(world: World, **query: str) -> str:
    return world.client("coordinator").get(reverse("audit", args=[world.a.slug]), query).content.decode()


def test_the_audit_trail_is_filtered_by_person_action_and_date(world: World) -> None:
    _report(world, date="5/3/2566", text="รายงานของเจ้าหน้าที่")
    officer = world.users["officer"]
    AuditEntry.objects.filter(organisation=world.a, action="progress.add").update(
        at=dt.datetime(2026, 11, 20, 10, tzinfo=dt.UTC)
    )
    submitted = "<td>ส่งเอกสารขออนุมัติ</td>"  # a row of the table (the action list names it too)
    everything = _audit(world)
    assert "รายงานของเจ้าหน้าที่" in everything and submitted in everything
    by_officer = _audit(world, user=str(officer.pk))
    assert "รายงานของเจ้าหน้าที่" in by_officer and submitted not in by_officer
    by_action = _audit(world, action="version.submit")
    assert submitted in by_action and "รายงานของเจ้าหน้าที่" not in by_action
    on_the_day = _audit(world, since="20 พ.ย. 2569", until="20/11/2569")
    assert "รายงานของเจ้าหน้าที่" in on_the_day and submitted not in on_the_day
    assert "อ่านวันที่" in _audit(world, since="วันพระ")


def test_the_audit_trail_is_paginated_with_its_filter_kept(world: World) -> None:
    AuditEntry.objects.bulk_create(
        AuditEntry(organisation=world.a, action="measure.update", summary=f"แก้ไข {n}") for n in range(120)
    )
    first = _audit(world, action="measure.update")
    assert "หน้า 1 / 3" in first and "action=measure.update&amp;page=2" in first


def test_the_audit_trail_makes_the_same_number_of_queries_whatever_the_size(world: World) -> None:
    client = world.client("coordinator")
    address = reverse("audit", args=[world.a.slug])

    def queries() -> int:
        client.get(address, {"action": "measure.update"})
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address, {"action": "measure.update"}).status_code == 200
        return len(captured)

    AuditEntry.objects.create(
        organisation=world.a, action="measure.update", summary="หนึ่ง", user=world.users["coordinator"]
    )
    small = queries()
    AuditEntry.objects.bulk_create(
        AuditEntry(organisation=world.a, action="measure.update", summary=f"{n}", user=world.users["officer"])
        for n in range(80)
    )
    assert queries() == small


# --- item 7: score entry ------------------------------------------------------------------------------------------

README_EXAMPLE = "code,score\n1,80\n2,70\n3,75\n4,72\n5,78\n6,70\n7,72\n8,74\n9,75.30\n10,76\n"


def _result(world: World, **data: str) -> tuple[int, str]:
    response = world.client("coordinator").post(
        reverse("result", args=[world.a.slug, YEAR + 1]), {"framework_version": "2566", **data}
    )
    return response.status_code, response.content.decode()


def test_the_result_page_has_ten_labelled_indicator_fields_and_the_items_on_demand(world: World) -> None:
    page = world.client("coordinator").get(reverse("result", args=[world.a.slug, YEAR])).content.decode()
    fields = next(f for f in _forms(page) if "scores" in f)
    assert [name for name in fields if name.startswith("ind_")] == [f"ind_{n}" for n in range(1, 11)]
    assert "ตัวชี้วัดที่ 2 การใช้งบประมาณ (IIT)" in page
    assert {"code_i9", "code_e1", "code_O1"} <= set(fields)
    assert re.search(r"<details>\s*<summary>กรอกคะแนนรายข้อ", page)
    assert 'name="ind_9" value="75.30"' in page  # the stored result, each score in its field


def test_ten_indicator_fields_score_the_result(world: World) -> None:
    typed = dict(
        zip(
            [f"ind_{n}" for n in range(1, 11)],
            ["๘๐", "70", "75", "72", "78", "70", "72", "74", "75.30", "76"],
            strict=True,
        )
    )
    status, _ = _result(world, **typed)
    assert status == 302
    assert (
        Result.objects.get(organisation=world.a, fiscal_year=YEAR).total
        == Result.objects.get(organisation=world.a, fiscal_year=YEAR - 1).total
    )  # the same ten scores as the fixture's, typed one by one


def test_the_readmes_example_with_its_header_line_is_accepted(world: World) -> None:
    status, page = _result(world, scores=README_EXAMPLE)
    assert status == 302, page
    assert Result.objects.filter(organisation=world.a, fiscal_year=YEAR).exists()
    assert _result(world, scores="รหัส,คะแนน\n" + README_EXAMPLE.split("\n", 1)[1])[0] == 302


@pytest.mark.parametrize("where", ["field", "paste"])
def test_a_negative_score_is_out_of_range_not_not_a_number(world: World, where: str) -> None:
    data = {"ind_1": "-5"} if where == "field" else {"scores": "1,-5"}
    rest = README_EXAMPLE.split("\n", 2)[2]  # indicators 2–10
    status, page = _result(
        world, scores=data.get("scores", "") + "\n" + rest, **{k: v for k, v in data.items() if k != "scores"}
    )
    assert status == 400
    assert "ต้องอยู่ระหว่าง 0–100" in page and "ไม่ใช่ตัวเลข" not in page
    assert not Result.objects.filter(organisation=world.a, fiscal_year=YEAR).exists()


def test_a_score_typed_twice_differently_is_refused(world: World) -> None:
    status, page = _result(world, ind_1="81", scores=README_EXAMPLE)
    assert status == 400 and "รหัส 1 มีสองค่า" in page


def test_nothing_entered_is_refused_in_thai(world: World) -> None:
    status, page = _result(world, scores="")
    assert status == 400 and "ยังไม่ได้กรอกคะแนน" in page


# --- item 6: reminders that say what they did, the next one, and one sent now -------------------------------------


def test_remind_says_what_was_due_skipped_and_next(world: World) -> None:
    import io

    from prongsai.cli import main

    end = world.measure.end
    assert end is not None
    tuesday = end + dt.timedelta(days=(1 - end.weekday()) % 7 + 7)  # a Tuesday, overdue for a while
    out = io.StringIO()
    assert main(["remind", "--date", tuesday.isoformat()], out) == 0
    said = out.getvalue()
    assert "new reminders sent: 1" in said  # the approver's document; the overdue measure waits for Monday
    assert "ข้ามวันนี้: มาตรการเลยกำหนด 1 รายการ" in said
    monday = tuesday + dt.timedelta(days=6)
    assert f"next overdue notices {monday.isoformat()}" in said and f"{monday.day} " in said
    again = io.StringIO()
    main(["remind", "--date", tuesday.isoformat()], again)
    assert "new reminders sent: 0" in again.getvalue() and "already sent today: 1" in again.getvalue()


def test_the_notifications_page_shows_ones_next_reminder(world: World) -> None:
    page = world.client("officer").get(reverse("notifications")).content.decode()
    today = timezone.localdate()
    monday = today + dt.timedelta(days=(0 - today.weekday() - 1) % 7 + 1)
    # the world's measure for งานพัสดุ ended in 2023 and is open: reminded on Mondays
    assert re.search(rf'id="next-notice">การแจ้งเตือนครั้งถัดไปของท่าน: {monday.day} \S+ {monday.year + 543}', page)
    assert "มาตรการที่ 1 เลยกำหนด" in page


def test_a_coordinator_reminds_a_unit_now_once_per_click(world: World) -> None:
    from prongsai.web.publication.models import Notification

    client = world.client("coordinator")
    dashboard = client.get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode()
    token = re.search(r'name="token" value="([^"]+)"', dashboard)
    assert token and "แจ้งเตือนตอนนี้" in dashboard
    address = reverse("remind-unit", args=[world.a.slug, YEAR, world.finance.pk])
    for _ in range(2):  # a double click
        client.post(address, {"token": token.group(1)})
    told = Notification.objects.filter(user=world.users["officer"], key__startswith="now:")
    assert told.count() == 1 and "มาตรการที่ 1" in told.get().text
    assert not Notification.objects.filter(user=world.users["officer_other_unit"]).exists()
    assert AuditEntry.objects.filter(organisation=world.a, action="reminder.send").count() == 1
    assert (
        "แจ้งเตือนตอนนี้"
        not in world.client("officer").get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode()
    )


def test_another_organisations_unit_cannot_be_reminded(world: World) -> None:
    b_unit = Unit.objects.get(organisation=world.b)
    address = reverse("remind-unit", args=[world.a.slug, YEAR, b_unit.pk])
    assert world.client("coordinator").post(address, {"token": "x" * 22}).status_code == 404
