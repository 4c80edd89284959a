"""The programme's documents as plain data: what an imported report holds, whatever its layout.

`to_dict()` gives the JSON form (`prongsai import --json`): dates as ISO strings, lists as lists, absent values as
null. Every text field is plain text (no HTML).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from prongsai.core.vocabulary import MEASURE_STATUS
from prongsai.core.vocabulary import DocumentKind as DocumentKind  # the readers import them from here
from prongsai.core.vocabulary import MeasureStatus as MeasureStatus

# The kinds of local government (องค์กรปกครองส่วนท้องถิ่น) the ITA assesses: short form and long form. Bangkok is a
# local government of its own kind, the only one of its province.
ORGANISATION_TYPES: tuple[tuple[str, str], ...] = (
    ("อบจ.", "องค์การบริหารส่วนจังหวัด"),
    ("อบต.", "องค์การบริหารส่วนตำบล"),
    ("ทน.", "เทศบาลนคร"),
    ("ทม.", "เทศบาลเมือง"),
    ("ทต.", "เทศบาลตำบล"),
    ("กทม.", "กรุงเทพมหานคร"),
)

STATUSES: tuple[MeasureStatus, ...] = MEASURE_STATUS.values


@dataclass
class Organisation:
    name: str | None = None
    type: str | None = None  # อบต., ทต., ทม., ทน., อบจ.
    district: str | None = None
    province: str | None = None


@dataclass
class Signature:
    name: str
    position: str


@dataclass
class Opinion:
    """An approver's opinion on a cover memo (ความเห็นของ…): `role` is the heading's, `position` the signer's."""

    role: str
    position: str | None
    name: str | None
    text: str | None
    date: dt.date | None = None  # the day the approver signed


@dataclass
class Memo:
    """The cover memo (บันทึกข้อความ)."""

    office: str | None = None  # ส่วนราชการ
    ref: str | None = None  # ที่
    date: dt.date | None = None  # วันที่
    date_text: str | None = None
    subject: str | None = None  # เรื่อง
    to: str | None = None  # เรียน
    body: str | None = None
    signatures: list[Signature] = field(default_factory=list)
    opinions: list[Opinion] = field(default_factory=list)


@dataclass
class ResultStatement:
    """An ITA result as a document states it: "คะแนน ๗๔.๓๖ อยู่ในระดับ C … +๒๓.๒๙ คะแนน (ระดับ E)"."""

    score: Decimal | None
    level: str | None
    change: Decimal | None
    previous_level: str | None


@dataclass
class IndicatorRef:
    number: int
    name: str


@dataclass
class Responsible:
    """A responsible unit, with its sub-unit kept apart: สำนักปลัด (งานนิติการ)."""

    unit: str
    section: str | None = None


@dataclass
class MeasureTimeframe:
    """The timeframe as written, with its dates when they could be read."""

    text: str
    start: dt.date | None
    end: dt.date | None


@dataclass
class Measure:
    number: int
    group: str | None  # "urgent", "develop", or the section's own words
    tool: str | None  # IIT, EIT, OIT
    indicator: IndicatorRef | None
    questions: list[str]
    issue: str | None  # the question or topic to raise (ประเด็นการประเมินที่ต้องยกระดับ)
    measure: str
    steps: list[str]
    responsible: list[Responsible]
    timeframe: MeasureTimeframe | None
    progress: str | None
    status: MeasureStatus
    summary: str | None
    suggestions: str | None


@dataclass
class Unread:
    """A piece of text that landed in no field, and where it was found."""

    text: str
    origin: str


@dataclass
class Document:
    title: str | None
    kind: DocumentKind
    organisation: Organisation
    fiscal_year: int | None
    memo: Memo | None
    result: ResultStatement | None
    measures: list[Measure]
    introduction: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    source: str = ""  # the reader that produced it: text, docx, pdf, xlsx, csv

    def to_dict(self) -> dict[str, Any]:
        return _plain(asdict(self))  # type: ignore[no-any-return]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        """The inverse of `to_dict`, for a document kept as JSON between reading and saving."""
        memo = data.get("memo")
        result = data.get("result")
        return cls(
            title=data.get("title"),
            kind=data["kind"],
            organisation=Organisation(**data["organisation"]),
            fiscal_year=data.get("fiscal_year"),
            memo=None
            if memo is None
            else Memo(
                **{k: v for k, v in memo.items() if k not in ("date", "signatures", "opinions")},
                date=_date(memo.get("date")),
                signatures=[Signature(**s) for s in memo["signatures"]],
                opinions=[Opinion(**{**o, "date": _date(o.get("date"))}) for o in memo["opinions"]],
            ),
            result=None
            if result is None
            else ResultStatement(
                _decimal(result["score"]),
                result["level"],
                _decimal(result["change"]),
                result["previous_level"],
            ),
            measures=[_measure(m) for m in data["measures"]],
            introduction=list(data.get("introduction", [])),
            unread=[Unread(**u) for u in data.get("unread", [])],
            warnings=list(data.get("warnings", [])),
            source=data.get("source", ""),
        )


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _measure(data: dict[str, Any]) -> Measure:
    timeframe = data.get("timeframe")
    indicator = data.get("indicator")
    return Measure(
        **{k: v for k, v in data.items() if k not in ("indicator", "responsible", "timeframe")},
        indicator=None if indicator is None else IndicatorRef(**indicator),
        responsible=[Responsible(**r) for r in data["responsible"]],
        timeframe=None
        if timeframe is None
        else MeasureTimeframe(timeframe["text"], _date(timeframe["start"]), _date(timeframe["end"])),
    )


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value
