"""Load the demo data and print the demo logins. Safe to run again: what exists is left as it is.

Three organisations are built from the three real reports shipped with the project, read by the importer and
saved through the same services the web application uses; each gets the ITA results its report starts from.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from importlib import resources
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.management.base import BaseCommand
from django.db import transaction

from prongsai.core.catalogue import duplicate_key
from prongsai.demo.national import national_results
from prongsai.ingest import read_document_bytes
from prongsai.web.access import OverviewArea
from prongsai.web.catalogue.models import CatalogueEntry
from prongsai.web.catalogue.services import entries_import
from prongsai.web.catalogue.sync import entries_sync_measures, entry_terms, regroup
from prongsai.web.complaints.models import Complaint
from prongsai.web.complaints.services import (
    ReportText,
    complaint_set_status,
    complaint_submit,
    new_form_token,
    officer_message,
)
from prongsai.web.frameworks import framework_for_year, registry
from prongsai.web.organisations.models import Membership, Organisation, OverseerScope, Unit
from prongsai.web.oversight.models import PublishedResult
from prongsai.web.oversight.services import national_import_apply, national_import_read, refresh_overview
from prongsai.web.programme.models import Measure, ProgressEntry
from prongsai.web.programme.services import imported_measures, measures_import, result_save
from prongsai.web.publication.models import ApprovalStep, DocumentVersion
from prongsai.web.publication.services import version_decide, version_publish, version_submit

DEMO_PASSWORD = "prongsai-demo"


@dataclass(frozen=True)
class DemoOrganisation:
    report: str
    slug: str
    district: str
    province: str
    results: dict[int, dict[str, str]]  # assessment year → indicator scores


def _scores(*values: str) -> dict[str, str]:
    return {str(n): v for n, v in enumerate(values, start=1)}


DEMO_ORGANISATIONS = [
    # Seed 002 states the 2564 result: 74.36 (C), +23.29 on the year before (E); these indicator scores give it.
    DemoOrganisation(
        "002_3cffff091deaa74d.txt",
        "nongpakor",
        "ดอยหลวง",
        "เชียงราย",
        {
            2563: _scores(*["51.07"] * 10),
            2564: _scores("80", "70", "75", "72", "78", "70", "72", "74", "75.30", "76"),
        },
    ),
    # Seed 000: six indicators under 85 in 2565 (1–5 and 10). Its district and province are not in the report.
    DemoOrganisation(
        "000_de1b7201f0902fe8.txt",
        "bankham",
        "น้ำพอง",
        "ขอนแก่น",
        {
            2564: _scores(
                "70.12", "66.40", "72.00", "65.75", "74.10", "80.00", "79.50", "81.25", "85.00", "70.00"
            ),
            2565: _scores(
                "78.50", "70.20", "80.10", "72.40", "81.30", "88.00", "86.50", "85.20", "90.00", "75.00"
            ),
        },
    ),
    DemoOrganisation(
        "004_3b22ee2cf32a65f3.txt",
        "namjo",
        "แม่ทะ",
        "ลำปาง",
        {
            2565: _scores(
                "82.00", "79.50", "76.25", "80.00", "83.40", "84.10", "80.75", "82.90", "78.00", "80.50"
            ),
        },
    ),
]
# (username, name, organisation slug or None, role, units, position)
DEMO_USERS: list[tuple[str, str, str | None, str, list[str], str]] = [
    ("admin", "ผู้ดูแลระบบ", None, "admin", [], ""),
    ("coordinator", "สมศรี ประสานงาน", "nongpakor", Membership.COORDINATOR, [], "นักวิเคราะห์นโยบายและแผน"),
    ("officer", "สมชาย การคลัง", "nongpakor", Membership.UNIT_OFFICER, ["กองคลัง"], "นักวิชาการเงินและบัญชี"),
    ("approver", "วิทยา ปลัด", "nongpakor", Membership.APPROVER, [], "ปลัดองค์การบริหารส่วนตำบล"),
    ("overseer", "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด", None, "overseer", [], ""),
    ("coordinator-namjo", "ผู้ประสานงาน น้ำโจ้", "namjo", Membership.COORDINATOR, [], ""),
    ("overseer-national", "สำนักงาน ป.ป.ช. (ภาพรวมทั้งประเทศ)", None, "national_overseer", [], ""),
    ("complaints", "มานี รับเรื่อง", "nongpakor", Membership.COMPLAINT_OFFICER, [], "นิติกร"),
]
ROLE_WORDS = {
    "admin": "ผู้ดูแลระบบ",
    Membership.COORDINATOR: "ผู้ประสานงาน ITA",
    Membership.UNIT_OFFICER: "เจ้าหน้าที่หน่วยงาน",
    Membership.APPROVER: "ผู้อนุมัติ",
    Membership.COMPLAINT_OFFICER: "ผู้รับเรื่องร้องเรียน",
    "overseer": "ผู้กำกับดูแล (อ่านอย่างเดียว)",
    "national_overseer": "ผู้กำกับดูแลระดับประเทศ (ภาพรวมทุกจังหวัด)",
}


class Command(BaseCommand):
    help = "สร้างข้อมูลตัวอย่างและบัญชีทดลอง (demo data and logins)"

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for demo in DEMO_ORGANISATIONS:
                if not Organisation.objects.filter(slug=demo.slug).exists():
                    self._organisation(demo)
            for username, name, slug, role, units, position in DEMO_USERS:
                self._user(username, name, slug, role, units, position)
            self._complaints("nongpakor")
            self._publish("nongpakor")
            self._national_results()
            self._catalogue()
        self.stdout.write(f"บัญชีทดลอง (demo logins), รหัสผ่าน / password: {DEMO_PASSWORD}")
        for username, _, slug, role, _, _ in DEMO_USERS:
            where = f" · {slug}" if slug else ""
            self.stdout.write(f"  {username:<18} {ROLE_WORDS[role]}{where}")

    def _organisation(self, demo: DemoOrganisation) -> None:
        data = resources.files("prongsai.demo").joinpath("reports", demo.report).read_bytes()
        document = read_document_bytes(data, demo.report, registry())
        assert document.fiscal_year is not None and document.organisation.name and document.organisation.type
        organisation = Organisation.objects.create(
            name=document.organisation.name,
            type=document.organisation.type,
            slug=demo.slug,
            district=document.organisation.district or demo.district,
            province=document.organisation.province or demo.province,
        )
        for year, scores in demo.results.items():
            result_save(
                organisation=organisation,
                fiscal_year=year,
                scores=scores,
                framework_version=framework_for_year(year).version,
                user=AnonymousUser(),
            )
        year = document.fiscal_year
        measures = measures_import(
            organisation=organisation,
            fiscal_year=year,
            measures=imported_measures(document),
            progress_texts=[m.progress or "" for m in document.measures],
            source_name=demo.report,
            user=AnonymousUser(),
            today=dt.date(year - 543, 9, 15),
        )
        # Something left to do, so that the dashboard shows a late measure and a unit that still owes a report.
        last = measures[-1]
        Measure.objects.filter(pk=last.pk).update(status="in_progress")
        ProgressEntry.objects.filter(measure=last).update(date=dt.date(year - 543 - 1, 12, 20))

    def _national_results(self) -> None:
        """The NACC's results of several thousand organisations (generated), for the overseers' pages."""
        if PublishedResult.objects.exists():
            return
        admin = User.objects.get(username="admin")
        pending = national_import_read(
            data=national_results(),
            name="ผลการประเมิน ITA ระดับประเทศ (ตัวอย่าง).csv",
            user=admin,
            areas=[OverviewArea()],
        )
        national_import_apply(pending=pending, choices={}, user=admin)
        refresh_overview()

    def _catalogue(self) -> None:
        """The catalogue: the three reports as public documents, and sample measures of some of the national file's
        organisations (their texts taken from the reports), so that suggestions show their effect on the scores."""
        if CatalogueEntry.objects.filter(origin="imported").exists():
            return
        documents = []
        for demo in DEMO_ORGANISATIONS:
            data = resources.files("prongsai.demo").joinpath("reports", demo.report).read_bytes()
            documents.append((demo.report, read_document_bytes(data, demo.report, registry())))
        admin = User.objects.get(username="admin")
        entries_import(documents=documents, source="รายงานที่หน่วยงานเผยแพร่ (ตัวอย่าง)", user=admin)
        seeds = [m for _, document in documents for m in document.measures if m.indicator]
        terms = {
            id(m): entry_terms(m.measure, m.steps, m.questions, m.indicator.number if m.indicator else None)
            for m in seeds
        }
        rng = random.Random(16)
        samples = list(
            Organisation.objects.filter(published_results__fiscal_year=2567)
            .exclude(slug__in=[d.slug for d in DEMO_ORGANISATIONS])
            .order_by("pk")[:600]
        )
        for organisation in samples:
            for measure in rng.sample(seeds, 3):
                CatalogueEntry.objects.create(
                    origin="imported",
                    organisation=organisation,
                    organisation_name=organisation.name,
                    organisation_type=organisation.type,
                    province=organisation.province,
                    fiscal_year=2568,
                    title=measure.measure,
                    steps=list(measure.steps),
                    tool=measure.tool or "",
                    indicator=measure.indicator.number if measure.indicator else None,
                    questions=list(measure.questions),
                    status=rng.choice(["completed", "completed", "not_possible", "in_progress"]),
                    source=f"ข้อมูลตัวอย่าง (สร้างขึ้น): {organisation.name} ปีงบประมาณ 2568",
                    public=True,
                    search_terms=terms[id(measure)],
                    duplicate_key=duplicate_key(measure.measure),
                )
        regroup(duplicate_key(m.measure) for m in seeds)
        entries_sync_measures(Measure.objects.values_list("pk", flat=True))  # after the demo's direct edits

    def _publish(self, slug: str) -> None:
        """The organisation's year approved through its chain and published, so that /p/ shows it at once."""
        organisation = Organisation.objects.get(slug=slug)
        if DocumentVersion.objects.filter(organisation=organisation).exists():
            return
        approver = Membership.objects.get(organisation=organisation, role=Membership.APPROVER)
        ApprovalStep.objects.get_or_create(
            organisation=organisation, order=1, defaults={"approver": approver}
        )
        year = (
            Measure.objects.filter(organisation=organisation)
            .order_by("-fiscal_year")
            .values_list("fiscal_year", flat=True)
            .first()
        )
        assert year is not None
        coordinator = Membership.objects.get(organisation=organisation, role=Membership.COORDINATOR).user
        version = version_submit(
            organisation=organisation, year=year, kind="implementation", layout="C", user=coordinator
        )
        version_decide(version=version, user=approver.user, approve=True, opinion="เห็นชอบ ให้เผยแพร่ต่อสาธารณะ")
        version_publish(version=version, user=coordinator)
        statistics = version_submit(
            organisation=organisation, year=year, kind="complaints", layout="A", user=coordinator
        )
        version_decide(version=statistics, user=approver.user, approve=True, opinion="เห็นชอบ")
        version_publish(version=statistics, user=coordinator)

    def _complaints(self, slug: str) -> None:
        """Three reports in the published year: one answered and closed, one forwarded, one new."""
        organisation = Organisation.objects.get(slug=slug)
        if Complaint.objects.filter(organisation=organisation).exists():
            return
        year = max(Measure.objects.filter(organisation=organisation).values_list("fiscal_year", flat=True))
        officer = Membership.objects.get(organisation=organisation, role=Membership.COMPLAINT_OFFICER).user
        ce = year - 543
        samples = [
            ("procurement", dt.date(ce - 1, 11, 7), "ผู้รับจ้างซ่อมถนนได้งานทุกครั้งโดยไม่มีการเสนอราคาแข่งขัน"),
            ("property", dt.date(ce, 1, 16), "มีการนำรถยนต์ส่วนกลางไปใช้ในงานส่วนตัวช่วงวันหยุด"),
            ("bribery", dt.date(ce, 3, 2), "มีผู้เรียกเงินเพื่อเร่งออกใบอนุญาตก่อสร้าง"),
        ]
        made = []
        for kind, day, text in samples:
            complaint, _ = complaint_submit(
                organisation=organisation,
                form_token=new_form_token(),
                kind=kind,
                text=ReportText(text, "", "", ""),
                files=[],
                today=day,
            )
            made.append(complaint)
        first, second, _ = made
        officer_message(
            complaint=first, user=officer, text="รับเรื่องแล้ว อยู่ระหว่างตรวจสอบ", today=dt.date(ce - 1, 11, 9)
        )
        complaint_set_status(
            complaint=first,
            user=officer,
            status="closed",
            outcome="ตรวจสอบแล้วพบว่าเป็นไปตามระเบียบ ชี้แจงผู้ร้องเรียนแล้ว",
            today=dt.date(ce - 1, 12, 20),
        )
        officer_message(complaint=second, user=officer, text="รับเรื่องแล้ว", today=dt.date(ce, 1, 20))
        complaint_set_status(
            complaint=second,
            user=officer,
            status="forwarded",
            forwarded_to="district",
            today=dt.date(ce, 2, 1),
        )

    def _user(
        self, username: str, name: str, slug: str | None, role: str, units: list[str], position: str
    ) -> None:
        user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
        if created:
            user.set_password(DEMO_PASSWORD)
            user.is_staff = user.is_superuser = role == "admin"
            user.save()
        if role == "overseer":
            for demo in DEMO_ORGANISATIONS:
                OverseerScope.objects.get_or_create(user=user, province=demo.province)
            return
        if role == "national_overseer":
            OverseerScope.objects.get_or_create(user=user, province="")
            return
        if slug is None:
            return
        organisation = Organisation.objects.get(slug=slug)
        membership, _ = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role, defaults={"position": position}
        )
        for unit_name in units:
            unit, _ = Unit.objects.get_or_create(organisation=organisation, parent=None, name=unit_name)
            membership.units.add(unit)
