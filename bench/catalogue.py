"""The catalogue of measures at national scale on PostgreSQL: search and suggestions.

    python tools/with_postgres.py -- python -m bench.catalogue [--entries 300000 --organisations 8300]

Generates organisations, the NACC's published indicator scores of six years (for the effect figures), and
300,000 catalogue entries with COPY. Their texts are a few thousand distinct measures built from the measures
of the demo reports (near-duplicates, as real catalogues are: the same text copied by many organisations), each
tokenised once by the same core function the services use. Then, as a coordinator: searches for words of those
texts (some with a question or year filter) through the search page, and the analysis page of organisations
whose result has ten weaknesses, with the suggestions alone timed as well. p50/p95, query counts, targets.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from typing import Any

from bench.web import RESULT_YEARS, copy_organisations, copy_rows

SEARCH_TARGET_P95_MS = 100.0
SUGGESTIONS_TARGET_MS = 100.0
ENTRY_YEARS = (2565, 2566, 2567, 2568)
ADDITIONS = (
    "",
    "ประจำปีงบประมาณ",
    "ผ่านเว็บไซต์ของหน่วยงาน",
    "ให้บุคลากรทุกคนทราบ",
    "และรายงานผู้บริหาร",
    "ทุกไตรมาส",
    "อย่างต่อเนื่อง",
    "โดยกองคลัง",
    "โดยสำนักปลัด",
    "ร่วมกับประชาชนในพื้นที่",
    "ผ่านเฟซบุ๊กและไลน์",
    "ตามระเบียบกระทรวงมหาดไทย",
    "พร้อมติดตามผล",
    "ในที่ประชุมประจำเดือน",
    "และประกาศที่บอร์ด",
)


def _indexes() -> list[str]:
    from importlib import import_module

    return list(import_module("prongsai.web.catalogue.migrations.0002_catalogue_search_index").POSTGRESQL)


def _clean(text: str) -> str:
    return " ".join(text.split()).replace("\\", "")


def distinct_texts(rng: random.Random) -> list[dict[str, Any]]:
    """Measures of the demo reports, each varied with the phrases organisations add: ~3,000 distinct texts."""
    from importlib import resources

    from prongsai.core.catalogue import duplicate_key
    from prongsai.ingest import read_document_bytes
    from prongsai.web.catalogue.sync import entry_terms
    from prongsai.web.frameworks import framework_for_year, registry

    framework = framework_for_year(2566)
    questions_of: dict[int, list[str]] = {}
    for question in framework.questions:
        questions_of.setdefault(question.indicator, []).append(question.code)
    seeds = []
    for report in resources.files("prongsai.demo").joinpath("reports").iterdir():
        if report.name.endswith(".txt"):
            document = read_document_bytes(report.read_bytes(), report.name, registry())
            seeds += [m for m in document.measures if m.indicator]
    texts = []
    for seed in seeds:
        for first in ADDITIONS:
            for second in rng.sample(ADDITIONS, 10):
                if first == second and first:
                    continue
                title = _clean(f"{seed.measure} {first} {second}")
                indicator = seed.indicator.number if seed.indicator else 1
                codes = list(seed.questions) or rng.sample(questions_of.get(indicator, ["i1"]), 1)
                texts.append(
                    {
                        "title": title,
                        "steps": [_clean(s) for s in seed.steps][:5],
                        "tool": seed.tool or "",
                        "indicator": indicator,
                        "questions": codes,
                        "terms": entry_terms(title, seed.steps, codes, indicator),
                        "key": duplicate_key(title),
                    }
                )
    return texts


def generate(organisations: int, entries: int, seed: int = 16) -> list[str]:
    """Returns the distinct texts' words, for the search sample."""
    from django.db import connection

    from prongsai.demo.national import PROVINCES

    rng = random.Random(seed)
    started = time.perf_counter()
    texts = distinct_texts(rng)
    indexes = _indexes()
    print(f"{len(texts):,} distinct texts tokenised in {time.perf_counter() - started:.1f} s", flush=True)
    started = time.perf_counter()
    with connection.cursor() as django_cursor:
        cursor = django_cursor.cursor
        copy_organisations(cursor, organisations)
        buffer = io.StringIO()
        for n in range(1, organisations + 1):
            for year in RESULT_YEARS:
                scores = {str(k): f"{rng.uniform(50, 100):.2f}" for k in range(1, 11)}
                buffer.write(f"{n}\t{year}\t75.00\t\t{json.dumps(scores)}\tbench\n")
        copy_rows(
            cursor,
            "oversight_publishedresult",
            "organisation_id, fiscal_year, total, grade, indicators, source",
            buffer,
        )
        # a few thousand texts very often copied, most seldom: a power law of reuse
        weights = [1 / (rank + 1) ** 0.8 for rank in range(len(texts))]
        chosen = rng.choices(range(len(texts)), weights=weights, k=entries)
        buffer = io.StringIO()
        for entry_id, index in enumerate(chosen, start=1):
            text = texts[index]
            organisation = rng.randrange(1, organisations + 1)
            year = rng.choice(ENTRY_YEARS)
            public = "t" if rng.random() < 0.9 else "f"
            status = rng.choice(("completed", "completed", "not_possible", "in_progress", "unknown"))
            buffer.write(
                f"{entry_id}\tmeasure\t{organisation}\tองค์การบริหารส่วนตำบลที่ {organisation}\tอบต.\t"
                f"{PROVINCES[organisation % len(PROVINCES)]}\t{year}\t{text['title']}\t"
                f"{json.dumps(text['steps'], ensure_ascii=False)}\t{text['tool']}\t{text['indicator']}\t"
                f"{json.dumps(text['questions'])}\t{status}\tbench {organisation} {year}\t{public}\t"
                f"{text['terms']}\t{text['key']}\tf\t0\n"
            )
        for index in indexes:  # built once after the COPY: much faster
            cursor.execute(f"DROP INDEX {index.split()[2]}")
        copy_rows(
            cursor,
            "catalogue_catalogueentry",
            "id, origin, organisation_id, organisation_name, organisation_type, province, fiscal_year, title, "
            "steps, tool, indicator, questions, status, source, public, search_terms, duplicate_key, group_head, "
            "group_size",
            buffer,
        )
        cursor.execute(
            "UPDATE catalogue_catalogueentry e SET group_head = true, group_size = g.size FROM ("
            "SELECT max(id) AS head, count(*) AS size FROM catalogue_catalogueentry WHERE public "
            "GROUP BY duplicate_key) g WHERE e.id = g.head"
        )
        for index in indexes:
            cursor.execute(index)
        for table in ("organisations_organisation", "catalogue_catalogueentry"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute("ANALYZE")
    print(
        f"generated {organisations:,} organisations, {entries:,} catalogue entries "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    from prongsai.core.catalogue import code_terms, content_words

    codes = {c for t in texts for c in code_terms(t["questions"], t["indicator"])}
    return sorted({w for t in texts for w in content_words(t["terms"]) if len(w) > 2} - codes)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timed(client: Any, addresses: list[str]) -> tuple[list[float], int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(addresses[0])
    timings, most = [], 0
    for address in addresses:
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(address)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (address, response.status_code)
        most = max(most, len(captured))
    return timings, most


def measure(words: list[str], samples: int) -> list[tuple[str, int, float, float, int, float]]:
    from urllib.parse import urlencode

    from django.contrib.auth.models import User
    from django.test import Client

    from prongsai.core.analysis import analyse
    from prongsai.web.access import catalogue_for_user
    from prongsai.web.catalogue.queries import suggestions
    from prongsai.web.organisations.models import Membership, Organisation
    from prongsai.web.programme.models import Result
    from prongsai.web.programme.services import result_analysis

    rng = random.Random(17)
    coordinator = User.objects.create_user(username="bench-coordinator", password="bench-password")
    organisations = Organisation.objects.count()
    chosen = rng.sample(range(1, organisations + 1), min(samples, 50, organisations))
    Membership.objects.bulk_create(
        Membership(user=coordinator, organisation_id=i, role="coordinator") for i in chosen
    )
    # ten weak indicators: every score under 85; the result the year 2568 answers
    Result.objects.bulk_create(
        Result(
            organisation_id=i,
            fiscal_year=2567,
            framework_version=2567,
            scores={str(k): f"{rng.uniform(40, 84):.2f}" for k in range(1, 11)},
            total=Decimal(70),
            grade="",
        )
        for i in chosen
    )
    client = Client()
    client.force_login(coordinator)
    rows = []
    health, _ = timed(client, ["/healthz"] * samples)
    rows.append(
        ("health check (baseline)", samples, statistics.median(health), percentile(health, 0.95), 1, 0.0)
    )
    queries = []
    for n in range(samples):
        query: dict[str, str] = {"q": " ".join(rng.sample(words, 1 if n % 3 else 2))}
        if n % 4 == 1:
            query["year"] = str(rng.choice(ENTRY_YEARS))
        if n % 5 == 2:
            query["indicator"] = str(rng.randrange(1, 11))
        queries.append("/catalogue/?" + urlencode(query))
    search, search_queries = timed(client, queries)
    rows.append(
        (
            "catalogue search page",
            samples,
            statistics.median(search),
            percentile(search, 0.95),
            search_queries,
            SEARCH_TARGET_P95_MS,
        )
    )
    analysis_pages = [f"/o/org-{i}/2568/analysis/" for i in chosen]
    pages, page_queries = timed(client, analysis_pages * max(1, samples // len(chosen)))
    rows.append(
        (
            "analysis page, 10 weaknesses",
            len(pages),
            statistics.median(pages),
            percentile(pages, 0.95),
            page_queries,
            0.0,
        )
    )
    entries = catalogue_for_user(coordinator)
    suggestion_timings = []
    for organisation_id in chosen:
        weaknesses = list(
            analyse(
                result_analysis(Result.objects.get(organisation_id=organisation_id, fiscal_year=2567))[0]
            ).urgent
        )
        assert len(weaknesses) >= 10, len(weaknesses)
        started = time.perf_counter()
        found = suggestions(entries, weaknesses[:10], organisation_id=organisation_id, fiscal_year=2568)
        suggestion_timings.append((time.perf_counter() - started) * 1000)
        assert all(w.found for w in found)
    rows.append(
        (
            "suggestions for 10 weaknesses",
            len(suggestion_timings),
            statistics.median(suggestion_timings),
            percentile(suggestion_timings, 0.95),
            0,
            SUGGESTIONS_TARGET_MS,
        )
    )
    return rows


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--organisations", type=int, default=8300)
    parser.add_argument("--entries", type=int, default=300_000)
    parser.add_argument("--samples", type=int, default=200)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("catalogue benchmark skipped: it needs PostgreSQL (run it through tools/with_postgres.py)")
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings")
    os.environ.setdefault("PRONGSAI_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    call_command("migrate", verbosity=0)
    words = generate(args.organisations, args.entries)
    rows = measure(words, args.samples)
    header = ["catalogue (PostgreSQL)", "runs", "p50", "p95", "queries", "target"]
    table = [
        [
            name,
            str(n),
            f"{p50:.1f} ms",
            f"{p95:.1f} ms",
            str(q) if q else "",
            f"p95 ≤ {target:.0f} ms " + ("ok" if p95 <= target else "OVER") if target else "",
        ]
        for name, n, p50, p95, q, target in rows
    ]
    widths = [max(len(r[i]) for r in [header, *table]) for i in range(len(header))]
    for row in [header, ["-" * w for w in widths], *table]:
        print("  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
