"""The everyday pages at a desktop's width (1280 px) and a phone's (390 px), in Chromium: nothing makes the page
wider than the screen (wide tables scroll inside themselves), the menu folds behind "เมนู" on the phone, and the
charts are drawn. The screenshots in the README are written here, so each run keeps them current."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from PIL import Image

from prongsai.core.thai import fiscal_year
from prongsai.web.organisations.models import Membership, Organisation, Unit
from prongsai.web.programme.models import Analysis, Measure, ProgressEntry
from prongsai.web.programme.services import result_save
from prongsai.web.publication.models import ApprovalStep
from prongsai.web.publication.services import version_decide, version_publish, version_submit
from tests.e2e.test_browser import PASSWORD, browser, log_in  # noqa: F401  (the browser fixture)

SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def _year_of_work(tmp_path: Path) -> tuple[Organisation, int, Measure]:
    """An organisation in the middle of its year: results of three years, measures in every state, a unit
    that reports, a document approved by ปลัด and นายก and published."""
    year = fiscal_year(dt.date.today())
    organisation = Organisation.objects.create(
        name="องค์การบริหารส่วนตำบลหนองผักกอง", type="อบต.", district="เมือง", province="น่าน", slug="nongpakor"
    )
    units = {
        name: Unit.objects.create(organisation=organisation, name=name)
        for name in ("สำนักปลัด", "กองคลัง", "กองช่าง")
    }
    coordinator = User.objects.create_user(
        username="coordinator", password=PASSWORD, first_name="สมศรี", last_name="ใจดี"
    )
    Membership.objects.create(user=coordinator, organisation=organisation, role=Membership.COORDINATOR)
    for order, (username, position) in enumerate(
        [("palad", "ปลัดองค์การบริหารส่วนตำบลหนองผักกอง"), ("mayor", "นายกองค์การบริหารส่วนตำบลหนองผักกอง")], start=1
    ):
        user = User.objects.create_user(username=username, password=PASSWORD)
        member = Membership.objects.create(
            user=user, organisation=organisation, role=Membership.APPROVER, position=position
        )
        ApprovalStep.objects.create(organisation=organisation, order=order, approver=member)
    for assessed, base in ((year - 3, 68), (year - 2, 79), (year - 1, 86)):
        scores = {str(n): str(min(100, base + (n * 7) % 15 - 5)) for n in range(1, 11)}
        result_save(
            organisation=organisation,
            fiscal_year=assessed,
            framework_version=2566,
            scores=scores,
            user=AnonymousUser(),
        )
    Analysis.objects.create(
        organisation=organisation,
        fiscal_year=year,
        analysis_text="ตัวชี้วัดการเปิดเผยข้อมูลยังต่ำกว่าเกณฑ์",
        practice_text="เผยแพร่ข้อมูลให้ครบและทันเวลา",
    )
    start = dt.date(year - 544, 10, 1)  # the fiscal year's first day
    plans = [
        ("เผยแพร่แผนการใช้จ่ายงบประมาณประจำปีให้ประชาชนทราบผ่านเว็บไซต์และบอร์ดประชาสัมพันธ์", "กองคลัง", "completed"),
        ("จัดทำคู่มือการปฏิบัติงานและมาตรฐานการให้บริการ ประกาศให้ประชาชนทราบ", "สำนักปลัด", "in_progress"),
        ("เปิดช่องทางรับเรื่องร้องเรียนการทุจริตออนไลน์ และรายงานผลการดำเนินการทุกไตรมาส", "สำนักปลัด", "in_progress"),
        ("ตรวจรับงานจ้างก่อสร้างโดยมีตัวแทนประชาชนร่วมเป็นกรรมการ", "กองช่าง", "unknown"),
        ("อบรมบุคลากรเรื่องการป้องกันผลประโยชน์ทับซ้อน", "สำนักปลัด", "completed"),
    ]
    measures = []
    for number, (title, unit, status) in enumerate(plans, start=1):
        end = start + dt.timedelta(days=60 * number)
        measure = Measure.objects.create(
            organisation=organisation,
            fiscal_year=year,
            number=number,
            title=title,
            steps=["จัดทำแผน", "ดำเนินการ", "รายงานผล"],
            start=start,
            end=end,
            status=status,
            indicator=number,
            tool="IIT",
        )
        measure.units.set([units[unit]])
        if status != "unknown":
            ProgressEntry.objects.create(
                measure=measure, date=start + dt.timedelta(days=20), text="ประชุมชี้แจงและดำเนินการแล้ว"
            )
        measures.append(measure)
    version = version_submit(
        organisation=organisation, year=year, kind="measures", layout="A", user=coordinator
    )
    for username in ("palad", "mayor"):
        version_decide(
            version=version, user=User.objects.get(username=username), approve=True, opinion="อนุมัติ"
        )
    version_publish(version=version, user=coordinator)
    # a second document waits for the ปลัด: it shows in their inbox
    version_submit(organisation=organisation, year=year, kind="analysis", layout="A", user=coordinator)
    return organisation, year, measures[1]


def _save(page: Any, name: str) -> None:
    """The page's first two screens' height, in 256 colours: some tens of kilobytes each."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    image = Image.open(io.BytesIO(page.screenshot(full_page=True)))
    height = min(image.height, 2 * page.viewport_size["height"])
    image = image.crop((0, 0, image.width, height)).convert("RGB")
    image.quantize(colors=256).save(SCREENSHOTS / f"{name}.png", optimize=True)


def _fits(page: Any) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")


@pytest.mark.django_db(transaction=True)
def test_the_pages_fit_a_phone_and_a_desktop(
    browser: Any,  # noqa: F811
    live_server: Any,
    settings: Any,
    tmp_path: Path,
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    organisation, year, measure = _year_of_work(tmp_path)
    base = live_server.url
    slug = organisation.slug
    pages = {
        "dashboard": f"/o/{slug}/{year}/",
        "measures": f"/o/{slug}/{year}/measures/",
        "measure": f"/o/{slug}/measures/{measure.pk}/",
        "approvals": f"/o/{slug}/{year}/approvals/",
        "result": f"/o/{slug}/{year}/result/",
    }
    for device, (width, height) in WIDTHS.items():
        page = browser.new_page(viewport={"width": width, "height": height})
        log_in(page, base, "palad")  # an approver, whose turn it is: the inbox shows
        page.wait_for_selector("h1")
        for name, address in pages.items():
            assert page.goto(base + address).ok, address
            scroll, inner = _fits(page)
            assert scroll <= inner, f"{name} at {width} px is {scroll} px wide"
            menu = page.locator("details.menu")
            assert menu.evaluate("m => m.open") == (device == "desktop"), name
            if name != "result":
                _save(page, f"{name}-{device}")
        page.goto(base + pages["dashboard"])
        assert page.locator("#inbox [data-awaiting]").inner_text() == "1"
        assert page.locator("#checklist li.next").get_attribute("data-step") == "reporting"
        assert page.locator("#chart-status svg rect.bar").count() == 4
        box = page.locator("#chart-measures svg").bounding_box()
        assert box is not None and box["width"] <= width
        if device == "phone":
            assert not page.get_by_role("link", name="การแจ้งเตือน").is_visible()
            page.locator("details.menu > summary").click()
            assert page.get_by_role("link", name="การแจ้งเตือน").is_visible()
            # a wide table scrolls sideways inside itself instead of squeezing its words; the page does not
            page.goto(base + pages["approvals"])
            table = page.locator("table.data").first
            assert table.evaluate("t => getComputedStyle(t).overflowX") == "auto"
            assert table.evaluate("t => t.scrollWidth > t.clientWidth")
            box = table.bounding_box()
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width
        page.close()
    visitor = browser.new_page(viewport={"width": 390, "height": 844})
    for device, (width, height) in WIDTHS.items():
        visitor.set_viewport_size({"width": width, "height": height})
        assert visitor.goto(f"{base}/p/{slug}/{year}/").ok
        scroll, inner = _fits(visitor)
        assert scroll <= inner, f"the public year page at {width} px is {scroll} px wide"
        _save(visitor, f"public-year-{device}")
    visitor.close()
    for name in ("dashboard", "measures", "measure", "approvals", "public-year"):
        for device in WIDTHS:
            assert (SCREENSHOTS / f"{name}-{device}.png").stat().st_size < 250_000
