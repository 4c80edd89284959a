"""Prongsai (โปร่งใส): the yearly integrity-and-transparency programme of a Thai local government."""

import os

# PyThaiNLP creates ~/pythainlp-data on import and may try to download; everything we use ships in the wheel.
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
os.environ.setdefault("PYTHAINLP_OFFLINE", "1")

__version__ = "0.1.0"
