"""Errors are logged as one JSON line carrying the request's id, the person sees a Thai 500 page, ADMINS get mail."""

from __future__ import annotations

import contextlib
import io
import json
import logging
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core import mail
from django.http import HttpRequest, HttpResponse
from django.test import Client
from django.urls import path

from prongsai.web.urls import urlpatterns as site_urlpatterns
from tests.web.test_production import production_env


def broken_view(request: HttpRequest) -> HttpResponse:
    raise ZeroDivisionError("a defect in a view")


urlpatterns = [path("broken/", broken_view), *site_urlpatterns]


@contextlib.contextmanager
def captured_log() -> Iterator[list[dict[str, object]]]:
    """The lines the configured stderr handler writes meanwhile, parsed (its stream swapped for the test)."""
    handler = next(h for h in logging.getLogger("django").handlers if type(h) is logging.StreamHandler)
    buffer = io.StringIO()
    original = handler.setStream(buffer)
    lines: list[dict[str, object]] = []
    try:
        yield lines
    finally:
        handler.setStream(original)
        lines.extend(json.loads(line) for line in buffer.getvalue().splitlines())


@pytest.mark.urls(__name__)
def test_an_error_is_one_json_line_with_the_request_id_and_the_traceback(db: None, settings: object) -> None:
    settings.ADMINS = [("ฝ่ายไอที", "it@example.org")]  # type: ignore[attr-defined]
    with captured_log() as lines:
        response = Client(raise_request_exception=False).get(
            "/broken/", headers={"X-Request-ID": "proxy-7f3a.42"}
        )
    assert response.status_code == 500
    assert "ระบบขัดข้อง" in response.content.decode()
    assert response["X-Request-ID"] == "proxy-7f3a.42"
    errors = [line for line in lines if line["level"] == "ERROR"]
    assert len(errors) == 1, lines
    error = errors[0]
    assert error["request_id"] == "proxy-7f3a.42"
    assert error["logger"] == "django.request" and error["path"] == "/broken/" and error["status_code"] == 500
    assert "Traceback" in str(error["traceback"])
    assert "ZeroDivisionError: a defect in a view" in str(error["traceback"])
    # And mailed to ADMINS (PRONGSAI_ADMINS), with the traceback.
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["it@example.org"]
    assert "ZeroDivisionError" in mail.outbox[0].body


def test_a_not_found_is_logged_with_the_id_the_response_carries(db: None) -> None:
    with captured_log() as lines:
        response = Client().get("/no-such-page/")
    assert response.status_code == 404 and "ไม่พบหน้านี้" in response.content.decode()
    (line,) = lines
    assert line["level"] == "WARNING" and line["request_id"] == response["X-Request-ID"]


def test_lines_outside_a_request_carry_no_id(db: None) -> None:
    Client().get("/healthz")
    with captured_log() as lines:
        logging.getLogger("prongsai.test").warning("ไม่มีคำขอ")
    assert lines == [
        {**lines[0], "level": "WARNING", "logger": "prongsai.test", "message": "ไม่มีคำขอ", "request_id": None}
    ]


@pytest.mark.parametrize("offered", ["", "<script>", "a" * 101, "two words"])
def test_an_unusable_request_id_is_replaced(db: None, offered: str) -> None:
    response = Client().get("/healthz", headers={"X-Request-ID": offered})
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])


def test_the_log_level_comes_from_the_environment(tmp_path: Path) -> None:
    script = "import django, logging; django.setup(); print(logging.getLogger('django').level, logging.getLogger('prongsai').level)"
    env = production_env(tmp_path, PRONGSAI_LOG_LEVEL="warning")
    printed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert printed.stdout.split() == [str(logging.WARNING)] * 2
