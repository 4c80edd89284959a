"""The year's measures as an Excel workbook, read back with openpyxl: Thai headings, BE dates, text never a
formula, and a fixed number of queries whatever the year's size."""

from __future__ import annotations

import datetime as dt
import io

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from prongsai.web.programme.models import Measure, ProgressEntry
from tests.web.conftest import YEAR, World


def workbook(world: World, role: str = "officer") -> Worksheet:
    response = world.client(role).get(reverse("measures-xlsx", args=[world.a.slug, YEAR]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    return sheet


def rows(sheet: Worksheet) -> list[dict[str, object]]:
    headings = [c.value for c in sheet[4]]
    return [dict(zip(headings, (c.value for c in row), strict=True)) for row in sheet.iter_rows(min_row=5)]


def test_the_workbook_has_the_measures_with_thai_headings_and_be_dates(world: World) -> None:
    world.measure.start = dt.date(2022, 10, 1)
    world.measure.save()
    ProgressEntry.objects.create(measure=world.measure, date=dt.date(2023, 3, 15), text="เผยแพร่บนเว็บไซต์แล้ว")
    sheet = workbook(world)
    assert "ประจำปีงบประมาณ พ.ศ. 2566" in str(sheet["A1"].value)
    assert world.a.name in str(sheet["A2"].value)
    first, second = rows(sheet)
    assert first["ลำดับ"] == 1 and second["ลำดับ"] == 2
    assert first["มาตรการ/แนวทาง"] == "เผยแพร่แผนการใช้จ่ายงบประมาณ"
    assert first["ขั้นตอน/วิธีปฏิบัติ"] == "1. จัดทำสรุป\n2. เผยแพร่"
    assert first["ผู้รับผิดชอบ"] == "กองคลัง › งานพัสดุ"
    assert first["วันเริ่ม (พ.ศ.)"] == "1 ตุลาคม 2565"
    assert first["วันสิ้นสุด (พ.ศ.)"] == "30 กันยายน 2566"
    assert first["ระยะเวลาดำเนินการ"] == "1 ตุลาคม 2565 – 30 กันยายน 2566"
    assert first["สถานะ"] == "ยังไม่รายงาน"
    # the world's evidence entry of 5 Jan 2023, then this one
    assert first["ความก้าวหน้า/ผลการดำเนินการ"] == "5 มกราคม 2566: ประชุมแล้ว\n15 มีนาคม 2566: เผยแพร่บนเว็บไซต์แล้ว"
    assert first["รายงานล่าสุด (พ.ศ.)"] == "15 มีนาคม 2566"
    for row in sheet.iter_rows():
        for cell in row:
            assert not (isinstance(cell.value, str) and any(str(y) in cell.value for y in (2022, 2023)))


def test_text_that_looks_like_a_formula_stays_text(world: World) -> None:
    dangerous = ['=HYPERLINK("http://x.example","คลิก")', "+1+1", "-2+3", "@SUM(A1:A2)"]
    for n, text in enumerate(dangerous, start=10):
        Measure.objects.create(organisation=world.a, fiscal_year=YEAR, number=n, title=text, summary=text)
    sheet = workbook(world, "coordinator")
    titles = {r["มาตรการ/แนวทาง"] for r in rows(sheet)}
    assert set(dangerous) <= titles  # read back as written
    for row in sheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", cell.coordinate
            if isinstance(cell.value, str):
                assert cell.data_type == "s"


def test_the_workbook_takes_the_same_queries_whatever_the_size(world: World) -> None:
    client = world.client("coordinator")
    address = reverse("measures-xlsx", args=[world.a.slug, YEAR])

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(address).status_code == 200
        return len(captured)

    small = queries()
    for n in range(15):
        extra = Measure.objects.create(
            organisation=world.a, fiscal_year=YEAR, number=20 + n, title=f"เพิ่ม {n}"
        )
        extra.units.set([world.finance, world.works])
        ProgressEntry.objects.create(measure=extra, date=dt.date(2023, 1, 2), text="รายงาน")
    assert queries() == small
    assert len(rows(workbook(world))) == 17
