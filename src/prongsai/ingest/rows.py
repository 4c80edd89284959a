"""Rows into measures: a table's rows read under the roles its header gave, in document order.

A row with one cell of text sets the context (weaknesses to fix urgently, แบบวัด IIT, a section, "มาตรการอื่น" for
none). A row without its key cell continues the measure above it where a page broke the row (see `continues`).
A row of only dashes or markup separates rows and is no measure. A row with fewer cells than the header (a merged
cell in the source) is aligned by what its cells hold, with a warning that says what was assumed.

The state carried from row to row is `Context` (what the rows above say) and `Reading` (what has been read).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from prongsai.core.compose import OTHER_MEASURES
from prongsai.core.frameworks import Framework
from prongsai.core.model import DocumentKind, Measure, MeasureStatus, Unread
from prongsai.core.thai import to_arabic_digits
from prongsai.ingest.blocks import Table
from prongsai.ingest.cells import (
    CodeSlip,
    code_slips,
    codes_as_written,
    indicator_of_questions,
    indicator_ref,
    is_placeholder,
    is_timeframe,
    measure_text,
    plain_text,
    question_by_wording,
    question_codes,
    read_timeframe,
    responsible_units,
    status_cell,
    status_in_words,
    status_of,
)
from prongsai.ingest.cleaning import (
    clean_text,
    continued_list,
    join_wrapped_lines,
    list_items,
    starts_list_item,
)
from prongsai.ingest.columns import (
    KEY_ROLES,
    OUTCOME_ROLES,
    Column,
    Roles,
    compact,
    header_roles,
    merge_sub_header,
    replaces_header,
    sub_header,
)

URGENT_WORDS = ("ข้อบกพร่อง", "จุดอ่อน", "เร่งด่วน")
DEVELOP_WORDS = ("พัฒนาให้ดีขึ้น", "ต้องพัฒนา")
TOOL_PATTERN = re.compile(r"\b(IIT|EIT|OIT)\b")
TOOL_OF_PREFIX = {"i": "IIT", "e": "EIT", "O": "OIT"}

_NUMBERED_CELL = re.compile(r"^[0-9๐-๙]{1,3}[.)]")  # a measure cell that opens with the measure's number
_LIST_NUMBER = re.compile(r"(?:^|\s)([0-9๐-๙]{1,3})[.)]\s")
_OPENS_LIST_ITEM = re.compile(
    r"^\s*(?:<(?:ul|ol)\b[^>]*>\s*)?<li\b", re.IGNORECASE
)  # markup that starts an item

ByRole = dict[Column, str]

# The cells a row broken by a page carries on the next page: its long text, never its key or its short cells.
CONTINUED_ROLES = {
    Column.STEPS,
    Column.RESPONSIBLE,
    Column.PROGRESS,
    Column.SUMMARY,
    Column.SUGGESTIONS,
} | OUTCOME_ROLES
# The short cells whose words a page break may cut, read again whole when the rest comes on the next page.
SHORT_ROLES = (Column.RESPONSIBLE, Column.TIMEFRAME, Column.STATUS)
# A unit's name starts with one of these: the rest of a cell the page broke that starts so is a unit of its own.
_UNIT_START = re.compile(r"^(?:กอง|สำนัก|งาน|หน่วย|ฝ่าย|ส่วน|คณะ|ทุก|ผู้)")
_UNIT_SEPARATOR = re.compile(r"[,;]\s*$")

# The field each role's words are named by in a warning about how a short row was aligned.
ROLE_NAMES = {
    Column.TIMEFRAME: "ระยะเวลา",
    Column.NOT_POSSIBLE: "ผลการดำเนินการ (ไม่สามารถดำเนินการได้)",
    Column.IN_PROGRESS: "ผลการดำเนินการ (อยู่ระหว่างดำเนินการ)",
    Column.COMPLETED: "ผลการดำเนินการ (ดำเนินการแล้วเสร็จ)",
    Column.STATUS: "สถานะ",
    Column.PROGRESS: "ผลการดำเนินการ",
}


@dataclass
class Context:
    """What the rows above say about the rows below: the group, the tool, the column roles."""

    group: str | None = None
    tool: str | None = None
    roles: Roles = field(default_factory=list)
    header_key: tuple[str, ...] = ()
    new_section: bool = False  # a heading was just read: the next row starts a measure, it continues none
    at_break: bool = False  # no data row yet since a table began or its header repeated (a page break)
    last_filled: frozenset[Column] = frozenset()  # the roles the last data row filled
    last_measure_cell: str = ""  # the measure cell of the last measure, as written (a page may break it)
    last_issue_cell: str = ""  # and its issue cell, likewise
    last_numbered: bool = False  # the last measure's row filled its number cell
    # the last measure's short cells as written (unit, timeframe, status): a page may break them mid-word too
    last_short_cells: dict[Column, str] = field(default_factory=dict)


@dataclass
class Reading:
    framework: Framework
    fiscal_year: int | None
    kind_hint: DocumentKind | None = None
    measures: list[Measure] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    columns: set[Column] = field(default_factory=set)  # the roles of every header read
    stated: set[int] = field(default_factory=set)  # positions of measures whose status a column states


def rest_of_a_broken_row(texts: list[str], context: Context, reading: Reading) -> bool:
    """Whether the first row after a page break, with one cell of text, is the rest of the row above rather than a
    heading: a heading spans the table from its first column, the rest of a row stays in its own text column
    (an outcome that reads "…ข้อบกพร่องหรือจุดอ่อนที่จะต้องแก้ไขโดยเร่งด่วน…" is not the urgent group)."""
    if not (context.at_break and reading.measures and context.roles) or texts[0]:
        return False
    filled = [i for i, t in enumerate(texts) if t]
    return len(filled) == 1 and filled[0] < len(context.roles) and context.roles[filled[0]] in CONTINUED_ROLES


def context_row(texts: list[str], context: Context) -> bool:
    """A row with a single cell of text that sets the group or the tool; True when it did."""
    filled = [t for t in texts if t]
    if len(filled) != 1 or len(filled[0]) > 200:
        return False
    # A heading across the table that names a tool ("มาตรการยกระดับ…ตามแบบวัด…(IIT)", layout C's theme) is a section.
    return apply_heading(filled[0], context, section=TOOL_PATTERN.search(filled[0]) is not None)


def apply_heading(text: str, context: Context, *, section: bool) -> bool:
    squeezed = compact(text)
    if (
        re.sub(r"^[0-9๐-๙]{1,2}[.)]", "", squeezed) == OTHER_MEASURES
    ):  # the measures below have no group or tool
        context.group = context.tool = None
        context.new_section = True
        return True
    tool = TOOL_PATTERN.search(text)
    if any(w in squeezed for w in URGENT_WORDS):
        context.group, context.new_section = "urgent", True
        return True
    if any(w in squeezed for w in DEVELOP_WORDS):
        context.group, context.new_section = "develop", True
        return True
    if tool and (squeezed.startswith("แบบวัด") or len(squeezed) <= 20):
        context.tool = tool.group(1)
        context.new_section = True
        return True
    if section and (tool or re.match(r"^[0-9๐-๙]{1,2}[.)]\s*มาตรการ", text)):
        context.group = re.sub(r"^[0-9๐-๙]{1,2}[.)]\s*", "", text).strip()
        context.tool = tool.group(1) if tool else None
        context.new_section = True
        return True
    return False


def read_table(table: Table, context: Context, reading: Reading) -> None:
    rows = [[c if c is not None else "" for c in row] for row in table.rows]
    context.at_break = True
    index = 0
    while index < len(rows):
        cells, origin = rows[index], table.row_origins[index]
        texts = [clean_text(c) for c in cells]
        index += 1
        if all(is_placeholder(t) for t in texts):
            continue  # empty, or a separator line ("---  --  --", a row of markup)
        roles = header_roles(cells)
        if roles is not None and context.roles and not replaces_header(texts, roles):
            roles = None
        if roles is not None:
            if index < len(rows) and (sub := sub_header(rows[index])) is not None:
                roles = merge_sub_header(roles, cells, sub)
                index += 1
            context.roles = roles
            context.header_key = tuple(t for t in texts if t)
            reading.columns.update(r for r in roles if r)
            context.at_break = True
            continue
        if not rest_of_a_broken_row(texts, context, reading) and context_row(texts, context):
            continue
        if not context.roles:
            reading.unread.extend(Unread(t, f"{origin}, cell {i + 1}") for i, t in enumerate(texts) if t)
            continue
        read_row(cells, origin, context, reading)


def content_role(cell: str, roles: Roles, fiscal_year: int | None) -> Column | None:
    """The column a cell's content belongs under, when the content says so: a timeframe under the timeframe
    heading, outcome words under the outcome column (or status column) they fit."""
    if Column.TIMEFRAME in roles and is_timeframe(cell, fiscal_year):
        return Column.TIMEFRAME
    stated = status_in_words(cell)
    if stated is not None and stated != "unknown" and stated in roles:
        return Column(stated)
    return None


def align_short_row(
    cells: list[str], roles: Roles, fiscal_year: int | None
) -> tuple[list[Column | None], list[str]]:
    """Roles for a row with fewer cells than its header (a merged cell in the source), by what its cells hold:
    cells whose content names their column are placed there; the others fill the remaining columns in order,
    outcome sub-columns counted as one (the usual merge). Returns the roles and what was assumed, in Thai."""
    placed: dict[int, Column] = {}
    taken: set[Column] = set()
    for position, cell in enumerate(cells):
        role = content_role(cell, roles, fiscal_year) if clean_text(cell) else None
        if role is not None and role not in taken:
            placed[position], taken = role, taken | {role}
    # The columns left, in order, outcome sub-columns merged into one slot (its words decide which, else progress).
    slots: list[Column | None] = []
    for role in roles:
        if role in taken or (role in OUTCOME_ROLES and taken & OUTCOME_ROLES):
            continue  # placed by its content; outcome sub-columns go together, one merged cell under them all
        if role in OUTCOME_ROLES:
            if slots and slots[-1] == Column.PROGRESS:
                continue
            role = Column.PROGRESS
        slots.append(role)
    free = iter(slots)
    aligned: list[Column | None] = []
    assumed: list[str] = []
    for position, cell in enumerate(cells):
        role = placed[position] if position in placed else next(free, None)
        aligned.append(role)
        if role is not None and (position in placed or (role == Column.PROGRESS and role not in roles)):
            # placed by its content, or in the one slot the merged outcome columns became
            assumed.append(f"“{clean_text(cell)[:40]}” เป็น{ROLE_NAMES.get(role, role.value)}")
    return aligned, assumed


def read_row(cells: list[str], origin: str, context: Context, reading: Reading) -> None:
    roles: list[Column | None] = context.roles
    if len(cells) < len(roles):
        roles, assumed = align_short_row(cells, context.roles, reading.fiscal_year)
        how = f"จัดช่องตามเนื้อหา: {'; '.join(assumed)} โปรดตรวจสอบ" if assumed else "อ่านตามลำดับช่อง"
        reading.warnings.append(
            f"{origin}: แถวมี {len(cells)} ช่อง แต่หัวตารางมี {len(context.roles)} ช่อง (อาจมีเซลล์ที่ผสานไว้) {how}"
        )
    elif len(cells) > len(roles):
        reading.warnings.append(
            f"{origin}: แถวมี {len(cells)} ช่อง แต่หัวตารางมี {len(roles)} ช่อง (อ่านตามลำดับช่อง)"
        )
    by_role: ByRole = {}
    for position, cell in enumerate(cells):
        role = roles[position] if position < len(roles) else None
        text = clean_text(cell)
        if not text or (is_placeholder(text) and role != Column.STATUS):
            continue  # a "-" says nothing, except under สถานะ, where it says the status is not known
        if role is None:
            reading.unread.append(Unread(text, f"{origin}, cell {position + 1}"))
            continue
        by_role[role] = f"{by_role[role]}\n{cell}" if role in by_role else cell
    if not by_role:
        return
    if moved := move_outcome_by_its_words(by_role, roles):
        reading.warnings.append(f"{origin}: {moved} (อาจมีเซลล์ที่ผสานไว้) โปรดตรวจสอบ")
    is_continuation = (
        bool(reading.measures) and not context.new_section and continues(by_role, roles, context)
    )
    context.new_section = context.at_break = False
    if is_continuation:
        context.last_filled |= frozenset(
            by_role
        )  # a row broken over three pages leaves more out on the third
        continue_measure(reading.measures[-1], by_role, origin, context, reading)
        return
    context.last_filled = frozenset(by_role)
    context.last_measure_cell = by_role.get(Column.MEASURE, "")
    context.last_short_cells = {r: by_role[r] for r in SHORT_ROLES if r in by_role}
    context.last_issue_cell = by_role.get(Column.ISSUE, "")
    context.last_numbered = Column.NUMBER in by_role
    reading.measures.append(new_measure(by_role, origin, context, reading))


def move_outcome_by_its_words(by_role: ByRole, roles: Roles) -> str | None:
    """A row's one outcome cell under a sub-column its words contradict ("ดำเนินการแล้วเสร็จ …" under ไม่สามารถ
    ดำเนินการได้: the cell merged over both sub-columns starts in the first) goes under the one they name.
    Returns what was assumed, or None."""
    filled = [r for r in OUTCOME_ROLES if r in by_role]
    if len(filled) != 1:
        return None
    stated = status_in_words(by_role[filled[0]])
    if stated is None or stated == "unknown" or stated == filled[0] or stated not in roles:
        return None
    target = Column(stated)
    by_role[target] = by_role.pop(filled[0])
    return (
        f"ผลการดำเนินการ “{clean_text(by_role[target])[:40]}” อยู่ใต้คอลัมน์อื่น จัดเป็น{ROLE_NAMES[target]}ตามข้อความ"
    )


def continues(by_role: ByRole, roles: Roles, context: Context) -> bool:
    """Whether a data row is the rest of the row above, broken by a page, rather than a measure of its own."""
    key_roles = [r for r in KEY_ROLES if r in roles]
    if not key_roles:
        return False
    keys = {r for r in key_roles if r in by_role}
    if not keys:
        return may_continue(by_role, roles, context)
    if Column.NUMBER in roles and context.last_numbered and Column.NUMBER not in keys:
        # Every measure fills its number: a row without one carries on the measure above, whether or not the
        # page repeated the header (a number of its own would make a measure numbered twice).
        return True
    if not context.at_break:
        return False
    if keys == {Column.ISSUE} and Column.NUMBER not in roles and Column.MEASURE not in roles:
        # Layout D: an issue cell the page broke, its indicator left above; a new measure's issue starts at "๑.".
        issue = clean_text(by_role[Column.ISSUE])
        return not re.match(r"^[1๑][.)]\s", issue) and may_continue(by_role, roles, context)
    if Column.NUMBER in roles:
        # Every measure fills its number: after a page break, a row without one carries on the measure text too.
        return Column.NUMBER not in keys
    if keys != {Column.MEASURE}:
        return False
    if _NUMBERED_CELL.match(clean_text(context.last_measure_cell)):
        # Layouts that number the measure cell itself ("๕. ประชาสัมพันธ์…"): the rest of that cell has no number.
        numbered = _NUMBERED_CELL.match(clean_text(by_role[Column.MEASURE]))
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


def may_continue(by_role: ByRole, roles: Roles, context: Context) -> bool:
    """Whether a row without its key cells can be the rest of the row above, broken by a page. With a number or a
    measure column, every measure fills its key cell, so yes. Without one (layout D: indicator and issue may be
    empty), only the first row after a page break can, and only a partial one: the short cells of a broken
    row (unit, timeframe) stay on the first page, and its steps do not start again at "๑."."""
    if Column.NUMBER in roles or Column.MEASURE in roles:
        return True
    if not context.at_break:
        return False
    steps = clean_text(by_role.get(Column.STEPS, ""))
    if re.match(r"^[1๑][.)]\s", steps):
        return False
    return not context.last_filled <= set(by_role)


def continue_measure(
    measure: Measure, by_role: ByRole, origin: str, context: Context, reading: Reading
) -> None:
    """A row split across pages: its cells go on the measure above. Text that does not open with a list marker
    goes on where the page broke it (the last step, the last line), rather than starting a new one."""
    framework = reading.framework
    if Column.MEASURE in by_role:
        # The whole cell read again, so that its number and "อ้างอิงจาก …" tail are taken off where they stand.
        context.last_measure_cell = join_wrapped_lines([context.last_measure_cell, by_role[Column.MEASURE]])
        measure.measure, _ = measure_text(context.last_measure_cell)
        codes = question_codes(clean_text(context.last_measure_cell), framework)
        measure.questions.extend(c for c in codes if c not in measure.questions)
        note_slips(code_slips(clean_text(by_role[Column.MEASURE]), framework), origin, reading)
    if Column.ISSUE in by_role:
        # Read whole again, so that a question the page broke in two is recognised by its wording.
        context.last_issue_cell = join_wrapped_lines([context.last_issue_cell, by_role[Column.ISSUE]])
        items = list_items(context.last_issue_cell)
        measure.issue = "\n".join(items) or None
        codes = question_codes(clean_text(context.last_issue_cell), framework)
        codes.extend(c for i in items if (c := question_by_wording(i, framework, measure.tool)))
        measure.questions.extend(dict.fromkeys(c for c in codes if c not in measure.questions))
    if measure.indicator is None and measure.questions:
        measure.indicator = indicator_of_questions(measure.questions, framework)
    if Column.STEPS in by_role:
        opens_item = starts_list_item(clean_text(by_role[Column.STEPS])) or _OPENS_LIST_ITEM.match(
            by_role[Column.STEPS]
        )
        if measure.steps and not opens_item:
            rest, items = continued_list(by_role[Column.STEPS], len(measure.steps))
            measure.steps[-1] = join_wrapped_lines([measure.steps[-1], rest])
        else:
            items = list_items(by_role[Column.STEPS])
        measure.steps.extend(items)
    before = context.last_short_cells
    if Column.RESPONSIBLE in by_role and _unit_goes_on(
        before.get(Column.RESPONSIBLE), by_role[Column.RESPONSIBLE]
    ):
        # The rest of a unit's name the page broke ("กองยุทธศาสตร์" | "และงบประมาณ"): the cell read again whole.
        whole = join_wrapped_lines([before[Column.RESPONSIBLE], by_role[Column.RESPONSIBLE]])
        before[Column.RESPONSIBLE] = whole
        measure.responsible = responsible_units(whole)
    elif Column.RESPONSIBLE in by_role:
        lines = by_role[Column.RESPONSIBLE].split("\n")
        if (
            measure.responsible
            and not measure.responsible[-1].section
            and not starts_list_item(lines[0])
            and any(starts_list_item(line) for line in lines[1:])
        ):
            # A bulleted cell whose first line has no bullet: the rest of the last unit, wrapped at the page break.
            last = measure.responsible.pop()
            lines[0] = join_wrapped_lines([f"- {last.unit}", lines[0]])
        measure.responsible.extend(responsible_units("\n".join(lines)))
    if Column.TIMEFRAME in by_role:
        # "เมษายน – กรกฎาคม" | "๒๕๖๘": the timeframe read again whole, its year on the next page
        whole = join_wrapped_lines([before.get(Column.TIMEFRAME, ""), by_role[Column.TIMEFRAME]])
        before[Column.TIMEFRAME] = whole
        measure.timeframe, warning = read_timeframe(whole, reading.fiscal_year)
        if warning:
            reading.warnings.append(f"{origin}: {warning}")
    for role, cell in continued_cells(by_role):
        if more := plain_text(cell):
            current = getattr(measure, role)
            if not current:
                setattr(measure, role, more)
            elif starts_list_item(more):
                setattr(measure, role, f"{current}\n{more}")
            else:
                setattr(measure, role, join_wrapped_lines([current, more]))
    position = len(reading.measures) - 1
    if Column.STATUS in by_role:
        whole = join_wrapped_lines([before.get(Column.STATUS, ""), by_role[Column.STATUS]])
        before[Column.STATUS] = whole
        measure.status = status_cell(whole)  # "ดำเนินการแล้ว" | "เสร็จ" is one status
        reading.stated.add(position)
    elif position not in reading.stated and (
        Column.PROGRESS in by_role or any(r in by_role for r in OUTCOME_ROLES)
    ):
        measure.status = status_of(measure.progress, explicit_status(by_role), reading.kind_hint)


def _unit_goes_on(before: str | None, rest: str) -> bool:
    """Whether the rest of a unit cell on the next page goes on with the last unit above rather than naming units
    of its own: the cell above ends without a separator or inside brackets, and the rest opens with no list
    marker and no word a unit's name starts with."""
    if not before:
        return False
    above, first = clean_text(before), clean_text(rest.split("\n")[0])
    if not above or not first or starts_list_item(first):
        return False
    if above.count("(") > above.count(")"):
        return True
    return not _UNIT_SEPARATOR.search(above) and not _UNIT_START.match(first)


def continued_cells(by_role: ByRole) -> list[tuple[Column, str]]:
    """The text cells of a continued row, by the measure's field: an outcome column's text is its progress."""
    cells: list[tuple[Column, str]] = [
        (role, by_role[role])
        for role in (Column.PROGRESS, Column.SUMMARY, Column.SUGGESTIONS)
        if role in by_role
    ]
    outcomes = [
        by_role[role]
        for role in (Column.NOT_POSSIBLE, Column.IN_PROGRESS, Column.COMPLETED)
        if role in by_role
    ]
    if outcomes and Column.PROGRESS not in by_role:
        cells.insert(0, (Column.PROGRESS, "\n".join(outcomes)))
    return cells


def explicit_status(by_role: ByRole) -> MeasureStatus | None:
    if Column.NOT_POSSIBLE in by_role:
        return "not_possible"
    if Column.IN_PROGRESS in by_role:
        return "in_progress"
    if Column.COMPLETED in by_role:
        return "completed"
    return None


def note_slips(slips: list[CodeSlip], origin: str, reading: Reading) -> None:
    """Codes read from OCR slips ("eb" → e6) are listed for a person to check."""
    for slip in slips:
        reading.warnings.append(
            f"{origin}: อ่าน “{slip.written}” เป็นรหัสข้อคำถาม {slip.code} (อาจเป็นความผิดพลาดของ OCR โปรดตรวจสอบ)"
        )


def new_measure(by_role: ByRole, origin: str, context: Context, reading: Reading) -> Measure:
    framework = reading.framework
    number = len(reading.measures) + 1
    if Column.NUMBER in by_role:
        digits = re.search(r"[0-9๐-๙]{1,3}", by_role[Column.NUMBER])
        if digits:
            number = int(to_arabic_digits(digits.group()))
    indicator = indicator_ref(by_role[Column.INDICATOR], framework) if Column.INDICATOR in by_role else None
    if Column.INDICATOR in by_role and indicator is None:
        reading.warnings.append(f"{origin}: ไม่รู้จักตัวชี้วัด “{clean_text(by_role[Column.INDICATOR])}”")
    steps = list_items(by_role.get(Column.STEPS, ""))
    text = ""
    if Column.MEASURE in by_role:
        text, _ = measure_text(by_role[Column.MEASURE])
    if not text:
        text = "\n".join(steps) or clean_text(by_role.get(Column.ISSUE, ""))
    tool = context.tool or (framework.indicator(indicator.number).tool if indicator else None)
    issue_items = list_items(by_role[Column.ISSUE]) if Column.ISSUE in by_role else []
    coded = " ".join(clean_text(by_role.get(r, "")) for r in (Column.MEASURE, Column.ISSUE, Column.NUMBER))
    found = codes_as_written(coded, framework)
    questions = [code for code, _ in found]
    note_slips([CodeSlip(written, code) for code, written in found if written], origin, reading)
    for item in issue_items:
        code = question_by_wording(item, framework, tool)
        if code and code not in questions:
            questions.append(code)
    if indicator is None and questions:
        # The year's framework knows which indicator the questions belong to (e15 → indicator 8 in 2566).
        indicator = indicator_of_questions(questions, framework)
    if tool is None and questions:
        tool = TOOL_OF_PREFIX[questions[0][0]]
    progress_roles = (Column.PROGRESS, Column.NOT_POSSIBLE, Column.IN_PROGRESS, Column.COMPLETED)
    progress_cells = [by_role[r] for r in progress_roles if r in by_role]
    if Column.STATUS in by_role and not set(progress_roles) & set(context.roles):
        progress_cells = [by_role[Column.STATUS]]  # the status column is the table's only word on the outcome
    progress = "\n".join(p for c in progress_cells if (p := plain_text(c))) or None
    if Column.STATUS in by_role:
        status = status_cell(by_role[Column.STATUS])
        reading.stated.add(len(reading.measures))
    else:
        status = status_of(progress, explicit_status(by_role), reading.kind_hint)
    timeframe = None
    if Column.TIMEFRAME in by_role:
        timeframe, warning = read_timeframe(by_role[Column.TIMEFRAME], reading.fiscal_year)
        if warning:
            reading.warnings.append(f"{origin}: {warning}")
    return Measure(
        number=number,
        group=context.group,
        tool=tool,
        indicator=indicator,
        questions=questions,
        issue="\n".join(issue_items) or None,
        measure=text,
        steps=steps,
        responsible=responsible_units(by_role.get(Column.RESPONSIBLE, "")),
        timeframe=timeframe,
        progress=progress,
        status=status,
        summary=plain_text(by_role.get(Column.SUMMARY, "")),
        suggestions=plain_text(by_role.get(Column.SUGGESTIONS, "")),
    )
