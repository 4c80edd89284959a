"""In a real browser: Debian's Chromium driven by Playwright (no browser download)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

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


@pytest.mark.django_db(transaction=True)
def test_home_page_in_chromium(browser: Any, live_server: Any) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text().startswith("โปร่งใส")
    page.get_by_role("link", name="2566").click()
    page.wait_for_url("**/frameworks/2566/")
    assert page.get_by_role("cell", name="การใช้ทรัพย์สินของราชการ", exact=True).count() == 1
    page.close()
