from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from prongsai.web.access import evidence_for_user, measure_for_user, organisation_for_user
from prongsai.web.programme.forms import OutcomeForm, ProgressForm
from prongsai.web.programme.services import ConflictError, measure_set_outcome, progress_add


@login_required
@require_POST
def progress_new(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    measure = measure_for_user(access, pk, report=True)
    form = ProgressForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        progress_add(
            measure=measure,
            date=data["date"],
            text=data["text"],
            public=data["public"],
            user=request.user,
            files=[data["file"]] if data["file"] else [],
            links=[data["link"]] if data["link"] else [],
        )
        messages.success(request, "บันทึกความก้าวหน้าแล้ว")
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            text = " ".join(str(e) for e in errors)
            messages.error(request, f"{label}: {text}" if label else text)
    return redirect("measure", access.organisation.slug, measure.pk)


@login_required
@require_POST
def outcome(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    measure = measure_for_user(access, pk, report=True)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            measure_set_outcome(
                measure=measure,
                version=data["version"],
                status=data["status"],
                reason=data["not_possible_reason"],
                summary=data["summary"],
                suggestions=data["suggestions"],
                user=request.user,
            )
        except ConflictError as error:
            messages.error(request, error.thai)
        else:
            messages.success(request, "บันทึกผลการดำเนินการแล้ว")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
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
