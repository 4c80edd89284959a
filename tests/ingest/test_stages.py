"""Each stage of the reader on its own, table-driven: headings → column roles, a cell → its value, a short row →
its alignment, paragraphs → the memo, the title and the organisation."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.core.errors import ReadError
from prongsai.core.model import MeasureStatus
from prongsai.frameworks import FrameworkRegistry, load_frameworks
from prongsai.ingest import read_document_bytes
from prongsai.ingest.blocks import Paragraph
from prongsai.ingest.cells import (
    CodeSlip,
    code_slips,
    indicator_of_questions,
    is_placeholder,
    question_codes,
    read_timeframe,
    status_cell,
    status_of,
)
from prongsai.ingest.columns import Column, header_role, header_roles, sub_header
from prongsai.ingest.memo import read_memo
from prongsai.ingest.paragraphs import fiscal_year, is_page_number, organisation, title_span
from prongsai.ingest.rows import align_short_row


@pytest.mark.parametrize(
    ("heading", "role"),
    [
        ("ลำดับที่", Column.NUMBER),
        ("ที่", Column.NUMBER),
        ("มาตรการ/แนวทาง", Column.MEASURE),
        ("ขั้นตอน/วิธีปฏิบัติ", Column.STEPS),
        ("หน่วยงานรับผิดชอบ", Column.RESPONSIBLE),
        ("ระยะเวลาดำเนินการ", Column.TIMEFRAME),
        ("ห้วงเวลาดำเนินการ", Column.TIMEFRAME),
        ("สถานะ", Column.STATUS),
        ("สถานะการดำเนินการ", Column.STATUS),
        ("สรุปผลการดำเนินการตามมาตรการ", Column.SUMMARY),  # a summary, although it names มาตรการ
        ("ผลการดำเนินการ", Column.PROGRESS),
        ("ดำเนินการแล้วเสร็จ", Column.COMPLETED),
        ("ไม่สามารถดำเนินการได้", Column.NOT_POSSIBLE),
        ("ตัวชี้วัด/ประเด็น", Column.INDICATOR),
        ("ประเด็นการประเมินที่ต้องยกระดับ", Column.ISSUE),
        ("งบประมาณ (บาท)", None),
        ("", None),
    ],
)
def test_heading_words_name_their_column(heading: str, role: Column | None) -> None:
    assert header_role(heading) == role


@pytest.mark.parametrize(
    ("cells", "roles"),
    [
        (["มาตรการ", "ผู้รับผิดชอบ"], [Column.MEASURE, Column.RESPONSIBLE]),
        (["ที่", "มาตรการ", "งบประมาณ"], [Column.NUMBER, Column.MEASURE, None]),
        (["ผู้รับผิดชอบ", "ระยะเวลา"], None),  # no key column: not a measures table's header
        (["จัดอบรมจริยธรรม", "สำนักปลัด"], None),
    ],
)
def test_header_rows(cells: list[str], roles: list[Column | None] | None) -> None:
    assert header_roles(cells) == roles


@pytest.mark.parametrize(
    ("progress", "explicit", "kind", "status"),
    [
        ("อยู่ระหว่างจัดทำระบบ", None, "implementation", "in_progress"),
        ("ยังไม่ได้ดำเนินการ", None, "implementation", "unknown"),
        ("ไม่ได้ดำเนินการ เนื่องจากไม่มีงบประมาณ", None, "implementation", "not_possible"),
        ("ดำเนินการแล้วเสร็จ", None, None, "completed"),
        ("-", None, "implementation", "unknown"),
        ("ประกาศแล้วทางเว็บไซต์", None, "implementation", "completed"),
        ("ประกาศแล้วทางเว็บไซต์", None, None, "unknown"),
        ("อะไรก็ได้", "not_possible", "implementation", "not_possible"),
        (None, None, "implementation", "unknown"),
    ],
)
def test_status_from_a_result(
    progress: str | None, explicit: MeasureStatus | None, kind: str | None, status: MeasureStatus
) -> None:
    assert status_of(progress, explicit, kind) == status  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cell", "status"),
    [
        ("อยู่ระหว่างดำเนินการ", "in_progress"),
        ("ยังไม่ได้ดำเนินการ", "unknown"),
        ("-", "unknown"),
        ("ดำเนินการแล้วเสร็จ", "completed"),
        ("เสร็จสิ้น", "completed"),
        ("ไม่สามารถดำเนินการได้", "not_possible"),
        ("รอผล", "unknown"),  # words it does not know are never guessed
    ],
)
def test_status_column_words(cell: str, status: MeasureStatus) -> None:
    assert status_cell(cell) == status


@pytest.mark.parametrize(
    ("cell", "fiscal", "dates", "warned"),
    [
        ("ต.ค. ๖๖ - ก.ย. ๖๗", 2567, (dt.date(2023, 10, 1), dt.date(2024, 9, 30)), None),
        ("ต.ค. ๒๖ - ก.ย. ๒๗", 2567, (None, None), "ปีไม่ตรงกับปีงบประมาณของเอกสาร"),
        ("มกราคม ๒๕๒๗", 2567, (None, None), "ปีไม่ตรงกับปีงบประมาณของเอกสาร"),
        ("ต.ค. ๒๖ - ก.ย. ๒๗", None, (dt.date(1983, 10, 1), dt.date(1984, 9, 30)), None),  # no year to compare
        ("ตลอดปี", 2567, (None, None), "เก็บข้อความไว้ตามต้นฉบับ"),
        ("ต.ค. ๖๗ - ก.ย. ๗๐", 2567, (dt.date(2024, 10, 1), dt.date(2027, 9, 30)), None),  # a plan over years
    ],
)
def test_timeframes(cell: str, fiscal: int | None, dates: tuple[object, object], warned: str | None) -> None:
    timeframe, warning = read_timeframe(cell, fiscal)
    assert timeframe.text == cell and (timeframe.start, timeframe.end) == dates
    assert (warning is None) if warned is None else (warning is not None and warned in warning)


@pytest.mark.parametrize(
    ("text", "codes", "slips"),
    [
        ("อ้างอิงจาก i๙,i๒๔", ["i9", "i24"], []),
        ("อ้างอิงจาก eb,em", ["e6", "e7"], [CodeSlip("eb", "e6"), CodeSlip("em", "e7")]),
        ("e ๑๕ และ O10", ["e15", "O10"], []),
        ("i99", [], []),  # not a question of the framework
    ],
)
def test_question_codes_and_slips(
    registry: FrameworkRegistry, text: str, codes: list[str], slips: list[CodeSlip]
) -> None:
    framework = registry.get(2566)
    assert question_codes(text, framework) == codes
    assert code_slips(text, framework) == slips


@pytest.mark.parametrize(
    ("questions", "indicator"),
    [(["e15"], 8), (["e6", "e7"], 7), (["i9", "i24"], None), ([], None)],
)
def test_indicator_of_questions(
    registry: FrameworkRegistry, questions: list[str], indicator: int | None
) -> None:
    found = indicator_of_questions(questions, registry.get(2566))
    assert (found.number if found else None) == indicator


@pytest.mark.parametrize(
    ("text", "placeholder"), [("-", True), ("---", True), ("<br>", True), ("", True), ("- ก", False)]
)
def test_placeholders(text: str, placeholder: bool) -> None:
    assert is_placeholder(text) is placeholder


REGISTRY = load_frameworks(site_directory=None)
HEADINGS_FOR_PROPERTY = (
    "ลำดับ",
    "มาตรการ",
    "ขั้นตอน",
    "ผู้รับผิดชอบ",
    "ห้วงเวลาดำเนินการ",
    "สถานะ",
    "ผลการดำเนินการ",
    "ไม่สามารถดำเนินการได้",
    "ดำเนินการแล้วเสร็จ",
    "งบประมาณ",
)
HEADER = [
    Column.NUMBER,
    Column.MEASURE,
    Column.NOT_POSSIBLE,
    Column.COMPLETED,
    Column.SUMMARY,
    Column.TIMEFRAME,
]


@pytest.mark.parametrize(
    ("cells", "aligned"),
    [
        (  # the outcome sub-columns merged: outcome words name which
            ["๑", "ก", "ดำเนินการแล้วเสร็จ", "สรุป", "ม.ค. ๖๗"],
            [Column.NUMBER, Column.MEASURE, Column.COMPLETED, Column.SUMMARY, Column.TIMEFRAME],
        ),
        (  # words that name no outcome: the merged outcome cell is the result
            ["๑", "ก", "จัดอบรมแล้ว", "สรุป", "ม.ค. ๖๗"],
            [Column.NUMBER, Column.MEASURE, Column.PROGRESS, Column.SUMMARY, Column.TIMEFRAME],
        ),
        (  # a timeframe before its place
            ["๑", "ก", "ม.ค. ๖๗"],
            [Column.NUMBER, Column.MEASURE, Column.TIMEFRAME],
        ),
    ],
)
def test_a_short_row_is_aligned_by_its_content(cells: list[str], aligned: list[Column | None]) -> None:
    roles, _ = align_short_row(cells, list(HEADER), 2567)
    assert roles == aligned


def _paragraphs(*texts: str) -> list[Paragraph]:
    return [Paragraph(t, f"line {i}") for i, t in enumerate(texts)]


@pytest.mark.parametrize(
    ("texts", "fields", "signers", "used"),
    [
        (
            (
                "ส่วนราชการ สำนักปลัด",
                "ที่ ๑/๒๕๖๗",
                "วันที่ ๕ ตุลาคม ๒๕๖๖",
                "เรื่อง รายงาน",
                "เรียน นายก",
                "เนื้อความ",
                "(นายก ข)",
                "ปลัด",
            ),
            ("สำนักปลัด", "๑/๒๕๖๗", "รายงาน", "นายก", "เนื้อความ", dt.date(2023, 10, 5)),
            [("นายก ข", "ปลัด")],
            8,
        ),
        (  # a memo ends where the report's title starts
            ("เรื่อง ก", "เรียน ข", "(นาง ค)", "หัวหน้าสำนักปลัด", "มาตรการส่งเสริมคุณธรรม ประจำปีงบประมาณ ๒๕๖๗"),
            (None, None, "ก", "ข", None, None),
            [("นาง ค", "หัวหน้าสำนักปลัด")],
            4,
        ),
    ],
)
def test_memo(
    texts: tuple[str, ...], fields: tuple[object, ...], signers: list[tuple[str, str]], used: int
) -> None:
    memo, count = read_memo(_paragraphs(*texts))
    assert (memo.office, memo.ref, memo.subject, memo.to, memo.body, memo.date) == fields
    assert [(s.name, s.position) for s in memo.signatures] == signers
    assert count == used


@pytest.mark.parametrize(
    ("texts", "span"),
    [
        (["มาตรการส่งเสริม ประจำปีงบประมาณ ๒๕๖๗", "องค์การบริหารส่วนตำบลทดลอง", "ตามที่ ..."], range(0, 2)),
        (["รายงานผล ประจำปีงบประมาณ ๒๕๖๗ ของเทศบาลตำบลก", "อำเภอข จังหวัดค", "จังหวัดค", "x"], range(0, 3)),
        (["หนังสือ", "มาตรการ ก", "ตามที่ ได้ประกาศ"], range(1, 2)),
        (["ไม่มีชื่อเรื่อง"], range(0)),
    ],
)
def test_title_span(texts: list[str], span: range) -> None:
    assert title_span(texts, set()) == span


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (
            ["มาตรการ ของเทศบาลตำบลนาเหลือง อำเภอเมืองน่าน จังหวัดน่าน"],
            ("เทศบาลตำบลนาเหลือง", "ทต.", "เมืองน่าน", "น่าน"),
        ),
        (["อบต.หนองป่าก่อ ได้ดำเนินการ"], ("องค์การบริหารส่วนตำบลหนองป่าก่อ", "อบต.", None, None)),
        (["มาตรการของกรุงเทพมหานคร ประจำปีงบประมาณ ๒๕๖๗"], ("กรุงเทพมหานคร", "กทม.", None, None)),
        (["ไม่มีหน่วยงาน"], (None, None, None, None)),
    ],
)
def test_organisation(texts: list[str], expected: tuple[object, ...]) -> None:
    found = organisation(texts)
    assert (found.name, found.type, found.district, found.province) == expected


@pytest.mark.parametrize(
    ("texts", "year"),
    [
        (["ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"], 2567),
        (["ปีงบประมาณ 2566"], 2566),
        (["ประจ ำปี งบประมาณ พ.ศ. ๒๕๖๗"], 2567),  # as a LibreOffice PDF's text layer spaces it
        (["ไม่มีปี"], None),
    ],
)
def test_fiscal_year(texts: list[str], year: int | None) -> None:
    assert fiscal_year(texts) == year


@pytest.mark.parametrize(
    ("cells", "is_sub_header"),
    [
        (["", "", "ไม่สามารถดำเนินการได้", "ดำเนินการแล้วเสร็จ", ""], True),
        (["", "ดำเนินการแล้วเสร็จ", "ไม่สามารถดำเนินการได้"], True),
        # A first data row whose result and status both say it could not be done is data, not a sub-header.
        (["๑", "จัดทำรายงาน", "ไม่สามารถดำเนินการได้ เนื่องจากไม่มีงบ", "ไม่สามารถดำเนินการได้"], False),
        (["", "", "ดำเนินการแล้วเสร็จ", ""], False),
    ],
)
def test_sub_header_rows(cells: list[str], is_sub_header: bool) -> None:
    assert (sub_header(cells) is not None) is is_sub_header


CELL_WORDS = [
    "",
    "-",
    "---",
    "<br>",
    "๑",
    "๒.",
    "จัดอบรม",
    "อยู่ระหว่างดำเนินการ",
    "ดำเนินการแล้วเสร็จ",
    "ต.ค. ๖๖ - ก.ย. ๖๗",
    "ต.ค. ๒๖",
    "eb,em",
    "i๙",
    "สำนักปลัด",
    "มาตรการ",
    "ผู้รับผิดชอบ",
    "ไม่สามารถดำเนินการได้",
    "ลำดับ",
    "สถานะ",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    header=st.lists(st.sampled_from(list(HEADINGS_FOR_PROPERTY)), min_size=2, max_size=7),
    rows=st.lists(st.lists(st.sampled_from(CELL_WORDS), min_size=1, max_size=8), max_size=12),
)
def test_any_table_reads_or_is_refused_and_never_makes_more_measures_than_rows(
    header: list[str], rows: list[list[str]]
) -> None:
    text = "\n".join(
        ["มาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๗", "", "\t".join(header), *("\t".join(r) for r in rows)]
    )
    try:
        document = read_document_bytes(text.encode(), "x.txt", REGISTRY)
    except ReadError as error:
        assert error.thai
        return
    assert len(document.measures) <= len(rows)


@pytest.mark.parametrize(
    ("text", "page_number"),
    [("- ๒ -", True), ("(๓)", True), ("หน้า 4", True), ("12", True), ("๒. มาตรการ", False), ("ปี ๒๕๖๗", False)],
)
def test_page_numbers(text: str, page_number: bool) -> None:
    assert is_page_number(text) is page_number
