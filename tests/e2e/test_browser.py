"""The main flow in a real browser: Debian's Chromium driven by Playwright (no browser download).

A coordinator logs in, sees the dashboard and adds a measure; the unit officer logs in, reports progress with
an evidence file; the dashboard counts it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User

from prongsai.web.organisations.models import Membership, Organisation, Unit
from prongsai.web.programme.models import Evidence, Measure

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Chromium on a closed network: no background traffic, no first-run work, no sandbox as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a-long-test-password"

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not os.path.exists(CHROMIUM):
        if os.environ.get("PRONGSAI_REQUIRE_BROWSER"):
            pytest.fail("Chromium is not installed (make test installs the Debian package 'chromium')")
        pytest.skip("Chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield instance
        instance.close()


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + "/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


@pytest.mark.django_db(transaction=True)
def test_main_flow(browser: Any, live_server: Any, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    organisation = Organisation.objects.create(
        name="องค์การบริหารส่วนตำบลทดสอบ", type="อบต.", province="น่าน", slug="thotsop"
    )
    finance = Unit.objects.create(organisation=organisation, name="กองคลัง")
    Unit.objects.create(organisation=organisation, name="กองช่าง")
    for username, role, units in [
        ("coordinator", Membership.COORDINATOR, []),
        ("officer", Membership.UNIT_OFFICER, [finance]),
    ]:
        user = User.objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, organisation=organisation, role=role).units.set(units)

    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    log_in(page, base, "coordinator")
    page.wait_for_selector("h1:has-text('ภาพรวมปีงบประมาณ')")
    assert page.locator("#measure-total").inner_text() == "0"

    page.get_by_role("link", name="มาตรการ", exact=True).click()
    page.get_by_role("link", name="เพิ่มมาตรการ").click()
    page.fill("textarea[name=title]", "เผยแพร่แผนการใช้จ่ายงบประมาณให้บุคลากรทราบ")
    page.fill("textarea[name=steps]", "จัดทำสรุปแผน\nเผยแพร่ทางกลุ่มไลน์")
    page.get_by_label("กองคลัง").check()
    page.select_option("select[name=indicator]", "2")
    page.click("button[type=submit]")
    page.wait_for_selector("h1:has-text('มาตรการที่ 1')")
    measure = Measure.objects.get(organisation=organisation)
    assert list(measure.units.all()) == [finance] and measure.tool == "IIT"

    page.click("button.link:has-text('ออกจากระบบ')")
    log_in(page, base, "officer")
    page.goto(f"{base}/o/thotsop/measures/{measure.pk}/")
    page.fill("textarea[name=text]", "ประชุมชี้แจงบุคลากรและเผยแพร่แผนแล้ว")
    page.fill("input[name=date]", "2026-11-20")
    page.set_input_files(
        "input[name=file]",
        files=[
            {"name": "รายงานการประชุม.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n% evidence\n"}
        ],
    )
    page.get_by_role("button", name="บันทึกความก้าวหน้า").click()
    page.wait_for_selector("text=บันทึกความก้าวหน้าแล้ว")
    assert page.get_by_role("link", name="รายงานการประชุม.pdf").count() == 1
    assert Evidence.objects.filter(entry__measure=measure).count() == 1

    page.get_by_role("link", name="ภาพรวมปี", exact=False).first.click()
    assert page.locator("[data-status=in_progress]").inner_text() == "1"
    page.screenshot(path=str(tmp_path / "dashboard.png"))
    page.close()
