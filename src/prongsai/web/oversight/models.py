"""What the overseer's pages read: results the NACC publishes for many organisations at once, and one summary
row per organisation and year, kept current by the writes (results) and by a refresh whose time the pages show
(measures and publications), so that no page scans every organisation's records."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models

from prongsai.web.organisations.models import Organisation


class PublishedResult(models.Model):
    """An organisation's ITA result as published by the NACC (imported from a national results file): the total,
    the level or rating, and the indicator scores when the file has them."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="published_results")
    fiscal_year = models.PositiveIntegerField("ปีที่ประเมิน")
    total = models.DecimalField("คะแนนรวม", max_digits=5, decimal_places=2)
    grade = models.CharField("ระดับ/ผลการประเมิน", max_length=40, blank=True)
    indicators = models.JSONField("คะแนนตัวชี้วัด", default=dict)  # "1" → "80.50"
    source = models.CharField("แหล่งข้อมูล", max_length=200)

    class Meta:
        verbose_name = "ผลการประเมินที่ ป.ป.ช. เผยแพร่"
        verbose_name_plural = "ผลการประเมินที่ ป.ป.ช. เผยแพร่"
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="unique_published_result")
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.fiscal_year}: {self.total} {self.grade}"


class NationalImport(models.Model):
    """A national results file read and waiting for a person's review; applied once (a second confirmation of
    the same review does nothing)."""

    PENDING, APPLIED = "pending", "applied"
    name = models.CharField(max_length=200)
    rows = models.JSONField()  # the rows as read, with their matches
    state = models.CharField(max_length=10, default=PENDING)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.state})"


class OverviewRow(models.Model):
    """One organisation in one assessed year, as the overview pages count it. Scores in hundredths (integers), so
    that sums and averages are exact on every database."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="overview_rows")
    fiscal_year = models.PositiveIntegerField()
    type = models.CharField(max_length=8)
    province = models.CharField(max_length=100)
    district = models.CharField(max_length=100, blank=True)
    total = models.IntegerField()  # hundredths
    previous_total = models.IntegerField(null=True)  # the year before's, hundredths
    grade = models.CharField(max_length=40, blank=True)
    passed = models.BooleanField()
    i1 = models.IntegerField(null=True)
    i2 = models.IntegerField(null=True)
    i3 = models.IntegerField(null=True)
    i4 = models.IntegerField(null=True)
    i5 = models.IntegerField(null=True)
    i6 = models.IntegerField(null=True)
    i7 = models.IntegerField(null=True)
    i8 = models.IntegerField(null=True)
    i9 = models.IntegerField(null=True)
    i10 = models.IntegerField(null=True)
    uses_prongsai = models.BooleanField(default=False)
    measures = models.IntegerField(default=0)  # of the fiscal year after: the measures answering this result
    measures_completed = models.IntegerField(default=0)
    measures_late = models.IntegerField(default=0)
    measures_unreported = models.IntegerField(default=0)
    published = models.BooleanField(default=False)  # a document of the fiscal year after is published
    refreshed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "fiscal_year"], name="unique_overview_row")
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "province", "district"]),
            models.Index(fields=["fiscal_year", "total"]),  # the ranking, best first
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.fiscal_year}"

    @property
    def score(self) -> Decimal:
        return Decimal(self.total) / 100

    @property
    def change_text(self) -> str:
        """ "+2.50", "-1.00", "0.00", or "–" without last year's result."""
        if self.previous_total is None:
            return "–"
        delta = self.total - self.previous_total
        return f"{'+' if delta > 0 else ''}{Decimal(delta) / 100:.2f}"
