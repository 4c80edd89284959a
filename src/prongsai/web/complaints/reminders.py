"""Complaint officers hear of reports whose reporter has waited too long for an answer (`prongsai remind`)."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.urls import reverse

from prongsai.core import complaints as core
from prongsai.web.complaints.models import Complaint
from prongsai.web.organisations.models import Membership


def complaint_reminders(day: dt.date) -> list[tuple[Membership, str, str, str]]:
    """(officer's membership, key, text, url) for each report waiting PRONGSAI_COMPLAINT_REMINDER_DAYS or more."""
    limit = day - dt.timedelta(days=settings.PRONGSAI_COMPLAINT_REMINDER_DAYS)
    waiting = Complaint.objects.filter(waiting_since__lte=limit).exclude(status=core.CLOSED)
    officers: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(role=Membership.COMPLAINT_OFFICER).select_related(
        "user", "organisation"
    ):
        officers.setdefault(membership.organisation_id, []).append(membership)
    found = []
    for complaint in waiting.filter(organisation_id__in=officers):
        assert complaint.waiting_since is not None
        days = (day - complaint.waiting_since).days
        for membership in officers[complaint.organisation_id]:
            found.append(
                (
                    membership,
                    f"complaint-waiting:complaint-{complaint.pk}",
                    f"เรื่องร้องเรียนที่ {complaint.pk} รอคำตอบมา {days} วัน",
                    reverse("complaint", args=[membership.organisation.slug, complaint.pk]),
                )
            )
    return found
