"""The channel's pages: the reporter's (no account, no cookie but CSRF's, no redirect carrying the code) and the
complaint officers' inbox. Every staff page gets its objects through web/access.py."""

from __future__ import annotations

import dataclasses
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core import complaints as core
from prongsai.core.compose import compose_complaint_statistics
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import fiscal_year
from prongsai.documents import CONTENT_TYPES, render_report
from prongsai.web.access import (
    complaint_file_for_user,
    complaint_for_user,
    complaint_officer_for,
    organisation_for_user,
)
from prongsai.web.complaints.forms import FollowUpForm, OfficerMessageForm, ReplyForm, ReportForm, StatusForm
from prongsai.web.complaints.models import Complaint
from prongsai.web.complaints.privacy import decrypt, over_limit
from prongsai.web.complaints.services import (
    ReportText,
    complaint_set_status,
    complaint_submit,
    new_form_token,
    officer_message,
    receipt_lookup,
    reporter_reply,
    spend_receipt_time,
    statistics_for,
)
from prongsai.web.complaints.tables import statistics_table
from prongsai.web.frameworks import framework_for_year
from prongsai.web.organisations.models import Organisation
from prongsai.web.programme.documents import year_document
from prongsai.web.programme.views.common import render_year

# Per address, in memory: reports sent, and receipt codes tried (right or wrong), per minute.
REPORTS_PER_MINUTE = 3
RECEIPT_TRIES_PER_MINUTE = 5
NOT_FOUND = "ไม่พบเรื่องตามรหัสนี้ หรือมีการลองรหัสหลายครั้งเกินไป กรุณาตรวจรหัสแล้วลองใหม่ในอีกหนึ่งนาที"


def _messages_of(complaint: Complaint, *, for_staff: bool) -> list[dict[str, Any]]:
    files: dict[int | None, list[Any]] = {}
    for file in complaint.files.all():
        files.setdefault(file.message_id, []).append(file)
    thread = [
        {
            "from_reporter": m.from_reporter,
            "on": m.on,
            "text": decrypt(m.text).decode("utf-8", "replace"),
            "author": (m.author.get_full_name() or m.author.username) if for_staff and m.author else "",
            "files": files.get(m.pk, []),
        }
        for m in complaint.messages.select_related("author")
    ]
    return [{"files": files.get(None, [])}, *thread]


# --- the reporter's pages: no login -----------------------------------------------------------------------


# An error report (the e-mail to ADMINS) shows neither what was posted nor the views' variables.
@sensitive_post_parameters()
@sensitive_variables()
@never_cache
@require_http_methods(["GET", "POST"])
def report(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise Http404("ไม่พบหน่วยงาน")
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if request.POST.get("website"):  # the hidden field: only a robot fills it in
            return render(request, "complaints/refused.html", {"reason": "ส่งเรื่องไม่สำเร็จ"}, status=400)
        if over_limit(request, "report", REPORTS_PER_MINUTE):
            return render(
                request,
                "complaints/refused.html",
                {"reason": "มีการส่งเรื่องจากที่นี่หลายครั้งเกินไป กรุณารอหนึ่งนาทีแล้วส่งใหม่"},
                status=429,
            )
        if form.is_valid():
            data = form.cleaned_data
            _, code = complaint_submit(
                organisation=organisation,
                form_token=data["token"],
                kind=data["kind"],
                text=ReportText(data["what"], data["when"], data["where"], data["who"], data["contact"]),
                files=data["attachments"],
                today=timezone.localdate(),
            )
            groups = " ".join(code[i : i + 4] for i in range(0, len(code), 4))
            return render(
                request, "complaints/receipt.html", {"organisation": organisation, "receipt": groups}
            )
    else:
        form = ReportForm(initial={"token": new_form_token()})
    return render(request, "complaints/report.html", {"organisation": organisation, "form": form})


def _status_page(request: HttpRequest, complaint: Complaint, code: str, **extra: Any) -> HttpResponse:
    return render(
        request,
        "complaints/status.html",
        {
            "complaint": complaint,
            "organisation": complaint.organisation,
            "thread": _messages_of(complaint, for_staff=False),
            "reply_form": extra.pop("reply_form", None) or ReplyForm(initial={"receipt": code}),
            **extra,
        },
    )


def _found(request: HttpRequest, code: str) -> Complaint | None:
    """The complaint of `code`, unless the address has tried too many codes: the same None either way."""
    if over_limit(request, "receipt", RECEIPT_TRIES_PER_MINUTE):
        spend_receipt_time(code)
        return None
    return receipt_lookup(code)


@sensitive_post_parameters()
@sensitive_variables()
@never_cache
@require_http_methods(["GET", "POST"])
def follow_up(request: HttpRequest) -> HttpResponse:
    """The code is posted, never put in the address: addresses end up in histories and logs."""
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["receipt"]
        complaint = _found(request, code)
        if complaint is not None:
            return _status_page(request, complaint, code)
        # a fresh form: the code tried is not written back into the page, and every miss reads the same
        return render(request, "complaints/follow_up.html", {"form": FollowUpForm(), "error": NOT_FOUND})
    return render(request, "complaints/follow_up.html", {"form": form})


@sensitive_post_parameters()
@sensitive_variables()
@never_cache
@require_POST
def reply(request: HttpRequest) -> HttpResponse:
    form = ReplyForm(request.POST, request.FILES)
    code = request.POST.get("receipt", "")
    complaint = _found(request, code)
    if complaint is None:
        lookup = FollowUpForm()
        return render(request, "complaints/follow_up.html", {"form": lookup, "error": NOT_FOUND})
    if not form.is_valid():
        return _status_page(request, complaint, code, reply_form=form)
    try:
        reporter_reply(
            complaint=complaint,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["attachments"],
            today=timezone.localdate(),
        )
    except ProngsaiError as error:
        form.add_error(None, error.thai)
        return _status_page(request, complaint, code, reply_form=form)
    complaint.refresh_from_db()
    return _status_page(request, complaint, code, sent=True)


# --- the complaint officers' pages -------------------------------------------------------------------------


@login_required
@require_GET
def inbox(request: HttpRequest, org: str) -> HttpResponse:
    access = complaint_officer_for(request.user, org)
    status = request.GET.get("status", "")
    complaints = Complaint.objects.filter(organisation=access.organisation)
    if status in dict(core.STATUSES):
        complaints = complaints.filter(status=status)
    counts = {
        key: Complaint.objects.filter(organisation=access.organisation, status=key).count()
        for key, _ in core.STATUSES
    }
    return render_year(
        request,
        "complaints/inbox.html",
        access,
        fiscal_year(timezone.localdate()),
        "complaints",
        {
            "complaints": complaints[:500],
            "status": status,
            "statuses": [(key, label, counts[key]) for key, label in core.STATUSES],
        },
    )


@login_required
@require_GET
def detail(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = complaint_officer_for(request.user, org)
    complaint = complaint_for_user(access, pk)
    return _detail_page(request, access, complaint)


def _detail_page(
    request: HttpRequest,
    access: Any,
    complaint: Complaint,
    message_form: OfficerMessageForm | None = None,
    status_form: StatusForm | None = None,
) -> HttpResponse:
    return render_year(
        request,
        "complaints/detail.html",
        access,
        complaint.fiscal_year,
        "complaints",
        {
            "complaint": complaint,
            "report": ReportText.of(complaint),
            "thread": _messages_of(complaint, for_staff=True),
            "message_form": message_form or OfficerMessageForm(),
            "status_form": status_form
            or StatusForm(
                initial={
                    "status": complaint.status,
                    "forwarded_to": complaint.forwarded_to,
                    "forwarded_name": complaint.forwarded_name,
                    "outcome": complaint.outcome,
                }
            ),
        },
        status=200 if message_form is None and status_form is None else 400,
    )


@login_required
@require_POST
def message(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = complaint_officer_for(request.user, org)
    complaint = complaint_for_user(access, pk)
    form = OfficerMessageForm(request.POST)
    if not form.is_valid():
        return _detail_page(request, access, complaint, message_form=form)
    officer_message(
        complaint=complaint, user=request.user, text=form.cleaned_data["text"], today=timezone.localdate()
    )
    messages.success(request, "ส่งข้อความถึงผู้ร้องเรียนแล้ว")
    return redirect("complaint", access.organisation.slug, complaint.pk)


@login_required
@require_POST
def status(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = complaint_officer_for(request.user, org)
    complaint = complaint_for_user(access, pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            complaint_set_status(
                complaint=complaint, user=request.user, today=timezone.localdate(), **form.cleaned_data
            )
        except ProngsaiError as error:
            form.add_error(None, error.thai)
    if not form.is_valid():
        return _detail_page(request, access, complaint, status_form=form)
    messages.success(request, "บันทึกสถานะแล้ว")
    return redirect("complaint", access.organisation.slug, complaint.pk)


@login_required
@require_GET
def file(request: HttpRequest, org: str, pk: int, number: int) -> HttpResponse:
    access = complaint_officer_for(request.user, org)
    attachment = complaint_file_for_user(access, pk, number)
    response = HttpResponse(decrypt(attachment.data), content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(True, attachment.name) or ""
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def statistics(request: HttpRequest, org: str, year: int) -> HttpResponse:
    """The year's figures, for everyone in the organisation: counts and days, never a complaint's content."""
    access = organisation_for_user(request.user, org)
    return render_year(
        request,
        "complaints/statistics.html",
        access,
        year,
        "complaint-statistics",
        {"statistics": statistics_table(statistics_for(access.organisation, year))},
    )


@login_required
@require_GET
def statistics_file(request: HttpRequest, org: str, year: int, fmt: str) -> HttpResponse:
    """The statistics document as it stands now (PDF or DOCX); the approved one is published from approvals."""
    access = organisation_for_user(request.user, org)
    if fmt not in CONTENT_TYPES:
        raise Http404("ไม่มีรูปแบบไฟล์นี้")
    organisation = access.organisation
    report = compose_complaint_statistics(
        year_document(organisation, year, "complaints"),
        statistics_for(organisation, year),
        footer=framework_for_year(year).documents.get("complaints", ""),
    )
    emblem = organisation.emblem.read() if organisation.emblem else None
    response = HttpResponse(
        render_report(dataclasses.replace(report, emblem=emblem), fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="{organisation.slug}-{year}-complaints.{fmt}"'
    return response
