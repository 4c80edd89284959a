from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from prongsai.core.thai import format_date, to_thai_digits

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
