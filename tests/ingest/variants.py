"""Realistic variants of the real reports, with the truth known, to measure the reader's accuracy field by field.

Test scaffolding, independent of the reader: the measures' words come from the golden files (written by hand
from the real reports); a seeded random generator lays them out as offices do (column order, heading synonyms,
outcome columns split in two and merged back in a row, rows broken by a page, headings repeated on each page,
separator lines, OCR slips in question codes, spaced-out letters, markup) and writes each variant as text, as
DOCX (python-docx), as the PDF LibreOffice makes of that DOCX and as the PDF Chromium prints from an HTML
rendering. The truth's dates are computed here from the calendar, not by the reader's parser.

`score` compares what the reader returned with the truth: fields right per field, measures invented, and
measures lost without a trace (neither read nor named in `unread` or `warnings`).
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import html
import io
import json
import random
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

GOLDEN = Path(__file__).parent / "golden"
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
SHORT_MONTHS = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
ORGANISATIONS = [
    ("องค์การบริหารส่วนตำบลหนองป่าก่อ", "ดอยหลวง", "เชียงราย"),
    ("เทศบาลตำบลนาเหลือง", "เมืองน่าน", "น่าน"),
    ("องค์การบริหารส่วนตำบลบ้านใหม่", "พระนครศรีอยุธยา", "พระนครศรีอยุธยา"),
    ("เทศบาลเมืองทุ่งสง", "ทุ่งสง", "นครศรีธรรมราช"),
]
HEADINGS = {
    "number": ["ลำดับ", "ที่", "ลำดับที่"],
    "indicator": ["ตัวชี้วัด", "ตัวชี้วัดที่", "ตัวชี้วัด/ประเด็น"],
    "measure": ["มาตรการ", "มาตรการ/แนวทาง", "โครงการ/กิจกรรม", "มาตรการ/โครงการ/กิจกรรม ที่ดำเนินการ"],
    "steps": ["ขั้นตอนการดำเนินการ", "วิธีการดำเนินการ", "ขั้นตอน/วิธีปฏิบัติ"],
    "responsible": ["ผู้รับผิดชอบ", "หน่วยงานรับผิดชอบ", "หน่วยงานที่รับผิดชอบ"],
    "timeframe": ["ระยะเวลา", "ระยะเวลาดำเนินการ", "ห้วงเวลาดำเนินการ", "ช่วงเวลาดำเนินการ"],
    "progress": ["ผลการดำเนินการ", "ผลการดำเนินงาน", "ความก้าวหน้า"],
    "status": ["สถานะ", "สถานะการดำเนินการ"],
}
OUTCOME_PARENT = "ผลลัพธ์หรือความสำเร็จของการดำเนินการ"
OUTCOME_SUBS = {"not_possible": "ไม่สามารถดำเนินการได้", "completed": "ดำเนินการแล้วเสร็จ"}
STATUS_WORDS = {
    "completed": ["ดำเนินการแล้วเสร็จ", "เสร็จสิ้น"],
    "in_progress": ["อยู่ระหว่างดำเนินการ"],
    "not_possible": ["ไม่สามารถดำเนินการได้"],
    "unknown": ["ยังไม่ได้ดำเนินการ", "-"],
}
NOT_POSSIBLE_TEXT = "ไม่สามารถดำเนินการได้ เนื่องจากไม่ได้รับการจัดสรรงบประมาณ"
IN_PROGRESS_PREFIX = "อยู่ระหว่างดำเนินการ "
FIELDS = (
    "number",
    "indicator",
    "questions",
    "measure",
    "steps",
    "responsible",
    "timeframe",
    "progress",
    "status",
)
DOCUMENT_FIELDS = ("title", "fiscal_year", "organisation")


@dataclass
class TruthMeasure:
    number: int
    indicator: int | None
    indicator_text: str
    questions: list[str]
    measure: str
    steps: list[str]
    units: list[str]
    timeframe_text: str
    dates: tuple[dt.date | None, dt.date | None]
    progress: str | None
    status: str


@dataclass
class Variant:
    """A generated report: its truth, and the layout decisions that make its rendering."""

    seed: int
    title: list[str]  # one line per paragraph of a Word title
    fiscal_year: int
    organisation: str
    columns: list[str]  # roles in order; "outcome" is the split not_possible/completed pair
    headings: dict[str, str]
    measures: list[TruthMeasure]
    breaks: set[int] = field(default_factory=set)  # measures a page breaks in two
    page_every: int = 0  # a page (and the heading again) every n measures; 0: one page
    separators: bool = False
    merged: set[int] = field(default_factory=set)  # measures whose outcome cells are merged into one
    steps_markup: str = "numbers"  # numbers, paragraphs (<p>), a list (<ul><li>) or bullets
    spaced: set[int] = field(default_factory=set)  # measures whose first word is written letter by letter
    slips: set[int] = field(default_factory=set)  # measures whose codes OCR misread (e๖ → eb)

    @property
    def slip_count(self) -> int:
        return sum(1 for i in self.slips if self.measures[i].questions)


def _spaced(text: str) -> str:
    """Letters spaced out as some exports write them, between clusters (a mark stays on its letter)."""
    clusters = re.findall(r"[^\u0E31\u0E34-\u0E3A\u0E47-\u0E4E][\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]*", text)
    return " ".join("".join(clusters[i : i + 2]) for i in range(0, len(clusters), 2))


def _pool() -> list[dict[str, Any]]:
    measures: list[dict[str, Any]] = []
    for path in sorted(GOLDEN.glob("*.json")):
        for measure in json.loads(path.read_text(encoding="utf-8"))["measures"]:
            measures.append(measure)
    return measures


def _thai(number: int) -> str:
    return str(number).translate(THAI_DIGITS)


def _timeframe(rng: random.Random, fiscal: int) -> tuple[str, tuple[dt.date | None, dt.date | None]]:
    """A timeframe as offices write it, and its dates from the calendar (fiscal year `fiscal`, BE)."""
    ce = fiscal - 543
    choice = rng.randrange(5)
    if choice == 0:
        return (
            f"ต.ค. {_thai((fiscal - 1) % 100)} - ก.ย. {_thai(fiscal % 100)}",
            (dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)),
        )
    if choice == 1:
        first, last = sorted(rng.sample(range(1, 10), 2))
        return (
            f"{MONTHS[first - 1]} – {MONTHS[last - 1]} {_thai(fiscal)}",
            (dt.date(ce, first, 1), dt.date(ce, last, calendar.monthrange(ce, last)[1])),
        )
    if choice == 2:
        month = rng.randrange(1, 10)
        return f"{MONTHS[month - 1]} {_thai(fiscal)}", (
            dt.date(ce, month, 1),
            dt.date(ce, month, calendar.monthrange(ce, month)[1]),
        )
    if choice == 3:
        month = rng.randrange(1, 10)
        return f"{SHORT_MONTHS[month - 1]} {_thai(fiscal % 100)}", (
            dt.date(ce, month, 1),
            dt.date(ce, month, calendar.monthrange(ce, month)[1]),
        )
    # A typo in the year, decades away: kept as text, no dates.
    return f"ต.ค. {_thai((fiscal - 41) % 100)} - ก.ย. {_thai((fiscal - 40) % 100)}", (None, None)


def generate(seed: int) -> Variant:
    rng = random.Random(seed)
    pool = [m for m in _pool() if m["steps"] and m["responsible"]]
    fiscal = rng.choice([2566, 2567, 2568])
    name, district, province = rng.choice(ORGANISATIONS)
    count = rng.randrange(3, 9)
    chosen = rng.sample(pool, count)
    # Columns: the measure and its number always; the rest at random, in an order offices use.
    optional = [c for c in ("indicator", "steps", "responsible", "timeframe") if rng.random() < 0.8]
    outcome_kind = rng.choice(["progress", "progress+status", "outcome", "status"])
    outcome = {
        "progress": ["progress"],
        "progress+status": ["progress", "status"],
        "outcome": ["outcome"],
    }.get(outcome_kind, ["status"])
    middle = ["measure", *optional]
    if rng.random() < 0.3 and "indicator" in middle:
        middle.remove("indicator")
        middle.insert(0, "indicator")
    tail = [*optional[-1:], *outcome] if rng.random() < 0.3 else outcome
    columns = ["number", *[c for c in middle if c not in tail], *tail]
    if rng.random() < 0.3 and "timeframe" in columns:  # some offices put the timeframe last
        columns.remove("timeframe")
        columns.append("timeframe")
    headings = {role: rng.choice(options) for role, options in HEADINGS.items()}
    if rng.random() < 0.3:  # spaced-out letters, as some exports write headings
        headings = {role: _spaced(text) if role != "number" else text for role, text in headings.items()}
    measures = []
    for index, source in enumerate(chosen):
        status = rng.choice(["completed", "completed", "in_progress", "not_possible", "unknown"])
        if outcome_kind == "outcome" and status not in OUTCOME_SUBS:
            status = rng.choice(list(OUTCOME_SUBS))
        base = " ".join(source["progress"].split("\n")) if source["progress"] else "ดำเนินการตามแผน"
        if re.search("อยู่ระหว่าง|ไม่สามารถ|ยังไม่|ไม่ได้ดำเนินการ", base):
            base = "ดำเนินการตามแผนครบทุกขั้นตอน"
        if status == "completed":
            progress: str | None = base
        elif status == "in_progress":
            progress = IN_PROGRESS_PREFIX + base
        elif status == "not_possible":
            progress = NOT_POSSIBLE_TEXT
        else:
            progress = None if "status" in columns or rng.random() < 0.5 else "ยังไม่ได้ดำเนินการ"
        text, dates = _timeframe(rng, fiscal)
        indicator = source["indicator"]
        measures.append(
            TruthMeasure(
                number=index + 1,
                indicator=indicator["number"] if indicator else None,
                indicator_text=f"{_thai(indicator['number'])}. {indicator['name']}" if indicator else "",
                questions=list(source["questions"]),
                measure=source["measure"].split("\n")[0],
                steps=list(source["steps"]),
                units=[
                    u["unit"] + (f" ({u['section']})" if u["section"] else "") for u in source["responsible"]
                ],
                timeframe_text=text,
                dates=dates,
                progress=progress,
                status=status,
            )
        )
    has_outcome = any(c in columns for c in ("progress", "outcome", "status"))
    title_head = (
        "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใส"
        if has_outcome
        else "มาตรการส่งเสริมคุณธรรมและความโปร่งใส"
    )
    title = [f"{title_head} ประจำปีงบประมาณ พ.ศ. {_thai(fiscal)}", f"{name} อำเภอ{district} จังหวัด{province}"]
    variant = Variant(seed, title, fiscal, name, columns, headings, measures)
    variant.breaks = {i for i in range(count) if rng.random() < 0.2 and len(measures[i].steps) > 1}
    variant.page_every = rng.choice([0, 2, 3])
    variant.separators = rng.random() < 0.3
    if "outcome" in columns:
        # A row whose outcome cells are merged: its words must say which outcome, as a person reading it needs.
        variant.merged = {i for i in range(count) if rng.random() < 0.4}
        for i in variant.merged:
            if measures[i].status == "completed":
                measures[i].progress = f"ดำเนินการแล้วเสร็จ {measures[i].progress}"
    variant.steps_markup = rng.choice(["numbers", "paragraphs", "list", "bullets"])
    variant.spaced = {i for i in range(count) if rng.random() < 0.2}
    for i in variant.spaced:
        measures[i].measure = "โครงการ" + measures[i].measure
    variant.slips = {i for i in range(count) if rng.random() < 0.3}
    return variant


# --- the rows as cells --------------------------------------------------------------------------------------


def _code_text(codes: list[str], slip: bool) -> str:
    written = []
    for code in codes:
        digits = _thai(int(code[1:]))
        if slip:
            digits = digits.replace("๖", "b").replace("๗", "m")
        written.append(code[0] + digits)
    return " อ้างอิงจาก " + ",".join(written) if written else ""


def _steps_cell(steps: list[str], markup: str, first: int = 1) -> str:
    if markup == "paragraphs":
        return "".join(f"<p>{_thai(first + i)}. {s}</p>" for i, s in enumerate(steps))
    if markup == "list":
        return "<ul>" + "".join(f"<li>{s}</li>" for s in steps) + "</ul>"
    if markup == "bullets":
        return " ".join(f"- {s}" for s in steps)
    return " ".join(f"{_thai(first + i)}. {s}" for i, s in enumerate(steps))


def heading_rows(variant: Variant) -> list[list[str]]:
    top, sub, split = [], [], False
    for role in variant.columns:
        if role == "outcome":
            top += [OUTCOME_PARENT, ""]
            sub += [OUTCOME_SUBS["not_possible"], OUTCOME_SUBS["completed"]]
            split = True
        else:
            top.append(variant.headings[role])
            sub.append("")
    return [top, sub] if split else [top]


def measure_rows(variant: Variant, index: int, *, short: bool = False) -> list[list[str]]:
    """One row, or two when a page breaks it (the second without its number or indicator, the rest of its
    steps on the next page). A merged outcome row has its text in the first outcome cell, or, `short` (as a
    text export writes it), one cell for the two."""
    measure = variant.measures[index]
    broken = index in variant.breaks
    cut = max(1, len(measure.steps) // 2) if broken else len(measure.steps)
    first: list[str] = []
    rest: list[str] = []
    for role in variant.columns:
        if role == "number":
            first.append(_thai(measure.number))
            rest.append("")
        elif role == "indicator":
            first.append(measure.indicator_text)
            rest.append("")
        elif role == "measure":
            words = measure.measure
            if index in variant.spaced:  # "โ ค ร ง ก า ร…", as some exports space a word out
                words = " ".join("โครงการ") + " " + words.removeprefix("โครงการ")
            first.append(words + _code_text(measure.questions, index in variant.slips))
            rest.append("")
        elif role == "steps":
            first.append(_steps_cell(measure.steps[:cut], variant.steps_markup))
            rest.append(_steps_cell(measure.steps[cut:], variant.steps_markup, cut + 1) if broken else "")
        elif role == "responsible":
            first.append(", ".join(measure.units))
            rest.append("")
        elif role == "timeframe":
            first.append(measure.timeframe_text)
            rest.append("")
        elif role == "progress":
            first.append(measure.progress or "-")
            rest.append("")
        elif role == "status":
            first.append(_status_words(variant, index))
            rest.append("")
        elif role == "outcome":
            text = measure.progress or ""
            if index in variant.merged:
                first += [text] if short else [text, ""]
                rest += ["", ""]
            else:
                first += [text, ""] if measure.status == "not_possible" else ["", text]
                rest += ["", ""]
    return [first, rest] if broken else [first]


def _status_words(variant: Variant, index: int) -> str:
    options = STATUS_WORDS[variant.measures[index].status]
    return options[(variant.seed + index) % len(options)]


def pages(variant: Variant, *, short: bool = False) -> list[list[list[str]]]:
    """The table's rows page by page, the heading at the top of each; a broken measure's second row starts
    the next page."""
    heading = heading_rows(variant)
    result: list[list[list[str]]] = [list(heading)]
    for index in range(len(variant.measures)):
        rows = measure_rows(variant, index, short=short)
        if variant.page_every and index and index % variant.page_every == 0:
            result.append(list(heading))
        result[-1].append(rows[0])
        if len(rows) > 1:
            result.append([*heading, rows[1]])
        if variant.separators:
            result[-1].append(["---"] + ["--"] * (len(rows[0]) - 1))
    return result


# --- producers ----------------------------------------------------------------------------------------------


def as_text(variant: Variant) -> bytes:
    lines = [
        " ".join(variant.title),
        "",
        "ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน จึงได้ดำเนินการตามมาตรการ ดังนี้",
        "",
    ]
    for number, page in enumerate(pages(variant, short=True)):
        if number:
            lines += [
                "",
                f"- {_thai(number + 1)} -",
                "",
            ]  # the page's end, and its number at the top of the next
        for row in page:
            if row[0] == "---" and number % 2:
                lines.append("---  --  --")  # a text export's rule line
            else:
                lines.append("\t".join(c.replace("\n", " ") for c in row))
    return "\n".join(lines).encode("utf-8")


def _docx_rows(variant: Variant) -> list[list[str]]:
    """Word keeps one table; a page's repeated heading shows as rows again when the PDF became a Word file."""
    rows: list[list[str]] = []
    for number, page in enumerate(pages(variant)):
        rows.extend(page if number == 0 or variant.page_every else page[len(heading_rows(variant)) :])
    return rows


def _merged_outcome_columns(variant: Variant) -> int | None:
    """The first cell of the outcome pair (every column before it has one cell)."""
    return variant.columns.index("outcome") if "outcome" in variant.columns else None


def as_docx(variant: Variant) -> bytes:
    from docx import Document
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for line in variant.title:
        document.add_paragraph(line)
    document.add_paragraph("ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน จึงได้ดำเนินการตามมาตรการ ดังนี้")
    rows = _docx_rows(variant)
    width = len(rows[0])
    table = document.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    outcome = _merged_outcome_columns(variant)
    measure_rows_seen = 0
    for row, cells in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, cells, strict=True):
            if "<li>" in text:  # Word's bulleted list: the bullet is drawn, a text export shows it as "-"
                text = text.replace("<li>", "<li>- ")
            pieces = [p for p in re.split(r"</?(?:p|ul|li)>", text) if p.strip()] or [""]
            cell.paragraphs[0].text = pieces[0]
            for piece in pieces[1:]:
                cell.add_paragraph(piece)
        if outcome is not None and cells[outcome] == OUTCOME_PARENT:
            row.cells[outcome].merge(row.cells[outcome + 1])  # type: ignore[index]
        if outcome is not None and cells[0] and cells[0][0] in "๐๑๒๓๔๕๖๗๘๙":
            index = measure_rows_seen
            measure_rows_seen += 1
            if index in variant.merged:
                merged = row.cells[outcome].merge(row.cells[outcome + 1])
                merged.paragraphs[0].text = variant.measures[index].progress or ""
                for extra in merged.paragraphs[1:]:
                    extra.text = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def as_html(variant: Variant) -> str:
    """A web page as a browser prints it: the heading in <thead>, repeated by Chromium on every page."""
    heading = heading_rows(variant)
    outcome = _merged_outcome_columns(variant)

    def cell(text: str, tag: str = "td", span: int = 1) -> str:
        pieces = [p for p in re.split(r"</?(?:p|ul|li)>", text) if p.strip()]
        inner = "".join(f"<p>{html.escape(p)}</p>" for p in pieces) if len(pieces) > 1 else html.escape(text)
        return f"<{tag}{f' colspan={span}' if span > 1 else ''}>{inner}</{tag}>"

    head = []
    for row in heading:
        cells = []
        skip = False
        for text in row:
            if skip:
                skip = False
                continue
            if text == OUTCOME_PARENT:
                cells.append(cell(text, "th", 2))
                skip = True
            else:
                cells.append(cell(text, "th"))
        head.append("<tr>" + "".join(cells) + "</tr>")
    body = []
    seen = 0
    for page in pages(variant):
        for row in page[len(heading) :]:
            if row[0] and row[0][0] in "๐๑๒๓๔๕๖๗๘๙" and outcome is not None and seen in variant.merged:
                merged = [*row[:outcome], row[outcome], *row[outcome + 2 :]]
                cells = [cell(t) if i != outcome else cell(t, span=2) for i, t in enumerate(merged)]
                body.append("<tr>" + "".join(cells) + "</tr>")
            else:
                body.append("<tr>" + "".join(cell(t) for t in row) + "</tr>")
            if row[0] and row[0][0] in "๐๑๒๓๔๕๖๗๘๙":
                seen += 1
    title = "<br>".join(html.escape(t) for t in variant.title)
    return (
        "<!doctype html><html lang=th><meta charset=utf-8><style>"
        "@page{size:A4 landscape;margin:1.5cm}body{font-family:Laksaman,'TH Sarabun New',sans-serif;font-size:13pt}"
        "table{border-collapse:collapse;width:100%}td,th{border:1px solid #000;padding:3pt;vertical-align:top}"
        "p{margin:0}</style>"
        f"<h1 style='font-size:15pt;text-align:center'>{title}</h1>"
        "<p>ตามที่สำนักงาน ป.ป.ช. ได้ประกาศผลการประเมิน จึงได้ดำเนินการตามมาตรการ ดังนี้</p>"
        f"<table><thead>{''.join(head)}</thead><tbody>{''.join(body)}</tbody></table></html>"
    )


def libreoffice_pdfs(docx_files: list[bytes]) -> list[bytes] | None:
    """The PDFs LibreOffice saves from these DOCX files (one run for them all), or None without LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        names = []
        for number, data in enumerate(docx_files):
            (folder / f"v{number}.docx").write_bytes(data)
            names.append(str(folder / f"v{number}.docx"))
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{folder}/profile",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *names,
            ],
            check=True,
            capture_output=True,
            timeout=600,
        )
        return [(folder / f"v{n}.pdf").read_bytes() for n in range(len(docx_files))]


def chromium_pdf(page: str) -> bytes | None:
    """The PDF Chromium prints from an HTML page, or None without Chromium."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    with tempfile.TemporaryDirectory() as directory:
        folder = Path(directory)
        (folder / "page.html").write_text(page, encoding="utf-8")
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                f"--user-data-dir={folder}/profile",
                "--no-pdf-header-footer",
                f"--print-to-pdf={folder}/page.pdf",
                (folder / "page.html").as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
        return (folder / "page.pdf").read_bytes()


# --- scoring -----------------------------------------------------------------------------------------------


def squeeze(text: str | None) -> str:
    return re.sub(r"\s+", "", text or "")


@dataclass
class Score:
    right: Counter[str] = field(default_factory=Counter)
    total: Counter[str] = field(default_factory=Counter)
    invented: int = 0
    lost_silently: int = 0
    documents: int = 0
    refused: int = 0  # documents the reader refused with its message (nothing read, nothing silent)
    failures: list[str] = field(default_factory=list)  # what went wrong, for a person reading the bench

    @property
    def accuracy(self) -> float:
        return sum(self.right.values()) / max(1, sum(self.total.values()))

    def add(self, other: Score) -> None:
        self.right.update(other.right)
        self.total.update(other.total)
        self.invented += other.invented
        self.lost_silently += other.lost_silently
        self.documents += other.documents
        self.refused += other.refused
        self.failures.extend(other.failures)


def _mark(score: Score, name: str, right: bool, where: str, got: object, expected: object) -> None:
    score.total[name] += 1
    if right:
        score.right[name] += 1
    else:
        score.failures.append(f"{where} {name}: {got!r} != {expected!r}")


def score(variant: Variant, document: Any, producer: str) -> Score:
    """Field by field, measures paired by their words; a field the layout has no column for is not counted."""
    result = Score(documents=1)
    where = f"[{producer} seed {variant.seed}]"
    _mark(
        result,
        "title",
        squeeze(document.title) == squeeze(" ".join(variant.title)),
        where,
        document.title,
        variant.title,
    )
    _mark(
        result,
        "fiscal_year",
        document.fiscal_year == variant.fiscal_year,
        where,
        document.fiscal_year,
        variant.fiscal_year,
    )
    _mark(
        result,
        "organisation",
        document.organisation.name == variant.organisation,
        where,
        document.organisation.name,
        variant.organisation,
    )
    read = list(document.measures)
    unused = list(range(len(read)))
    traces = squeeze(" ".join([*(u.text for u in document.unread), *document.warnings]))
    columns = set(variant.columns)
    for truth in variant.measures:
        key = squeeze(truth.measure)
        match = next((i for i in unused if squeeze(read[i].measure).startswith(key[:30])), None)
        if match is None:  # words mangled (a PDF's text layer): the most alike of the rest, if alike enough
            alike = [
                (difflib.SequenceMatcher(None, squeeze(read[i].measure)[: len(key)], key).ratio(), i)
                for i in unused
            ]
            match = max(alike)[1] if alike and max(alike)[0] >= 0.6 else None
        if match is None:
            result.total["measure"] += 1
            result.failures.append(f"{where} measure {truth.number} not read: {truth.measure[:40]}")
            if key[:20] not in traces:
                result.lost_silently += 1
            continue
        unused.remove(match)
        got = read[match]
        m = f"{where} measure {truth.number}"
        _mark(result, "number", got.number == truth.number, m, got.number, truth.number)
        _mark(result, "measure", squeeze(got.measure) == key, m, got.measure, truth.measure)
        if truth.questions:
            _mark(result, "questions", got.questions == truth.questions, m, got.questions, truth.questions)
        if "indicator" in columns:
            number = got.indicator.number if got.indicator else None
            _mark(result, "indicator", number == truth.indicator, m, number, truth.indicator)
        if "steps" in columns:
            _mark(
                result,
                "steps",
                [squeeze(s) for s in got.steps] == [squeeze(s) for s in truth.steps],
                m,
                got.steps,
                truth.steps,
            )
        if "responsible" in columns:
            units = [squeeze(u.unit + (f"({u.section})" if u.section else "")) for u in got.responsible]
            _mark(result, "responsible", units == [squeeze(u) for u in truth.units], m, units, truth.units)
        if "timeframe" in columns:
            tf = got.timeframe
            read_tf = (squeeze(tf.text), tf.start, tf.end) if tf else None
            expected = (squeeze(truth.timeframe_text), *truth.dates)
            _mark(result, "timeframe", read_tf == expected, m, read_tf, expected)
        if columns & {"progress", "outcome"}:
            _mark(
                result,
                "progress",
                squeeze(got.progress) == squeeze(truth.progress),
                m,
                got.progress,
                truth.progress,
            )
        if columns & {"progress", "outcome", "status"}:
            _mark(result, "status", got.status == truth.status, m, got.status, truth.status)
        if (
            truth.questions
            and variant.measures.index(truth) in variant.slips
            and any(c[1:] in "67" for c in truth.questions)
        ):
            slipped = any("OCR" in w and w.startswith(("line", "table", "page")) for w in document.warnings)
            _mark(result, "slip_warned", slipped, m, slipped, True)
    result.invented = len(unused)
    for i in unused:
        result.failures.append(f"{where} invented measure {read[i].number}: {read[i].measure[:40]}")
    return result


PRODUCERS = ("text", "docx", "pdf-libreoffice", "pdf-chromium")


def read_all(seeds: range, producers: tuple[str, ...], read: Any) -> dict[str, Score]:
    """Score every producer over the variants of `seeds`; `read(data, name)` is the reader under test.
    A producer whose tool is not installed is left out."""
    variants = [generate(s) for s in seeds]
    scores: dict[str, Score] = {}
    files: dict[str, list[tuple[bytes, str]]] = {}
    if "text" in producers:
        files["text"] = [(as_text(v), "v.txt") for v in variants]
    docx_files = [as_docx(v) for v in variants] if {"docx", "pdf-libreoffice"} & set(producers) else []
    if "docx" in producers:
        files["docx"] = [(d, "v.docx") for d in docx_files]
    if "pdf-libreoffice" in producers and (pdfs := libreoffice_pdfs(docx_files)) is not None:
        files["pdf-libreoffice"] = [(p, "v.pdf") for p in pdfs]
    if "pdf-chromium" in producers:
        printed = [chromium_pdf(as_html(v)) for v in variants]
        if all(p is not None for p in printed):
            files["pdf-chromium"] = [(p, "v.pdf") for p in printed if p is not None]
    for producer, made in files.items():
        total = Score()
        for variant, (data, name) in zip(variants, made, strict=True):
            try:
                document = read(data, name)
            except Exception as error:  # noqa: BLE001 - a document the reader refused scores nothing
                total.add(
                    Score(
                        documents=1,
                        refused=1,
                        failures=[f"[{producer} seed {variant.seed}] refused: {error}"],
                    )
                )
                total.total["measure"] += len(variant.measures)
                continue
            total.add(score(variant, document, producer))
        scores[producer] = total
    return scores


def accuracy_table(scores: dict[str, Score]) -> str:
    names = [*DOCUMENT_FIELDS, *FIELDS, "slip_warned"]
    header = f"{'field':<14}" + "".join(f"{p:>17}" for p in scores)
    lines = [header]
    for name in names:
        cells = []
        for s in scores.values():
            total = s.total[name]
            cells.append(f"{100 * s.right[name] / total:6.1f}% ({s.right[name]}/{total})" if total else "-")
        lines.append(f"{name:<14}" + "".join(f"{c:>17}" for c in cells))
    lines.append(f"{'all fields':<14}" + "".join(f"{100 * s.accuracy:>16.1f}%" for s in scores.values()))
    lines.append(f"{'invented':<14}" + "".join(f"{s.invented:>17}" for s in scores.values()))
    lines.append(f"{'lost silently':<14}" + "".join(f"{s.lost_silently:>17}" for s in scores.values()))
    lines.append(f"{'documents':<14}" + "".join(f"{s.documents:>17}" for s in scores.values()))
    lines.append(f"{'refused':<14}" + "".join(f"{s.refused:>17}" for s in scores.values()))
    return "\n".join(lines)
