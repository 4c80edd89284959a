"""Column roles, from the words of a table's headings: which field of a measure each column carries.

`Column` is the one list of roles; each carries the heading words that name it, checked in the enumeration's
order (the first role whose words a heading contains wins: "สรุปผลการดำเนินการตามมาตรการ" is a summary although it
also names มาตรการ and ผลการดำเนินการ). Everything here takes cells and returns values.
"""

from __future__ import annotations

import re
from enum import StrEnum

from prongsai.core.model import DocumentKind
from prongsai.ingest.cleaning import clean_text


class Column(StrEnum):
    """A column's role; the value is the measure's field it fills (or the reading it guides)."""

    words: tuple[str, ...]

    def __new__(cls, value: str, words: tuple[str, ...] = ()) -> Column:
        member = str.__new__(cls, value)
        member._value_ = value
        member.words = words
        return member

    SUMMARY = "summary", ("สรุปผล",)
    TIMEFRAME = "timeframe", ("ระยะเวลา", "ช่วงเวลา", "กำหนดเวลา", "ห้วงเวลา")
    SUGGESTIONS = "suggestions", ("ข้อเสนอแนะ",)
    RESPONSIBLE = "responsible", ("ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "รับผิดชอบ")
    NOT_POSSIBLE = "not_possible", ("ไม่สามารถดำเนินการ", "ดำเนินการไม่ได้")
    COMPLETED = "completed", ("แล้วเสร็จ", "ดำเนินการแล้ว")
    IN_PROGRESS = "in_progress", ("อยู่ระหว่างดำเนินการ", "กำลังดำเนินการ")
    # A column of status words (สถานะ / สถานะการดำเนินการ): each cell says which outcome, in words.
    STATUS = "status", ("สถานะ",)
    # "ตัวชี้วัด/ประเด็น" (the measures plan) names indicators; "ประเด็นการประเมินที่ต้องยกระดับ" names none.
    INDICATOR = "indicator", ("ตัวชี้วัด",)
    ISSUE = "issue", ("ประเด็นการประเมิน", "ประเด็นที่ต้อง", "ข้อคำถาม", "ประเด็น")
    STEPS = "steps", ("ขั้นตอน", "วิธีการ", "วิธีปฏิบัติ")
    PROGRESS = "progress", ("ความก้าวหน้า", "ผลการดำเนิน", "ผลลัพธ์", "ความสำเร็จ", "ผลการปฏิบัติ")
    MEASURE = "measure", ("มาตรการ", "โครงการ", "กิจกรรม", "แนวทาง")
    NUMBER = "number", ("ลำดับ",)


Roles = list[Column | None]
# The members with their words, in order, iterated once per heading cell (an enumeration's own iteration is slower).
_COLUMN_WORDS = tuple((column, column.words) for column in Column)

OUTCOME_ROLES = frozenset({Column.NOT_POSSIBLE, Column.COMPLETED, Column.IN_PROGRESS})
KEY_ROLES = (Column.MEASURE, Column.INDICATOR, Column.ISSUE, Column.NUMBER)
SHORT_NUMBER_HEADERS = {"ที่", "ข้อ", "ลำดับ", "ลำดับที่", "no", "no."}
MAX_HEADER_CELL = 80

# What a measure lacks when the table has no column for it, named as a reader would look for it.
MISSING_COLUMNS = [
    (Column.STEPS, "ขั้นตอน/วิธีการดำเนินการ"),
    (Column.RESPONSIBLE, "ผู้รับผิดชอบ"),
    (Column.TIMEFRAME, "ระยะเวลาดำเนินการ"),
]


def missing_columns(columns: set[Column], kind: DocumentKind) -> list[str]:
    """A warning for each field the document's tables cannot carry, so an empty field is not taken as read."""
    missing = [name for role, name in MISSING_COLUMNS if role not in columns]
    if kind == "implementation" and not columns & (
        {Column.PROGRESS, Column.SUMMARY, Column.STATUS} | OUTCOME_ROLES
    ):
        missing.append("ผลการดำเนินการ")
    warnings = []
    if missing:
        warnings.append(f"ตารางไม่มีคอลัมน์ {', '.join(missing)}: มาตรการที่อ่านได้จึงไม่มีข้อมูลส่วนนี้")
    if Column.MEASURE not in columns and Column.STEPS in columns:
        warnings.append("ตารางไม่มีคอลัมน์มาตรการ: ใช้ขั้นตอนหรือวิธีการปฏิบัติเป็นข้อความของมาตรการ")
    return warnings


def compact(text: str) -> str:
    return re.sub(r"\s+", "", clean_text(text)).lower()


def header_role(cell: str) -> Column | None:
    squeezed = compact(cell)
    if not squeezed:
        return None
    if squeezed in SHORT_NUMBER_HEADERS:
        return Column.NUMBER
    for column, words in _COLUMN_WORDS:
        if any(word in squeezed for word in words):
            return column
    return None


def header_roles(cells: list[str]) -> Roles | None:
    """Roles of a header row, or None when the row is not a header."""
    texts = [clean_text(c) for c in cells]
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(len(t) > MAX_HEADER_CELL for t in filled):
        return None
    roles = [header_role(t) if t else None for t in texts]
    named = [r for r in roles if r]
    if len(set(named)) < 2 or len(named) * 5 < len(filled) * 3:
        return None
    if not {Column.MEASURE, Column.INDICATOR, Column.STEPS, Column.ISSUE} & set(named):
        return None
    return roles


def replaces_header(texts: list[str], roles: Roles) -> bool:
    """Under an active header, a row is a new header only if it names three columns or more and no cell is a bare
    number: a short data row ("๓", "มาตรการที่ ๓", "ดำเนินการแล้ว") can name two columns by accident."""
    bare_number = any(re.fullmatch(r"[0-9๐-๙]{1,3}[.)]?", t) for t in texts if t)
    return not bare_number and len({r for r in roles if r}) >= 3


def sub_header(cells: list[str]) -> Roles | None:
    """Roles of a row of outcome sub-columns under a header (ไม่สามารถดำเนินการได้ / ดำเนินการแล้วเสร็จ)."""
    texts = [clean_text(c) for c in cells]
    roles = [header_role(t) if t else None for t in texts]
    named = [r for r in roles if r]
    filled = [t for t in texts if t]
    # Nothing but outcome headings, two at least, each once: a first data row whose result and status cells
    # both say "ไม่สามารถดำเนินการได้" is no sub-header.
    if (
        len(named) == len(filled) == len(set(named)) >= 2
        and set(named) <= OUTCOME_ROLES
        and not any(len(t) > MAX_HEADER_CELL for t in texts)
    ):
        return roles
    return None


def merge_sub_header(roles: Roles, header: list[str], sub: Roles) -> Roles:
    """Give the outcome sub-columns their place under their parent, however the extraction laid the rows out."""
    named_sub = [r for r in sub if r]
    if len(sub) == len(roles):  # the sub-header row has a cell for every column
        return [s or r for r, s in zip(roles, sub, strict=True)]
    parent = next((i for i, r in enumerate(roles) if r == Column.PROGRESS), None)
    if parent is None:
        parent = next((i for i, r in enumerate(roles) if r is None and clean_text(header[i])), None)
    if parent is None:
        return roles + list(named_sub)
    texts = [clean_text(c) for c in header]
    span = [i for i in range(parent, len(roles)) if texts[i] == texts[parent]]
    if len(span) >= len(named_sub):  # the parent cell repeated over its grid columns (merged cells)
        merged = list(roles)
        for index, role in zip(span, named_sub, strict=False):
            merged[index] = role
        return merged
    return roles[:parent] + list(named_sub) + roles[parent + 1 :]  # the parent written once
