"""What one cell says: question codes, an indicator, units, a measure's words, a status, a timeframe.

Each function takes a cell's text (and the framework or the fiscal year it needs) and returns values; the
warnings it has for a person come back with them, so nothing here keeps state.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from prongsai.core.errors import TimeframeError
from prongsai.core.frameworks import Framework
from prongsai.core.model import (
    DocumentKind,
    IndicatorRef,
    MeasureStatus,
    MeasureTimeframe,
    Responsible,
)
from prongsai.core.thai import to_arabic_digits
from prongsai.core.timeframe import parse_timeframe
from prongsai.ingest.cleaning import clean_text, html_items, join_thai_spaces, list_items, split_numbered
from prongsai.ingest.columns import compact

# Words of a result or status cell, checked in this order: "ยังไม่ได้ดำเนินการ" (not started) before the
# "ไม่ได้ดำเนินการ" of an outcome that could not be done, "อยู่ระหว่าง…" (any work under way) before "ดำเนินการแล้ว".
NOT_STARTED_SIGNALS = ("ยังไม่ได้ดำเนินการ", "ยังไม่ดำเนินการ", "ยังไม่เริ่ม", "ยังไม่ได้เริ่ม")
NOT_POSSIBLE_SIGNALS = ("ไม่สามารถดำเนินการ", "ดำเนินการไม่ได้", "ไม่ได้ดำเนินการ")
IN_PROGRESS_SIGNALS = ("อยู่ระหว่าง", "กำลังดำเนินการ", "ยังไม่แล้วเสร็จ", "ยังไม่เสร็จ")
COMPLETED_SIGNALS = ("แล้วเสร็จ", "เรียบร้อยแล้ว", "ดำเนินการแล้ว", "เสร็จสิ้น", "ดำเนินการเสร็จ")

# How far (in years) a timeframe may lie from the document's fiscal year: plans reach a few years ahead, a year
# decades away is a typo ("ต.ค. ๒๖" for ๖๖).
PLAUSIBLE_YEARS = 5
YEAR_MISMATCH = "ปีไม่ตรงกับปีงบประมาณของเอกสาร"

# Question codes: "i๙", "e ๑๕", "O42"; OCR reads ๖ as "b" and ๗ as "m" ("eb,em").
_CODE = re.compile(
    r"(?<![A-Za-z])([ieIE])\s?([0-9๐-๙bm]{1,2})(?![0-9๐-๙A-Za-z])|(?<![A-Za-z])([oO])\s?([0-9๐-๙]{1,2})(?![0-9๐-๙A-Za-z])"
)
_OCR_DIGITS = str.maketrans("bm", "67")
_REFERENCE_TAIL = re.compile(r"\s*\(?\s*อ้างอิง(?:จาก)?\s*[:：]?\s*(?:ข้อ\s*)?[ieoIEObm0-9๐-๙,\s/และ]+\)?\s*$")
# A cell of nothing but dashes, dots, underscores or markup: a placeholder, not text.
_PLACEHOLDER = re.compile(r"^(?:[-–—_=.:|*+~•]|<[^>]*>|\s)*$")


def is_placeholder(text: str) -> bool:
    return _PLACEHOLDER.match(text) is not None


@dataclass(frozen=True)
class CodeSlip:
    """A question code read from an OCR slip ("eb" → e6): right more often than not, but a person checks it."""

    written: str
    code: str


def question_codes(text: str, framework: Framework) -> list[str]:
    return [code for code, _ in codes_as_written(text, framework)]


def code_slips(text: str, framework: Framework) -> list[CodeSlip]:
    return [CodeSlip(written, code) for code, written in codes_as_written(text, framework) if written]


def codes_as_written(text: str, framework: Framework) -> list[tuple[str, str]]:
    """The framework's codes a text names, each with its written form when an OCR slip was mapped ("" if none)."""
    known_questions = {q.code for q in framework.questions}
    known_items = {i.code for i in framework.oit_items}
    found: dict[str, str] = {}
    for match in _CODE.finditer(text):
        if match.group(1):
            written = match.group(2)
            digits = to_arabic_digits(written).translate(_OCR_DIGITS)
            code = f"{match.group(1).lower()}{int(digits)}"
            if code in known_questions and code not in found:
                found[code] = match.group().replace(" ", "") if re.search("[bm]", written) else ""
        else:
            code = f"O{int(to_arabic_digits(match.group(4)))}"
            if (code in known_items or not known_items) and code not in found:
                found[code] = ""
    return list(found.items())


def indicator_of_questions(questions: list[str], framework: Framework) -> IndicatorRef | None:
    """The one indicator a measure's question codes belong to in the year's framework (e15 → 8 in 2566), or None
    when they name none or several."""
    numbers: set[int] = set()
    for code in questions:
        if code.startswith("O"):
            item = next((i for i in framework.oit_items if i.code == code), None)
            number = item.indicator if item is not None else None
        else:
            question = next((q for q in framework.questions if q.code == code), None)
            number = question.indicator if question is not None else None
        if number is not None:
            numbers.add(number)
    if len(numbers) != 1:
        return None
    found = framework.indicator(numbers.pop())
    return IndicatorRef(found.number, found.name)


def for_matching(text: str) -> str:
    text = compact(text)
    for filler in ("มากน้อยเพียงใด", "หรือไม่", "ของท่าน", "ท่าน", "-", "/", "(", ")", ",", "."):
        text = text.replace(filler, "")
    return text


MatchKey = tuple[str, str, frozenset[str]]  # code, key, the key's character pairs


def character_pairs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(frozen=True)
class MatchKeys:
    questions: tuple[MatchKey, ...]
    items: tuple[MatchKey, ...]
    indicators: tuple[MatchKey, ...]


@lru_cache(maxsize=64)
def matching_keys(framework: Framework) -> MatchKeys:
    """The framework's questions, OIT items and indicators as match keys, computed once per framework."""

    def keys(entries: Iterable[tuple[str, str]]) -> tuple[MatchKey, ...]:
        return tuple(
            (code, key, character_pairs(key)) for code, text in entries if (key := for_matching(text))
        )

    return MatchKeys(
        keys((q.code, q.text) for q in framework.questions),
        keys((i.code, i.title) for i in framework.oit_items),
        keys((str(i.number), i.name) for i in framework.indicators),
    )


def best_match(target: str, candidates: Iterable[MatchKey], floor: float) -> str | None:
    """The candidate most like `target`, when its difflib ratio reaches `floor`. Shared character pairs rank the
    candidates; the costly comparison then runs on the leader, and on the next two only when the leader's
    ratio is close to the floor (where a near neighbour such as e11 beside e12 might still win)."""
    pairs = character_pairs(target)
    ranked = sorted(candidates, key=lambda c: -2 * len(pairs & c[2]) / (len(pairs) + len(c[2]) or 1))[:3]
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(target)
    best, best_ratio = None, floor
    for code, key, _ in ranked:
        matcher.set_seq1(key)
        if matcher.quick_ratio() < best_ratio:
            continue  # its upper bound: the full comparison could not win
        ratio = matcher.ratio()
        if ratio >= best_ratio:
            best, best_ratio = code, ratio
        if best_ratio >= floor + 0.2:
            break
    return best


def question_by_wording(text: str, framework: Framework, tool: str | None) -> str | None:
    """The code of the framework question a cell quotes (layout D's ประเด็นการประเมินที่ต้องยกระดับ), or of an OIT
    item named almost word for word."""
    target = for_matching(text)
    if len(target) < 12:
        return None
    keys = matching_keys(framework)
    prefix = {"IIT": "i", "EIT": "e"}.get(tool or "", "")
    code = best_match(target, (q for q in keys.questions if q[0].startswith(prefix)), 0.6)
    return code or best_match(target, keys.items, 0.9)


def indicator_ref(text: str, framework: Framework) -> IndicatorRef | None:
    """ "๑. การปฏิบัติ หน้าที่" → indicator 1. The name decides: documents number their own rows (seed 000 calls
    indicator 10 "๖."); the number is used only when the name matches nothing."""
    cleaned = clean_text(text)
    numbered = re.match(r"^(?:ตัวชี้วัดที่\s*)?([0-9๐-๙]{1,2})\s*[.)]?\s*(.*)$", cleaned)
    number = int(to_arabic_digits(numbered.group(1))) if numbered else None
    name = numbered.group(2) if numbered else cleaned
    target = for_matching(name)
    if target:
        best = best_match(target, matching_keys(framework).indicators, 0.75)
        if best is not None:
            found = framework.indicator(int(best))
            return IndicatorRef(found.number, found.name)
    if number is not None and any(i.number == number for i in framework.indicators):
        return IndicatorRef(number, framework.indicator(number).name)
    return None


def responsible_units(cell: str) -> list[Responsible]:
    units: list[Responsible] = []
    for item in list_items(cell):
        for part in re.split(r"\s*[,;]\s*|\s+และ\s+(?=(?:กอง|สำนัก|งาน|หน่วย))", item):
            part = join_thai_spaces(part.strip(" -•"))
            if not part:
                continue
            match = re.match(r"^(.*?)\s*\(\s*(.+?)\s*\)\s*$", part)
            if match and match.group(1):
                units.append(Responsible(match.group(1).strip(), match.group(2).strip()))
            else:
                units.append(Responsible(part))
    return units


def measure_text(cell: str) -> tuple[str, bool]:
    """The measure's words, without a lone leading number or the "อ้างอิงจาก …" tail; True when the number
    was the only item's."""
    items = html_items(cell)
    text = " ".join(items)
    numbered = split_numbered(text)
    if numbered is not None and len(numbered) > 1:
        return "\n".join(_REFERENCE_TAIL.sub("", i) for i in numbered), False
    if numbered is not None:
        text = numbered[0] if numbered else ""  # a cell of only its number ("๒.") has no words
    return _REFERENCE_TAIL.sub("", text).strip(), numbered is not None


def plain_text(cell: str) -> str | None:
    """A text cell: its items (HTML pieces, numbered or bulleted points) one to a line, numbers dropped; a cell
    of only dashes or markup says nothing."""
    items = [item for item in list_items(cell) if not is_placeholder(item)]
    return "\n".join(items) or None


def status_in_words(text: str) -> MeasureStatus | None:
    """The status a cell's words state, or None when they state none (a result that only says what was done)."""
    squeezed = compact(text)
    if any(s in squeezed for s in NOT_STARTED_SIGNALS):
        return "unknown"
    if any(s in squeezed for s in NOT_POSSIBLE_SIGNALS):
        return "not_possible"
    if any(s in squeezed for s in IN_PROGRESS_SIGNALS):
        return "in_progress"
    if any(s in squeezed for s in COMPLETED_SIGNALS):
        return "completed"
    return None


def status_of(
    progress: str | None, explicit: MeasureStatus | None, kind: DocumentKind | None
) -> MeasureStatus:
    """A measure's status: what a column states, else its result's words; an implementation report's filled
    result column that names no status states what was done. A placeholder ("-") states nothing."""
    if explicit is not None:
        return explicit
    if progress is None or is_placeholder(progress):
        return "unknown"
    stated = status_in_words(progress)
    if stated is not None:
        return stated
    return "completed" if kind == "implementation" else "unknown"


def status_cell(text: str) -> MeasureStatus:
    """A สถานะ column's cell: its words, and "-" or words it does not know are unknown, never guessed."""
    cleaned = clean_text(text)
    if is_placeholder(cleaned):
        return "unknown"
    return status_in_words(cleaned) or "unknown"


def read_timeframe(cell: str, fiscal_year: int | None) -> tuple[MeasureTimeframe, str | None]:
    """The timeframe a cell states, and a warning (without the cell's origin) when it is kept as text only."""
    text = clean_text(cell)
    try:
        parsed = parse_timeframe(text, fiscal_year=fiscal_year)
    except TimeframeError as error:
        return MeasureTimeframe(text, None, None), f"{error.thai} (เก็บข้อความไว้ตามต้นฉบับ)"
    if fiscal_year is not None:
        # The fiscal year runs October to September: its Christian-era years are fiscal_year − 544 and − 543.
        years = (parsed.start.year + 543, parsed.end.year + 543)
        if any(y < fiscal_year - 1 - PLAUSIBLE_YEARS or y > fiscal_year + PLAUSIBLE_YEARS for y in years):
            return MeasureTimeframe(text, None, None), (
                f"ระยะเวลา “{text}” {YEAR_MISMATCH} ({fiscal_year}) จึงไม่แปลงเป็นวันที่ (เก็บข้อความไว้ตามต้นฉบับ)"
            )
    return MeasureTimeframe(text, parsed.start, parsed.end), None


def is_timeframe(text: str, fiscal_year: int | None) -> bool:
    """Whether a cell reads as a timeframe (so that a short row can be aligned by what its cells hold)."""
    cleaned = clean_text(text)
    if not cleaned or len(cleaned) > 80:
        return False
    try:
        parse_timeframe(cleaned, fiscal_year=fiscal_year)
    except TimeframeError:
        return False
    return True
