from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.core import model as core_model
from prongsai.core.vocabulary import AUDIT_ACTION

ORGANISATION_TYPES = list(core_model.ORGANISATION_TYPES)


class Organisation(models.Model):
    """A local government (อปท.)."""

    name = models.CharField("ชื่อหน่วยงาน", max_length=200)
    type = models.CharField("ประเภท", max_length=8, choices=ORGANISATION_TYPES)
    district = models.CharField("อำเภอ", max_length=100, blank=True)
    province = models.CharField("จังหวัด", max_length=100)
    slug = models.SlugField("ชื่อในที่อยู่เว็บ", max_length=80, unique=True)
    code = models.CharField(
        "รหัสหน่วยงาน", max_length=20, blank=True, help_text="รหัสในไฟล์ผลการประเมินของ ป.ป.ช. (ถ้ามี)"
    )
    emblem = models.ImageField("ตราหน่วยงาน (PNG หรือ JPEG)", upload_to="emblems/", blank=True)
    register_prefix = models.CharField(
        "ที่ของหนังสือ (คำนำหน้าเลขทะเบียนหนังสือส่ง)",
        max_length=60,
        blank=True,
        help_text="เช่น มท ๐๘๑๘.๕/ ระบบเติมเลขลำดับเมื่อส่งเอกสารขออนุมัติ",
    )

    class Meta:
        ordering = ["province", "district", "name"]
        verbose_name = "หน่วยงาน"
        verbose_name_plural = "หน่วยงาน"
        indexes = [models.Index(fields=["province", "district"])]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=~models.Q(code=""), name="unique_organisation_code"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """A division (กอง, สำนักปลัด) or, with a parent, one of its sections (งาน)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="units")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="sections"
    )
    name = models.CharField("ชื่อ", max_length=200)

    class Meta:
        ordering = ["organisation", "parent__name", "name"]
        verbose_name = "ส่วนราชการ/งาน"
        verbose_name_plural = "ส่วนราชการ/งาน"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "parent", "name"], name="unique_unit_name"),
            models.UniqueConstraint(
                fields=["organisation", "name"], condition=models.Q(parent=None), name="unique_top_unit_name"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent.name} › {self.name}" if self.parent_id and self.parent else self.name


class Membership(models.Model):
    """A person's role in an organisation."""

    COORDINATOR, UNIT_OFFICER, APPROVER = "coordinator", "unit_officer", "approver"
    COMPLAINT_OFFICER = "complaint_officer"  # the only role that reads complaints (prongsai.web.complaints)
    ROLES = [
        (COORDINATOR, "ผู้ประสานงาน ITA"),
        (UNIT_OFFICER, "เจ้าหน้าที่หน่วยงาน"),
        (APPROVER, "ผู้อนุมัติ"),
        (COMPLAINT_OFFICER, "ผู้รับเรื่องร้องเรียน"),
    ]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField("บทบาท", max_length=20, choices=ROLES)
    units = models.ManyToManyField(Unit, blank=True, verbose_name="หน่วยงานที่รับผิดชอบ")
    position = models.CharField(
        "ตำแหน่ง", max_length=200, blank=True, help_text="สำหรับผู้อนุมัติ เช่น หัวหน้าสำนักปลัด รองปลัด ปลัด นายก"
    )

    class Meta:
        verbose_name = "บทบาทในหน่วยงาน"
        verbose_name_plural = "บทบาทในหน่วยงาน"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"


class OverseerScope(models.Model):
    """Read-only oversight over the whole country (province left blank), a province, or one district of it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="oversight")
    province = models.CharField("จังหวัด", max_length=100, blank=True, help_text="เว้นว่าง = ทั้งประเทศ")
    district = models.CharField("อำเภอ", max_length=100, blank=True, help_text="เว้นว่าง = ทั้งจังหวัด")

    class Meta:
        verbose_name = "ขอบเขตการกำกับดูแล"
        verbose_name_plural = "ขอบเขตการกำกับดูแล"

    def __str__(self) -> str:
        return f"{self.user}: {self.province} {self.district}".strip()


class AuditEntry(models.Model):
    """Who changed what, when, with the values before and after."""

    organisation = models.ForeignKey(Organisation, null=True, on_delete=models.CASCADE, related_name="audit")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    action = models.CharField("การกระทำ", max_length=60, choices=AUDIT_ACTION.choices)
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=40, blank=True)
    summary = models.CharField(max_length=300)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = "บันทึกการเปลี่ยนแปลง"
        verbose_name_plural = "บันทึกการเปลี่ยนแปลง"
        indexes = [models.Index(fields=["organisation", "-at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.action} {self.summary}"
