"""A submitted version is voided by a change of the year's data, when it is written, and by nothing else.

A change of software (the composer, the wording of the memo) voids nothing; reading a page never writes.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.core import compose
from prongsai.web.programme import documents
from prongsai.web.programme.models import Measure
from prongsai.web.programme.services import measure_update, result_save
from prongsai.web.publication.models import DocumentVersion
from prongsai.web.publication.services import version_submit
from tests.web.conftest import YEAR, World
from tests.web.test_programme import SCORES, _measure_form
from tests.web.test_publication import decide

Write = Callable[[World], tuple[Client, str, dict[str, object]]]


def _edit(w: World) -> tuple[Client, str, dict[str, object]]:
    address = reverse("measure-edit", args=[w.a.slug, w.measure.pk])
    return w.client("coordinator"), address, _measure_form(w, title="ชื่อใหม่", version=1)


def _progress(w: World) -> tuple[Client, str, dict[str, object]]:
    address = reverse("progress-new", args=[w.a.slug, w.measure.pk])
    return w.client("officer"), address, {"date": "2023-03-01", "text": "ประชุมแล้ว"}


def _outcome(w: World) -> tuple[Client, str, dict[str, object]]:
    address = reverse("outcome", args=[w.a.slug, w.measure.pk])
    return w.client("officer"), address, {"status": "completed", "summary": "เสร็จแล้ว", "version": 1}


def _new_measure(w: World) -> tuple[Client, str, dict[str, object]]:
    address = reverse("measure-new", args=[w.a.slug, YEAR])
    return (
        w.client("coordinator"),
        address,
        {"group": "urgent", "title": "มาตรการเพิ่ม", "units": [w.finance.pk]},
    )


def _result(w: World) -> tuple[Client, str, dict[str, object]]:
    address = reverse("result", args=[w.a.slug, YEAR])  # the page of year Y saves the result of Y - 1
    return w.client("coordinator"), address, {"framework_version": "2566", "scores": SCORES}


WRITES: dict[str, tuple[Write, str]] = {
    "a measure edited": (_edit, "แก้ไขมาตรการที่ 1"),
    "progress reported": (_progress, "รายงานความก้าวหน้ามาตรการที่ 1"),
    "an outcome set": (_outcome, "แก้ไขมาตรการที่ 1"),
    "a measure added": (_new_measure, "เพิ่มมาตรการที่ 3"),
    "the result re-entered": (_result, "ผลการประเมินปี 2565"),
}


def status(version: DocumentVersion) -> tuple[str, str]:
    version.refresh_from_db()
    return version.status, version.void_reason


@pytest.mark.parametrize("write", WRITES)
def test_a_data_write_voids_the_version_at_once_and_the_page_says_why(world: World, write: str) -> None:
    make, change = WRITES[write]
    client, address, data = make(world)
    assert client.post(address, data).status_code == 302
    state, reason = status(world.version)  # voided by the write, before anyone opens a page
    assert state == "void" and reason == f"ข้อมูลของปีเปลี่ยนหลังส่ง ({change}) ต้องส่งฉบับใหม่"
    page = world.client("coordinator").get(reverse("approvals", args=[world.a.slug, YEAR])).content.decode()
    assert "ยกเลิก" in page and reason in page


def test_the_void_belongs_to_the_writing_transaction(world: World) -> None:
    seen_inside = []

    def write_then_fail() -> None:
        with transaction.atomic():
            measure_update(
                measure=world.measure,
                version=1,
                fields={"title": "ชื่อใหม่"},
                units=None,
                user=world.users["admin"],
            )
            seen_inside.append(status(world.version)[0])
            raise RuntimeError("the write fails after the void")

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert seen_inside == ["void"]
    assert status(world.version) == ("pending", "")  # rolled back together with the write


def test_a_save_that_changes_no_data_voids_nothing(world: World) -> None:
    measure_update(
        measure=world.measure,
        version=1,
        fields={"title": world.measure.title},
        units=None,
        user=world.users["coordinator"],
    )
    scores = {
        str(n): s for n, s in enumerate(["80", "70", "75", "72", "78", "70", "72", "74", "75.30", "76"], 1)
    }
    result_save(
        organisation=world.a,
        fiscal_year=YEAR - 1,
        framework_version=2566,
        scores=scores,
        user=world.users["coordinator"],
    )  # the fixture's own result, saved again
    assert status(world.version) == ("pending", "")


def test_each_document_is_voided_by_its_own_data_only(world: World) -> None:
    analysis = version_submit(
        organisation=world.a, year=YEAR, kind="analysis", layout="A", user=world.users["coordinator"]
    )
    plan = version_submit(
        organisation=world.a, year=YEAR, kind="measures", layout="A", user=world.users["coordinator"]
    )
    client = world.client("officer")
    client.post(
        reverse("progress-new", args=[world.a.slug, world.measure.pk]),
        {"date": "2023-03-01", "text": "ทำแล้ว"},
    )
    # progress is in the implementation report only
    assert [status(v)[0] for v in (world.version, plan, analysis)] == ["void", "pending", "pending"]
    world.client("coordinator").post(
        reverse("analysis", args=[world.a.slug, YEAR]),
        {"analysis_text": "ก", "practice_text": "ข", "version": 1},
    )
    assert [status(v)[0] for v in (plan, analysis)] == ["pending", "void"]
    assert "แก้ไขการวิเคราะห์ผล" in status(analysis)[1]
    # the plan of the measures is in all three (the analysis lists them under the weaknesses they answer)
    versions = [
        version_submit(
            organisation=world.a, year=YEAR, kind=kind, layout="A", user=world.users["coordinator"]
        )
        for kind in ("implementation", "analysis")
    ]
    measure_update(
        measure=world.measure,
        version=1,
        fields={"title": "ชื่อใหม่"},
        units=None,
        user=world.users["coordinator"],
    )
    assert [status(v)[0] for v in (*versions, plan)] == ["void", "void", "void"]


def _new_software(monkeypatch: pytest.MonkeyPatch) -> None:
    """What an upgrade may change: the memo's wording and the sentence that states the result."""
    monkeypatch.setitem(compose.MEMO_SUBJECTS, "implementation", "รายงานผลตามมาตรการ (ถ้อยคำฉบับปรับปรุง)")
    monkeypatch.setattr(documents, "describe_result", lambda *args, **kwargs: "ผลการประเมินตามถ้อยคำใหม่")


def test_a_change_of_software_or_wording_voids_nothing(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    _new_software(monkeypatch)
    page = world.client("approver").get(reverse("approvals", args=[world.a.slug, YEAR])).content.decode()
    assert status(world.version) == ("pending", "") and "รออนุมัติ" in page
    decide(world.client("approver"), world, world.version, opinion="อนุมัติ")
    assert status(world.version) == ("approved", "")  # approved under the new software, as submitted


def test_no_page_read_writes_to_the_database(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    decide(world.client("approver"), world, world.version, opinion="เห็นควรเผยแพร่")
    world.client("coordinator").post(reverse("version-publish", args=[world.a.slug, world.version.pk]))
    pending = version_submit(
        organisation=world.a, year=YEAR, kind="measures", layout="A", user=world.users["coordinator"]
    )
    _new_software(monkeypatch)
    slug = world.a.slug
    reads = [
        (world.client("coordinator"), reverse("approvals", args=[slug, YEAR])),
        (world.client("approver"), reverse("approvals", args=[slug, YEAR])),
        (Client(), reverse("public-index")),
        (Client(), reverse("public-organisation", args=[slug])),
        (Client(), reverse("public-year", args=[slug, YEAR])),
        (Client(), reverse("public-file", args=[slug, YEAR, "implementation", 1, "pdf"])),
        (Client(), reverse("public-open-data", args=[slug, YEAR, "csv"])),
        (Client(), reverse("public-open-data", args=[slug, YEAR, "json"])),
    ]
    with CaptureQueriesContext(connection) as queries:
        statuses = [client.get(address).status_code for client, address in reads]
    assert statuses == [200] * len(reads)
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}
    ]
    assert writes == []
    assert status(pending) == ("pending", "")


def test_data_changed_outside_the_services_is_caught_when_deciding(world: World) -> None:
    """A write that bypassed the services (the admin site, a write racing the submission) still voids the
    version before anyone approves it: the decision compares the data rows' hash, on its POST."""
    Measure.objects.filter(pk=world.measure.pk).update(title="แก้ในหน้าผู้ดูแลระบบ")
    assert status(world.version) == ("pending", "")
    page = decide(world.client("approver"), world, world.version, opinion="อนุมัติ")
    assert status(world.version) == ("void", "ข้อมูลของปีเปลี่ยนหลังส่ง (ข้อมูลเปลี่ยนระหว่างส่ง) ต้องส่งฉบับใหม่")
    assert "ฉบับนี้ไม่ได้รออนุมัติ" in page and not world.version.approvals.exists()


def test_a_version_from_before_data_hashes_stands_until_the_next_write(world: World) -> None:
    """Versions submitted before versions kept a data hash (the migration leaves it empty) can be approved as
    they stand; any later write of their year's data voids them, since what they were made from is unknown."""
    DocumentVersion.objects.filter(pk=world.version.pk).update(data_hash="")
    plan = version_submit(
        organisation=world.a, year=YEAR, kind="measures", layout="A", user=world.users["coordinator"]
    )
    DocumentVersion.objects.filter(pk=plan.pk).update(data_hash="")
    decide(world.client("approver"), world, plan)
    assert status(plan) == ("approved", "")
    world.client("officer").post(
        reverse("progress-new", args=[world.a.slug, world.measure.pk]),
        {"date": "2023-03-01", "text": "ทำแล้ว"},
    )
    assert [status(v)[0] for v in (world.version, plan)] == ["void", "void"]


def test_changes_in_the_admin_site_void_too(world: World) -> None:
    admin = world.client("admin")
    measure = world.measure
    form = {
        "organisation": world.a.pk,
        "fiscal_year": YEAR,
        "number": measure.number,
        "group": measure.group,
        "title": "แก้ในหน้าผู้ดูแลระบบ",
        "questions": "[]",
        "steps": '["จัดทำสรุป"]',
        "units": [u.pk for u in measure.units.all()],
        "status": "unknown",
    }
    response = admin.post(reverse("admin:programme_measure_change", args=[measure.pk]), form)
    assert response.status_code == 302
    assert status(world.version) == (
        "void",
        "ข้อมูลของปีเปลี่ยนหลังส่ง (แก้ไขในหน้าผู้ดูแลระบบ: มาตรการที่ 1) ต้องส่งฉบับใหม่",
    )
    plan = version_submit(
        organisation=world.a, year=YEAR, kind="measures", layout="A", user=world.users["coordinator"]
    )
    response = admin.post(
        reverse("admin:programme_measure_delete", args=[world.other_measure.pk]), {"post": "yes"}
    )
    assert response.status_code == 302
    assert status(plan) == ("void", "ข้อมูลของปีเปลี่ยนหลังส่ง (แก้ไขในหน้าผู้ดูแลระบบ: ลบมาตรการ) ต้องส่งฉบับใหม่")
