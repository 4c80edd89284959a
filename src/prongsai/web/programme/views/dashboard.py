from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from prongsai.core.thai import fiscal_year
from prongsai.documents.svg import Row, bar_rows
from prongsai.web.access import organisation_for_user, organisations_for_user, unit_for_user
from prongsai.web.organisations.models import Unit
from prongsai.web.programme import year_state
from prongsai.web.programme.models import OPEN_STATUSES, STATUSES, Measure, Result
from prongsai.web.programme.services import AlreadyDoneError, result_analysis
from prongsai.web.programme.views.common import render_year, today
from prongsai.web.programme.views.measures import ONE_TIME_TOKEN, one_time_token
from prongsai.web.publication.inbox import awaiting_approval
from prongsai.web.publication.reminders import remind_unit_now


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "programme/landing.html")
    organisations = list(organisations_for_user(request.user).order_by("province", "district", "name")[:500])
    latest: dict[int, Result] = {}
    for found in Result.objects.filter(organisation__in=organisations).order_by(
        "organisation_id", "-fiscal_year"
    ):
        latest.setdefault(found.organisation_id, found)  # the newest year comes first: keep it
    if len(organisations) == 1:
        return redirect("organisation", organisations[0].slug)
    return render(
        request,
        "programme/home.html",
        {"organisations": organisations, "latest": latest, "awaiting": awaiting_approval(request.user)},
    )


@login_required
@require_GET
def organisation_home(request: HttpRequest, org: str) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    latest = (
        Measure.objects.filter(organisation=access.organisation)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    return redirect("dashboard", access.organisation.slug, latest or fiscal_year(today()))


@login_required
@require_GET
def dashboard(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    organisation = access.organisation
    result = Result.objects.filter(organisation=organisation, fiscal_year=year - 1).first()
    scored = analysis = None
    if result is not None:
        scored, analysis = result_analysis(result)
    measures = Measure.objects.filter(organisation=organisation, fiscal_year=year)
    counts = dict(measures.values_list("status").annotate(n=Count("id")).values_list("status", "n"))
    by_status = [(key, label, counts.get(key, 0)) for key, label in STATUSES]
    late = list(
        measures.filter(end__lt=today(), status__in=OPEN_STATUSES).prefetch_related("units__parent")[:50]
    )
    owed = (
        Unit.objects.filter(organisation=organisation)
        .select_related("parent")
        .annotate(
            open=Count("measures", filter=Q(measures__fiscal_year=year, measures__status__in=OPEN_STATUSES))
        )
        .filter(open__gt=0)
        .order_by("-open", "name")
    )
    steps = year_state.checklist(access, year, counts)
    units = year_state.unit_progress(access, year)
    progress = year_state.measure_progress(access, year, today())
    total = sum(counts.values())
    charts = {
        "status": bar_rows(
            year_state.status_rows(counts),
            "มาตรการแยกตามสถานะ",
            "; ".join(f"{label} {counts.get(key, 0)} จาก {total}" for key, label in STATUSES),
        ),
        "units": bar_rows(
            [Row(u.name, u.percent, f"{u.completed}/{u.total}") for u in units],
            "ความคืบหน้าของแต่ละหน่วยงาน (มาตรการที่แล้วเสร็จ)",
            "; ".join(f"{u.name} แล้วเสร็จ {u.completed} จาก {u.total}" for u in units) or "ไม่มีข้อมูล",
        ),
        "measures": bar_rows(
            year_state.measure_rows(progress),
            "ความคืบหน้าของแต่ละมาตรการ",
            "; ".join(f"มาตรการที่ {m.number} {m.status_label}" for m in progress) or "ไม่มีข้อมูล",
        ),
    }
    return render_year(
        request,
        "programme/dashboard.html",
        access,
        year,
        "dashboard",
        {
            "result": result,
            "scored": scored,
            "analysis": analysis,
            "by_status": by_status,
            "total": total,
            "steps": steps,
            "steps_done": sum(step.done for step in steps),
            "next_step": year_state.next_step(steps),
            "charts": charts,
            "units": units,
            "progress": progress,
            "awaiting": awaiting_approval(request.user, organisation),
            "late": late,
            "owed": owed,
            "remind_token": one_time_token(),
        },
    )


@login_required
@require_POST
def remind_unit(request: HttpRequest, org: str, year: int, pk: int) -> HttpResponse:
    """The coordinator reminds a unit now of its measures still open (once per click of a fresh page)."""
    access = organisation_for_user(request.user, org, manage=True)
    target = unit_for_user(access, pk)
    token = request.POST.get("token", "")
    if not ONE_TIME_TOKEN.fullmatch(token):
        messages.error(request, "แบบฟอร์มไม่สมบูรณ์ กรุณาเปิดหน้าภาพรวมใหม่แล้วกดอีกครั้ง")
        return redirect("dashboard", access.organisation.slug, year)
    assert isinstance(request.user, User)  # login_required
    try:
        told = remind_unit_now(
            organisation=access.organisation,
            unit=target,
            year=year,
            user=request.user,
            token=token,
            today=today(),
        )
    except AlreadyDoneError as error:
        messages.info(request, error.thai)
    else:
        if told:
            messages.success(request, f"ส่งการแจ้งเตือนถึง{target}แล้ว ({told} คน)")
        else:
            messages.warning(request, f"{target}ไม่มีเจ้าหน้าที่ในระบบหรือไม่มีมาตรการที่ค้างอยู่ จึงไม่ได้ส่ง")
    return redirect("dashboard", access.organisation.slug, year)
