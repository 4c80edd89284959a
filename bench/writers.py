"""Twenty people writing at the same moment on SQLite, the default database: errors and lost rows.

    python -m bench.writers [--writers 20]

A fresh SQLite file, migrated; then the writers, released together from a barrier, each in its own thread with
its own connection, post through the real pages: new measures, result saves, progress entries and approval
submissions, a quarter each. Every write sent should be a row. The baseline is the same run on Django's default
SQLite options (no WAL, deferred transactions, a 5 s timeout), the settings the project's options replace.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from typing import Any

KINDS = ("measure", "result", "progress", "submission")
SCORES = "1,80\n2,70\n3,75\n4,72\n5,78\n6,70\n7,72\n8,74\n9,75.30\n10,76"


def _django(plain: bool) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings")
    from django.conf import settings

    if plain:
        settings.DATABASES["default"]["OPTIONS"] = {}
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _sender(client: Any, address: str, data: dict[str, object]) -> Callable[[], int]:
    return lambda: int(client.post(address, data).status_code)


def run(writers: int, plain: bool) -> dict[str, Any]:
    """One run in this process (a fresh data directory is set by the caller): its counts as a dict."""
    _django(plain)
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from prongsai.web.organisations.models import Membership, Organisation, Unit
    from prongsai.web.programme.models import Measure, ProgressEntry, Result
    from prongsai.web.publication.models import ApprovalStep, DocumentVersion

    organisation = Organisation.objects.create(name="อบต.ทดสอบ", type="อบต.", province="น่าน", slug="bench")
    unit = Unit.objects.create(organisation=organisation, name="กองคลัง")
    measure = Measure.objects.create(organisation=organisation, fiscal_year=2566, number=1, title="มาตรการ")
    measure.units.set([unit])
    people = {}
    for username, role in (
        ("coordinator", Membership.COORDINATOR),
        ("officer", Membership.UNIT_OFFICER),
        ("approver", Membership.APPROVER),
    ):
        people[username] = User.objects.create_user(username=username)
        membership = Membership.objects.create(user=people[username], organisation=organisation, role=role)
        if role == Membership.UNIT_OFFICER:
            membership.units.set([unit])
        if role == Membership.APPROVER:
            ApprovalStep.objects.create(organisation=organisation, order=1, approver=membership)

    def client(username: str) -> Client:
        logged_in = Client()
        logged_in.force_login(people[username])
        return logged_in

    requests: list[Callable[[], int]] = []
    for n in range(writers):
        kind = KINDS[n % len(KINDS)]
        if kind == "measure":
            address, data, who = (
                reverse("measure-new", args=["bench", 2566]),
                {"group": "urgent", "title": f"พร้อมกัน {n}"},
                "coordinator",
            )
        elif kind == "result":
            address, data, who = (
                reverse("result", args=["bench", 2550 + n]),
                {"framework_version": "2566", "scores": SCORES},
                "coordinator",
            )
        elif kind == "progress":
            address, data, who = (
                reverse("progress-new", args=["bench", measure.pk]),
                {"date": "2023-03-01", "text": f"พร้อมกัน {n}"},
                "officer",
            )
        else:
            address, data, who = (
                reverse("version-submit", args=["bench", 2550 + n]),
                {"kind": "measures", "layout": "A"},
                "coordinator",
            )
        requests.append(_sender(client(who), address, data))
    connection.close()

    statuses: list[int] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(len(requests))

    def write(request: Callable[[], int]) -> None:
        try:
            barrier.wait(timeout=60)
            code = request()
            with lock:
                statuses.append(code)
                if code != 302:
                    errors.append(f"HTTP {code}")
        except Exception as error:  # noqa: BLE001 - counted, as a person would see it
            with lock:
                errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(r,)) for r in requests]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    rows = (
        Measure.objects.filter(title__startswith="พร้อมกัน").count()
        + Result.objects.filter(organisation=organisation).count()
        + ProgressEntry.objects.filter(text__startswith="พร้อมกัน").count()
        + DocumentVersion.objects.filter(organisation=organisation).count()
    )
    return {
        "writers": writers,
        "errors": len(errors),
        "lost": writers - rows,
        "seconds": seconds,
        "kinds": errors[:3],
    }


def _child(writers: int, plain: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="prongsai-writers-") as data:
        command = [sys.executable, "-m", "bench.writers", "--child", "--writers", str(writers)]
        if plain:
            command.append("--plain")
        environment = {
            **os.environ,
            "PRONGSAI_DATA_DIR": data,
            "DJANGO_SETTINGS_MODULE": "prongsai.web.settings",
        }
        environment.pop("DATABASE_URL", None)  # SQLite, the default, is what this measures
        done = subprocess.run(command, env=environment, capture_output=True, text=True, check=True)
        result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--plain", action="store_true", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.child:
        print(json.dumps(run(arguments.writers, arguments.plain), ensure_ascii=False))
        return 0
    rows = [
        ("SQLite, the project's options (WAL, immediate, timeout)", _child(arguments.writers, plain=False)),
        ("baseline: Django's default SQLite options", _child(arguments.writers, plain=True)),
    ]
    print(f"{arguments.writers} concurrent writers on SQLite (new measures, results, progress, submissions)")
    header = ("run", "writers", "errors", "lost rows", "wall time")
    table = [header] + [
        (name, str(r["writers"]), str(r["errors"]), str(r["lost"]), f"{r['seconds']:.2f} s")
        for name, r in rows
    ]
    widths = [max(len(line[i]) for line in table) for i in range(len(header))]
    for line in table:
        print("  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip())
    for name, r in rows:
        if r["kinds"]:
            print(f"{name}: e.g. {'; '.join(r['kinds'])}")
    return 0 if rows[0][1]["errors"] == rows[0][1]["lost"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
