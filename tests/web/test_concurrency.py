"""Many people writing at the same moment, through the real pages, on a real database (a file on SQLite).

Each test starts its threads together at a barrier; each thread has its own connection, as each request of a
threaded or multi-process server has. The oracle is the database itself: every accepted write is a row.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse

from prongsai.web.programme.models import Measure, ProgressEntry, Result
from prongsai.web.publication.models import DocumentVersion
from tests.ingest.conftest import seed_text
from tests.ingest.conversions import to_docx
from tests.web.conftest import YEAR, World
from tests.web.test_programme import form_token

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
                {
                    "group": "urgent",
                    "title": f"มาตรการพร้อมกันที่ {n}",
                    "steps": "ขั้นแรก",
                    "units": [world.finance.pk],
                },
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


# --- a double click never duplicates; parallel new measures never share a number ------------------------------


def test_ten_new_measures_at_once_get_ten_different_numbers(world: World) -> None:
    clients = [world.client("coordinator") for _ in range(10)]
    outcome = at_once(
        [
            post(
                client,
                "measure-new",
                [world.a.slug, YEAR],
                {"group": "urgent", "title": f"มาตรการ {n}", "units": [world.finance.pk]},
            )
            for n, client in enumerate(clients)
        ]
    )
    assert outcome.errors == [] and outcome.statuses == [302] * 10
    numbers = Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).values_list("number", flat=True)
    assert sorted(numbers) == list(range(1, 13))  # the two of the fixture, then 3 … 12, none twice


def same_session(client: Client, copies: int) -> list[Client]:
    """The same person's browser sending one form several times (a double click, a resent request)."""
    twins = []
    for _ in range(copies):
        twin = Client()
        twin.cookies = client.cookies
        twins.append(twin)
    return twins


def test_the_import_confirmation_sent_five_times_at_once_imports_once(world: World) -> None:
    client = world.client("coordinator")
    slug = world.a.slug
    upload = SimpleUploadedFile("รายงาน.docx", to_docx(seed_text("seed002")))
    review = client.post(reverse("measures-import", args=[slug, YEAR]), {"file": upload})
    form = {
        "token": form_token(review.content.decode()),
        "m0-keep": "1",
        "m0-title": "มาตรการจัดซื้อจัดจ้างโปร่งใส",
        "m0-units": "กองคลัง",
        "m0-progress": "ทำแล้ว",
        "m1-keep": "1",
        "m1-title": "มาตรการป้องกันการรับสินบน",
        "m1-progress": "",
    }
    address = reverse("measures-import-save", args=[slug, YEAR])
    pages: list[str] = []

    def confirm(twin: Client) -> int:
        response = twin.post(address, form, follow=True)
        pages.append(response.content.decode())
        return response.status_code

    outcome = at_once([lambda twin=twin: confirm(twin) for twin in same_session(client, 5)])

    assert outcome.errors == [] and outcome.statuses == [200] * 5
    titles = Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).values_list("title", flat=True)
    assert sorted(titles) == sorted(
        [world.measure.title, world.other_measure.title, "มาตรการจัดซื้อจัดจ้างโปร่งใส", "มาตรการป้องกันการรับสินบน"]
    )
    assert ProgressEntry.objects.filter(text="ทำแล้ว").count() == 1
    assert sum("บันทึกมาตรการที่นำเข้า 2 รายการแล้ว" in page for page in pages) == 1
    assert sum("บันทึกมาตรการจากเอกสารนี้ไปแล้ว" in page for page in pages) == 4


def test_copy_from_last_year_sent_five_times_at_once_copies_once(world: World) -> None:
    client = world.client("coordinator")
    slug = world.a.slug
    page = client.get(reverse("measures", args=[slug, YEAR + 1])).content.decode()
    token = form_token(page)
    outcome = at_once(
        [post(twin, "measures-copy", [slug, YEAR + 1], {"token": token}) for twin in same_session(client, 5)]
    )
    assert outcome.errors == [] and outcome.statuses == [302] * 5
    copies = Measure.objects.filter(organisation=world.a, fiscal_year=YEAR + 1).order_by("number")
    assert [(m.number, m.title) for m in copies] == [
        (1, world.measure.title),
        (2, world.other_measure.title),
    ]
    # the same form once more, later: nothing copied, and the page says why
    again = client.post(reverse("measures-copy", args=[slug, YEAR + 1]), {"token": token}, follow=True)
    assert "คัดลอกมาตรการจากปี 2566 ไปแล้ว" in again.content.decode()
    assert copies.count() == 2
    # a fresh form (the coordinator asks again on purpose) copies again, numbered after the first copies
    fresh = form_token(client.get(reverse("measures", args=[slug, YEAR + 1])).content.decode())
    client.post(reverse("measures-copy", args=[slug, YEAR + 1]), {"token": fresh})
    assert list(copies.values_list("number", flat=True)) == [1, 2, 3, 4]


def test_a_copy_without_its_form_token_copies_nothing(world: World) -> None:
    client = world.client("coordinator")
    response = client.post(reverse("measures-copy", args=[world.a.slug, YEAR + 1]), follow=True)
    assert "แบบฟอร์มไม่สมบูรณ์" in response.content.decode()
    assert not Measure.objects.filter(organisation=world.a, fiscal_year=YEAR + 1).exists()


def test_the_migration_renumbers_numbers_given_twice_before_making_them_unique() -> None:
    # Back to before the numbering's migration, with the organisations as they were then (later migrations
    # give them columns the old model does not fill).
    before, after = (
        [("programme", "0001_initial"), ("organisations", "0002_emblem")],
        [("programme", "0002_measure_number_unique_and_one_time_tokens")],
    )
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    organisation = old.get_model("organisations", "Organisation").objects.create(
        name="อบต.เดิม", type="อบต.", province="น่าน", slug="doem"
    )
    measure = old.get_model("programme", "Measure")
    made = [
        measure.objects.create(organisation=organisation, fiscal_year=2566, number=n, title=f"ที่ {k}").pk
        for k, n in enumerate([1, 2, 2, 3, 3, 1])
    ]
    measure.objects.create(organisation=organisation, fiscal_year=2567, number=1, title="ปีถัดไป")
    executor = MigrationExecutor(connection)  # the graph as migrated so far
    executor.migrate(after)
    numbers = dict(Measure.objects.filter(pk__in=made).values_list("pk", "number"))
    # the first of each number keeps it; the later ones go to the end of the year's list, in their order
    assert [numbers[pk] for pk in made] == [1, 2, 4, 3, 5, 6]
    assert Measure.objects.get(fiscal_year=2567).number == 1
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_a_submission_sent_five_times_at_once_makes_one_version(world: World) -> None:
    client = world.client("coordinator")
    slug = world.a.slug
    pages: list[str] = []

    def submit(twin: Client) -> int:
        address = reverse("version-submit", args=[slug, YEAR])
        response = twin.post(address, {"kind": "measures", "layout": "A"}, follow=True)
        pages.append(response.content.decode())
        return response.status_code

    outcome = at_once([lambda twin=twin: submit(twin) for twin in same_session(client, 5)])
    assert outcome.errors == [] and outcome.statuses == [200] * 5
    assert (
        DocumentVersion.objects.filter(organisation=world.a, fiscal_year=YEAR, kind="measures").count() == 1
    )
    assert sum("เพื่อขออนุมัติแล้ว" in page for page in pages) == 1
    assert sum("ฉบับนี้ส่งไปแล้วและเนื้อหายังไม่เปลี่ยน" in page for page in pages) == 4
