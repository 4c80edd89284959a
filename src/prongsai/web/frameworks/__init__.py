"""The site's framework registry: the shipped files, the site directory's, and the files a site administrator
uploaded and activated (stored in the database, so that every worker process sees the same frameworks).

The registry is rebuilt when the set of active uploaded files changes: checked once per request (a middleware
marks the request, the first use looks), and on every use outside a request.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse

from prongsai.core.errors import FrameworkError
from prongsai.core.frameworks import Framework
from prongsai.frameworks import FrameworkRegistry, load_frameworks, parse_framework

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Loaded:
    stamp: tuple[int, ...]  # the ids of the active uploaded files it was built from
    registry: FrameworkRegistry


_loaded: _Loaded | None = None
_lock = threading.Lock()
_checked_in_this_request: ContextVar[bool] = ContextVar("frameworks_checked", default=False)


def _active_stamp() -> tuple[int, ...]:
    from prongsai.web.frameworks.models import FrameworkFile

    try:
        return tuple(
            FrameworkFile.objects.filter(state=FrameworkFile.ACTIVE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    except DatabaseError:  # before the first migration: the shipped frameworks only
        return ()


def _build(stamp: tuple[int, ...]) -> FrameworkRegistry:
    from prongsai.web.frameworks.models import FrameworkFile

    base = load_frameworks(settings.PRONGSAI_FRAMEWORKS_DIR)
    uploaded: dict[int, Framework] = {}
    for file in FrameworkFile.objects.filter(pk__in=stamp):
        try:
            framework = parse_framework(file.text, file.origin)
        except FrameworkError as error:  # valid when activated; a later release may be stricter
            logger.error("uploaded framework file %s no longer loads: %s", file.pk, error.english)
            continue
        uploaded[framework.version] = framework
    return FrameworkRegistry({**base.by_version, **uploaded})


def registry() -> FrameworkRegistry:
    global _loaded
    loaded = _loaded
    if loaded is not None and _checked_in_this_request.get():
        return loaded.registry
    stamp = _active_stamp()
    with _lock:
        if _loaded is None or _loaded.stamp != stamp:
            _loaded = _Loaded(stamp, _build(stamp))
        loaded = _loaded
    _checked_in_this_request.set(True)  # reset by the middleware when the request ends
    return loaded.registry


def forget_registry() -> None:
    """Rebuild on next use (after an activation in this process)."""
    global _loaded
    with _lock:
        _loaded = None
    _checked_in_this_request.set(False)  # another thread may rebuild from what it sees; this one looks again


class FrameworksMiddleware:
    """Look at the active uploaded files once per request, not once per use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _checked_in_this_request.set(False)
        try:
            return self.get_response(request)
        finally:
            _checked_in_this_request.reset(token)


def framework_for_year(fiscal_year: int) -> Framework:
    """The framework a year's work answers to: that year's version, else the latest before it, else the first."""
    return registry().for_year(fiscal_year) or registry().get(registry().versions[0])


def borrowed_framework_note(year: int, version: int) -> str:
    """ "" when `year` is scored under its own framework; else the words every page and document shows."""
    if version == year:
        return ""
    return (
        f"ผลการประเมินปี {year} คิดตามกรอบการประเมินปี {version} เพราะระบบยังไม่มีกรอบของปี {year} "
        "จะคิดคะแนนใหม่เมื่อผู้ดูแลระบบนำเข้ากรอบของปีนั้น"
    )
