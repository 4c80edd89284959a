"""Daily reminders: the right people, the right items, and never the same thing twice a day."""

from __future__ import annotations

import datetime as dt
import io

from django.core import mail
from django.urls import reverse

from prongsai.cli import main
from prongsai.web.publication.models import Notification
from prongsai.web.publication.reminders import send_reminders
from tests.web.conftest import World

END = dt.date(2023, 9, 30)  # the world's measure for กองคลัง › งานพัสดุ ends here


def _emails(world: World) -> None:
    for role in ("officer", "approver", "coordinator", "officer_other_unit"):
        world.users[role].email = f"{role}@example.org"
        world.users[role].save()


def test_due_in_7_days_and_a_document_waiting(world: World) -> None:
    _emails(world)
    day = END - dt.timedelta(days=7)
    assert send_reminders(day) == 2
    officer = Notification.objects.get(user=world.users["officer"])
    assert officer.key == f"due-7:measure-{world.measure.pk}" and "ครบกำหนดในอีก 7 วัน" in officer.text
    approver = Notification.objects.get(user=world.users["approver"])
    assert "รอท่านพิจารณา" in approver.text
    assert not Notification.objects.filter(user=world.users["officer_other_unit"]).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["approver@example.org", "officer@example.org"]
    assert "/o/thotsop/measures/" in mail.outbox[-1].body or "/o/thotsop/measures/" in mail.outbox[0].body
    # the same day again: nothing new
    assert send_reminders(day) == 0 and len(mail.outbox) == 2


def test_days_without_a_due_date_and_overdue_notices(world: World) -> None:
    assert not Notification.objects.filter(
        user=world.users["officer"], day=END - dt.timedelta(days=5)
    ).exists()
    send_reminders(END - dt.timedelta(days=5))
    assert not Notification.objects.filter(user=world.users["officer"]).exists()  # 5 days left: no notice
    send_reminders(END + dt.timedelta(days=1))
    assert Notification.objects.filter(user=world.users["officer"], key__startswith="overdue").count() == 1
    monday = END + dt.timedelta(days=(7 - END.weekday()) % 7 or 7)
    send_reminders(monday)
    assert Notification.objects.filter(user=world.users["officer"], key__startswith="overdue").count() == 2
    digest = Notification.objects.get(user=world.users["coordinator"], key="digest", day=monday)
    assert "มาตรการที่เลยกำหนด 1 รายการ" in digest.text and "เอกสารรออนุมัติ 1 ฉบับ" in digest.text


def test_done_measures_are_not_reminded(world: World) -> None:
    world.measure.status = "completed"
    world.measure.save()
    send_reminders(END - dt.timedelta(days=1))
    assert not Notification.objects.filter(user=world.users["officer"]).exists()


def test_the_in_app_list_shows_ones_own_notices(world: World) -> None:
    send_reminders(END - dt.timedelta(days=30))
    page = world.client("officer").get(reverse("notifications")).content.decode()
    assert "ครบกำหนดในอีก 30 วัน" in page and 'class="unread"' in page
    assert "ครบกำหนด" not in world.client("officer_other_unit").get(reverse("notifications")).content.decode()
    world.client("officer").post(reverse("notifications"))
    assert not Notification.objects.filter(user=world.users["officer"], read=False).exists()


def test_prongsai_remind_for_cron(world: World) -> None:
    out = io.StringIO()
    assert main(["remind", "--date", (END - dt.timedelta(days=1)).isoformat()], out) == 0
    assert "new reminders sent: 2" in out.getvalue()
