"""From blocks to a document, by the meaning of headers and cells, never by column position or per-file rules.

Tables: a row whose short cells name known columns (มาตรการ, ขั้นตอน, ผู้รับผิดชอบ, ระยะเวลา …) is a header and
gives each column a role; a second header row naming outcome sub-columns (ไม่สามารถดำเนินการได้ / ดำเนินการแล้วเสร็จ)
splits its parent. A header repeated on each page is recognised and skipped. Rows with one cell of text set the
context (weaknesses to fix urgently, แบบวัด IIT, a section, "มาตรการอื่น" for none). A row without its key cell
continues the measure above it where a page broke the row (see `_continues`). Paragraphs give the title, the
cover memo, the organisation, the fiscal year and the stated result. A field no table has a column for is named
in `warnings`, so that its emptiness is not taken for what the document says.

Whatever lands in no field goes to `unread` with its origin; what was read but not understood (a timeframe,
an indicator) is kept as written and noted in `warnings`. Nothing is dropped silently.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from prongsai.core.compose import OTHER_MEASURES
from prongsai.core.errors import ReadError, TimeframeError
from prongsai.core.frameworks import Framework
from prongsai.core.model import (
    Document,
    DocumentKind,
    IndicatorRef,
    Measure,
    MeasureStatus,
    MeasureTimeframe,
    Memo,
    Opinion,
    Organisation,
    Responsible,
    ResultStatement,
    Signature,
    Unread,
)
from prongsai.core.thai import to_arabic_digits
from prongsai.core.timeframe import parse_timeframe
from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest.blocks import Block, Paragraph, Table
from prongsai.ingest.cleaning import (
    clean_text,
    continued_list,
    has_lao,
    html_items,
    join_thai_spaces,
    join_wrapped_lines,
    list_items,
    split_numbered,
    starts_list_item,
)

# --- column roles, by the words of their headers -------------------------------------------------------------

# Checked in order: the first role whose words appear in a header wins ("สรุปผลการดำเนินการตามมาตรการ" is a summary
# although it also names มาตรการ and ผลการดำเนินการ).
ROLE_WORDS: list[tuple[str, tuple[str, ...]]] = [
    ("summary", ("สรุปผล",)),
    ("timeframe", ("ระยะเวลา", "ช่วงเวลา", "กำหนดเวลา")),
    ("suggestions", ("ข้อเสนอแนะ",)),
    ("responsible", ("ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "รับผิดชอบ")),
    ("not_possible", ("ไม่สามารถดำเนินการ", "ดำเนินการไม่ได้")),
    ("completed", ("แล้วเสร็จ", "ดำเนินการแล้ว")),
    ("in_progress", ("อยู่ระหว่างดำเนินการ", "กำลังดำเนินการ")),
    # "ตัวชี้วัด/ประเด็น" (the measures plan) names indicators; "ประเด็นการประเมินที่ต้องยกระดับ" names none.
    ("indicator", ("ตัวชี้วัด",)),
    ("issue", ("ประเด็นการประเมิน", "ประเด็นที่ต้อง", "ข้อคำถาม", "ประเด็น")),
    ("steps", ("ขั้นตอน", "วิธีการ", "วิธีปฏิบัติ")),
    ("progress", ("ความก้าวหน้า", "ผลการดำเนิน", "ผลลัพธ์", "ความสำเร็จ", "ผลการปฏิบัติ")),
    ("measure", ("มาตรการ", "โครงการ", "กิจกรรม", "แนวทาง")),
    ("number", ("ลำดับ",)),
]
OUTCOME_ROLES = {"not_possible", "completed", "in_progress"}
KEY_ROLES = ("measure", "indicator", "issue", "number")
SHORT_NUMBER_HEADERS = {"ที่", "ข้อ", "ลำดับ", "ลำดับที่", "no", "no."}
MAX_HEADER_CELL = 80

URGENT_WORDS = ("ข้อบกพร่อง", "จุดอ่อน", "เร่งด่วน")
DEVELOP_WORDS = ("พัฒนาให้ดีขึ้น", "ต้องพัฒนา")
TOOL_PATTERN = re.compile(r"\b(IIT|EIT|OIT)\b")
TITLE_WORDS = ("มาตรการ", "รายงาน", "การดำเนินการตาม", "ประจำปีงบประมาณ", "ความก้าวหน้า", "วิเคราะห์")
# What ends a memo's last signature: a report title says these, a position (นักวิเคราะห์นโยบายและแผน) does not.
MEMO_END_WORDS = ("มาตรการ", "รายงาน", "การดำเนินการตาม", "ประจำปีงบประมาณ")
ORGANISATION_TYPES = [
    ("องค์การบริหารส่วนจังหวัด", "อบจ."),
    ("องค์การบริหารส่วนตำบล", "อบต."),
    ("เทศบาลนคร", "ทน."),
    ("เทศบาลเมือง", "ทม."),
    ("เทศบาลตำบล", "ทต."),
]
ABBREVIATED_TYPES = {
    "อบต.": "องค์การบริหารส่วนตำบล",
    "ทต.": "เทศบาลตำบล",
    "ทม.": "เทศบาลเมือง",
    "ทน.": "เทศบาลนคร",
    "อบจ.": "องค์การบริหารส่วนจังหวัด",
}
# Words that end an organisation's name when the text runs on without a space.
NAME_STOPS = ("ประจำปี", "อำเภอ", "จังหวัด", "ในปี", "ได้", "โดย", "เพื่อ", "ตาม", "และ", "ซึ่ง", "ที่", "ผ่าน")

COMPLETED_SIGNALS = ("แล้วเสร็จ", "เรียบร้อยแล้ว", "ดำเนินการแล้ว")
NOT_POSSIBLE_SIGNALS = ("ไม่สามารถดำเนินการ", "ดำเนินการไม่ได้", "ไม่ได้ดำเนินการ")
IN_PROGRESS_SIGNALS = ("อยู่ระหว่างดำเนินการ", "อยู่ระหว่างการดำเนินการ", "กำลังดำเนินการ")

# Question codes: "i๙", "e ๑๕", "O42"; OCR reads ๖ as "b" and ๗ as "m" ("eb,em").
_CODE = re.compile(
    r"(?<![A-Za-z])([ieIE])\s?([0-9๐-๙bm]{1,2})(?![0-9๐-๙A-Za-z])|(?<![A-Za-z])([oO])\s?([0-9๐-๙]{1,2})(?![0-9๐-๙A-Za-z])"
)
_OCR_DIGITS = str.maketrans("bm", "67")
_NUMBERED_CELL = re.compile(r"^[0-9๐-๙]{1,3}[.)]")
_LIST_NUMBER = re.compile(r"(?:^|\s)([0-9๐-๙]{1,3})[.)]\s")
_REFERENCE_TAIL = re.compile(r"\s*\(?\s*อ้างอิง(?:จาก)?\s*[:：]?\s*(?:ข้อ\s*)?[ieoIEObm0-9๐-๙,\s/และ]+\)?\s*$")
_RESULT = re.compile(
    r"คะแนน\s*(?P<score>[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)\s*(?:คะแนน)?\s*"
    r"(?:อยู่ใน)?\s*(?:ระดับ|ผลการประเมิน)\s*(?P<level>AA|[A-F]|ผ่านดีเยี่ยม|ผ่านดี|ผ่าน|ต้องปรับปรุงโดยด่วน|ต้องปรับปรุง)"
    r"(?:.{0,40}?(?P<change>[+\-−–][0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)\s*คะแนน)?"
    r"(?:\s*\(\s*ระดับ\s*(?P<previous>AA|[A-F])\s*\))?"
)
_FISCAL_YEAR = re.compile(r"ปีงบประมาณ\s*(?:พ\.\s?ศ\.)?\s*([0-9๐-๙]{4})")
_NUMBERED = re.compile(r"^[0-9๐-๙]{1,3}[.)]")  # a measure cell that opens with the measure's number
_NAME_LINE = re.compile(r"^\(\s*([^()]{3,80}?)\s*\)$")


@dataclass
class _Context:
    """What the rows above say about the rows below: the group, the tool, the column roles."""

    group: str | None = None
    tool: str | None = None
    roles: list[str | None] = field(default_factory=list)
    header_key: tuple[str, ...] = ()
    new_section: bool = False  # a heading was just read: the next row starts a measure, it continues none
    at_break: bool = False  # no data row yet since a table began or its header repeated (a page break)
    last_filled: frozenset[str] = frozenset()  # the roles the last data row filled
    last_measure_cell: str = ""  # the measure cell of the last measure, as written (a page may break it)
    last_issue_cell: str = ""  # and its issue cell, likewise


@dataclass
class _Reading:
    framework: Framework
    fiscal_year: int | None
    kind_hint: DocumentKind | None = None
    measures: list[Measure] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: set[str] = field(default_factory=set)  # the roles of every header read


# What a measure lacks when the table has no column for it, named as a reader would look for it.
MISSING_COLUMNS = [
    ("steps", "ขั้นตอน/วิธีการดำเนินการ"),
    ("responsible", "ผู้รับผิดชอบ"),
    ("timeframe", "ระยะเวลาดำเนินการ"),
]


def _missing_columns(reading: _Reading, kind: DocumentKind) -> list[str]:
    """A warning for each field the document's tables cannot carry, so an empty field is not taken as read."""
    columns = reading.columns
    missing = [name for role, name in MISSING_COLUMNS if role not in columns]
    if kind == "implementation" and not columns & ({"progress", "summary"} | OUTCOME_ROLES):
        missing.append("ผลการดำเนินการ")
    warnings = []
    if missing:
        warnings.append(f"ตารางไม่มีคอลัมน์ {', '.join(missing)}: มาตรการที่อ่านได้จึงไม่มีข้อมูลส่วนนี้")
    if "measure" not in columns and "steps" in columns:
        warnings.append("ตารางไม่มีคอลัมน์มาตรการ: ใช้ขั้นตอนหรือวิธีการปฏิบัติเป็นข้อความของมาตรการ")
    return warnings


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", clean_text(text)).lower()


def header_role(cell: str) -> str | None:
    compact = _compact(cell)
    if not compact:
        return None
    if compact in SHORT_NUMBER_HEADERS:
        return "number"
    for role, words in ROLE_WORDS:
        if any(word in compact for word in words):
            return role
    return None


def _header_roles(cells: list[str]) -> list[str | None] | None:
    """Roles of a header row, or None when the row is not a header."""
    texts = [clean_text(c) for c in cells]
    filled = [t for t in texts if t]
    if len(filled) < 2 or any(len(t) > MAX_HEADER_CELL for t in filled):
        return None
    roles = [header_role(t) if t else None for t in texts]
    named = [r for r in roles if r]
    if len(set(named)) < 2 or len(named) * 5 < len(filled) * 3:
        return None
    if not {"measure", "indicator", "steps", "issue"} & set(named):
        return None
    return roles


def _replaces_header(texts: list[str], roles: list[str | None]) -> bool:
    """Under an active header, a row is a new header only if it names three columns or more and no cell is a bare
    number: a short data row ("๓", "มาตรการที่ ๓", "ดำเนินการแล้ว") can name two columns by accident."""
    bare_number = any(re.fullmatch(r"[0-9๐-๙]{1,3}[.)]?", t) for t in texts if t)
    return not bare_number and len({r for r in roles if r}) >= 3


def _sub_header(cells: list[str]) -> list[str | None] | None:
    """Roles of a row of outcome sub-columns under a header (ไม่สามารถดำเนินการได้ / ดำเนินการแล้วเสร็จ)."""
    texts = [clean_text(c) for c in cells]
    roles = [header_role(t) if t else None for t in texts]
    named = [r for r in roles if r]
    if len(named) >= 2 and set(named) <= OUTCOME_ROLES and not any(len(t) > MAX_HEADER_CELL for t in texts):
        return roles
    return None


def _merge_sub_header(roles: list[str | None], header: list[str], sub: list[str | None]) -> list[str | None]:
    """Give the outcome sub-columns their place under their parent, however the extraction laid the rows out."""
    named_sub = [r for r in sub if r]
    if len(sub) == len(roles):  # the sub-header row has a cell for every column
        return [s or r for r, s in zip(roles, sub, strict=True)]
    parent = next((i for i, r in enumerate(roles) if r == "progress"), None)
    if parent is None:
        parent = next((i for i, r in enumerate(roles) if r is None and clean_text(header[i])), None)
    if parent is None:
        return roles + list(named_sub)
    texts = [clean_text(c) for c in header]
    span = [i for i in range(parent, len(roles)) if texts[i] == texts[parent]]
    if len(span) >= len(named_sub):  # the parent cell repeated over its grid columns (merged cells)
        merged = list(roles)
        for index, role in zip(span, named_sub, strict=False):
            merged[index] = role
        return merged
    return roles[:parent] + list(named_sub) + roles[parent + 1 :]  # the parent written once


# --- reading cells ------------------------------------------------------------------------------------------


def _codes(text: str, framework: Framework) -> list[str]:
    known_questions = {q.code for q in framework.questions}
    known_items = {i.code for i in framework.oit_items}
    found: list[str] = []
    for match in _CODE.finditer(text):
        if match.group(1):
            digits = to_arabic_digits(match.group(2)).translate(_OCR_DIGITS)
            code = f"{match.group(1).lower()}{int(digits)}"
            if code in known_questions and code not in found:
                found.append(code)
        else:
            code = f"O{int(to_arabic_digits(match.group(4)))}"
            if (code in known_items or not known_items) and code not in found:
                found.append(code)
    return found


def _for_matching(text: str) -> str:
    text = _compact(text)
    for filler in ("มากน้อยเพียงใด", "หรือไม่", "ของท่าน", "ท่าน", "-", "/", "(", ")", ",", "."):
        text = text.replace(filler, "")
    return text


MatchKey = tuple[str, str, frozenset[str]]  # code, key, the key's character pairs


def _pairs(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(frozen=True)
class _MatchKeys:
    questions: tuple[MatchKey, ...]
    items: tuple[MatchKey, ...]
    indicators: tuple[MatchKey, ...]


@lru_cache(maxsize=64)
def _matching_keys(framework: Framework) -> _MatchKeys:
    """The framework's questions, OIT items and indicators as match keys, computed once per framework."""

    def keys(pairs: Iterable[tuple[str, str]]) -> tuple[MatchKey, ...]:
        return tuple((code, key, _pairs(key)) for code, text in pairs if (key := _for_matching(text)))

    return _MatchKeys(
        keys((q.code, q.text) for q in framework.questions),
        keys((i.code, i.title) for i in framework.oit_items),
        keys((str(i.number), i.name) for i in framework.indicators),
    )


def _best_match(target: str, candidates: Iterable[MatchKey], floor: float) -> str | None:
    """The candidate most like `target`, when its difflib ratio reaches `floor`. Shared character pairs rank the
    candidates; the costly comparison then runs on the leader, and on the next two only when the leader's
    ratio is close to the floor (where a near neighbour such as e11 beside e12 might still win)."""
    pairs = _pairs(target)
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


def _question_by_wording(text: str, framework: Framework, tool: str | None) -> str | None:
    """The code of the framework question a cell quotes (layout D's ประเด็นการประเมินที่ต้องยกระดับ), or of an OIT
    item named almost word for word."""
    target = _for_matching(text)
    if len(target) < 12:
        return None
    keys = _matching_keys(framework)
    prefix = {"IIT": "i", "EIT": "e"}.get(tool or "", "")
    code = _best_match(target, (q for q in keys.questions if q[0].startswith(prefix)), 0.6)
    return code or _best_match(target, keys.items, 0.9)


def _indicator(text: str, framework: Framework) -> IndicatorRef | None:
    """ "๑. การปฏิบัติ หน้าที่" → indicator 1. The name decides: documents number their own rows (seed 000 calls
    indicator 10 "๖."); the number is used only when the name matches nothing."""
    cleaned = clean_text(text)
    numbered = re.match(r"^(?:ตัวชี้วัดที่\s*)?([0-9๐-๙]{1,2})\s*[.)]?\s*(.*)$", cleaned)
    number = int(to_arabic_digits(numbered.group(1))) if numbered else None
    name = numbered.group(2) if numbered else cleaned
    target = _for_matching(name)
    if target:
        best = _best_match(target, _matching_keys(framework).indicators, 0.75)
        if best is not None:
            indicator = framework.indicator(int(best))
            return IndicatorRef(indicator.number, indicator.name)
    if number is not None and any(i.number == number for i in framework.indicators):
        return IndicatorRef(number, framework.indicator(number).name)
    return None


def _responsible(cell: str) -> list[Responsible]:
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


def _measure_text(cell: str) -> tuple[str, bool]:
    """The measure's words, without a lone leading number or the "อ้างอิงจาก …" tail; True when the number
    was the only item's."""
    items = html_items(cell)
    text = " ".join(items)
    numbered = split_numbered(text)
    if numbered is not None and len(numbered) > 1:
        return "\n".join(_REFERENCE_TAIL.sub("", i) for i in numbered), False
    if numbered is not None:
        text = numbered[0]
    return _REFERENCE_TAIL.sub("", text).strip(), numbered is not None


def _plain(cell: str) -> str | None:
    """A text cell: its items (HTML pieces, numbered or bulleted points) one to a line, numbers dropped."""
    return "\n".join(list_items(cell)) or None


def _status(progress: str | None, explicit: MeasureStatus | None, kind: DocumentKind | None) -> MeasureStatus:
    if explicit is not None:
        return explicit
    text = _compact(progress or "")
    if not text:
        return "unknown"
    if any(s in text for s in NOT_POSSIBLE_SIGNALS):
        return "not_possible"
    if any(s in text for s in IN_PROGRESS_SIGNALS):
        return "in_progress"
    if any(s in text for s in COMPLETED_SIGNALS):
        return "completed"
    # An implementation report's filled result column states what was done.
    return "completed" if kind == "implementation" else "unknown"


# --- tables ---------------------------------------------------------------------------------------------------


# The cells a row broken by a page carries on the next page: its long text, never its key or its short cells.
CONTINUED_ROLES = {"steps", "responsible", "progress", "summary", "suggestions"} | OUTCOME_ROLES


def _rest_of_a_broken_row(texts: list[str], context: _Context, reading: _Reading) -> bool:
    """Whether the first row after a page break, with one cell of text, is the rest of the row above rather than a
    heading: a heading spans the table from its first column, the rest of a row stays in its own text column
    (an outcome that reads "…ข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน…" is not the urgent group)."""
    if not (context.at_break and reading.measures and context.roles) or texts[0]:
        return False
    filled = [i for i, t in enumerate(texts) if t]
    return len(filled) == 1 and filled[0] < len(context.roles) and context.roles[filled[0]] in CONTINUED_ROLES


def _context_row(texts: list[str], context: _Context) -> bool:
    """A row with a single cell of text that sets the group or the tool; True when it did."""
    filled = [t for t in texts if t]
    if len(filled) != 1 or len(filled[0]) > 200:
        return False
    # A heading across the table that names a tool ("มาตรการยกระดับ…ตามแบบวัด…(IIT)", layout C's theme) is a section.
    return _apply_heading(filled[0], context, section=TOOL_PATTERN.search(filled[0]) is not None)


def _apply_heading(text: str, context: _Context, *, section: bool) -> bool:
    compact = _compact(text)
    if (
        re.sub(r"^[0-9๐-๙]{1,2}[.)]", "", compact) == OTHER_MEASURES
    ):  # the measures below have no group or tool
        context.group = context.tool = None
        context.new_section = True
        return True
    tool = TOOL_PATTERN.search(text)
    if any(w in compact for w in URGENT_WORDS):
        context.group, context.new_section = "urgent", True
        return True
    if any(w in compact for w in DEVELOP_WORDS):
        context.group, context.new_section = "develop", True
        return True
    if tool and (compact.startswith("แบบวัด") or len(compact) <= 20):
        context.tool = tool.group(1)
        context.new_section = True
        return True
    if section and (tool or re.match(r"^[0-9๐-๙]{1,2}[.)]\s*มาตรการ", text)):
        context.group = re.sub(r"^[0-9๐-๙]{1,2}[.)]\s*", "", text).strip()
        context.tool = tool.group(1) if tool else None
        context.new_section = True
        return True
    return False


def _read_table(table: Table, context: _Context, reading: _Reading) -> None:
    rows = [[c if c is not None else "" for c in row] for row in table.rows]
    context.at_break = True
    index = 0
    while index < len(rows):
        cells, origin = rows[index], table.row_origins[index]
        texts = [clean_text(c) for c in cells]
        index += 1
        if not any(texts):
            continue
        roles = _header_roles(cells)
        if roles is not None and context.roles and not _replaces_header(texts, roles):
            roles = None
        if roles is not None:
            if index < len(rows) and (sub := _sub_header(rows[index])) is not None:
                roles = _merge_sub_header(roles, cells, sub)
                index += 1
            context.roles = roles
            context.header_key = tuple(t for t in texts if t)
            reading.columns.update(r for r in roles if r)
            context.at_break = True
            continue
        if not _rest_of_a_broken_row(texts, context, reading) and _context_row(texts, context):
            continue
        if not context.roles:
            reading.unread.extend(Unread(t, f"{origin}, cell {i + 1}") for i, t in enumerate(texts) if t)
            continue
        _read_row(cells, origin, context, reading)


def _read_row(cells: list[str], origin: str, context: _Context, reading: _Reading) -> None:
    roles = context.roles
    if len(cells) != len(roles):
        reading.warnings.append(
            f"{origin}: แถวมี {len(cells)} ช่อง แต่หัวตารางมี {len(roles)} ช่อง (อ่านตามลำดับช่อง)"
        )
    by_role: dict[str, str] = {}
    for position, cell in enumerate(cells):
        role = roles[position] if position < len(roles) else None
        if not clean_text(cell):
            continue
        if role is None:
            reading.unread.append(Unread(clean_text(cell), f"{origin}, cell {position + 1}"))
            continue
        by_role[role] = f"{by_role[role]}\n{cell}" if role in by_role else cell
    if not by_role:
        return
    is_continuation = (
        bool(reading.measures) and not context.new_section and _continues(by_role, roles, context)
    )
    context.new_section = context.at_break = False
    if is_continuation:
        context.last_filled |= frozenset(
            by_role
        )  # a row broken over three pages leaves more out on the third
        _continue_measure(reading.measures[-1], by_role, context, reading)
        return
    context.last_filled = frozenset(by_role)
    context.last_measure_cell = by_role.get("measure", "")
    context.last_issue_cell = by_role.get("issue", "")
    reading.measures.append(_measure(by_role, origin, context, reading))


def _continues(by_role: dict[str, str], roles: list[str | None], context: _Context) -> bool:
    """Whether a data row is the rest of the row above, broken by a page, rather than a measure of its own."""
    key_roles = [r for r in KEY_ROLES if r in roles]
    if not key_roles:
        return False
    keys = {r for r in key_roles if r in by_role}
    if not keys:
        return _may_continue(by_role, roles, context)
    if not context.at_break:
        return False
    if keys == {"issue"} and "number" not in roles and "measure" not in roles:
        # Layout D: an issue cell the page broke, its indicator left above; a new measure's issue starts at "๑.".
        issue = clean_text(by_role["issue"])
        return not re.match(r"^[1๑][.)]\s", issue) and _may_continue(by_role, roles, context)
    if "number" in roles:
        # Every measure fills its number: after a page break, a row without one carries on the measure text too.
        return "number" not in keys
    if keys != {"measure"}:
        return False
    if _NUMBERED_CELL.match(clean_text(context.last_measure_cell)):
        # Layouts that number the measure cell itself ("๕. ประชาสัมพันธ์…"): the rest of that cell has no number.
        numbered = _NUMBERED_CELL.match(clean_text(by_role["measure"]))
        if numbered is None:
            return True
        # A cell that lists its points ("๑. … ๒. …", layout A): the next point of that list, on a partial row (its
        # indicator left on the page above), is the rest of the cell, not a measure numbered after it.
        markers = _LIST_NUMBER.findall(clean_text(context.last_measure_cell))
        return (
            bool(markers)
            and int(to_arabic_digits(numbered.group()[:-1])) == int(to_arabic_digits(markers[-1])) + 1
            and not context.last_filled <= set(by_role)
        )
    # Unnumbered measure cells (layout A): as without a key column, only a partial row can be the rest of one.
    return not context.last_filled <= set(by_role)


def _may_continue(by_role: dict[str, str], roles: list[str | None], context: _Context) -> bool:
    """Whether a row without its key cells can be the rest of the row above, broken by a page. With a number or a
    measure column, every measure fills its key cell, so yes. Without one (layout D: indicator and issue may be
    empty), only the first row after a page break can, and only a partial one: the short cells of a broken
    row (unit, timeframe) stay on the first page, and its steps do not start again at "๑."."""
    if "number" in roles or "measure" in roles:
        return True
    if not context.at_break:
        return False
    steps = clean_text(by_role.get("steps", ""))
    if re.match(r"^[1๑][.)]\s", steps):
        return False
    return not context.last_filled <= set(by_role)


def _continue_measure(
    measure: Measure, by_role: dict[str, str], context: _Context, reading: _Reading
) -> None:
    """A row split across pages: its cells go on the measure above. Text that does not open with a list marker
    goes on where the page broke it (the last step, the last line), rather than starting a new one."""
    if "measure" in by_role:
        # The whole cell read again, so that its number and "อ้างอิงจาก …" tail are taken off where they stand.
        context.last_measure_cell = join_wrapped_lines([context.last_measure_cell, by_role["measure"]])
        measure.measure, _ = _measure_text(context.last_measure_cell)
        codes = _codes(clean_text(context.last_measure_cell), reading.framework)
        measure.questions.extend(c for c in codes if c not in measure.questions)
    if "issue" in by_role:
        # Read whole again, so that a question the page broke in two is recognised by its wording.
        context.last_issue_cell = join_wrapped_lines([context.last_issue_cell, by_role["issue"]])
        items = list_items(context.last_issue_cell)
        measure.issue = "\n".join(items) or None
        codes = _codes(clean_text(context.last_issue_cell), reading.framework)
        codes.extend(c for i in items if (c := _question_by_wording(i, reading.framework, measure.tool)))
        measure.questions.extend(dict.fromkeys(c for c in codes if c not in measure.questions))
    if "steps" in by_role:
        if measure.steps and not starts_list_item(clean_text(by_role["steps"])):
            rest, items = continued_list(by_role["steps"], len(measure.steps))
            measure.steps[-1] = join_wrapped_lines([measure.steps[-1], rest])
        else:
            items = list_items(by_role["steps"])
        measure.steps.extend(items)
    if "responsible" in by_role:
        lines = by_role["responsible"].split("\n")
        if (
            measure.responsible
            and not measure.responsible[-1].section
            and not starts_list_item(lines[0])
            and any(starts_list_item(line) for line in lines[1:])
        ):
            # A bulleted cell whose first line has no bullet: the rest of the last unit, wrapped at the page break.
            last = measure.responsible.pop()
            lines[0] = join_wrapped_lines([f"- {last.unit}", lines[0]])
        measure.responsible.extend(_responsible("\n".join(lines)))
    for role, cell in _continued_cells(by_role):
        if more := _plain(cell):
            current = getattr(measure, role)
            if not current:
                setattr(measure, role, more)
            elif starts_list_item(more):
                setattr(measure, role, f"{current}\n{more}")
            else:
                setattr(measure, role, join_wrapped_lines([current, more]))
    if "progress" in by_role or any(r in by_role for r in OUTCOME_ROLES):
        measure.status = _status(measure.progress, _explicit_status(by_role), reading.kind_hint)


def _continued_cells(by_role: dict[str, str]) -> list[tuple[str, str]]:
    """The text cells of a continued row, by the measure's field: an outcome column's text is its progress."""
    cells: list[tuple[str, str]] = [
        (role, by_role[role]) for role in ("progress", "summary", "suggestions") if role in by_role
    ]
    outcomes = [by_role[role] for role in ("not_possible", "in_progress", "completed") if role in by_role]
    if outcomes and "progress" not in by_role:
        cells.insert(0, ("progress", "\n".join(outcomes)))
    return cells


def _explicit_status(by_role: dict[str, str]) -> MeasureStatus | None:
    for role in ("not_possible", "in_progress", "completed"):
        if role in by_role:
            return role
    return None


def _measure(by_role: dict[str, str], origin: str, context: _Context, reading: _Reading) -> Measure:
    framework = reading.framework
    number = len(reading.measures) + 1
    if "number" in by_role:
        digits = re.search(r"[0-9๐-๙]{1,3}", by_role["number"])
        if digits:
            number = int(to_arabic_digits(digits.group()))
    indicator = _indicator(by_role["indicator"], framework) if "indicator" in by_role else None
    if "indicator" in by_role and indicator is None:
        reading.warnings.append(f"{origin}: ไม่รู้จักตัวชี้วัด “{clean_text(by_role['indicator'])}”")
    steps = list_items(by_role.get("steps", ""))
    measure_text = ""
    if "measure" in by_role:
        measure_text, _ = _measure_text(by_role["measure"])
    if not measure_text:
        measure_text = "\n".join(steps) or clean_text(by_role.get("issue", ""))
    tool = context.tool or (framework.indicator(indicator.number).tool if indicator else None)
    issue_items = list_items(by_role["issue"]) if "issue" in by_role else []
    questions = _codes(
        " ".join(clean_text(by_role.get(r, "")) for r in ("measure", "issue", "number")), framework
    )
    for item in issue_items:
        code = _question_by_wording(item, framework, tool)
        if code and code not in questions:
            questions.append(code)
    if tool is None and questions:
        tool = {"i": "IIT", "e": "EIT", "O": "OIT"}[questions[0][0]]
    explicit = _explicit_status(by_role)
    progress_cells = [
        by_role[r] for r in ("progress", "not_possible", "in_progress", "completed") if r in by_role
    ]
    progress = "\n".join(p for c in progress_cells if (p := _plain(c))) or None
    timeframe = None
    if "timeframe" in by_role:
        timeframe = _timeframe(by_role["timeframe"], origin, reading)
    return Measure(
        number=number,
        group=context.group,
        tool=tool,
        indicator=indicator,
        questions=questions,
        issue="\n".join(issue_items) or None,
        measure=measure_text,
        steps=steps,
        responsible=_responsible(by_role.get("responsible", "")),
        timeframe=timeframe,
        progress=progress,
        status=_status(progress, explicit, reading.kind_hint),
        summary=_plain(by_role.get("summary", "")),
        suggestions=_plain(by_role.get("suggestions", "")),
    )


def _timeframe(cell: str, origin: str, reading: _Reading) -> MeasureTimeframe:
    text = clean_text(cell)
    try:
        parsed = parse_timeframe(text, fiscal_year=reading.fiscal_year)
    except TimeframeError as error:
        reading.warnings.append(f"{origin}: {error.thai} (เก็บข้อความไว้ตามต้นฉบับ)")
        return MeasureTimeframe(text, None, None)
    return MeasureTimeframe(text, parsed.start, parsed.end)


# --- paragraphs: memo, title, organisation, year, result ----------------------------------------------------


def _lines(paragraph: Paragraph) -> list[str]:
    return [line for raw in paragraph.text.split("\n") if (line := clean_text(raw))]


def _joined(paragraph: Paragraph) -> str:
    return " ".join(_lines(paragraph))


_MEMO_FIELDS = [
    ("office", "ส่วนราชการ"),
    ("ref", "ที่"),
    ("date_text", "วันที่"),
    ("subject", "เรื่อง"),
    ("to", "เรียน"),
]


def _memo(paragraphs: list[Paragraph]) -> tuple[Memo, int]:
    """Read a memo starting after its "บันทึกข้อความ" heading; returns it and how many paragraphs it used."""
    memo = Memo()
    used = 0
    stage = "fields"
    body: list[str] = []
    pending_name: str | None = None
    positions: list[str] = []
    opinion: Opinion | None = None
    opinion_text: list[str] = []

    def close_signer() -> None:
        nonlocal pending_name, opinion
        if pending_name is None:
            return
        position = " ".join(positions) or None
        if opinion is not None:
            opinion.name, opinion.position = pending_name, position
            opinion.text = "\n".join(opinion_text) or None
            memo.opinions.append(opinion)
            opinion = None
            opinion_text.clear()
        else:
            memo.signatures.append(Signature(pending_name, position or ""))
        pending_name = None
        positions.clear()

    for paragraph in paragraphs:
        text = _joined(paragraph)
        if not text:
            used += 1
            continue
        if stage == "fields":
            matched = False
            for attribute, label in _MEMO_FIELDS:
                if text.startswith(label) and getattr(memo, attribute) is None:
                    setattr(memo, attribute, text[len(label) :].strip() or None)
                    matched = True
                    if attribute == "to":
                        stage = "body"
                    break
            if not matched:
                break
            used += 1
            continue
        name = _NAME_LINE.match(text)
        if name and "ลงชื่อ" in name.group(1):
            used += 1
            continue
        if text.startswith("(ลงชื่อ)"):
            text = text.removeprefix("(ลงชื่อ)").strip()
            name = _NAME_LINE.match(text)
        if name:
            close_signer()
            pending_name = name.group(1).strip()
            stage = "signer"
        elif text.startswith("ความเห็น"):
            close_signer()
            opinion = Opinion(role=re.sub(r"^ความเห็นของ\s*", "", text), position=None, name=None, text=None)
            stage = "opinion"
        elif stage == "body":
            body.append(text)
        elif stage == "opinion":
            opinion_text.append(text.lstrip("-• ").strip())
        elif stage == "signer":
            if any(word in text for word in MEMO_END_WORDS) or len(text) > 90 or len(positions) >= 3:
                break
            positions.extend(_lines(paragraph))
        used += 1
    close_signer()
    memo.body = "\n".join(body) or None
    if memo.date_text:
        try:
            memo.date = parse_timeframe(memo.date_text).start
        except TimeframeError:
            memo.date = None
    return memo, used


def _organisation(texts: list[str]) -> Organisation:
    found: list[tuple[str, str]] = []
    for text in texts:
        for full, short in ORGANISATION_TYPES:
            for match in re.finditer(re.escape(full) + r"\s?([\u0E01-\u0E4E]+)", text):
                found.append((full + _cut_name(match.group(1)), short))
        for short, full in ABBREVIATED_TYPES.items():
            for match in re.finditer(re.escape(short) + r"\s?([\u0E01-\u0E4E]{2,})", text):
                found.append((full + _cut_name(match.group(1)), short))
    if not found:
        return Organisation()
    counts = Counter(found)
    name, short = max(counts, key=lambda key: (counts[key], -found.index(key)))
    district = province = None
    for text in texts:
        if name in text:
            if (d := re.search(r"อำเภอ\s?([\u0E01-\u0E4E]+)", text)) and district is None:
                district = d.group(1)
            if (p := re.search(r"จังหวัด\s?([\u0E01-\u0E4E]+)", text)) and province is None:
                province = p.group(1)
    return Organisation(name, short, district, province)


def _cut_name(name: str) -> str:
    for stop in NAME_STOPS:
        position = name.find(stop, 2)
        if position > 0:
            name = name[:position]
    return name


def _result(texts: list[str]) -> ResultStatement | None:
    for text in texts:
        match = _RESULT.search(text)
        if match:
            change = match.group("change")
            return ResultStatement(
                score=Decimal(to_arabic_digits(match.group("score"))),
                level=match.group("level"),
                change=Decimal(to_arabic_digits(change).replace("−", "-").replace("–", "-"))
                if change
                else None,
                previous_level=match.group("previous"),
            )
    return None


def _fiscal_year(texts: list[str]) -> int | None:
    for text in texts:
        match = _FISCAL_YEAR.search(text)
        if match:
            return int(to_arabic_digits(match.group(1)))
    return None


def _kind(title: str | None, introduction: list[str], measures: list[Measure]) -> DocumentKind:
    words = _compact(" ".join([title or "", *introduction[:1]]))
    if any(w in words for w in ("ผลการดำเนินการ", "การดำเนินการตามมาตรการ", "ความก้าวหน้า", "รายงานผล")):
        return "implementation"
    if any(m.progress for m in measures):
        return "implementation"
    if "วิเคราะห์" in words and not measures:
        return "analysis"
    return "measures"


# --- the whole document -------------------------------------------------------------------------------------


def interpret(
    blocks: list[Block],
    registry: FrameworkRegistry,
    *,
    framework_version: int | None = None,
    source: str = "",
) -> Document:
    """Read a document from its blocks. `framework_version` overrides the year the document names."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    if not any(isinstance(b, Table) for b in blocks):
        raise ReadError(
            "ไม่พบตารางมาตรการในเอกสาร (เอกสารต้องมีตารางที่มีหัวคอลัมน์ เช่น มาตรการ ขั้นตอน ผู้รับผิดชอบ)",
            "no table of measures found in the document",
        )
    texts = [_joined(p) for p in paragraphs]

    memo: Memo | None = None
    memo_paragraphs: set[int] = set()
    for index, text in enumerate(texts):
        if _compact(text) == "บันทึกข้อความ":
            memo, used = _memo(paragraphs[index + 1 :])
            memo_paragraphs = set(range(index, index + 1 + used))
            break

    title_index = next(
        (
            i
            for i, t in enumerate(texts)
            if i not in memo_paragraphs
            and any(w in t for w in TITLE_WORDS)
            and not t.startswith(("ตามที่", "โดย"))
        ),
        None,
    )
    title = texts[title_index] if title_index is not None else None
    fiscal_year = _fiscal_year(
        [t for t in [title or "", memo.subject if memo and memo.subject else ""] if t] + texts
    )
    if framework_version is not None:
        framework = registry.get(framework_version)
    else:
        found = registry.for_year(fiscal_year) if fiscal_year is not None else None
        framework = found or registry.get(registry.versions[-1])
    kind_hint = _kind(title, [], [])
    reading = _Reading(framework, fiscal_year, kind_hint=kind_hint if kind_hint == "implementation" else None)

    context = _Context()
    introduction: list[str] = []
    paragraph_index = 0
    for block in blocks:
        if isinstance(block, Table):
            _read_table(block, context, reading)
            continue
        position = paragraph_index
        paragraph_index += 1
        if position in memo_paragraphs or position == title_index:
            continue
        text = texts[position]
        if not text:
            continue
        if _apply_heading(text, context, section=True):
            continue
        introduction.append(text)

    if not reading.measures:
        raise ReadError(
            "ไม่พบมาตรการในตาราง (ไม่มีหัวคอลัมน์ที่อ่านได้ เช่น มาตรการ ตัวชี้วัด ขั้นตอน)",
            "no measures found: no table header names the known columns",
        )
    if any(has_lao(b.text) for b in paragraphs) or any(
        has_lao(c) for b in blocks if isinstance(b, Table) for row in b.rows for c in row
    ):
        reading.warnings.append("พบอักษรลาวในเอกสาร (มักเป็นความผิดพลาดของ OCR) แปลงเป็นอักษรไทยที่หน้าตาคล้ายกันแล้ว")
    kind = _kind(title, introduction, reading.measures)
    reading.warnings.extend(_missing_columns(reading, kind))
    for measure in reading.measures:
        if kind == "implementation" and measure.status == "unknown" and measure.progress:
            measure.status = _status(measure.progress, None, kind)
    organisation = _organisation(
        [t for t in [title or ""] if t] + ([memo.office or ""] if memo else []) + texts
    )
    return Document(
        title=title,
        kind=kind,
        organisation=organisation,
        fiscal_year=fiscal_year,
        memo=memo,
        result=_result(texts),
        measures=reading.measures,
        introduction=introduction,
        unread=reading.unread,
        warnings=reading.warnings,
        source=source,
    )
