"""The yearly complaint statistics (OIT: ข้อมูลเชิงสถิติเรื่องร้องเรียน), against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from prongsai.core.complaints import KINDS, STATUSES, ComplaintRow, complaint_statistics, days_text
from prongsai.core.compose import compose_complaint_statistics
from prongsai.core.model import Document, Organisation

D = dt.date

ROWS = [
    # received 1 Jan, answered after 2 days, closed after 10, forwarded to ป.ป.ช.
    ComplaintRow("bribery", "closed", D(2023, 1, 1), D(2023, 1, 3), D(2023, 1, 11), "nacc"),
    # answered after 1 day, still under investigation
    ComplaintRow("procurement", "investigating", D(2023, 1, 5), D(2023, 1, 6)),
    # answered after 6 days, closed after 31 (across a month end)
    ComplaintRow("bribery", "closed", D(2023, 1, 31), D(2023, 2, 6), D(2023, 3, 3)),
    # nothing yet
    ComplaintRow("other", "new", D(2023, 2, 1)),
    # forwarded to the district, unanswered
    ComplaintRow("authority", "forwarded", D(2023, 2, 2), None, None, "district"),
]


def test_counts_medians_and_destinations_by_hand() -> None:
    numbers = complaint_statistics(ROWS)
    assert numbers.received == 5
    assert numbers.by_kind == {"bribery": 2, "procurement": 1, "property": 0, "authority": 1, "other": 1}
    assert numbers.by_status == {"new": 1, "review": 0, "investigating": 1, "forwarded": 1, "closed": 2}
    assert numbers.median_days_to_first_answer == 2.0  # of 2, 1, 6
    assert numbers.median_days_to_close == 20.5  # of 10, 31
    assert (numbers.answered, numbers.closed) == (3, 2)
    assert numbers.forwarded == {"nacc": 1, "district": 1}


def test_a_year_without_complaints() -> None:
    numbers = complaint_statistics([])
    assert numbers.received == 0 and set(numbers.by_kind) == {k for k, _ in KINDS}
    assert set(numbers.by_status) == {s for s, _ in STATUSES} and numbers.forwarded == {}
    assert numbers.median_days_to_first_answer is None and days_text(None) == "-"


@pytest.mark.parametrize(("value", "text"), [(None, "-"), (0.0, "0"), (3.0, "3"), (2.5, "2.5")])
def test_days_text(value: float | None, text: str) -> None:
    assert days_text(value) == text


def test_the_document_says_the_figures_in_thai_digits() -> None:
    document = Document(
        title=None,
        kind="complaints",
        organisation=Organisation("องค์การบริหารส่วนตำบลทดสอบ", "อบต.", None, "น่าน"),
        fiscal_year=2566,
        memo=None,
        result=None,
        measures=[],
    )
    report = compose_complaint_statistics(document, complaint_statistics(ROWS), footer="O29")
    assert report.title == (
        "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
        "ขององค์การบริหารส่วนตำบลทดสอบ",
        "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
    )
    assert report.footer == "O29" and "ทั้งสิ้น ๕ เรื่อง" in report.introduction[0]
    by_kind = {row.cells[0][0]: row.cells[1][0] for row in report.tables[0].rows}
    assert by_kind["การเรียกรับสินบน"] == "๒" and by_kind["รวม"] == "๕"
    timing = [row.cells[1][0] for row in report.tables[2].rows]
    assert timing == ["๒", "๒๐.๕"]
    forwarded = {row.cells[0][0]: row.cells[1][0] for row in report.tables[3].rows}
    assert forwarded == {"สำนักงาน ป.ป.ช.": "๑", "อำเภอ": "๑"}


@pytest.mark.parametrize(
    ("year", "item"), [(2565, "O31"), (2566, "O29"), (2567, None), (2568, "O19"), (2569, "O18")]
)
def test_the_oit_item_of_complaint_statistics_per_framework(year: int, item: str | None) -> None:
    from prongsai.frameworks import load_frameworks

    framework = load_frameworks().get(year)
    assert framework.documents.get("complaints") == item
    if (
        item is not None
    ):  # the item the documents mapping names is the statistics item of that year's OIT list
        title = next(i.title for i in framework.oit_items if i.code == item)
        assert "สถิติเรื่องร้องเรียน" in title
