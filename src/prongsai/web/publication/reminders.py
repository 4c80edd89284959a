"""Reminders, run daily (`prongsai remind`, from cron): e-mail and the in-app list, never twice a day.

Unit officers hear of their units' measures due in 30, 7 and 1 days, and of those overdue (the day after the
end, then each Monday); approvers of documents waiting for them; coordinators get a digest on Mondays; complaint
officers of reports waiting for an answer (prongsai.web.complaints.reminders), each day until answered.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from prongsai.core.thai import format_date
from prongsai.web.access import units_answered_for
from prongsai.web.complaints.reminders import complaint_reminders
from prongsai.web.organisations.models import Membership, Organisation
from prongsai.web.programme.models import OPEN_STATUSES, Measure
from prongsai.web.publication.models import DocumentVersion, Notification
from prongsai.web.publication.services import next_step

DUE_IN_DAYS = (30, 7, 1)


@dataclass(frozen=True)
class Reminder:
    user: User
    organisation: Organisation
    key: str
    text: str
    url: str


def _officer_reminders(day: dt.date) -> list[Reminder]:
    found = []
    officers = Membership.objects.filter(role=Membership.UNIT_OFFICER).select_related("user", "organisation")
    for membership in officers.prefetch_related("units"):
        units = units_answered_for(membership)
        measures = Measure.objects.filter(
            organisation=membership.organisation, units__in=units, status__in=OPEN_STATUSES, end__isnull=False
        ).distinct()
        for measure in measures:
            assert measure.end is not None
            url = reverse("measure", args=[membership.organisation.slug, measure.pk])
            left = (measure.end - day).days
            if left in DUE_IN_DAYS:
                found.append(
                    Reminder(
                        membership.user,
                        membership.organisation,
                        f"due-{left}:measure-{measure.pk}",
                        f"มาตรการที่ {measure.number} ครบกำหนดในอีก {left} วัน "
                        f"({format_date(measure.end, 'full', thai_digits=False)}): {measure.title[:80]}",
                        url,
                    )
                )
            elif left < 0 and (left == -1 or day.weekday() == 0):
                found.append(
                    Reminder(
                        membership.user,
                        membership.organisation,
                        f"overdue:measure-{measure.pk}",
                        f"มาตรการที่ {measure.number} เลยกำหนดมา {-left} วัน: {measure.title[:80]}",
                        url,
                    )
                )
    return found


def _approver_reminders() -> list[Reminder]:
    found = []
    for version in DocumentVersion.objects.filter(status=DocumentVersion.PENDING).select_related(
        "organisation"
    ):
        step = next_step(version)
        if step is not None:
            found.append(
                Reminder(
                    step.approver.user,
                    version.organisation,
                    f"approve:version-{version.pk}",
                    f"{version.get_kind_display()} ปี {version.fiscal_year} ฉบับที่ {version.number} รอท่านพิจารณา",
                    reverse("approvals", args=[version.organisation.slug, version.fiscal_year]),
                )
            )
    return found


def _coordinator_digests(day: dt.date) -> list[Reminder]:
    if day.weekday() != 0:
        return []
    found = []
    for membership in Membership.objects.filter(role=Membership.COORDINATOR).select_related(
        "user", "organisation"
    ):
        organisation = membership.organisation
        late = Measure.objects.filter(
            organisation=organisation, end__lt=day, status__in=OPEN_STATUSES
        ).count()
        waiting = DocumentVersion.objects.filter(
            organisation=organisation, status=DocumentVersion.PENDING
        ).count()
        found.append(
            Reminder(
                membership.user,
                organisation,
                "digest",
                f"สรุปประจำสัปดาห์: มาตรการที่เลยกำหนด {late} รายการ เอกสารรออนุมัติ {waiting} ฉบับ",
                reverse("organisation", args=[organisation.slug]),
            )
        )
    return found


@transaction.atomic
def send_reminders(day: dt.date) -> int:
    """Record and e-mail the day's new reminders; returns how many were new."""
    new: dict[User, list[Reminder]] = defaultdict(list)
    complaints = [
        Reminder(m.user, m.organisation, key, text, url) for m, key, text, url in complaint_reminders(day)
    ]
    for reminder in [
        *_officer_reminders(day),
        *_approver_reminders(),
        *_coordinator_digests(day),
        *complaints,
    ]:
        _, created = Notification.objects.get_or_create(
            user=reminder.user,
            key=reminder.key,
            day=day,
            defaults={"organisation": reminder.organisation, "text": reminder.text, "url": reminder.url},
        )
        if created:
            new[reminder.user].append(reminder)
    base = settings.PRONGSAI_BASE_URL.rstrip("/")
    for user, items in new.items():
        if user.email:
            body = "\n".join(f"- {r.text}\n  {base}{r.url}" for r in items)
            send_mail(f"โปร่งใส: มีเรื่องที่ต้องดำเนินการ {len(items)} รายการ", body, None, [user.email])
    return sum(len(items) for items in new.values())
