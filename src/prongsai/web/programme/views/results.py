from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.core.errors import ProngsaiError
from prongsai.core.scoring import change, signed
from prongsai.ingest.score_sheet import read_score_rows_bytes
from prongsai.web.access import organisation_for_user
from prongsai.web.frameworks import framework_for_year
from prongsai.web.programme.forms import AnalysisForm, ResultForm, UploadForm
from prongsai.web.programme.models import Analysis, Result
from prongsai.web.programme.services import (
    ConflictError,
    analysis_save,
    core_result,
    result_analysis,
    result_save,
)
from prongsai.web.programme.views.common import render_year
from prongsai.web.programme.year_state import result_trend

THRESHOLD = Decimal(85)


def _chart(scored_indicators: dict[int, Decimal], names: dict[int, str]) -> list[dict[str, object]]:
    """Bars of the ten indicators for the SVG chart (heights in percent of the plot)."""
    return [
        {"number": n, "name": names[n], "score": score, "height": float(score), "weak": score < THRESHOLD}
        for n, score in sorted(scored_indicators.items())
    ]


@login_required
@require_http_methods(["GET", "POST"])
def result(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org, manage=request.method == "POST")
    organisation = access.organisation
    assessed = year - 1
    stored = Result.objects.filter(organisation=organisation, fiscal_year=assessed).first()
    previous = Result.objects.filter(organisation=organisation, fiscal_year=assessed - 1).first()
    framework = framework_for_year(assessed)
    initial: dict[str, object] = {
        "framework_version": stored.framework_version if stored else framework.version,
    }
    if stored is not None:  # the scores as entered, each in its field (indicator, question or OIT item)
        initial.update(
            {(f"ind_{c}" if c.isdigit() else f"code_{c}"): value for c, value in stored.scores.items()}
        )
    form = ResultForm(request.POST or None, initial=initial, framework=framework)
    if request.method == "POST" and form.is_valid():
        try:
            result_save(
                organisation=organisation,
                fiscal_year=assessed,
                user=request.user,
                framework_version=form.cleaned_data["framework_version"],
                scores=form.cleaned_data["scores"],
            )
        except ProngsaiError as error:
            form.add_error(None, error.thai)
        else:
            messages.success(request, "บันทึกผลการประเมินแล้ว")
            return redirect("result", organisation.slug, year)
    context: dict[str, object] = {
        "form": form,
        "stored": stored,
        "assessed": assessed,
        "upload": UploadForm(),
        "threshold": THRESHOLD,
        "trend": result_trend(organisation, float(THRESHOLD)),
    }
    if stored is not None:
        scored, analysis = result_analysis(stored, THRESHOLD)
        names = {i.number: i.name for i in scored.framework.indicators}
        year_change = change(scored, core_result(previous)) if previous else None
        context.update(
            scored=scored,
            analysis=analysis,
            chart=_chart(dict(scored.indicators), names),
            weak_items=[f for f in analysis.urgent if f.kind != "indicator"],
            change=year_change,
            change_text=signed(year_change.delta) if year_change else "",
        )
    status = 400 if request.method == "POST" else 200
    return render_year(request, "programme/result.html", access, year, "result", context, status=status)


@login_required
@require_POST
def result_import(request: HttpRequest, org: str, year: int) -> HttpResponse:
    """A CSV or XLSX with the columns code,score, as `prongsai score` reads it; nothing is stored if it is bad."""
    access = organisation_for_user(request.user, org, manage=True)
    upload = UploadForm(request.POST, request.FILES, max_mb=5)
    framework = framework_for_year(year - 1)
    if upload.is_valid():
        file = upload.cleaned_data["file"]
        try:
            with transaction.atomic():
                rows = read_score_rows_bytes(file.read(), file.name or "scores")
                result_save(
                    organisation=access.organisation,
                    fiscal_year=year - 1,
                    user=request.user,
                    framework_version=framework.version,
                    scores={r.code: r.score for r in rows},
                )
        except ProngsaiError as error:
            messages.error(request, error.thai)
        else:
            messages.success(request, "นำเข้าผลการประเมินแล้ว")
    else:
        messages.error(request, " ".join(str(e) for e in upload.errors.get("file", ["กรุณาเลือกไฟล์"])))
    return redirect("result", access.organisation.slug, year)


@login_required
@require_http_methods(["GET", "POST"])
def analysis(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org, manage=request.method == "POST")
    organisation = access.organisation
    record = Analysis.objects.filter(organisation=organisation, fiscal_year=year).first()
    initial = {
        "analysis_text": record.analysis_text if record else "",
        "practice_text": record.practice_text if record else "",
        "version": record.version if record else 1,
    }
    form = AnalysisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            analysis_save(organisation=organisation, fiscal_year=year, user=request.user, **form.cleaned_data)
        except ConflictError as error:
            form.add_error(None, error.thai)
        else:
            messages.success(request, "บันทึกการวิเคราะห์แล้ว")
            return redirect("analysis", organisation.slug, year)
    stored = Result.objects.filter(organisation=organisation, fiscal_year=year - 1).first()
    findings = result_analysis(stored, THRESHOLD)[1] if stored else None
    status = 400 if request.method == "POST" else 200
    return render_year(
        request,
        "programme/analysis.html",
        access,
        year,
        "analysis",
        {"form": form, "findings": findings, "stored": stored},
        status=status,
    )
