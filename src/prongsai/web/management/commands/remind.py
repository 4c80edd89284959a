from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from prongsai.web.oversight.services import refresh_overview
from prongsai.web.publication.reminders import run_reminders


class Command(BaseCommand):
    help = "ส่งการแจ้งเตือนประจำวัน (daily reminders; run from cron)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument(
            "--queue", action="store_true", help="ให้ตัวทำงานเบื้องหลังส่ง (queue them for the background worker)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        import datetime as dt

        day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        if options["queue"]:
            from prongsai.web.publication.jobs import send_daily_reminders

            send_daily_reminders.enqueue(day.isoformat())
            self.stdout.write(f"ส่งเข้าคิวงานเบื้องหลังแล้ว (queued for {day.isoformat()})")
            return
        run = run_reminders(day)
        for line in run.describe():  # what was due, what was skipped, when the next notices go
            self.stdout.write(line)
        # The overseers' summary of measures and publications, refreshed with the daily run.
        rows = refresh_overview(today=day)
        self.stdout.write(f"ปรับข้อมูลภาพรวม {rows} รายการ (overview rows refreshed: {rows})")
