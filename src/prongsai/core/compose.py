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

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from prongsai.core.analysis import Analysis, Finding
from prongsai.core.complaints import DESTINATIONS, ComplaintStatistics, days_text
from prongsai.core.complaints import KINDS as COMPLAINT_KINDS
from prongsai.core.complaints import STATUSES as COMPLAINT_STATUSES
from prongsai.core.frameworks import Framework
from prongsai.core.model import Document, IndicatorRef, Measure, Memo, Opinion, Signature
from prongsai.core.scoring import Result, round2, signed
from prongsai.core.thai import format_month_range, to_arabic_digits, to_thai_digits, words
from prongsai.core.vocabulary import GROUPING

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
    "complaints": "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ",
}


# What a cover memo says a document is about (its เรื่อง), by kind.
MEMO_SUBJECTS = {
    "analysis": "การวิเคราะห์ผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงาน (ITA)",
    "measures": "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
    "implementation": "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน",
}
OPINION_PREFIX = "ความเห็นของ"


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
class Bar:
    """One indicator in a chart: its label and score this year, and last year's beside it when known."""

    label: str
    value: float
    previous: float | None = None


@dataclass(frozen=True)
class Chart:
    """Bars on a 0–100 scale against the pass mark drawn across them (vector in the PDF, a picture in the DOCX)."""

    caption: str
    bars: tuple[Bar, ...]
    threshold: float = 85.0
    legend: tuple[str, ...] = ()  # what the bars are: this year's label, then last year's when shown
    thai_digits: bool = True


@dataclass(frozen=True)
class Table:
    heading: str | None
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    preface: tuple[str, ...] = ()  # paragraphs before the table and its heading
    chart: Chart | None = None  # drawn under the table


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


# --- the cover memo -----------------------------------------------------------------------------------------


def cover_memo(
    organisation: str,
    fiscal_year: int | None,
    kind: str,
    *,
    result_sentence: str = "",
    signatures: Sequence[Signature] = (),
    opinions: Sequence[Opinion] | None = None,
    register_prefix: str = "",
    to: str = "",
) -> Memo:
    """The cover memo (บันทึกข้อความ) of a document, from the organisation's data: every document sent up the
    chain carries one. Without known signers the signature is left to fill by hand; without a known chain the
    usual two levels of a local government (its ปลัด, then its นายก) give their opinions. It is addressed
    (เรียน) to `to`, the last of the chain, else to the organisation's นายก."""
    subject = MEMO_SUBJECTS.get(kind, MEMO_SUBJECTS["implementation"])
    year = f" ประจำปีงบประมาณ พ.ศ. {fiscal_year}" if fiscal_year else ""
    last_year = f" ประจำปีงบประมาณ พ.ศ. {fiscal_year - 1}" if fiscal_year else ""
    body = [
        "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
        f"{last_year} {organisation}{' ' + result_sentence if result_sentence else ''} นั้น",
        f"บัดนี้ได้จัดทำ{subject}{year} เสร็จแล้ว รายละเอียดตามเอกสารแนบท้ายบันทึกนี้",
        "จึงเรียนมาเพื่อโปรดพิจารณา",
    ]
    if opinions is None:
        opinions = [
            Opinion(role=f"{head}{organisation}", position=f"{head}{organisation}", name=None, text=None)
            for head in ("ปลัด", "นายก")
        ]
    return Memo(
        office=f"สำนักปลัด {organisation}".strip(),
        ref=register_prefix or None,
        subject=f"{subject}{year}",
        to=to or f"นายก{organisation}",
        body="\n".join(body),
        signatures=list(signatures) or [Signature(name="", position="")],
        opinions=list(opinions),
    )


def opinion_heading(role: str) -> str:
    """ "ความเห็นของปลัด…": a role read from a memo may carry the words already."""
    role = role.strip()
    return role if role.startswith(OPINION_PREFIX) else OPINION_PREFIX + role


# Web addresses and e-mail addresses keep their digits: changed, they would lead nowhere.
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+")
_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_ARABIC_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")


def in_digits(text: str, thai: bool) -> str:
    """The text in one digit system (Thai ๐–๙ or Arabic 0–9), addresses aside. A translation table: a report's
    every cell goes through here."""
    table = _THAI_DIGITS if thai else _ARABIC_DIGITS
    if "://" not in text and "www." not in text and "@" not in text:
        return text.translate(table)
    out, last = [], 0
    for found in _ADDRESS.finditer(text):
        out += [text[last : found.start()].translate(table), found.group()]
        last = found.end()
    out.append(text[last:].translate(table))
    return "".join(out)


def _memo_in_digits(memo: Memo, thai: bool) -> Memo:
    def d(value: str | None) -> str | None:
        return None if value is None else in_digits(value, thai)

    return dataclasses.replace(
        memo,
        office=d(memo.office),
        ref=d(memo.ref),
        date_text=d(memo.date_text),
        subject=d(memo.subject),
        to=d(memo.to),
        body=d(memo.body),
        signatures=[Signature(in_digits(s.name, thai), in_digits(s.position, thai)) for s in memo.signatures],
        opinions=[
            dataclasses.replace(
                o, role=in_digits(o.role, thai), position=d(o.position), name=d(o.name), text=d(o.text)
            )
            for o in memo.opinions
        ],
    )


def one_digit_system(report: Report) -> Report:
    """Every word of the report in the digits chosen (a memo's เรื่อง in Arabic digits under a body in Thai ones
    reads as two documents stapled together)."""
    thai = report.thai_digits

    def d(paragraphs: Sequence[str]) -> tuple[str, ...]:
        return tuple(in_digits(p, thai) for p in paragraphs)

    tables = tuple(
        dataclasses.replace(
            t,
            heading=None if t.heading is None else in_digits(t.heading, thai),
            preface=d(t.preface),
            columns=tuple(
                dataclasses.replace(
                    c,
                    header=in_digits(c.header, thai),
                    parent=None if c.parent is None else in_digits(c.parent, thai),
                )
                for c in t.columns
            ),
            rows=tuple(
                Row(
                    tuple(d(cell) for cell in r.cells),
                    None if r.heading is None else in_digits(r.heading, thai),
                )
                for r in t.rows
            ),
        )
        for t in report.tables
    )
    return dataclasses.replace(
        report,
        title=d(report.title),
        memo=None if report.memo is None else _memo_in_digits(report.memo, thai),
        introduction=d(report.introduction),
        tables=tables,
        closing=d(report.closing),  # the footer's OIT item stays as the NACC writes it: O26
    )


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
        return (format_month_range(m.timeframe.start, m.timeframe.end, thai_digits=o.thai_digits),)
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
GROUPINGS = GROUPING.values


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


def _with_framework(measure: Measure, framework: Framework | None) -> Measure:
    """What the year's framework knows of a measure's questions: the indicator they belong to (and its tool)
    when the source did not say, and their wording as the issue to raise when it had none."""
    if framework is None or not measure.questions:
        return measure
    known = {q.code.lower(): q for q in framework.questions}
    items = {i.code.lower(): i for i in framework.oit_items}
    wording: list[str] = []
    indicators: list[int] = []
    for code in measure.questions:
        key = to_arabic_digits(code).lower()
        if key in known:
            wording.append(known[key].text)
            indicators.append(known[key].indicator)
        elif key in items:
            wording.append(items[key].title)
            if items[key].indicator is not None:
                indicators.append(items[key].indicator)  # type: ignore[arg-type]
    changes: dict[str, object] = {}
    if measure.indicator is None and indicators:
        indicator = framework.indicator(indicators[0])
        changes["indicator"] = IndicatorRef(indicator.number, indicator.name)
        if measure.tool is None:
            changes["tool"] = indicator.tool
    if not (measure.issue or "").strip() and wording:
        changes["issue"] = "\n".join(dict.fromkeys(wording))
    return dataclasses.replace(measure, **changes) if changes else measure  # type: ignore[arg-type]


@lru_cache(maxsize=1024)
def _thai_words(text: str) -> tuple[str, ...]:
    plain = re.sub("[^\u0e00-\u0e7f0-9A-Za-z.]+", " ", to_arabic_digits(text))
    return tuple(w for w in words(plain) if w.strip())


def _repeats_title(paragraph: str, title: Sequence[str]) -> bool:
    """A paragraph that only says the title again (a source whose title lines were read as its introduction):
    four fifths of its letters in words of the title, and not much longer than it."""
    known = {w for line in title for w in _thai_words(line)}
    found = _thai_words(paragraph)
    letters = sum(len(w) for w in found)
    if not letters or letters > 1.5 * sum(len(line) for line in title):
        return False
    return sum(len(w) for w in found if w in known) >= 0.8 * letters


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
    framework: Framework | None = None,
) -> Report:
    """The report of `document` as `kind` (measures, implementation, analysis) in `layout`. Every document
    carries its cover memo (the source's, else one from the organisation's data) unless `with_memo` is off;
    `framework` (the year's) fills what the measures' question codes tell: indicator and question wording."""
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
    memo = _memo_of(document, kind) if with_memo else None
    if kind == "analysis":
        return _analysis(document, title, memo, options, footer)
    if framework is not None:
        document = dataclasses.replace(
            document, measures=[_with_framework(m, framework) for m in document.measures]
        )
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
    introduction = tuple(
        _digits(p, options)
        for p in document.introduction
        if not _repeats_title(p, (*title, document.title or ""))
    )
    report = Report(
        title,
        memo,
        introduction,
        tuple(tables),
        thai_digits=thai_digits,
        footer=footer,
        author=document.organisation.name or "",
    )
    return one_digit_system(report)


def _memo_of(document: Document, kind: str) -> Memo:
    if document.memo is not None:
        return document.memo
    return cover_memo(document.organisation.name or "", document.fiscal_year, kind)


FindingRow = tuple[str, ...]  # code, name, score, and the indicator a question or item belongs to


@dataclass(frozen=True)
class AnalysisInput:
    """What the analysis document says beyond the measures: the result sentence, the scores it analyses and the
    coordinator's texts. Plain strings, so that a submitted version freezes it as JSON and reads it back."""

    result_sentence: str = ""
    urgent: tuple[FindingRow, ...] = ()
    develop: tuple[FindingRow, ...] = ()
    analysis_text: str = ""
    practice_text: str = ""
    indicators: tuple[tuple[str, str, str, str], ...] = ()  # number, name, score, last year's score or ""

    @classmethod
    def of(
        cls,
        result_sentence: str,
        analysis: Analysis,
        analysis_text: str = "",
        practice_text: str = "",
        *,
        result: Result | None = None,
        previous: Result | None = None,
    ) -> AnalysisInput:
        """From the core's analysis of a result: every score with two decimals, as the result is stated; with the
        result (and last year's), each indicator's score beside last year's."""

        def rows(found: tuple[Finding, ...]) -> tuple[FindingRow, ...]:
            return tuple((f.code, f.name, f"{f.score:.2f}", str(f.indicator)) for f in found)

        indicators: tuple[tuple[str, str, str, str], ...] = ()
        if result is not None:
            before = previous.indicators if previous is not None else {}
            indicators = tuple(
                (
                    str(i.number),
                    i.name,
                    f"{round2(result.indicators[i.number]):.2f}",
                    f"{round2(before[i.number]):.2f}" if i.number in before else "",
                )
                for i in result.framework.indicators
            )
        return cls(
            result_sentence,
            rows(analysis.urgent),
            rows(analysis.develop),
            analysis_text,
            practice_text,
            indicators,
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, object]) -> AnalysisInput:
        """Back from its JSON (lists for tuples); a version frozen before a field existed reads with its default."""

        def text(key: str) -> str:
            value = data.get(key, "")
            return value if isinstance(value, str) else ""

        def table(key: str) -> tuple[tuple[str, ...], ...]:
            value = data.get(key, ())
            if not isinstance(value, list | tuple):
                return ()
            return tuple(tuple(str(cell) for cell in row) for row in value if isinstance(row, list | tuple))

        indicators = tuple(row for row in table("indicators") if len(row) == 4)
        return cls(
            text("result_sentence"),
            table("urgent"),
            table("develop"),
            text("analysis_text"),
            text("practice_text"),
            indicators,
        )


def _years(document: Document, options: _Options) -> tuple[str, str]:
    """The headings of the result analysed (fiscal year Y analyses Y−1's result) and the one before it."""
    if not document.fiscal_year:
        return "ปีที่ประเมิน", "ปีก่อน"
    return _digits(f"พ.ศ. {document.fiscal_year - 1}", options), _digits(
        f"พ.ศ. {document.fiscal_year - 2}", options
    )


def _indicator_table(document: Document, given: AnalysisInput, options: _Options) -> Table:
    """Each indicator's score beside last year's with the change, and the same as a chart against the pass mark."""
    this_year, last_year = _years(document, options)
    columns = (
        Column("indicator", "ตัวชี้วัด", 0.52),
        Column("previous", f"คะแนน {last_year}", 0.16),
        Column("score", f"คะแนน {this_year}", 0.16),
        Column("change", "เปลี่ยนแปลง", 0.16),
    )
    rows = []
    for number, name, score, previous in given.indicators:
        moved = signed(Decimal(score) - Decimal(previous)) if previous else "-"
        rows.append(
            Row(
                cells=(
                    (_digits(f"{number}. ", options) + name,),
                    (_digits(previous, options) if previous else "-",),
                    (_digits(score, options),),
                    (_digits(moved, options),),
                )
            )
        )
    with_previous = any(previous for *_, previous in given.indicators)
    chart = Chart(
        _digits(f"คะแนนรายตัวชี้วัดเทียบกับเกณฑ์ {THRESHOLD_TEXT} คะแนน", options),
        tuple(
            Bar(_digits(number, options), float(score), float(previous) if previous else None)
            for number, _, score, previous in given.indicators
        ),
        legend=(f"คะแนน {this_year}", f"คะแนน {last_year}") if with_previous else (f"คะแนน {this_year}",),
        thai_digits=options.thai_digits,
    )
    return Table("ผลการประเมินรายตัวชี้วัดเทียบกับปีที่ผ่านมา", columns, tuple(rows), chart=chart)


THRESHOLD_TEXT = "85"
FINDING_COLUMNS = (Column("code", "ข้อ", 0.12), Column("name", "ประเด็น", 0.68), Column("score", "คะแนน", 0.20))


def _is_indicator(finding: FindingRow) -> bool:
    return len(finding) > 3 and finding[0] == finding[3]


def _under_indicators(findings: tuple[FindingRow, ...]) -> list[tuple[FindingRow, bool]]:
    """Each indicator followed by its questions and items of the same list (marked as under it); the rest after
    them, as they came."""
    indicators = [f for f in findings if _is_indicator(f)]
    placed = {id(f) for f in indicators}
    ordered: list[tuple[FindingRow, bool]] = []
    for indicator in indicators:
        ordered.append((indicator, False))
        for finding in findings:
            if id(finding) not in placed and len(finding) > 3 and finding[3] == indicator[0]:
                ordered.append((finding, True))
                placed.add(id(finding))
    return ordered + [(f, False) for f in findings if id(f) not in placed]


def _finding_cells(finding: FindingRow, under: bool, options: _Options) -> tuple[tuple[str, ...], ...]:
    code, name, score = finding[:3]
    label = ("– " if under else "") + _digits(code, options)
    return ((label,), (name,), ((_digits(score, options),) if score else ()))


def _finding_text(finding: FindingRow, options: _Options) -> str:
    """ "ตัวชี้วัดที่ ๒ การใช้งบประมาณ (๗๐.๐๐ คะแนน)", "ข้อ i๙ …": a weakness named in a sentence."""
    code, name, score = finding[:3]
    kind = "ตัวชี้วัดที่" if _is_indicator(finding) or code.isdigit() else "ข้อ"
    scored = f" ({score} คะแนน)" if score else ""
    return _digits(f"{kind} {code} ", options) + name + _digits(scored, options)


def _measures_for_weaknesses(
    document: Document, urgent: list[FindingRow], options: _Options
) -> tuple[Row, ...]:
    """Under each weakness the measures planned for it: a measure goes to the first weak question it answers,
    else to its indicator when that is weak; a weakness with none says so."""
    codes = {f[0] for f in urgent}
    planned: dict[str, list[Measure]] = {}
    for measure in document.measures:
        target = next((code for code in measure.questions if code in codes), None)
        if target is None and measure.indicator is not None and str(measure.indicator.number) in codes:
            target = str(measure.indicator.number)
        if target is not None:
            planned.setdefault(target, []).append(measure)
    rows = []
    for finding in urgent:
        measures = planned.get(finding[0], [])
        listed = _numbered([m.measure for m in measures], options) or ("ยังไม่ได้กำหนดมาตรการ",)
        rows.append(Row(cells=((_finding_text(finding, options),), listed)))
    return tuple(rows)


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
    tables = [_indicator_table(document, given, options)] if given.indicators else []
    weaknesses: list[FindingRow] = []
    for group, findings in (("urgent", given.urgent), ("develop", given.develop)):
        if not findings:  # from a read document: the indicators its measures answer
            seen: dict[int, str] = {}
            for m in document.measures:
                if m.indicator and m.group == group:
                    seen.setdefault(m.indicator.number, m.indicator.name)
            findings = tuple((str(n), name, "") for n, name in sorted(seen.items()))
        ordered = _under_indicators(findings)
        if group == "urgent":
            weaknesses = [f for f, _ in ordered]
        rows = tuple(Row(cells=_finding_cells(f, under, options)) for f, under in ordered)
        tables.append(
            Table(GROUP_HEADINGS[group], FINDING_COLUMNS, rows or (Row(cells=(("-",), ("ไม่มี",), ())),))
        )
    texts = []
    if given.analysis_text:
        texts += ["ผลการวิเคราะห์", *_lines(given.analysis_text)]
    if given.practice_text:
        texts += ["แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", *_lines(given.practice_text)]
    closing: tuple[str, ...] = tuple(_digits(p, options) for p in texts)
    if weaknesses and given.urgent:
        columns = (
            Column("weakness", "ประเด็นที่ต้องแก้ไขโดยเร่งด่วน", 0.45),
            Column("measures", "มาตรการ/แนวทาง", 0.55),
        )
        tables.append(
            Table(
                "มาตรการขับเคลื่อนการแก้ไขประเด็นที่เป็นจุดอ่อน",
                columns,
                _measures_for_weaknesses(document, weaknesses, options),
                preface=closing,
            )
        )
        closing = ()
    return one_digit_system(
        Report(
            title,
            memo,
            tuple(_digits(p, options) for p in introduction),
            tuple(tables),
            closing,
            landscape=False,
            thai_digits=options.thai_digits,
            footer=footer,
            author=document.organisation.name or "",
        )
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
        _memo_of(document, "analysis") if with_memo else None,
        options,
        footer,
        given,
    )


# --- complaint statistics (ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ) -------------------------

COMPLAINTS_TITLE = "ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"


def compose_complaint_statistics(
    document: Document, numbers: ComplaintStatistics, *, thai_digits: bool = True, footer: str = ""
) -> Report:
    """The year's complaint statistics: received by kind and by status, the medians in days, where forwarded."""
    options = _Options(thai_digits)
    title = [COMPLAINTS_TITLE]
    if document.organisation.name:
        title.append(f"ของ{document.organisation.name}")
    if document.fiscal_year:
        title.append(f"ประจำปีงบประมาณ พ.ศ. {document.fiscal_year}")
    kinds = dict(COMPLAINT_KINDS)
    statuses = dict(COMPLAINT_STATUSES)
    destinations = dict(DESTINATIONS)
    count_columns = (Column("item", "รายการ", 0.75), Column("count", "จำนวน (เรื่อง)", 0.25))

    def rows(pairs: Sequence[tuple[str, int]]) -> tuple[Row, ...]:
        return tuple(
            Row(cells=((_digits(label, options),), (_digits(str(n), options),))) for label, n in pairs
        )

    by_kind = rows([(kinds.get(k, k), n) for k, n in numbers.by_kind.items()] + [("รวม", numbers.received)])
    by_status = rows([(statuses.get(k, k), n) for k, n in numbers.by_status.items()])
    forwarded = rows([(destinations.get(k, k), n) for k, n in numbers.forwarded.items()]) or (
        Row(cells=(("ไม่มีเรื่องที่ส่งต่อ",), ("-",))),
    )
    timing = (
        Row(
            cells=(
                (_digits(f"ระยะเวลาตอบกลับผู้ร้องเรียนครั้งแรก (มัธยฐาน จาก {numbers.answered} เรื่อง)", options),),
                (_digits(days_text(numbers.median_days_to_first_answer), options),),
            )
        ),
        Row(
            cells=(
                (_digits(f"ระยะเวลาจนยุติเรื่อง (มัธยฐาน จาก {numbers.closed} เรื่อง)", options),),
                (_digits(days_text(numbers.median_days_to_close), options),),
            )
        ),
    )
    day_columns = (Column("item", "รายการ", 0.75), Column("days", "จำนวนวัน", 0.25))
    introduction = (
        _digits(
            f"ในปีงบประมาณ พ.ศ. {document.fiscal_year} {document.organisation.name} ได้รับเรื่องร้องเรียน"
            f"การทุจริตและประพฤติมิชอบทั้งสิ้น {numbers.received} เรื่อง",
            options,
        ),
    )
    return Report(
        tuple(_digits(line, options) for line in title),
        document.memo,
        introduction,
        (
            Table("1. จำนวนเรื่องร้องเรียนจำแนกตามประเภท", count_columns, by_kind),
            Table("2. จำนวนเรื่องร้องเรียนจำแนกตามสถานะ", count_columns, by_status),
            Table("3. ระยะเวลาดำเนินการ", day_columns, timing),
            Table("4. เรื่องที่ส่งต่อหน่วยงานอื่น", count_columns, forwarded),
        ),
        landscape=False,
        thai_digits=thai_digits,
        footer=footer,
        author=document.organisation.name or "",
    )
