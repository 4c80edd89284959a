"""Two organisations and a person for every role, inside and outside them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from prongsai.web.organisations.models import Membership, Organisation, OverseerScope, Unit
from prongsai.web.programme.models import Evidence, Measure, ProgressEntry
from prongsai.web.programme.services import result_save
from prongsai.web.publication.models import ApprovalStep, DocumentVersion
from prongsai.web.publication.services import version_submit

PASSWORD = "a-long-test-password"
YEAR = 2566


def _one_page_pdf() -> bytes:
    import io

    import pypdfium2

    document = pypdfium2.PdfDocument.new()
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PDF_BYTES = _one_page_pdf()  # a real PDF: evidence is opened before it is stored


@dataclass
class World:
    a: Organisation
    b: Organisation
    finance: Unit  # กองคลัง of A
    works: Unit  # กองช่าง of A
    measure: Measure  # A's measure, for กองคลัง
    other_measure: Measure  # A's measure, for กองช่าง
    b_measure: Measure
    evidence: Evidence
    b_evidence: Evidence
    users: dict[str, User]
    version: DocumentVersion  # A's implementation report, submitted, awaiting the approver

    def client(self, role: str) -> Client:
        client = Client()
        if role != "anonymous":
            assert client.login(username=self.users[role].username, password=PASSWORD)
        return client


def _user(username: str, **extra: object) -> User:
    return User.objects.create_user(username=username, password=PASSWORD, **extra)  # type: ignore[arg-type]


def _member(user: User, organisation: Organisation, role: str, *units: Unit) -> None:
    membership = Membership.objects.create(user=user, organisation=organisation, role=role)
    membership.units.set(units)


def _evidence(measure: Measure) -> Evidence:
    entry = ProgressEntry.objects.create(measure=measure, date=dt.date(2023, 1, 5), text="ประชุมแล้ว")
    evidence = Evidence(
        entry=entry, original_name="รายงาน.pdf", content_type="application/pdf", size=len(PDF_BYTES)
    )
    evidence.file.save("e.pdf", SimpleUploadedFile("e.pdf", PDF_BYTES), save=True)
    return evidence


@pytest.fixture
def world(db: None, settings: object, tmp_path: object) -> World:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    a = Organisation.objects.create(
        name="องค์การบริหารส่วนตำบลทดสอบ", type="อบต.", district="เมือง", province="น่าน", slug="thotsop"
    )
    b = Organisation.objects.create(
        name="เทศบาลตำบลอื่น", type="ทต.", district="แม่ทะ", province="ลำปาง", slug="uen"
    )
    finance = Unit.objects.create(organisation=a, name="กองคลัง")
    supplies = Unit.objects.create(organisation=a, parent=finance, name="งานพัสดุ")
    works = Unit.objects.create(organisation=a, name="กองช่าง")
    b_unit = Unit.objects.create(organisation=b, name="กองคลัง")
    measure = Measure.objects.create(
        organisation=a,
        fiscal_year=YEAR,
        number=1,
        title="เผยแพร่แผนการใช้จ่ายงบประมาณ",
        steps=["จัดทำสรุป", "เผยแพร่"],
        end=dt.date(2023, 9, 30),
        indicator=2,
        tool="IIT",
    )
    measure.units.set([supplies])
    other = Measure.objects.create(organisation=a, fiscal_year=YEAR, number=2, title="ซ่อมถนน", indicator=1)
    other.units.set([works])
    b_measure = Measure.objects.create(
        organisation=b, fiscal_year=YEAR, number=1, title="มาตรการของหน่วยงานอื่น"
    )
    b_measure.units.set([b_unit])
    users = {
        "admin": _user("admin", is_superuser=True, is_staff=True),
        "coordinator": _user("coordinator"),
        "officer": _user("officer"),  # กองคลัง: its section งานพัสดุ's measures are theirs too
        "officer_other_unit": _user("officer2"),  # กองช่าง
        "approver": _user("approver"),
        "complaint_officer": _user("complaints"),  # ผู้รับเรื่องร้องเรียน: the only role that reads complaints
        "overseer": _user("overseer"),
        "overseer_elsewhere": _user("overseer2"),
        "outsider": _user("outsider"),  # coordinator of B
        "nobody": _user("nobody"),
    }
    _member(users["coordinator"], a, Membership.COORDINATOR)
    _member(users["officer"], a, Membership.UNIT_OFFICER, finance)
    _member(users["officer_other_unit"], a, Membership.UNIT_OFFICER, works)
    _member(users["approver"], a, Membership.APPROVER)
    _member(users["complaint_officer"], a, Membership.COMPLAINT_OFFICER)
    _member(users["outsider"], b, Membership.COORDINATOR)
    OverseerScope.objects.create(user=users["overseer"], province="น่าน")
    OverseerScope.objects.create(user=users["overseer_elsewhere"], province="ลำปาง", district="เกาะคา")
    from django.contrib.auth.models import AnonymousUser

    scores = {
        str(n): s for n, s in enumerate(["80", "70", "75", "72", "78", "70", "72", "74", "75.30", "76"], 1)
    }
    result_save(
        organisation=a, fiscal_year=YEAR - 1, framework_version=2566, scores=scores, user=AnonymousUser()
    )
    approver = Membership.objects.get(user=users["approver"], organisation=a)
    approver.position = "ปลัดองค์การบริหารส่วนตำบล"
    approver.save()
    ApprovalStep.objects.create(organisation=a, order=1, approver=approver)
    evidence, b_evidence = _evidence(measure), _evidence(b_measure)
    version = version_submit(
        organisation=a, year=YEAR, kind="implementation", layout="A", user=users["coordinator"]
    )
    return World(a, b, finance, works, measure, other, b_measure, evidence, b_evidence, users, version)


def stored_bytes(field: Any) -> bytes:
    """The bytes of a stored file (a published PDF or DOCX), wherever the storage keeps them."""
    with field.open("rb") as stored:
        data: bytes = stored.read()
    return data
