from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from prongsai.web.access import evidence_for_user, measure_for_user, organisation_for_user
from prongsai.web.programme.forms import OutcomeForm, ProgressForm
from prongsai.web.programme.services import ConflictError, OutcomeReport, ProgressReport, measure_report
from prongsai.web.programme.views.common import today
from prongsai.web.programme.views.measures import measure_page, outcome_initial


@login_required
@require_POST
def progress_new(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The measure page's one form: progress, outcome, or both (an outcome left as it was is not an edit)."""
    return _report(request, org, pk, progress_allowed=True)


@login_required
@require_POST
def outcome(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    """The outcome alone (the form of earlier pages): saved as sent."""
    return _report(request, org, pk, progress_allowed=False)


def _report(request: HttpRequest, org: str, pk: int, *, progress_allowed: bool) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    measure = measure_for_user(access, pk, report=True)
    progress_form = ProgressForm(request.POST, request.FILES, fiscal_year=measure.fiscal_year, today=today())
    outcome_form = OutcomeForm(request.POST, initial=outcome_initial(measure))
    progress_given = progress_allowed and (
        any(request.POST.get(name, "").strip() for name in ("text", "link"))
        or bool(request.FILES.get("file"))
    )
    # the outcome as the page showed it, sent back untouched, is no edit (its version alone may be stale)
    outcome_edited = set(outcome_form.changed_data) - {"version"}
    outcome_given = "status" in request.POST and (not progress_allowed or bool(outcome_edited))
    if not (progress_given or outcome_given):
        progress_form.add_error("text", "ยังไม่ได้กรอกสิ่งที่ดำเนินการ หรือเปลี่ยนผลการดำเนินการ")
        return measure_page(request, access, measure, progress_form, outcome_form, status=400)
    valid = (not progress_given or progress_form.is_valid()) & (not outcome_given or outcome_form.is_valid())
    if not valid:
        return measure_page(request, access, measure, progress_form, outcome_form, status=400)
    progress = outcome_report = None
    if progress_given:
        data = progress_form.cleaned_data
        progress = ProgressReport(
            date=data["date"],
            text=data["text"],
            files=[data["file"]] if data["file"] else [],
            links=[data["link"]] if data["link"] else [],
            public=data["public"],
        )
    if outcome_given:
        data = outcome_form.cleaned_data
        outcome_report = OutcomeReport(
            version=data["version"],
            status=data["status"],
            reason=data["not_possible_reason"],
            summary=data["summary"],
            suggestions=data["suggestions"],
        )
    try:
        measure_report(measure=measure, progress=progress, outcome=outcome_report, user=request.user)
    except ConflictError as error:
        outcome_form.add_error(None, error.thai)
        return measure_page(request, access, measure, progress_form, outcome_form, status=409)
    if progress is not None:
        messages.success(request, "บันทึกความก้าวหน้าแล้ว")
    if outcome_report is not None:
        messages.success(request, "บันทึกผลการดำเนินการแล้ว")
    return redirect("measure", access.organisation.slug, measure.pk)


@login_required
@require_GET
def evidence_file(request: HttpRequest, org: str, pk: int) -> HttpResponseBase:
    access = organisation_for_user(request.user, org)
    evidence = evidence_for_user(access, pk)
    if not evidence.file:
        return redirect(evidence.link)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name or evidence.file.name or "evidence",
        content_type=evidence.content_type,
    )
