"""The template filters that put dates in the Buddhist Era and stored values in Thai words."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.utils import timezone

from prongsai.web.templatetags.prongsai import readable, thai_date, thai_datetime, thai_short_date


def test_dates_in_the_buddhist_era() -> None:
    assert thai_date(dt.date(2023, 6, 23)) == "23 มิถุนายน 2566"
    assert thai_date("2022-10-01") == "1 ตุลาคม 2565"  # as JSON keeps dates
    assert thai_date("not a date") == "" and thai_date(None) == ""
    assert thai_short_date(dt.date(2023, 9, 30)) == "30 ก.ย. 2566"
    # a moment is shown in local time (Asia/Bangkok, UTC+7): 20:30 UTC is the next morning
    moment = dt.datetime(2026, 11, 30, 20, 30, tzinfo=dt.UTC)
    assert thai_datetime(moment) == "1 ธ.ค. 2569 03:30 น."
    assert thai_date(moment) == "1 ธันวาคม 2569"
    assert str(timezone.get_current_timezone()) == "Asia/Bangkok"


def test_audit_records_in_thai_words() -> None:
    before = {"status": "review", "forwarded_to": "", "date": "2026-12-01", "at": "2026-12-01T03:00:00+00:00"}
    assert readable(before, "Complaint") == [
        ("สถานะ", "อยู่ระหว่างพิจารณา"),
        ("ส่งต่อถึง", "–"),
        ("วันที่", "1 ธ.ค. 2569"),
        ("at", "1 ธ.ค. 2569"),
    ]
    assert readable({"status": "in_progress", "steps": ["ก", "ข"]}, "Measure") == [
        ("สถานะ", "อยู่ระหว่างดำเนินการ"),
        ("ขั้นตอน/วิธีปฏิบัติ", "ก, ข"),
    ]
    assert readable(None, "Measure") == []


def test_a_label_names_an_enumeration_that_exists() -> None:
    page = Template('{% load prongsai %}{{ s|label:"MEASURE_STATUS" }}').render(Context({"s": "completed"}))
    assert page == "ดำเนินการแล้วเสร็จ"
    with pytest.raises(TemplateSyntaxError):
        Template('{% load prongsai %}{{ s|label:"NO_SUCH" }}').render(Context({"s": "x"}))
