"""Load test: `make serve`'s gunicorn on PostgreSQL, many people at once, over loopback only.

    python tools/with_postgres.py -- python -m bench.load [--users 100 --seconds 60]

Generates organisations, measures and progress (bench.web's COPY generator), one coordinator per simulated
person with a session made directly in the database (no password hashing in the way), and published reports
(one published through the real services, PDF and DOCX rendered by the writers; the others share its files).
Then starts the gunicorn command line `make serve` runs, and `--users` threads each loop for `--seconds`: pick a
page by weight, request it, wait a moment (a person reading), as a person at the office would. Prints, per page,
the requests, errors, p50 and p95, and checks that every progress report posted was stored (0 lost rows).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from bench.web import YEARS, generate, percentile

ROOT = Path(__file__).resolve().parent.parent
YEAR = YEARS[-1]
CSRF_SECRET = "b" * 32  # a valid CSRF secret: sent as the cookie and, unmasked, as the X-CSRFToken header
PROGRESS_TEXT = "รายงานจากการทดสอบภาระ"


@dataclass(frozen=True)
class Person:
    session: str
    slug: str
    measures: tuple[int, ...]


@dataclass
class Results:
    timings: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    posted: int = 0
    retried: int = 0  # GETs sent again after the server closed an idle kept-alive connection
    lock: threading.Lock = field(default_factory=threading.Lock)


def prepare(users: int, organisations: int, measures: int, progress: int) -> tuple[list[Person], list[str]]:
    """The data, the people's sessions and the published years; returns the people and the public slugs."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import AnonymousUser, User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from prongsai.web.organisations.models import Membership, Organisation
    from prongsai.web.programme.models import Measure
    from prongsai.web.publication.models import ApprovalStep, DocumentVersion, Publication
    from prongsai.web.publication.services import version_decide, version_publish, version_submit

    call_command("migrate", verbosity=0)
    generate(organisations, measures, progress)
    started = time.perf_counter()
    people = []
    chosen = list(Organisation.objects.order_by("id")[:users])
    for n, organisation in enumerate(chosen):
        user = User.objects.create_user(username=f"load-{n}")
        Membership.objects.create(user=user, organisation=organisation, role=Membership.COORDINATOR)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        ids = tuple(
            Measure.objects.filter(organisation=organisation, fiscal_year=YEAR).values_list("id", flat=True)[
                :20
            ]
        )
        people.append(Person(session.session_key or "", organisation.slug, ids))
    # One report published through the real chain; a share of the others publish the same files.
    first = chosen[0]
    approver_user = User.objects.create_user(username="load-approver")
    approver = Membership.objects.create(
        user=approver_user, organisation=first, role=Membership.APPROVER, position="ปลัด"
    )
    ApprovalStep.objects.create(organisation=first, order=1, approver=approver)
    version = version_submit(
        organisation=first, year=YEAR, kind="implementation", layout="A", user=AnonymousUser()
    )
    version_decide(version=version, user=approver_user, approve=True, opinion="อนุมัติ")
    published = version_publish(version=DocumentVersion.objects.get(pk=version.pk), user=AnonymousUser())
    public = [first.slug]
    for organisation in chosen[1 : max(2, users // 5)]:
        copy = DocumentVersion.objects.create(
            organisation=organisation,
            fiscal_year=YEAR,
            kind="implementation",
            number=1,
            content=version.content,
            content_hash=version.content_hash,
            status=DocumentVersion.APPROVED,
        )
        Publication.objects.create(version=copy, pdf=published.pdf.name, docx=published.docx.name)
        public.append(organisation.slug)
    print(
        f"prepared {len(people)} people with sessions, {len(public)} published years "
        f"in {time.perf_counter() - started:.1f} s",
        flush=True,
    )
    return people, public


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def make_serve_command(port: int, data_dir: Path) -> str:
    """The gunicorn line `make serve` ends with (its set-up steps are done by prepare and collectstatic)."""
    dry_run = subprocess.run(
        [
            "make",
            "-n",
            "-s",
            "serve",
            f"BIN={Path(sys.executable).parent}",
            f"DATA={data_dir}",
            f"PORT={port}",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return dry_run.stdout.strip().splitlines()[-1]


@contextlib.contextmanager
def serving(data_dir: Path) -> Iterator[int]:
    port = free_port()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, check=True
    )
    log_path = data_dir / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            ["bash", "-c", make_serve_command(port, data_dir)],
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{log_path.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not start:\n{log_path.read_text()}") from None
                time.sleep(0.2)
        yield port
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=60)
        log_text = log_path.read_text()
        workers = len(re.findall("Booting worker", log_text))
        print(f"make serve's gunicorn on 127.0.0.1:{port}: {workers} workers booted", flush=True)
        for line in log_text.splitlines():
            if re.search(r"TIMEOUT|CRITICAL|ERROR|Traceback", line):
                print(f"gunicorn: {line}")


def pages(person: Person, public: list[str], rng: random.Random) -> list[tuple[str, int, str, str]]:
    """(name, weight, method, address) of what a person does, in the proportions of a working day."""
    measure = rng.choice(person.measures)
    slug = rng.choice(public)
    return [
        ("organisation dashboard", 20, "GET", f"/o/{person.slug}/{YEAR}/"),
        ("measures list", 20, "GET", f"/o/{person.slug}/{YEAR}/measures/"),
        ("a measure", 20, "GET", f"/o/{person.slug}/measures/{measure}/"),
        ("progress report (POST)", 5, "POST", f"/o/{person.slug}/measures/{measure}/progress/"),
        ("public index /p/", 5, "GET", "/p/"),
        ("public organisation", 5, "GET", f"/p/{slug}/"),
        ("public year", 15, "GET", f"/p/{slug}/{YEAR}/"),
        ("published PDF", 10, "GET", f"/p/{slug}/{YEAR}/implementation-1.pdf"),
    ]


def person_loop(
    person: Person, public: list[str], port: int, until: float, think: float, seed: int, results: Results
) -> None:
    rng = random.Random(seed)
    cookies = f"sessionid={person.session}; csrftoken={CSRF_SECRET}"
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    time.sleep(rng.uniform(0, think))  # people do not all arrive in the same millisecond
    reused, last_answer = 0, time.monotonic()  # requests answered on this connection, and when the last was
    while time.monotonic() < until:
        choices = pages(person, public, rng)
        name, _, method, address = rng.choices(choices, weights=[c[1] for c in choices])[0]
        headers = {"Cookie": cookies}
        body = None
        if method == "POST":
            body = urllib.parse.urlencode({"date": f"{YEAR - 544}-12-15", "text": PROGRESS_TEXT})
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": CSRF_SECRET}
        if method == "POST" and time.monotonic() - last_answer > 1:
            connection.close()  # a POST is never retried, so it does not go out on a connection gone stale
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        started = time.perf_counter()
        try:
            try:
                connection.request(method, address, body=body, headers=headers)
                response = connection.getresponse()
            except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
                # The server closed the kept-alive connection while this person was reading: as browsers and
                # HTTP libraries do (RFC 9112, 9.3.1), a GET is sent again once on a new connection; counted.
                if method != "GET" or reused == 0:
                    raise
                with results.lock:
                    results.retried += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                reused = 0
                connection.request(method, address, body=body, headers=headers)
                response = connection.getresponse()
            content = response.read()
            reused += 1
            last_answer = time.monotonic()
            elapsed = (time.perf_counter() - started) * 1000
            expected = 302 if method == "POST" else 200
            problem = "" if response.status == expected else f"{response.status} {address}"
            if not problem and name == "published PDF" and not content.startswith(b"%PDF"):
                problem = f"not a PDF: {address}"
        except (OSError, http.client.HTTPException) as error:
            elapsed = (time.perf_counter() - started) * 1000
            problem = f"{type(error).__name__} {address}"
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            reused = 0
        with results.lock:
            results.timings[name].append(elapsed)
            if problem:
                results.errors[name].append(problem)
            elif method == "POST":
                results.posted += 1
        time.sleep(rng.uniform(0.5 * think, 1.5 * think))
    connection.close()


def run_load(people: list[Person], public: list[str], port: int, seconds: float, think: float) -> Results:
    results = Results()
    until = time.monotonic() + seconds
    threads = [
        threading.Thread(target=person_loop, args=(p, public, port, until, think, n, results), daemon=True)
        for n, p in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)  # bounded: a stuck request cannot hold the benchmark forever
    return results


def report(results: Results, seconds: float, users: int, stored: int) -> str:
    header = ["page (load)", "requests", "errors", "p50", "p95"]
    rows = []
    for name, timings in sorted(results.timings.items(), key=lambda item: -len(item[1])):
        rows.append(
            [
                name,
                str(len(timings)),
                str(len(results.errors[name])),
                f"{statistics.median(timings):.1f} ms",
                f"{percentile(timings, 0.95):.1f} ms",
            ]
        )
    everything = [t for timings in results.timings.values() for t in timings]
    errors = sum(len(e) for e in results.errors.values())
    rows.append(
        [
            f"all: {users} people, {seconds:.0f} s, {len(everything) / seconds:.0f} requests/s",
            str(len(everything)),
            str(errors),
            f"{statistics.median(everything):.1f} ms",
            f"{percentile(everything, 0.95):.1f} ms",
        ]
    )
    rows.append(
        [f"progress reports posted (with the warm-up) / stored: {results.posted} / {stored}", "", "", "", ""]
    )
    rows.append(
        [f"GETs sent again on a new connection (kept-alive one closed): {results.retried}", "", "", "", ""]
    )
    # The machine's own load: the clients share it with the server, and a busy machine slows every row.
    rows.append(
        [f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores at the end", "", "", "", ""]
    )
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for name, problems in results.errors.items():
        for problem in problems[:3]:
            lines.append(f"error in {name}: {problem}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load before the timed run")
    parser.add_argument(
        "--think", type=float, default=1.0, help="mean seconds a person reads between requests"
    )
    parser.add_argument("--organisations", type=int, default=1000)
    parser.add_argument("--measures", type=int, default=30_000)
    parser.add_argument("--progress", type=int, default=300_000)
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        print("load test skipped: it needs PostgreSQL (run it through tools/with_postgres.py)")
        return 0
    data_dir = Path(tempfile.mkdtemp(prefix="prongsai-load-"))
    # The server and this process share the data directory (published files) and the key (sessions).
    os.environ.update(
        PRONGSAI_DATA_DIR=str(data_dir),
        PRONGSAI_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_SETTINGS_MODULE="prongsai.web.settings",
        PRONGSAI_DEBUG="0",
    )
    os.environ.pop("PRONGSAI_HTTPS", None)
    import django

    django.setup()
    try:
        return load_test(args, data_dir)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


def load_test(args: argparse.Namespace, data_dir: Path) -> int:
    from prongsai.web.programme.models import ProgressEntry

    people, public = prepare(args.users, args.organisations, args.measures, args.progress)
    with serving(data_dir) as port:
        # A server that has been up a while: each worker's first requests (imports, caches) are not timed.
        warm = run_load(people, public, port, args.warmup, args.think)
        results = run_load(people, public, port, args.seconds, args.think)
    results.posted += warm.posted  # the rows check covers every post, the warm-up's too
    stored = ProgressEntry.objects.filter(text=PROGRESS_TEXT).count()
    print(report(results, args.seconds, len(people), stored))
    errors = sum(len(e) for e in results.errors.values())
    return 0 if errors == 0 and stored == results.posted else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
