from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from prongsai.web.accounts.two_factor import confirmed_device, second_factor_satisfied


class ProngsaiAdminSite(admin.AdminSite):
    """The admin needs, besides staff status, a verified code from whoever enrolled one (or all staff).

    There is one login for the whole site (the lock-out and the code step live there); the admin's own
    login address sends people to it.
    """

    site_header = "โปร่งใส · ผู้ดูแลระบบ"
    site_title = "โปร่งใส"

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and second_factor_satisfied(request)

    def login(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        user = request.user
        next_url = request.GET.get("next") or reverse("admin:index")
        if user.is_authenticated and user.is_active and user.is_staff:
            if settings.PRONGSAI_REQUIRE_2FA and confirmed_device(user) is None:
                messages.warning(request, "หน้าผู้ดูแลระบบต้องใช้การยืนยันสองขั้นตอน กรุณาตั้งค่าก่อน")
                return redirect("two-factor")
            if not second_factor_satisfied(request):
                messages.warning(request, "กรุณาเข้าสู่ระบบอีกครั้งพร้อมรหัสจากแอปยืนยันตัวตน")
        elif user.is_authenticated:
            messages.warning(request, "บัญชีนี้ไม่มีสิทธิ์เข้าหน้าผู้ดูแลระบบ")
        return redirect_to_login(next_url)
