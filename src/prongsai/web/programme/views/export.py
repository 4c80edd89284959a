from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from prongsai.web.access import organisation_for_user
from prongsai.web.programme.export import measures_workbook
from prongsai.web.programme.views.common import today

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def measures_xlsx(request: HttpRequest, org: str, year: int) -> HttpResponse:
    """The year's measures and progress as an Excel file, for everyone who reads the organisation."""
    access = organisation_for_user(request.user, org)
    response = HttpResponse(measures_workbook(access.organisation, year, today()), content_type=XLSX)
    response["Content-Disposition"] = (
        content_disposition_header(True, f"มาตรการ-{access.organisation.slug}-{year}.xlsx") or ""
    )
    return response
