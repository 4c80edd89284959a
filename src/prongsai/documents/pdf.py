"""PDF through Typst: Thai line breaking at word boundaries, stacked marks, embedded font, text that extracts back.

The font is Laksaman, TLWG's version of the TH SarabunPSK design (Debian's fonts-tlwg-laksaman-ttf): its
glyphs extract as the text they show (thai-documents-findings.md). It is drawn 1.5 times larger than TH
SarabunPSK at the same point size, so "16 pt" is set at 10.65 pt to look as officials expect.
"""

from __future__ import annotations

import math
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from prongsai.core.compose import Chart, Report, Row, Table, opinion_heading
from prongsai.core.errors import ProngsaiError
from prongsai.core.model import Memo
from prongsai.core.thai import clusters, format_date, syllables, to_thai_digits, words
from prongsai.documents import printable
from prongsai.documents.chart import CURRENT, LABEL_POINTS, PREVIOUS, THRESHOLD
from prongsai.documents.chart import HEIGHT as CHART_HEIGHT
from prongsai.documents.chart import shapes as chart_shapes
from prongsai.documents.textlayer import whole_clusters

FONT_DIRECTORIES = [Path(os.environ.get("PRONGSAI_FONT_DIR", "/usr/share/fonts/truetype/tlwg"))]
FONT = "Laksaman"
FONT_FILE = "Laksaman.ttf"
BODY_POINTS = 10.65  # looks like TH SarabunPSK 16 pt
BODY_SIZE = f"{BODY_POINTS}pt"
# The width of the text between the page margins (A4, 1.6 cm either side), in points, and a table cell's inset.
TEXT_WIDTH = {False: (21.0 - 3.2) / 2.54 * 72, True: (29.7 - 3.2) / 2.54 * 72}
TEXT_HEIGHT = {False: (29.7 - 3.4) / 2.54 * 72, True: (21.0 - 3.4) / 2.54 * 72}
CELL_INSET = 4.0
BOLD_WIDER = 1.1  # bold is set wider than the regular weight whose advances text_width() reads
# Every line, plain text or word boxes, reaches from LINE_TOP above its baseline to LINE_BOTTOM below it: room
# for Laksaman's highest stack (a tone mark or thanthakhat over an upper vowel, 1.28 em; 1.30 em in bold) and
# its deepest tail or lower vowel (ฤ ญ ฐ, ุ ู: 0.37 em). Lines are set edge to edge, so that the marks of one
# line never reach the tails of the line above (at cap height + half an em, they met: "ซึ่ง" read as "ซึง" with a
# hook under the line above, and the first line's marks crossed the cell's top rule).
LINE_TOP = 1.3
LINE_BOTTOM = 0.4
LINE_PITCH = (LINE_TOP + LINE_BOTTOM) * BODY_POINTS  # a line and the leading after it
# The memo's head lines and signature lines: their baselines 2 em apart, as they were set before lines reached
# from LINE_TOP to LINE_BOTTOM (then a gap of 1.3 em from the cap height), so that the memo still fits its page.
MEMO_GAP = f"{2.0 - (LINE_TOP + LINE_BOTTOM):.2f}em"
# A row is kept on one page unless it may take more than this share of what a page holds under the header row.
# A row kept whole that does not fit what is left of a page moves to the next one and leaves that space blank:
# a row taller than half a page breaks across pages instead, so that most of a page is never left empty.
KEEP_WHOLE_UP_TO = 0.5
INDENT = 2.5 * BODY_POINTS  # a paragraph's first line
INDENTED = f"#par(first-line-indent: {INDENT:.2f}pt)"


def literal(value: str) -> str:
    """A Typst string literal, for code: whatever the text holds (<, &, #, *, quotes) is shown as it is."""
    escaped = (
        printable(value).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "")
    )
    return f'"{escaped}"'


def text(value: str) -> str:
    """The same string, for markup (inside [...])."""
    return "#" + literal(value)


_THAI = re.compile("[\u0e00-\u0e7f]")
_UNBROKEN = re.compile(r"(\S+)")


@lru_cache(maxsize=1)
def _body_font() -> Any:
    """The body font's advance widths (Pillow), or None when the font file is not where Typst looks."""
    from PIL import ImageFont

    for directory in FONT_DIRECTORIES:
        if (directory / FONT_FILE).exists():
            return ImageFont.truetype(str(directory / FONT_FILE), 1000, layout_engine=ImageFont.Layout.BASIC)
    return None


@lru_cache(maxsize=4096)
def _advance(character: str) -> float:
    font = _body_font()
    return float(font.getlength(character)) / 1000 if font is not None else 0.65


def text_width(value: str) -> float:
    """About how wide the text is set at body size, in points: the sum of its characters' advances (Thai marks
    have none). Character by character, since the font's own measure of a whole paragraph costs 0.2 ms."""
    return sum(map(_advance, value)) * BODY_POINTS


# No character of the body font is wider than 1.1 em (the widest, the em dash, is 1.08 em).
_WIDEST = 1.1 * BODY_POINTS


def _fitting(piece: str, width: float) -> list[str]:
    """The piece as it is when it fits the width; else cut as little as needed for each part to fit: into
    syllables (องค์การ|บริหาร is better cut as องค์|การ|บริ|หาร than anywhere), then into character clusters."""
    if len(piece) * _WIDEST <= width or text_width(piece) <= width:
        return [piece]
    parts = syllables(piece)
    if len(parts) <= 1:
        return [c for c in clusters(piece) if c]
    return [p for part in parts for p in _fitting(part, width)]


_SPECIAL = re.compile(r'[\\"\n\r]')
_THAI_ONLY = re.compile("[\u0e00-\u0e7f]+")


def _sized_width(value: str, sized: bool) -> float | None:
    """The width a box for this word is given, in points, or None when Typst measures it. Thai in Laksaman's
    regular weight is set exactly as wide as the sum of its advances (tested word by word)."""
    if sized and _THAI_ONLY.fullmatch(value):
        # Rounded up, and a twentieth of a point to spare: in a box even a hair narrower than its word, Typst
        # would break the word inside it.
        return math.ceil(text_width(value) * 100 + 5) / 100
    return None


def _box(value: str, width: float | None) -> str:
    """A box for a word or words. Typst lays a box out again wherever the room around it differs (every column,
    both passes of a table row), but a box of given size once for good."""
    if width is not None:
        return f'#box(width: {width:.2f}pt, "{value}")'
    return f'#box("{value}")' if _SPECIAL.search(value) is None else f"#box({literal(value)})"


class _Piece(NamedTuple):
    """A word (or a part of one) in a box, or plain text; `sized`: its box's width is given, and is `width`."""

    value: str
    width: float
    sized: bool
    boxed: bool


@lru_cache(maxsize=65536)
def _boxed(piece: str, sized: bool) -> _Piece:
    given = _sized_width(piece, sized)
    return _Piece(piece, text_width(piece) if given is None else given, given is not None, True)


def _pieces(paragraph: str, width: float, sized: bool) -> list[_Piece]:
    """The paragraph as words in boxes and plain text between them (spaces, and what is not Thai)."""
    out: list[_Piece] = []
    plain: list[str] = []

    def flush() -> None:
        for index, part in enumerate(_UNBROKEN.split("".join(plain))):
            # A long run without spaces goes in boxes too: a box may start a line where a dotted line right
            # after a word (ลงชื่อ.....) may not, and one too wide for the cell is cut to fit.
            if index % 2 and text_width(part) > width / 4:
                out.extend(_boxed(piece, sized) for piece in _fitting(part, width))
            elif part:
                out.append(_Piece(part, text_width(part), False, False))
        plain.clear()

    for word in words(paragraph):
        if _THAI.search(word) is None:
            plain.append(word)
            continue
        if plain:
            flush()
        out.extend(_boxed(piece, sized) for piece in _fitting(word, width))
    if plain:
        flush()
    return out


def _joined_on_lines(pieces: list[_Piece], width: float, indent: float) -> list[_Piece]:
    """Sized boxes that will stand side by side on one line, and the single spaces between them, joined into one
    box: Typst's cost is per box, and a line's words in one box cost about what one word does. Lines are found as
    Typst's simple line breaking finds them (each line filled as far as it goes). Joining only takes away places
    to break, so where a measure was short (plain text is measured here roughly), Typst breaks sooner, never
    draws outside the cell. The first line is `indent` points narrower."""
    out: list[_Piece] = []
    run: list[_Piece] = []  # sized boxes (and single spaces between them) on the current line, not yet joined

    def join() -> None:
        spaces: list[_Piece] = []
        while run and not run[-1].sized:  # a space ending the line stays outside, where it hangs
            spaces.insert(0, run.pop())
        if len(run) == 1:
            out.append(run[0])
        elif run:
            out.append(_Piece("".join(p.value for p in run), round(sum(p.width for p in run), 2), True, True))
        out.extend(spaces)
        run.clear()

    used, empty = indent, True
    for piece in pieces:
        breaks = not empty and used + piece.width > width and not piece.value.isspace()
        used, empty = (piece.width if breaks else used + piece.width), False
        if breaks:
            join()
        if piece.sized or (piece.value == " " and run):
            run.append(piece)
        else:
            join()
            out.append(piece)
    join()
    return out


@lru_cache(maxsize=16384)
def word_boxes(paragraph: str, width: float, *, regular: bool = True, indent: float = 0.0) -> str:
    """Markup for a paragraph set `width` points wide (a table cell), each Thai word in a box of its own
    (`regular`: in the body font's regular weight, whose advances text_width() knows), and the words that will
    share a line in one box (`indent`: the first line's indent, in points).

    Typst finds where Thai may break with ICU's LSTM model, which took two thirds of a report's typesetting time,
    and a table lays each cell out twice. In boxes, the words PyThaiNLP's
    dictionary found are where lines break, and Typst shapes each box once (its layout is memoised). Other text
    stays plain, so Typst breaks it at spaces.
    Anything without a break that is wider than the cell (a long compound, a link, a dotted line, a run of
    letters no dictionary knows) is cut where it must be, so that nothing is drawn outside its cell.
    Cached: a report re-rendered after an edit re-segments only what changed.
    """
    sized = regular and _body_font() is not None
    pieces = _joined_on_lines(_pieces(printable(paragraph), width, sized), width, indent)
    return "".join(_box(p.value, p.width if p.sized else None) if p.boxed else text(p.value) for p in pieces)


def _paragraphs(paragraphs: Iterable[str], width: float) -> str:
    return " \\ ".join(word_boxes(p, width) for p in paragraphs)


def _digits_function() -> str:
    pairs = ", ".join(f'("{d}", "{to_thai_digits(d)}")' for d in "0123456789")
    return (
        "#let thai(n) = {\n  let s = str(n)\n  for pair in ("
        + pairs
        + ") { s = s.replace(pair.at(0), pair.at(1)) }\n"
        "  s\n}\n"
    )


def _page(report: Report, landscape: bool, *, numbered: bool = True) -> str:
    """The page set-up. The cover memo's pages carry no number: the report's first page is page 1."""
    number = "thai(counter(page).get().first())" if report.thai_digits else "str(counter(page).get().first())"
    total = (
        "thai(counter(page).final().first())" if report.thai_digits else "str(counter(page).final().first())"
    )
    footer = f'{literal(report.footer)} + " · " + ' if report.footer else ""
    shown = f'{footer}"หน้า " + {number} + " / " + {total}' if numbered else literal(report.footer)
    return (
        f'#set page(paper: "a4", flipped: {"true" if landscape else "false"}, margin: (x: 1.6cm, top: 1.6cm, '
        f"bottom: 1.8cm), footer: context align(center, text(size: 8.5pt, {shown})))\n"
    )


def _memo(memo: Memo, thai_digits: bool) -> str:
    """The cover memo; its text is in the report's digits already (compose). Body paragraphs are set flush left
    in word boxes: Typst justifies Thai only at spaces (wide gaps) and breaks it by ICU (ปีงบ|ประมาณ)."""
    width = TEXT_WIDTH[False]
    date = memo.date_text or (format_date(memo.date, "full", thai_digits=thai_digits) if memo.date else "")
    out = [
        # padded: its tone marks stand above the line and would reach into the page's top margin
        '#align(center, pad(top: 6pt, text(size: 19pt, weight: "bold")[บันทึกข้อความ]))\n#v(0.4em)\n',
        f"#grid(columns: (auto, 1fr, auto, 1fr), column-gutter: 0.6em, row-gutter: {MEMO_GAP},\n"
        f'  text(weight: "bold")[ส่วนราชการ], grid.cell(colspan: 3)[{text(memo.office or "")}],\n'
        f'  text(weight: "bold")[ที่], [{text(memo.ref or "")}], text(weight: "bold")[วันที่], '
        f"[{text(date)}],\n"
        f'  text(weight: "bold")[เรื่อง], grid.cell(colspan: 3)[{word_boxes(memo.subject or "", width * 0.8)}],\n)\n'
        "#line(length: 100%, stroke: 0.5pt)\n",
        f"{word_boxes('เรียน ' + (memo.to or ''), width)}\n\n",
    ]
    for paragraph in (memo.body or "").split("\n"):
        if paragraph.strip():
            out.append(f"{INDENTED}[{word_boxes(paragraph, width, indent=INDENT)}]\n\n")
    for signature in memo.signatures:
        out.append(_signature(signature.name, signature.position))
    for opinion in memo.opinions:
        out.append(
            f'#v(0.6em)\n#block(sticky: true, text(weight: "bold")[{text(opinion_heading(opinion.role))}])\n\n'
        )
        body = opinion.text or ""
        if body:
            out.append(f"#pad(left: 2em)[{word_boxes(body, width - 30)}]\n\n")
        else:  # blank lines to write by hand until the approval chain fills them
            out.append("#pad(left: 2em)[#box(width: 1fr, repeat[.])\n\n#box(width: 1fr, repeat[.])]\n\n")
        signed = format_date(opinion.date, "full", thai_digits=thai_digits) if opinion.date else None
        out.append(_signature(opinion.name or "", opinion.position or "", dated=True, date=signed))
    return "".join(out)


def _signature(name: str, position: str, *, dated: bool = False, date: str | None = None) -> str:
    lines = [
        '"(ลงชื่อ) ......................................................"',
        literal(f"({name})" if name else "(......................................................)"),
    ]
    if position:  # in word boxes: a position is not broken inside a word (หัวหน้าสำนัก|ปลัด)
        lines.append(f"[{word_boxes(position, TEXT_WIDTH[False] * 0.55)}]")
    if date:
        lines.append(literal(f"วันที่ {date}"))
    elif dated:
        lines.append('"วันที่ ........ / ........ / ........"')
    stack = ", ".join(f"align(center, {line})" for line in lines)
    return f"#align(right, block(width: 55%, breakable: false, stack(spacing: {MEMO_GAP}, {stack})))\n#v(0.3em)\n"


def _geometry(
    table: Table, landscape: bool, keep_whole_up_to: float = KEEP_WHOLE_UP_TO
) -> tuple[list[float], float]:
    """The room inside each cell, in points (less half a point for the rule): what a word must fit; and how tall
    a row may be and still be kept whole."""
    shares = [max(column.width, 0.01) for column in table.columns]
    widths = [share / sum(shares) * TEXT_WIDTH[landscape] - 2 * CELL_INSET - 0.5 for share in shares]
    header = max(_height([c.header], w / BOLD_WIDER) for c, w in zip(table.columns, widths, strict=True))
    room = keep_whole_up_to * (
        TEXT_HEIGHT[landscape] - header * (2 if any(c.parent for c in table.columns) else 1)
    )
    return widths, room


def _breaks(row: Row, widths: Sequence[float], room: float) -> bool:
    tallest = max((_height(cell, width) for cell, width in zip(row.cells, widths, strict=True)), default=0.0)
    return tallest > room


def breakable_rows(table: Table, landscape: bool, keep_whole_up_to: float = KEEP_WHOLE_UP_TO) -> list[bool]:
    """Which rows may break across pages: those that may take more than `keep_whole_up_to` of a page (the DOCX
    writer asks with its own share)."""
    widths, room = _geometry(table, landscape, keep_whole_up_to)
    return [row.heading is None and _breaks(row, widths, room) for row in table.rows]


def _table(table: Table, landscape: bool) -> str:
    shares = [max(column.width, 0.01) for column in table.columns]
    columns = ", ".join(f"{share * 100:.1f}fr" for share in shares)
    widths, room = _geometry(table, landscape)
    header_cells = _header_cells(table, widths)
    body = []
    level = 2  # consecutive heading rows are nested subheaders, each kept with what follows it
    for row in table.rows:
        body.append(_row(row, widths, room, level))
        level = level + 1 if row.heading is not None else 2
    heading = (
        f'#block(above: 1.6em, below: 0.8em, sticky: true, text(weight: "bold")[{text(table.heading)}])\n'
        if table.heading
        else ""
    )
    preface = "".join(f"#par(first-line-indent: 2.5em, justify: true)[{text(p)}]\n\n" for p in table.preface)
    return (
        f"{preface}{heading}#table(columns: ({columns}), stroke: 0.5pt, inset: (x: {CELL_INSET}pt, y: 3.5pt), "
        "align: left + top,\n"
        f"  table.header(repeat: true, {header_cells}),\n"
        + ",\n".join(body)
        + "\n)\n#v(0.8em)\n"
        + (_chart(table.chart, TEXT_WIDTH[landscape]) if table.chart else "")
    )


def _chart(chart: Chart, width: float) -> str:
    """The chart as Typst shapes (vector), its legend and caption under it, kept on one page."""
    drawn = []
    for shape in chart_shapes(chart, width):
        at = f"place(top + left, dx: {shape.x:.2f}pt, dy: {shape.y:.2f}pt, "
        if shape.kind == "rect":
            drawn.append(
                at
                + f'rect(width: {shape.width:.2f}pt, height: {shape.height:.2f}pt, fill: rgb("#{shape.colour}"))'
            )
        elif shape.kind == "line":
            dash = ', dash: "dashed"' if shape.dashed else ""
            drawn.append(
                at + f'line(length: {shape.width:.2f}pt, stroke: (paint: rgb("#{shape.colour}"), '
                f"thickness: {1.0 if shape.dashed else 0.5}pt{dash}))"
            )
        else:
            drawn.append(
                at + f"box(width: {shape.width:.2f}pt, align({shape.align}, text(size: {LABEL_POINTS}pt, "
                f'fill: rgb("#{shape.colour}"), {literal(shape.text)})))'
            )
        drawn[-1] += ")"
    legend = "#h(1.2em)".join(
        f'#box(rect(width: 0.8em, height: 0.8em, fill: rgb("#{colour}"))) {text(label)}'
        for label, colour in zip(chart.legend, (CURRENT, PREVIOUS), strict=False)
    )
    threshold = f"เกณฑ์ {chart.threshold:g} คะแนน"
    threshold = to_thai_digits(threshold) if chart.thai_digits else threshold
    mark = f'#box(line(length: 1.6em, stroke: (paint: rgb("#{THRESHOLD}"), dash: "dashed"))) '
    return (
        f"#block(breakable: false, width: 100%)[#block(width: {width:.2f}pt, height: {CHART_HEIGHT:.2f}pt, "
        "{" + "\n".join(drawn) + "})\n"
        f"#align(center)[#text(size: 9pt)[{legend}#h(1.2em){mark}{text(threshold)}]]\n"
        f"#align(center)[{text(chart.caption)}]]\n#v(0.8em)\n"
    )


def _header_cells(table: Table, widths: list[float]) -> str:
    columns = table.columns
    if not any(c.parent for c in columns):
        return ", ".join(
            f"table.cell(fill: luma(235))[{_bold(c.header, w)}]" for c, w in zip(columns, widths, strict=True)
        )
    first: list[str] = []
    second: list[str] = []
    index = 0
    while index < len(columns):
        column = columns[index]
        if column.parent:
            span = [c for c in columns[index:] if c.parent == column.parent]
            span = span[: next((i for i, c in enumerate(span) if c.parent != column.parent), len(span))]
            span_widths = widths[index : index + len(span)]
            first.append(
                f"table.cell(colspan: {len(span)}, fill: luma(235), align: center)"
                f"[{_bold(column.parent, sum(span_widths))}]"
            )
            second += [
                f"table.cell(fill: luma(235))[{_bold(c.header, w)}]"
                for c, w in zip(span, span_widths, strict=True)
            ]
            index += len(span)
        else:
            first.append(f"table.cell(rowspan: 2, fill: luma(235))[{_bold(column.header, widths[index])}]")
            index += 1
    return ", ".join(first + second)


def _bold(value: str, width: float) -> str:
    return f'#text(weight: "bold")[{word_boxes(value, width / BOLD_WIDER, regular=False)}]'


def _height(cell: Sequence[str], width: float) -> float:
    """About how tall the cell is set, in points: its lines (a fifth more for breaking between words), no less."""
    lines = sum(max(1.0, text_width(p) * 1.2 / max(width, 1.0) + 1) for p in cell)
    return lines * LINE_PITCH


def _row(row: Row, widths: list[float], room: float, level: int = 2) -> str:
    if row.heading is not None:
        # A group heading is a subheader: Typst moves it to the next page rather than leave it alone at the foot
        # of one. It is not repeated on the pages its group runs on.
        return (
            f"  table.header(level: {level}, repeat: false, table.cell(colspan: {len(widths)}, fill: luma(246), "
            f"breakable: false)[{_bold(row.heading, sum(widths))}])"
        )
    breakable = "true" if _breaks(row, widths, room) else "false"
    return ", ".join(
        f"  table.cell(breakable: {breakable})[{_paragraphs(cell, width)}]"
        for cell, width in zip(row.cells, widths, strict=True)
    )


EMBLEM = "emblem.img"


def typst_source(report: Report) -> str:
    """The whole document as Typst markup (the emblem, if any, is read from EMBLEM beside it)."""
    emblem = f'#align(center, image("{EMBLEM}", height: 1.8cm))\n' if report.emblem else ""
    out = [
        _digits_function(),
        f"#set document(title: {literal(' '.join(report.title))}, author: {literal(report.author)})\n",
        f'#set text(font: ("{FONT}",), size: {BODY_SIZE}, lang: "th", top-edge: {LINE_TOP}em, '
        f"bottom-edge: -{LINE_BOTTOM}em)\n",
        # Paragraphs clearly further apart than lines, so that a reader of the PDF can tell them apart.
        "#set par(leading: 0em, spacing: 0.8em)\n",
        # Every box as tall as its line, its text's top edge down to its bottom edge: a box's height then never
        # depends on the room around it.
        f"#set box(height: {LINE_TOP + LINE_BOTTOM:.2f}em)\n",
    ]
    if report.memo is not None:
        out.append(_page(report, landscape=False, numbered=False))
        out.append(emblem)
        out.append(_memo(report.memo, report.thai_digits))
    out.append(_page(report, landscape=report.landscape))
    if report.memo is not None:  # the report's pages are numbered from its own first page
        out.append("#counter(page).update(1)\n")
    if report.memo is None:
        out.append(emblem)
    out.append(
        "#align(center, block(below: 1em, stack(spacing: 0.5em, "
        + ", ".join(f'text(size: 12pt, weight: "bold", {literal(line)})' for line in report.title)
        + ")))\n"
    )
    for paragraph in report.introduction:
        out.append(f"{INDENTED}[{word_boxes(paragraph, TEXT_WIDTH[report.landscape], indent=INDENT)}]\n\n")
    out.extend(_table(table, report.landscape) for table in report.tables)
    for paragraph in report.closing:
        out.append(f"{INDENTED}[{word_boxes(paragraph, TEXT_WIDTH[report.landscape], indent=INDENT)}]\n\n")
    return "".join(out)


class _Typesetter:
    """One Typst compiler per process: Typst memoises layout, so a report re-rendered after an edit lays out only
    what changed (`make bench`: a report after one edit). Renewed every so often
    so that its cache stays bounded in a long-running server."""

    RENEW_AFTER = 100

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.directory = Path(tempfile.mkdtemp(prefix="prongsai-typst-"))
        self.source = self.directory / "report.typ"
        self.compiler: Any = None
        self.fonts: tuple[str, ...] = ()
        self.uses = 0

    def render(self, source: str, fonts: tuple[str, ...], emblem: bytes | None = None) -> bytes:
        import typst

        with self.lock:
            if self.compiler is None or fonts != self.fonts or self.uses >= self.RENEW_AFTER:
                self.source.write_text("", encoding="utf-8")
                self.compiler = typst.Compiler(
                    str(self.source), font_paths=list(fonts), ignore_system_fonts=True
                )
                self.fonts, self.uses = fonts, 0
            if emblem:
                (self.directory / EMBLEM).write_bytes(emblem)
            self.source.write_text(source, encoding="utf-8")
            self.uses += 1
            pdf: bytes = self.compiler.compile()
            return pdf


_typesetter = _Typesetter()


def render_pdf(report: Report, font_directories: Sequence[Path] | None = None) -> bytes:
    directories = tuple(str(d) for d in (font_directories or FONT_DIRECTORIES) if d.exists())
    try:
        pdf = _typesetter.render(typst_source(report), directories, report.emblem)
    except (
        RuntimeError
    ) as error:  # Typst reports its errors as RuntimeError; with our escaping, that is a bug
        raise ProngsaiError("สร้างไฟล์ PDF ไม่ได้", f"the PDF could not be typeset: {error}") from error
    return whole_clusters(pdf)  # each Thai cluster read back once (Typst draws some marks apart)
