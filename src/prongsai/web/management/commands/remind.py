from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from prongsai.web.oversight.services import refresh_overview
from prongsai.web.publication.reminders import send_reminders


class Command(BaseCommand):
    help = "ส่งการแจ้งเตือนประจำวัน (daily reminders; run from cron)"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", default=None, help="YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        import datetime as dt

        day = dt.date.fromisoformat(options["date"]) if options["date"] else timezone.localdate()
        count = send_reminders(day)
        self.stdout.write(f"ส่งการแจ้งเตือนใหม่ {count} รายการ (new reminders sent: {count})")
        # The overseers' summary of measures and publications, refreshed with the daily run.
        rows = refresh_overview(today=day)
        self.stdout.write(f"ปรับข้อมูลภาพรวม {rows} รายการ (overview rows refreshed: {rows})")
