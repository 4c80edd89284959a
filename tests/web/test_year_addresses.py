"""Every address with a year in it refuses a year outside 2500–2700 BE with 404, never a 500."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.web.conftest import YEAR, World

BAD_YEARS = ["0", "1", "2024", "2499", "2701", "9999", "9" * 20, "-1"]


def _routes(patterns: list[URLPattern | URLResolver], prefix: str = "") -> list[str]:
    found = []
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, route)
        else:
            found.append(route)
    return found


def _year_routes() -> list[str]:
    """Every route of the site that has a year in its address, whatever the converter it names."""
    return [r for r in _routes(get_resolver().url_patterns) if re.search(r"<(\w+:)?(year|version)>", r)]


def test_the_year_addresses_are_the_ones_expected() -> None:
    routes = _year_routes()
    assert "o/<slug:org>/<year:year>/" in routes and "p/<slug:slug>/<year:year>/" in routes
    assert "frameworks/<year:version>/" in routes
    assert len(routes) >= 19 and all("<year:" in r for r in routes)  # no year left to a bare <int:…>


def _address(route: str, world: World, year: str) -> str:
    values = {"org": world.a.slug, "slug": world.a.slug, "pk": "1", "number": "1", "kind": "measures"}
    values |= {"fmt": "csv", "year": year, "version": year}
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)


@pytest.mark.parametrize("route", _year_routes())
def test_a_year_out_of_range_is_404(world: World, route: str) -> None:
    client = world.client("coordinator")
    assert client.get(_address(route, world, str(YEAR))).status_code != 500
    for year in BAD_YEARS:
        address = _address(route, world, year)
        assert client.get(address).status_code == 404, address
        assert client.post(address).status_code == 404, address
        assert world.client("anonymous").get(address).status_code == 404, address
