"""What keeps a reporter unknown: the encryption key, throttles held in memory only, and a filter on the logs.

The key (PRONGSAI_COMPLAINTS_KEY, a Fernet key) encrypts the report's text and files, and keys the HMAC that
indexes receipt codes. In development it is generated once into the data directory, like the secret key.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.core.cache.backends.locmem import LocMemCache
from django.http import HttpRequest

from prongsai.web.accounts.backends import client_address

# The addresses of the channel: /p/<org>/complaint/… and /p/complaint/…
COMPLAINT_PATH = re.compile(r"/p/(?:[-\w]+/)?complaint/")
_ADDRESS = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}\b|\b[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}\b")
# The channel's own local-memory cache, whatever CACHES says: counts live in this process's memory only, never in
# the database or a shared cache server, and vanish within a minute.
THROTTLES = LocMemCache("prongsai-complaint-throttles", {"TIMEOUT": 60, "OPTIONS": {"MAX_ENTRIES": 100_000}})


@cache
def _fernet() -> Fernet:
    return Fernet(settings.PRONGSAI_COMPLAINTS_KEY.encode("ascii"))


def encrypt(data: bytes) -> bytes:
    return _fernet().encrypt(data)


def decrypt(token: bytes | memoryview) -> bytes:
    try:
        return _fernet().decrypt(bytes(token))
    except InvalidToken:  # another key: the text cannot be read, but the page still opens
        return "[อ่านไม่ได้: กุญแจเข้ารหัสไม่ตรงกับที่ใช้บันทึก]".encode()


def keyed_digest(value: str, purpose: str) -> str:
    """HMAC-SHA256 of `value` with the channel's key: equal values match, and without the key nothing is learnt."""
    key = hashlib.sha256(f"{purpose}:{settings.PRONGSAI_COMPLAINTS_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def over_limit(request: HttpRequest, purpose: str, limit: int, seconds: int = 60) -> bool:
    """Count one more try from the request's address; True once more than `limit` fall in `seconds`.

    The address itself is not the key: only its keyed digest, in memory, for at most `seconds`.
    """
    address = client_address(request) or "unknown"
    key = f"complaints:{purpose}:{keyed_digest(address, 'throttle')}"
    store = THROTTLES
    if store.add(key, 1, seconds):
        return limit < 1
    try:
        return store.incr(key) > limit
    except ValueError:  # expired between add and incr
        store.add(key, 1, seconds)
        return False


def _concerns_channel(record: logging.LogRecord) -> bool:
    request = getattr(record, "request", None)
    path = getattr(request, "path", None)
    if isinstance(path, str):
        return COMPLAINT_PATH.search(path) is not None
    try:
        message = record.getMessage()
    except (
        TypeError,
        ValueError,
        KeyError,
    ):  # a record whose arguments do not fit its message: judge by the template
        message = str(record.msg)
    return COMPLAINT_PATH.search(message) is not None


class ComplaintChannelLogFilter(logging.Filter):
    """Requests to the channel leave no address, agent or time in the logs.

    Routine lines (each request, each 4xx) are dropped; a server error is kept, for it must be fixed, but as its
    message alone, with any address removed and without the request (its headers and address).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if not _concerns_channel(record):
            return True
        if record.levelno < logging.ERROR:
            return False
        record.msg = _ADDRESS.sub("[ที่อยู่ถูกลบ]", record.getMessage())
        record.args = ()
        record.request = None
        record.__dict__.pop("server_time", None)
        return True


# Django's request, security (a refused CSRF token) and development-server loggers, and the access logs of the
# usual production servers. A filter on a logger sees only what is logged to that logger by name.
FILTERED_LOGGERS = (
    "django.request",
    "django.server",
    "django.security.csrf",
    "django.security.DisallowedHost",
    "gunicorn.access",
    "uvicorn.access",
    "waitress",
)


def install_log_filter() -> None:
    """Attach the filter to the loggers themselves, so it holds whatever handlers LOGGING configures."""
    for name in FILTERED_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, ComplaintChannelLogFilter) for f in logger.filters):
            logger.addFilter(ComplaintChannelLogFilter())
