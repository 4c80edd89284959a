"""Many people writing at the same moment, through the real pages, on a real database (a file on SQLite).

Each test starts its threads together at a barrier; each thread has its own connection, as each request of a
threaded or multi-process server has. The oracle is the database itself: every accepted write is a row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from prongsai.web.programme.models import Measure, ProgressEntry, Result
from prongsai.web.publication.models import DocumentVersion
from tests.web.conftest import YEAR, World

pytestmark = pytest.mark.django_db(transaction=True)

SCORES = "1,80\n2,70\n3,75\n4,72\n5,78\n6,70\n7,72\n8,74\n9,75.30\n10,76"


@dataclass
class Outcome:
    statuses: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, status: int | None, error: str = "") -> None:
        with self.lock:
            if status is not None:
                self.statuses.append(status)
            if error:
                self.errors.append(error)


def at_once(requests: list[Callable[[], int]]) -> Outcome:
    """Run the requests in as many threads, released together; each thread's status code or error."""
    outcome = Outcome()
    barrier = threading.Barrier(len(requests))

    def run(request: Callable[[], int]) -> None:
        try:
            barrier.wait(timeout=60)
            outcome.record(request())
        except Exception as error:  # noqa: BLE001 - every failure is counted, not raised in a thread
            outcome.record(None, f"{type(error).__name__}: {error}")
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(r,)) for r in requests]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return outcome


def post(client: Client, name: str, args: list[object], data: dict[str, object]) -> Callable[[], int]:
    address = reverse(name, args=args)
    return lambda: client.post(address, data).status_code


WRITERS = 20  # five of each kind: new measures, result saves, progress entries, approval submissions


def test_twenty_concurrent_writers_lose_nothing(world: World) -> None:
    slug = world.a.slug
    coordinators = [world.client("coordinator") for _ in range(WRITERS // 4 * 3)]
    officers = [world.client("officer") for _ in range(WRITERS // 4)]
    measures_before = Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).count()
    requests = []
    for n in range(WRITERS // 4):
        requests += [
            post(
                coordinators[3 * n],
                "measure-new",
                [slug, YEAR],
                {"group": "urgent", "title": f"มาตรการพร้อมกันที่ {n}", "steps": "ขั้นแรก"},
            ),
            # the results of five different years (the page of year Y saves the result of Y - 1)
            post(
                coordinators[3 * n + 1],
                "result",
                [slug, 2560 + n],
                {"framework_version": "2566", "scores": SCORES},
            ),
            post(
                officers[n],
                "progress-new",
                [slug, world.measure.pk],
                {"date": "2023-03-01", "text": f"ความก้าวหน้าพร้อมกันที่ {n}"},
            ),
            post(
                coordinators[3 * n + 2],
                "version-submit",
                [slug, 2561 + n],
                {"kind": "measures", "layout": "A"},
            ),
        ]
    outcome = at_once(requests)

    assert outcome.errors == []
    assert outcome.statuses == [302] * WRITERS
    new = Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).exclude(
        pk__in=[world.measure.pk, world.other_measure.pk]
    )
    assert sorted(m.title for m in new) == [f"มาตรการพร้อมกันที่ {n}" for n in range(5)]
    assert Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).count() == measures_before + 5
    assert sorted(
        Result.objects.filter(organisation=world.a, fiscal_year__lt=2565).values_list(
            "fiscal_year", flat=True
        )
    ) == [2559, 2560, 2561, 2562, 2563]
    assert sorted(
        ProgressEntry.objects.filter(measure=world.measure, text__contains="พร้อมกัน").values_list(
            "text", flat=True
        )
    ) == [f"ความก้าวหน้าพร้อมกันที่ {n}" for n in range(5)]
    assert sorted(
        DocumentVersion.objects.filter(organisation=world.a, kind="measures").values_list(
            "fiscal_year", flat=True
        )
    ) == [2561, 2562, 2563, 2564, 2565]
