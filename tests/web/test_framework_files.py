"""A new year's framework without a release: the site administrator uploads a file, sees what it changes, then
activates it; results entered for a year that had no framework of its own are marked, then re-scored."""

from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from prongsai.web.frameworks import registry
from prongsai.web.frameworks.models import FrameworkFile
from prongsai.web.organisations.models import AuditEntry
from prongsai.web.programme.models import Result
from prongsai.web.programme.services import result_save
from tests.core.test_frameworks import VALIDATION_CASES
from tests.web.conftest import World
from tests.web.test_documents import pdf_text, squeeze

pytestmark = pytest.mark.web

SCORES = {str(n): s for n, s in enumerate(["90", "88", "86", "92", "95", "87", "89", "91", "84", "96"], 1)}


def _raw(version: int) -> dict[str, Any]:
    text = resources.files("prongsai.frameworks").joinpath(f"ita{version}.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _yaml(data: dict[str, Any]) -> bytes:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode()


def _ita2570() -> dict[str, Any]:
    """2569's file made 2570's: a stricter ผ่าน (90, not 85) and one OIT item renamed."""
    data = copy.deepcopy(_raw(2569))
    data["version"] = 2570
    data["title"] = "ITA 2570 (ปีงบประมาณ พ.ศ. 2570)"
    for rule in data["grading"]["rules"]:
        if rule["label"] in ("ผ่านดี", "ผ่าน"):
            rule["min_total"] = 90
    data["oit_items"]["entries"][0]["title"] = "โครงสร้างองค์กร (ชื่อใหม่)"
    return data


def _upload(world: World, data: bytes, name: str = "ita2570.yaml") -> Any:
    return world.client("admin").post(
        reverse("framework-files"), {"file": SimpleUploadedFile(name, data)}, follow=True
    )


def _act(world: World, file: FrameworkFile, action: str) -> Any:
    return world.client("admin").post(
        reverse("framework-file-action", args=[file.pk]), {"action": action}, follow=True
    )


def test_a_year_without_its_framework_is_marked_then_rescored(world: World) -> None:
    result_save(
        organisation=world.a,
        fiscal_year=2570,
        framework_version=2569,
        scores=SCORES,
        user=world.users["coordinator"],
    )
    stored = Result.objects.get(organisation=world.a, fiscal_year=2570)
    # 0.3 × 90.2 + 0.3 × 89 + 0.4 × 90 = 89.76, every tool at least 85: ผ่านดี under 2569's rules
    assert (str(stored.total), stored.grade) == ("89.76", "ผ่านดี")
    client = world.client("coordinator")
    for name in ("dashboard", "result", "analysis", "measures"):
        page = client.get(reverse(name, args=[world.a.slug, 2571])).content.decode()
        assert "คิดตามกรอบการประเมินปี 2569 เพราะระบบยังไม่มีกรอบของปี 2570" in page, name
    assert (
        "ยังไม่มีกรอบของปี 2570"
        not in client.get(reverse("dashboard", args=[world.a.slug, 2567])).content.decode()
    )
    analysis = client.get(reverse("document-file", args=[world.a.slug, 2571, "analysis", "pdf"])).content
    assert squeeze("คิดตามกรอบการประเมินปี ๒๕๖๙ เพราะยังไม่มีกรอบของปี ๒๕๗๐") in pdf_text(analysis)

    page = _upload(world, _yaml(_ita2570())).content.decode()
    file = FrameworkFile.objects.get()
    assert file.state == FrameworkFile.PENDING and 2570 not in registry().versions  # nothing in force yet
    assert "ความเปลี่ยนแปลงจากกรอบปี 2569 ที่ใช้อยู่ (ยังไม่มีกรอบของปี 2570)" in page
    assert "โครงสร้างองค์กร (ชื่อใหม่)" in page and "คะแนนรวม ≥ 90.00" in page

    page = _act(world, file, "activate").content.decode()
    assert "คิดคะแนนใหม่ 1 รายการ" in page
    stored.refresh_from_db()
    assert (stored.framework_version, stored.grade) == (2570, "ต้องปรับปรุง")
    assert 2570 in registry().versions
    entry = AuditEntry.objects.get(action="result.rescore", organisation=world.a)
    assert entry.before == {"framework": 2569, "total": "89.76", "grade": "ผ่านดี"}
    assert entry.after == {"framework": 2570, "total": "89.76", "grade": "ต้องปรับปรุง"}  # ผ่าน now needs 90
    assert AuditEntry.objects.filter(action="framework.activate").count() == 1
    assert (
        "ยังไม่มีกรอบของปี 2570"
        not in client.get(reverse("dashboard", args=[world.a.slug, 2571])).content.decode()
    )


def test_the_previous_file_stays_and_can_be_restored(world: World) -> None:
    first = _ita2570()
    _upload(world, _yaml(first), "first.yaml")
    second = copy.deepcopy(first)
    second["oit_items"]["entries"][0]["title"] = "ชื่อที่สอง"
    _upload(world, _yaml(second), "second.yaml")
    one, two = FrameworkFile.objects.order_by("pk")
    _act(world, one, "activate")
    _act(world, two, "activate")
    one.refresh_from_db()
    assert one.state == FrameworkFile.RETIRED
    assert registry().get(2570).oit_items[0].title == "ชื่อที่สอง"
    page = world.client("admin").get(reverse("framework-file", args=[one.pk])).content.decode()
    assert "นำไฟล์นี้กลับมาใช้" in page and "ชื่อที่สอง" in page  # restoring shows what it changes back
    _act(world, one, "activate")
    assert registry().get(2570).oit_items[0].title == "โครงสร้างองค์กร (ชื่อใหม่)"
    # 2570 has no shipped file to go back to
    page = _act(world, one, "withdraw").content.decode()
    assert "ไม่มีกรอบการประเมินปี 2570 ที่มากับโปรแกรม" in page
    assert FrameworkFile.objects.get(pk=one.pk).state == FrameworkFile.ACTIVE


def test_a_corrected_shipped_year_and_back(world: World) -> None:
    data = _raw(2566)
    data["indicators"][0]["name"] = "การปฏิบัติหน้าที่ (แก้ไข)"
    _upload(world, _yaml(data), "ita2566-fix.yaml")
    file = FrameworkFile.objects.get()
    _act(world, file, "activate")
    assert registry().get(2566).indicators[0].name == "การปฏิบัติหน้าที่ (แก้ไข)"
    page = _act(world, file, "withdraw").content.decode()
    assert "กลับไปใช้กรอบที่มากับโปรแกรมแล้ว" in page
    assert registry().get(2566).indicators[0].name == "การปฏิบัติหน้าที่"


def test_activation_that_cannot_rescore_changes_nothing(world: World) -> None:
    """A stored result with an OIT item the new file does not know: refused, the file stays pending."""
    result_save(
        organisation=world.a,
        fiscal_year=2570,
        framework_version=2569,
        scores={**SCORES, "O26": "100"},
        user=world.users["coordinator"],
    )
    data = _ita2570()
    data["oit_items"]["entries"] = [e for e in data["oit_items"]["entries"] if e["code"] != "O26"]
    data["documents"] = {k: v for k, v in data["documents"].items() if v != "O26"}
    _upload(world, _yaml(data))
    file = FrameworkFile.objects.get()
    page = _act(world, file, "activate").content.decode()
    assert "เปิดใช้ไม่ได้" in page and "องค์การบริหารส่วนตำบลทดสอบ ปี 2570" in page
    file.refresh_from_db()
    assert file.state == FrameworkFile.PENDING
    assert Result.objects.get(fiscal_year=2570).framework_version == 2569
    assert 2570 not in registry().versions
    assert not AuditEntry.objects.filter(action__in=["framework.activate", "result.rescore"]).exists()


@pytest.mark.parametrize(
    ("case", "mutate", "entry", "problem"), VALIDATION_CASES, ids=[c[0] for c in VALIDATION_CASES]
)
def test_the_upload_page_refuses_every_kind_of_error(
    world: World, case: str, mutate: Any, entry: str, problem: str
) -> None:
    data = _raw(2566)
    mutate(data)
    audited = AuditEntry.objects.count()
    page = _upload(world, _yaml(data), "broken.yaml").content.decode()
    assert "broken.yaml" in page and (
        f"{entry}:" in page if entry else True
    )  # the file, the entry, the problem
    assert not FrameworkFile.objects.exists() and AuditEntry.objects.count() == audited


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"version: [", "อ่าน YAML ไม่ได้"),
        ("ปี: ๒๕๗๐".encode("utf-16"), "UTF-8"),
        (b"x" * 2_000_001, "ใหญ่เกิน"),
    ],
)
def test_files_that_are_not_framework_files(world: World, content: bytes, message: str) -> None:
    page = _upload(world, content, "bad.yaml").content.decode()
    assert message in page
    assert not FrameworkFile.objects.exists()


def test_only_the_site_administrator(world: World) -> None:
    _upload(world, _yaml(_ita2570()))
    file = FrameworkFile.objects.get()
    addresses = [
        ("get", reverse("framework-files")),
        ("get", reverse("framework-file", args=[file.pk])),
        ("post", reverse("framework-file-action", args=[file.pk])),
    ]
    for role in ("coordinator", "approver", "overseer", "officer"):
        for method, address in addresses:
            response = getattr(world.client(role), method)(address, {"action": "activate"})
            assert response.status_code == 403, (role, address)
    for method, address in addresses:
        response = getattr(world.client("anonymous"), method)(address)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert world.client("admin").get(reverse("framework-file", args=[file.pk + 99])).status_code == 404
    assert world.client("admin").get(reverse("framework-file-action", args=[file.pk])).status_code == 405
    assert FrameworkFile.objects.get().state == FrameworkFile.PENDING


def test_looking_writes_nothing(world: World) -> None:
    _upload(world, _yaml(_ita2570()))
    file = FrameworkFile.objects.get()
    admin = world.client("admin")
    for address in (reverse("framework-files"), reverse("framework-file", args=[file.pk])):
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(address).status_code == 200
        writes = [q["sql"] for q in captured if q["sql"].split()[0].upper() in {"INSERT", "UPDATE", "DELETE"}]
        assert writes == []
