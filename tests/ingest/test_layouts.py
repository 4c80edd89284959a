"""Layouts the seeds do not show: built here from the brief's description (layout B) and as spreadsheets."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as new_docx
from openpyxl import Workbook

from prongsai.core.model import Document
from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import read_document_bytes

# Layout B: numbered, the outcome split into two sub-columns under one heading, references to questions
# ("อ้างอิงจาก" + codes, one with the OCR slip "eb,em" for e๖,e๗), summary and timeframe.
HEADER = [
    "ลำดับที่",
    "มาตรการ/โครงการ/กิจกรรม ที่ดำเนินการ",
    "ผลลัพธ์หรือความสำเร็จของการดำเนินการ",
    "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม",
    "ระยะเวลาในการดำเนินการ",
]
SUB_HEADER = ["", "", "ไม่สามารถดำเนินการได้", "ดำเนินการแล้วเสร็จ", "", ""]
ROWS = [
    [
        "๑",
        "โครงการอบรมให้ความรู้เรื่องผลประโยชน์ทับซ้อน อ้างอิงจาก i๙,i๒๔",
        "",
        "จัดอบรมแล้ว ผู้เข้าร่วม ๔๐ คน",
        "บุคลากรมีความรู้เพิ่มขึ้น",
        "มกราคม ๒๕๖๗",
    ],
    [
        "๒",
        "เผยแพร่แผนการใช้จ่ายงบประมาณ อ้างอิงจาก eb,em",
        "",
        "เผยแพร่ทางเว็บไซต์และกลุ่มไลน์",
        "ประชาชนเข้าถึงข้อมูลได้ง่ายขึ้น",
        "ต.ค. ๖๖ - ก.ย. ๖๗",
    ],
    [
        "๓",
        "จัดทำคู่มือการยืมทรัพย์สินของราชการ อ้างอิงจาก e๑๕",
        "ไม่ได้รับการจัดสรรงบประมาณ",
        "",
        "เลื่อนไปดำเนินการในปีถัดไป",
        "ธันวาคม ๒๕๖๖",
    ],
]
TITLE = [
    "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. ๒๕๖๗",
    "เทศบาลตำบลนาเหลือง อำเภอเมืองน่าน จังหวัดน่าน",
]


def layout_b_text() -> bytes:
    lines = [*TITLE, "", "\t".join(HEADER), "\t".join(SUB_HEADER)] + ["\t".join(r) for r in ROWS]
    return "\n".join(lines).encode("utf-8")


def layout_b_docx() -> bytes:
    """As Word writes it: the outcome heading merged over its two sub-columns, the other headings merged down."""
    document = new_docx()
    for line in TITLE:
        document.add_paragraph(line)
    table = document.add_table(rows=2 + len(ROWS), cols=6)
    heading = table.rows[0].cells
    for column, text in zip((0, 1, 2, 4, 5), HEADER, strict=True):
        heading[column].text = text
    heading[2].merge(heading[3])
    for column in (0, 1, 4, 5):
        table.cell(0, column).merge(table.cell(1, column))
    table.cell(1, 2).text, table.cell(1, 3).text = SUB_HEADER[2], SUB_HEADER[3]
    for r, row in enumerate(ROWS, start=2):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def check_layout_b(document: Document) -> None:
    assert document.kind == "implementation" and document.fiscal_year == 2567
    organisation = document.organisation
    assert (organisation.name, organisation.type, organisation.district, organisation.province) == (
        "เทศบาลตำบลนาเหลือง",
        "ทต.",
        "เมืองน่าน",
        "น่าน",
    )
    assert [m.number for m in document.measures] == [1, 2, 3]
    assert [m.questions for m in document.measures] == [["i9", "i24"], ["e6", "e7"], ["e15"]]
    assert [m.tool for m in document.measures] == ["IIT", "EIT", "EIT"]
    assert [m.status for m in document.measures] == ["completed", "completed", "not_possible"]
    first, second, third = document.measures
    assert first.measure == "โครงการอบรมให้ความรู้เรื่องผลประโยชน์ทับซ้อน"  # the reference is a field, not text
    assert first.progress == "จัดอบรมแล้ว ผู้เข้าร่วม ๔๐ คน"
    assert first.summary == "บุคลากรมีความรู้เพิ่มขึ้น"
    assert third.progress == "ไม่ได้รับการจัดสรรงบประมาณ"
    assert first.timeframe is not None and (first.timeframe.start, first.timeframe.end) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 1, 31),
    )
    assert second.timeframe is not None and second.timeframe.start == dt.date(2023, 10, 1)
    assert third.timeframe is not None and third.timeframe.end == dt.date(2023, 12, 31)
    assert document.unread == []


def test_layout_b_as_text(registry: FrameworkRegistry) -> None:
    check_layout_b(read_document_bytes(layout_b_text(), "b.txt", registry))


def test_layout_b_as_word_with_merged_headings(registry: FrameworkRegistry) -> None:
    check_layout_b(read_document_bytes(layout_b_docx(), "b.docx", registry))


def test_layout_b_with_the_heading_repeated_over_its_columns(registry: FrameworkRegistry) -> None:
    """Some extractions repeat a merged heading in every column it covers."""
    header = [*HEADER[:3], HEADER[2], *HEADER[3:]]
    lines = [*TITLE, "", "\t".join(header), "\t".join(SUB_HEADER)] + ["\t".join(r) for r in ROWS]
    check_layout_b(read_document_bytes("\n".join(lines).encode(), "b.txt", registry))


def test_header_repeated_on_every_page_and_a_row_split_across_pages(registry: FrameworkRegistry) -> None:
    head = "มาตรการ\tขั้นตอนการดำเนินการ\tหน่วยงานรับผิดชอบ\tระยะเวลา"
    text = "\n".join(
        [
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ องค์การบริหารส่วนตำบลทดลอง",
            "",
            head,
            "เปิดช่องทางร้องเรียน\t๑. จัดทำแบบฟอร์มออนไลน์ ๒. ประชาสัมพันธ์\tสำนักปลัด (งานนิติการ), กองคลัง\tตุลาคม ๒๕๖๗",
            "",
            head,  # the next page repeats the header; the row goes on with its key cell empty
            "\t๓. รายงานผลทุกไตรมาส\t\t",
            "จัดทำคู่มือ\tจัดทำและเผยแพร่คู่มือ\tกองช่าง\tพ.ย. ๖๗ - ม.ค. ๖๘",
        ]
    )
    document = read_document_bytes(text.encode(), "x.txt", registry)
    assert document.kind == "measures"
    assert len(document.measures) == 2
    first = document.measures[0]
    assert first.steps == ["จัดทำแบบฟอร์มออนไลน์", "ประชาสัมพันธ์", "รายงานผลทุกไตรมาส"]
    assert [(u.unit, u.section) for u in first.responsible] == [("สำนักปลัด", "งานนิติการ"), ("กองคลัง", None)]
    assert first.status == "unknown"  # a plan states no outcome
    assert document.measures[1].timeframe is not None
    assert document.measures[1].timeframe.end == dt.date(2025, 1, 31)


def test_a_page_break_inside_a_step_or_a_result_is_not_a_new_one(registry: FrameworkRegistry) -> None:
    """Where the page broke a row in the middle of a step or of its result, the text on the next page goes on
    with it; a marker ("๓.") there still starts a new step."""
    head = "มาตรการ\tขั้นตอนการดำเนินการ\tหน่วยงานรับผิดชอบ\tผลการดำเนินการ"
    text = "\n".join(
        [
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
            "",
            head,
            "เปิดช่องทางร้องเรียน\t๑. จัดทำแบบฟอร์ม ๒. ประชาสัมพันธ์ช่องทาง\tสำนักปลัด\tได้จัดทำแบบฟอร์มออนไลน์และ",
            "",
            head,
            "\tการร้องเรียนทางเว็บไซต์ ๓. รายงานผล\t\tเผยแพร่ทางเว็บไซต์แล้ว",
        ]
    )
    measure = read_document_bytes(text.encode(), "x.txt", registry).measures[0]
    assert measure.steps == ["จัดทำแบบฟอร์ม", "ประชาสัมพันธ์ช่องทางการร้องเรียนทางเว็บไซต์", "รายงานผล"]
    assert measure.progress == "ได้จัดทำแบบฟอร์มออนไลน์และเผยแพร่ทางเว็บไซต์แล้ว"


def test_unknown_columns_and_unreadable_timeframes_are_reported(registry: FrameworkRegistry) -> None:
    text = "\n".join(
        [
            "มาตรการ\tงบประมาณ (บาท)\tระยะเวลา",
            "จัดอบรมจริยธรรม\t๒๐,๐๐๐\tตลอดปี",
        ]
    )
    document = read_document_bytes(text.encode(), "x.txt", registry)
    assert [(u.text, u.origin) for u in document.unread] == [("๒๐,๐๐๐", "line 2, cell 2")]
    timeframe = document.measures[0].timeframe
    assert timeframe is not None and (timeframe.text, timeframe.start) == ("ตลอดปี", None)
    assert any("ตลอดปี" in w for w in document.warnings)


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("form", ["xlsx", "csv"])
def test_spreadsheet_with_a_header_row(registry: FrameworkRegistry, form: str) -> None:
    rows: list[list[object]] = [
        ["ตัวชี้วัด", "มาตรการ", "ผู้รับผิดชอบ", "ระยะเวลาดำเนินการ", "ผลการดำเนินการ"],
        ["4. การใช้ทรัพย์สินของราชการ", "ประกาศขั้นตอนการยืมพัสดุ", "กองคลัง (งานพัสดุ)", "ธ.ค. 2566", "ดำเนินการแล้วเสร็จ"],
        ["9. การเปิดเผยข้อมูล", "ปรับปรุงเว็บไซต์ O๑๐", "สำนักปลัด", "ม.ค. - มี.ค. 2567", "อยู่ระหว่างดำเนินการ"],
    ]
    if form == "xlsx":
        data, name = _workbook(rows), "measures.xlsx"
    else:
        data, name = "\n".join(",".join(str(c) for c in r) for r in rows).encode("utf-8-sig"), "measures.csv"
    document = read_document_bytes(data, name, registry, framework_version=2566)
    assert document.source == form
    assert [m.indicator.number for m in document.measures if m.indicator] == [4, 9]
    assert [m.status for m in document.measures] == ["completed", "in_progress"]
    assert document.measures[1].questions == ["O10"]
    assert document.measures[1].timeframe is not None
    assert document.measures[1].timeframe.start == dt.date(2024, 1, 1)


def test_a_page_break_inside_a_numbered_measure_goes_on_with_it(registry: FrameworkRegistry) -> None:
    """Where the page broke a row inside the measure's own cell (measures numbered in that cell), the piece on the
    next page, under the repeated header and without a number, goes on with the measure; a numbered one is new."""
    head = "มาตรการ/แนวทาง\tวิธีการดำเนินการ\tผู้รับผิดชอบ\tผลการดำเนินการ"
    text = "\n".join(
        [
            "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๘",
            "",
            head,
            "๑. มาตรการการใช้ดุลพินิจและอำนาจหน้าที่ให้เป็น\t๑. กำกับดูแลบุคลากรให้ปฏิบัติงานตาม\tทุกส่วนราชการ\tกำกับดูแล",
            "",
            head,
            "ตามหลักการบริหารกิจการบ้านเมืองที่ดี\tมาตรฐานการปฏิบัติงาน\t\tทุกเดือน",
            "๒. มาตรการป้องกันการรับสินบน\tประกาศเจตนารมณ์\tสำนักปลัด\tประกาศแล้ว",
            "",
            head,
            "๓. มาตรการเผยแพร่ข้อมูล\tเผยแพร่ทางเว็บไซต์\tสำนักปลัด\tเผยแพร่แล้ว",
        ]
    )
    measures = read_document_bytes(text.encode(), "x.txt", registry).measures
    assert [m.number for m in measures] == [1, 2, 3]
    first = measures[0]
    assert first.measure == "มาตรการการใช้ดุลพินิจและอำนาจหน้าที่ให้เป็นตามหลักการบริหารกิจการบ้านเมืองที่ดี"
    assert first.steps == ["กำกับดูแลบุคลากรให้ปฏิบัติงานตามมาตรฐานการปฏิบัติงาน"]
    assert first.progress == "กำกับดูแลทุกเดือน"


def _docx_table(rows: list[list[str]]) -> bytes:
    """A DOCX of one table; a cell's lines are its paragraphs, as a PDF's are its lines."""
    document = new_docx()
    document.add_paragraph("รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")
    table = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            lines = value.split("\n")
            cell.paragraphs[0].text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_page_break_inside_a_listed_measure_cell_or_a_unit_goes_on_with_it(
    registry: FrameworkRegistry,
) -> None:
    """A measure cell that lists its points ("๑. … ๒. …") broken before its second point, and a responsible unit
    broken inside its name ("กองสาธารณสุข|และสิ่งแวดล้อม"): the rest, on the next page under the repeated header
    and without the indicator, goes on with the measure."""
    head = ["ตัวชี้วัด", "มาตรการ", "ผู้รับผิดชอบ", "ผลการดำเนินการ"]
    rows = [
        head,
        ["๑๐. การป้องกันการทุจริต", "๑. ประชุมทำความเข้าใจกับบุคลากร", "- สำนักปลัดเทศบาล\n- กองสาธารณสุข", "ประชุมแล้ว"],
        head,
        ["", "๒. ประชุมสร้างวัฒนธรรมองค์กร", "และสิ่งแวดล้อม\n- กองคลัง", ""],
        ["๙. การเปิดเผยข้อมูล", "๑. เผยแพร่ข้อมูล", "- กองคลัง", "เผยแพร่แล้ว"],
    ]
    measures = read_document_bytes(_docx_table(rows), "x.docx", registry, framework_version=2566).measures
    assert len(measures) == 2
    first = measures[0]
    assert first.measure == "ประชุมทำความเข้าใจกับบุคลากร\nประชุมสร้างวัฒนธรรมองค์กร"
    assert [r.unit for r in first.responsible] == ["สำนักปลัดเทศบาล", "กองสาธารณสุขและสิ่งแวดล้อม", "กองคลัง"]


def test_a_page_break_inside_an_issue_goes_on_with_it(registry: FrameworkRegistry) -> None:
    """Without a measure column (layout D), an issue cell broken inside a question: the rest, on the next page
    without the indicator, goes on with the issue and the question is recognised by its whole wording."""
    head = ["ตัวชี้วัด", "ประเด็นที่ต้องพัฒนา", "ขั้นตอนหรือวิธีการปฏิบัติ", "ผู้รับผิดชอบ", "ระยะเวลา"]
    rows = [
        head,
        ["๗. ประสิทธิภาพการสื่อสาร", "หน่วยงานที่ท่านติดต่อมีช่องทางให้ผู้มาติดต่อร้องเรียน", "ประชุม", "กองคลัง", "ตลอดปี"],
        head,
        ["", "การทุจริตของเจ้าหน้าที่ในหน่วยงานหรือไม่", "", "", ""],
        ["๙. การเปิดเผยข้อมูล", "", "๑. เผยแพร่ข้อมูล", "กองคลัง", "ตลอดปี"],
    ]
    measures = read_document_bytes(_docx_table(rows), "x.docx", registry, framework_version=2566).measures
    assert len(measures) == 2
    assert measures[0].issue == "หน่วยงานที่ท่านติดต่อมีช่องทางให้ผู้มาติดต่อร้องเรียนการทุจริตของเจ้าหน้าที่ในหน่วยงานหรือไม่"
    assert measures[0].questions == ["e10"]
