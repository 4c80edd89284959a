"""Readers: bytes from files in, core objects out. Each failure is a `ReadError` with a Thai message."""
