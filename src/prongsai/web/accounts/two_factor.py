"""The optional TOTP second step: who has a device, the login waiting for its code, the enrolment QR code."""

from __future__ import annotations

import time
from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser, User
from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.thai import to_arabic_digits

PENDING_KEY = "prongsai_login_pending"


def confirmed_device(user: AbstractBaseUser | AnonymousUser) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).first()


def enrolling_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).first()


def second_factor_satisfied(request: HttpRequest) -> bool:
    """The admin site's rule: a verified code for whoever has a device (or for all staff when required)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_verified():  # type: ignore[attr-defined]  # set by django_otp's OTPMiddleware
        return True
    return not settings.PRONGSAI_REQUIRE_2FA and confirmed_device(user) is None


def start_pending_login(request: HttpRequest, user: User, next_url: str) -> None:
    """The password was right; the login waits for the code, without the user being logged in yet."""
    request.session[PENDING_KEY] = {
        "user": user.pk,
        "backend": getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]),
        "next": next_url,
        "at": time.time(),
    }


def pending_login(request: HttpRequest) -> dict[str, Any] | None:
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None
    if time.time() - float(pending.get("at", 0)) > settings.PRONGSAI_2FA_PENDING_SECONDS:
        del request.session[PENDING_KEY]
        return None
    return pending


def clean_token(text: str) -> str:
    """What people type: Thai digits, spaces or a dash between the two halves."""
    return "".join(to_arabic_digits(text).split()).replace("-", "")


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that take it typed in."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice) -> SafeString:
    """The otpauth address as an inline SVG drawn here (no outside service sees the secret)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=4, dark="#000", light="#fff", title="คิวอาร์โค้ดสำหรับแอปยืนยันตัวตน"
    )
    return mark_safe(svg)  # segno's own markup; the only text in it is the fixed title
