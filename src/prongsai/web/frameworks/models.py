from __future__ import annotations

from django.conf import settings
from django.db import models

from prongsai.core.vocabulary import FRAMEWORK_FILE_STATE


class FrameworkFile(models.Model):
    """A framework file a site administrator uploaded: checked by the loader when uploaded, then activated (it
    replaces the shipped version of its year, or adds a year), and kept after a newer one replaces it, so that
    it can be restored."""

    PENDING, ACTIVE, RETIRED = "pending", "active", "retired"
    STATES = FRAMEWORK_FILE_STATE.choices

    version = models.PositiveIntegerField("ปี")
    name = models.CharField("ชื่อไฟล์", max_length=200)
    text = models.TextField("เนื้อหา")
    sha256 = models.CharField(max_length=64)
    state = models.CharField("สถานะ", max_length=10, choices=STATES, default=PENDING)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-version", "-uploaded_at", "-pk"]
        verbose_name = "ไฟล์กรอบการประเมิน"
        verbose_name_plural = "ไฟล์กรอบการประเมิน"
        constraints = [
            models.UniqueConstraint(
                fields=["version"], condition=models.Q(state="active"), name="one_active_framework_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.pk} {self.name} ({self.get_state_display()})"

    @property
    def origin(self) -> str:
        """How the loader's messages name it."""
        return f"{self.name} (#{self.pk})"
