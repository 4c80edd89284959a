"""The overseer's pages: the country, a province or a district in one year, with every table exportable, and the
import of the national results the NACC publishes."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods
from openpyxl import Workbook

from prongsai.core.errors import ProngsaiError
from prongsai.core.spreadsheet import csv_text, spreadsheet_text
from prongsai.core.thai import to_thai_digits
from prongsai.web.access import (
    OverviewArea,
    national_import_for_user,
    overview_area_for_user,
    overview_areas_for_user,
)
from prongsai.web.organisations.models import Organisation
from prongsai.web.oversight import figures
from prongsai.web.oversight.models import NationalImport
from prongsai.web.oversight.services import (
    AMBIGUOUS,
    NEW,
    national_import_apply,
    national_import_read,
    row_identity,
)

RANKING_PAGE = 50


def area_url(area: OverviewArea, name: str = "overview", **extra: str) -> str:
    """The address of `area`'s page (or of its export, `name="overview-export"`)."""
    kwargs = {**{k: v for k, v in (("province", area.province), ("district", area.district)) if v}, **extra}
    suffix = "-district" if area.district else "-province" if area.province else ""
    return reverse(name + suffix, kwargs=kwargs)


@login_required
@require_GET
def overview_home(request: HttpRequest) -> HttpResponse:
    """Every overseer to the widest view they may see; several provinces or districts: a list of them."""
    areas = overview_areas_for_user(request.user)
    if not areas:
        raise Http404("ท่านไม่ได้เป็นผู้กำกับดูแล")
    if len(areas) == 1:
        if not areas[0].province:
            return _overview(request, areas[0])
        return redirect(area_url(areas[0]))
    return render(request, "oversight/areas.html", {"areas": [(a, area_url(a)) for a in areas]})


@login_required
@require_GET
def overview(request: HttpRequest, province: str, district: str = "") -> HttpResponse:
    return _overview(request, overview_area_for_user(request.user, province, district))


def _year(request: HttpRequest, trend: list[figures.Summary]) -> tuple[int | None, list[int]]:
    """The year asked for if the area holds it, else the latest held; and every year held (from the trend)."""
    held = sorted((int(s.label) for s in trend), reverse=True)
    wanted = request.GET.get("year", "")
    if wanted.isdigit() and int(wanted) in held:
        return int(wanted), held
    return (held[0] if held else None), held


def _overview(request: HttpRequest, area: OverviewArea) -> HttpResponse:
    trend = figures.trend(area)
    year, held = _year(request, trend)
    context: dict[str, Any] = {
        "area": area,
        "year": year,
        "years": held,
        "export": area_url(area, "overview-export", fmt="xlsx"),
    }
    if year is not None:
        sort, search = request.GET.get("sort", "score"), request.GET.get("q", "")[:100]
        rows = figures.ranking(area, year, sort=sort, search=search)
        page = Paginator(rows, RANKING_PAGE).get_page(request.GET.get("page"))
        summary, indicators, refreshed = figures.year_figures(area, year)
        context.update(
            summary=summary,
            by_grade=[(g, figures.share(g.count, summary.count)) for g in figures.by_grade(area, year)],
            indicator_bars=_bars(indicators),
            line_y=_y(85),
            sub_areas=[(s, _sub_url(area, s.label)) for s in figures.sub_areas(area, year)],
            by_type=figures.by_type(area, year),
            trend=trend,
            indicators=indicators,
            weakest=sorted((i for i in indicators if i.average is not None), key=lambda i: i.average or 0)[
                :3
            ],
            questions=figures.weakest_questions(area, year),
            page=page,
            sort=sort,
            search=search,
            refreshed=refreshed,
        )
    return render(request, "oversight/overview.html", context)


CHART_TOP, CHART_BOTTOM = 10, 150  # the SVG's plot, in its own units: 100 points of score over 140 units


def _y(score: float) -> float:
    return round(CHART_BOTTOM - (CHART_BOTTOM - CHART_TOP) * score / 100, 1)


def _bars(indicators: list[figures.IndicatorAverage]) -> list[dict[str, object]]:
    bars = []
    for index, indicator in enumerate(indicators):
        if indicator.average is None:
            continue
        x = 24 + index * 39
        top = _y(float(indicator.average))
        bars.append(
            {
                "number": indicator.number,
                "x": x,
                "tx": x + 14,
                "y": top,
                "h": round(CHART_BOTTOM - top, 1),
                "weak": indicator.average < 85,
                "label": to_thai_digits(f"{indicator.number}. {indicator.name}: {indicator.average}"),
            }
        )
    return bars


def _sub_url(area: OverviewArea, label: str) -> str:
    return area_url(OverviewArea(label) if not area.province else OverviewArea(area.province, label))


# --- exports ---------------------------------------------------------------------------------------------------


def _tables(area: OverviewArea, year: int) -> dict[str, tuple[list[str], list[list[object]]]]:
    def summaries(rows: list[figures.Summary], heading: str) -> tuple[list[str], list[list[object]]]:
        return (
            [heading, "จำนวนหน่วยงาน", "คะแนนเฉลี่ย", "ผ่านเกณฑ์", "ร้อยละที่ผ่าน"],
            [[s.label, s.count, s.average, s.passed, s.share_passed] for s in rows],
        )

    ranking = figures.ranking(area, year)
    return {
        "ranking": (
            [
                "หน่วยงาน",
                "ประเภท",
                "อำเภอ",
                "จังหวัด",
                "คะแนน",
                "ระดับ/ผลการประเมิน",
                "เปลี่ยนแปลง",
                "มาตรการ",
                "แล้วเสร็จ",
                "เลยกำหนด",
                "ยังไม่รายงาน",
                "เผยแพร่เอกสารแล้ว",
            ],
            [
                [
                    r.organisation.name,
                    r.type,
                    r.district,
                    r.province,
                    figures.average(r.total, 1),
                    r.grade,
                    figures.average(r.total - r.previous_total, 1) if r.previous_total is not None else None,
                    r.measures,
                    r.measures_completed,
                    r.measures_late,
                    r.measures_unreported,
                    "ใช่" if r.published else "ไม่",
                ]
                for r in ranking
            ],
        ),
        "areas": summaries(figures.sub_areas(area, year), "อำเภอ" if area.province else "จังหวัด"),
        "grades": summaries(figures.by_grade(area, year), "ระดับ/ผลการประเมิน"),
        "types": summaries(figures.by_type(area, year), "ประเภท"),
        "trend": summaries(figures.trend(area), "ปี"),
        "indicators": (
            ["ตัวชี้วัด", "ชื่อ", "คะแนนเฉลี่ย", "จำนวนหน่วยงาน"],
            [[i.number, i.name, i.average, i.count] for i in figures.year_figures(area, year)[1]],
        ),
    }


TABLE_NAMES = {
    "ranking": "หน่วยงาน",
    "areas": "พื้นที่",
    "grades": "ตามระดับ",
    "types": "ตามประเภท",
    "trend": "แนวโน้ม",
    "indicators": "ตัวชี้วัด",
}


@login_required
@require_GET
def overview_export(request: HttpRequest, fmt: str, province: str = "", district: str = "") -> HttpResponse:
    area = overview_area_for_user(request.user, province, district)
    year, _ = _year(request, figures.trend(area))
    if year is None or fmt not in ("csv", "xlsx"):
        raise Http404("ไม่มีข้อมูล")
    tables = _tables(area, year)
    stem = f"overview-{year}"
    if fmt == "csv":
        table = request.GET.get("table", "ranking")
        if table not in tables:
            raise Http404("ไม่มีตารางนี้")
        headings, rows = tables[table]
        text = csv_text(
            headings,
            [dict(zip(headings, ("" if v is None else str(v) for v in row), strict=True)) for row in rows],
        )
        # Excel reads UTF-8 with a byte-order mark.
        response = HttpResponse("\ufeff" + text, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{stem}-{table}.csv"'
        return response
    book = Workbook(write_only=True)
    for key, (headings, rows) in tables.items():
        sheet = book.create_sheet(TABLE_NAMES[key])
        sheet.append(headings)
        for row in rows:
            sheet.append([spreadsheet_text(float(v) if isinstance(v, Decimal) else v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response


# --- national results in ---------------------------------------------------------------------------------------


class NationalFileForm(forms.Form):
    file = forms.FileField(label="ไฟล์ผลการประเมิน (CSV หรือ XLSX)")


@login_required
@require_http_methods(["GET", "POST"])
def national_import(request: HttpRequest) -> HttpResponse:
    areas = overview_areas_for_user(request.user)
    if not areas:
        raise Http404("ท่านไม่ได้เป็นผู้กำกับดูแล")
    form = NationalFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            pending = national_import_read(
                data=upload.read(20_000_001),
                name=upload.name or "results.csv",
                user=request.user,
                areas=areas,
            )
        except ProngsaiError as error:
            for line in error.thai.split("\n"):
                form.add_error("file", line)
        else:
            return redirect("national-import-review", pending.pk)
    return render(request, "oversight/import.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def national_import_review(request: HttpRequest, pk: int) -> HttpResponse:
    pending = national_import_for_user(request.user, pk)
    if request.method == "POST":
        choices = {
            int(key.removeprefix("row-")): str(value)
            for key, value in request.POST.items()
            if key.startswith("row-") and key.removeprefix("row-").isdigit()
        }
        try:
            counts = national_import_apply(pending=pending, choices=choices, user=request.user)
        except ProngsaiError as error:
            messages.error(request, error.thai)
            return redirect("national-import-review", pending.pk)
        messages.success(
            request,
            f"นำเข้าแล้ว: หน่วยงานใหม่ {counts['created']} ปรับปรุง {counts['updated']} ข้าม {counts['skipped']}",
        )
        return redirect("overview")
    rows = pending.rows
    candidates = {
        o.pk: o
        for o in Organisation.objects.filter(
            pk__in={pk for r in rows if r["action"] == AMBIGUOUS for pk in r["candidates"]}
        )
    }
    ambiguous = [
        (r, [candidates[c] for c in r["candidates"] if c in candidates])
        for r in rows
        if r["action"] == AMBIGUOUS
    ]
    return render(
        request,
        "oversight/import_review.html",
        {
            "pending": pending,
            "applied": pending.state == NationalImport.APPLIED,
            "new": len({row_identity(r) for r in rows if r["action"] == NEW}),
            "updated": len({r["organisation"] for r in rows if r["action"] not in (NEW, AMBIGUOUS)}),
            "ambiguous": ambiguous,
            "sample": rows[:20],
        },
    )
