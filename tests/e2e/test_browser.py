"""The main flow in a real browser: Debian's Chromium driven by Playwright (no browser download).

A coordinator logs in, sees the dashboard and adds a measure; the unit officer logs in, reports progress with
an evidence file; the dashboard counts it. The coordinator submits the report; the ปลัด and then the นายก
approve it; the coordinator publishes it; a visitor, logged out, opens the public page and downloads the PDF.
A coordinator turns on two-factor login with the QR code as a phone reads it, and logs in with a code.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import zxingcpp
from django.contrib.auth.models import User
from PIL import Image

from prongsai.web.organisations.models import Membership, Organisation, Unit
from prongsai.web.programme.models import Evidence, Measure
from prongsai.web.publication.models import ApprovalStep
from tests.totp import totp
from tests.web.conftest import PDF_BYTES  # a real PDF: evidence is opened before it is stored

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
    approvers = [("palad", "ปลัดองค์การบริหารส่วนตำบล"), ("mayor", "นายกองค์การบริหารส่วนตำบล")]
    for order, (username, position) in enumerate(approvers, start=1):
        user = User.objects.create_user(username=username, password=PASSWORD)
        approver = Membership.objects.create(
            user=user, organisation=organisation, role=Membership.APPROVER, position=position
        )
        ApprovalStep.objects.create(organisation=organisation, order=order, approver=approver)

    base = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})  # a phone
    refused = refusals_of_the_policy(page)
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
    page.fill("input[name=date]", "20 พ.ย. ๒๕๖๙")  # typed in the Buddhist Era, as people write it
    page.set_input_files(
        "input[name=file]",
        files=[{"name": "รายงานการประชุม.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}],
    )
    page.get_by_role("button", name="บันทึกความก้าวหน้า").click()
    page.wait_for_selector("text=บันทึกความก้าวหน้าแล้ว")
    assert page.get_by_role("link", name="รายงานการประชุม.pdf").count() == 1
    assert Evidence.objects.filter(entry__measure=measure).count() == 1
    assert Evidence.objects.get(entry__measure=measure).entry.date.isoformat() == "2026-11-20"

    page.get_by_role("link", name="ภาพรวมปี", exact=False).first.click()
    assert page.locator("[data-status=in_progress]").inner_text() == "1"
    page.screenshot(path=str(tmp_path / "dashboard.png"))
    year = page.url.rstrip("/").split("/")[-1]

    page.click("button.link:has-text('ออกจากระบบ')")
    log_in(page, base, "coordinator")
    page.goto(f"{base}/o/thotsop/{year}/approvals/")
    page.get_by_role("button", name="ส่งเพื่อขออนุมัติ").click()
    page.wait_for_selector("text=เพื่อขออนุมัติแล้ว")
    for approver, opinion in [("palad", "เห็นควรอนุมัติ"), ("mayor", "อนุมัติ")]:
        page.click("button.link:has-text('ออกจากระบบ')")
        log_in(page, base, approver)
        page.goto(f"{base}/o/thotsop/{year}/approvals/")
        page.fill("textarea[name=opinion]", opinion)
        page.get_by_role("button", name="อนุมัติ", exact=True).click()
        page.wait_for_selector("text=บันทึกความเห็นแล้ว")
    page.click("button.link:has-text('ออกจากระบบ')")
    log_in(page, base, "coordinator")
    page.goto(f"{base}/o/thotsop/{year}/approvals/")
    page.get_by_role("button", name="เผยแพร่").click()
    page.wait_for_selector("text=เผยแพร่แล้ว")

    page.click("button.link:has-text('ออกจากระบบ')")
    page.goto(f"{base}/p/")
    page.get_by_role("link", name="องค์การบริหารส่วนตำบลทดสอบ").click()
    page.get_by_role("link", name=f"ปีงบประมาณ {year}").click()
    assert page.get_by_text("เผยแพร่แผนการใช้จ่ายงบประมาณให้บุคลากรทราบ").count() == 1
    pdf_link = page.get_by_role("link", name="PDF").first.get_attribute("href")
    download = page.request.get(base + pdf_link)
    assert download.ok and download.body().startswith(b"%PDF")
    assert refused == []
    page.close()


def refusals_of_the_policy(page: Any) -> list[str]:
    """What the browser refused under the Content-Security-Policy, as it reports it on the console."""
    refused: list[str] = []
    page.on(
        "console",
        lambda message: refused.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return refused


@pytest.mark.django_db(transaction=True)
def test_pages_keep_to_the_content_security_policy(
    browser: Any, live_server: Any, settings: Any, tmp_path: Any
) -> None:
    """No page needs anything inline: the result chart's bars keep their lengths, the emblem shows, admin works."""
    from django.contrib.auth.models import AnonymousUser
    from PIL import Image

    from prongsai.web.programme.services import result_save

    settings.MEDIA_ROOT = str(tmp_path)
    organisation = Organisation.objects.create(
        name="องค์การบริหารส่วนตำบลทดสอบ", type="อบต.", province="น่าน", slug="thotsop"
    )
    user = User.objects.create_user(
        username="coordinator", password=PASSWORD, is_staff=True, is_superuser=True
    )
    Membership.objects.create(user=user, organisation=organisation, role=Membership.COORDINATOR)
    scores = dict(
        zip(
            map(str, range(1, 11)), ["40", "70", "75", "72", "78", "70", "72", "74", "95", "100"], strict=True
        )
    )
    result_save(
        organisation=organisation,
        fiscal_year=2566,
        framework_version=2566,
        scores=scores,
        user=AnonymousUser(),
    )
    emblem = io.BytesIO()
    Image.new("RGB", (200, 200), "navy").save(emblem, "PNG")
    base = live_server.url
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    refused = refusals_of_the_policy(page)
    log_in(page, base, "coordinator")
    response = page.goto(f"{base}/o/thotsop/2567/result/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    assert refused == []
    bars = page.locator("svg.bar")
    assert bars.count() == 10
    widths = []
    for n in range(10):
        bar = bars.nth(n).bounding_box()
        rect = bars.nth(n).locator("rect").bounding_box()
        widths.append(round(100 * rect["width"] / bar["width"]))
    assert widths == [40, 70, 75, 72, 78, 70, 72, 74, 95, 100]
    page.goto(f"{base}/o/thotsop/2567/documents/")
    page.set_input_files(
        "input[name=file]", files=[{"name": "ตรา.png", "mimeType": "image/png", "buffer": emblem.getvalue()}]
    )
    page.locator("input[name=file]").locator("xpath=ancestor::form").locator("button[type=submit]").click()
    page.wait_for_selector("img.emblem")
    assert page.locator("img.emblem").bounding_box()["height"] == 64  # 4rem, from the stylesheet
    for address in (
        "/o/thotsop/2567/",
        "/o/thotsop/2567/measures/",
        "/o/thotsop/2567/documents/",
        "/p/",
        "/admin/",
        "/admin/organisations/organisation/1/change/",
    ):
        assert page.goto(base + address).ok, address
    assert refused == []
    page.close()


@pytest.mark.django_db(transaction=True)
def test_two_factor_with_the_qr_code_as_a_phone_reads_it(browser: Any, live_server: Any) -> None:
    User.objects.create_user(username="coordinator", password=PASSWORD)
    base = live_server.url
    page = browser.new_page()
    log_in(page, base, "coordinator")
    page.get_by_role("link", name="ยืนยันสองขั้นตอน").click()
    page.get_by_role("button", name="เริ่มตั้งค่า").click()
    # the phone's side: decode the QR code as drawn on the screen
    shot = Image.open(io.BytesIO(page.locator(".qr svg").screenshot()))
    decoded = zxingcpp.read_barcodes(shot)
    assert len(decoded) == 1
    uri = urlparse(decoded[0].text)
    query = parse_qs(uri.query)
    assert uri.scheme == "otpauth" and uri.netloc == "totp" and unquote(uri.path) == "/Prongsai:coordinator"
    assert query["issuer"] == ["Prongsai"] and query["digits"] == ["6"] and query["period"] == ["30"]
    secret = query["secret"][0]
    assert page.locator("code.secret").inner_text().replace(" ", "") == secret
    page.fill("input[name=token]", totp(secret))
    page.get_by_role("button", name="ยืนยันและเปิดใช้").click()
    page.wait_for_selector("text=เปิดใช้อยู่")

    page.click("button.link:has-text('ออกจากระบบ')")
    log_in(page, base, "coordinator")
    page.wait_for_selector("h1:has-text('รหัสยืนยันตัวตน')")
    page.fill("input[name=token]", totp(secret, 1))
    page.get_by_role("button", name="ยืนยัน").click()
    page.wait_for_selector("button.link:has-text('ออกจากระบบ')")
    assert page.locator("span.user").inner_text() == "coordinator"
    page.close()
