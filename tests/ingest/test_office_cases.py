"""Reports as offices really make them (issue 13's cases 2–8): rows broken by pages, separator rows, rows with
merged cells, implausible years, the สถานะ and ห้วงเวลา headings, indicators known from question codes, two-line
titles. Each builds the document the way an office or an export lays it out and checks what a person would read.
"""

from __future__ import annotations

import datetime as dt
import io

from docx import Document as new_docx

from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import read_document_bytes

PLAN_TITLE = "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ องค์การบริหารส่วนตำบลทดลอง"
REPORT_TITLE = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗"


def docx_of(paragraphs: list[str], rows: list[list[str]]) -> bytes:
    document = new_docx()
    for text in paragraphs:
        document.add_paragraph(text)
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=False):
            cell.text = value
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def text_of(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


# --- 2: a row broken across pages -------------------------------------------------------------------------


def test_a_row_broken_by_a_page_without_its_number_continues_the_measure(registry: FrameworkRegistry) -> None:
    """Word keeps a row a page broke as two rows of one table, the number cell empty in the second (no header
    repeated between them): the second is the rest of the first, not a measure numbered after it."""
    rows = [
        ["ลำดับ", "มาตรการ", "ขั้นตอนการดำเนินการ", "ผู้รับผิดชอบ", "ระยะเวลา"],
        ["๑", "เปิดช่องทางร้องเรียนการทุจริต", "๑. จัดทำแบบฟอร์ม ๒. ประชาสัมพันธ์", "สำนักปลัด", "ต.ค. ๖๖ - ธ.ค. ๖๖"],
        ["", "ผ่านเว็บไซต์และเพจ", "๓. รายงานผลทุกไตรมาส", "", ""],
        ["๒", "จัดทำคู่มือการปฏิบัติงาน", "จัดทำและเผยแพร่คู่มือ", "กองคลัง", "ม.ค. ๖๗"],
    ]
    document = read_document_bytes(docx_of([PLAN_TITLE], rows), "x.docx", registry)
    assert [m.number for m in document.measures] == [1, 2]
    first = document.measures[0]
    assert first.measure == "เปิดช่องทางร้องเรียนการทุจริตผ่านเว็บไซต์และเพจ"
    assert first.steps == ["จัดทำแบบฟอร์ม", "ประชาสัมพันธ์", "รายงานผลทุกไตรมาส"]


# --- 3: separator rows --------------------------------------------------------------------------------------


def test_separator_rows_are_not_measures(registry: FrameworkRegistry) -> None:
    head = "มาตรการ\tผู้รับผิดชอบ\tระยะเวลา"
    lines = [
        PLAN_TITLE,
        "",
        head,
        "---\t--\t--",
        "จัดอบรมจริยธรรม\tสำนักปลัด\tม.ค. ๖๗",
        "----\t----\t",
        "<br>\t<p></p>\t",
        "เผยแพร่ข้อมูลข่าวสาร\tกองคลัง\tก.พ. ๖๗",
        "===\t**\t__",
    ]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    assert [m.measure for m in document.measures] == ["จัดอบรมจริยธรรม", "เผยแพร่ข้อมูลข่าวสาร"]
    assert document.unread == []


def test_a_text_exports_dash_line_is_neither_a_measure_nor_introduction(registry: FrameworkRegistry) -> None:
    lines = [PLAN_TITLE, "", "มาตรการ\tผู้รับผิดชอบ", "---  --  --", "จัดอบรมจริยธรรม\tสำนักปลัด"]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    assert [m.measure for m in document.measures] == ["จัดอบรมจริยธรรม"]
    assert document.introduction == []


# --- 4: a row with fewer cells than the heading -------------------------------------------------------------

MERGED_HEADER = [
    "ลำดับที่",
    "มาตรการ/โครงการ/กิจกรรม",
    "ผลลัพธ์หรือความสำเร็จของการดำเนินการ",
    "",
    "สรุปผลการดำเนินการ",
    "ระยะเวลาในการดำเนินการ",
]
MERGED_SUB = ["", "", "ไม่สามารถดำเนินการได้", "ดำเนินการแล้วเสร็จ", "", ""]


def test_a_row_with_a_merged_cell_is_aligned_by_what_its_cells_hold(registry: FrameworkRegistry) -> None:
    """The outcome sub-columns merged into one cell in row ๒: five cells under six columns. Read in order, the
    summary would land under ดำเนินการแล้วเสร็จ and the timeframe under the summary."""
    lines = [
        REPORT_TITLE,
        "",
        "\t".join(MERGED_HEADER),
        "\t".join(MERGED_SUB),
        "\t".join(["๑", "อบรมผลประโยชน์ทับซ้อน", "", "จัดอบรมแล้ว", "บุคลากรมีความรู้", "มกราคม ๒๕๖๗"]),
        "\t".join(
            [
                "๒",
                "เผยแพร่แผนการใช้จ่ายงบประมาณ",
                "ดำเนินการแล้วเสร็จ เผยแพร่ทางเว็บไซต์",
                "ประชาชนเข้าถึงข้อมูล",
                "ต.ค. ๖๖ - ก.ย. ๖๗",
            ]
        ),
        "\t".join(["๓", "จัดทำคู่มือการยืมทรัพย์สิน", "ไม่สามารถดำเนินการได้ เนื่องจากไม่ได้รับงบประมาณ", "ธันวาคม ๒๕๖๖"]),
    ]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    second, third = document.measures[1], document.measures[2]
    assert second.progress == "ดำเนินการแล้วเสร็จ เผยแพร่ทางเว็บไซต์"
    assert second.status == "completed"
    assert second.summary == "ประชาชนเข้าถึงข้อมูล"
    assert second.timeframe is not None and second.timeframe.start == dt.date(2023, 10, 1)
    assert third.status == "not_possible" and third.summary is None
    assert third.timeframe is not None and third.timeframe.end == dt.date(2023, 12, 31)
    row_warnings = [w for w in document.warnings if w.startswith(("line 6:", "line 7:"))]
    assert len(row_warnings) == 2
    assert "ต.ค. ๖๖ - ก.ย. ๖๗” เป็นระยะเวลา" in row_warnings[0]
    assert "เป็นผลการดำเนินการ (ดำเนินการแล้วเสร็จ)" in row_warnings[0]
    assert document.unread == []


# --- 5: implausible timeframes ------------------------------------------------------------------------------


def test_a_year_decades_from_the_fiscal_year_keeps_its_text_and_no_dates(registry: FrameworkRegistry) -> None:
    lines = [
        PLAN_TITLE,
        "",
        "มาตรการ\tระยะเวลาดำเนินการ",
        "จัดอบรมจริยธรรม\tต.ค. ๒๖ - ก.ย. ๒๗",
        "เผยแพร่ข้อมูล\tต.ค. ๖๖ - ก.ย. ๖๗",
    ]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    typo, right = (m.timeframe for m in document.measures)
    assert typo is not None and (typo.text, typo.start, typo.end) == ("ต.ค. ๒๖ - ก.ย. ๒๗", None, None)
    assert right is not None and right.start == dt.date(2023, 10, 1)
    assert [w for w in document.warnings if "ปีไม่ตรงกับปีงบประมาณของเอกสาร" in w and w.startswith("line 4:")]


# --- 6: ห้วงเวลาดำเนินการ and สถานะ ----------------------------------------------------------------------------


def test_timeframe_and_status_headings_and_status_words(registry: FrameworkRegistry) -> None:
    lines = [
        REPORT_TITLE,
        "",
        "มาตรการ\tห้วงเวลาดำเนินการ\tผลการดำเนินการ\tสถานะ",
        "จัดทำระบบรับเรื่องร้องเรียน\tม.ค. - มี.ค. ๖๗\tอยู่ระหว่างจัดทำระบบ\tอยู่ระหว่างดำเนินการ",
        "อบรมบุคลากร\tเม.ย. ๖๗\t-\tยังไม่ได้ดำเนินการ",
        "ประกาศเจตนารมณ์\tต.ค. ๖๖\tประกาศแล้ว\t-",
        "เผยแพร่คู่มือ\tพ.ย. ๖๖\tเผยแพร่ทางเว็บไซต์\tดำเนินการแล้วเสร็จ",
    ]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    assert document.unread == []
    assert [m.status for m in document.measures] == ["in_progress", "unknown", "unknown", "completed"]
    first = document.measures[0]
    assert first.timeframe is not None and first.timeframe.start == dt.date(2024, 1, 1)
    assert document.measures[1].progress is None  # "-" says nothing


def test_status_from_result_words_is_never_guessed_completed_from_a_dash(registry: FrameworkRegistry) -> None:
    lines = [
        REPORT_TITLE,
        "",
        "มาตรการ\tผลการดำเนินการ",
        "จัดทำระบบรับเรื่องร้องเรียน\tอยู่ระหว่างจัดทำระบบ",
        "อบรมบุคลากร\t-",
        "จัดทำคู่มือ\tยังไม่ได้ดำเนินการ",
        "ประกาศเจตนารมณ์\tประกาศแล้วทางเว็บไซต์",
    ]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    assert [m.status for m in document.measures] == ["in_progress", "unknown", "unknown", "completed"]


# --- 7: what the framework knows -----------------------------------------------------------------------------


def test_the_indicator_comes_from_question_codes_and_ocr_slips_are_warned(
    registry: FrameworkRegistry,
) -> None:
    lines = [
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        "",
        "ลำดับ\tมาตรการ\tผู้รับผิดชอบ",
        "๑\tจัดทำคู่มือการยืมทรัพย์สินของราชการ อ้างอิงจาก e๑๕\tกองคลัง",
        "๒\tเผยแพร่แผนการใช้จ่ายงบประมาณ อ้างอิงจาก eb,em\tกองคลัง",
        "๓\tอบรมผลประโยชน์ทับซ้อน อ้างอิงจาก i๙,i๒๔\tสำนักปลัด",
    ]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    first, second, third = document.measures
    assert first.questions == ["e15"] and first.indicator is not None and first.indicator.number == 8
    assert second.questions == ["e6", "e7"] and second.indicator is not None and second.indicator.number == 7
    assert third.indicator is None  # i9 and i24 belong to two indicators: none is chosen
    slips = [w for w in document.warnings if w.startswith("line 5:")]
    assert (
        len(slips) == 2
        and "“eb”" in slips[0]
        and "e6" in slips[0]
        and "“em”" in slips[1]
        and "e7" in slips[1]
    )
    assert not [w for w in document.warnings if w.startswith(("line 4:", "line 6:"))]


# --- 8: a two-line title in Word -----------------------------------------------------------------------------


def test_a_two_line_word_title_is_kept_whole_with_district_and_province(registry: FrameworkRegistry) -> None:
    title = [
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๗ ของเทศบาลตำบลนาเหลือง",
        "อำเภอเมืองน่าน จังหวัดน่าน",
    ]
    rows = [["มาตรการ", "ผู้รับผิดชอบ"], ["จัดอบรมจริยธรรม", "สำนักปลัด"]]
    document = read_document_bytes(
        docx_of([*title, "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน"], rows), "x.docx", registry
    )
    assert document.title == " ".join(title)
    organisation = document.organisation
    assert (organisation.name, organisation.district, organisation.province) == (
        "เทศบาลตำบลนาเหลือง",
        "เมืองน่าน",
        "น่าน",
    )
    assert document.introduction == ["ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน"]


def test_a_word_cell_merged_over_the_outcome_columns_goes_where_its_words_say(
    registry: FrameworkRegistry,
) -> None:
    """In Word, a cell merged over ไม่สามารถดำเนินการได้ and ดำเนินการแล้วเสร็จ starts in the first of them; its words
    ("ดำเนินการแล้วเสร็จ …") name the outcome, and a warning says so."""
    document = new_docx()
    document.add_paragraph(REPORT_TITLE)
    rows = [
        ["ลำดับที่", "มาตรการ", "ผลการดำเนินการ", "", "ระยะเวลา"],
        ["", "", "ไม่สามารถดำเนินการได้", "ดำเนินการแล้วเสร็จ", ""],
        ["๑", "อบรมผลประโยชน์ทับซ้อน", "", "จัดอบรมแล้ว", "ม.ค. ๖๗"],
        ["๒", "เผยแพร่แผนการใช้จ่ายงบประมาณ", "", "", "ก.พ. ๖๗"],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for row, values in zip(table.rows, rows, strict=True):
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
    table.cell(0, 2).merge(table.cell(0, 3))
    merged = table.cell(3, 2).merge(table.cell(3, 3))
    merged.paragraphs[0].text = "ดำเนินการแล้วเสร็จ เผยแพร่ทางเว็บไซต์"
    buffer = io.BytesIO()
    document.save(buffer)
    read = read_document_bytes(buffer.getvalue(), "x.docx", registry)
    assert [m.status for m in read.measures] == ["completed", "completed"]
    assert read.measures[1].progress == "ดำเนินการแล้วเสร็จ เผยแพร่ทางเว็บไซต์"
    assert [w for w in read.warnings if w.startswith("table 1, row 4:") and "ดำเนินการแล้วเสร็จ" in w]


def test_a_measure_cell_of_only_its_number_is_read_not_a_crash(registry: FrameworkRegistry) -> None:
    """Found by Hypothesis: a measure cell holding only "๒." stopped the reader with an IndexError."""
    lines = [PLAN_TITLE, "", "ลำดับ\tมาตรการ\tผู้รับผิดชอบ", "๑\tจัดอบรม\tสำนักปลัด", "๒\t๒.\tกองคลัง"]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    assert [(m.number, m.measure) for m in document.measures] == [(1, "จัดอบรม"), (2, "")]
    assert document.measures[1].responsible[0].unit == "กองคลัง"


def test_a_list_item_on_the_next_page_is_a_new_step(registry: FrameworkRegistry) -> None:
    """A page broke a row between two <li> items: the item on the next page is a step of its own, not the end of
    the one before."""
    head = "ลำดับ\tมาตรการ\tขั้นตอนการดำเนินการ"
    lines = [
        PLAN_TITLE,
        "",
        head,
        "๑\tจัดอบรม\t<ul><li>จัดทำหลักสูตร</li></ul>",
        "",
        head,
        "\t\t<ul><li>เชิญวิทยากร</li></ul>",
    ]
    document = read_document_bytes(text_of(lines), "x.txt", registry)
    assert document.measures[0].steps == ["จัดทำหลักสูตร", "เชิญวิทยากร"]
