"""What an official document says, and in which layout: pure composition, before any file format.

`compose(document, kind, layout)` turns the programme's data into a `Report`: title lines, an optional cover
memo, introductory paragraphs and tables of plain-text cells. The DOCX and PDF writers only typeset it, so both
formats say the same thing, and the words are tested once, here.

Layouts of the implementation report (BRIEF.md):
  A  indicator + progress, grouped by urgency, then by tool
  B  numbered, outcome split into ไม่สามารถดำเนินการได้ / ดำเนินการแล้วเสร็จ, summary, timeframe, question references
  C  measure, method, responsible, timeframe, result, suggestions, grouped by theme
  D  by tool (IIT, EIT, OIT sections), with the question to raise
  custom: the coordinator's own columns and grouping
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from prongsai.core.analysis import Analysis, Finding
from prongsai.core.model import Document, Measure, Memo
from prongsai.core.thai import format_date, to_thai_digits

TOOL_HEADINGS = {
    "IIT": "มาตรการยกระดับการประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน (IIT)",
    "EIT": "มาตรการยกระดับการประเมินตามแบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายนอก (EIT)",
    "OIT": "มาตรการยกระดับการประเมินตามแบบวัดการเปิดเผยข้อมูลสาธารณะ (OIT)",
}
GROUP_HEADINGS = {
    "urgent": "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน",
    "develop": "ประเด็นที่ต้องพัฒนาให้ดีขึ้น",
}
# The heading over measures of no group or tool that follow grouped ones, so that a reader does not count them in
# the group above (the importer reads it so).
OTHER_MEASURES = "มาตรการอื่น"
DOCUMENT_TITLES = {
    "analysis": "รายงานการวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)",
    "measures": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "implementation": "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
}


class ComposeError(ValueError):
    """A layout or a column that does not exist."""


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float  # share of the table's width
    parent: str | None = None  # a heading spanning this column and its neighbours with the same parent


@dataclass(frozen=True)
class Row:
    """A table row: its cells (each a list of paragraphs), or a heading across the whole table."""

    cells: tuple[tuple[str, ...], ...] = ()
    heading: str | None = None


@dataclass(frozen=True)
class Table:
    heading: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Report:
    title: tuple[str, ...]
    memo: Memo | None
    introduction: tuple[str, ...]
    tables: tuple[Table, ...]
    closing: tuple[str, ...] = ()
    landscape: bool = True
    thai_digits: bool = True
    footer: str = ""  # the OIT item the document serves, shown on every page
    emblem: bytes | None = None  # the organisation's emblem (PNG or JPEG), above the memo or the title
    author: str = ""  # the organisation, for the file's properties


# --- the cells a column can show ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Options:
    thai_digits: bool
    numbered_measures: bool = False


Cell = Callable[[Measure, _Options], tuple[str, ...]]


def _digits(text: str, options: _Options) -> str:
    return to_thai_digits(text) if options.thai_digits else text


def _lines(text: str | None) -> tuple[str, ...]:
    return tuple(line for line in (text or "").split("\n") if line.strip())


def _numbered(items: Sequence[str], options: _Options) -> tuple[str, ...]:
    """ "๑. …", "๒. …": numbered so that a reader (and our own importer) can tell the items apart."""
    if len(items) <= 1:
        return tuple(items)
    return tuple(_digits(f"{n}. ", options) + item for n, item in enumerate(items, start=1))


def _indicator(m: Measure, o: _Options) -> tuple[str, ...]:
    if m.indicator is not None:
        return (_digits(f"{m.indicator.number}. ", o) + m.indicator.name,)
    return (m.group,) if m.group and m.group not in GROUP_HEADINGS else ()


def _measure(m: Measure, o: _Options) -> tuple[str, ...]:
    lines = _lines(m.measure)
    if o.numbered_measures and lines:
        return (_digits(f"{m.number}. ", o) + lines[0], *lines[1:])
    return _numbered(lines, o)


def _measure_with_references(m: Measure, o: _Options) -> tuple[str, ...]:
    lines = list(_measure(m, o))
    if m.questions:
        lines.append("อ้างอิงจาก " + _digits(", ".join(m.questions), o))
    return tuple(lines)


def _responsible(m: Measure, o: _Options) -> tuple[str, ...]:
    units = [u.unit + (f" ({u.section})" if u.section else "") for u in m.responsible]
    return tuple(units) if len(units) <= 1 else tuple(f"- {u}" for u in units)


def _timeframe(m: Measure, o: _Options) -> tuple[str, ...]:
    if m.timeframe is None:
        return ()
    if m.timeframe.text:
        return (m.timeframe.text,)
    if m.timeframe.start and m.timeframe.end:
        start = format_date(m.timeframe.start, "short_month_year", thai_digits=o.thai_digits)
        end = format_date(m.timeframe.end, "short_month_year", thai_digits=o.thai_digits)
        return (f"{start} - {end}",)
    return ()


def _outcome(status: str) -> Cell:
    def cell(m: Measure, o: _Options) -> tuple[str, ...]:
        return _lines(m.progress) if m.status == status else ()

    return cell


def _steps_or_measure(m: Measure, o: _Options) -> tuple[str, ...]:
    """Layout D has no column for the measure itself: its steps stand for it, or its words when it has none."""
    return _numbered(m.steps, o) if m.steps else _lines(m.measure)


def _follow_up(m: Measure, o: _Options) -> tuple[str, ...]:
    lines = ["รายงานความก้าวหน้าต่อผู้ประสานงานและผู้บริหาร"]
    if m.questions:
        lines.append("ติดตามผลตามข้อคำถาม " + _digits(", ".join(m.questions), o))
    return tuple(lines)


CELLS: dict[str, tuple[str, Cell]] = {
    "number": ("ลำดับที่", lambda m, o: (_digits(str(m.number), o),)),
    "indicator": ("ตัวชี้วัด", _indicator),
    "issue": ("ประเด็นการประเมินที่ต้องยกระดับ", lambda m, o: _numbered(_lines(m.issue), o)),
    "measure": ("มาตรการ/แนวทาง", _measure),
    "measure_ref": ("มาตรการ/โครงการ/กิจกรรม ที่ดำเนินการ", _measure_with_references),
    "steps": ("ขั้นตอน/วิธีปฏิบัติ", lambda m, o: _numbered(m.steps, o)),
    "steps_or_measure": ("ขั้นตอนหรือวิธีการปฏิบัติ", _steps_or_measure),
    "responsible": ("ผู้รับผิดชอบ", _responsible),
    "timeframe": ("ระยะเวลาดำเนินการ", _timeframe),
    "progress": ("ความก้าวหน้า/ผลการดำเนินการ", lambda m, o: _lines(m.progress)),
    "not_possible": ("ไม่สามารถดำเนินการได้", _outcome("not_possible")),
    "completed": ("ดำเนินการแล้วเสร็จ", _outcome("completed")),
    "summary": ("สรุปผลการดำเนินการ", lambda m, o: _lines(m.summary)),
    "suggestions": ("ข้อเสนอแนะ", lambda m, o: _lines(m.suggestions)),
    "questions": (
        "ข้อคำถามที่เกี่ยวข้อง",
        lambda m, o: (_digits(", ".join(m.questions), o),) if m.questions else (),
    ),
    "follow_up": ("การกำกับติดตามและรายงานผล", _follow_up),
}


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[tuple[str, str, float] | tuple[str, str, float, str], ...]  # key, header, width[, parent]
    grouping: str  # none, urgency_tool, tool_sections, theme
    numbered_measures: bool = False


OUTCOME = "ผลลัพธ์หรือความสำเร็จของการดำเนินการ"
LAYOUTS: dict[str, Layout] = {
    "A": Layout(
        "A",
        (
            ("indicator", "ตัวชี้วัด", 0.14),
            ("measure_ref", "มาตรการ/แนวทาง", 0.22),
            ("steps", "ขั้นตอน/วิธีปฏิบัติ", 0.26),
            ("responsible", "ผู้รับผิดชอบ", 0.12),
            ("progress", "ความก้าวหน้า/ผลการดำเนินการ", 0.26),
        ),
        "urgency_tool",
    ),
    "B": Layout(
        "B",
        (
            ("number", "ลำดับที่", 0.06),
            ("measure_ref", "มาตรการ/โครงการ/กิจกรรม ที่ดำเนินการ", 0.28),
            ("not_possible", "ไม่สามารถดำเนินการได้", 0.15, OUTCOME),
            ("completed", "ดำเนินการแล้วเสร็จ", 0.19, OUTCOME),
            ("summary", "สรุปผลการดำเนินการตามมาตรการหรือกิจกรรม", 0.20),
            ("timeframe", "ระยะเวลาในการดำเนินการ", 0.12),
        ),
        "none",
    ),
    "C": Layout(
        "C",
        (
            ("measure_ref", "มาตรการ/แนวทาง", 0.17),
            ("steps", "วิธีการดำเนินการ", 0.27),
            ("responsible", "ผู้รับผิดชอบ", 0.11),
            ("timeframe", "ระยะเวลาดำเนินการ", 0.11),
            ("progress", "ผลการดำเนินการ", 0.24),
            ("suggestions", "ข้อเสนอแนะ", 0.10),
        ),
        "theme",
        numbered_measures=True,
    ),
    "D": Layout(
        "D",
        (
            ("indicator", "ตัวชี้วัดการประเมิน", 0.12),
            ("issue", "ประเด็นการประเมินที่ต้องยกระดับ", 0.20),
            ("steps_or_measure", "ขั้นตอนหรือวิธีการปฏิบัติ", 0.22),
            ("progress", "ผลการดำเนินการ", 0.22),
            ("responsible", "ผู้รับผิดชอบ", 0.13),
            ("timeframe", "ระยะเวลาดำเนินการ", 0.11),
        ),
        "tool_sections",
    ),
    "plan": Layout(
        "plan",
        (
            ("indicator", "ตัวชี้วัด/ประเด็น", 0.14),
            ("measure_ref", "มาตรการ/แนวทาง", 0.22),
            ("steps", "ขั้นตอน/วิธีปฏิบัติ", 0.26),
            ("responsible", "ผู้รับผิดชอบ", 0.13),
            ("timeframe", "ระยะเวลาดำเนินการ", 0.11),
            ("follow_up", "การกำกับติดตามและรายงานผล", 0.14),
        ),
        "urgency_tool",
    ),
}
GROUPINGS = ("none", "urgency_tool", "tool_sections", "theme")


def custom_layout(columns: Sequence[str], grouping: str = "none") -> Layout:
    """The coordinator's own layout: columns in the order given, from CELLS, with one of GROUPINGS."""
    unknown = [c for c in columns if c not in CELLS]
    if unknown or not columns:
        raise ComposeError(f"ไม่รู้จักคอลัมน์ {', '.join(unknown) or '(ไม่มี)'} (ใช้ได้: {', '.join(CELLS)})")
    if grouping not in GROUPINGS:
        raise ComposeError(f"ไม่รู้จักการจัดกลุ่ม {grouping} (ใช้ได้: {', '.join(GROUPINGS)})")
    width = 1 / len(columns)
    return Layout("custom", tuple((key, CELLS[key][0], width) for key in columns), grouping)


# --- grouping -----------------------------------------------------------------------------------------------

TOOL_ORDER = {"IIT": 0, "EIT": 1, "OIT": 2, None: 3}


def _rows(measures: Sequence[Measure], layout: Layout, options: _Options, grouping: str) -> tuple[Row, ...]:
    rows: list[Row] = []
    previous: tuple[str | None, ...] = ()
    ordered = list(measures)
    if grouping == "urgency_tool":
        ordered.sort(
            key=lambda m: (
                0 if m.group == "urgent" else 1 if m.group == "develop" else 2,
                TOOL_ORDER.get(m.tool, 3),
                m.number,
            )
        )
    elif grouping == "theme":
        ordered.sort(key=lambda m: m.number)
    for measure in ordered:
        keys: tuple[str | None, ...] = ()
        headings: list[str] = []
        if grouping == "urgency_tool":
            keys = (measure.group if measure.group in GROUP_HEADINGS else None, measure.tool)
            ends_a_group = bool(previous) and (
                (keys[0] is None and previous[0] is not None) or (keys[1] is None and previous[1] is not None)
            )
            if ends_a_group:
                headings.append(OTHER_MEASURES)
            if keys[0] and (not previous or previous[0] != keys[0] or ends_a_group):
                headings.append(GROUP_HEADINGS[keys[0]])
            if keys[1] and (not previous or previous != keys):
                headings.append(f"แบบวัด {keys[1]}")
        elif grouping == "theme" and measure.group and measure.group not in GROUP_HEADINGS:
            keys = (measure.group,)
            if previous != keys and measure.group != measure.measure:
                headings.append(measure.group)
        elif grouping == "theme" and previous:
            headings.append(OTHER_MEASURES)
        previous = keys
        rows.extend(Row(heading=h) for h in headings)
        rows.append(Row(cells=tuple(CELLS[column[0]][1](measure, options) for column in layout.columns)))
    return tuple(rows)


def _table(
    heading: str | None, measures: Sequence[Measure], layout: Layout, options: _Options, grouping: str
) -> Table:
    columns = tuple(Column(c[0], c[1], c[2], c[3] if len(c) > 3 else None) for c in layout.columns)
    return Table(heading, columns, _rows(measures, layout, options, grouping))


# --- documents ----------------------------------------------------------------------------------------------


def report_title(document: Document, kind: str, thai_digits: bool) -> tuple[str, ...]:
    lines = [DOCUMENT_TITLES[kind]]
    if document.organisation.name:
        lines.append(f"ของ{document.organisation.name}")
    if document.fiscal_year:
        lines.append(f"ประจำปีงบประมาณ พ.ศ. {document.fiscal_year}")
    return tuple(to_thai_digits(line) if thai_digits else line for line in lines)


def compose(
    document: Document,
    kind: str = "implementation",
    layout: str | Layout = "A",
    *,
    thai_digits: bool = True,
    footer: str = "",
    with_memo: bool = True,
) -> Report:
    """The report of `document` as `kind` (measures, implementation, analysis) in `layout`."""
    if kind not in DOCUMENT_TITLES:
        raise ComposeError(f"ไม่รู้จักชนิดเอกสาร {kind} (ใช้ได้: {', '.join(DOCUMENT_TITLES)})")
    if isinstance(layout, str):
        if kind == "measures":
            layout = "plan"
        if layout not in LAYOUTS:
            raise ComposeError(f"ไม่รู้จักรูปแบบ {layout} (ใช้ได้: A, B, C, D หรือกำหนดคอลัมน์เอง)")
        layout = LAYOUTS[layout]
    options = _Options(thai_digits, layout.numbered_measures)
    title = report_title(document, kind, thai_digits)
    memo = document.memo if with_memo else None
    if kind == "analysis":
        return _analysis(document, title, memo, options, footer)
    if layout.grouping == "tool_sections":
        tables = []
        for number, tool in enumerate(("IIT", "EIT", "OIT"), start=1):
            own = [m for m in document.measures if m.tool == tool]
            if own:
                tables.append(
                    _table(
                        _digits(f"{number}. ", options) + TOOL_HEADINGS[tool], own, layout, options, "none"
                    )
                )
        rest = [m for m in document.measures if m.tool not in TOOL_HEADINGS]
        if rest:
            tables.append(
                _table(
                    _digits(f"{len(tables) + 1}. ", options) + OTHER_MEASURES, rest, layout, options, "none"
                )
            )
    else:
        tables = [_table(None, document.measures, layout, options, layout.grouping)]
    introduction = tuple(_digits(p, options) for p in document.introduction)
    return Report(
        title,
        memo,
        introduction,
        tuple(tables),
        thai_digits=thai_digits,
        footer=footer,
        author=document.organisation.name or "",
    )


@dataclass(frozen=True)
class AnalysisInput:
    """What the analysis document says beyond the measures: the result sentence and the coordinator's texts."""

    result_sentence: str = ""
    urgent: tuple[tuple[str, str, str], ...] = ()  # code, name, score
    develop: tuple[tuple[str, str, str], ...] = ()
    analysis_text: str = ""
    practice_text: str = ""

    @classmethod
    def of(
        cls, result_sentence: str, analysis: Analysis, analysis_text: str = "", practice_text: str = ""
    ) -> AnalysisInput:
        """From the core's analysis of a result: every score with two decimals, as the result is stated."""

        def rows(found: tuple[Finding, ...]) -> tuple[tuple[str, str, str], ...]:
            return tuple((f.code, f.name, f"{f.score:.2f}") for f in found)

        return cls(
            result_sentence, rows(analysis.urgent), rows(analysis.develop), analysis_text, practice_text
        )


def _analysis(
    document: Document,
    title: tuple[str, ...],
    memo: Memo | None,
    options: _Options,
    footer: str,
    given: AnalysisInput | None = None,
) -> Report:
    given = given or AnalysisInput()
    introduction = [given.result_sentence] if given.result_sentence else []
    if not given.result_sentence and document.result and document.result.score is not None:
        change = f" เปลี่ยนแปลง {document.result.change:+} คะแนน" if document.result.change is not None else ""
        introduction.append(
            f"ผลการประเมิน ITA คะแนน {document.result.score} ระดับ {document.result.level}{change}"
        )
    columns = (Column("code", "ข้อ", 0.12), Column("name", "ประเด็น", 0.68), Column("score", "คะแนน", 0.20))
    tables = []
    for heading, findings in (
        (GROUP_HEADINGS["urgent"], given.urgent),
        (GROUP_HEADINGS["develop"], given.develop),
    ):
        if not findings:  # from a read document: the indicators its measures answer
            group = "urgent" if heading == GROUP_HEADINGS["urgent"] else "develop"
            seen: dict[int, str] = {}
            for m in document.measures:
                if m.indicator and m.group == group:
                    seen.setdefault(m.indicator.number, m.indicator.name)
            findings = tuple((str(n), name, "") for n, name in sorted(seen.items()))
        rows = tuple(
            Row(cells=((_digits(code, options),), (name,), ((_digits(score, options),) if score else ())))
            for code, name, score in findings
        )
        tables.append(Table(heading, columns, rows or (Row(cells=(("-",), ("ไม่มี",), ())),)))
    closing = []
    if given.analysis_text:
        closing += ["ผลการวิเคราะห์", *_lines(given.analysis_text)]
    if given.practice_text:
        closing += ["แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", *_lines(given.practice_text)]
    return Report(
        title,
        memo,
        tuple(_digits(p, options) for p in introduction),
        tuple(tables),
        tuple(_digits(p, options) for p in closing),
        landscape=False,
        thai_digits=options.thai_digits,
        footer=footer,
        author=document.organisation.name or "",
    )


def compose_analysis(
    document: Document,
    given: AnalysisInput,
    *,
    thai_digits: bool = True,
    footer: str = "",
    with_memo: bool = True,
) -> Report:
    options = _Options(thai_digits)
    return _analysis(
        document,
        report_title(document, "analysis", thai_digits),
        document.memo if with_memo else None,
        options,
        footer,
        given,
    )
