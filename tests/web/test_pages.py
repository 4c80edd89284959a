"""The first pages, on SQLite and on PostgreSQL (make test runs this file on both)."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client

from prongsai.web.frameworks import forget_registry

pytestmark = pytest.mark.django_db


def test_landing_page_for_visitors(client: Client) -> None:
    page = client.get("/").content.decode()
    assert '<html lang="th">' in page and "เข้าสู่ระบบ" in page


def test_framework_list(client: Client) -> None:
    response = client.get("/frameworks/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "กรอบการประเมิน ITA ในระบบ" in page
    for version in (2565, 2566, 2567, 2568, 2569):
        assert f'href="/frameworks/{version}/"' in page


def test_framework_page(client: Client) -> None:
    page = client.get("/frameworks/2566/").content.decode()
    assert "การใช้ทรัพย์สินของราชการ" in page
    assert "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" in page
    assert "75.00 – 84.99" in page  # the band of level B, in two decimals
    assert "ความเชื่อมั่นของข้อมูล" in page


def test_framework_page_shows_notes_sources_and_confidence(client: Client) -> None:
    page = client.get("/frameworks/2566/").content.decode()
    assert "หมายเหตุ: เป็นการเรียกรับที่นอกเหนือจากที่กฎหมายกำหนดให้รับได้" in page  # i4's note on the form
    assert "(คิดคะแนนกลับด้าน)" in page  # i11's second sub-item
    # the confidence in Thai words, from the one list of them
    assert "<td>S1</td><td>อนุมาน ยังไม่ยืนยัน</td>" in page
    assert "<td>M</td><td>จากความจำเรื่องคู่มือ ยังไม่ยืนยัน</td>" in page
    assert "<dt>S1</dt>" in page and "review-2026-11.md" in page


def test_rating_framework_page(client: Client) -> None:
    page = client.get("/frameworks/2567/").content.decode()
    assert "ผ่านดีเยี่ยม" in page and "ต้องปรับปรุงโดยด่วน" in page
    assert "<td>ผ่านดี</td><td>85.00</td><td>85.00</td>" in page


@pytest.mark.parametrize("url", ["/frameworks/2400/", "/frameworks/99999999999999999999/", "/nothing/"])
def test_unknown_addresses_are_404(client: Client, url: str) -> None:
    assert client.get(url).status_code == 404


def test_wrong_method(client: Client) -> None:
    assert client.post("/").status_code == 405


def test_health_check_reaches_the_database(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": connection.vendor}


def test_demo_data_creates_the_admin_once(capsys: pytest.CaptureFixture[str]) -> None:
    call_command("demo_data")
    call_command("demo_data")
    assert User.objects.filter(username="admin", is_superuser=True).count() == 1
    assert "prongsai-demo" in capsys.readouterr().out


def test_admin_login(client: Client) -> None:
    call_command("demo_data")
    assert client.login(username="admin", password="prongsai-demo")
    assert client.get("/admin/").status_code == 200


def test_the_suite_runs_on_the_configured_database() -> None:
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


def test_site_frameworks_directory_from_settings(client: Client, settings: Any, tmp_path: Path) -> None:
    source = resources.files("prongsai.frameworks").joinpath("ita2566.yaml").read_text(encoding="utf-8")
    (tmp_path / "ita2570.yaml").write_text(
        source.replace("version: 2566", "version: 2570").replace("ITA 2566", "ITA 2570 ของหน่วยงาน"),
        encoding="utf-8",
    )
    settings.PRONGSAI_FRAMEWORKS_DIR = str(tmp_path)
    forget_registry()
    try:
        page = client.get("/frameworks/2570/").content.decode()
    finally:
        forget_registry()
    assert "ITA 2570 ของหน่วยงาน" in page
