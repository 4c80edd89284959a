from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest


class LoginThrottleBackend(AxesStandaloneBackend):  # type: ignore[misc]
    """Refuses an account+address that is locked out, before any password is checked.

    Every login page passes the request. An authentication without one (the test client, the shell) is no
    attempt from an address; it is left to the next backend instead of failing.
    """

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> None:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)  # type: ignore[no-any-return]


def client_address(request: HttpRequest) -> str | None:
    """The address a login comes from, for the lock-out.

    Behind PRONGSAI_PROXY_COUNT reverse proxies, each of which appends the address it received from to
    X-Forwarded-For, the client is the count-th address from the right; what lies further left the client
    wrote itself and is ignored.
    """
    remote = request.META.get("REMOTE_ADDR")
    count = settings.PRONGSAI_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    return hops[-count] if len(hops) >= count else remote
