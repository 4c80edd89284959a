"""The catalogue of measures: Thai search, ranking and grouping (the same expectations run on SQLite and on
PostgreSQL), visibility of unpublished measures, effect figures against an independent computation, suggestions
on the analysis page and the new-measure form, and "use this"."""

from __future__ import annotations

import re
import statistics
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from prongsai.cli import main as prongsai
from prongsai.core.catalogue import duplicate_key
from prongsai.web.catalogue.models import CatalogueEntry
from prongsai.web.catalogue.sync import entry_terms, regroup
from prongsai.web.organisations.models import AuditEntry, Organisation
from prongsai.web.programme.models import Measure
from prongsai.web.programme.services import measure_create, measure_update, result_save
from tests.web.conftest import YEAR, World

REPORTS = Path(__file__).resolve().parents[2] / "src" / "prongsai" / "demo" / "reports"


def _entry(title: str, *, year: int = 2566, **fields: Any) -> CatalogueEntry:
    """A public entry as an import makes it (its terms, key and group as the services compute them)."""
    questions = fields.pop("questions", [])
    entry = CatalogueEntry.objects.create(
        origin="imported",
        fiscal_year=year,
        title=title,
        questions=questions,
        source=fields.pop("source", "เอกสารเผยแพร่ทดสอบ"),
        public=fields.pop("public", True),
        search_terms=entry_terms(title, fields.get("steps", []), questions, fields.get("indicator")),
        duplicate_key=duplicate_key(title),
        **fields,
    )
    regroup([entry.duplicate_key])
    return entry


def _titles(html: str) -> list[str]:
    """The measures a results page shows, in order, as a reader sees them."""
    return [
        re.sub(r"\s+", " ", t).strip()
        for t in re.findall(r'<header><a href="/catalogue/\d+/">([^<]*)</a>', html)
    ]


def _search(client: Client, **query: str) -> tuple[int, str]:
    response = client.get(reverse("catalogue"), query)
    return response.status_code, response.content.decode()


# --- search ------------------------------------------------------------------------------------------------------


@pytest.fixture
def texts(world: World) -> None:
    _entry("จัดทำช่องทางการร้องเรียนการทุจริตผ่านเว็บไซต์ของหน่วยงาน")
    _entry("เผยแพร่ข้อมูลการจัดซื้อจัดจ้างประจำปี")
    _entry("ซ่อมแซมถนนในหมู่บ้าน")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ร้องเรียน", ["จัดทำช่องทางการร้องเรียนการทุจริตผ่านเว็บไซต์ของหน่วยงาน"]),
        ("ทุจริต", ["จัดทำช่องทางการร้องเรียนการทุจริตผ่านเว็บไซต์ของหน่วยงาน"]),
        ("จัดซื้อ", ["เผยแพร่ข้อมูลการจัดซื้อจัดจ้างประจำปี"]),
        ("จัดจ้าง", ["เผยแพร่ข้อมูลการจัดซื้อจัดจ้างประจำปี"]),
        ("หมู่บ้าน", ["ซ่อมแซมถนนในหมู่บ้าน"]),
        ("ร้องเรียน เว็บไซต์", ["จัดทำช่องทางการร้องเรียนการทุจริตผ่านเว็บไซต์ของหน่วยงาน"]),
        ("ร้องเรียน ถนน", []),
        ("สินบน", []),
    ],
)
def test_thai_words_inside_unspaced_text_are_found(
    world: World, texts: None, query: str, expected: list[str]
) -> None:
    status, html = _search(world.client("coordinator"), q=query)
    assert status == 200
    assert _titles(html) == expected
    if not expected:
        assert "ไม่พบมาตรการที่ตรงกับคำค้น" in html


def test_ranking_phrase_then_copies_then_newest(world: World) -> None:
    """The query as typed first; then the text most organisations took (copies grouped, counted); then newest."""
    for year in (2564, 2565, 2566):
        _entry("ช่องทางการร้องเรียนผ่านเว็บไซต์", year=year)
    _entry("ร้องเรียนทางเว็บไซต์", year=2567)
    _entry("ร้องเรียนด้วยเว็บไซต์", year=2566)
    _entry("รับเรื่องร้องเรียน เว็บไซต์ของหน่วยงาน", year=2565)
    _entry("ประชุมประจำเดือน", year=2567)
    status, html = _search(world.client("coordinator"), q="ร้องเรียน เว็บไซต์")
    assert status == 200
    assert _titles(html) == [
        "รับเรื่องร้องเรียน เว็บไซต์ของหน่วยงาน",
        "ช่องทางการร้องเรียนผ่านเว็บไซต์",
        "ร้องเรียนทางเว็บไซต์",
        "ร้องเรียนด้วยเว็บไซต์",
    ]
    assert "พบ 4 รายการ" in html and "ใช้ 3 แห่ง/ครั้ง" in html


def test_near_duplicates_are_one_result_with_their_count(world: World) -> None:
    for text in (
        "1. ประชาสัมพันธ์ช่องทางการร้องเรียน",
        "ประชาสัมพันธ์ ช่องทางการร้องเรียน",
        "๓) ประชาสัมพันธ์ช่องทางการร้องเรียน",
    ):
        _entry(text)
    _entry("ประชาสัมพันธ์ช่องทางการแจ้งเบาะแส")
    html = _search(world.client("coordinator"), q="ประชาสัมพันธ์")[1]
    assert "ใช้ 3 แห่ง/ครั้ง" in html and len(_titles(html)) == 2


def test_filters(world: World) -> None:
    _entry(
        "มาตรการ ก", tool="EIT", indicator=7, questions=["e7"], organisation_type="ทต.", status="completed"
    )
    _entry("มาตรการ ข", year=2567, tool="IIT", indicator=2, questions=["i7"], organisation_type="อบต.")
    _entry("มาตรการ ค", tool="IIT", indicator=2, questions=["i12"], status="not_possible")
    client = world.client("coordinator")
    cases = {
        (("question", "e7"),): ["มาตรการ ก"],
        (("question", "I๗"),): ["มาตรการ ข"],  # normalised as the score files' codes are
        (("indicator", "2"),): ["มาตรการ ข", "มาตรการ ค"],
        (("tool", "EIT"),): ["มาตรการ ก"],
        (("type", "อบต."),): ["มาตรการ ข"],
        (("year", "2567"),): ["มาตรการ ข"],
        (("outcome", "completed"),): ["มาตรการ ก"],
        (("outcome", "not_possible"),): ["มาตรการ ค"],
        (("outcome", "open"),): ["มาตรการ ข"],
        (("q", "มาตรการ"), ("indicator", "2"), ("year", "2566")): ["มาตรการ ค"],
    }
    for query, expected in cases.items():
        status, html = _search(client, **dict(query))
        assert status == 200 and _titles(html) == expected, query


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("question", "x99", "รหัสข้อคำถามไม่ถูกต้อง"),
        ("indicator", "11", "เลือกตัวเลือกที่ถูกต้อง"),
        ("year", "abc", "ปีงบประมาณต้องเป็นตัวเลขปี พ.ศ."),
        ("year", "1999", "2500"),
        ("q", "ก" * 201, "200"),
    ],
)
def test_bad_search_input_is_told_in_thai(world: World, field: str, value: str, message: str) -> None:
    _entry("มาตรการ ก")
    status, html = _search(world.client("coordinator"), **{field: value})
    assert status == 400 and message in html and _titles(html) == []


def test_results_are_paginated(world: World) -> None:
    for n in range(25):
        _entry(f"มาตรการเผยแพร่ข้อมูล ชุดที่ {'กขคงจฉชซฌญฎฏฐฑฒณดตถทธนบปผ'[n]}", year=2540 + n)
    client = world.client("coordinator")
    first = _search(client, q="เผยแพร่")[1]
    second = client.get(reverse("catalogue"), {"q": "เผยแพร่", "page": "2"}).content.decode()
    assert len(_titles(first)) == 20 and len(_titles(second)) == 5
    assert not set(_titles(first)) & set(_titles(second))
    assert "หน้า 1 จาก 2" in first and "page=2" in first


def test_search_runs_on_the_index_of_this_database(world: World) -> None:
    """An entry whose words were changed is found by its new words only (the index followed the update)."""
    entry = _entry("ตรวจสอบการใช้รถยนต์ส่วนกลาง")
    entry.refresh_from_db()
    entry.title = "ประชุมชี้แจงระเบียบพัสดุ"
    entry.search_terms = entry_terms(entry.title, [], [], None)
    entry.save()
    client = world.client("coordinator")
    assert _titles(_search(client, q="รถยนต์")[1]) == []
    assert _titles(_search(client, q="พัสดุ")[1]) == ["ประชุมชี้แจงระเบียบพัสดุ"]
    entry.delete()
    assert _titles(_search(client, q="พัสดุ")[1]) == []


# --- visibility --------------------------------------------------------------------------------------------------


def _create(organisation: Organisation, title: str, **fields: Any) -> Measure:
    return measure_create(
        organisation=organisation,
        fiscal_year=YEAR,
        fields={"title": title, "steps": ["ขั้นที่หนึ่ง"], **fields},
        units=[],
        user=AnonymousUser(),
    )


def test_unpublished_measures_of_another_organisation_never_show(world: World) -> None:
    theirs = _create(world.b, "ติดตั้งกล้องวงจรปิดในสำนักงานเพื่อป้องกันการใช้ทรัพย์สินของราชการ", indicator=2)
    entry = CatalogueEntry.objects.get(measure=theirs)
    assert not entry.public
    for role in ("coordinator", "officer", "approver", "overseer", "nobody"):
        client = world.client(role)
        assert _titles(_search(client, q="วงจรปิด")[1]) == [], role
        assert client.get(reverse("catalogue-entry", args=[entry.pk])).status_code == 404, role
    # not among A's suggestions either, though it answers A's weakest indicator (2: 70.00)
    analysis = (
        world.client("coordinator").get(reverse("analysis", args=[world.a.slug, YEAR])).content.decode()
    )
    assert "มาตรการแนะนำ" in analysis and "วงจรปิด" not in analysis
    # nor counted in the figures of its indicator
    effect = world.client("coordinator").get(reverse("catalogue-effect", args=["2"])).content.decode()
    assert 'class="with-count">0<' in effect
    # its own organisation sees it, and the anonymous visitor is sent to log in
    assert _titles(_search(world.client("outsider"), q="วงจรปิด")[1]) == [theirs.title]
    assert world.client("outsider").get(reverse("catalogue-entry", args=[entry.pk])).status_code == 200
    anonymous = Client().get(reverse("catalogue"))
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("login"))


def test_a_published_year_opens_its_measures_to_everyone(world: World) -> None:
    ours = _create(world.a, "จัดทำคู่มือการปฏิบัติงานด้านพัสดุ", indicator=4)
    outsider = world.client("outsider")
    assert _titles(_search(outsider, q="คู่มือ")[1]) == []
    approver = world.client("approver")
    approver.post(
        reverse("version-decide", args=[world.a.slug, world.version.pk]),
        {"decision": "approve", "opinion": "ok"},
    )
    # the measure added after submitting changed the data: the version is void, so submit and approve afresh
    world.client("coordinator").post(
        reverse("version-submit", args=[world.a.slug, YEAR]), {"kind": "implementation", "layout": "A"}
    )
    from prongsai.web.publication.models import DocumentVersion

    version = DocumentVersion.objects.filter(organisation=world.a, status="pending").latest("number")
    approver.post(reverse("version-decide", args=[world.a.slug, version.pk]), {"decision": "approve"})
    world.client("coordinator").post(reverse("version-publish", args=[world.a.slug, version.pk]))
    assert CatalogueEntry.objects.get(measure=ours).public
    assert _titles(_search(outsider, q="คู่มือ")[1]) == [ours.title]


def test_entries_follow_their_measures(world: World) -> None:
    measure = _create(world.a, "ประชุมชี้แจงแนวทางปฏิบัติ", questions=["i1"])
    measure_update(
        measure=measure,
        version=measure.version,
        fields={"title": "อบรมจริยธรรมเจ้าหน้าที่", "questions": ["i2", "i3"], "status": "completed"},
        units=None,
        user=AnonymousUser(),
    )
    entry = CatalogueEntry.objects.get(measure=measure)
    assert entry.title == "อบรมจริยธรรมเจ้าหน้าที่" and entry.status == "completed"
    client = world.client("coordinator")
    for code, expected in (("i1", []), ("i2", ["อบรมจริยธรรมเจ้าหน้าที่"]), ("i3", ["อบรมจริยธรรมเจ้าหน้าที่"])):
        assert _titles(_search(client, question=code)[1]) == expected
    assert _titles(_search(client, q="จริยธรรม")[1]) == ["อบรมจริยธรรมเจ้าหน้าที่"]
    assert _titles(_search(client, q="ชี้แจง")[1]) == []
    measure.delete()
    assert not CatalogueEntry.objects.filter(pk=entry.pk).exists()
    assert _titles(_search(client, q="จริยธรรม")[1]) == []


# --- effect ------------------------------------------------------------------------------------------------------

INDICATORS_BEFORE = ["80", "70", "75", "72", "78", "70", "72", "74", "75.30", "76"]
INDICATORS_AFTER = ["82", "80", "75", "70", "78", "71", "72", "74", "80", "76"]


def _scores(indicators: list[str], **questions: str) -> dict[str, str]:
    return {**{str(n): s for n, s in enumerate(indicators, 1)}, **questions}


def _organisation(n: int) -> Organisation:
    return Organisation.objects.create(
        name=f"องค์การบริหารส่วนตำบลตัวอย่าง {n}", type="อบต.", province="น่าน", slug=f"sample-{n}"
    )


def test_an_entry_states_the_change_of_what_it_answers(world: World) -> None:
    other = _organisation(1)
    for year, scores in (
        (YEAR - 1, _scores(INDICATORS_BEFORE, i7="60")),
        (YEAR, _scores(INDICATORS_AFTER, i7="75.5")),
    ):
        result_save(
            organisation=other, fiscal_year=year, framework_version=2566, scores=scores, user=AnonymousUser()
        )
    entry = _entry(
        "ประชาสัมพันธ์แผนการใช้จ่ายงบประมาณ", year=YEAR, organisation=other, indicator=2, questions=["i7"]
    )
    html = world.client("coordinator").get(reverse("catalogue-entry", args=[entry.pk])).content.decode()
    assert "i7: 60.00 → 75.50, +15.50" in html
    assert "2: 70.00 → 80.00, +10.00" in html
    assert f"คะแนนปี {YEAR - 1} → ปี {YEAR}" in html


def test_the_association_page_against_an_independent_computation(world: World) -> None:
    """Twelve organisations with results over three years; five organisation-years took a measure for
    indicator 9. The page's medians must be the standard library's over the raw generated scores."""
    import random

    rng = random.Random(16)
    raw: dict[tuple[int, int], Decimal] = {}
    organisations = [_organisation(n) for n in range(12)]
    for organisation in organisations:
        for year in (2564, 2565, 2566):
            values = [f"{rng.uniform(50, 100):.2f}" for _ in range(10)]
            result_save(
                organisation=organisation,
                fiscal_year=year,
                framework_version=2566 if year >= 2566 else 2565,
                scores=_scores(values),
                user=AnonymousUser(),
            )
            raw[organisation.pk, year] = Decimal(values[8])
    took = {(organisations[i].pk, y) for i, y in ((0, 2565), (1, 2565), (2, 2566), (3, 2566), (4, 2566))}
    for organisation_id, year in took:
        _entry("เปิดเผยข้อมูลบนเว็บไซต์", year=year, organisation_id=organisation_id, indicator=9)
    _entry("เปิดเผยข้อมูล (ไม่ได้ระบุหน่วยงาน)", year=2566, indicator=9)  # no organisation: no result to compare
    with_deltas = [float(raw[o, y] - raw[o, y - 1]) for (o, y) in took]
    without_deltas = [
        float(raw[o.pk, y] - raw[o.pk, y - 1])
        for o in organisations
        for y in (2565, 2566)
        if (o.pk, y) not in took
    ]
    # the world's organisation A has a result of YEAR - 1 only: no change to count
    html = world.client("coordinator").get(reverse("catalogue-effect", args=["9"])).content.decode()

    def cell(name: str) -> str:
        found = re.search(rf'class="{name}">([^<]*)<', html)
        assert found is not None, name
        return found.group(1)

    assert int(cell("with-count")) == len(with_deltas) == 5
    assert int(cell("without-count")) == len(without_deltas) == 19
    assert float(cell("with-median")) == pytest.approx(statistics.median(with_deltas), abs=0.005)
    assert float(cell("without-median")) == pytest.approx(statistics.median(without_deltas), abs=0.005)
    assert "ไม่ใช่หลักฐาน" in html


# --- suggestions and "use this" ----------------------------------------------------------------------------------


@pytest.fixture
def suggested(world: World) -> CatalogueEntry:
    """Public entries for A's weakest indicator (2, 70.00): one more like its name than the other."""
    other = _organisation(1)
    for year, scores in ((YEAR - 1, _scores(INDICATORS_BEFORE)), (YEAR, _scores(INDICATORS_AFTER))):
        result_save(
            organisation=other, fiscal_year=year, framework_version=2566, scores=scores, user=AnonymousUser()
        )
    _entry("จัดซื้อวัสดุสำนักงาน", year=YEAR, indicator=2, source="รายงานของเทศบาลตำบลหนึ่ง")
    return _entry(
        "เปิดเผยการใช้งบประมาณประจำปีให้บุคลากรทราบ",
        year=YEAR,
        organisation=other,
        indicator=2,
        tool="IIT",
        steps=["สรุปการใช้งบประมาณ", "ประกาศให้บุคลากรทราบ"],
        source="รายงานผลการดำเนินงานของ อบต.ตัวอย่าง",
    )


@pytest.mark.parametrize("page", ["analysis", "measure-new"])
def test_suggestions_show_where_the_coordinator_works(
    world: World, suggested: CatalogueEntry, page: str
) -> None:
    html = world.client("coordinator").get(reverse(page, args=[world.a.slug, YEAR])).content.decode()
    section = html[html.index("มาตรการแนะนำ") :]
    weakness = section[section.index("ตัวชี้วัดที่ 2 การใช้งบประมาณ") :]
    weakness = weakness[: weakness.index("<h3", 10)] if "<h3" in weakness[10:] else weakness
    titles = _titles(weakness)
    # both answer indicator 2; the one whose words are nearer the indicator's name (การใช้งบประมาณ) first
    assert titles == ["เปิดเผยการใช้งบประมาณประจำปีให้บุคลากรทราบ", "จัดซื้อวัสดุสำนักงาน"]
    assert "รายงานผลการดำเนินงานของ อบต.ตัวอย่าง" in weakness and "รายงานของเทศบาลตำบลหนึ่ง" in weakness
    assert "2: 70.00 → 80.00, +10.00" in weakness
    assert "ใช้มาตรการนี้" in weakness


def test_readers_see_suggestions_without_use_this(world: World, suggested: CatalogueEntry) -> None:
    html = world.client("officer").get(reverse("analysis", args=[world.a.slug, YEAR])).content.decode()
    assert "เปิดเผยการใช้งบประมาณประจำปีให้บุคลากรทราบ" in html and "ใช้มาตรการนี้" not in html


def test_use_this_makes_one_editable_measure(world: World, suggested: CatalogueEntry) -> None:
    client = world.client("coordinator")
    address = reverse("catalogue-use", args=[world.a.slug, YEAR, suggested.pk])
    before = Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).count()
    first = client.post(address, {"token": "a" * 22})
    measure = Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).latest("id")
    assert first.status_code == 302 and first["Location"] == reverse(
        "measure-edit", args=[world.a.slug, measure.pk]
    )
    assert (measure.title, measure.steps, measure.indicator, measure.tool) == (
        suggested.title,
        suggested.steps,
        2,
        "IIT",
    )
    again = client.post(address, {"token": "a" * 22}, follow=True)  # the double click
    assert "นำมาตรการนี้ไปใช้แล้ว" in again.content.decode()
    assert Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).count() == before + 1
    assert AuditEntry.objects.filter(
        organisation=world.a, action="catalogue.use", object_id=str(measure.pk)
    ).exists()
    assert client.get(first["Location"]).status_code == 200  # the form to edit it
    assert client.post(address, {"token": "bad"}).status_code == 302
    assert Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).count() == before + 1


def test_use_this_needs_an_entry_the_person_may_see(world: World) -> None:
    theirs = _create(world.b, "มาตรการที่ยังไม่เผยแพร่")
    entry = CatalogueEntry.objects.get(measure=theirs)
    response = world.client("coordinator").post(
        reverse("catalogue-use", args=[world.a.slug, YEAR, entry.pk]), {"token": "b" * 22}
    )
    assert response.status_code == 404
    assert not Measure.objects.filter(organisation=world.a, title=theirs.title).exists()


# --- import ------------------------------------------------------------------------------------------------------


def test_the_administrator_imports_public_documents(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    from prongsai.frameworks import load_frameworks
    from prongsai.ingest import read_document

    files = [REPORTS / "000_de1b7201f0902fe8.txt", REPORTS / "004_3b22ee2cf32a65f3.txt"]
    expected = sum(len(read_document(f, load_frameworks()).measures) for f in files)
    assert prongsai(["import", "--catalogue", "--source", "เว็บไซต์ของหน่วยงาน", *map(str, files)]) == 0
    entries = CatalogueEntry.objects.filter(origin="imported")
    assert entries.count() == expected and all(e.public for e in entries)
    assert {e.source for e in entries} == {f"เว็บไซต์ของหน่วยงาน: {f.name}" for f in files}
    assert f"นำเข้าคลังมาตรการ {expected} รายการ" in capsys.readouterr().out
    assert prongsai(["import", "--catalogue", "--source", "เว็บไซต์ของหน่วยงาน", *map(str, files)]) == 0
    assert entries.count() == expected  # the same batch again adds nothing
    assert AuditEntry.objects.filter(action="catalogue.import").count() == 2
    found = _titles(_search(world.client("outsider"), q="ร้องเรียน")[1])
    imported = {" ".join(t.split()) for t in entries.values_list("title", flat=True)}
    assert found and set(found) <= imported


def test_a_bad_file_in_the_batch_stores_nothing(
    world: World, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "ว่าง.txt"
    bad.write_text("ไม่มีมาตรการในไฟล์นี้", encoding="utf-8")
    good = REPORTS / "000_de1b7201f0902fe8.txt"
    assert prongsai(["import", "--catalogue", "--source", "ทดสอบ", str(good), str(bad)]) == 2
    assert "ผิดพลาด" in capsys.readouterr().err
    assert prongsai(["import", "--catalogue", str(good)]) == 2
    assert "--source" in capsys.readouterr().err
    assert not CatalogueEntry.objects.exists()


def test_the_groups_heads_agree_with_counting_afresh(world: World) -> None:
    """Search reads each group's head; counting the published copies afresh in plain Python gives the same
    groups, counts and order (the copies' years and publication drawn at random)."""
    import random

    rng = random.Random(5)
    texts = ["ประชาสัมพันธ์ช่องทางการร้องเรียน", "เผยแพร่ข้อมูลการร้องเรียน", "อบรมการร้องเรียนออนไลน์", "ซ่อมถนน"]
    for _ in range(40):
        _entry(rng.choice(texts), year=rng.choice([2565, 2566, 2567]), public=rng.random() < 0.8)
    published = list(CatalogueEntry.objects.filter(public=True).order_by("id"))
    for query in ("ร้องเรียน", "ประชาสัมพันธ์", "ถนน"):
        groups: dict[str, list[CatalogueEntry]] = {}
        for entry in published:
            if query in entry.title:
                groups.setdefault(entry.duplicate_key, []).append(entry)
        newest = [(copies[-1], len(copies)) for copies in groups.values()]
        newest.sort(key=lambda g: (-g[1], -g[0].fiscal_year, -g[0].pk))
        html = _search(world.client("outsider"), q=query)[1]
        assert _titles(html) == [entry.title for entry, _ in newest], query
        for _, count in newest:
            assert count == 1 or f"ใช้ {count} แห่ง/ครั้ง" in html


def test_a_file_that_cannot_be_read_stores_nothing(world: World, tmp_path: Path) -> None:
    broken = tmp_path / "รายงาน.pdf"
    broken.write_bytes(b"%PDF-1.7 not really a PDF")
    good = REPORTS / "000_de1b7201f0902fe8.txt"
    assert prongsai(["import", "--catalogue", "--source", "ทดสอบ", str(good), str(broken)]) == 2
    assert not CatalogueEntry.objects.exists()


def test_the_demo_shows_suggestions_for_every_weakness(db: None, capsys: pytest.CaptureFixture[str]) -> None:
    """Each demo organisation's analysis page: every weakness has suggestions with their source, the national
    sample's measures state their effect, and "use this" makes a measure to edit."""
    from django.core.management import call_command

    from prongsai.web.programme.models import Result
    from prongsai.web.programme.services import result_analysis

    call_command("demo_data")
    client = Client()
    assert client.login(username="admin", password="prongsai-demo")
    for slug in ("nongpakor", "bankham", "namjo"):
        organisation = Organisation.objects.get(slug=slug)
        year = Measure.objects.filter(organisation=organisation).values_list("fiscal_year", flat=True).first()
        assert year is not None
        result = Result.objects.get(organisation=organisation, fiscal_year=year - 1)
        weaknesses = result_analysis(result)[1].urgent[:10]
        assert weaknesses, slug
        html = client.get(reverse("analysis", args=[slug, year])).content.decode()
        section = html[html.index("มาตรการแนะนำ") :]
        blocks = section.split('<h3 class="weakness">')[1:]
        assert len(blocks) == len(weaknesses), slug
        for finding, block in zip(weaknesses, blocks, strict=True):
            assert finding.name in block
            assert _titles(block), (slug, finding.code)
            assert block.count("แหล่งที่มา:") == len(_titles(block))
        assert re.search(r"\d+: \d+\.\d\d → \d+\.\d\d, [+-]?\d+\.\d\d", section), slug
    entry = CatalogueEntry.objects.filter(group_head=True, indicator=2).first()
    assert entry is not None
    response = client.post(reverse("catalogue-use", args=["namjo", 2566, entry.pk]), {"token": "c" * 22})
    made = Measure.objects.filter(organisation__slug="namjo", fiscal_year=2566).latest("id")
    assert (
        response["Location"] == reverse("measure-edit", args=["namjo", made.pk]) and made.title == entry.title
    )
