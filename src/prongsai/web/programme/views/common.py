from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from prongsai.web.access import Access


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
    """Render a page of an organisation's year, with the navigation every such page shows."""
    return render(
        request,
        template,
        {"access": access, "organisation": access.organisation, "year": year, "section": section, **context},
        status=status,
    )
