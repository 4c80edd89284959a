"""What the API reads and writes, as OpenAPI documents it (pydantic models through django-ninja)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ninja import Schema
from pydantic import Field


class Problem(Schema):
    detail: str = Field(description="เหตุเป็นภาษาไทย (the reason, in Thai)")
    errors: dict[str, list[str]] | None = Field(None, description="ข้อผิดพลาดของแต่ละช่อง (per field)")


class OrganisationOut(Schema):
    slug: str
    name: str
    type: str
    province: str
    district: str
    code: str


class OrganisationDetail(OrganisationOut):
    years: list[int] = Field(description="ปีงบประมาณที่มีมาตรการ ผลการประเมิน หรือเอกสาร (programme years)")


class OrganisationPage(Schema):
    items: list[OrganisationOut]
    next: str | None = Field(description="ที่อยู่ของหน้าถัดไป หรือ null (the next page's address)")


class GradeOut(Schema):
    key: str
    label: str
    english: str


class ScoreOut(Schema):
    code: str
    name: str
    tool: str
    score: Decimal


class ResultSummary(Schema):
    fiscal_year: int = Field(description="ปีที่ประเมิน (the assessed year)")
    framework: int
    total: Decimal
    grade: str


class ResultOut(Schema):
    fiscal_year: int
    framework: int
    total: Decimal
    grade: GradeOut = Field(description="ระดับ (AA–F ถึงปี ๒๕๖๖) หรือผลการประเมิน (ตั้งแต่ปี ๒๕๖๗)")
    tools: dict[str, Decimal]
    indicators: list[ScoreOut]
    questions: dict[str, Decimal]
    items: dict[str, Decimal]
    change: Decimal | None = Field(description="เทียบกับปีก่อน (against the year before)")
    updated_at: dt.datetime


class FindingOut(Schema):
    kind: str
    code: str
    name: str
    tool: str
    indicator: int
    score: Decimal
    gap: Decimal


class AnalysisOut(Schema):
    fiscal_year: int = Field(description="ปีของมาตรการ (the programme year)")
    result_year: int = Field(description="ปีของผลการประเมินที่วิเคราะห์ (the year of the result analysed)")
    analysis_text: str
    practice_text: str
    version: int
    urgent: list[FindingOut] = Field(description="จุดอ่อนที่ต้องแก้ไขเร่งด่วน (ต่ำกว่า ๘๕)")
    develop: list[FindingOut] = Field(description="ประเด็นที่ต้องพัฒนา")


class UnitOut(Schema):
    id: int
    name: str
    parent: int | None


class TimeframeOut(Schema):
    text: str
    start: dt.date | None
    end: dt.date | None


class MeasureOut(Schema):
    id: int
    organisation: str
    fiscal_year: int
    number: int
    group: str
    theme: str
    tool: str
    indicator: int | None
    questions: list[str]
    issue: str
    title: str
    steps: list[str]
    units: list[UnitOut]
    timeframe: TimeframeOut
    status: str = Field(description="unknown | in_progress | completed | not_possible")
    not_possible_reason: str
    summary: str
    suggestions: str
    version: int = Field(description="ส่งค่านี้กลับเมื่อแก้ไข (optimistic locking: send it back to edit)")
    updated_at: dt.datetime


class MeasurePage(Schema):
    items: list[MeasureOut]
    next: str | None


class MeasureFields(Schema):
    """The fields of the web's measure form; every message it gives is the form's own, in Thai."""

    group: str | None = Field(None, description="urgent | develop | theme")
    theme: str | None = None
    tool: str | None = Field(None, description="IIT | EIT | OIT")
    indicator: int | None = None
    questions: list[str] | None = Field(None, description="รหัสข้อคำถาม เช่น i9, e15, O42")
    issue: str | None = None
    title: str | None = None
    steps: list[str] | None = None
    units: list[int] | None = Field(None, description="รหัสหน่วยงานผู้รับผิดชอบ (unit ids)")
    start_month: int | None = Field(None, ge=1, le=12)
    start_year: int | None = Field(None, description="ปี พ.ศ. (Buddhist Era)")
    end_month: int | None = Field(None, ge=1, le=12)
    end_year: int | None = Field(None, description="ปี พ.ศ. (Buddhist Era)")
    timeframe_text: str | None = None


class MeasureNew(MeasureFields):
    fiscal_year: int = Field(ge=2500, le=2700, description="ปีงบประมาณ พ.ศ.")


class MeasureEdit(MeasureFields):
    version: int = Field(description="the version read; 409 if someone saved since")


class OutcomeIn(Schema):
    status: str = Field(description="unknown | in_progress | completed | not_possible")
    not_possible_reason: str = ""
    summary: str = ""
    suggestions: str = ""
    version: int


class EvidenceOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    link: str
    public: bool
    url: str = Field(description="ที่อยู่ของไฟล์ในเว็บ (needs a login) หรือลิงก์")


class ProgressOut(Schema):
    id: int
    measure: int
    date: dt.date
    text: str
    author: str
    created_at: dt.datetime
    evidence: list[EvidenceOut]


class ApprovalOut(Schema):
    order: int
    name: str
    position: str
    decision: str
    opinion: str
    decided_at: dt.datetime


class PublicationOut(Schema):
    published_at: dt.datetime
    pdf: str
    docx: str


class VersionOut(Schema):
    id: int
    fiscal_year: int
    kind: str
    kind_label: str
    layout: str
    number: int
    status: str = Field(description="pending | approved | returned | void")
    status_label: str
    submitted_at: dt.datetime
    approvals: list[ApprovalOut]
    publication: PublicationOut | None


class SummaryOut(Schema):
    label: str
    count: int
    average: Decimal | None
    passed: int
    share_passed: Decimal | None


class IndicatorAverageOut(Schema):
    number: int
    name: str
    average: Decimal | None
    count: int


class OverviewOut(Schema):
    province: str
    district: str
    year: int | None
    years: list[int]
    summary: SummaryOut | None
    indicators: list[IndicatorAverageOut]
    by_grade: list[SummaryOut]
    areas: list[SummaryOut] = Field(description="จังหวัดหรืออำเภอในพื้นที่ (the provinces or districts)")
