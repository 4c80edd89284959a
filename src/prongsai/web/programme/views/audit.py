from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from prongsai.core.thai import fiscal_year
from prongsai.web.access import organisation_for_user
from prongsai.web.organisations.models import AuditEntry
from prongsai.web.programme.views.common import render_year, today


@login_required
@require_GET
def audit_log(request: HttpRequest, org: str) -> HttpResponse:
    """Every change in the organisation, newest first: coordinators and the site administrator only."""
    access = organisation_for_user(request.user, org, manage=True)
    entries = AuditEntry.objects.filter(organisation=access.organisation).select_related("user")
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render_year(request, "programme/audit.html", access, fiscal_year(today()), "audit", {"page": page})
