"""Login protection: the lock-out after repeated failures, the password reset by e-mail, the TOTP second step."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import subprocess
import sys
import time
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.totp import totp

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-test-password"
HERE, ELSEWHERE = "10.1.1.1", "10.2.2.2"


@pytest.fixture
def coordinator() -> User:
    return User.objects.create_user(  # type: ignore[no-any-return]
        "somchai", email="somchai@example.org", password=PASSWORD, first_name="สมชาย", last_name="ใจดี"
    )


def _post_login(client: Client, username: str, password: str, next_url: str = "") -> Any:
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("login"), data)


def _logged_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


# --- lock-out ---------------------------------------------------------------------------------------------


def test_sixth_try_is_refused_even_with_the_right_password(coordinator: User) -> None:
    client = Client(REMOTE_ADDR=HERE)
    for _ in range(4):
        response = _post_login(client, "somchai", "wrong")
        assert response.status_code == 200 and "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()
    fifth = _post_login(client, "somchai", "wrong")
    assert fifth.status_code == 429
    sixth = _post_login(client, "somchai", PASSWORD)
    page = sixth.content.decode()
    assert sixth.status_code == 429 and not _logged_in(client)
    assert "ระงับการเข้าสู่ระบบชั่วคราว" in page and "แม้ใส่รหัสผ่านถูกก็ตาม" in page
    # when to try again, in the Buddhist Era, 15 minutes after the last failure; and how to reset
    last = AccessAttempt.objects.get(username="somchai").attempt_time
    until = (last + dt.timedelta(minutes=15)).astimezone(dt.timezone(dt.timedelta(hours=7)))
    assert f"{until.year + 543} เวลา {until:%H:%M} น." in page
    assert reverse("password_reset") in page
    assert '<link rel="stylesheet"' in page  # the site's layout


def test_another_address_for_the_same_account_is_not_locked(coordinator: User) -> None:
    attacker = Client(REMOTE_ADDR=ELSEWHERE)
    for _ in range(6):
        _post_login(attacker, "somchai", "wrong")
    assert _post_login(attacker, "somchai", PASSWORD).status_code == 429
    office = Client(REMOTE_ADDR=HERE)
    response = _post_login(office, "somchai", PASSWORD)
    assert response.status_code == 302 and _logged_in(office)


def test_a_good_login_resets_the_count(coordinator: User) -> None:
    client = Client(REMOTE_ADDR=HERE)
    for _ in range(4):
        _post_login(client, "somchai", "wrong")
    assert _post_login(client, "somchai", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(4):
        assert _post_login(client, "somchai", "wrong").status_code == 200
    assert _post_login(client, "somchai", PASSWORD).status_code == 302 and _logged_in(client)


def test_the_lock_ends_after_the_cool_off(coordinator: User) -> None:
    client = Client(REMOTE_ADDR=HERE)
    for _ in range(5):
        _post_login(client, "somchai", "wrong")
    assert _post_login(client, "somchai", PASSWORD).status_code == 429
    AccessAttempt.objects.update(attempt_time=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=16))
    assert _post_login(client, "somchai", PASSWORD).status_code == 302 and _logged_in(client)


def test_limits_are_read_from_the_environment(tmp_path: Any) -> None:
    env = {
        **os.environ,
        "PRONGSAI_DATA_DIR": str(tmp_path),
        "PRONGSAI_LOGIN_FAILURE_LIMIT": "7",
        "PRONGSAI_LOGIN_COOLOFF_MINUTES": "30",
        "PRONGSAI_PROXY_COUNT": "1",
        "PRONGSAI_REQUIRE_2FA": "1",
    }
    code = (
        "from prongsai.web import settings as s;"
        "print(s.AXES_FAILURE_LIMIT, s.AXES_COOLOFF_TIME.seconds, s.PRONGSAI_PROXY_COUNT, s.PRONGSAI_REQUIRE_2FA)"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["7", "1800", "1", "True"]


def test_failure_limit_and_cool_off_come_from_settings(coordinator: User, settings: Any) -> None:
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=40)
    client = Client(REMOTE_ADDR=HERE)
    _post_login(client, "somchai", "wrong")
    response = _post_login(client, "somchai", "wrong")
    assert response.status_code == 429 and "ประมาณ 40 นาที" in response.content.decode()


def test_admin_login_goes_through_the_same_lock(coordinator: User) -> None:
    coordinator.is_staff = True
    coordinator.save()
    client = Client(REMOTE_ADDR=HERE)
    # the admin's own login address authenticates nobody: it sends people to the site's login
    response = client.post(reverse("admin:login"), {"username": "somchai", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not _logged_in(client)
    for _ in range(5):
        _post_login(client, "somchai", "wrong", next_url="/admin/")
    assert _post_login(client, "somchai", PASSWORD, next_url="/admin/").status_code == 429
    assert client.get("/admin/").status_code == 302


def test_lockouts_and_failures_are_listed_for_the_site_administrator(coordinator: User) -> None:
    client = Client(REMOTE_ADDR=HERE)
    for _ in range(5):
        _post_login(client, "somchai", "wrong")
    admin = User.objects.create_superuser("root", password=PASSWORD)
    staff = Client()
    staff.force_login(admin)
    attempts = staff.get("/admin/axes/accessattempt/?locked_out=yes").content.decode()
    assert "somchai" in attempts and HERE in attempts
    failures = staff.get("/admin/axes/accessfailurelog/").content.decode()
    assert failures.count(HERE) >= 5
    record = staff.get(f"/admin/axes/accessattempt/{AccessAttempt.objects.get().pk}/change/").content.decode()
    assert "password=****" in record and "password=wrong" not in record  # passwords are not kept


def test_behind_a_proxy_the_forwarded_address_counts(coordinator: User, settings: Any) -> None:
    settings.PRONGSAI_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for spoofed in range(6):  # what the client writes into the header itself changes nothing
        attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{spoofed}, {HERE}")
        last = _post_login(attacker, "somchai", "wrong" if spoofed < 5 else PASSWORD)
    assert last.status_code == 429
    office = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=ELSEWHERE)
    assert _post_login(office, "somchai", PASSWORD).status_code == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {HERE}


# --- password reset ---------------------------------------------------------------------------------------


def test_login_page_links_the_reset(client: Client) -> None:
    page = client.get(reverse("login")).content.decode()
    assert reverse("password_reset") in page and "ลืมรหัสผ่าน" in page


def _reset_link(settings: Any, client: Client, email: str) -> str:
    response = client.post(reverse("password_reset"), {"email": email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [email] and "ตั้งรหัสผ่านใหม่" in message.subject
    assert "เรียน สมชาย ใจดี" in message.body
    match = re.search(
        re.escape(settings.PRONGSAI_BASE_URL) + r"(/accounts/password-reset/\S+/\S+/)", message.body
    )
    assert match, message.body
    return match.group(1)


def test_reset_by_email_works_once(coordinator: User, client: Client, settings: Any) -> None:
    settings.PRONGSAI_BASE_URL = "https://ita.example.go.th"
    link = _reset_link(settings, client, "somchai@example.org")
    form = client.get(link, follow=True)
    assert "รหัสผ่านใหม่" in form.content.decode() and form.context["validlink"]
    set_url = form.redirect_chain[-1][0]
    mismatch = client.post(set_url, {"new_password1": "ข้าวเหนียวมะม่วง2569", "new_password2": "อื่น"})
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in mismatch.content.decode()
    done = client.post(set_url, {"new_password1": "ข้าวเหนียวมะม่วง2569", "new_password2": "ข้าวเหนียวมะม่วง2569"})
    assert done.status_code == 302 and done["Location"] == reverse("password_reset_complete")
    assert "ตั้งรหัสผ่านใหม่แล้ว" in client.get(done["Location"]).content.decode()
    fresh = Client(REMOTE_ADDR=HERE)
    assert _post_login(fresh, "somchai", PASSWORD).status_code == 200  # the old password is gone
    assert _post_login(fresh, "somchai", "ข้าวเหนียวมะม่วง2569").status_code == 302
    # the same link again: refused, and the password stays
    again = Client().get(link, follow=True)
    assert not again.context["validlink"] and "ลิงก์นี้ใช้ไม่ได้" in again.content.decode()
    coordinator.refresh_from_db()
    assert coordinator.check_password("ข้าวเหนียวมะม่วง2569")


def test_an_unknown_address_gets_the_same_answer(coordinator: User, client: Client) -> None:
    known = client.post(reverse("password_reset"), {"email": "somchai@example.org"}, follow=True)
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"}, follow=True)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["somchai@example.org"]
    assert known.redirect_chain == unknown.redirect_chain
    assert known.content == unknown.content and "ตรวจอีเมลของท่าน" in unknown.content.decode()


def test_a_reset_lifts_the_lock(coordinator: User, client: Client, settings: Any) -> None:
    office = Client(REMOTE_ADDR=HERE)
    for _ in range(5):
        _post_login(office, "somchai", "wrong")
    link = _reset_link(settings, client, "somchai@example.org")
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_url, {"new_password1": "ข้าวเหนียวมะม่วง2569", "new_password2": "ข้าวเหนียวมะม่วง2569"})
    assert _post_login(office, "somchai", "ข้าวเหนียวมะม่วง2569").status_code == 302


def test_a_weak_new_password_is_refused_in_thai(coordinator: User, client: Client, settings: Any) -> None:
    link = _reset_link(settings, client, "somchai@example.org")
    set_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "abc", "new_password2": "abc"})
    errors = response.context["form"].errors["new_password2"]
    assert errors and all(re.search("[ก-๙]", error) for error in errors), errors
    assert coordinator.check_password(PASSWORD)


# --- two-factor -------------------------------------------------------------------------------------------


def _enrol(client: Client) -> str:
    assert client.post(reverse("two-factor"), {"action": "start"}).status_code == 302
    page = client.get(reverse("two-factor")).content.decode()
    assert "<svg" in page and "<path" in page  # the QR code, drawn on the server
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
    assert secret, page
    wrong = client.post(reverse("two-factor"), {"action": "confirm", "token": "000000"})
    assert "รหัสไม่ถูกต้อง" in wrong.content.decode()
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)
    confirmed = client.post(reverse("two-factor"), {"action": "confirm", "token": totp(secret.group(1))})
    assert confirmed.status_code == 302
    assert "เปิดใช้อยู่" in client.get(reverse("two-factor")).content.decode()
    return secret.group(1)


@pytest.fixture
def enrolled(coordinator: User) -> str:
    client = Client()
    client.force_login(coordinator)
    secret = _enrol(client)
    device = TOTPDevice.objects.get(user=coordinator, confirmed=True)
    assert base64.b32encode(device.bin_key).decode().rstrip("=") == secret.replace(" ", "")
    assert "otpauth://totp/Prongsai%3Asomchai" in device.config_url
    return secret


def test_enrolment_page_is_personal(client: Client) -> None:
    for response in (
        client.get(reverse("two-factor")),
        client.post(reverse("two-factor"), {"action": "start"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not TOTPDevice.objects.exists()


def test_login_asks_for_the_code_and_refuses_a_wrong_one(coordinator: User, enrolled: str) -> None:
    client = Client(REMOTE_ADDR=HERE)
    response = _post_login(client, "somchai", PASSWORD, next_url="/frameworks/")
    assert response.status_code == 302 and response["Location"] == reverse("login-code")
    assert not _logged_in(client)
    assert "รหัสยืนยันตัวตน" in client.get(reverse("login-code")).content.decode()
    wrong = client.post(
        reverse("login-code"), {"token": "123456" if totp(enrolled, 1) != "123456" else "654321"}
    )
    assert wrong.status_code == 200 and "รหัสไม่ถูกต้อง" in wrong.content.decode() and not _logged_in(client)
    TOTPDevice.objects.update(throttling_failure_timestamp=None)
    right = client.post(reverse("login-code"), {"token": totp(enrolled, 1)})
    assert right.status_code == 302 and right["Location"] == "/frameworks/" and _logged_in(client)


def test_a_used_code_is_refused(coordinator: User, enrolled: str) -> None:
    code = totp(enrolled, 1)
    first = Client(REMOTE_ADDR=HERE)
    _post_login(first, "somchai", PASSWORD)
    assert first.post(reverse("login-code"), {"token": code}).status_code == 302
    second = Client(REMOTE_ADDR=ELSEWHERE)
    _post_login(second, "somchai", PASSWORD)
    replay = second.post(reverse("login-code"), {"token": code})
    assert "ใช้ไปแล้ว" in replay.content.decode() and not _logged_in(second)


def test_code_guesses_are_throttled(coordinator: User, enrolled: str) -> None:
    client = Client(REMOTE_ADDR=HERE)
    _post_login(client, "somchai", PASSWORD)
    client.post(reverse("login-code"), {"token": "000000" if totp(enrolled, 1) != "000000" else "111111"})
    # right at once after a wrong one: django-otp makes it wait
    hurried = client.post(reverse("login-code"), {"token": totp(enrolled, 1)})
    assert "กรุณารอ 1 วินาที" in hurried.content.decode() and not _logged_in(client)
    TOTPDevice.objects.update(throttling_failure_timestamp=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5))
    client.post(reverse("login-code"), {"token": "000000" if totp(enrolled, 1) != "000000" else "111111"})
    hurried = client.post(reverse("login-code"), {"token": totp(enrolled, 1)})
    assert "กรุณารอ 2 วินาที" in hurried.content.decode() and not _logged_in(client)
    TOTPDevice.objects.update(throttling_failure_timestamp=dt.datetime.now(dt.UTC) - dt.timedelta(seconds=5))
    assert client.post(reverse("login-code"), {"token": totp(enrolled, 1)}).status_code == 302


def test_wrong_codes_count_towards_the_lock_out(coordinator: User, enrolled: str) -> None:
    client = Client(REMOTE_ADDR=HERE)
    _post_login(client, "somchai", PASSWORD)
    statuses = []
    for guess in range(5):
        TOTPDevice.objects.update(throttling_failure_timestamp=None)
        token = f"{guess:06d}"
        statuses.append(client.post(reverse("login-code"), {"token": token}).status_code)
    assert statuses == [200, 200, 200, 200, 429]
    # the password alone no longer opens the way to the code page from here
    assert _post_login(client, "somchai", PASSWORD).status_code == 429


def test_the_code_page_waits_five_minutes(coordinator: User, enrolled: str) -> None:
    client = Client(REMOTE_ADDR=HERE)
    _post_login(client, "somchai", PASSWORD)

    def started(seconds_ago: int) -> None:
        session = client.session
        session["prongsai_login_pending"]["at"] = time.time() - seconds_ago
        session.save()

    started(290)
    assert client.get(reverse("login-code")).status_code == 200
    started(301)
    response = client.post(reverse("login-code"), {"token": totp(enrolled, 1)})
    assert response.status_code == 302 and response["Location"] == reverse("login") and not _logged_in(client)


def test_code_page_without_a_password_goes_to_login(client: Client) -> None:
    response = client.post(reverse("login-code"), {"token": "123456"})
    assert response.status_code == 302 and response["Location"] == reverse("login")


def test_a_reader_without_two_factor_logs_in_as_before(coordinator: User, enrolled: str) -> None:
    User.objects.create_user("reader", password=PASSWORD)
    client = Client(REMOTE_ADDR=HERE)
    response = _post_login(client, "reader", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("home") and _logged_in(client)


def test_admin_needs_the_code_of_an_enrolled_staff_member(coordinator: User, enrolled: str) -> None:
    coordinator.is_staff = coordinator.is_superuser = True
    coordinator.save()
    unverified = Client()
    unverified.force_login(coordinator)  # logged in some other way, without the code
    response = unverified.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    client = Client(REMOTE_ADDR=HERE)
    _post_login(client, "somchai", PASSWORD, next_url="/admin/")
    assert client.post(reverse("login-code"), {"token": totp(enrolled, 1)})["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_required_two_factor_sends_staff_to_enrol(settings: Any) -> None:
    settings.PRONGSAI_REQUIRE_2FA = True
    User.objects.create_user("root", password=PASSWORD, is_staff=True, is_superuser=True)
    client = Client()
    assert _post_login(client, "root", PASSWORD).status_code == 302
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0] == reverse("two-factor")
    assert "ต้องใช้การยืนยันสองขั้นตอน" in response.content.decode()
    secret = _enrol(client)  # enrolling verifies this session
    assert secret and client.get("/admin/").status_code == 200


def test_without_the_requirement_staff_without_a_device_use_admin_as_before() -> None:
    User.objects.create_user("root", password=PASSWORD, is_staff=True, is_superuser=True)
    client = Client()
    _post_login(client, "root", PASSWORD, next_url="/admin/")
    assert client.get("/admin/").status_code == 200


def test_removing_two_factor_needs_a_code(coordinator: User, enrolled: str) -> None:
    client = Client()
    client.force_login(coordinator)
    refused = client.post(reverse("two-factor"), {"action": "remove", "token": "12345"})
    assert "รหัสมี ๖ หลัก" in refused.content.decode() and TOTPDevice.objects.exists()
    assert (
        client.post(reverse("two-factor"), {"action": "remove", "token": totp(enrolled, 1)}).status_code
        == 302
    )
    assert not TOTPDevice.objects.exists()
    assert _post_login(Client(), "somchai", PASSWORD)["Location"] == reverse("home")


def test_the_site_administrator_lifts_a_lock_in_admin(coordinator: User) -> None:
    office = Client(REMOTE_ADDR=HERE)
    for _ in range(5):
        _post_login(office, "somchai", "wrong")
    staff = Client()
    staff.force_login(User.objects.create_superuser("root", password=PASSWORD))
    attempt = AccessAttempt.objects.get(username="somchai")
    response = staff.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert _post_login(office, "somchai", PASSWORD).status_code == 302 and _logged_in(office)


def test_a_lost_phone_the_administrator_deletes_the_device(coordinator: User, enrolled: str) -> None:
    staff = Client()
    staff.force_login(User.objects.create_superuser("root", password=PASSWORD))
    device = TOTPDevice.objects.get(user=coordinator)
    listing = staff.get("/admin/otp_totp/totpdevice/").content.decode()
    assert "somchai" in listing
    staff.post(f"/admin/otp_totp/totpdevice/{device.pk}/delete/", {"post": "yes"})
    client = Client(REMOTE_ADDR=HERE)
    assert _post_login(client, "somchai", PASSWORD)["Location"] == reverse("home") and _logged_in(client)


def test_a_code_typed_in_thai_digits_with_a_space_is_read(coordinator: User, enrolled: str) -> None:
    client = Client(REMOTE_ADDR=HERE)
    _post_login(client, "somchai", PASSWORD)
    code = totp(enrolled, 1).translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    response = client.post(reverse("login-code"), {"token": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302 and _logged_in(client)
