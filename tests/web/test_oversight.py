"""Oversight: national results in, and the overview of the country, a province and a district.

Every figure on the pages is checked against a computation of its own over the generated rows (plain Python with
Decimal), and a year's national file reproduces the count, average and share passing computed from the file."""

from __future__ import annotations

import csv
import io
import random
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.core.thai import to_arabic_digits
from prongsai.ingest.national import national_rows
from prongsai.web.organisations.models import AuditEntry, Organisation, OverseerScope
from prongsai.web.oversight.models import NationalImport, OverviewRow, PublishedResult
from prongsai.web.oversight.services import refresh_overview
from tests.web.conftest import PASSWORD, World

pytestmark = pytest.mark.web

PROVINCES = {"น่าน": ["เมือง", "ปัว", "ท่าวังผา"], "ลำปาง": ["เกาะคา", "แม่ทะ"], "ชลบุรี": ["บางละมุง"]}
HEADER = ["รหัส", "ชื่อหน่วยงาน", "ประเภท", "อำเภอ", "จังหวัด", "ปี", "คะแนน", "ระดับ", *map(str, range(1, 11))]


def two(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def national_file(count: int, years: tuple[int, ...], seed: int = 3) -> list[list[str]]:
    rng = random.Random(seed)
    rows = [HEADER]
    for n in range(count):
        province = rng.choice(sorted(PROVINCES))
        district = rng.choice(PROVINCES[province])
        kind, prefix = rng.choice([("อบต.", "อบต."), ("ทต.", "เทศบาลตำบล")])
        for year in years:
            indicators = [f"{rng.uniform(40, 100):.2f}" for _ in range(10)]
            total = f"{rng.uniform(45, 100):.2f}"
            rows.append(
                [
                    f"{n + 1:05d}",
                    f"{prefix}ทดลอง{n}",
                    kind,
                    district,
                    province,
                    str(year),
                    total,
                    "",
                    *indicators,
                ]
            )
    return rows


def csv_bytes(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def overseer(username: str, province: str = "", district: str = "") -> Client:
    user = User.objects.create_user(username=username, password=PASSWORD)
    OverseerScope.objects.create(user=user, province=province, district=district)
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def read_file(client: Client, data: bytes, name: str = "ita.csv") -> tuple[Any, NationalImport]:
    """Upload a national file: the review page, nothing saved yet."""
    response = client.post(reverse("national-import"), {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 302, response.content.decode()[:2000]
    pending = NationalImport.objects.latest("pk")
    return client.get(reverse("national-import-review", args=[pending.pk])), pending


def import_file(client: Client, data: bytes, name: str = "ita.csv") -> Any:
    """Upload and confirm."""
    _, pending = read_file(client, data, name)
    return client.post(reverse("national-import-review", args=[pending.pk]), follow=True)


def page_number(page: str, label: str) -> str:
    """The figure right after `label` on the page (as the page shows it, Thai digits read back)."""
    start = page.index(label) + len(label)
    return to_arabic_digits(page[start : start + 200]).split("<dd>")[1].split("<")[0].strip()


# --- the reader ---------------------------------------------------------------------------------------------


def test_reader_accepts_thai_digits_years_and_name_variants() -> None:
    rows = national_rows(
        [
            ["รหัส", "ชื่อหน่วยงาน", "อำเภอ", "จังหวัด", "ปีงบประมาณ", "คะแนนรวม", "ผลการประเมิน", "ตัวชี้วัดที่ 9"],
            ["๐๐๑", "อบต.หนองป่าก่อ", "อ.ดอยหลวง", "จ.เชียงราย", "๒๕๖๗", "๘๗.๕๐", "ผ่าน", "๗๐"],
            ["", "เทศบาลตำบลน้ำโจ้", "แม่ทะ", "ลำปาง", "2567", "91", "ผ่านดี", ""],
        ],
        "t.csv",
    )
    assert [(r.code, r.name, r.type, r.district, r.province, r.year, r.total) for r in rows] == [
        ("001", "องค์การบริหารส่วนตำบลหนองป่าก่อ", "อบต.", "ดอยหลวง", "เชียงราย", 2567, Decimal("87.50")),
        ("", "เทศบาลตำบลน้ำโจ้", "ทต.", "แม่ทะ", "ลำปาง", 2567, Decimal("91")),
    ]
    assert rows[0].indicators == {9: Decimal("70")} and rows[1].indicators == {}


def test_reader_names_every_bad_row_and_reads_nothing() -> None:
    from prongsai.core.errors import ReadError

    with pytest.raises(ReadError) as caught:
        national_rows(
            [
                ["ชื่อหน่วยงาน", "จังหวัด", "ปี", "คะแนน"],
                ["อบต.ก", "น่าน", "2024", "80"],
                ["อบต.ข", "น่าน", "2567", "180"],
                ["สหกรณ์", "น่าน", "2567", "80"],
                ["อบต.ค", "", "2567", "80"],
            ],
            "t.csv",
        )
    message = caught.value.thai
    assert "แถวที่ 2: ปี “2024” ต้องเป็นปีพุทธศักราช" in message
    assert "แถวที่ 3: คะแนน “180” ต้องเป็นตัวเลข 0–100" in message
    assert "แถวที่ 4: ไม่รู้ประเภทหน่วยงาน" in message and "แถวที่ 5: ไม่มีจังหวัด" in message


# --- importing ----------------------------------------------------------------------------------------------


def test_import_creates_and_updates_once_audited(world: World) -> None:
    client = overseer("national")
    existing = Organisation.objects.create(
        name="องค์การบริหารส่วนตำบลทดลอง0", type="อบต.", district="เมือง", province="น่าน", slug="t0"
    )
    rows = [HEADER, ["", "อบต.ทดลอง0", "อบต.", "อำเภอเมือง", "น่าน", "2567", "88.10", "ผ่าน"]]
    rows.append(["00009", "เทศบาลตำบลใหม่", "ทต.", "ปัว", "น่าน", "๒๕๖๗", "70", "ต้องปรับปรุง"])
    response, pending = read_file(client, csv_bytes(rows))
    page = response.content.decode()
    assert "หน่วยงานที่มีอยู่แล้ว (ปรับปรุงผล) 1 แห่ง · หน่วยงานใหม่ 1 แห่ง" in page
    assert not PublishedResult.objects.exists()  # nothing saved before the person confirms
    done = client.post(reverse("national-import-review", args=[pending.pk]), follow=True).content.decode()
    assert "หน่วยงานใหม่ 1 ปรับปรุง 1" in done
    assert PublishedResult.objects.get(organisation=existing).total == Decimal("88.10")
    created = Organisation.objects.get(code="00009")
    assert (created.name, created.type, created.province) == ("เทศบาลตำบลใหม่", "ทต.", "น่าน")
    again = client.post(reverse("national-import-review", args=[pending.pk]), follow=True).content.decode()
    assert "นำเข้าไฟล์นี้ไปแล้ว" in again  # a double click does not import twice
    assert PublishedResult.objects.count() == 2 and Organisation.objects.filter(code="00009").count() == 1
    assert AuditEntry.objects.filter(action="oversight.import").count() == 1
    assert OverviewRow.objects.filter(fiscal_year=2567).count() == 2


def test_ambiguous_rows_wait_for_a_person(world: World) -> None:
    client = overseer("national")
    twins = [
        Organisation.objects.create(
            name="องค์การบริหารส่วนตำบลแฝด", type="อบต.", district="เมือง", province="น่าน", slug=f"twin{n}"
        )
        for n in (1, 2)
    ]
    response, pending = read_file(
        client, csv_bytes([HEADER, ["", "อบต.แฝด", "อบต.", "เมือง", "น่าน", "2567", "90", ""]])
    )
    assert "ต้องเลือก 1 แถว" in response.content.decode()
    refused = client.post(reverse("national-import-review", args=[pending.pk]), follow=True).content.decode()
    assert "ยังไม่ได้เลือกว่าเป็นหน่วยงานใด" in refused and not PublishedResult.objects.exists()
    client.post(reverse("national-import-review", args=[pending.pk]), {"row-2": str(twins[1].pk)})
    assert PublishedResult.objects.get().organisation == twins[1]


def test_a_province_overseer_imports_only_their_province(world: World) -> None:
    client = overseer("nan", "น่าน")
    response = client.post(
        reverse("national-import"),
        {
            "file": SimpleUploadedFile(
                "x.csv", csv_bytes([HEADER, ["", "อบต.ไกล", "อบต.", "เกาะคา", "ลำปาง", "2567", "90", ""]])
            )
        },
    )
    assert "อยู่นอกพื้นที่ที่ท่านกำกับดูแล" in response.content.decode()
    assert not NationalImport.objects.exists()


# --- the figures ----------------------------------------------------------------------------------------------


def _expected(rows: list[list[str]], year: int, province: str = "", district: str = "") -> dict[str, Any]:
    chosen = [
        r
        for r in rows[1:]
        if r[5] == str(year) and (not province or r[4] == province) and (not district or r[3] == district)
    ]
    totals = [Decimal(r[6]) for r in chosen]
    passed = sum(t >= 85 for t in totals)
    indicator_9 = [Decimal(r[8 + 9 - 1]) for r in chosen]  # indicators 1–10 from the ninth column
    return {
        "count": len(chosen),
        "average": two(sum(totals, Decimal(0)) / len(totals)),
        "passed": passed,
        "share": two(Decimal(passed * 100) / len(totals)),
        "indicator_9": two(sum(indicator_9, Decimal(0)) / len(indicator_9)),
    }


@pytest.mark.parametrize(("province", "district"), [("", ""), ("น่าน", ""), ("น่าน", "ปัว")])
def test_the_pages_figures_match_the_file(world: World, province: str, district: str) -> None:
    rows = national_file(120, (2566, 2567))
    client = overseer("national")
    import_file(client, csv_bytes(rows))
    expected = _expected(rows, 2567, province, district)
    address = (
        reverse("overview-district", kwargs={"province": province, "district": district})
        if district
        else reverse("overview-province", kwargs={"province": province})
        if province
        else reverse("overview")
    )
    page = client.get(address + "?year=2567").content.decode()
    assert page_number(page, "จำนวนหน่วยงานที่มีผล</dt>") == str(expected["count"])
    assert page_number(page, "คะแนนเฉลี่ย</dt>") == str(expected["average"])
    assert page_number(page, "ผ่านเกณฑ์ ๘๕ คะแนน</dt>").startswith(
        f"{expected['passed']} แห่ง (ร้อยละ {expected['share']})"
    )
    book = load_workbook(io.BytesIO(client.get(address + "export.xlsx?year=2567").content))
    indicators = {row[0]: row for row in book["ตัวชี้วัด"].iter_rows(min_row=2, values_only=True)}
    assert Decimal(str(indicators[9][2])) == expected["indicator_9"]
    assert len(list(book["หน่วยงาน"].iter_rows(min_row=2))) == expected["count"]


def test_provinces_and_types_add_up(world: World) -> None:
    rows = national_file(90, (2567,))
    client = overseer("national")
    import_file(client, csv_bytes(rows))
    book = load_workbook(io.BytesIO(client.get(reverse("overview-export", kwargs={"fmt": "xlsx"})).content))
    provinces = {r[0]: r for r in book["พื้นที่"].iter_rows(min_row=2, values_only=True)}
    for province in PROVINCES:
        expected = _expected(rows, 2567, province)
        assert provinces[province][1:] == (
            expected["count"],
            float(expected["average"]),
            expected["passed"],
            float(expected["share"]),
        )
    types = {r[0]: r[1] for r in book["ตามประเภท"].iter_rows(min_row=2, values_only=True)}
    assert types == {kind: sum(1 for r in rows[1:] if r[2] == kind) for kind in {r[2] for r in rows[1:]}}


def test_query_count_does_not_grow_with_the_organisations(world: World) -> None:
    client = overseer("national")
    import_file(client, csv_bytes(national_file(20, (2566, 2567), seed=1)))

    def queries() -> int:
        client.get(reverse("overview"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("overview")).status_code == 200
        return len(captured)

    small = queries()
    rows = national_file(200, (2566, 2567), seed=2)
    for row in rows[1:]:
        row[0] = "9" + row[0]  # other codes: new organisations
    import_file(client, csv_bytes(rows))
    assert queries() == small


def test_csv_export_neutralises_formulas(world: World) -> None:
    client = overseer("national")
    import_file(
        client, csv_bytes([HEADER, ["", "อบต.=HYPERLINK(1)", "อบต.", "เมือง", "น่าน", "2567", "90", ""]])
    )
    text = client.get(reverse("overview-export", kwargs={"fmt": "csv"}) + "?table=ranking").content.decode(
        "utf-8-sig"
    )
    name = next(csv.reader(io.StringIO(text.split("\n", 1)[1])))[0]
    assert name == "องค์การบริหารส่วนตำบล=HYPERLINK(1)"  # not at the start: left as it is
    client.get(reverse("overview"))


def test_result_saved_in_prongsai_updates_the_overview(world: World) -> None:
    refresh_overview()
    row = OverviewRow.objects.get(organisation=world.a)
    assert (row.fiscal_year, row.total, row.uses_prongsai) == (2565, 7436, True)


# --- who sees what -------------------------------------------------------------------------------------------


def test_each_overseer_sees_their_area_only(world: World) -> None:
    national = overseer("national")
    import_file(national, csv_bytes(national_file(30, (2567,))))
    nan = overseer("nan", "น่าน")
    pua = overseer("pua", "น่าน", "ปัว")
    cases = [
        (national, reverse("overview"), 200),
        (national, reverse("overview-province", kwargs={"province": "ลำปาง"}), 200),
        (nan, reverse("overview"), 302),
        (nan, reverse("overview-province", kwargs={"province": "น่าน"}), 200),
        (nan, reverse("overview-district", kwargs={"province": "น่าน", "district": "ปัว"}), 200),
        (nan, reverse("overview-province", kwargs={"province": "ลำปาง"}), 404),
        (nan, reverse("overview-export", kwargs={"fmt": "xlsx"}), 404),
        (nan, reverse("overview-export-province", kwargs={"province": "ลำปาง", "fmt": "csv"}), 404),
        (pua, reverse("overview-province", kwargs={"province": "น่าน"}), 404),
        (pua, reverse("overview-district", kwargs={"province": "น่าน", "district": "ปัว"}), 200),
        (pua, reverse("overview-district", kwargs={"province": "น่าน", "district": "เมือง"}), 404),
        (world.client("coordinator"), reverse("overview"), 404),
        (world.client("coordinator"), reverse("national-import"), 404),
        (world.client("admin"), reverse("overview"), 200),
    ]
    for client, address, status in cases:
        assert client.get(address).status_code == status, address
    assert nan.get(reverse("overview"))["Location"] == reverse(
        "overview-province", kwargs={"province": "น่าน"}
    )
    anonymous = Client().get(reverse("overview"))
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]
    pending = NationalImport.objects.get()
    assert (
        nan.get(reverse("national-import-review", args=[pending.pk])).status_code == 404
    )  # another's review


COVERED = {
    "overview", "overview-province", "overview-district", "overview-export", "overview-export-province",
    "overview-export-district", "national-import", "national-import-review",
}  # fmt: skip


def test_every_oversight_address_is_covered() -> None:
    """A new address without a case in the tests above fails here."""
    from prongsai.web.oversight.urls import urlpatterns

    assert {p.name for p in urlpatterns} == COVERED


def test_district_export_of_another_district_is_404(world: World) -> None:
    national = overseer("national")
    import_file(national, csv_bytes(national_file(30, (2567,))))
    pua = overseer("pua", "น่าน", "ปัว")
    mine = reverse("overview-export-district", kwargs={"province": "น่าน", "district": "ปัว", "fmt": "csv"})
    theirs = reverse("overview-export-district", kwargs={"province": "น่าน", "district": "เมือง", "fmt": "csv"})
    assert pua.get(mine).status_code == 200 and pua.get(theirs).status_code == 404


def test_the_demo_national_file_covers_the_country() -> None:
    """Several thousand organisations over all 77 provinces (Bangkok the one of its kind), read by the reader."""
    from prongsai.demo.national import national_results
    from prongsai.ingest.national import read_national_bytes

    rows = read_national_bytes(national_results(), "demo.csv")
    assert len({r.province for r in rows}) == 77 and len({r.code for r in rows}) > 3000
    assert {r.type for r in rows} >= {"อบต.", "ทต.", "ทม.", "ทน.", "กทม."}
