"""A PDF table cell's lines into text (`pdf.cell_text`), and a row a page broke mid-word (`rows.read_table`):
table-driven, the lines and rows built by hand as a producer lays them out."""

from __future__ import annotations

import datetime as dt

import pytest

from prongsai.core.model import MeasureStatus
from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest.blocks import Table
from prongsai.ingest.glyphs import Line
from prongsai.ingest.pdf import cell_text
from prongsai.ingest.rows import Context, Reading, read_table

SIZE = 11.0
LEFT, RIGHT = 100.0, 300.0  # the cell's box; its text runs from 105 to 295 (5 points of padding)


def line(text: str, right: float, top: float) -> Line:
    return Line(text, top, top - SIZE, SIZE, LEFT + 5.0, right)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a paragraph wrapped: the first line reached the edge, so the second goes on with it
        (
            [("ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณ", 293.0), ("ประจำปีให้บุคลากรทราบ", 210.0)],
            ["ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณประจำปีให้บุคลากรทราบ"],
        ),
        # two list items typed as paragraphs, no number or bullet: the first ended with room for the next word
        (
            [("ประชาสัมพันธ์แผนการใช้จ่าย", 200.0), ("เปิดช่องทางให้บุคลากร", 210.0)],
            ["ประชาสัมพันธ์แผนการใช้จ่าย", "เปิดช่องทางให้บุคลากร"],
        ),
        # a line that ended short only because the next word is long (a web address): still one paragraph
        (
            [("เผยแพร่ผ่านทาง", 230.0), ("http://www.nongpakoa.go.th", 290.0)],
            ["เผยแพร่ผ่านทาง http://www.nongpakoa.go.th"],
        ),
        # a numbered list: its markers tell its items apart, wherever its lines end
        (
            [("๑. แจ้งงาน", 160.0), ("รายละเอียดเกณฑ์", 200.0), ("๒. ประชาสัมพันธ์", 200.0)],
            ["๑. แจ้งงานรายละเอียดเกณฑ์ ๒. ประชาสัมพันธ์"],
        ),
        ([("กองคลัง", 140.0)], ["กองคลัง"]),
        ([], [""]),
    ],
)
def test_cell_lines_into_paragraphs(lines: list[tuple[str, float]], expected: list[str]) -> None:
    built = [line(text, right, 500.0 - 16.0 * n) for n, (text, right) in enumerate(lines)]
    assert cell_text(built, LEFT, RIGHT).split("\n") == expected


def test_a_first_word_is_measured_where_its_letters_are_drawn() -> None:
    """ "ii" then a wide word: by its share of the letters the first word would be wide, as drawn it is narrow and
    would have fit in the room the line above left, so that line ended a paragraph."""
    above = Line("ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณ", 500.0, 489.0, SIZE, 105.0, 260.0)
    narrow_first = Line("ii กองยุทธศาสตร์", 484.0, 473.0, SIZE, 105.0, 295.0, (107.0, 109.0, *range(150, 161)))
    assert cell_text([above, narrow_first], LEFT, RIGHT).split("\n") == [above.text, narrow_first.text]


HEADER = ["ที่", "มาตรการ", "หน่วยงานที่รับผิดชอบ", "ระยะเวลาดำเนินการ", "สถานะ"]


@pytest.mark.parametrize(
    ("first", "rest", "units", "timeframe", "status"),
    [
        # the page broke a unit's name, the year of a timeframe and the status words
        (
            ["สำนักปลัด, กองยุทธศาสตร์", "เมษายน – กรกฎาคม", "ดำเนินการแล้ว"],
            ["และงบประมาณ", "๒๕๖๘", "เสร็จ"],
            ["สำนักปลัด", "กองยุทธศาสตร์และงบประมาณ"],
            ("เมษายน – กรกฎาคม๒๕๖๘", dt.date(2025, 4, 1), dt.date(2025, 7, 31)),
            "completed",
        ),
        # a bracket left open: the section goes on
        (["สำนักปลัด (งาน", "", ""], ["ประชาสัมพันธ์)", "", ""], ["สำนักปลัด (งานประชาสัมพันธ์)"], None, "unknown"),
        # the rest names units of its own (after a comma, or starting as a unit's name does)
        (
            ["สำนักปลัด,", "", "อยู่ระหว่าง"],
            ["กองคลัง", "", "ดำเนินการ"],
            ["สำนักปลัด", "กองคลัง"],
            None,
            "in_progress",
        ),
        (["สำนักปลัด", "", ""], ["กองคลัง", "", ""], ["สำนักปลัด", "กองคลัง"], None, "unknown"),
    ],
)
def test_short_cells_a_page_broke_are_read_whole(
    registry: FrameworkRegistry,
    first: list[str],
    rest: list[str],
    units: list[str],
    timeframe: tuple[str, dt.date, dt.date] | None,
    status: MeasureStatus,
) -> None:
    reading = Reading(framework=registry.for_year(2568) or registry.get(2), fiscal_year=2568)
    context = Context()
    page_one = Table([HEADER, ["๑", "ประชาสัมพันธ์ช่องทางร้องเรียน", *first]], "page 1", ["r1", "r2"])
    page_two = Table([HEADER, ["", "", *rest]], "page 2", ["r1", "r2"])
    read_table(page_one, context, reading)
    read_table(page_two, context, reading)
    [measure] = reading.measures
    assert [u.unit + (f" ({u.section})" if u.section else "") for u in measure.responsible] == units
    got = measure.timeframe
    assert ((got.text, got.start, got.end) if got else None) == timeframe
    assert measure.status == status
