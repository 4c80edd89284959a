"""The complaint channel in a real browser: a person files a report logged out, keeps the receipt, follows the
report up, reads the officer's answer and replies; the officer reads the reply; another organisation's officer
gets 404."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from PIL import Image

from prongsai.web.complaints.models import Complaint
from prongsai.web.organisations.models import Membership, Organisation
from tests.e2e.test_browser import PASSWORD, browser, log_in  # noqa: F401  (the module's Chromium fixture)

STORY = "เจ้าหน้าที่กองช่างเรียกเงินห้าพันบาทก่อนออกใบอนุญาตก่อสร้าง"


def _photo() -> bytes:
    exif = Image.Exif()
    exif[0x013B] = "Reporter-Name-In-Camera"
    out = io.BytesIO()
    Image.new("RGB", (30, 20), "green").save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_report_follow_up_and_answer(browser: Any, live_server: Any) -> None:  # noqa: F811
    a = Organisation.objects.create(
        name="องค์การบริหารส่วนตำบลทดสอบ", type="อบต.", province="น่าน", slug="thotsop"
    )
    b = Organisation.objects.create(name="เทศบาลตำบลอื่น", type="ทต.", province="ลำปาง", slug="uen")
    for username, organisation in [("officer_a", a), ("officer_b", b)]:
        user = User.objects.create_user(username=username, password=PASSWORD)
        Membership.objects.create(user=user, organisation=organisation, role=Membership.COMPLAINT_OFFICER)
    base = live_server.url

    reporter = browser.new_context(viewport={"width": 390, "height": 844})  # a phone, never logged in
    page = reporter.new_page()
    page.goto(f"{base}/p/thotsop/complaint/")
    page.get_by_label("การเรียกรับสินบน").check()
    page.fill("textarea[name=what]", STORY)
    page.fill("input[name=when]", "สัปดาห์ที่แล้ว")
    page.fill("input[name=where]", "ที่ทำการ อบต.")
    page.set_input_files(
        "input[name=attachments]",
        files=[{"name": "IMG_0001.jpg", "mimeType": "image/jpeg", "buffer": _photo()}],
    )
    page.get_by_role("button", name="ส่งเรื่องร้องเรียน").click()
    page.wait_for_selector("h1:has-text('ได้รับเรื่องร้องเรียนแล้ว')")
    receipt = page.locator("#receipt").inner_text()
    assert re.fullmatch(r"\d{4} \d{4} \d{4} \d{4}", receipt)
    assert page.get_by_text("โปรดจดรหัสนี้เก็บไว้ในที่ปลอดภัย").count() == 1

    def follow_up() -> None:
        page.goto(f"{base}/p/complaint/")
        page.fill("input[name=receipt]", receipt)
        page.get_by_role("button", name="ดูเรื่องของฉัน").click()
        page.wait_for_selector("h1:has-text('เรื่องร้องเรียนถึง')")

    follow_up()
    assert page.locator("#status").inner_text() == "เรื่องใหม่"

    office = browser.new_context()
    staff = office.new_page()
    log_in(staff, base, "officer_a")
    staff.goto(f"{base}/o/thotsop/complaints/")
    complaint = Complaint.objects.get()
    staff.get_by_role("link", name=str(complaint.pk), exact=True).click()
    staff.wait_for_selector(f"text={STORY}")
    assert staff.get_by_role("link", name=re.compile("ไฟล์แนบ-")).count() == 1
    staff.fill("textarea[name=text]", "ขอบคุณที่แจ้ง ขอทราบชื่อโครงการที่ขออนุญาต")
    staff.get_by_role("button", name="ส่งข้อความ").click()
    staff.wait_for_selector("text=ส่งข้อความถึงผู้ร้องเรียนแล้ว")

    follow_up()
    assert page.get_by_text("ขอบคุณที่แจ้ง ขอทราบชื่อโครงการที่ขออนุญาต").count() == 1
    assert page.locator("#status").inner_text() == "อยู่ระหว่างพิจารณา"
    page.fill("textarea[name=text]", "โครงการบ้านพักเลขที่ ๑๒ หมู่ ๓")
    page.get_by_role("button", name="ส่งถึงหน่วยงาน").click()
    page.wait_for_selector("text=ส่งข้อความถึงหน่วยงานแล้ว")
    assert {cookie["name"] for cookie in reporter.cookies()} <= {"csrftoken"}

    staff.reload()
    staff.wait_for_selector("text=โครงการบ้านพักเลขที่ ๑๒ หมู่ ๓")

    elsewhere = browser.new_context().new_page()
    log_in(elsewhere, base, "officer_b")
    elsewhere.wait_for_selector("button.link:has-text('ออกจากระบบ')")
    response = elsewhere.goto(f"{base}/o/thotsop/complaints/{complaint.pk}/")
    assert response is not None and response.status == 404
    assert STORY not in elsewhere.content()
    reporter.close()
    office.close()
