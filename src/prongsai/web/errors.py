"""The error pages a person may meet, in Thai and with the site's navigation.

Django renders its own 400 and 500 pages without the request (so without the person's menu); these render the
same templates with it. A 500 page must not fail in turn: if the page with the menu cannot be made (the
database is what failed), the plain page is sent.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseServerError
from django.template import loader

log = logging.getLogger(__name__)

PLAIN_SERVER_ERROR = (
    '<!doctype html><html lang="th"><meta charset="utf-8"><title>ระบบขัดข้อง</title>'
    '<h1>ระบบขัดข้อง</h1><p>เกิดข้อผิดพลาดในระบบ โปรดลองใหม่ภายหลัง</p><p><a href="/">กลับหน้าแรก</a></p></html>'
)


def method_not_allowed_in_thai(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """A form's address opened as a page (a bookmark, a reload after sending) gets a Thai page, not a blank one."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if response.status_code == 405 and not response.content:
            response.content = loader.render_to_string("405.html", request=request).encode()
            response["Content-Type"] = "text/html; charset=utf-8"
        return response

    return middleware


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseBadRequest(loader.render_to_string("400.html", request=request))


def server_error(request: HttpRequest) -> HttpResponse:
    body: str
    try:
        body = loader.render_to_string("500.html", request=request)
    except Exception:  # the page with the menu needs the database, which may be what failed
        log.exception("the server error page could not be rendered with its menu")
        body = PLAIN_SERVER_ERROR
    return HttpResponseServerError(body)
