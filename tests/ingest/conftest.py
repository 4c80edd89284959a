from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from prongsai.frameworks import FrameworkRegistry, load_frameworks

# The three real reports, as extracted to text, noise included; the demo data is built from them too.
SEEDS = Path(__file__).resolve().parents[2] / "src" / "prongsai" / "demo" / "reports"
GOLDEN = Path(__file__).parent / "golden"
SEED_NAMES = ["seed000", "seed002", "seed004"]


@pytest.fixture(scope="session")
def registry() -> FrameworkRegistry:
    return load_frameworks(site_directory=None)


def golden(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / f"{name}.json").read_text(encoding="utf-8"))
    return data


def seed_text(name: str) -> str:
    return (SEEDS / golden(name)["seed"]).read_text(encoding="utf-8")
