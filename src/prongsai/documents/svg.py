"""Charts for the web pages as SVG text, drawn on the server: no script, no library in the browser, nothing from
elsewhere. The score charts reuse the PDF's geometry (chart.shapes); progress charts are horizontal bars of
percentages. Each SVG has a title and a description for screen readers, and the page shows the same figures in
a table. Colours are presentation attributes, never inline styles, so the strict Content-Security-Policy holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import count
from xml.sax.saxutils import escape, quoteattr

from prongsai.core.compose import Chart
from prongsai.documents.chart import AXIS, CURRENT, GRID, LABEL_POINTS, THRESHOLD, shapes

_ids = count(1)


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _open(width: float, height: float, title: str, desc: str, css_class: str) -> tuple[str, list[str]]:
    """The opening of an SVG with its accessible name; returns the id prefix and the first lines."""
    ident = f"chart{next(_ids)}"
    return ident, [
        f'<svg xmlns="http://www.w3.org/2000/svg" class={quoteattr(css_class)} viewBox="0 0 {_number(width)} '
        f'{_number(height)}" role="img" aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
    ]


def score_chart(chart: Chart, title: str, desc: str, width: float = 360.0, height: float = 170.0) -> str:
    """Bars on the 0–100 scale with the pass mark across them, laid out as the PDF lays them out."""
    _, lines = _open(width, height, title, desc, "chart score")
    for shape in shapes(chart, width, height):
        if shape.kind == "rect":
            lines.append(
                f'<rect class="bar" x="{_number(shape.x)}" y="{_number(shape.y)}" width="{_number(shape.width)}" '
                f'height="{_number(shape.height)}" fill="#{shape.colour}"/>'
            )
        elif shape.kind == "line":
            dash = ' stroke-dasharray="4 3" class="threshold"' if shape.dashed else ""
            lines.append(
                f'<line x1="{_number(shape.x)}" y1="{_number(shape.y)}" x2="{_number(shape.x + shape.width)}" '
                f'y2="{_number(shape.y)}" stroke="#{shape.colour}" stroke-width="{1 if shape.dashed else 0.5}"'
                f"{dash}/>"
            )
        else:
            x = shape.x + (shape.width / 2 if shape.align == "center" else shape.width)
            anchor = "middle" if shape.align == "center" else "end"
            lines.append(
                f'<text x="{_number(x)}" y="{_number(shape.y + LABEL_POINTS)}" font-size="{LABEL_POINTS}" '
                f'text-anchor="{anchor}" fill="#{shape.colour}">{escape(shape.text)}</text>'
            )
    lines.append("</svg>")
    return "\n".join(lines)


@dataclass(frozen=True)
class Row:
    """One horizontal bar: what it is, its share in percent (0–100) and the words written after it."""

    label: str
    percent: float
    text: str
    colour: str = CURRENT


ROW_HEIGHT = 22.0
_LABEL_WIDTH = 130.0
_BAR_WIDTH = 150.0
_TEXT_WIDTH = 80.0


def bar_rows(rows: Sequence[Row], title: str, desc: str) -> str:
    """Horizontal bars, one a row, on a 0–100 % scale; the label is cut to fit (the table beside has it whole)."""
    width = _LABEL_WIDTH + _BAR_WIDTH + _TEXT_WIDTH
    height = ROW_HEIGHT * max(len(rows), 1) + 4
    _, lines = _open(width, height, title, desc, "chart rows")
    for index, row in enumerate(rows):
        top = 2 + index * ROW_HEIGHT
        share = max(0.0, min(row.percent, 100.0))
        label = row.label if len(row.label) <= 24 else row.label[:23] + "…"
        lines.append(
            f'<text x="{_number(_LABEL_WIDTH - 4)}" y="{_number(top + 14)}" font-size="10" text-anchor="end" '
            f'fill="#{AXIS}">{escape(label)}</text>'
        )
        lines.append(
            f'<rect x="{_number(_LABEL_WIDTH)}" y="{_number(top + 4)}" width="{_number(_BAR_WIDTH)}" '
            f'height="{_number(ROW_HEIGHT - 8)}" fill="#{GRID}"/>'
        )
        lines.append(
            f'<rect class="bar" data-percent="{_number(share)}" x="{_number(_LABEL_WIDTH)}" y="{_number(top + 4)}" '
            f'width="{_number(_BAR_WIDTH * share / 100)}" height="{_number(ROW_HEIGHT - 8)}" '
            f'fill="#{row.colour}"/>'
        )
        lines.append(
            f'<text x="{_number(_LABEL_WIDTH + _BAR_WIDTH + 4)}" y="{_number(top + 14)}" font-size="10" '
            f'fill="#{AXIS}">{escape(row.text)}</text>'
        )
    lines.append("</svg>")
    return "\n".join(lines)


BAR_FULL_WIDTH = _BAR_WIDTH  # a row's bar at 100 %, for readers of the SVG (the tests)
THRESHOLD_COLOUR = THRESHOLD
