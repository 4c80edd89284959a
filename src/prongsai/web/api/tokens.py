"""Personal API tokens: made, revoked and recognised here (each change in the audit trail)."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from prongsai.web.api.models import ApiToken
from prongsai.web.programme.services import audit

TOKEN_PREFIX = "psk_"
LAST_USED_EVERY = dt.timedelta(minutes=1)  # at most one write a minute per token to record its use


def digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str, scope: str) -> tuple[ApiToken, str]:
    """A new token for `user`, and its text: shown once, never stored."""
    text = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip()[:100], scope=scope, digest=digest(text), prefix=text[:10]
    )
    audit(
        organisation=None,
        user=user,
        action="api_token.create",
        obj=token,
        summary=f"สร้างโทเคน API “{token.name}” ({token.get_scope_display()})",
        after={"name": token.name, "scope": scope, "prefix": token.prefix},
    )
    return token, text


@transaction.atomic
def token_revoke(*, user: User, pk: int) -> ApiToken:
    """Revoke one of `user`'s own tokens (404 for anyone else's); revoking twice changes nothing."""
    token = ApiToken.objects.select_for_update().filter(pk=pk, user=user).first()
    if token is None:
        raise Http404("ไม่พบโทเคน")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit(
            organisation=None,
            user=user,
            action="api_token.revoke",
            obj=token,
            summary=f"ยกเลิกโทเคน API “{token.name}”",
            before={"revoked": False},
            after={"revoked": True},
        )
    return token


def token_for(text: str) -> ApiToken | None:
    """The live token of this text, with its person, or None (unknown, revoked, or its person inactive)."""
    if not text.startswith(TOKEN_PREFIX) or len(text) > 100:
        return None
    token = (
        ApiToken.objects.filter(digest=digest(text), revoked_at__isnull=True, user__is_active=True)
        .select_related("user")
        .first()
    )
    if token is not None:
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
