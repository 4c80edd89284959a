from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.core.vocabulary import (
    APPROVAL_DECISION,
    BACKGROUND_JOB_KIND,
    BACKGROUND_JOB_STATUS,
    DOCUMENT_KIND,
    LAYOUT,
    VERSION_STATUS,
)
from prongsai.web.organisations.models import Membership, Organisation

# complaints: figures only, from prongsai.web.complaints
KINDS = DOCUMENT_KIND.choices


class ApprovalStep(models.Model):
    """One level of an organisation's approval chain (หัวหน้าสำนักปลัด → รองปลัด → ปลัด → นายก)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="approval_steps")
    order = models.PositiveSmallIntegerField("ลำดับ")
    approver = models.ForeignKey(Membership, on_delete=models.CASCADE, verbose_name="ผู้อนุมัติ")

    class Meta:
        ordering = ["organisation", "order"]
        verbose_name = "ขั้นการอนุมัติ"
        verbose_name_plural = "ขั้นการอนุมัติ"
        constraints = [models.UniqueConstraint(fields=["organisation", "order"], name="unique_step_order")]

    def __str__(self) -> str:
        return f"{self.order}. {self.approver.position or self.approver.user}"


class DocumentVersion(models.Model):
    """A document frozen when submitted: its content, the hash of that content, and where it stands."""

    PENDING, APPROVED, RETURNED, VOID = "pending", "approved", "returned", "void"
    STATUSES = VERSION_STATUS.choices

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="versions")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    kind = models.CharField("เอกสาร", max_length=20, choices=KINDS)
    layout = models.CharField("รูปแบบ", max_length=2, choices=LAYOUT.choices, default="A")
    number = models.PositiveIntegerField("ฉบับที่")
    content = models.JSONField()
    content_hash = models.CharField(max_length=64)
    data_hash = models.CharField(max_length=64, blank=True)  # of the rows it was made from: see voiding.py
    status = models.CharField("สถานะ", max_length=10, choices=STATUSES, default=PENDING)
    void_reason = models.CharField(max_length=300, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    submitted_at = models.DateTimeField(auto_now_add=True)
    # The memo's number in the organisation's register of outgoing letters (ทะเบียนหนังสือส่ง), which runs
    # through each calendar year (BE), given when the version is submitted.
    register_year = models.PositiveIntegerField("ปีของทะเบียนหนังสือส่ง", null=True, blank=True)
    register_number = models.PositiveIntegerField("เลขทะเบียนหนังสือส่ง", null=True, blank=True)

    class Meta:
        ordering = ["organisation", "fiscal_year", "kind", "-number"]
        verbose_name = "ฉบับของเอกสาร"
        verbose_name_plural = "ฉบับของเอกสาร"
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "kind", "number"], name="unique_version_number"
            ),
            models.UniqueConstraint(
                fields=["organisation", "register_year", "register_number"], name="unique_register_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year} {self.get_kind_display()} ฉบับที่ {self.number}"


class Approval(models.Model):
    """One approver's decision on a version, with their opinion (ความเห็น)."""

    APPROVE, RETURN = "approve", "return"
    version = models.ForeignKey(DocumentVersion, on_delete=models.CASCADE, related_name="approvals")
    order = models.PositiveSmallIntegerField()
    approver = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    name = models.CharField(max_length=200)
    position = models.CharField(max_length=200)
    decision = models.CharField(max_length=10, choices=APPROVAL_DECISION.choices)
    opinion = models.TextField(blank=True)
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "order", "decided_at"]

    def __str__(self) -> str:
        return f"{self.version} {self.order} {self.decision}"


class Publication(models.Model):
    """An approved version made public; its files are kept as published, so its address serves the same bytes."""

    version = models.OneToOneField(DocumentVersion, on_delete=models.PROTECT, related_name="publication")
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    # In the file storage (the data directory, or an S3 bucket); served only by the public view, never directly.
    pdf = models.FileField(upload_to="published/", max_length=300)
    docx = models.FileField(upload_to="published/", max_length=300)

    class Meta:
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return f"{self.version} เผยแพร่ {self.published_at:%Y-%m-%d}"


class Notification(models.Model):
    """Something a person should act on; one row per person, item and day, so a second run sends nothing new."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    key = models.CharField(max_length=100)  # what it is about: "due-7:measure-12", "approve:version-3" …
    day = models.DateField()
    text = models.CharField(max_length=400)
    url = models.CharField(max_length=300)
    read = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key", "day"], name="one_notice_a_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.user}: {self.text}"


class BackgroundJob(models.Model):
    """Work done off the request path (the documents of a publication), and where it stands, for the person who
    asked: queued or running ("กำลังจัดทำเอกสาร…"), done, or failed with the reason, and then it can be retried."""

    PUBLISH = "publish"
    KINDS = BACKGROUND_JOB_KIND.choices
    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = BACKGROUND_JOB_STATUS.choices

    kind = models.CharField(max_length=20, choices=KINDS)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="jobs")
    version = models.ForeignKey(DocumentVersion, null=True, on_delete=models.CASCADE, related_name="jobs")
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    error = models.CharField(max_length=400, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.version}: {self.get_status_display()}"
