"""The site's addresses, its error handlers, and addresses that fail on purpose (for the error pages' tests)."""

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from prongsai.web.urls import handler400, handler500
from prongsai.web.urls import urlpatterns as site_urlpatterns

__all__ = ["handler400", "handler500", "urlpatterns"]


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a fault for the error page's test")


def bad(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("a bad request for the error page's test")


def denied(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("boom/", boom),
    path("bad/", bad),
    path("denied/", denied),
    *site_urlpatterns,
]
