"""Production: `make serve`'s own command line serves under gunicorn, and `check --deploy` is clean behind HTTPS.

Both run the application in subprocesses with the production environment (DEBUG off, a fresh data directory,
the test run's PostgreSQL when DATABASE_URL names one), as a province's server would.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable


def production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    # A server's environment, not this test run's (which may carry PRONGSAI_ or Django test switches).
    passed_on = {"PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key in passed_on}
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
    assert "demo_data" not in dry_run.stdout  # a production server starts without the demo organisations
    command = dry_run.stdout.strip().splitlines()[-1]
    assert "gunicorn" in command and "exec" in command, command
    return command


@contextlib.contextmanager
def make_serve(data_dir: Path, **extra_env: str) -> Iterator[str]:
    """`make serve`'s gunicorn on a free loopback port, its data migrated and collected; yields its address."""
    port = free_port()
    env = production_env(data_dir, PRONGSAI_WORKERS="2", PRONGSAI_THREADS="2", **extra_env)
    for step in (("migrate", "--noinput", "-v", "0"), ("collectstatic", "--noinput", "-v", "0")):
        result = manage(env, *step)
        assert result.returncode == 0, result.stderr
    log_path = data_dir / "gunicorn.log"
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            ["bash", "-c", make_serve_command(data_dir, port)],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        wait_for_port(port, server, log_path)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    log_text = log_path.read_text()
    assert "Using worker: gthread" in log_text and log_text.count("Booting worker") == 2, log_text
    assert server.returncode == 0, log_text


def wait_for_port(port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        assert process.poll() is None, log_path.read_text()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)


def test_make_serve_serves_pages_static_files_and_errors_under_gunicorn(tmp_path: Path) -> None:
    with make_serve(tmp_path) as base:
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


def test_behind_the_example_caddy_configuration_over_https(tmp_path: Path) -> None:
    """deploy/Caddyfile as shipped, with this machine's names: HTTPS at the proxy, PRONGSAI_HTTPS=1 behind it."""
    caddy = shutil.which("caddy")
    if caddy is None:
        if os.environ.get("PRONGSAI_REQUIRE_BROWSER"):  # `make test`: every tool installed
            pytest.fail("Caddy is not installed (make test installs the Debian package 'caddy')")
        pytest.skip("Caddy is not installed")
    https_port = free_port()
    with make_serve(tmp_path / "data", PRONGSAI_HTTPS="1") as base:
        shipped = (ROOT / "deploy" / "Caddyfile").read_text()
        assert "ita.example.go.th {" in shipped and "reverse_proxy 127.0.0.1:8000 {" in shipped
        config = (
            "{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n}\n"
            + shipped.replace("ita.example.go.th {", f"https://localhost:{https_port} {{\n\ttls internal")
            .replace("127.0.0.1:8000", base.removeprefix("http://"))
            .replace("output file /var/log/caddy/prongsai.log", f"output file {tmp_path / 'caddy.log'}")
        )
        (tmp_path / "Caddyfile").write_text(config)
        caddy_env = dict(
            os.environ, HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path)
        )
        log_path = tmp_path / "caddy.out"
        with log_path.open("wb") as log:
            proxy = subprocess.Popen(
                [caddy, "run", "--adapter", "caddyfile", "--config", str(tmp_path / "Caddyfile")],
                env=caddy_env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            wait_for_port(https_port, proxy, log_path)
            insecure = ssl.create_default_context()  # Caddy's own authority, made for this test
            insecure.check_hostname, insecure.verify_mode = False, ssl.CERT_NONE
            opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=insecure))
            with opener.open(f"https://localhost:{https_port}/accounts/login/", timeout=30) as response:
                assert response.status == 200 and response.url.startswith("https://")  # no redirect loop
                headers = response.headers
                assert "เข้าสู่ระบบ" in response.read().decode()
            assert headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
            # Caddy's request id (a UUID) is the one the application logs and returns.
            assert re.fullmatch(r"[0-9a-f-]{36}", headers["X-Request-ID"])
            csrf_cookie = next(c for c in headers.get_all("Set-Cookie") if c.startswith("csrftoken="))
            assert "Secure" in csrf_cookie
            # Plain HTTP straight to gunicorn is sent to HTTPS: the proxy's header is what says HTTPS.
            plain = urllib.request.build_opener(NoRedirect).open  # type: ignore[arg-type]
            try:
                plain(base + "/accounts/login/", timeout=30)
                raise AssertionError("plain HTTP was served")
            except urllib.error.HTTPError as redirect:
                assert redirect.code == 301 and redirect.headers["Location"].startswith("https://")
            status, _, _ = get(base + "/healthz")  # a monitor on the machine may ask over plain HTTP
            assert status == 200
        finally:
            os.killpg(proxy.pid, signal.SIGTERM)
            proxy.wait(timeout=30)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None
