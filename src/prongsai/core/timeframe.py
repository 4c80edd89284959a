"""Timeframes as the reports write them (ระยะเวลาดำเนินการ), read into a date range.

    "ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕"          → 2021-10-01 … 2022-09-30
    "กุมภาพันธ์ – กันยายน ๒๕๖๖"      → 2023-02-01 … 2023-09-30
    "ตุลาคม – กันยายน ๒๕๖๖"          → 2022-10-01 … 2023-09-30 (the start month comes after the end month:
                                         the range crosses a new year, as a fiscal year does)
    "ตุ ล า ค ม ๖ ๕"                  → October 2565 (spaced-out letters from PDF extraction)
    "ปีงบประมาณ ๒๕๖๖"                → the whole fiscal year

All whitespace is dropped before reading, which joins spaced-out letters and digits back; the text is then
read as months, numbers and one separator. Anything left over is an error rather than a guess: the caller
keeps the text as written and a person decides.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from prongsai.core.errors import DateError, TimeframeError
from prongsai.core.thai import ABBREVIATED_MONTHS, FULL_MONTHS, be_to_ce, fiscal_year_bounds, to_arabic_digits

# Spelling variants seen in documents, beside PyThaiNLP's standard names.
_MONTH_VARIANTS = {7: ["กรกฏาคม"], 2: ["กุมภาพันธ"], 5: ["พฤษภาคม", "พฤษาคม"]}
_DASHES = "-–—‒−~"  # hyphen, en dash, em dash, figure dash, minus, tilde
_FILLERS = ("ตั้งแต่", "ระหว่าง", "วันที่", "เดือน", "พ.ศ.", "พ.ศ", "ค.ศ.", "ค.ศ")
_SEPARATORS = ("จนถึง", "ถึง")


def _month_pattern() -> re.Pattern[str]:
    names: list[tuple[str, int]] = []
    for number, name in enumerate(FULL_MONTHS, start=1):
        names.append((re.escape(name), number))
        names.extend((re.escape(v), number) for v in _MONTH_VARIANTS.get(number, []))
    for number, abbreviation in enumerate(ABBREVIATED_MONTHS, start=1):
        # "ต.ค." may come as "ต.ค", "ตค." or "ตค"
        letters = abbreviation.replace(".", "")
        names.append((r"\.?".join(re.escape(ch) for ch in letters) + r"\.?", number))
    names.sort(key=lambda pair: len(pair[0]), reverse=True)  # longest first: full names before abbreviations
    return re.compile("|".join(f"(?P<m{i}_{n}>{p})" for i, (p, n) in enumerate(names)))


_MONTH = _month_pattern()
_FISCAL = re.compile(r"^(?:ตลอด)?ปีงบ(?:ประมาณ)?(?P<year>\d{2}|\d{4})?$")


@dataclass(frozen=True)
class Timeframe:
    """A date range with the text it was read from."""

    text: str
    start: dt.date
    end: dt.date


@dataclass
class _Point:
    day: int | None = None
    month: int | None = None
    year: int | None = None  # BE


def _year(text: str, original: str) -> int:
    value = int(text)
    if len(text) == 2:
        return 2500 + value
    if len(text) == 4 and 2400 <= value <= 2700:
        return value
    if len(text) == 4 and 1900 <= value <= 2200:
        return value + 543
    raise TimeframeError(original, f"ปี “{text}” ไม่ถูกต้อง", f"{text!r} is not a year")


def _compact(text: str) -> str:
    compact = re.sub(r"\s+", "", to_arabic_digits(text))
    for dash in _DASHES:
        compact = compact.replace(dash, "-")
    for separator in _SEPARATORS:
        compact = compact.replace(separator, "-")
    for filler in _FILLERS:
        compact = compact.replace(filler, "")
    compact = re.sub(r"ปี(?=\d)", "", compact)
    return compact.strip("-,.")


def _tokens(compact: str, original: str) -> list[tuple[str, int | str]]:
    tokens: list[tuple[str, int | str]] = []
    position = 0
    while position < len(compact):
        month = _MONTH.match(compact, position)
        number = re.compile(r"\d+").match(compact, position)
        if month:
            name = next(key for key, value in month.groupdict().items() if value is not None)
            tokens.append(("month", int(name.rsplit("_", 1)[1])))
            position = month.end()
        elif number:
            tokens.append(("number", number.group()))
            position = number.end()
        elif compact[position] == "-":
            tokens.append(("separator", "-"))
            position += 1
        elif compact[position] in ".,/":
            position += 1  # stray punctuation between parts: "ต.ค. ๖๔ ., ..."
        else:
            rest = compact[position:]
            raise TimeframeError(original, f"ไม่รู้จักข้อความ “{rest}”", f"unrecognised text {rest!r}")
    return tokens


def _point(tokens: list[tuple[str, int | str]], original: str) -> _Point:
    point = _Point()
    for kind, value in tokens:
        if kind == "month":
            if point.month is not None:
                raise TimeframeError(original, "มีชื่อเดือนซ้อนกัน", "two months in one side of the range")
            point.month = int(value)
        elif point.month is None:  # a number before the month is its day
            if len(str(value)) > 2:  # "๒๕๖๖" alone: a year says nothing of which months
                raise TimeframeError(original, f"ไม่พบชื่อเดือนของ “{value}”", f"no month with {value!r}")
            if point.day is not None:
                raise TimeframeError(original, f"ตัวเลข “{value}” ไม่ใช่วันที่", f"{value!r} is not a day")
            point.day = int(value)
        else:  # a number after the month is its year
            if point.year is not None:
                raise TimeframeError(original, "มีปีซ้อนกัน", "two years in one side of the range")
            point.year = _year(str(value), original)
    return point


def _day(point: _Point, year_be: int, *, last: bool, original: str) -> dt.date:
    assert point.month is not None
    year = be_to_ce(year_be)
    day = point.day if point.day is not None else (calendar.monthrange(year, point.month)[1] if last else 1)
    try:
        return dt.date(year, point.month, day)
    except ValueError:
        raise TimeframeError(
            original, f"ไม่มีวันที่ {day} ในเดือนนั้น", f"day {day} does not exist in that month"
        ) from None


def parse_timeframe(text: str, *, fiscal_year: int | None = None) -> Timeframe:
    """Read a timeframe; months written without a year are placed in `fiscal_year` (BE) when it is given.

    Raises `TimeframeError` (which keeps `text`) when the text is not a timeframe this function can read.
    """
    compact = _compact(text)
    if not compact:
        raise TimeframeError(text, "ไม่มีข้อความ", "empty")
    fiscal = _FISCAL.match(compact)
    if fiscal:
        if fiscal.group("year"):
            year = _year(fiscal.group("year"), text)
        elif fiscal_year is not None:
            year = fiscal_year
        else:
            raise TimeframeError(text, "ไม่ได้ระบุปีงบประมาณ", "no fiscal year given")
        start, end = fiscal_year_bounds(year)
        return Timeframe(text, start, end)

    tokens = _tokens(compact, text)
    sides: list[list[tuple[str, int | str]]] = [[]]
    for token in tokens:
        if token[0] == "separator":
            sides.append([])
        else:
            sides[-1].append(token)
    sides = [side for side in sides if side]
    if not sides:
        raise TimeframeError(text, "ไม่พบชื่อเดือน", "no month found")
    if len(sides) == 1:  # "ตุลาคม ๒๕๖๕ กันยายน ๒๕๖๖": a range written without a separator
        months = [i for i, (kind, _) in enumerate(sides[0]) if kind == "month"]
        if len(months) == 2:
            between = list(range(months[0] + 1, months[1]))
            cut = months[1]
            if len(between) == 2:  # year of the first month, then day of the second
                cut = between[1]
            elif (
                len(between) == 1
                and len(str(sides[0][between[0]][1])) <= 2
                and int(sides[0][between[0]][1]) <= 31
            ):
                cut = between[0]
            sides = [sides[0][:cut], sides[0][cut:]]
    if len(sides) > 2:
        raise TimeframeError(text, "มีช่วงเวลามากกว่าหนึ่งช่วง", "more than one range")
    points = [_point(side, text) for side in sides]
    first, last = points[0], points[-1]
    if last.month is None:
        raise TimeframeError(text, "ไม่พบชื่อเดือน", "no month found")
    if first.month is None:  # "๑ - ๑๕ ตุลาคม ๒๕๖๕"
        if first.day is None or first.year is not None:
            raise TimeframeError(text, "ไม่พบชื่อเดือนของวันเริ่มต้น", "the start has no month")
        first.month = last.month
        first.year = last.year
    if last.year is None:
        if first.year is not None and len(points) == 2:
            last.year = first.year + (1 if last.month < first.month else 0)
        elif fiscal_year is not None:
            last.year = fiscal_year - 1 if last.month >= 10 else fiscal_year
        else:
            raise TimeframeError(text, "ไม่ได้ระบุปี", "no year given")
    if first.year is None:
        earlier = first.month > last.month or (
            first.month == last.month and (first.day or 1) > (last.day or 31)
        )
        first.year = last.year - 1 if earlier else last.year
    start = _day(first, first.year, last=False, original=text)
    end = _day(last, last.year, last=True, original=text)
    if end < start:
        raise TimeframeError(text, "วันสิ้นสุดอยู่ก่อนวันเริ่มต้น", "the end is before the start")
    return Timeframe(text, start, end)


_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})$")  # 5/10/2567, 5.10.67
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")  # 2567-10-05 or 2024-10-05 (what a browser sends)


def parse_date(text: str) -> dt.date:
    """One day as a person types it, in the Buddhist Era or the Common Era, Thai or Arabic digits:
    "๕ ต.ค. ๖๗", "5 ตุลาคม 2567", "5/10/2567", "5/10/67", "2024-10-05" → 2024-10-05.

    A two-digit year is BE (๖๗ → 2567); a four-digit year from 2400 is BE, from 1900 to 2200 CE. Day/month
    order is the Thai one. Raises `DateError` with the reason in Thai when the text is not one day.
    """
    compact = re.sub(r"\s+", "", to_arabic_digits(text))
    for filler in _FILLERS:
        compact = compact.replace(filler, "")
    compact = compact.strip(",")
    if not compact:
        raise DateError(text, "ยังไม่ได้กรอกวันที่", "empty")
    try:
        if numeric := _NUMERIC_DATE.match(compact):
            day, month, year = int(numeric[1]), int(numeric[2]), _year(numeric[3], text)
        elif iso := _ISO_DATE.match(compact):
            year, month, day = _year(iso[1], text), int(iso[2]), int(iso[3])
        else:
            tokens = _tokens(compact, text)
            if any(kind == "separator" for kind, _ in tokens):
                raise DateError(text, "ต้องเป็นวันเดียว ไม่ใช่ช่วงเวลา", "a range, not one day")
            point = _point(tokens, text)
            if point.month is None:
                raise DateError(text, "ไม่พบชื่อเดือน", "no month")
            if point.day is None:
                raise DateError(text, "ไม่ได้ระบุวันที่", "no day")
            if point.year is None:
                raise DateError(text, "ไม่ได้ระบุปี พ.ศ.", "no year")
            day, month, year = point.day, point.month, point.year
    except TimeframeError as error:  # the words of the timeframe reader, said of a date
        reason = error.thai.split(": ", 1)[-1]
        raise DateError(text, reason, error.english) from None
    if not 1 <= month <= 12:
        raise DateError(text, f"ไม่มีเดือนที่ {month}", f"no month {month}")
    try:
        return dt.date(be_to_ce(year), month, day)
    except ValueError:
        raise DateError(text, f"ไม่มีวันที่ {day} ในเดือนนั้น", f"day {day} does not exist in that month") from None
