"""The year's measures and their progress as an Excel workbook, laid out as the form offices pass around: Thai
headings, dates in the Buddhist Era (as text, so no spreadsheet turns them back into Christian-era dates), one
row a measure. Every text cell is written as text: a measure titled "=HYPERLINK(…)" stays words in the reader's
spreadsheet, never a formula (CSV/formula injection)."""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from prongsai.core.thai import format_date
from prongsai.web.organisations.models import Organisation
from prongsai.web.programme.models import Measure

HEADINGS = [
    ("ลำดับ", 7),
    ("กลุ่ม/ประเด็น", 24),
    ("แบบวัด", 8),
    ("ตัวชี้วัด", 9),
    ("ข้อคำถาม", 14),
    ("ประเด็นที่ต้องยกระดับ", 30),
    ("มาตรการ/แนวทาง", 40),
    ("ขั้นตอน/วิธีปฏิบัติ", 40),
    ("ผู้รับผิดชอบ", 24),
    ("ระยะเวลาดำเนินการ", 24),
    ("วันเริ่ม (พ.ศ.)", 14),
    ("วันสิ้นสุด (พ.ศ.)", 14),
    ("สถานะ", 20),
    ("ความก้าวหน้า/ผลการดำเนินการ", 50),
    ("รายงานล่าสุด (พ.ศ.)", 14),
    ("สรุปผลการดำเนินการ", 40),
    ("ข้อเสนอแนะ", 30),
]


def be_date(date: dt.date | None) -> str:
    """5 ตุลาคม 2565: in Arabic digits, which a spreadsheet's search finds as typed."""
    return format_date(date, "full", thai_digits=False) if date else ""


def _text(sheet: Worksheet, row: int, column: int, value: str | int) -> None:
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl takes "=…" for a formula; this is text, whatever it starts with
    cell.alignment = Alignment(wrap_text=True, vertical="top")


def measures_workbook(organisation: Organisation, year: int, today: dt.date) -> bytes:
    measures = (
        Measure.objects.filter(organisation=organisation, fiscal_year=year)
        .prefetch_related("units__parent", "progress")
        .order_by("number", "pk")
    )
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = f"มาตรการ {year}"
    _text(sheet, 1, 1, f"มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ประจำปีงบประมาณ พ.ศ. {year}")
    _text(sheet, 2, 1, f"{organisation.name} · ข้อมูล ณ วันที่ {be_date(today)}")
    sheet.cell(row=1, column=1).font = Font(bold=True, size=14)
    for column, (heading, width) in enumerate(HEADINGS, start=1):
        _text(sheet, 4, column, heading)
        sheet.cell(row=4, column=column).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.freeze_panes = "B5"
    for row, m in enumerate(measures, start=5):
        entries = sorted(m.progress.all(), key=lambda e: (e.date, e.pk))
        timeframe = m.timeframe_text or (f"{be_date(m.start)} – {be_date(m.end)}" if m.start or m.end else "")
        values: list[str | int] = [
            m.number,
            m.theme if m.group == "theme" else m.get_group_display(),
            m.tool,
            str(m.indicator or ""),
            " ".join(str(q) for q in m.questions),
            m.issue,
            m.title,
            "\n".join(f"{n}. {step}" for n, step in enumerate(m.steps, start=1)),
            "\n".join(str(u) for u in m.units.all()),
            timeframe,
            be_date(m.start),
            be_date(m.end),
            m.get_status_display() + (f" ({m.not_possible_reason})" if m.not_possible_reason else ""),
            "\n".join(f"{be_date(e.date)}: {e.text}" for e in entries),
            be_date(entries[-1].date) if entries else "",
            m.summary,
            m.suggestions,
        ]
        for column, value in enumerate(values, start=1):
            _text(sheet, row, column, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
