"""The dashboard as a person uses it: what waits for them (รออนุมัติ, unread notices), where the year stands
(the checklist and its next step), and the charts, whose drawn figures are read back from the SVG."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.documents.svg import BAR_FULL_WIDTH
from prongsai.web.organisations.models import Membership, Organisation, Unit
from prongsai.web.programme.models import Analysis, Measure, ProgressEntry, Result
from prongsai.web.publication.models import Approval, ApprovalStep, DocumentVersion, Notification
from prongsai.web.publication.services import version_decide, version_submit
from tests.web.conftest import PASSWORD, YEAR, World

SVG = "{http://www.w3.org/2000/svg}"


def dashboard(world: World, role: str) -> str:
    return world.client(role).get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode()


def inbox_count(page: str) -> int | None:
    marker = 'data-awaiting="'
    if marker not in page:
        return None
    return int(page.split(marker, 1)[1].split('"', 1)[0])


def add_mayor(world: World) -> User:
    """A second approver after the ปลัด: the นายก, last in the chain."""
    mayor = User.objects.create_user(username="mayor", password=PASSWORD, first_name="สมชาย", last_name="ใจดี")
    membership = Membership.objects.create(
        user=mayor, organisation=world.a, role=Membership.APPROVER, position="นายกองค์การบริหารส่วนตำบลทดสอบ"
    )
    ApprovalStep.objects.create(organisation=world.a, order=2, approver=membership)
    return mayor


# --- the inbox ------------------------------------------------------------------------------------------------


def test_the_approver_whose_turn_it_is_sees_the_document_waiting(world: World) -> None:
    mayor = add_mayor(world)
    assert inbox_count(dashboard(world, "approver")) == 1  # the ปลัด's turn
    assert inbox_count(dashboard(world, "coordinator")) is None
    mayor_client = world.client("coordinator")
    mayor_client.logout()
    assert mayor_client.login(username="mayor", password=PASSWORD)
    assert (
        inbox_count(mayor_client.get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode())
        is None
    )
    version_decide(version=world.version, user=world.users["approver"], approve=True, opinion="เห็นควรอนุมัติ")
    assert inbox_count(dashboard(world, "approver")) is None
    page = mayor_client.get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode()
    assert inbox_count(page) == 1
    assert reverse("approvals", args=[world.a.slug, YEAR]) in page.split('id="inbox"', 1)[1]
    version_decide(version=world.version, user=mayor, approve=True, opinion="อนุมัติ")
    assert (
        inbox_count(mayor_client.get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode())
        is None
    )


def test_the_home_page_lists_what_waits_in_every_organisation(world: World) -> None:
    # an approver of two organisations gets the list of organisations, and above it what waits in each
    b_membership = Membership.objects.create(
        user=world.users["approver"], organisation=world.b, role=Membership.APPROVER, position="ปลัดเทศบาล"
    )
    ApprovalStep.objects.create(organisation=world.b, order=1, approver=b_membership)
    version_submit(organisation=world.b, year=YEAR, kind="measures", layout="A", user=world.users["outsider"])
    page = world.client("approver").get("/").content.decode()
    assert inbox_count(page) == 2
    assert world.a.name in page and world.b.name in page


def test_the_navigation_counts_unread_notifications(world: World) -> None:
    client = world.client("officer")
    assert 'id="notifications-link">การแจ้งเตือน</a>' in client.get("/notifications/").content.decode()
    for n in range(3):
        Notification.objects.create(
            user=world.users["officer"],
            organisation=world.a,
            key=f"k{n}",
            day=dt.date(2023, 1, 1),
            text="t",
            url="/",
        )
    page = client.get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode()
    assert 'title="ยังไม่ได้อ่าน 3 รายการ">3</span>' in page
    client.post("/notifications/")
    page = client.get(reverse("dashboard", args=[world.a.slug, YEAR])).content.decode()
    assert "ยังไม่ได้อ่าน" not in page


# --- the checklist --------------------------------------------------------------------------------------------


def steps(page: str) -> dict[str, bool]:
    out = {}
    for chunk in page.split('data-step="')[1:]:
        key, rest = chunk.split('"', 1)
        out[key] = rest.split('data-done="', 1)[1][0] == "1"
    return out


def next_button(page: str) -> str:
    section = page.split('id="checklist"', 1)[1].split("</section>", 1)[0]
    assert section.count('class="button"') == 1  # one next step, one button
    return section.split('class="button" href="', 1)[1].split('"', 1)[0]


def test_the_checklist_follows_the_year_and_offers_the_next_step(world: World) -> None:
    page = dashboard(world, "coordinator")
    assert list(steps(page)) == [
        "result",
        "analysis",
        "measures",
        "reporting",
        "documents",
        "approval",
        "publication",
    ]
    # the world has a result, measures and a submitted version, but no analysis yet: that is the next step
    assert steps(page) == {
        "result": True,
        "analysis": False,
        "measures": True,
        "reporting": False,
        "documents": True,
        "approval": False,
        "publication": False,
    }
    assert next_button(page) == reverse("analysis", args=[world.a.slug, YEAR])
    Analysis.objects.create(organisation=world.a, fiscal_year=YEAR, analysis_text="จุดอ่อนคือการเปิดเผยข้อมูล")
    page = dashboard(world, "coordinator")
    assert next_button(page) == reverse("measures", args=[world.a.slug, YEAR]) + "?status=unknown"
    assert "รายงานแล้ว 0 จาก 2 มาตรการ" in page
    version_decide(version=world.version, user=world.users["approver"], approve=True, opinion="")
    Measure.objects.filter(organisation=world.a).update(status="in_progress")
    page = dashboard(world, "coordinator")
    assert steps(page)["reporting"] and steps(page)["approval"] and not steps(page)["publication"]
    assert next_button(page) == reverse("approvals", args=[world.a.slug, YEAR])


def test_a_new_year_starts_with_the_result(world: World) -> None:
    page = (
        world.client("coordinator").get(reverse("dashboard", args=[world.a.slug, YEAR + 5])).content.decode()
    )
    assert not any(steps(page).values())
    assert next_button(page) == reverse("result", args=[world.a.slug, YEAR + 5])


# --- the charts -----------------------------------------------------------------------------------------------


def chart(page: str, figure_id: str) -> ET.Element:
    start = page.index(f'id="{figure_id}"')
    svg = page[page.index("<svg", start) : page.index("</svg>", start) + len("</svg>")]
    return ET.fromstring(svg)


def bars(svg: ET.Element) -> list[tuple[str, float, float]]:
    """Each drawn bar's label (the text before it), its stated percent and its drawn width."""
    out = []
    elements = list(svg)
    for index, element in enumerate(elements):
        if element.tag == SVG + "rect" and element.get("class") == "bar":
            label = elements[index - 2].text or ""
            out.append((label, float(element.get("data-percent", "nan")), float(element.get("width", "nan"))))
    return out


def test_the_charts_draw_the_figures_of_the_year(world: World) -> None:
    world.measure.status = "completed"
    world.measure.save()
    for n in range(3, 6):
        extra = Measure.objects.create(
            organisation=world.a, fiscal_year=YEAR, number=n, title=f"มาตรการ {n}", status="in_progress"
        )
        extra.units.set([world.works])
    page = dashboard(world, "coordinator")
    status = chart(page, "chart-status")
    assert status.get("role") == "img" and status.find(SVG + "title") is not None
    drawn = {label: (percent, width) for label, percent, width in bars(status)}
    # 5 measures: 1 completed, 3 in progress, 1 not reported
    assert drawn["ดำเนินการแล้วเสร็จ"][0] == pytest.approx(20)
    assert drawn["อยู่ระหว่างดำเนินการ"][0] == pytest.approx(60)
    assert drawn["ยังไม่รายงาน"][0] == pytest.approx(20)
    assert drawn["ไม่สามารถดำเนินการได้"][0] == 0
    for percent, width in drawn.values():
        assert width == pytest.approx(BAR_FULL_WIDTH * percent / 100, abs=0.01)
    units = {label: percent for label, percent, _ in bars(chart(page, "chart-units"))}
    # งานพัสดุ (a section of กองคลัง) has the completed measure; กองช่าง has none of its four completed
    assert units == {"กองช่าง": 0, "กองคลัง › งานพัสดุ": 100}
    measures = bars(chart(page, "chart-measures"))
    assert [label.split(".")[0] for label, _, _ in measures] == ["1", "2", "3", "4", "5"]
    assert measures[0][1] == 100  # completed
    desc = status.find(SVG + "desc")
    assert desc is not None and "ดำเนินการแล้วเสร็จ 1 จาก 5" in (desc.text or "")


def test_names_are_escaped_in_the_drawing(world: World) -> None:
    world.works.name = 'กอง <ช่าง> & "อื่น"'
    world.works.save()
    page = dashboard(world, "coordinator")
    labels = [e.text for e in chart(page, "chart-units").iter(SVG + "text")]
    assert 'กอง <ช่าง> & "อื่น"' in labels  # parsed back whole: the SVG is well-formed


def test_a_late_measure_is_drawn_in_full_time_and_flagged(world: World) -> None:
    # the world's measure 1 ended on 30 Sep 2023 and is not done
    page = dashboard(world, "coordinator")
    label, percent, _ = bars(chart(page, "chart-measures"))[0]
    assert label.startswith("1.") and percent == 100
    assert "เลยกำหนด" in page.split('id="chart-measures"', 1)[1].split("</svg>", 1)[0]


# --- constant queries -----------------------------------------------------------------------------------------


def _grow(world: World, n: int) -> None:
    """More measures, units, progress, notifications and waiting versions."""
    first = Measure.objects.count()
    for index in range(first, first + n):
        unit = Unit.objects.create(organisation=world.a, name=f"หน่วย {index}")
        extra = Measure.objects.create(
            organisation=world.a,
            fiscal_year=YEAR,
            number=100 + index,
            title=f"เพิ่ม {index}",
            start=dt.date(2022, 10, 1),
            end=dt.date(2023, 1, 1),
        )
        extra.units.set([unit, world.works])
        ProgressEntry.objects.create(measure=extra, date=dt.date(2022, 12, 2), text="รายงาน")
        Notification.objects.create(
            user=world.users["approver"],
            organisation=world.a,
            key=f"g{index}",
            day=dt.date(2023, 1, 1),
            text="t",
            url="/",
        )
        other = Organisation.objects.create(name=f"อบต. {index}", province="น่าน", slug=f"o{index}")
        membership = Membership.objects.create(
            user=world.users["approver"], organisation=other, role=Membership.APPROVER
        )
        ApprovalStep.objects.create(organisation=other, order=1, approver=membership)
        DocumentVersion.objects.create(
            organisation=other, fiscal_year=YEAR, kind="measures", number=1, content={}, content_hash="x"
        )
        # and pending versions of A's own year, with an approval each, for its approvals page
        version = DocumentVersion.objects.create(
            organisation=world.a,
            fiscal_year=YEAR,
            kind="analysis",
            number=10 + index,
            content={},
            content_hash="y",
        )
        Approval.objects.create(
            version=version,
            order=5,
            approver=world.users["approver"],
            name="n",
            position="p",
            decision="return",
        )
        Result.objects.create(
            organisation=world.a, fiscal_year=2400 + index, framework_version=2566, total=80, grade="B"
        )


PAGES = {
    "home": lambda w: "/",
    "dashboard": lambda w: reverse("dashboard", args=[w.a.slug, YEAR]),
    "approvals": lambda w: reverse("approvals", args=[w.a.slug, YEAR]),
    "result": lambda w: reverse("result", args=[w.a.slug, YEAR]),
    "notifications": lambda w: "/notifications/",
}


@pytest.mark.parametrize("role", ["approver", "admin"])
@pytest.mark.parametrize("address", list(PAGES))
def test_the_pages_make_the_same_number_of_queries_whatever_the_size(
    world: World, address: str, role: str
) -> None:
    client = world.client(role)
    path = PAGES[address](world)

    def queries() -> int:
        client.get(path)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    _grow(world, 1)  # two organisations: the home page lists them instead of going to the one
    small = queries()
    _grow(world, 12)
    assert queries() == small


# --- the result's trend ---------------------------------------------------------------------------------------


def test_the_result_page_draws_the_trend_over_the_years_with_the_pass_mark(world: World) -> None:
    from django.contrib.auth.models import AnonymousUser

    from prongsai.core.thai import to_arabic_digits
    from prongsai.web.programme.services import result_save

    earlier = {str(n): "90" for n in range(1, 11)}
    result_save(
        organisation=world.a,
        fiscal_year=YEAR - 2,
        framework_version=2566,
        scores=earlier,
        user=AnonymousUser(),
    )
    page = world.client("officer").get(reverse("result", args=[world.a.slug, YEAR])).content.decode()
    svg = chart(page, "chart-trend")
    assert "เกณฑ์ผ่าน 85 คะแนน" in page.split('id="chart-trend"', 1)[1]  # the legend of the dashed line
    grid = sorted(float(e.get("y1", "0")) for e in svg.iter(SVG + "line") if e.get("stroke") == "#d9d9d9")
    top, bottom = grid[0], grid[-1]  # the 100 and the 0 lines

    def score(y: float) -> float:
        return 100 * (bottom - y) / (bottom - top)

    rects = [e for e in svg.iter(SVG + "rect") if e.get("class") == "bar"]
    drawn = [score(float(r.get("y", "0"))) for r in rects]
    assert drawn == pytest.approx([90.0, 74.36], abs=0.01)  # 2564, then 2565 (the world's)
    labels = [to_arabic_digits(e.text or "") for e in svg.iter(SVG + "text")]
    assert "2564" in labels and "2565" in labels and "74.36" in labels and "90.00" in labels
    (threshold,) = [e for e in svg.iter(SVG + "line") if e.get("class") == "threshold"]
    assert score(float(threshold.get("y1", "0"))) == pytest.approx(85)
