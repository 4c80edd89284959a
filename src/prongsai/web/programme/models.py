from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from prongsai.core.vocabulary import (
    IMPORT_JOB_STATUS,
    MEASURE_GROUP,
    MEASURE_STATUS,
    OPEN_MEASURE_STATUSES,
    TOOL,
)
from prongsai.web.organisations.models import Organisation, Unit

# The choices come from the one list of each enumeration (prongsai.core.vocabulary).
STATUSES = MEASURE_STATUS.choices
OPEN_STATUSES = OPEN_MEASURE_STATUSES
GROUPS = MEASURE_GROUP.choices
TOOLS = TOOL.choices


# A measure's fields as the documents state them: its plan, and its outcome (the implementation report's).
MEASURE_PLAN_FIELDS = (
    "number",
    "group",
    "theme",
    "tool",
    "indicator",
    "questions",
    "issue",
    "title",
    "steps",
    "timeframe_text",
    "start",
    "end",
)
MEASURE_OUTCOME_FIELDS = ("status", "not_possible_reason", "summary", "suggestions")


class Result(models.Model):
    """An organisation's ITA result for a fiscal year, scored by the core under a framework version."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="results")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    framework_version = models.PositiveIntegerField("กรอบการประเมินปี")
    scores = models.JSONField(
        "คะแนนที่กรอก", default=dict
    )  # code → score as entered, e.g. {"1": "80.50", "i9": "40"}
    total = models.DecimalField("คะแนนรวม", max_digits=5, decimal_places=2)
    grade = models.CharField("ระดับ/ผลการประเมิน", max_length=40)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organisation", "-fiscal_year"]
        verbose_name = "ผลการประเมิน ITA"
        verbose_name_plural = "ผลการประเมิน ITA"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="unique_result_year")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year}: {self.total} {self.grade}"


class Analysis(models.Model):
    """The coordinator's analysis of last year's result and how it is put into practice."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="analyses")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    analysis_text = models.TextField("ผลการวิเคราะห์", blank=True)
    practice_text = models.TextField("แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = "การวิเคราะห์ผลการประเมิน"
        verbose_name_plural = "การวิเคราะห์ผลการประเมิน"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="unique_analysis_year")
        ]

    def __str__(self) -> str:
        return f"การวิเคราะห์ {self.organisation_id} ปี {self.fiscal_year}"


class Measure(models.Model):
    """A measure (มาตรการ) of a fiscal year, with its steps, units, timeframe and outcome."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="measures")
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    number = models.PositiveIntegerField("ลำดับ")
    # blank: a measure read from a report that puts it in no group stays in none (its report is made the same)
    group = models.CharField("กลุ่ม", max_length=10, choices=GROUPS, default="urgent", blank=True)
    theme = models.CharField("ประเด็น", max_length=300, blank=True)
    tool = models.CharField("แบบวัด", max_length=3, choices=TOOLS, blank=True)
    indicator = models.PositiveSmallIntegerField("ตัวชี้วัด", null=True, blank=True)
    questions = models.JSONField("ข้อคำถาม", default=list, blank=True)
    issue = models.TextField("ประเด็นที่ต้องยกระดับ", blank=True)
    title = models.TextField("มาตรการ/แนวทาง")
    steps = models.JSONField("ขั้นตอน/วิธีปฏิบัติ", default=list, blank=True)
    units = models.ManyToManyField(Unit, blank=True, related_name="measures", verbose_name="ผู้รับผิดชอบ")
    timeframe_text = models.CharField("ระยะเวลา (ตามที่เขียน)", max_length=200, blank=True)
    start = models.DateField("เริ่ม", null=True, blank=True)
    end = models.DateField("สิ้นสุด", null=True, blank=True)
    status = models.CharField("สถานะ", max_length=20, choices=STATUSES, default="unknown")
    not_possible_reason = models.TextField("เหตุที่ดำเนินการไม่ได้", blank=True)
    summary = models.TextField("สรุปผลการดำเนินการ", blank=True)
    suggestions = models.TextField("ข้อเสนอแนะ", blank=True)
    version = models.PositiveIntegerField(default=1)  # optimistic locking: a save names the version it edited
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["fiscal_year", "number", "id"]
        verbose_name = "มาตรการ"
        verbose_name_plural = "มาตรการ"
        indexes = [
            models.Index(fields=["organisation", "fiscal_year", "number"]),
            models.Index(fields=["organisation", "fiscal_year", "status", "end"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "fiscal_year", "number"], name="unique_measure_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title[:60]}"

    def is_late(self, today: dt.date) -> bool:
        """The timeframe has ended and the measure is neither done nor declared impossible."""
        return self.end is not None and self.end < today and self.status in OPEN_STATUSES


class ProgressEntry(models.Model):
    """A dated report of what a unit did for a measure."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="progress")
    date = models.DateField("วันที่")
    text = models.TextField("ความก้าวหน้า/ผลการดำเนินการ")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = "ความก้าวหน้า"
        verbose_name_plural = "ความก้าวหน้า"
        indexes = [models.Index(fields=["measure", "-date"])]

    def __str__(self) -> str:
        return f"{self.date} {self.text[:60]}"


class Evidence(models.Model):
    """A file or a link supporting a progress entry; private unless marked public."""

    entry = models.ForeignKey(ProgressEntry, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField("ไฟล์", upload_to="evidence/%Y/%m/", blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    link = models.URLField("ลิงก์", blank=True)
    public = models.BooleanField("เผยแพร่ต่อสาธารณะ", default=False)

    class Meta:
        verbose_name = "หลักฐาน"
        verbose_name_plural = "หลักฐาน"

    def __str__(self) -> str:
        return self.original_name or self.link


class MeasureNumbering(models.Model):
    """The row that measures numbered in an organisation's year lock, so that two new measures take turns."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    fiscal_year = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="unique_measure_numbering")
        ]

    def __str__(self) -> str:
        return f"การลำดับมาตรการ {self.organisation_id} ปี {self.fiscal_year}"


class UsedToken(models.Model):
    """A one-time form token (an import's review, a copy from last year) once its form has acted.

    The form's second POST (a double click, a resent request) finds it here and does nothing.
    """

    token = models.CharField(max_length=64, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE)
    purpose = models.CharField(max_length=40)
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.purpose} {self.used_at:%Y-%m-%d %H:%M}"


class ImportJob(models.Model):
    """A report uploaded for import, read by a background task; the review shows what it read, or why not."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = IMPORT_JOB_STATUS.choices

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="import_jobs")
    fiscal_year = models.PositiveIntegerField()
    name = models.CharField(max_length=255)
    upload = models.BinaryField()  # the file until it is read, then emptied
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    error = models.CharField(max_length=1000, blank=True)
    document = models.JSONField(null=True, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name}: {self.get_status_display()}"
