"""The site administrator's pages for framework files: upload (checked by the loader), the differences from the
version it replaces, activation, restoring an earlier file, going back to the shipped one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from prongsai.core.errors import ProngsaiError
from prongsai.frameworks import MAX_FILE_BYTES
from prongsai.web.access import framework_file_for_admin, site_administrator
from prongsai.web.frameworks import registry
from prongsai.web.frameworks.models import FrameworkFile
from prongsai.web.frameworks.services import (
    framework_file_activate,
    framework_file_changes,
    framework_file_upload,
    framework_file_withdraw,
    replaced_by,
)


class FrameworkUploadForm(forms.Form):
    file = forms.FileField(label="ไฟล์กรอบการประเมิน (.yaml)")


@login_required
@require_http_methods(["GET", "POST"])
def framework_files(request: HttpRequest) -> HttpResponse:
    user = site_administrator(request.user)
    form = FrameworkUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            data = upload.read(MAX_FILE_BYTES + 1)
            file = framework_file_upload(data=data, name=upload.name or "framework.yaml", user=user)
        except ProngsaiError as error:
            form.add_error("file", error.thai)
        else:
            messages.success(request, "ตรวจไฟล์ผ่านแล้ว ตรวจดูความเปลี่ยนแปลงก่อนเปิดใช้")
            return redirect("framework-file", file.pk)
    files = FrameworkFile.objects.select_related("uploaded_by")
    return render(
        request,
        "web/framework_files.html",
        {"form": form, "files": files, "versions": list(reversed(registry().versions))},
    )


@login_required
@require_http_methods(["GET"])
def framework_file(request: HttpRequest, pk: int) -> HttpResponse:
    file = framework_file_for_admin(request.user, pk)
    replaced = replaced_by(file) if file.state != FrameworkFile.ACTIVE else None
    return render(
        request,
        "web/framework_file.html",
        {
            "file": file,
            "replaced": replaced,
            "changes": framework_file_changes(file) if file.state != FrameworkFile.ACTIVE else [],
        },
    )


@login_required
@require_POST
def framework_file_action(request: HttpRequest, pk: int) -> HttpResponse:
    file = framework_file_for_admin(request.user, pk)
    action = request.POST.get("action")
    try:
        if action == "activate":
            rescored = framework_file_activate(file=file, user=request.user)
        elif action == "withdraw":
            rescored = framework_file_withdraw(file=file, user=request.user)
        else:
            messages.error(request, "ไม่รู้จักคำสั่งนี้")
            return redirect("framework-file", file.pk)
    except ProngsaiError as error:
        messages.error(request, error.thai)
        return redirect("framework-file", file.pk)
    done = "เปิดใช้ไฟล์แล้ว" if action == "activate" else "กลับไปใช้กรอบที่มากับโปรแกรมแล้ว"
    messages.success(request, f"{done} คิดคะแนนใหม่ {len(rescored)} รายการ")
    for line in rescored:
        messages.info(request, f"{line.organisation} ปี {line.fiscal_year}: {line.before} → {line.after}")
    return redirect("framework-files")
