"""Logs a machine can read: one JSON object a line, each carrying the id of the request it belongs to.

The id comes from the reverse proxy's X-Request-ID when it sends a sensible one, otherwise it is made here; it
goes back in the response's X-Request-ID, so a person reporting an error can quote it and the line be found.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable

from django.core.signals import request_finished
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What a proxy may hand us: short, and nothing that could forge a second log field or header.
_ACCEPTED_ID = re.compile(r"[A-Za-z0-9._:-]{1,100}")
_current_request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)

# Attributes every LogRecord has; anything else was passed in `extra=` and goes into the line as is.
_STANDARD_ATTRIBUTES = set(vars(logging.LogRecord("", 0, "", 0, "", None, None))) | {"message", "asctime"}


def current_request_id() -> str | None:
    return _current_request_id.get()


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        offered = request.headers.get(REQUEST_ID_HEADER, "")
        request_id = offered if _ACCEPTED_ID.fullmatch(offered) else uuid.uuid4().hex
        # Kept until the response is finished (`request_finished`): Django logs a 4xx/5xx response after the
        # middleware has returned it.
        _current_request_id.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


def _forget_request_id(**kwargs: object) -> None:
    _current_request_id.set(None)


request_finished.connect(_forget_request_id, dispatch_uid="prongsai-forget-request-id")


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current_request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRIBUTES and key not in line and key != "request":
                line[key] = value if isinstance(value, str | int | float | bool | None) else repr(value)
        request = getattr(record, "request", None)  # Django's request logger passes the request itself
        if isinstance(request, HttpRequest):
            line["method"], line["path"] = request.method, request.path
        if record.exc_info:
            line["traceback"] = self.formatException(record.exc_info)
        if record.stack_info:
            line["stack"] = self.formatStack(record.stack_info)
        return json.dumps(line, ensure_ascii=False)
