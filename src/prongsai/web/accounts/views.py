"""Login (with the optional code step), the lock-out page, the password reset and the TOTP enrolment page."""

from __future__ import annotations

from typing import Any

from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.utils import reset as axes_reset
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.models import User
from django.contrib.auth.signals import user_login_failed
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from prongsai.core.thai import format_date
from prongsai.web.accounts import two_factor


def _thai_moment(moment: Any) -> str:
    local = timezone.localtime(moment)
    return f"{format_date(local.date(), 'full', thai_digits=False)} เวลา {local:%H:%M} น."


def locked_out(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """django-axes' lock-out answer: when the account may try again from this address, and how to reset."""
    username = get_client_username(request, credentials) or ""
    last = AccessAttempt.objects.filter(
        username=username, ip_address=getattr(request, "axes_ip_address", None)
    ).aggregate(last=Max("attempt_time"))["last"]
    until = (last or timezone.now()) + settings.AXES_COOLOFF_TIME
    context = {
        "until": _thai_moment(until),
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


class LoginView(auth_views.LoginView):
    """Django's login; someone with a confirmed TOTP device is logged in only after the code step."""

    template_name = "registration/login.html"

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.get_user()
        if two_factor.confirmed_device(user) is None:
            return super().form_valid(form)
        two_factor.start_pending_login(self.request, user, self.get_success_url())
        return redirect("login-code")


class CodeForm(forms.Form):
    token = forms.CharField(label="รหัสจากแอปยืนยันตัวตน", max_length=20)

    def clean_token(self) -> str:
        token = two_factor.clean_token(self.cleaned_data["token"])
        if not (token.isascii() and token.isdigit() and len(token) in (6, 8)):
            raise forms.ValidationError("รหัสมี ๖ หลัก เป็นตัวเลข")
        return token


def _wait_message(device: TOTPDevice) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    seconds = 1
    if data and data.get("locked_until"):
        seconds = max(1, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))
    return f"ใส่รหัสผิดหลายครั้ง กรุณารอ {seconds} วินาทีแล้วลองใหม่"


@sensitive_post_parameters("token")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_code(request: HttpRequest) -> HttpResponse:
    """The second step: the six digits of the authenticator app, once, within a few minutes of the password."""
    pending = two_factor.pending_login(request)
    user = User.objects.filter(pk=pending["user"], is_active=True).first() if pending else None
    device = two_factor.confirmed_device(user) if user else None
    if pending is None or user is None or device is None:
        request.session.pop(two_factor.PENDING_KEY, None)
        messages.warning(request, "กรุณาเข้าสู่ระบบใหม่ (หน้ารอรหัสหมดเวลาแล้ว)")
        return redirect("login")
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.session.pop(two_factor.PENDING_KEY, None)
        return locked_out(request, None, credentials)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            device = TOTPDevice.objects.select_for_update().get(pk=device.pk)  # one check of a code at a time
            wait = _wait_message(device)
            verified = wait is None and device.verify_token(form.cleaned_data["token"])
        if verified:
            del request.session[two_factor.PENDING_KEY]
            user.otp_device = device  # type: ignore[attr-defined]  # django_otp marks the session verified
            auth_login(request, user, backend=pending["backend"])
            return redirect(pending["next"])
        if wait:
            form.add_error("token", wait)
        else:
            form.add_error("token", "รหัสไม่ถูกต้องหรือใช้ไปแล้ว")
            # a wrong code counts as a failed login for the account+address lock-out
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
    return render(request, "accounts/login_code.html", {"form": form, "username": user.get_username()})


class EnrolForm(CodeForm):
    pass


@login_required
@sensitive_post_parameters("token")
@require_http_methods(["GET", "POST"])
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Each person's own: enrol an authenticator app (QR code and secret), confirm it with a code, or remove it."""
    user = request.user
    assert isinstance(user, User)
    form = EnrolForm(request.POST or None)
    if request.method == "POST":
        action = request.POST.get("action")
        with transaction.atomic():
            User.objects.select_for_update().get(pk=user.pk)  # one change of a person's devices at a time
            confirmed = two_factor.confirmed_device(user)
            enrolling = two_factor.enrolling_device(user)
            if action == "start" and confirmed is None:
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                TOTPDevice.objects.create(user=user, name="แอปยืนยันตัวตน", confirmed=False)
                return redirect("two-factor")
            if action == "cancel":
                TOTPDevice.objects.filter(user=user, confirmed=False).delete()
                return redirect("two-factor")
            device = enrolling if action == "confirm" else confirmed if action == "remove" else None
            if device is not None and form.is_valid():
                wait = _wait_message(device)
                if wait is None and device.verify_token(form.cleaned_data["token"]):
                    if action == "confirm":
                        device.confirmed = True
                        device.save(update_fields=["confirmed"])
                        otp_login(request, device)
                        messages.success(request, "ตั้งค่าการยืนยันสองขั้นตอนแล้ว ครั้งหน้าระบบจะถามรหัสจากแอปหลังรหัสผ่าน")
                    else:
                        TOTPDevice.objects.filter(user=user).delete()
                        request.session.pop("otp_device_id", None)
                        messages.success(request, "ยกเลิกการยืนยันสองขั้นตอนแล้ว")
                    return redirect("two-factor")
                form.add_error("token", wait or "รหัสไม่ถูกต้องหรือใช้ไปแล้ว")
            elif device is None:
                return redirect("two-factor")
    confirmed = two_factor.confirmed_device(user)
    enrolling = None if confirmed else two_factor.enrolling_device(user)
    context: dict[str, Any] = {"form": form, "confirmed": confirmed, "enrolling": enrolling}
    if enrolling is not None:
        context["qr"] = two_factor.qr_svg(enrolling)
        context["secret"] = two_factor.secret_text(enrolling)
    return render(request, "accounts/two_factor.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the same answer whether the address is known or not; the link from PRONGSAI_BASE_URL."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/password_reset_email.txt"
    subject_template_name = "accounts/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    def form_valid(self, form: Any) -> HttpResponse:
        self.extra_email_context = {"base_url": settings.PRONGSAI_BASE_URL.rstrip("/")}
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


# Django's Thai translation lacks its password validators' messages.
THAI_PASSWORD_ERRORS = {
    "password_too_short": "รหัสผ่านสั้นเกินไป ต้องมีอย่างน้อย %(min_length)d ตัวอักษร",
    "password_too_common": "รหัสผ่านนี้ใช้กันทั่วไป เดาได้ง่าย",
    "password_too_similar": "รหัสผ่านคล้ายชื่อผู้ใช้หรือข้อมูลของบัญชีเกินไป",
    "password_entirely_numeric": "รหัสผ่านเป็นตัวเลขล้วนไม่ได้",
}


class ThaiSetPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    error_messages = {"password_mismatch": "รหัสผ่านทั้งสองช่องไม่ตรงกัน"}

    def add_error(self, field: str | None, error: Any) -> None:
        if isinstance(error, forms.ValidationError) and not hasattr(error, "error_dict"):
            error = forms.ValidationError(
                [
                    forms.ValidationError(
                        THAI_PASSWORD_ERRORS.get(item.code or "", item.message), params=item.params
                    )
                    for item in error.error_list
                ]
            )
        super().add_error(field, error)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = ThaiSetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # whoever proves the mailbox gets in now: the account's lock-outs are lifted
        axes_reset(username=form.user.get_username())
        return response


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
