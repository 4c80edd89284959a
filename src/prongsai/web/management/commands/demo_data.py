"""Load the demo data and print the demo logins. Safe to run again: it changes nothing that exists."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

DEMO_PASSWORD = "prongsai-demo"
DEMO_ACCOUNTS = [("admin", "ผู้ดูแลระบบ (site administrator)")]


class Command(BaseCommand):
    help = "สร้างข้อมูลตัวอย่างและบัญชีทดลอง (demo data and logins)"

    def handle(self, *args: Any, **options: Any) -> None:
        User = get_user_model()
        for username, _role in DEMO_ACCOUNTS:
            if not User.objects.filter(username=username).exists():
                User.objects.create_superuser(username=username, email="", password=DEMO_PASSWORD)
        self.stdout.write("บัญชีทดลอง (demo logins), รหัสผ่าน / password: " + DEMO_PASSWORD)
        for username, role in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<12} {role}")
