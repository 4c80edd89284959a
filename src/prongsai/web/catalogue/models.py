"""The catalogue of measures (คลังมาตรการ): every organisation's measures, kept in step by the services that
write them, and measures imported from public documents by a site administrator.

An organisation's own entries are visible to it always; to everyone else only once a document of that year is
published (`public`). Imported entries come from public documents and are public. `search_terms` is the
pre-tokenised text the full-text index reads (prongsai.core.catalogue.search_terms and code_terms): PostgreSQL's
text search over it (config 'simple', GIN indexes: one over every entry, one over the groups' heads alone), or SQLite's FTS5 table `catalogue_entry_fts`, which triggers keep in step.
"""

from __future__ import annotations

from django.db import models

from prongsai.web.organisations.models import ORGANISATION_TYPES, Organisation
from prongsai.web.programme.models import STATUSES, TOOLS, Measure

ORIGINS = [("measure", "มาตรการของหน่วยงานในระบบ"), ("imported", "นำเข้าจากเอกสารที่เผยแพร่")]
# The outcome a filter asks for: done, declared impossible, or neither yet.
OUTCOMES = [
    ("completed", "ดำเนินการแล้วเสร็จ"),
    ("not_possible", "ไม่สามารถดำเนินการได้"),
    ("open", "ยังไม่สิ้นสุด/ไม่ทราบผล"),
]


class CatalogueEntry(models.Model):
    """One measure as the catalogue shows it: text, steps, what it answers, who took it, when, with what outcome."""

    origin = models.CharField("ที่มา", max_length=10, choices=ORIGINS)
    measure = models.OneToOneField(
        Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="catalogue_entry"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="catalogue_entries"
    )
    organisation_name = models.CharField("หน่วยงาน", max_length=200, blank=True)
    organisation_type = models.CharField("ประเภท", max_length=8, choices=ORGANISATION_TYPES, blank=True)
    province = models.CharField("จังหวัด", max_length=100, blank=True)
    fiscal_year = models.PositiveIntegerField("ปีงบประมาณ")
    title = models.TextField("มาตรการ")
    steps = models.JSONField("ขั้นตอน", default=list, blank=True)
    tool = models.CharField("แบบวัด", max_length=3, choices=TOOLS, blank=True)
    indicator = models.PositiveSmallIntegerField("ตัวชี้วัด", null=True, blank=True)
    questions = models.JSONField("ข้อคำถาม", default=list, blank=True)
    status = models.CharField("ผลการดำเนินการ", max_length=20, choices=STATUSES, default="unknown")
    source = models.CharField("แหล่งที่มา", max_length=300)
    public = models.BooleanField("เผยแพร่แล้ว", default=False)
    search_terms = models.TextField(blank=True)  # its words, then what it answers (core.catalogue.code_terms)
    duplicate_key = models.CharField(max_length=20)
    # The public copies of one text form a group; its newest entry stands for it (group_head) and counts them
    # (group_size), so that search and suggestions read one row per group (sync.regroup keeps them).
    group_head = models.BooleanField(default=False)
    group_size = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-fiscal_year", "-id"]
        verbose_name = "รายการในคลังมาตรการ"
        verbose_name_plural = "คลังมาตรการ"
        indexes = [
            models.Index(fields=["duplicate_key", "public"]),
            models.Index(fields=["organisation", "fiscal_year"]),
            models.Index(fields=["indicator", "public"]),
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year} {self.title[:60]}"
