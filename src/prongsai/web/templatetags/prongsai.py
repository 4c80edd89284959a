from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from prongsai.core.thai import format_date, format_month_range, to_thai_digits

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def thai_digits(value: object) -> str:
    return to_thai_digits(str(value))


@register.filter
def thai_date(value: dt.date | None) -> str:
    """ "30 กันยายน 2565": a Buddhist Era date, as the interface shows dates."""
    return format_date(value, "full", thai_digits=False) if value else ""


@register.filter
def timeframe(measure: Any) -> str:
    """A measure's timeframe as written, else its months as the reports print them ("ต.ค. ๖๗ - ก.ย. ๖๘"), else
    "–". Takes the web's measure (timeframe_text, start, end) or the core's (timeframe.text, .start, .end)."""
    if hasattr(measure, "timeframe_text"):
        text, start, end = measure.timeframe_text, measure.start, measure.end
    elif getattr(measure, "timeframe", None) is not None:
        text, start, end = measure.timeframe.text, measure.timeframe.start, measure.timeframe.end
    else:
        return "–"
    if text:
        return str(text)
    if start and end:
        return format_month_range(start, end)
    return "–"
