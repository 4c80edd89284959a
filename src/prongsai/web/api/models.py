from __future__ import annotations

from django.conf import settings
from django.db import models


class ApiToken(models.Model):
    """A person's personal API token: only its SHA-256 is kept, so a copy of the database opens nothing."""

    READ, WRITE = "read", "write"
    SCOPES = [(READ, "อ่านอย่างเดียว"), (WRITE, "อ่านและบันทึก")]

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField("ชื่อโทเคน", max_length=100)
    digest = models.CharField(max_length=64, unique=True)  # hex SHA-256 of the token
    prefix = models.CharField(max_length=12)  # its first characters, to tell tokens apart on the page
    scope = models.CharField("สิทธิ์", max_length=5, choices=SCOPES, default=READ)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "โทเคน API"
        verbose_name_plural = "โทเคน API"

    def __str__(self) -> str:
        return f"token-{self.pk}"  # the throttle's key: one budget per token
