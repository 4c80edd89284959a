from __future__ import annotations

import re
import secrets
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.model import Document
from prongsai.web.access import Access, measure_for_user, organisation_for_user
from prongsai.web.frameworks import framework_for_year
from prongsai.web.programme.forms import MeasureFilterForm, MeasureForm, OutcomeForm, ProgressForm, UploadForm
from prongsai.web.programme.jobs import import_request
from prongsai.web.programme.models import ImportJob, Measure
from prongsai.web.programme.services import (
    IMPORT_SAVED_ALREADY,
    AlreadyDoneError,
    ConflictError,
    ImportedMeasure,
    imported_measures,
    measure_create,
    measure_update,
    measures_copy_from_previous_year,
    measures_import,
    token_used,
)
from prongsai.web.programme.views.common import render_year, today

IMPORT_SESSION_KEY = "prongsai-import"
ONE_TIME_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")


def one_time_token() -> str:
    """A token for a form that must act once (its first POST records it; a second one does nothing)."""
    return secrets.token_urlsafe(16)


@login_required
@require_GET
def measure_list(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    filters = MeasureFilterForm(request.GET, organisation=access.organisation)
    filters.is_valid()  # a wrong value is named beside its field; the others still apply
    chosen = {name: value for name, value in filters.cleaned_data.items() if value}
    measures = Measure.objects.filter(organisation=access.organisation, fiscal_year=year)
    if status := chosen.get("status"):
        measures = measures.filter(status=status)
    if tool := chosen.get("tool"):
        measures = measures.filter(tool=tool)
    if unit := chosen.get("unit"):
        responsible = Measure.units.through.objects.filter(Q(unit=unit) | Q(unit__parent=unit))
        measures = measures.filter(pk__in=responsible.values("measure_id"))
    if words := str(chosen.get("q", "")).strip():
        found = Q()
        for field in ("title", "issue", "theme", "summary", "timeframe_text"):
            found |= Q(**{f"{field}__icontains": words})
        measures = measures.filter(found)
    measures = (
        measures.annotate(progress_count=Count("progress"))
        .prefetch_related("units__parent")
        .order_by("number", "id")  # a count groups the rows, and a grouped query drops the model's ordering
    )
    framework = framework_for_year(year)
    names = {i.number: i.name for i in framework.indicators}
    rows = [(m, names.get(m.indicator or 0, ""), m.is_late(today())) for m in measures]
    has_previous = Measure.objects.filter(organisation=access.organisation, fiscal_year=year - 1).exists()
    return render_year(
        request,
        "programme/measure_list.html",
        access,
        year,
        "measures",
        {
            "rows": rows,
            "has_previous": has_previous,
            "filters": filters,
            "filtered": bool(chosen),
            "copy_token": one_time_token(),
        },
    )


def _initial(measure: Measure) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "group": measure.group,
        "theme": measure.theme,
        "tool": measure.tool,
        "indicator": measure.indicator,
        "questions": ", ".join(measure.questions),
        "issue": measure.issue,
        "title": measure.title,
        "steps": "\n".join(measure.steps),
        "units": list(measure.units.all()),
        "timeframe_text": measure.timeframe_text,
        "version": measure.version,
    }
    if measure.start:
        initial.update(start_month=str(measure.start.month), start_year=measure.start.year + 543)
    if measure.end:
        initial.update(end_month=str(measure.end.month), end_year=measure.end.year + 543)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def measure_new(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org, manage=True)
    form = MeasureForm(request.POST or None, organisation=access.organisation, fiscal_year=year)
    if request.method == "POST" and form.is_valid():
        measure = measure_create(
            organisation=access.organisation,
            fiscal_year=year,
            fields=form.measure_fields(),
            units=form.cleaned_data["units"],
            user=request.user,
        )
        messages.success(request, "เพิ่มมาตรการแล้ว")
        return redirect("measure", access.organisation.slug, measure.pk)
    return render_year(
        request,
        "programme/measure_form.html",
        access,
        year,
        "measures",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def measure_edit(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    measure = measure_for_user(access, pk, manage=True)  # 404 for another's measure before 403 for a reader
    form = MeasureForm(
        request.POST or None,
        initial=_initial(measure),
        organisation=access.organisation,
        fiscal_year=measure.fiscal_year,
    )
    if request.method == "POST" and form.is_valid():
        try:
            measure_update(
                measure=measure,
                version=form.cleaned_data["version"] or 0,
                fields=form.measure_fields(),
                units=form.cleaned_data["units"],
                user=request.user,
            )
        except ConflictError as error:
            form.add_error(None, error.thai)
        else:
            messages.success(request, "บันทึกการแก้ไขแล้ว")
            return redirect("measure", access.organisation.slug, measure.pk)
    return render_year(
        request,
        "programme/measure_form.html",
        access,
        measure.fiscal_year,
        "measures",
        {"form": form, "measure": measure},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def measure_detail(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    return measure_page(request, access, measure_for_user(access, pk))


def outcome_initial(measure: Measure) -> dict[str, Any]:
    return {
        "status": measure.status,
        "summary": measure.summary,
        "suggestions": measure.suggestions,
        "version": measure.version,
        "not_possible_reason": measure.not_possible_reason,
    }


def measure_page(
    request: HttpRequest,
    access: Access,
    measure: Measure,
    progress_form: ProgressForm | None = None,
    outcome_form: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """A measure with its progress, and for those who report on it the one form of progress and outcome (given
    bound when a report was refused, so that what was typed is shown again with the reasons)."""
    entries = measure.progress.select_related("author").prefetch_related("evidence")
    can_report = access.can_report_on(measure)
    framework = framework_for_year(measure.fiscal_year)
    indicator = framework.indicator(measure.indicator) if measure.indicator else None
    if can_report:
        progress_form = progress_form or ProgressForm(
            initial={"date": today()}, fiscal_year=measure.fiscal_year, today=today()
        )
        outcome_form = outcome_form or OutcomeForm(initial=outcome_initial(measure))
    return render_year(
        request,
        "programme/measure_detail.html",
        access,
        measure.fiscal_year,
        "measures",
        {
            "measure": measure,
            "entries": entries,
            "can_report": can_report,
            "indicator": indicator,
            "late": measure.is_late(today()),
            "progress_form": progress_form if can_report else None,
            "outcome_form": outcome_form if can_report else None,
        },
        status=status,
    )


@login_required
@require_POST
def measures_copy(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org, manage=True)
    token = request.POST.get("token", "")
    if not ONE_TIME_TOKEN.fullmatch(token):
        messages.error(request, "แบบฟอร์มไม่สมบูรณ์ กรุณาเปิดหน้ารายการมาตรการใหม่แล้วกดอีกครั้ง")
        return redirect("measures", access.organisation.slug, year)
    try:
        copied = measures_copy_from_previous_year(
            organisation=access.organisation, fiscal_year=year, user=request.user, token=token
        )
    except AlreadyDoneError as error:
        messages.info(request, error.thai)
        return redirect("measures", access.organisation.slug, year)
    if copied:
        messages.success(request, f"คัดลอกมาตรการจากปี {year - 1} มา {copied} รายการ")
    else:
        messages.warning(request, f"ปี {year - 1} ไม่มีมาตรการให้คัดลอก")
    return redirect("measures", access.organisation.slug, year)


# --- import: upload, review, then save --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def measures_import_upload(request: HttpRequest, org: str, year: int) -> HttpResponse:
    """Read an uploaded report and show what was read; nothing is saved until the review is confirmed."""
    access = organisation_for_user(request.user, org, manage=True)
    form = UploadForm(request.POST or None, request.FILES or None, max_mb=20)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = import_request(
            organisation=access.organisation,
            year=year,
            name=upload.name or "document",
            data=upload.read(),
            user=request.user,
        )
        if job.status in (ImportJob.QUEUED, ImportJob.RUNNING):  # read by the worker: its page shows when
            return redirect("measures-import-job", access.organisation.slug, year, job.pk)
        if job.status == ImportJob.FAILED:
            form.add_error("file", job.error)
        else:
            return _review_job(request, access, year, job)
    return render_year(
        request,
        "programme/import_upload.html",
        access,
        year,
        "measures",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _review_job(request: HttpRequest, access: Access, year: int, job: ImportJob) -> HttpResponse:
    """The review of a document read: kept in the session until the coordinator confirms or leaves."""
    token = one_time_token()
    request.session[IMPORT_SESSION_KEY] = {
        "token": token,
        "organisation": access.organisation.pk,
        "year": year,
        "name": job.name,
        "document": job.document,
    }
    return _review(request, access, year, token, job.name, None, job.document)


@login_required
@require_GET
def measures_import_job(request: HttpRequest, org: str, year: int, pk: int) -> HttpResponse:
    """A report being read in the background: its state, then the review (or the reason it could not be read)."""
    access = organisation_for_user(request.user, org, manage=True)
    job = get_object_or_404(ImportJob, pk=pk, organisation=access.organisation, fiscal_year=year)
    if job.status == ImportJob.DONE:
        return _review_job(request, access, year, job)
    return render_year(
        request,
        "programme/import_upload.html",
        access,
        year,
        "measures",
        {"form": UploadForm(max_mb=20), "job": job, "working": job.status != ImportJob.FAILED},
    )


def _review(
    request: HttpRequest,
    access: Access,
    year: int,
    token: str,
    name: str,
    document: Document | None,
    stored: dict[str, Any] | None = None,
    errors: list[str] | None = None,
) -> HttpResponse:
    data = stored if stored is not None else (document.to_dict() if document else {})
    return render_year(
        request,
        "programme/import_review.html",
        access,
        year,
        "measures",
        {
            "token": token,
            "name": name,
            "doc": data,
            "measures": data.get("measures", []),
            "errors": errors or [],
        },
        status=400 if errors else 200,
    )


def _stored_import(request: HttpRequest, access: Access, year: int) -> dict[str, Any] | None:
    stored = request.session.get(IMPORT_SESSION_KEY)
    if (
        not stored
        or stored.get("token") != request.POST.get("token")
        or stored.get("organisation") != access.organisation.pk
        or stored.get("year") != year
    ):
        return None
    return dict(stored)


@login_required
@require_POST
def measures_import_save(request: HttpRequest, org: str, year: int) -> HttpResponse:
    """Save the measures the coordinator kept, as corrected on the review screen."""
    access = organisation_for_user(request.user, org, manage=True)
    if token_used(request.POST.get("token", "")):
        messages.info(request, IMPORT_SAVED_ALREADY)
        return redirect("measures", access.organisation.slug, year)
    stored = _stored_import(request, access, year)
    if stored is None:
        messages.error(request, "ไม่พบเอกสารที่อ่านไว้ (อาจเปิดนานเกินไปหรือบันทึกไปแล้ว) กรุณาอัปโหลดใหม่")
        return redirect("measures-import", access.organisation.slug, year)
    document = Document.from_dict(stored["document"])
    chosen: list[ImportedMeasure] = []
    progress: list[str] = []
    errors: list[str] = []
    for index, item in enumerate(imported_measures(document)):
        prefix = f"m{index}-"
        if not request.POST.get(prefix + "keep"):
            continue
        title = request.POST.get(prefix + "title", "").strip()
        if not title:
            errors.append(f"มาตรการที่ {index + 1}: ต้องมีชื่อมาตรการ")
            continue
        steps = [s.strip() for s in request.POST.get(prefix + "steps", "").splitlines() if s.strip()]
        units = [
            _unit_line(line) for line in request.POST.get(prefix + "units", "").splitlines() if line.strip()
        ]
        chosen.append(ImportedMeasure({**item.fields, "title": title, "steps": steps}, units))
        progress.append(request.POST.get(prefix + "progress", ""))
    if errors or not chosen:
        return _review(
            request,
            access,
            year,
            stored["token"],
            stored["name"],
            None,
            stored["document"],
            errors or ["ยังไม่ได้เลือกมาตรการที่จะบันทึก"],
        )
    try:
        measures_import(
            organisation=access.organisation,
            fiscal_year=year,
            measures=chosen,
            progress_texts=progress,
            source_name=stored["name"],
            user=request.user,
            today=today(),
            token=stored["token"],
        )
    except AlreadyDoneError as error:  # the same review sent twice at the same moment: the other one saved it
        messages.info(request, error.thai)
        return redirect("measures", access.organisation.slug, year)
    request.session.pop(IMPORT_SESSION_KEY, None)
    messages.success(request, f"บันทึกมาตรการที่นำเข้า {len(chosen)} รายการแล้ว")
    return redirect("measures", access.organisation.slug, year)


def _unit_line(line: str) -> tuple[str, str | None]:
    """ "สำนักปลัด (งานนิติการ)" → ("สำนักปลัด", "งานนิติการ")."""
    line = line.strip()
    if line.endswith(")") and "(" in line:
        unit, section = line[:-1].split("(", 1)
        return unit.strip(), section.strip() or None
    return line, None
