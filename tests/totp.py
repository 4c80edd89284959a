"""RFC 6238 computed here, from the secret a person reads off the page: the tests' own oracle for TOTP codes."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
import time


def totp(secret_text: str, offset: int = 0) -> str:
    """The code an authenticator app shows now (offset: time steps later): SHA-1, 30 s, 6 digits."""
    secret = secret_text.replace(" ", "").upper()
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    counter = int(time.time()) // 30 + offset
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    start = digest[-1] & 0x0F
    return f"{(struct.unpack('>I', digest[start : start + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"
