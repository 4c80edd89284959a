from __future__ import annotations

import base64
import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from prongsai.core.compose import (
    CELLS,
    LAYOUTS,
    ComposeError,
    compose,
    compose_analysis,
    custom_layout,
)
from prongsai.core.vocabulary import DOCUMENT_KIND, GROUPING, LAYOUT, PROGRAMME_DOCUMENT_KINDS
from prongsai.documents import CONTENT_TYPES, render_report
from prongsai.web.access import organisation_for_user
from prongsai.web.frameworks import framework_for_year
from prongsai.web.programme.documents import analysis_input, year_document
from prongsai.web.programme.forms import IMAGE_SIGNATURES, EmblemForm, RegisterPrefixForm, recognised
from prongsai.web.programme.services import emblem_save, register_prefix_save
from prongsai.web.programme.views.common import render_year

KINDS = {kind: DOCUMENT_KIND.label(kind) for kind in PROGRAMME_DOCUMENT_KINDS}
LAYOUT_NAMES = dict(LAYOUT.entries)


@login_required
@require_GET
def documents(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    return render_year(
        request,
        "programme/documents.html",
        access,
        year,
        "documents",
        {
            "kinds": KINDS,
            "layouts": LAYOUT_NAMES,
            "cells": [(k, v[0]) for k, v in CELLS.items()],
            "groupings": GROUPING.entries,
            "oit": framework_for_year(year).documents,
            "emblem_form": EmblemForm(),
            # ?memo=off: every link below gives its document without the cover memo
            "memo_off": request.GET.get("memo") == "off",
            "register_form": RegisterPrefixForm(
                initial={"register_prefix": access.organisation.register_prefix}
            ),
            "emblem_src": _inline_image(access.organisation.emblem),
        },
    )


def _inline_image(field: FieldFile) -> str:
    """The emblem as a data: address for the page (uploaded files are not served as such)."""
    if not field:
        return ""
    with field.open("rb") as stored:
        data = stored.read()
    kind, _ = recognised(data, IMAGE_SIGNATURES) or ("image/jpeg", "jpg")
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"


@login_required
@require_POST
def emblem(request: HttpRequest, org: str, year: int) -> HttpResponse:
    """The organisation's emblem, set or removed from the documents page; the documents carry it from then on."""
    access = organisation_for_user(request.user, org, manage=True)
    form = EmblemForm(request.POST, request.FILES)
    if form.is_valid():
        emblem_save(organisation=access.organisation, emblem=form.cleaned_data["file"], user=request.user)
        messages.success(request, "บันทึกตราหน่วยงานแล้ว" if form.cleaned_data["file"] else "นำตราหน่วยงานออกแล้ว")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"ไม่ได้บันทึกตราหน่วยงาน: {error}")
    return redirect("documents", access.organisation.slug, year)


@login_required
@require_POST
def register_prefix(request: HttpRequest, org: str, year: int) -> HttpResponse:
    """The ที่ of the organisation's memos, set once on the documents page; each submission adds its number."""
    access = organisation_for_user(request.user, org, manage=True)
    form = RegisterPrefixForm(request.POST)
    if form.is_valid():
        register_prefix_save(
            organisation=access.organisation, prefix=form.cleaned_data["register_prefix"], user=request.user
        )
        messages.success(request, "บันทึกที่ของหนังสือแล้ว")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"ไม่ได้บันทึกที่ของหนังสือ: {error}")
    return redirect("documents", access.organisation.slug, year)


@login_required
@require_GET
def document_file(request: HttpRequest, org: str, year: int, kind: str, fmt: str) -> HttpResponse:
    """A document of the year, composed now from what the system holds; `?inline=1` opens the PDF as a preview."""
    access = organisation_for_user(request.user, org)
    if kind not in KINDS or fmt not in CONTENT_TYPES:
        raise Http404("ไม่มีเอกสารนี้")
    organisation = access.organisation
    document = year_document(organisation, year, kind)
    framework = framework_for_year(year)
    footer = framework.documents.get(kind, "")
    digits = request.GET.get("digits") != "arabic"
    with_memo = request.GET.get("memo") != "off"
    emblem = organisation.emblem.read() if organisation.emblem else None
    try:
        if kind == "analysis":
            report = compose_analysis(
                document,
                analysis_input(organisation, year),
                thai_digits=digits,
                footer=footer,
                with_memo=with_memo,
            )
        else:
            columns = [c for c in request.GET.getlist("column") if c]
            layout = (
                custom_layout(columns, request.GET.get("grouping", "none"))
                if columns
                else request.GET.get("layout", "A")
            )
            if isinstance(layout, str) and layout not in LAYOUTS:
                raise Http404("ไม่มีรูปแบบนี้")
            report = compose(
                document,
                kind,
                layout,
                thai_digits=digits,
                footer=footer,
                with_memo=with_memo,
                framework=framework,
            )
    except ComposeError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    content = render_report(dataclasses.replace(report, emblem=emblem), fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    disposition = "inline" if fmt == "pdf" and request.GET.get("inline") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{organisation.slug}-{year}-{kind}.{fmt}"'
    return response
