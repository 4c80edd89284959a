"""Production: `make serve`'s own command line serves under gunicorn, and `check --deploy` is clean behind HTTPS.

Both run the application in subprocesses with the production environment (DEBUG off, a fresh data directory,
the test run's PostgreSQL when DATABASE_URL names one), as a province's server would.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("PRONGSAI_")}
    env.update(
        PYTHONPATH=str(ROOT / "src"),
        DJANGO_SETTINGS_MODULE="prongsai.web.settings",
        PYTHAINLP_READ_ONLY="1",
        PYTHAINLP_OFFLINE="1",
        PRONGSAI_DATA_DIR=str(data_dir),
        **extra,
    )
    return env


def manage(env: dict[str, str], *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_is_clean_behind_https(tmp_path: Path) -> None:
    result = manage(
        production_env(tmp_path, PRONGSAI_HTTPS="1"), "check", "--deploy", "--fail-level", "WARNING"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_what_plain_http_lacks(tmp_path: Path) -> None:
    # The same check without PRONGSAI_HTTPS: it is the setting that makes the difference, not a silenced check.
    result = manage(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr + result.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def make_serve_command(data_dir: Path, port: int) -> str:
    """The last line of `make serve` (the gunicorn it execs), with this test run's Python environment."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    dry_run = subprocess.run(
        ["make", "-n", "-s", "serve", f"BIN={Path(PYTHON).parent}", f"DATA={data_dir}", f"PORT={port}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    command = dry_run.stdout.strip().splitlines()[-1]
    assert "gunicorn" in command and "exec" in command, command
    return command


def test_make_serve_serves_pages_static_files_and_errors_under_gunicorn(tmp_path: Path) -> None:
    port = free_port()
    env = production_env(tmp_path, PRONGSAI_WORKERS="2", PRONGSAI_THREADS="2")
    for step in (("migrate", "--noinput", "-v", "0"), ("collectstatic", "--noinput", "-v", "0")):
        result = manage(env, *step)
        assert result.returncode == 0, result.stderr
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            ["bash", "-c", make_serve_command(tmp_path, port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log_path.read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                assert time.monotonic() < deadline, log_path.read_text()
                time.sleep(0.2)

        status, headers, body = get(base + "/")
        assert status == 200 and "โปร่งใส" in body.decode()
        assert headers["Server"].startswith("gunicorn")
        assert "script-src 'self'" in headers["Content-Security-Policy"]
        assert re.fullmatch(r"[0-9a-f]{32}", headers["X-Request-ID"])

        stylesheet = re.search(r'href="(/static/web/site\.[0-9a-f]{12}\.css)"', body.decode())
        assert stylesheet, "the page names the hashed stylesheet collectstatic made"
        status, headers, css = get(base + stylesheet.group(1), **{"Accept-Encoding": "gzip"})
        assert status == 200 and headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]
        assert headers.get("Content-Encoding") == "gzip"  # the compressed copy collectstatic wrote
        assert b"svg.bar rect" in gzip.decompress(css)

        status, headers, body = get(base + "/no-such-page/")
        assert status == 404 and "ไม่พบหน้านี้" in body.decode()
        assert "URLconf" not in body.decode()  # DEBUG is off: no technical page

        status, _, body = get(base + "/healthz")
        vendor = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
        assert status == 200 and f'"database": "{vendor}"' in body.decode()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    log_text = log_path.read_text()
    assert "Using worker: gthread" in log_text and log_text.count("Booting worker") == 2, log_text
    assert server.returncode == 0, log_text
