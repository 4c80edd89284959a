"""Every page as every role (and logged out) in Chromium, read as a person reads it: the text the browser renders
(`innerText`, which leaves out what is hidden, scripts and styles), not the HTML. The second oracle beside
tests/web/test_crawl.py's own reading of the HTML, on the same data and the same addresses: no Christian-era
year, no English status or action code outside what is marked English, and every error page the site's Thai one.
Files (downloads) are left to the HTML crawl and their own tests."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.conf import settings

from tests.e2e.test_browser import browser  # noqa: F401  (the browser fixture)
from tests.web.conftest import world  # noqa: F401  (the fixture the crawl's data is built on)
from tests.web.test_access import ALL_ROLES
from tests.web.test_crawl import (  # the crawl's data and addresses
    CHRISTIAN_YEAR,
    CODE,
    FILES,
    Site,
    addresses,
    is_thai_error_page,
    site,  # noqa: F401  (fixture)
)

# What the page shows, all of it, and without what is marked English (lang="en"); a bibliography's <cite> is a
# source's own words (the HTML crawl leaves it out too).
READ = """() => {
  document.querySelectorAll('cite').forEach(e => { e.style.display = 'none'; });
  const shown = document.body.innerText;
  document.querySelectorAll('[lang=en]').forEach(e => { e.style.display = 'none'; });
  return [shown, document.body.innerText];
}"""


def read(shown: str, thai: str) -> list[str]:
    found = []
    for text, pattern, what in ((shown, CHRISTIAN_YEAR, "ปี ค.ศ."), (thai, CODE, "รหัสภาษาอังกฤษ")):
        text = re.sub(r"\s+", " ", text)
        found += [
            f"{what} “{m.group(0)}” in …{text[max(0, m.start() - 40) : m.end() + 40]}…"
            for m in pattern.finditer(text)
        ]
    return found


def test_the_browser_reading_finds_what_a_person_would() -> None:
    """The check on its own, on text as innerText gives it."""
    assert read("เผยแพร่เมื่อ 1 Dec 2026", "") and read("", "สถานะ: in_progress")
    assert not read("เผยแพร่เมื่อ 1 ธ.ค. 2569 เลขที่ 120235", "สถานะ: อยู่ระหว่างดำเนินการ")


@pytest.mark.django_db(transaction=True)
def test_every_page_in_the_browser_reads_in_thai(browser: Any, live_server: Any, site: Site) -> None:  # noqa: F811
    found, _ = addresses(site)
    pages = [(name, path) for name, path in found if name not in FILES]
    report: list[str] = []
    read_pages = 0
    for role in ALL_ROLES:
        context = browser.new_context()
        if role != "anonymous":
            session = site.world.client(role).cookies[settings.SESSION_COOKIE_NAME].value
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
            )
        page = context.new_page()
        for _, path in pages:
            response = page.goto(live_server.url + path)
            assert response is not None
            if response.status >= 500:
                report.append(f"{role} {path}: {response.status}")
            elif response.status >= 400:
                if not is_thai_error_page(page.content()):
                    report.append(f"{role} {path}: {response.status} ไม่ใช่หน้าภาษาไทยของระบบ")
            elif "text/html" in (response.headers.get("content-type") or ""):
                read_pages += 1
                report += [f"{role} {path}: {p}" for p in read(*page.evaluate(READ))]
        context.close()
    assert report == [], "\n".join(sorted(set(report)))
    assert read_pages > len(pages)  # pages were read with their data, not only refusals
