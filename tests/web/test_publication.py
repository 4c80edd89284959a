"""The approval chain, versions that freeze their content, and publication at stable public addresses."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pypdfium2
import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pythainlp.util import normalize

from prongsai.core.thai import format_date
from prongsai.web.organisations.models import AuditEntry, Membership
from prongsai.web.programme.services import measure_update
from prongsai.web.publication.models import ApprovalStep, DocumentVersion, Publication
from prongsai.web.publication.services import next_step, version_submit
from tests.web.conftest import PASSWORD, YEAR, World


@pytest.fixture
def mayor(world: World) -> User:
    """A second level: the approver (ปลัด) first, then the mayor (นายก)."""
    user = User.objects.create_user(username="mayor", password=PASSWORD, first_name="นายก ทดสอบ")
    membership = Membership.objects.create(
        user=user, organisation=world.a, role=Membership.APPROVER, position="นายกองค์การบริหารส่วนตำบล"
    )
    ApprovalStep.objects.create(organisation=world.a, order=2, approver=membership)
    return user


def decide(
    client: Client, world: World, version: DocumentVersion, approve: bool = True, opinion: str = ""
) -> str:
    response = client.post(
        reverse("version-decide", args=[world.a.slug, version.pk]),
        {"decision": "approve" if approve else "return", "opinion": opinion},
        follow=True,
    )
    return response.content.decode()


def as_user(username: str) -> Client:
    client = Client()
    assert client.login(username=username, password=PASSWORD)
    return client


def test_the_chain_is_followed_in_order(world: World, mayor: User) -> None:
    version = world.version
    assert (
        as_user("mayor")
        .post(reverse("version-decide", args=[world.a.slug, version.pk]), {"decision": "approve"})
        .status_code
        == 403
    )  # not yet the mayor's turn
    assert (
        world.client("officer")
        .post(reverse("version-decide", args=[world.a.slug, version.pk]), {"decision": "approve"})
        .status_code
        == 403
    )  # not in the chain
    assert (
        world.client("outsider")
        .post(reverse("version-decide", args=[world.a.slug, version.pk]), {"decision": "approve"})
        .status_code
        == 404
    )
    decide(world.client("approver"), world, version, opinion="เห็นควรอนุมัติ")
    version.refresh_from_db()
    assert version.status == "pending"
    assert (
        as_user("approver")
        .post(reverse("version-decide", args=[world.a.slug, version.pk]), {"decision": "approve"})
        .status_code
        == 403
    )  # no second say
    decide(as_user("mayor"), world, version, opinion="อนุมัติ")
    version.refresh_from_db()
    assert version.status == "approved"
    assert [a.position for a in version.approvals.all()] == [
        "ปลัดองค์การบริหารส่วนตำบล",
        "นายกองค์การบริหารส่วนตำบล",
    ]


def test_a_return_needs_its_reason(world: World) -> None:
    page = decide(world.client("approver"), world, world.version, approve=False)
    assert "กรุณาระบุเหตุที่ส่งกลับ" in page
    decide(world.client("approver"), world, world.version, approve=False, opinion="แก้ไขระยะเวลา")
    world.version.refresh_from_db()
    assert world.version.status == "returned"


def test_an_edit_voids_the_version_and_its_approvals(world: World, mayor: User) -> None:
    decide(world.client("approver"), world, world.version)
    measure_update(
        measure=world.measure,
        version=1,
        fields={"title": "ชื่อใหม่"},
        units=None,
        user=world.users["coordinator"],
    )
    world.version.refresh_from_db()  # voided by the edit itself
    assert world.version.status == "void" and "แก้ไขมาตรการที่ 1" in world.version.void_reason
    page = decide(as_user("mayor"), world, world.version)
    assert "ฉบับนี้ไม่ได้รออนุมัติ" in page
    again = version_submit(
        organisation=world.a, year=YEAR, kind="implementation", layout="A", user=world.users["coordinator"]
    )
    assert again.number == 2 and again.status == "pending" and not again.approvals.exists()


def _publish(world: World) -> Publication:
    decide(world.client("approver"), world, world.version, opinion="เห็นควรเผยแพร่")
    world.client("coordinator").post(reverse("version-publish", args=[world.a.slug, world.version.pk]))
    return Publication.objects.get(version=world.version)


def test_published_address_keeps_serving_the_same_bytes(world: World) -> None:
    anonymous = Client()
    year_page = reverse("public-year", args=[world.a.slug, YEAR])
    file_url = reverse("public-file", args=[world.a.slug, YEAR, "implementation", 1, "pdf"])
    assert anonymous.get(year_page).status_code == 404  # nothing published yet
    assert anonymous.get(file_url).status_code == 404
    publication = _publish(world)
    first = anonymous.get(file_url).content
    assert first == publication.pdf.open("rb").read() and first.startswith(b"%PDF")
    measure_update(
        measure=world.measure,
        version=1,
        fields={"title": "แก้ไขหลังเผยแพร่"},
        units=None,
        user=world.users["coordinator"],
    )
    version_submit(
        organisation=world.a, year=YEAR, kind="implementation", layout="A", user=world.users["coordinator"]
    )
    assert anonymous.get(file_url).content == first  # the old address, the same bytes
    page = anonymous.get(year_page).content.decode()
    assert "O43" in page and "เผยแพร่แผนการใช้จ่ายงบประมาณ" in page
    assert world.a.name in anonymous.get(reverse("public-index")).content.decode()


def test_the_published_memo_carries_the_opinions(world: World) -> None:
    publication = _publish(world)
    document = pypdfium2.PdfDocument(publication.pdf.open("rb").read())
    text = re.sub(r"\s+", "", normalize("".join(p.get_textpage().get_text_range() for p in document)))
    assert re.sub(r"\s+", "", "ความเห็นของปลัดองค์การบริหารส่วนตำบล") in text
    assert "เห็นควรเผยแพร่" in text and "approver" in text
    # the day the approver signed stands on the signature's date line, not blank dots
    signed = "วันที่" + re.sub(r"\s+", "", format_date(timezone.localdate()))
    assert signed in text[text.index("เห็นควรเผยแพร่") :]
    assert "วันที่........" not in text[text.index("เห็นควรเผยแพร่") :]


def test_open_data(world: World) -> None:
    _publish(world)
    anonymous = Client()
    data = json.loads(anonymous.get(reverse("public-open-data", args=[world.a.slug, YEAR, "json"])).content)
    assert [m["measure"] for m in data["measures"]] == ["เผยแพร่แผนการใช้จ่ายงบประมาณ", "ซ่อมถนน"]
    assert data["measures"][0]["responsible"] == "กองคลัง (งานพัสดุ)"
    csv = anonymous.get(reverse("public-open-data", args=[world.a.slug, YEAR, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert csv.splitlines()[0].startswith("ลำดับ (number),แบบวัด (tool),ตัวชี้วัด (indicator)") and "ซ่อมถนน" in csv


@pytest.mark.parametrize("role", ["anonymous", "outsider"])
def test_private_evidence_and_drafts_stay_private(world: World, role: str) -> None:
    client = world.client(role)
    evidence = reverse("public-evidence", args=[world.a.slug, world.evidence.pk])
    assert client.get(evidence).status_code == 404  # not published, not public
    _publish(world)
    assert client.get(evidence).status_code == 404  # published year, but the file is not marked public
    world.evidence.public = True
    world.evidence.original_name = 'ภาพถ่าย "ประชุม".png'
    world.evidence.save()
    response = client.get(evidence)
    assert response.status_code == 200
    # the uploader's Thai name, quotes and all, in the form browsers decode (RFC 6266 filename*)
    assert response["Content-Disposition"] == "inline; filename*=utf-8''" + quote('ภาพถ่าย "ประชุม".png')
    assert (
        client.get(reverse("public-year", args=[world.b.slug, YEAR])).status_code == 404
    )  # B published nothing
    assert client.get(reverse("public-evidence", args=[world.b.slug, world.b_evidence.pk])).status_code == 404


def test_submitting_needs_a_chain_and_a_change(world: World) -> None:
    page = (
        world.client("coordinator")
        .post(
            reverse("version-submit", args=[world.a.slug, YEAR]),
            {"kind": "implementation", "layout": "A"},
            follow=True,
        )
        .content.decode()
    )
    assert "ฉบับนี้ส่งไปแล้วและเนื้อหายังไม่เปลี่ยน" in page
    ApprovalStep.objects.filter(organisation=world.a).delete()
    page = (
        world.client("coordinator")
        .post(
            reverse("version-submit", args=[world.a.slug, YEAR]),
            {"kind": "measures", "layout": "A"},
            follow=True,
        )
        .content.decode()
    )
    assert "ยังไม่ได้กำหนดสายการอนุมัติ" in page


def test_the_public_year_states_the_result(world: World) -> None:
    _publish(world)
    page = Client().get(reverse("public-year", args=[world.a.slug, YEAR])).content.decode()
    assert "ได้รับผลการประเมิน ITA คะแนน ๗๔.๓๖ อยู่ในระดับ C" in page


def test_the_coordinator_sets_the_chain(world: World, mayor: User) -> None:
    # no document waits for a decision (the chain is kept as it is while one does: the next test)
    DocumentVersion.objects.filter(pk=world.version.pk).update(status=DocumentVersion.VOID)
    approver = Membership.objects.get(user=world.users["approver"], organisation=world.a)
    mayor_membership = Membership.objects.get(user=mayor)
    client = world.client("coordinator")
    address = reverse("approval-chain", args=[world.a.slug])
    assert "ปลัดองค์การบริหารส่วนตำบล" in client.get(address).content.decode()
    client.post(address, {f"order-{approver.pk}": "2", f"order-{mayor_membership.pk}": "1"})
    assert [s.approver for s in ApprovalStep.objects.filter(organisation=world.a)] == [
        mayor_membership,
        approver,
    ]
    page = client.post(
        address, {f"order-{approver.pk}": "1", f"order-{mayor_membership.pk}": "1"}, follow=True
    ).content.decode()
    assert "ลำดับซ้ำกัน" in page
    assert ApprovalStep.objects.filter(organisation=world.a).count() == 2  # the refused form changed nothing


def test_the_memo_is_addressed_to_the_last_of_the_chain_and_the_opinions_follow_it(
    world: World, mayor: User
) -> None:
    # An approver outside the chain gives no opinion; the chain's order, not the order of the memberships.
    outsider = User.objects.create_user(username="deputy", password=PASSWORD)
    Membership.objects.create(
        user=outsider, organisation=world.a, role=Membership.APPROVER, position="รองนายก"
    )
    version = version_submit(
        organisation=world.a, year=YEAR, kind="measures", layout="A", user=world.users["admin"]
    )
    memo = version.content["document"]["memo"]
    assert memo["to"] == "นายกองค์การบริหารส่วนตำบล"
    from prongsai.web.programme.documents import year_document

    opinions = year_document(world.a, YEAR, "measures").memo.opinions  # type: ignore[union-attr]
    assert [o.position for o in opinions] == ["ปลัดองค์การบริหารส่วนตำบล", "นายกองค์การบริหารส่วนตำบล"]


def test_the_chain_is_edited_on_the_approvals_page(world: World, mayor: User) -> None:
    # no document waits for a decision (the chain is kept as it is while one does: the next test)
    DocumentVersion.objects.filter(pk=world.version.pk).update(status=DocumentVersion.VOID)
    approver = Membership.objects.get(user=world.users["approver"], organisation=world.a)
    mayor_membership = Membership.objects.get(user=mayor)
    client = world.client("coordinator")
    page = client.get(reverse("approvals", args=[world.a.slug, YEAR])).content.decode()
    form = page.split('id="chain-form"', 1)[1].split("</form>", 1)[0]
    assert (
        f'name="order-{approver.pk}" value="1"' in form
        and f'name="order-{mayor_membership.pk}" value="2"' in form
    )
    assert "บันทึกข้อความเรียน นายกองค์การบริหารส่วนตำบล" in page
    response = client.post(
        reverse("approval-chain", args=[world.a.slug]),
        {"year": str(YEAR), f"order-{approver.pk}": "2", f"order-{mayor_membership.pk}": "1"},
    )
    assert response.status_code == 302 and response["Location"] == reverse(
        "approvals", args=[world.a.slug, YEAR]
    )
    page = client.get(response["Location"]).content.decode()
    assert "บันทึกข้อความเรียน ปลัดองค์การบริหารส่วนตำบล" in page
    assert (
        'id="chain-form"'
        not in world.client("approver").get(reverse("approvals", args=[world.a.slug, YEAR])).content.decode()
    )


def test_the_chain_cannot_change_while_a_document_waits(world: World, mayor: User) -> None:
    """Approvals are counted by their place in the chain: reordering it under a waiting version would credit the
    first approver's signature to the second step. Refused with a Thai message, nothing changed; audited when
    the chain does change."""
    approver = Membership.objects.get(user=world.users["approver"], organisation=world.a)
    mayor_membership = Membership.objects.get(user=mayor)
    version = world.version
    assert DocumentVersion.objects.filter(organisation=world.a, status=DocumentVersion.PENDING).count() == 1
    decide(world.client("approver"), world, version, opinion="เห็นชอบ")
    client = world.client("coordinator")
    address = reverse("approval-chain", args=[world.a.slug])
    reordered = {f"order-{approver.pk}": "2", f"order-{mayor_membership.pk}": "1"}
    page = client.post(address, reordered, follow=True).content.decode()
    assert "มีเอกสารรอการพิจารณาอยู่" in page
    assert [s.approver for s in ApprovalStep.objects.filter(organisation=world.a)] == [
        approver,
        mayor_membership,
    ]
    assert next_step(DocumentVersion.objects.get(pk=version.pk)).approver == mayor_membership  # type: ignore[union-attr]
    decide(as_user("mayor"), world, version, opinion="อนุมัติ")
    assert DocumentVersion.objects.get(pk=version.pk).status == DocumentVersion.APPROVED
    client.post(address, reordered)
    assert [s.approver for s in ApprovalStep.objects.filter(organisation=world.a)] == [
        mayor_membership,
        approver,
    ]
    assert AuditEntry.objects.filter(organisation=world.a, action="approval_chain.save").count() == 1
