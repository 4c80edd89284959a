"""Where an organisation stands in its year, for the dashboard: the checklist of the year's steps with the next one,
and the figures of its charts (measures by status, progress per unit and per measure). Each is read in a fixed
number of queries, whatever the number of measures or units."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from prongsai.core.compose import Bar, Chart
from prongsai.documents.svg import Row, score_chart
from prongsai.web.access import Access
from prongsai.web.organisations.models import Organisation, Unit
from prongsai.web.programme.models import STATUSES, Analysis, Measure, ProgressEntry, Result
from prongsai.web.publication.models import DocumentVersion

# One colour a status, as the legend under the charts names them (site.css .legend .box.<status>).
STATUS_COLOURS = {
    "completed": "2e7d32",
    "in_progress": "1f4e79",
    "unknown": "a6a6a6",
    "not_possible": "6d4c41",
}
LATE_COLOUR = "d9822b"


@dataclass(frozen=True)
class Step:
    """One step of the year: its name, whether it is done, what is known of it, and where to do it."""

    key: str
    name: str
    done: bool
    detail: str
    action: str  # the button's words
    url: str


def checklist(access: Access, year: int, counts: dict[str, int]) -> list[Step]:
    """The year's steps in their order: result, analysis, measures, units reporting, documents, approval,
    publication. `counts` is the number of the year's measures by status."""
    organisation = access.organisation
    slug = organisation.slug
    has_result = Result.objects.filter(organisation=organisation, fiscal_year=year - 1).exists()
    has_analysis = (
        Analysis.objects.filter(organisation=organisation, fiscal_year=year)
        .exclude(analysis_text="")
        .exists()
    )
    total = sum(counts.values())
    unreported = counts.get("unknown", 0)
    versions = DocumentVersion.objects.filter(organisation=organisation, fiscal_year=year).exclude(
        status=DocumentVersion.VOID
    )
    figures = versions.aggregate(
        submitted=Count("pk"),
        approved=Count("pk", filter=Q(status=DocumentVersion.APPROVED)),
        pending=Count("pk", filter=Q(status=DocumentVersion.PENDING)),
        published=Count("pk", filter=Q(publication__isnull=False)),
    )
    approvals = reverse("approvals", args=[slug, year])
    return [
        Step(
            "result",
            f"ผลการประเมิน ITA ปี {year - 1}",
            has_result,
            "กรอกแล้ว" if has_result else "ยังไม่ได้กรอกผลการประเมิน",
            "กรอกผลการประเมิน",
            reverse("result", args=[slug, year]),
        ),
        Step(
            "analysis",
            "การวิเคราะห์ผลการประเมิน",
            has_analysis,
            "เขียนแล้ว" if has_analysis else "ยังไม่ได้เขียนผลการวิเคราะห์",
            "เขียนการวิเคราะห์",
            reverse("analysis", args=[slug, year]),
        ),
        Step(
            "measures",
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            total > 0,
            f"{total} มาตรการ" if total else "ยังไม่มีมาตรการ",
            "เพิ่มมาตรการ",
            reverse("measure-new", args=[slug, year])
            if access.can_manage
            else reverse("measures", args=[slug, year]),
        ),
        Step(
            "reporting",
            "หน่วยงานรายงานผลการดำเนินการ",
            total > 0 and unreported == 0,
            f"รายงานแล้ว {total - unreported} จาก {total} มาตรการ" if total else "ยังไม่มีมาตรการให้รายงาน",
            "ดูมาตรการที่ยังไม่รายงาน",
            reverse("measures", args=[slug, year]) + "?status=unknown",
        ),
        Step(
            "documents",
            "จัดทำเอกสารและส่งขออนุมัติ",
            figures["submitted"] > 0,
            f"ส่งแล้ว {figures['submitted']} ฉบับ" if figures["submitted"] else "ยังไม่ได้ส่งเอกสารขออนุมัติ",
            "ตรวจเอกสารและส่งขออนุมัติ",
            reverse("documents", args=[slug, year]),
        ),
        Step(
            "approval",
            "การอนุมัติ",
            figures["approved"] > 0 or figures["published"] > 0,
            f"อนุมัติแล้ว {figures['approved']} ฉบับ · รออนุมัติ {figures['pending']} ฉบับ",
            "ไปหน้าการอนุมัติ",
            approvals,
        ),
        Step(
            "publication",
            "การเผยแพร่ต่อสาธารณะ",
            figures["published"] > 0,
            f"เผยแพร่แล้ว {figures['published']} ฉบับ" if figures["published"] else "ยังไม่ได้เผยแพร่",
            "เผยแพร่เอกสาร",
            approvals,
        ),
    ]


def next_step(steps: list[Step]) -> Step | None:
    return next((step for step in steps if not step.done), None)


def status_rows(counts: dict[str, int]) -> list[Row]:
    """Measures by status, each a share of all the year's measures."""
    total = sum(counts.values())
    return [
        Row(
            label,
            100 * counts.get(key, 0) / total if total else 0.0,
            f"{counts.get(key, 0)} รายการ",
            STATUS_COLOURS[key],
        )
        for key, label in STATUSES
    ]


@dataclass(frozen=True)
class UnitProgress:
    name: str
    total: int
    completed: int

    @property
    def percent(self) -> float:
        return 100 * self.completed / self.total if self.total else 0.0


def unit_progress(access: Access, year: int) -> list[UnitProgress]:
    """Each unit with measures this year: how many are completed of how many (a section's measures are its
    own, as the measures name it)."""
    units = (
        Unit.objects.filter(organisation=access.organisation)
        .select_related("parent")
        .annotate(
            total=Count("measures", filter=Q(measures__fiscal_year=year)),
            completed=Count("measures", filter=Q(measures__fiscal_year=year, measures__status="completed")),
        )
        .filter(total__gt=0)
        .order_by("name", "pk")
    )
    return [UnitProgress(str(u), u.total, u.completed) for u in units]


@dataclass(frozen=True)
class MeasureProgress:
    """A measure's place in its timeframe: the share of the time gone, and whether it is done or late."""

    pk: int
    number: int
    title: str
    status: str
    status_label: str
    elapsed: float | None  # percent of the timeframe gone, None without dates
    late: bool
    reported: bool  # at least one progress entry


def measure_progress(access: Access, year: int, today: dt.date) -> list[MeasureProgress]:
    measures = (
        Measure.objects.filter(organisation=access.organisation, fiscal_year=year)
        .annotate(reported=Exists(ProgressEntry.objects.filter(measure=OuterRef("pk"))))
        .only("pk", "number", "title", "status", "start", "end")
        .order_by("number", "pk")
    )
    out = []
    for m in measures:
        elapsed = None
        if m.start and m.end and m.end >= m.start:
            days = (m.end - m.start).days + 1
            elapsed = max(0.0, min(100.0, 100 * ((today - m.start).days + 1) / days))
        elif m.end:
            elapsed = 100.0 if today > m.end else None
        out.append(
            MeasureProgress(
                m.pk,
                m.number,
                m.title,
                m.status,
                m.get_status_display(),
                elapsed,
                m.is_late(today),
                bool(m.reported),
            )
        )
    return out


def measure_rows(progress: list[MeasureProgress]) -> list[Row]:
    """A bar a measure: done is 100 %; otherwise the share of its timeframe gone, orange when late."""
    rows = []
    for m in progress:
        if m.status == "completed":
            percent, colour = 100.0, STATUS_COLOURS["completed"]
        else:
            percent = m.elapsed or 0.0
            colour = LATE_COLOUR if m.late else STATUS_COLOURS.get(m.status, STATUS_COLOURS["unknown"])
        rows.append(
            Row(f"{m.number}. {m.title}", percent, m.status_label if not m.late else "เลยกำหนด", colour)
        )
    return rows


@dataclass(frozen=True)
class Trend:
    """The organisation's total ITA score by assessed year, oldest first, as an SVG and its figures."""

    points: list[tuple[int, Decimal, str]]  # year, total, grade
    svg: str


def result_trend(organisation: Organisation, threshold: float = 85.0) -> Trend | None:
    """Every stored result's total, drawn as the PDF draws its bars, with the pass mark across them; None with
    fewer than two years (a trend needs two points)."""
    points = [
        (year, total, grade)
        for year, total, grade in Result.objects.filter(organisation=organisation)
        .order_by("fiscal_year")
        .values_list("fiscal_year", "total", "grade")
    ]
    if len(points) < 2:
        return None
    chart = Chart(
        caption="ผลการประเมิน ITA รายปี",
        bars=tuple(Bar(str(year), float(total)) for year, total, _ in points[-8:]),
        threshold=threshold,
    )
    desc = "; ".join(f"ปี {year} ได้ {total} คะแนน ({grade})" for year, total, grade in points[-8:])
    return Trend(
        points[-8:], score_chart(chart, "ผลการประเมิน ITA รายปี", f"{desc}; เส้นประคือเกณฑ์ {threshold:g}")
    )
