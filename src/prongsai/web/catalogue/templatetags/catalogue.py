"""{% catalogue_suggestions %}: the "มาตรการแนะนำ" section of the analysis page and the new-measure form."""

from __future__ import annotations

import re
import secrets
from typing import Any

from django import template

from prongsai.core.analysis import Analysis
from prongsai.web.access import Access, catalogue_for_user
from prongsai.web.catalogue.queries import suggestions
from prongsai.web.programme.models import Result
from prongsai.web.programme.services import result_analysis

register = template.Library()
ONE_TIME_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}")
MAX_WEAKNESSES = 10


@register.inclusion_tag("catalogue/suggestions.html", takes_context=True)
def catalogue_suggestions(context: template.Context) -> dict[str, Any]:
    """Suggestions for the weaknesses of the result the year answers (year − 1), the weakest first."""
    access: Access = context["access"]
    year: int = context["year"]
    findings: Analysis | None = context.get("findings")
    if findings is None:
        stored = Result.objects.filter(organisation=access.organisation, fiscal_year=year - 1).first()
        findings = result_analysis(stored)[1] if stored else None
    if findings is None:
        return {"weaknesses": None}
    weaknesses = suggestions(
        catalogue_for_user(context["request"].user),
        list(findings.urgent[:MAX_WEAKNESSES]),
        organisation_id=access.organisation.pk,
        fiscal_year=year,
    )
    for weakness in weaknesses:
        for found in weakness.found:
            found.token = secrets.token_urlsafe(16)  # one per "use this" form
    return {
        "weaknesses": weaknesses,
        "access": access,
        "organisation": access.organisation,
        "year": year,
        "csrf_token": context.get("csrf_token"),
    }
