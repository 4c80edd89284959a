from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI runs the same examples every time, so a run is reproducible; a developer's run explores new ones.
# No deadline: these machines are shared and noisy, and speed is measured by `make bench`, not by tests.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
settings.register_profile("dev", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

ROOT = Path(__file__).resolve().parent.parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/web and tests/e2e needs the database: it runs on SQLite and on PostgreSQL.
    for item in items:
        parts = Path(str(item.fspath)).relative_to(ROOT / "tests").parts
        if parts[0] in {"web", "e2e"}:
            item.add_marker(pytest.mark.web)
        if parts[0] == "e2e":
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _test_settings(request: pytest.FixtureRequest) -> None:
    if "settings" in request.fixturenames or request.node.get_closest_marker("web"):
        settings = request.getfixturevalue("settings")
        # A deliberately slow password hash is for attackers, not for a suite that logs in thousands of times.
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        # The manifest storage needs `collectstatic`; tests serve static files straight from the apps.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """SQLite tests run on a file, as the system does: threads writing at once need a real database file.

    (Django's SQLite test database is in memory by default, where concurrent writers meet table locks that
    no setting can make them wait for.)
    """
    from django.conf import settings as django_settings

    database = django_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("database") / "test.sqlite3")
