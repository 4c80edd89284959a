"""Complaints, their messages and files. Texts and files are Fernet tokens; dates are days, never times."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.core import complaints as core
from prongsai.web.organisations.models import Organisation


class Complaint(models.Model):
    """One report. The receipt code is kept twice, never in clear: a keyed index to find the row, and a slow
    salted hash to check it (see services.receipt_lookup for why both)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="complaints")
    lookup = models.CharField(max_length=64, unique=True)  # HMAC of the receipt code with the channel's key
    receipt_hash = models.CharField(max_length=200)  # Django's password hash of the receipt code
    kind = models.CharField("ประเภทเรื่อง", max_length=20, choices=core.KINDS)
    status = models.CharField("สถานะ", max_length=20, choices=core.STATUSES, default=core.NEW)
    report = models.BinaryField()  # encrypted JSON: what, when, where, who, contact
    received_on = models.DateField("วันที่รับเรื่อง")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    first_answer_on = models.DateField("วันที่ตอบครั้งแรก", null=True, blank=True)
    closed_on = models.DateField("วันที่ยุติเรื่อง", null=True, blank=True)
    waiting_since = models.DateField(null=True, blank=True)  # the reporter's last word not yet answered
    forwarded_to = models.CharField("ส่งต่อถึง", max_length=20, choices=core.DESTINATIONS, blank=True)
    forwarded_name = models.CharField("ชื่อหน่วยงานที่ส่งต่อ", max_length=200, blank=True)
    outcome = models.TextField("ผลการดำเนินการ", blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        verbose_name = "เรื่องร้องเรียน"
        verbose_name_plural = "เรื่องร้องเรียน"
        indexes = [models.Index(fields=["organisation", "fiscal_year"])]

    def __str__(self) -> str:
        return f"เรื่องร้องเรียนที่ {self.pk}"

    @property
    def forwarded_text(self) -> str:
        if not self.forwarded_to:
            return ""
        if self.forwarded_to == "named":
            return self.forwarded_name
        return self.get_forwarded_to_display() + (f" ({self.forwarded_name})" if self.forwarded_name else "")


class ComplaintMessage(models.Model):
    """A message between the reporter and the officers; the officer is named to staff, never to the reporter."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    on = models.DateField()
    text = models.BinaryField()  # encrypted

    class Meta:
        ordering = ["complaint", "id"]

    def __str__(self) -> str:
        return f"ข้อความในเรื่องร้องเรียนที่ {self.complaint_id}"


class ComplaintFile(models.Model):
    """An attachment, cleaned of metadata and encrypted; its original name is not kept (it may name someone)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="files")
    message = models.ForeignKey(ComplaintMessage, null=True, blank=True, on_delete=models.CASCADE)
    number = models.PositiveSmallIntegerField()
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    data = models.BinaryField()  # encrypted

    class Meta:
        ordering = ["complaint", "number"]
        constraints = [models.UniqueConstraint(fields=["complaint", "number"], name="unique_complaint_file")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"ไฟล์แนบ-{self.complaint_id}-{self.number}.{self.extension}"
