"""The catalogue's pages: search (/catalogue/), one entry with its copies, the association of a code's measures
with its score, and "ใช้มาตรการนี้" (an entry copied into an organisation's year)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from prongsai.core.scoring import normalise_code
from prongsai.web.access import (
    catalogue_entries_for_user,
    catalogue_entry_for_user,
    catalogue_for_user,
    organisation_for_user,
)
from prongsai.web.catalogue.forms import SearchForm
from prongsai.web.catalogue.queries import Found, attach_changes, code_association, found_rows, heads, search
from prongsai.web.catalogue.services import entry_use
from prongsai.web.catalogue.templatetags.catalogue import ONE_TIME_TOKEN
from prongsai.web.programme.services import AlreadyDoneError

PAGE_SIZE = 20


@login_required
@require_GET
def catalogue_search(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    page = None
    found: list[Found] = []
    if form.is_bound and form.is_valid():
        groups = search(catalogue_for_user(request.user), form.filters())
        page = Paginator(groups, PAGE_SIZE).get_page(request.GET.get("page"))
        found = found_rows(page.object_list)
    elif not form.is_bound:
        groups = heads(catalogue_for_user(request.user))
        page = Paginator(groups, PAGE_SIZE).get_page(1)
        found = found_rows(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "catalogue/search.html",
        {"form": form, "page": page, "found": found, "query": query.urlencode()},
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


@login_required
@require_GET
def catalogue_entry(request: HttpRequest, pk: int) -> HttpResponse:
    entry = catalogue_entry_for_user(request.user, pk)
    shown = Found(entry, 1)
    attach_changes([shown])
    copies = catalogue_entries_for_user(request.user).filter(duplicate_key=entry.duplicate_key)
    return render(
        request,
        "catalogue/entry.html",
        {"found": shown, "copies": copies.order_by("-fiscal_year", "-id")[:50], "count": copies.count()},
    )


@login_required
@require_GET
def catalogue_effect(request: HttpRequest, code: str) -> HttpResponse:
    code = normalise_code(code)
    if not (code.isdigit() and 1 <= int(code) <= 10) and not (code[:1] in "ieO" and code[1:].isdigit()):
        raise Http404("ไม่รู้จักรหัสนี้")
    entries = catalogue_entries_for_user(request.user)
    return render(
        request,
        "catalogue/effect.html",
        {"code": code, "association": code_association(entries, code)},
    )


@login_required
@require_POST
def catalogue_use(request: HttpRequest, org: str, year: int, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, org, manage=True)
    entry = catalogue_entry_for_user(request.user, pk)
    token = request.POST.get("token", "")
    if not ONE_TIME_TOKEN.fullmatch(token):
        messages.error(request, "แบบฟอร์มไม่สมบูรณ์ กรุณาเปิดหน้าใหม่แล้วลองอีกครั้ง")
        return redirect("measures", access.organisation.slug, year)
    try:
        measure = entry_use(
            entry=entry, organisation=access.organisation, fiscal_year=year, token=token, user=request.user
        )
    except AlreadyDoneError as error:
        messages.info(request, error.thai)
        return redirect("measures", access.organisation.slug, year)
    messages.success(request, f"เพิ่มมาตรการที่ {measure.number} จากคลังมาตรการแล้ว แก้ไขให้เหมาะกับหน่วยงานได้เลย")
    return redirect("measure-edit", access.organisation.slug, measure.pk)
