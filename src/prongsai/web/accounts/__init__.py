"""Logins: the lock-out after repeated failures, the password reset by e-mail and the optional TOTP second step."""
