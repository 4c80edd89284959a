from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone

from prongsai.core import vocabulary
from prongsai.core.thai import DateStyle, format_date, format_month_range, to_thai_digits

register = template.Library()


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)


@register.filter
def thai_digits(value: object) -> str:
    return to_thai_digits(str(value))


def _day(value: dt.date | str | None) -> dt.date | None:
    """A date, the local day of a moment, or the date of an ISO string (as JSON keeps dates)."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _be(value: dt.date | str | None, style: DateStyle) -> str:
    day = _day(value)
    return format_date(day, style, thai_digits=False) if day else ""


@register.filter
def thai_date(value: dt.date | str | None) -> str:
    """ "30 กันยายน 2565": a Buddhist Era date, as the interface shows dates (a moment: its local day)."""
    return _be(value, "full")


@register.filter
def thai_short_date(value: dt.date | str | None) -> str:
    """ "30 ก.ย. 2565": a Buddhist Era date in a table's narrow column."""
    return _be(value, "medium")


@register.filter
def thai_datetime(value: dt.datetime | None) -> str:
    """ "1 ธ.ค. 2569 14:05 น.": a moment in local time, its year in the Buddhist Era."""
    if not isinstance(value, dt.datetime):
        return _be(value, "medium")
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{format_date(local.date(), 'medium', thai_digits=False)} {local:%H:%M} น."


@register.filter
def label(value: str | None, enumeration: str) -> str:
    """The Thai label of a stored value, by the enumeration's name in prongsai.core.vocabulary:
    {{ m.status|label:"MEASURE_STATUS" }} (for values read from JSON, which have no get_…_display)."""
    found = getattr(vocabulary, enumeration, None)
    if not isinstance(found, vocabulary.Enumeration):
        raise template.TemplateSyntaxError(f"no enumeration {enumeration!r} in prongsai.core.vocabulary")
    return found.label(value)


@register.filter
def thai_origin(value: str) -> str:
    """Where the reader found a text, in Thai: "ตารางที่ 1 แถวที่ 4 ช่องที่ 6"."""
    return vocabulary.origin_in_thai(str(value))


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.+-]*)?$")  # a date, or a moment (its day)
# Keys of the audit's records that are no model field of their object, in Thai.
RECORD_KEYS = {
    "units": "ผู้รับผิดชอบ",
    "hash": "รหัสตรวจสอบเนื้อหา",
    "data_hash": "รหัสตรวจสอบข้อมูล",
    "ref": "เลขที่หนังสือ",
    "date": "วันที่",
    "opinion": "ความเห็น",
    "framework": "กรอบการประเมินปี",
    "active": "ไฟล์ที่ใช้",
    "rescored": "จำนวนผลที่คิดคะแนนใหม่",
    "evidence": "หลักฐาน",
    "analysis_text": "ผลการวิเคราะห์",
    "practice_text": "แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ",
}


def _field_name(object_type: str, key: str) -> str:
    """A record's key as a person reads it: its object's field's Thai name, when it is a field."""
    if key in RECORD_KEYS:
        return RECORD_KEYS[key]
    for model in apps.get_models():
        if model.__name__ == object_type:
            try:
                return str(getattr(model._meta.get_field(key), "verbose_name", key))
            except FieldDoesNotExist:
                break
    return key


def _readable_value(value: Any) -> str:
    """A recorded value in Thai words: codes by their labels, ISO dates in the Buddhist Era, lists joined."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(_readable_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_readable_value(v)}" for k, v in value.items())
    if isinstance(value, bool):
        return "ใช่" if value else "ไม่ใช่"
    text = str(value)
    if _ISO_DATE.match(text):
        return _be(text, "medium")
    for enumeration in vocabulary.ALL:
        if text in enumeration.values and text != enumeration.label(text):
            return enumeration.label(text)
    return text


@register.filter
def readable(record: dict[str, Any] | None, object_type: str) -> list[tuple[str, str]]:
    """An audit entry's values before or after, as (Thai name, Thai value) pairs."""
    if not isinstance(record, dict):
        return []
    return [(_field_name(object_type, key), _readable_value(value)) for key, value in record.items()]


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
