"""National-scale data on PostgreSQL, and the server time of the pages an organisation uses most.

    python tools/with_postgres.py -- python -m bench.web [--organisations 8000 --measures 300000 --progress 3000000]

Generates the data with COPY, then requests the organisation dashboard and the measures list of sampled
organisations through Django's test client as their coordinator, and prints p50/p95 with the query count,
beside a baseline measured in the same run: the health check, one trivial query through the same stack.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import json
import os
import random
import statistics
import sys
import time
from typing import Any

YEARS = (2566, 2567, 2568)
STATUSES = ("unknown", "in_progress", "completed", "completed", "not_possible")
UNIT_NAMES = ("สำนักปลัด", "กองคลัง", "กองช่าง", "กองการศึกษา", "กองสาธารณสุขและสิ่งแวดล้อม")
RESULT_YEARS = range(2563, 2569)  # six assessed years of results for every organisation
TARGET_P95_MS = 50.0  # an organisation's pages
OVERVIEW_TARGET_P95_MS = 100.0  # the overseers' pages, over the whole country


def copy_rows(cursor: object, table: str, columns: str, rows: io.StringIO) -> None:
    """The rows written to `rows` (tab-separated) into `table` by PostgreSQL's COPY."""
    rows.seek(0)
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        while chunk := rows.read(1 << 20):
            copy.write(chunk)


def copy_organisations(cursor: object, organisations: int) -> None:
    """Organisations 1 … `organisations`, "org-<n>", spread over the country's provinces."""
    from prongsai.demo.national import PROVINCES

    buffer = io.StringIO()
    for n in range(1, organisations + 1):
        province = PROVINCES[n % len(PROVINCES)]
        buffer.write(f"{n}\tองค์การบริหารส่วนตำบลที่ {n}\tอบต.\tอำเภอ {n % 11}\t{province}\torg-{n}\t\t\t\n")
    copy_rows(
        cursor,
        "organisations_organisation",
        "id, name, type, district, province, slug, emblem, code, register_prefix",
        buffer,
    )


def generate(organisations: int, measures: int, progress: int, seed: int = 7) -> None:
    from django.db import connection

    rng = random.Random(seed)
    started = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor  # psycopg's own cursor, for COPY
        copy_organisations(cursor, organisations)
        buffer = io.StringIO()
        for n in range(1, organisations + 1):
            for year in RESULT_YEARS:
                scores = [rng.uniform(50, 100) for _ in range(10)]
                total = 0.3 * sum(scores[:5]) / 5 + 0.3 * sum(scores[5:8]) / 3 + 0.4 * sum(scores[8:]) / 2
                indicators = json.dumps({str(k): f"{v:.2f}" for k, v in enumerate(scores, 1)})
                buffer.write(f"{n}\t{year}\t{total:.2f}\t\t{indicators}\tbench\n")
        copy_rows(
            cursor,
            "oversight_publishedresult",
            "organisation_id, fiscal_year, total, grade, indicators, source",
            buffer,
        )
        buffer = io.StringIO()
        for n in range(1, organisations + 1):
            for u, name in enumerate(UNIT_NAMES):
                buffer.write(f"{(n - 1) * len(UNIT_NAMES) + u + 1}\t{n}\t{name}\n")
        copy_rows(cursor, "organisations_unit", "id, organisation_id, name", buffer)
        per_org = measures // organisations
        buffer, links = io.StringIO(), io.StringIO()
        measure_id = 0
        for n in range(1, organisations + 1):
            for k in range(per_org + (1 if n <= measures % organisations else 0)):
                measure_id += 1
                year = YEARS[k % len(YEARS)]
                ce = year - 543
                end = dt.date(ce, rng.randrange(1, 10), 28)
                status = rng.choice(STATUSES)
                buffer.write(
                    f"{measure_id}\t{n}\t{year}\t{k + 1}\turgent\t\tIIT\t{k % 10 + 1}\t[]\t\t"
                    f'มาตรการที่ {k + 1} ของหน่วยงาน {n}\t["ขั้นตอนที่ ๑", "ขั้นตอนที่ ๒"]\t\t'
                    f"{dt.date(ce - 1, 10, 1)}\t{end}\t{status}\t\t\t\t1\t2025-01-01 00:00:00+00\n"
                )
                first_unit = (n - 1) * len(UNIT_NAMES) + 1
                for unit in rng.sample(range(first_unit, first_unit + len(UNIT_NAMES)), 2):
                    links.write(f"{measure_id}\t{unit}\n")
        copy_rows(
            cursor,
            "programme_measure",
            'id, organisation_id, fiscal_year, number, "group", theme, tool, indicator, questions, issue, title, '
            'steps, timeframe_text, start, "end", status, not_possible_reason, summary, suggestions, version, '
            "updated_at",
            buffer,
        )
        copy_rows(cursor, "programme_measure_units", "measure_id, unit_id", links)
        total_measures = measure_id
        buffer = io.StringIO()
        for n in range(1, progress + 1):
            measure = (n - 1) % total_measures + 1
            buffer.write(
                f"{measure}\t2023-0{n % 9 + 1}-15\tรายงานความก้าวหน้าครั้งที่ {n}\t2025-01-01 00:00:00+00\n"
            )
            if n % 500_000 == 0:
                copy_rows(cursor, "programme_progressentry", "measure_id, date, text, created_at", buffer)
                buffer = io.StringIO()
        copy_rows(cursor, "programme_progressentry", "measure_id, date, text, created_at", buffer)
        for table in ("organisations_organisation", "organisations_unit", "programme_measure"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    print(
        f"generated {organisations:,} organisations, {total_measures:,} measures, {progress:,} progress entries "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def measure_pages(samples: int) -> list[tuple[str, int, float, float, int]]:
    from django.contrib.auth.models import User
    from django.test import Client

    from prongsai.web.organisations.models import Membership, Organisation

    rng = random.Random(11)
    ids = list(Organisation.objects.values_list("id", flat=True))
    chosen = rng.sample(ids, min(samples, len(ids)))
    coordinator = User.objects.create_user(username="bench-coordinator", password="bench-password")
    Membership.objects.bulk_create(
        Membership(user=coordinator, organisation_id=i, role="coordinator") for i in chosen
    )
    client = Client()
    client.force_login(coordinator)
    slugs = dict(Organisation.objects.filter(id__in=chosen).values_list("id", "slug"))
    pages = {
        "health check (baseline)": lambda i: "/healthz",
        "organisation dashboard": lambda i: f"/o/{slugs[i]}/{YEARS[-1]}/",
        "measures list": lambda i: f"/o/{slugs[i]}/{YEARS[-1]}/measures/",
    }
    return [time_page(client, name, [address(i) for i in chosen]) for name, address in pages.items()]


def time_page(client: Any, name: str, addresses: list[str]) -> tuple[str, int, float, float, int]:
    """GET each address once (after one to warm up): the page's p50, p95 and most queries in one request."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(addresses[0])
    timings, queries = [], set()
    for address in addresses:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(address)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (address, response.status_code)
        queries.add(len(captured))
    return name, len(addresses), statistics.median(timings), percentile(timings, 0.95), max(queries)


def measure_overview(samples: int) -> list[tuple[str, int, float, float, int]]:
    """The overseers' pages as a national overseer: the country, sampled provinces and districts."""
    from django.contrib.auth.models import User
    from django.test import Client
    from django.urls import reverse

    from prongsai.web.organisations.models import Organisation, OverseerScope
    from prongsai.web.oversight.services import refresh_overview

    started = time.perf_counter()
    rows_made = refresh_overview()
    print(f"overview rows rebuilt: {rows_made:,} in {time.perf_counter() - started:.1f} s", flush=True)
    national = User.objects.create_user(username="bench-national", password="bench-password")
    OverseerScope.objects.create(user=national, province="")
    client = Client()
    client.force_login(national)
    rng = random.Random(13)
    places = sorted(set(Organisation.objects.values_list("province", "district")))
    chosen = [rng.choice(places) for _ in range(samples)]
    pages = {
        "overview: the country": lambda p: reverse("overview"),
        "overview: a province": lambda p: reverse("overview-province", kwargs={"province": p[0]}),
        "overview: a district": lambda p: reverse(
            "overview-district", kwargs={"province": p[0], "district": p[1]}
        ),
    }
    return [
        time_page(
            client,
            name,
            [address(p) for p in (chosen[: max(20, samples // 4)] if name.endswith("country") else chosen)],
        )
        for name, address in pages.items()
    ]


def measure_api(samples: int) -> list[tuple[str, int, float, float, int]]:
    """The API's measure lists with a national overseer's token: the country's 300,000 measures a page of 100 at
    a time (the first pages, then pages deep in the list, reached by their `next` address), filtered by province
    and status, and one organisation's year as its coordinator's token reads it."""
    from django.conf import settings
    from django.contrib.auth.models import User
    from django.test import Client

    from prongsai.web.api.tokens import token_create
    from prongsai.web.organisations.models import Membership, Organisation, OverseerScope
    from prongsai.web.programme.models import Measure

    settings.PRONGSAI_API_RATE = (
        "1000000/m"  # the throttle still runs (its cache look-up is timed), never refuses
    )
    national = User.objects.create_user(username="bench-api-national", password="bench-password")
    OverseerScope.objects.create(user=national, province="")
    _, text = token_create(user=national, name="bench", scope="read")
    client = Client(headers={"Authorization": f"Bearer {text}"})
    rng = random.Random(17)
    top = Measure.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    first_pages, address = [], "/api/v1/measures?limit=100"
    while len(first_pages) < samples:
        first_pages.append(address)
        page = json.loads(client.get(address).content)
        if not page["next"]:
            break
        address = page["next"].removeprefix("http://testserver")
    deep = [f"/api/v1/measures?limit=100&after={rng.randrange(top)}" for _ in range(samples)]
    provinces = sorted(set(Organisation.objects.values_list("province", flat=True)))
    filtered = [
        f"/api/v1/measures?limit=100&province={rng.choice(provinces)}&status=completed&year={YEARS[-1]}"
        for _ in range(samples)
    ]
    ids = list(Organisation.objects.values_list("id", flat=True))
    chosen = rng.sample(ids, min(samples, len(ids)))
    coordinator = User.objects.create_user(username="bench-api-coordinator", password="bench-password")
    Membership.objects.bulk_create(
        Membership(user=coordinator, organisation_id=i, role="coordinator") for i in chosen
    )
    _, own = token_create(user=coordinator, name="bench", scope="read")
    slugs = dict(Organisation.objects.filter(id__in=chosen).values_list("id", "slug"))
    return [
        time_page(client, "API: country's measures, first pages", first_pages),
        time_page(client, "API: country's measures, deep pages", deep),
        time_page(client, "API: province + status + year", filtered),
        time_page(
            Client(headers={"Authorization": f"Bearer {own}"}),
            "API: an organisation's year",
            [f"/api/v1/organisations/{slugs[i]}/measures?year={YEARS[-1]}&limit=100" for i in chosen],
        ),
    ]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=8300)
    parser.add_argument("--measures", type=int, default=300_000)
    parser.add_argument("--progress", type=int, default=3_000_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("web benchmark skipped: it needs PostgreSQL (run it through tools/with_postgres.py)")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings")
    os.environ.setdefault("PRONGSAI_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host, and query capture
    from django.conf import settings

    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    generate(args.organisations, args.measures, args.progress)
    rows = measure_pages(args.samples) + measure_overview(args.samples) + measure_api(args.samples)
    baseline = rows[0][3]
    header = [
        "page",
        "requests",
        "p50",
        "p95",
        "queries",
        "p95 ÷ baseline p95",
        "target p95",
    ]
    table = [
        [
            name,
            str(n),
            f"{p50:.1f} ms",
            f"{p95:.1f} ms",
            str(q),
            f"{p95 / baseline:.1f}×",
            ""
            if name.endswith("(baseline)")
            else f"{target(name):.0f} ms " + ("ok" if p95 <= target(name) else "OVER"),
        ]
        for name, n, p50, p95, q in rows
    ]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *table]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return 0


def target(page: str) -> float:
    return OVERVIEW_TARGET_P95_MS if page.startswith("overview") else TARGET_P95_MS


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
