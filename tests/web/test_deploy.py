"""The deployment examples in deploy/: systemd accepts the units, the settings file names only settings the
application reads, and the cron line for the reminders runs with it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.web.test_production import ROOT, manage, production_env

DEPLOY = ROOT / "deploy"
VENV_BIN = Path(sys.executable).parent


def installed_copy(text: str, env_file: Path) -> str:
    """A deploy file as it would read on a server where the clone is this one and the venv this test's."""
    return (
        text.replace("/opt/prongsai/.venv/bin", str(VENV_BIN))
        .replace("/opt/prongsai", str(ROOT))
        .replace("/etc/prongsai/prongsai.env", str(env_file))
    )


@pytest.mark.parametrize("unit", ["prongsai.service", "prongsai-worker.service"])
def test_systemd_accepts_the_units(tmp_path: Path, unit: str) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    env_file = tmp_path / "prongsai.env"
    env_file.write_text((DEPLOY / "prongsai.env.example").read_text())
    (tmp_path / unit).write_text(installed_copy((DEPLOY / unit).read_text(), env_file))
    result = subprocess.run([analyze, "verify", str(tmp_path / unit)], capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout + result.stderr == "", result.stdout + result.stderr


def test_the_units_run_what_make_serve_runs() -> None:
    web = (DEPLOY / "prongsai.service").read_text()
    makefile = (ROOT / "Makefile").read_text()
    gunicorn = "gunicorn -c python:prongsai.web.gunicorn_conf"
    assert f"ExecStart=/opt/prongsai/.venv/bin/{gunicorn}\n" in web and f"$(BIN)/{gunicorn}\n" in makefile
    for step in ("migrate --noinput", "collectstatic --noinput"):  # as make serve's prerequisites do
        assert f"ExecStartPre=/opt/prongsai/.venv/bin/python manage.py {step} -v 0\n" in web
        assert f"manage.py {step} -v 0\n" in makefile
    assert (
        "ExecStart=/opt/prongsai/.venv/bin/python manage.py db_worker\n"
        in (DEPLOY / "prongsai-worker.service").read_text()
    )


def test_the_settings_file_names_only_what_the_application_reads() -> None:
    sources = "".join(
        (ROOT / "src" / "prongsai" / path).read_text()
        for path in ("web/settings.py", "web/gunicorn_conf.py", "documents/pdf.py")
    )
    names = re.findall(r"^#?([A-Z][A-Z0-9_]+)=", (DEPLOY / "prongsai.env.example").read_text(), re.MULTILINE)
    assert "PRONGSAI_HTTPS" in names and "DATABASE_URL" in names
    external = {"DJANGO_SETTINGS_MODULE", "PYTHAINLP_READ_ONLY", "PYTHAINLP_OFFLINE", "DATABASE_URL"}
    unread = [name for name in names if name not in external and f'"{name}"' not in sources]
    assert unread == []
    readme = (ROOT / "README.md").read_text()
    undocumented = [n for n in names if n not in external and not documented(n, readme)]
    assert undocumented == []


def documented(name: str, readme: str) -> bool:
    """Named in the README, whole or as a family (`PRONGSAI_EMAIL_HOST`, `_USER`, … in one row)."""
    parts = name.split("_")
    return f"`{name}`" in readme or any(
        f"`{'_'.join(parts[:i])}_" in readme and f"`_{'_'.join(parts[i:])}`" in readme
        for i in range(1, len(parts))
    )


def test_the_reminder_cron_line_runs_with_the_settings_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env_file = tmp_path / "prongsai.env"
    settings_text = (DEPLOY / "prongsai.env.example").read_text()
    settings_text = settings_text.replace("PRONGSAI_DATA_DIR=/var/lib/prongsai", f"PRONGSAI_DATA_DIR={data}")
    # The test run's PostgreSQL when there is one, else SQLite in the data directory.
    database = os.environ.get("DATABASE_URL") or f"sqlite:///{data / 'prongsai.sqlite3'}"
    settings_text = settings_text.replace("DATABASE_URL=postgres:///prongsai", f"DATABASE_URL={database}")
    env_file.write_text(settings_text)
    migrated = manage(production_env(data, DATABASE_URL=database), "migrate", "--noinput", "-v", "0")
    assert migrated.returncode == 0, migrated.stderr
    cron = (DEPLOY / "prongsai.cron").read_text()
    (line,) = (line for line in cron.splitlines() if line.endswith("prongsai remind"))
    command = re.split(r"\s+", line, maxsplit=6)[6]  # after minute … weekday and the user
    command = installed_copy(command, env_file).replace(".venv/bin/prongsai", f"{VENV_BIN}/prongsai")
    result = subprocess.run(
        ["sh", "-c", command],
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
