"""A bar chart's geometry, laid out once and drawn alike by both writers: Typst shapes in the PDF (vector), a
PNG in the DOCX. Only digits are drawn inside the chart; its caption and legend are text of the document, so
Thai words are shaped by the writer's own typesetting, never by an image library."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from prongsai.core.compose import Chart
from prongsai.core.thai import to_arabic_digits, to_thai_digits

CURRENT = "1f4e79"  # this year's bars
PREVIOUS = "a6a6a6"  # last year's, beside them
THRESHOLD = "c00000"  # the pass mark across the bars
GRID = "d9d9d9"
AXIS = "404040"
LABEL_POINTS = 7.0
HEIGHT = 170.0  # points: about 6 cm, so that the chart and its caption keep to the first page of a table
_LEFT, _RIGHT, _TOP, _BOTTOM = 22.0, 4.0, 10.0, 14.0


@dataclass(frozen=True)
class Shape:
    """A rectangle, a line (height 0) or a label, in points from the chart's top left corner, y downwards."""

    kind: Literal["rect", "line", "text"]
    x: float
    y: float
    width: float
    height: float
    colour: str
    text: str = ""
    dashed: bool = False
    align: Literal["center", "right"] = "center"


def shapes(chart: Chart, width: float, height: float = HEIGHT) -> list[Shape]:
    """Gridlines every 20 points of score with their labels, one group of bars per indicator (last year's on the
    left when known), each of this year's bars with its score above it, the pass mark as a dashed line."""

    def digits(value: str) -> str:
        return to_thai_digits(value) if chart.thai_digits else value

    plot_width = width - _LEFT - _RIGHT
    plot_height = height - _TOP - _BOTTOM

    def y(score: float) -> float:
        return _TOP + plot_height * (1 - max(0.0, min(score, 100.0)) / 100)

    out: list[Shape] = []
    for tick in range(0, 101, 20):
        out.append(Shape("line", _LEFT, y(tick), plot_width, 0, GRID))
        out.append(
            Shape(
                "text",
                0,
                y(tick) - LABEL_POINTS * 0.7,
                _LEFT - 3,
                LABEL_POINTS,
                AXIS,
                digits(str(tick)),
                align="right",
            )
        )
    # The pass mark first, so that the bars and their scores are drawn over it.
    out.append(Shape("line", _LEFT, y(chart.threshold), plot_width, 0, THRESHOLD, dashed=True))
    group = plot_width / max(len(chart.bars), 1)
    paired = any(bar.previous is not None for bar in chart.bars)
    bar_width = group * (0.34 if paired else 0.5)
    for index, bar in enumerate(chart.bars):
        middle = _LEFT + group * (index + 0.5)
        current_x = middle if paired else middle - bar_width / 2
        if bar.previous is not None:
            out.append(
                Shape(
                    "rect", middle - bar_width, y(bar.previous), bar_width, y(0) - y(bar.previous), PREVIOUS
                )
            )
        out.append(Shape("rect", current_x, y(bar.value), bar_width, y(0) - y(bar.value), CURRENT))
        label_width = group if not paired else bar_width * 2
        out.append(
            Shape(
                "text",
                current_x + bar_width / 2 - label_width / 2,
                y(bar.value) - LABEL_POINTS * 1.25,
                label_width,
                LABEL_POINTS,
                AXIS,
                digits(f"{bar.value:.2f}"),
            )
        )
        out.append(Shape("text", middle - group / 2, y(0) + 2, group, LABEL_POINTS, AXIS, bar.label))
    out.append(Shape("line", _LEFT, y(0), plot_width, 0, AXIS))
    return out


def png(
    chart: Chart, width: float, font_file: Path | None, height: float = HEIGHT, scale: float = 4.0
) -> bytes:
    """The chart as a PNG `scale` pixels a point (288 dpi at 4), for the DOCX. Labels in the body font when its
    file is there; Pillow's own font otherwise, whose digits are Arabic only."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (round(width * scale), round(height * scale)), "white")
    draw = ImageDraw.Draw(image)
    size = round(LABEL_POINTS * scale)
    font: ImageFont.FreeTypeFont | ImageFont.ImageFont
    if font_file is not None and font_file.exists():
        font = ImageFont.truetype(str(font_file), size)
    else:
        font = ImageFont.load_default(size)
    for shape in shapes(chart, width, height):
        x, y, w, h = (value * scale for value in (shape.x, shape.y, shape.width, shape.height))
        colour = "#" + shape.colour
        if shape.kind == "rect":
            draw.rectangle((x, y, x + w, y + h), fill=colour)
        elif shape.kind == "line":
            thickness = max(1, round((1.0 if shape.dashed else 0.5) * scale))
            step = 3 * scale if shape.dashed else w
            start = x
            while start < x + w:
                draw.line((start, y, min(start + step, x + w), y), fill=colour, width=thickness)
                start += 2 * step
        else:
            label = shape.text if isinstance(font, ImageFont.FreeTypeFont) else to_arabic_digits(shape.text)
            left, _, right, _ = draw.textbbox((0, 0), label, font=font)
            at = x + (w - (right - left)) / 2 if shape.align == "center" else x + w - (right - left)
            draw.text((at, y), label, fill=colour, font=font)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
