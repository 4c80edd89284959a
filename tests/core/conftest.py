from __future__ import annotations

import copy
from importlib import resources
from typing import Any

import pytest
import yaml

from prongsai.core.frameworks import Framework
from prongsai.frameworks import FrameworkRegistry, load_frameworks


@pytest.fixture(scope="session")
def registry() -> FrameworkRegistry:
    return load_frameworks(site_directory=None)


@pytest.fixture(scope="session")
def f2566(registry: FrameworkRegistry) -> Framework:
    return registry.get(2566)


@pytest.fixture(scope="session")
def f2567(registry: FrameworkRegistry) -> Framework:
    return registry.get(2567)


@pytest.fixture(scope="session")
def _raw2566() -> dict[str, Any]:
    text = resources.files("prongsai.frameworks").joinpath("ita2566.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


@pytest.fixture
def raw2566(_raw2566: dict[str, Any]) -> dict[str, Any]:
    """A fresh, mutable copy of the 2566 framework mapping, for tests that break it on purpose."""
    return copy.deepcopy(_raw2566)
