from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from prongsai.web.access import Access
from prongsai.web.frameworks import borrowed_framework_note


def today() -> dt.date:
    return timezone.localdate()


def render_year(
    request: HttpRequest,
    template: str,
    access: Access,
    year: int,
    section: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render a page of an organisation's year, with the navigation every such page shows, and a warning when
    the result the year answers to was scored under another year's framework."""
    from prongsai.web.programme.models import Result

    assessed = (
        Result.objects.filter(organisation=access.organisation, fiscal_year=year - 1)
        .values_list("framework_version", flat=True)
        .first()
    )
    framework_note = borrowed_framework_note(year - 1, assessed) if assessed is not None else ""
    return render(
        request,
        template,
        {
            "access": access,
            "organisation": access.organisation,
            "year": year,
            "section": section,
            "framework_note": framework_note,
            **context,
        },
        status=status,
    )
