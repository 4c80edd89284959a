"""Tables from the rules a page draws (`pdf._tables`), one layout a case: the rules are given as segments, measured
from the page's top, as PDFium's paths give them."""

from __future__ import annotations

from typing import Any

import pytest

from prongsai.ingest.pdf import _add_edge, _tables


def ruled(
    horizontal: list[tuple[float, float, float]], vertical: list[tuple[float, float, float]]
) -> list[Any]:
    """Edges from horizontal rules (y, x0, x1) and vertical rules (x, top, bottom)."""
    edges: list[dict[str, Any]] = []
    for y, x0, x1 in horizontal:
        _add_edge(edges, (x0, y), (x1, y))
    for x, top, bottom in vertical:
        _add_edge(edges, (x, top), (x, bottom))
    return edges


def shape(edges: list[Any]) -> list[list[int]]:
    """Each table's rows, as the number of cells each row has."""
    return [[sum(box is not None for box in row) for row in rows] for _, rows in _tables(edges)]


CASES = {
    "a grid": (
        ruled([(0, 0, 300), (50, 0, 300), (100, 0, 300)], [(0, 0, 100), (150, 0, 100), (300, 0, 100)]),
        [[2, 2]],
    ),
    # A browser draws no rule under a row the page cuts: the page's edge closes it.
    "the last row cut by the page": (
        ruled([(0, 0, 300), (50, 0, 300)], [(0, 0, 780), (150, 0, 780), (300, 0, 780)]),
        [[2, 2]],
    ),
    "the rest of the row on the next page": (
        ruled([(700, 0, 300)], [(0, 30, 700), (150, 30, 700), (300, 30, 700)]),
        [[2]],
    ),
    "two tables drawn one right under the other, their columns apart": (
        ruled(
            [(0, 0, 300), (50, 0, 300), (100, 0, 300)],
            [(0, 0, 100), (100, 0, 50), (300, 0, 100), (200, 50, 100)],
        ),
        [[2], [2]],
    ),
    "a heading cell split into two sub-headings stays one table": (
        ruled(
            [(0, 0, 300), (25, 100, 300), (50, 0, 300), (100, 0, 300)],
            [(0, 0, 100), (100, 0, 100), (200, 25, 100), (300, 0, 100)],
        ),
        [[2, 2, 3]],
    ),
}


@pytest.mark.parametrize(("edges", "expected"), list(CASES.values()), ids=list(CASES))
def test_tables_from_rules(edges: list[Any], expected: list[list[int]]) -> None:
    assert shape(edges) == expected
