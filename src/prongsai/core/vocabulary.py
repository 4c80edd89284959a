"""Every enumeration a person reads, once: its stored values (as the core, the database and the JSON keep them)
and the Thai words shown for them.

The core's types and tuples, Django's `choices`, the forms' choices, the templates' labels and the CLI's words all
come from here, so a new status or action is one line, and a value without Thai words fails
tests/core/test_vocabulary.py. Stored values never change here: they are in the database and in frozen documents.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from prongsai.core import complaints

V = TypeVar("V", bound=str, covariant=True)


@dataclass(frozen=True)
class Enumeration(Generic[V]):
    """Values in the order a person meets them, each with its Thai label."""

    name: str  # what it enumerates, in Thai (for messages and the completeness test)
    entries: tuple[tuple[V, str], ...]

    @property
    def values(self) -> tuple[V, ...]:
        return tuple(value for value, _ in self.entries)

    @property
    def choices(self) -> list[tuple[str, str]]:
        """Django's `choices` (a fresh list: a form may add a blank choice in front)."""
        return [(value, label) for value, label in self.entries]

    def label(self, value: str | None) -> str:
        """The Thai label of a value; an unknown value (an old row, a hand-edited file) is shown as it is."""
        labels: dict[str, str] = dict(self.entries)
        return labels.get(value or "", value or "")

    def __contains__(self, value: object) -> bool:
        return value in self.values

    def __iter__(self) -> Iterator[V]:
        return iter(self.values)


# --- measures -----------------------------------------------------------------------------------------------

MeasureStatus = Literal["unknown", "in_progress", "completed", "not_possible"]
MEASURE_STATUS: Enumeration[MeasureStatus] = Enumeration(
    "สถานะของมาตรการ",
    (
        ("unknown", "ยังไม่รายงาน"),
        ("in_progress", "อยู่ระหว่างดำเนินการ"),
        ("completed", "ดำเนินการแล้วเสร็จ"),
        ("not_possible", "ไม่สามารถดำเนินการได้"),
    ),
)
# A measure is still to be done (a reminder is due when it is late) while it is in one of these.
OPEN_MEASURE_STATUSES: tuple[MeasureStatus, ...] = ("unknown", "in_progress")

MEASURE_GROUP = Enumeration(
    "กลุ่มของมาตรการ",
    (
        ("urgent", "ข้อบกพร่อง/จุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"),
        ("develop", "ประเด็นที่ต้องพัฒนาให้ดีขึ้น"),
        ("theme", "ตามประเด็น (ระบุ)"),
    ),
)

Tool = Literal["IIT", "EIT", "OIT"]
# The ITA's own abbreviations are what staff read and write (tables show them as they are); the label says
# what each measures.
TOOL: Enumeration[Tool] = Enumeration(
    "แบบวัด",
    (
        ("IIT", "IIT การรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน"),
        ("EIT", "EIT การรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก"),
        ("OIT", "OIT การเปิดเผยข้อมูลสาธารณะ"),
    ),
)

# --- documents ----------------------------------------------------------------------------------------------

DocumentKind = Literal["analysis", "measures", "implementation", "complaints"]
DOCUMENT_KIND: Enumeration[DocumentKind] = Enumeration(
    "ชนิดของเอกสาร",
    (
        ("analysis", "การวิเคราะห์ผลการประเมิน"),
        ("measures", "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"),
        ("implementation", "รายงานผลการดำเนินการตามมาตรการ"),
        ("complaints", "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริต"),
    ),
)
# The kinds made from the programme's rows on the documents page (the complaints' figures have their own page).
PROGRAMME_DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("analysis", "measures", "implementation")

Layout = Literal["A", "B", "C", "D"]
LAYOUT: Enumeration[Layout] = Enumeration(
    "รูปแบบตาราง",
    (
        ("A", "ก: ตัวชี้วัดและความก้าวหน้า"),
        ("B", "ข: ลำดับและผลลัพธ์"),
        ("C", "ค: มาตรการและข้อเสนอแนะ"),
        ("D", "ง: ตามแบบวัดและประเด็นที่ต้องยกระดับ"),
    ),
)

# How a table's measures are grouped under headings (a layout's, or the coordinator's own).
GROUPING = Enumeration(
    "การจัดกลุ่มมาตรการในตาราง",
    (
        ("none", "ไม่จัดกลุ่ม"),
        ("urgency_tool", "ตามความเร่งด่วน แล้วตามแบบวัด"),
        ("tool_sections", "ตามแบบวัด (IIT / EIT / OIT)"),
        ("theme", "ตามประเด็น"),
    ),
)

VERSION_STATUS = Enumeration(
    "สถานะของฉบับเอกสาร",
    (
        ("pending", "รออนุมัติ"),
        ("approved", "อนุมัติแล้ว"),
        ("returned", "ส่งกลับแก้ไข"),
        ("void", "ยกเลิก"),
    ),
)
APPROVAL_DECISION = Enumeration("การพิจารณา", (("approve", "อนุมัติ"), ("return", "ส่งกลับ")))

# --- background work ----------------------------------------------------------------------------------------

IMPORT_JOB_STATUS = Enumeration(
    "สถานะการอ่านรายงาน",
    (("queued", "รอคิว"), ("running", "กำลังอ่าน"), ("done", "อ่านแล้ว"), ("failed", "อ่านไม่ได้")),
)
BACKGROUND_JOB_STATUS = Enumeration(
    "สถานะงานเบื้องหลัง",
    (("queued", "รอคิว"), ("running", "กำลังทำ"), ("done", "เสร็จแล้ว"), ("failed", "ไม่สำเร็จ")),
)
BACKGROUND_JOB_KIND = Enumeration("งานเบื้องหลัง", (("publish", "จัดทำเอกสารเพื่อเผยแพร่"),))

# --- frameworks ---------------------------------------------------------------------------------------------

FRAMEWORK_FILE_STATE = Enumeration(
    "สถานะไฟล์กรอบการประเมิน",
    (("pending", "รอเปิดใช้"), ("active", "ใช้อยู่"), ("retired", "เลิกใช้แล้ว")),
)
# How sure the project is of a framework's entry (the file's `confidence`).
CONFIDENCE = Enumeration(
    "ความเชื่อมั่นของข้อมูล",
    (
        ("C", "ยืนยันจากแหล่งข้อมูล"),
        ("D", "คำนวณจากตัวเลขในแหล่งข้อมูล"),
        ("S", "แหล่งรอง"),
        ("M", "จากความจำเรื่องคู่มือ ยังไม่ยืนยัน"),
        ("I", "อนุมาน ยังไม่ยืนยัน"),
        ("unknown", "ไม่ทราบ"),
    ),
)

# A framework entry's source is one of the file's own sources (S1, R2611 …), or this.
FRAMEWORK_SOURCE = Enumeration("แหล่งที่มา", (("unknown", "ไม่ทราบแหล่งที่มา"),))

# --- the audit trail ----------------------------------------------------------------------------------------

AUDIT_ACTION = Enumeration(
    "การกระทำในบันทึกการเปลี่ยนแปลง",
    (
        ("result.save", "บันทึกผลการประเมิน"),
        ("result.rescore", "คิดคะแนนใหม่ตามกรอบการประเมิน"),
        ("analysis.save", "บันทึกการวิเคราะห์ผล"),
        ("measure.create", "เพิ่มมาตรการ"),
        ("measure.update", "แก้ไขมาตรการ"),
        ("measure.copy_previous_year", "คัดลอกมาตรการจากปีก่อน"),
        ("measure.import", "นำเข้ามาตรการจากรายงาน"),
        ("progress.add", "บันทึกความก้าวหน้า"),
        ("reminder.send", "ส่งการแจ้งเตือนถึงหน่วยงาน"),
        ("organisation.register_prefix", "ตั้งเลขที่หนังสือ"),
        ("organisation.emblem", "เปลี่ยนตราหน่วยงาน"),
        ("approval_chain.save", "แก้สายการอนุมัติ"),
        ("version.submit", "ส่งเอกสารขออนุมัติ"),
        ("version.approve", "อนุมัติเอกสาร"),
        ("version.return", "ส่งเอกสารกลับแก้ไข"),
        ("version.publish_request", "ขอเผยแพร่เอกสาร"),
        ("version.publish", "เผยแพร่เอกสาร"),
        ("version.void", "ยกเลิกฉบับเอกสาร"),
        ("complaint.message", "ตอบผู้ร้องเรียน"),
        ("complaint.status", "เปลี่ยนสถานะเรื่องร้องเรียน"),
        ("framework.upload", "นำเข้าไฟล์กรอบการประเมิน"),
        ("framework.activate", "เปิดใช้ไฟล์กรอบการประเมิน"),
        ("framework.withdraw", "เลิกใช้ไฟล์กรอบการประเมิน"),
        ("oversight.import", "นำเข้าผลการประเมินระดับประเทศ"),
        ("catalogue.use", "ใช้มาตรการจากคลังมาตรการ"),
        ("catalogue.import", "นำเข้าเอกสารเข้าคลังมาตรการ"),
        ("api_token.create", "สร้างโทเคน API"),
        ("api_token.revoke", "ยกเลิกโทเคน API"),
    ),
)

# --- where a reader found a piece of text ------------------------------------------------------------------

# The readers name places in English ("page 2, table 1, row 4, cell 6"), as `prongsai import --json` keeps them;
# a person reads them in Thai.
ORIGIN_WORDS = {
    "page": "หน้า",
    "table": "ตารางที่",
    "row": "แถวที่",
    "cell": "ช่องที่",
    "line": "บรรทัดที่",
    "paragraph": "ย่อหน้าที่",
}
_ORIGIN_PART = r"\b(?:" + "|".join(ORIGIN_WORDS) + r") \d+"
_ORIGIN = re.compile(_ORIGIN_PART + r"(?:, " + _ORIGIN_PART + r")*")


def origin_in_thai(text: str) -> str:
    """ "table 1, row 4, cell 6" → "ตารางที่ 1 แถวที่ 4 ช่องที่ 6", also inside a message; the rest is kept."""

    def thai(found: re.Match[str]) -> str:
        parts = (part.split(" ") for part in found.group(0).split(", "))
        return " ".join(f"{ORIGIN_WORDS[word]} {number}" for word, number in parts)

    return _ORIGIN.sub(thai, text)


# --- complaints (their lists live with their statistics, in prongsai.core.complaints) ---------------------

COMPLAINT_KIND = Enumeration("ประเภทเรื่องร้องเรียน", complaints.KINDS)
COMPLAINT_STATUS = Enumeration("สถานะเรื่องร้องเรียน", complaints.STATUSES)
COMPLAINT_DESTINATION = Enumeration("หน่วยงานที่ส่งต่อ", complaints.DESTINATIONS)

# Every enumeration above, for the completeness test and the pages' crawl.
ALL: tuple[Enumeration[str], ...] = (
    MEASURE_STATUS,
    MEASURE_GROUP,
    TOOL,
    DOCUMENT_KIND,
    LAYOUT,
    GROUPING,
    VERSION_STATUS,
    APPROVAL_DECISION,
    IMPORT_JOB_STATUS,
    BACKGROUND_JOB_STATUS,
    BACKGROUND_JOB_KIND,
    FRAMEWORK_FILE_STATE,
    CONFIDENCE,
    FRAMEWORK_SOURCE,
    AUDIT_ACTION,
    COMPLAINT_KIND,
    COMPLAINT_STATUS,
    COMPLAINT_DESTINATION,
)
