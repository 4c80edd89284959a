from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from prongsai.core.thai import fiscal_year
from prongsai.web.access import organisation_for_user
from prongsai.web.organisations.models import AuditEntry
from prongsai.web.programme.forms import AuditFilterForm
from prongsai.web.programme.views.common import render_year, today


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@login_required
@require_GET
def audit_log(request: HttpRequest, org: str) -> HttpResponse:
    """Every change in the organisation, newest first, 50 a page, narrowed by person, action and days:
    coordinators and the site administrator only."""
    access = organisation_for_user(request.user, org, manage=True)
    entries = AuditEntry.objects.filter(organisation=access.organisation)
    # the choices: the people and the actions this organisation's trail holds (one query each)
    people = [
        (person.pk, person.get_full_name() or person.username)
        for person in User.objects.filter(pk__in=entries.values("user")).order_by("username")
    ]
    actions = list(entries.order_by("action").values_list("action", flat=True).distinct())
    filters = AuditFilterForm(request.GET, people=people, actions=actions)
    filters.is_valid()  # a wrong value is named beside its field; the others still apply
    chosen = {name: value for name, value in filters.cleaned_data.items() if value}
    if "user" in chosen:
        entries = entries.filter(user_id=chosen["user"])
    if "action" in chosen:
        entries = entries.filter(action=chosen["action"])
    if "since" in chosen:
        entries = entries.filter(at__gte=_midnight(chosen["since"]))
    if "until" in chosen:
        entries = entries.filter(at__lt=_midnight(chosen["until"] + dt.timedelta(days=1)))
    page = Paginator(entries.select_related("user"), 50).get_page(request.GET.get("page"))
    kept = urlencode({name: request.GET[name] for name in filters.fields if request.GET.get(name)})
    return render_year(
        request,
        "programme/audit.html",
        access,
        fiscal_year(today()),
        "audit",
        {"page": page, "filters": filters, "kept": kept + "&" if kept else ""},
    )
