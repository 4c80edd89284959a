"""Complaints of corruption (เรื่องร้องเรียนการทุจริตและประพฤติมิชอบ): the one list of kinds, statuses and
destinations, and the yearly statistics the OIT asks for, as pure functions over plain rows.

Days only: the channel keeps no exact time of a reporter, so every figure here is counted in whole days.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

KINDS: tuple[tuple[str, str], ...] = (
    ("bribery", "การเรียกรับสินบน"),
    ("procurement", "การจัดซื้อจัดจ้าง"),
    ("property", "การใช้ทรัพย์สินของราชการโดยมิชอบ"),
    ("authority", "การใช้อำนาจหน้าที่โดยมิชอบ"),
    ("other", "เรื่องอื่น ๆ"),
)
NEW, REVIEW, INVESTIGATING, FORWARDED, CLOSED = "new", "review", "investigating", "forwarded", "closed"
STATUSES: tuple[tuple[str, str], ...] = (
    (NEW, "เรื่องใหม่"),
    (REVIEW, "อยู่ระหว่างพิจารณา"),
    (INVESTIGATING, "อยู่ระหว่างตรวจสอบข้อเท็จจริง"),
    (FORWARDED, "ส่งต่อหน่วยงานที่เกี่ยวข้อง"),
    (CLOSED, "ยุติเรื่องแล้ว"),
)
DESTINATIONS: tuple[tuple[str, str], ...] = (
    ("nacc", "สำนักงาน ป.ป.ช."),
    ("pacc", "สำนักงาน ป.ป.ท."),
    ("oag", "สำนักงานการตรวจเงินแผ่นดิน (สตง.)"),
    ("district", "อำเภอ"),
    ("named", "หน่วยงานอื่น (ระบุชื่อ)"),
)


@dataclass(frozen=True)
class ComplaintRow:
    """What the statistics need of one complaint: no text, no reporter."""

    kind: str
    status: str
    received: dt.date
    first_answer: dt.date | None = None
    closed: dt.date | None = None
    forwarded_to: str = ""  # a destination key, or "" when the matter was not sent elsewhere


@dataclass(frozen=True)
class ComplaintStatistics:
    received: int
    by_kind: dict[str, int] = field(default_factory=dict)  # every kind, zero included
    by_status: dict[str, int] = field(default_factory=dict)  # every status, zero included
    median_days_to_first_answer: float | None = None  # of those answered
    median_days_to_close: float | None = None  # of those closed
    answered: int = 0
    closed: int = 0
    forwarded: dict[str, int] = field(default_factory=dict)  # destination → count, only those used

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ComplaintStatistics:
        return cls(**dict(data))


def complaint_statistics(rows: Sequence[ComplaintRow]) -> ComplaintStatistics:
    """Counts by kind and status, the medians in days, and where matters were forwarded."""
    by_kind = {key: 0 for key, _ in KINDS}
    by_status = {key: 0 for key, _ in STATUSES}
    forwarded: dict[str, int] = {}
    to_answer: list[int] = []
    to_close: list[int] = []
    for row in rows:
        by_kind[row.kind] = by_kind.get(row.kind, 0) + 1
        by_status[row.status] = by_status.get(row.status, 0) + 1
        if row.first_answer is not None:
            to_answer.append((row.first_answer - row.received).days)
        if row.closed is not None:
            to_close.append((row.closed - row.received).days)
        if row.forwarded_to:
            forwarded[row.forwarded_to] = forwarded.get(row.forwarded_to, 0) + 1
    return ComplaintStatistics(
        received=len(rows),
        by_kind=by_kind,
        by_status=by_status,
        median_days_to_first_answer=float(statistics.median(to_answer)) if to_answer else None,
        median_days_to_close=float(statistics.median(to_close)) if to_close else None,
        answered=len(to_answer),
        closed=len(to_close),
        forwarded={key: forwarded[key] for key, _ in DESTINATIONS if key in forwarded},
    )


def days_text(value: float | None) -> str:
    """A median in days as people read it: "3", "2.5", or "-" when there is none."""
    if value is None:
        return "-"
    return str(int(value)) if value == int(value) else f"{value:.1f}"
