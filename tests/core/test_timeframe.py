"""Timeframes as the seeds write them, and more that real documents use."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.core.errors import DateError, TimeframeError
from prongsai.core.thai import ABBREVIATED_MONTHS, FULL_MONTHS, format_month_range
from prongsai.core.timeframe import parse_date, parse_timeframe

D = dt.date

TIMEFRAMES = [
    # the strings of the issue, from the seeds
    ("ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕", D(2021, 10, 1), D(2022, 9, 30)),
    ("กุมภาพันธ์ – กันยายน ๒๕๖๖", D(2023, 2, 1), D(2023, 9, 30)),
    ("กุมภาพันธ์ - กันยายน ๒๕๖๖", D(2023, 2, 1), D(2023, 9, 30)),
    ("ตุลาคม ๖๕ - กันยายน ๖๖", D(2022, 10, 1), D(2023, 9, 30)),
    ("ธันวาคม ๒๕๖๕", D(2022, 12, 1), D(2022, 12, 31)),
    ("ตุลาคม ๒๕๖๖", D(2023, 10, 1), D(2023, 10, 31)),
    ("ตุ ล า ค ม ๖ ๕", D(2022, 10, 1), D(2022, 10, 31)),
    # more, as other reports write them
    ("ตุลาคม – กันยายน ๒๕๖๖", D(2022, 10, 1), D(2023, 9, 30)),  # crosses the new year: a fiscal year
    ("ต.ค.๖๕-ก.ย.๖๖", D(2022, 10, 1), D(2023, 9, 30)),
    ("ตค. 64 - กย. 65", D(2021, 10, 1), D(2022, 9, 30)),
    ("1 ต.ค. 2565 – 30 ก.ย. 2566", D(2022, 10, 1), D(2023, 9, 30)),
    ("๑ - ๑๕ ตุลาคม ๒๕๖๕", D(2022, 10, 1), D(2022, 10, 15)),
    ("ตั้งแต่เดือน มกราคม ถึง มีนาคม พ.ศ. ๒๕๖๖", D(2023, 1, 1), D(2023, 3, 31)),
    ("มกราคม ๒๕๖๖ จนถึง มิถุนายน ๒๕๖๖", D(2023, 1, 1), D(2023, 6, 30)),
    ("ตุลาคม 2565 กันยายน 2566", D(2022, 10, 1), D(2023, 9, 30)),  # no separator at all
    ("ปีงบประมาณ ๒๕๖๖", D(2022, 10, 1), D(2023, 9, 30)),
    ("ตลอดปีงบประมาณ พ.ศ. 2567", D(2023, 10, 1), D(2024, 9, 30)),
    ("๓๐ ก.ย. ๖๖", D(2023, 9, 30), D(2023, 9, 30)),
    ("ก.พ. ๖๗", D(2024, 2, 1), D(2024, 2, 29)),  # a leap year's February
    ("กรกฏาคม ๒๕๖๖", D(2023, 7, 1), D(2023, 7, 31)),  # the common misspelling of กรกฎาคม
    ("พฤษภาคม — สิงหาคม 2566", D(2023, 5, 1), D(2023, 8, 31)),  # em dash
    ("ม.ค. 2023 - มี.ค. 2023", D(2023, 1, 1), D(2023, 3, 31)),  # Common Era years
    ("เม.ย. ๖๖ ถึง มิ.ย. ๖๖", D(2023, 4, 1), D(2023, 6, 30)),
    ("พ.ย. ๖๕ - ๑๕ ธ.ค. ๖๕", D(2022, 11, 1), D(2022, 12, 15)),
]


@pytest.mark.parametrize(("text", "start", "end"), TIMEFRAMES)
def test_timeframes(text: str, start: dt.date, end: dt.date) -> None:
    timeframe = parse_timeframe(text)
    assert (timeframe.start, timeframe.end) == (start, end)
    assert timeframe.text == text


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("ตุลาคม - กันยายน", D(2022, 10, 1), D(2023, 9, 30)),
        ("มกราคม - มีนาคม", D(2023, 1, 1), D(2023, 3, 31)),
        ("ธันวาคม", D(2022, 12, 1), D(2022, 12, 31)),
        ("ตลอดปีงบประมาณ", D(2022, 10, 1), D(2023, 9, 30)),
    ],
)
def test_months_without_a_year_fall_in_the_given_fiscal_year(text: str, start: dt.date, end: dt.date) -> None:
    timeframe = parse_timeframe(text, fiscal_year=2566)
    assert (timeframe.start, timeframe.end) == (start, end)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("ตลอดปี", "unrecognised text"),
        ("ดำเนินการต่อเนื่อง", "unrecognised text"),
        ("ตุลาคม", "no year"),
        ("ตลอดปีงบประมาณ", "no fiscal year"),
        ("๓๐ ก.พ. ๖๖", "day 30 does not exist"),
        ("๓๒ ม.ค. ๖๖", "day 32 does not exist"),
        ("ก.ย. ๖๖ - ต.ค. ๖๕", "the end is before the start"),
        ("ม.ค. ๖๖ - ก.พ. ๖๖ - มี.ค. ๖๖", "more than one range"),
        ("ตุลาคม ๑๒๓", "not a year"),
        ("๒๕๖๖", "no month"),
        ("ม.ค. ก.พ. มี.ค. ๖๖", "two months"),
        ("October 2022", "unrecognised text"),
    ],
)
def test_unreadable_timeframes_keep_the_text(text: str, reason: str) -> None:
    with pytest.raises(TimeframeError) as caught:
        parse_timeframe(text)
    assert caught.value.text == text
    assert reason in caught.value.english
    assert "อ่านระยะเวลา" in str(caught.value)


@given(st.sampled_from(range(12)), st.integers(min_value=2500, max_value=2600), st.booleans(), st.booleans())
def test_every_month_name_and_year(month: int, year: int, abbreviated: bool, spaced: bool) -> None:
    name = ABBREVIATED_MONTHS[month] if abbreviated else FULL_MONTHS[month]
    text = f"{name} {year}"
    if spaced:
        text = " ".join(text)
    timeframe = parse_timeframe(text)
    assert timeframe.start == D(year - 543, month + 1, 1)
    assert timeframe.end.month == month + 1 and timeframe.end >= timeframe.start


@given(st.text(max_size=40))
def test_any_text_gives_a_range_or_a_timeframe_error(text: str) -> None:
    try:
        timeframe = parse_timeframe(text)
    except TimeframeError as error:
        assert error.text == text
    else:
        assert timeframe.start <= timeframe.end


@given(st.text(alphabet="ต.คก.ย๖๕๔ -–ถึงมกราคม๒๕๓๐", max_size=30))
def test_near_miss_text_gives_a_range_or_a_timeframe_error(text: str) -> None:
    test_any_text_gives_a_range_or_a_timeframe_error.hypothesis.inner_test(text)  # type: ignore[attr-defined]


# --- one day as a person types it (the BE date entry of the web forms) -------------------------------------------

TYPED_DATES = [
    ("๕ ต.ค. ๖๗", D(2024, 10, 5)),
    ("5 ต.ค. 67", D(2024, 10, 5)),
    ("5 ตุลาคม 2567", D(2024, 10, 5)),
    ("วันที่ ๕ ตุลาคม พ.ศ. ๒๕๖๗", D(2024, 10, 5)),
    ("5/10/2567", D(2024, 10, 5)),
    ("๕/๑๐/๖๗", D(2024, 10, 5)),
    ("5.10.2567", D(2024, 10, 5)),
    ("2024-10-05", D(2024, 10, 5)),  # what a browser's own date field sends
    ("29 ก.พ. 2567", D(2024, 2, 29)),
    ("1 มกราคม 2024", D(2024, 1, 1)),  # a four-digit CE year is read as one
]


@pytest.mark.parametrize(("text", "date"), TYPED_DATES)
def test_typed_dates(text: str, date: dt.date) -> None:
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "ยังไม่ได้กรอกวันที่"),
        ("ต.ค. ๖๗", "ไม่ได้ระบุวันที่"),
        ("๕ ต.ค.", "ไม่ได้ระบุปี"),
        ("31/2/2567", "ไม่มีวันที่ 31"),
        ("29 ก.พ. 2566", "ไม่มีวันที่ 29"),
        ("5/13/2567", "ไม่มีเดือนที่ 13"),
        ("ต.ค. ๖๖ - ก.ย. ๖๗", "ไม่ใช่ช่วงเวลา"),
        ("พรุ่งนี้", "ไม่รู้จักข้อความ"),
    ],
)
def test_unreadable_dates_say_why_in_thai(text: str, reason: str) -> None:
    with pytest.raises(DateError, match=reason) as raised:
        parse_date(text)
    assert raised.value.text == text


@given(st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙/.- ต.คก.ยมกราคมพ.ศ.", max_size=30))
def test_any_typed_text_gives_a_day_or_a_date_error(text: str) -> None:
    try:
        parse_date(text)
    except DateError as error:
        assert error.text == text


def test_a_range_known_only_by_its_dates_reads_as_the_reports_print_it() -> None:
    assert format_month_range(D(2024, 10, 1), D(2025, 9, 30)) == "ต.ค. ๖๗ - ก.ย. ๖๘"
    assert format_month_range(D(2024, 10, 1), D(2025, 9, 30), thai_digits=False) == "ต.ค. 67 - ก.ย. 68"
