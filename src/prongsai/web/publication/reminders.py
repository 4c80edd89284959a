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
from django.db.models import Q
from django.urls import reverse

from prongsai.core.thai import format_date
from prongsai.web.access import units_answered_for
from prongsai.web.complaints.reminders import complaint_reminders
from prongsai.web.organisations.models import Membership, Organisation, Unit
from prongsai.web.programme.models import OPEN_STATUSES, Measure
from prongsai.web.publication.models import ApprovalStep, DocumentVersion, Notification
from prongsai.web.publication.services import next_step

DUE_IN_DAYS = (30, 7, 1)
MONDAY = 0


def next_monday(day: dt.date) -> dt.date:
    """The first Monday after `day` (the day itself excluded)."""
    return day + dt.timedelta(days=(MONDAY - day.weekday() - 1) % 7 + 1)


def next_measure_notice(end: dt.date, day: dt.date) -> dt.date:
    """The first day after `day` on which an open measure ending on `end` is reminded of: 30, 7 and 1 days
    before its end, the day after it, then every Monday until it is done."""
    ahead = [end - dt.timedelta(days=n) for n in DUE_IN_DAYS] + [end + dt.timedelta(days=1)]
    upcoming = [d for d in ahead if d > day]
    return min(upcoming) if upcoming else next_monday(day)


@dataclass(frozen=True)
class Reminder:
    user: User
    organisation: Organisation
    key: str
    text: str
    url: str


def _officer_reminders(day: dt.date, quiet: set[int] | None = None) -> list[Reminder]:
    """The day's notices of measures; the overdue measures that get none today go into `quiet`."""
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
            elif left < 0 and not (left == -1 or day.weekday() == MONDAY) and quiet is not None:
                quiet.add(measure.pk)
            elif left < 0:
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


@dataclass
class ReminderRun:
    """What a day's run found due, sent, and left for later: the answer `prongsai remind` gives."""

    day: dt.date
    due: dict[str, int]  # kind of notice → how many were due today
    sent: int  # of them, new today
    already: int  # of them, sent earlier today (a second run sends nothing twice)
    quiet_overdue: (
        int  # overdue measures with no notice today: they are reminded the day after and on Mondays
    )
    next_due: dt.date | None  # the next day a measure's "due in 30/7/1 days" notice goes

    def describe(self) -> list[str]:
        when = format_date(self.day, "full", thai_digits=False)
        kinds = ", ".join(f"{NOTICE_KINDS[k]} {n}" for k, n in self.due.items() if n) or "ไม่มี"
        lines = [
            f"วันที่ {when}: ถึงกำหนดแจ้ง {sum(self.due.values())} รายการ ({kinds}) "
            f"ส่งใหม่ {self.sent} รายการ ส่งไปแล้ววันนี้ {self.already} รายการ "
            f"(due today: {sum(self.due.values())}; new reminders sent: {self.sent}; "
            f"already sent today: {self.already})",
        ]
        monday = next_monday(self.day)
        if self.quiet_overdue:
            lines.append(
                f"ข้ามวันนี้: มาตรการเลยกำหนด {self.quiet_overdue} รายการ แจ้งเฉพาะวันถัดจากวันสิ้นสุดและทุกวันจันทร์ "
                f"ครั้งถัดไปวันจันทร์ที่ {format_date(monday, 'full', thai_digits=False)} "
                f"(skipped today: {self.quiet_overdue} overdue measures, next overdue notices {monday.isoformat()})"
            )
        if self.next_due is not None:
            lines.append(
                f"การแจ้งครบกำหนดครั้งถัดไป: {format_date(self.next_due, 'full', thai_digits=False)} "
                f"(next due-date notices: {self.next_due.isoformat()})"
            )
        lines.append(
            f"สรุปประจำสัปดาห์ถึงผู้ประสานงาน: วันจันทร์ที่ {format_date(monday if self.day.weekday() else self.day, 'full', thai_digits=False)} "
            f"(coordinators' digest: Mondays)"
        )
        return lines


NOTICE_KINDS = {
    "due": "ครบกำหนด",
    "overdue": "เลยกำหนด",
    "approve": "รออนุมัติ",
    "digest": "สรุปประจำสัปดาห์",
    "complaint": "เรื่องร้องเรียน",
}


def _kind(key: str) -> str:
    head = key.split(":", 1)[0]
    if head.startswith("due-"):
        return "due"
    return head if head in NOTICE_KINDS else "complaint"


def _next_due_notice(day: dt.date) -> dt.date | None:
    """The next day, after `day`, on which some open measure's "due in N days" notice goes."""
    ends: set[dt.date] = {
        end
        for end in Measure.objects.filter(
            status__in=OPEN_STATUSES, end__gt=day, end__lte=day + dt.timedelta(days=max(DUE_IN_DAYS) + 366)
        ).values_list("end", flat=True)
        if end is not None
    }
    candidates = [end - dt.timedelta(days=n) for end in ends for n in DUE_IN_DAYS]
    return min((d for d in candidates if d > day), default=None)


@transaction.atomic
def run_reminders(day: dt.date) -> ReminderRun:
    """Record and e-mail the day's new reminders, and say what was due, what was skipped and what comes next."""
    new: dict[User, list[Reminder]] = defaultdict(list)
    complaints = [
        Reminder(m.user, m.organisation, key, text, url) for m, key, text, url in complaint_reminders(day)
    ]
    quiet: set[int] = set()
    due: dict[str, int] = dict.fromkeys(NOTICE_KINDS, 0)
    already = 0
    for reminder in [
        *_officer_reminders(day, quiet),
        *_approver_reminders(),
        *_coordinator_digests(day),
        *complaints,
    ]:
        due[_kind(reminder.key)] += 1
        _, created = Notification.objects.get_or_create(
            user=reminder.user,
            key=reminder.key,
            day=day,
            defaults={"organisation": reminder.organisation, "text": reminder.text, "url": reminder.url},
        )
        if created:
            new[reminder.user].append(reminder)
        else:
            already += 1
    _mail(new)
    return ReminderRun(
        day=day,
        due=due,
        sent=sum(len(items) for items in new.values()),
        already=already,
        quiet_overdue=len(quiet),
        next_due=_next_due_notice(day),
    )


def send_reminders(day: dt.date) -> int:
    """Record and e-mail the day's new reminders; returns how many were new."""
    return run_reminders(day).sent


def _mail(new: dict[User, list[Reminder]]) -> None:
    base = settings.PRONGSAI_BASE_URL.rstrip("/")
    for user, items in new.items():
        if user.email:
            body = "\n".join(f"- {r.text}\n  {base}{r.url}" for r in items)
            send_mail(f"โปร่งใส: มีเรื่องที่ต้องดำเนินการ {len(items)} รายการ", body, None, [user.email])


# --- what a person hears next, and a reminder sent now ----------------------------------------------------------


@dataclass(frozen=True)
class NextNotice:
    day: dt.date
    text: str


def next_notice_for(user: User, today: dt.date) -> NextNotice | None:
    """The next reminder the daily run will send this person (after today), and what it is about."""
    found: list[NextNotice] = []
    memberships = list(
        Membership.objects.filter(user=user).select_related("organisation").prefetch_related("units")
    )
    officer_units: set[int] = set()
    for membership in memberships:
        if membership.role == Membership.UNIT_OFFICER:
            officer_units |= units_answered_for(membership)
        elif membership.role == Membership.COORDINATOR:
            found.append(NextNotice(next_monday(today), f"สรุปประจำสัปดาห์ของ{membership.organisation.name}"))
    if officer_units:
        measures = (
            Measure.objects.filter(units__in=officer_units, status__in=OPEN_STATUSES, end__isnull=False)
            .distinct()
            .only("pk", "number", "title", "end")
        )
        for measure in measures.iterator():
            assert measure.end is not None
            day = next_measure_notice(measure.end, today)
            late = "เลยกำหนด" if day > measure.end else "ใกล้ครบกำหนด"
            found.append(NextNotice(day, f"มาตรการที่ {measure.number} {late}: {measure.title[:60]}"))
    approver_of = [m.organisation_id for m in memberships if m.role == Membership.APPROVER]
    if approver_of:
        pending = DocumentVersion.objects.filter(
            organisation_id__in=approver_of, status=DocumentVersion.PENDING
        ).prefetch_related("approvals")
        chains: dict[int, list[ApprovalStep]] = {organisation: [] for organisation in approver_of}
        for link in ApprovalStep.objects.filter(organisation_id__in=approver_of).select_related("approver"):
            chains[link.organisation_id].append(link)  # in the chain's order (the model's ordering)
        for version in pending[:20]:
            turn = next_step(version, chains[version.organisation_id])
            if turn is not None and turn.approver.user_id == user.pk:
                found.append(
                    NextNotice(
                        today + dt.timedelta(days=1),
                        f"{version.get_kind_display()} ปี {version.fiscal_year} รอท่านพิจารณา",
                    )
                )
    return min(found, key=lambda n: (n.day, n.text), default=None)


@transaction.atomic
def remind_unit_now(
    *, organisation: Organisation, unit: Unit, year: int, user: User, token: str, today: dt.date
) -> int:
    """A coordinator's reminder, sent now, to the officers who answer for `unit`, of its measures still open in
    `year`. A one-time token makes a double click send it once; the sending is in the audit trail. Returns how
    many people were told (0 when nobody answers for the unit or nothing is open)."""
    from prongsai.web.programme.services import audit, claim_token

    # one page token serves every unit of the dashboard: each unit is reminded once per page
    claim_token(
        f"{token}:{unit.pk}", organisation=organisation, purpose="remind-unit", thai="ส่งการแจ้งเตือนนี้ไปแล้ว"
    )
    open_measures = list(
        Measure.objects.filter(organisation=organisation, fiscal_year=year, status__in=OPEN_STATUSES)
        .filter(Q(units=unit) | Q(units__parent=unit))  # a unit answers for its sections' measures too
        .distinct()
        .order_by("number")
    )
    officers = [
        m
        for m in Membership.objects.filter(organisation=organisation, role=Membership.UNIT_OFFICER)
        .select_related("user")
        .prefetch_related("units")
        if unit.pk in units_answered_for(m)
    ]
    if not open_measures:
        officers = []
    numbers = ", ".join(str(m.number) for m in open_measures)
    text = f"ผู้ประสานงานขอให้รายงานมาตรการปี {year} ที่ยังไม่แล้วเสร็จของ{unit}: มาตรการที่ {numbers}"[:400]
    url = reverse("measures", args=[organisation.slug, year]) + f"?unit={unit.pk}"
    new: dict[User, list[Reminder]] = defaultdict(list)
    for membership in officers:
        reminder = Reminder(membership.user, organisation, f"now:unit-{unit.pk}:{token[:16]}", text, url)
        Notification.objects.create(
            user=membership.user, organisation=organisation, key=reminder.key, day=today, text=text, url=url
        )
        new[membership.user].append(reminder)
    transaction.on_commit(lambda: _mail(new))
    audit(
        organisation=organisation,
        user=user,
        action="reminder.send",
        obj=unit,
        summary=f"ส่งการแจ้งเตือนถึง{unit} ({len(officers)} คน) มาตรการที่ {numbers or '–'}",
        after={"unit": str(unit), "people": [m.user.username for m in officers], "measures": numbers},
    )
    return len(officers)
