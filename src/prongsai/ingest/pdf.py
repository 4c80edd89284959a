"""PDF with a text layer, read from its geometry: PDFium lists each glyph with where it is drawn, and each line
and rectangle drawn; pdfplumber's table finder makes the tables' cells of those lines; `glyphs.text_lines` makes
each cell's and the free text's lines of its glyphs.

Neither extractor's string is taken as it is: office suites and browsers write Thai in ways PDFium's and poppler's
text differ on ("ขัน ้ตอน", "เป็ นไป", "ที่มุ่ที่ มุ่ง"), and pdfplumber's own text sorts marks by x and adds spaces
(thai-documents-findings.md, §5). Where the glyphs are drawn is what a reader sees, so that is what is read.
pdfplumber (pdfminer) is asked for nothing but the page's content bytes: interpreting every glyph of a page in
Python took seconds a page for a browser's PDF, which draws each glyph on its own.
"""

from __future__ import annotations

import bisect
import ctypes
import functools
import io
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from prongsai.core.errors import ReadError
from prongsai.core.thai import words
from prongsai.ingest.blocks import Block, Paragraph, Table
from prongsai.ingest.cleaning import join_wrapped_lines, starts_list_item
from prongsai.ingest.containers import open_pdf
from prongsai.ingest.glyphs import THAI_MARKS, Glyph, Line, text_lines
from prongsai.ingest.limits import MAX_PAGE_CONTENT, MAX_PAGE_OBJECTS, MAX_PAGES, Budget, too_many

# x0, top, x1, bottom, measured from the page's top (pdfplumber's way)
Box = tuple[float, float, float, float]
Matrix = tuple[float, float, float, float, float, float]  # a PDF matrix: x' = ax + cy + e, y' = bx + dy + f
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

# pdfplumber's default table settings (TableSettings), applied to the edges PDFium gives.
SNAP_TOLERANCE = 3.0
JOIN_TOLERANCE = 3.0
EDGE_MIN_LENGTH = 3.0
INTERSECTION_TOLERANCE = 3.0

# Paragraphs: a baseline this many times the line pitch below the one before starts a new paragraph; the line pitch
# is at most LINE_PITCH_MOST ems. Measured pitches: lines of a paragraph 1.3 em (LibreOffice, Typst) to 1.7 em (a
# browser's normal line height for the TH Sarabun substitute, this project's PDF); the lines of a memo, each its
# own paragraph, 2.0 em (this project's PDF) to 2.25 em (LibreOffice).
LINE_BREAK_SHARE = 1.3
LINE_PITCH_MOST = 1.45
# Within a table cell: a line that ends less than WRAP_ROOM_FULL ems before the cell's text edge is full (the next
# line goes on with it); otherwise the next line's first word must be wider than the room left, less WRAP_SLACK
# ems for the spread of estimating a word's width from its share of the letters and of producers' own breaking
# (LibreOffice breaks some words newmm keeps whole). Chosen on the accuracy bench (bench/accuracy.py).
WRAP_ROOM_FULL = 0.6
WRAP_SLACK = 1.0
WRAP_EDGE_NEAR = 2.5
_BINDING = re.compile(r"[/()\[\].,:;\-–]")
_THAI = re.compile(r"[\u0E00-\u0E7F]")


def _too_much_drawn(name: str, number: int) -> ReadError:
    return too_many(
        name, f"อักษรหรือเส้นบนหน้า {number} ", f"characters or lines on page {number}", MAX_PAGE_OBJECTS
    )


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` then `outer`."""
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _matrix(raw: Any, handle: Any) -> Matrix:
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(handle, m):
        return IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


@dataclass
class _Drawing:
    """What a page draws, besides its text layer: its paths (each with the matrix that takes it to the page), and
    the spans of text an /ActualText stands for (which text object is in which, and the box of each span)."""

    paths: list[tuple[Any, Matrix]] = field(default_factory=list)
    span_of: dict[int, int] = field(default_factory=dict)  # text object → span
    span_box: dict[int, list[float]] = field(default_factory=dict)  # span → left, bottom, right, top


def _drawing(raw: Any, page: Any, name: str, number: int) -> _Drawing:
    """The page's objects, those inside forms too, looked at once; how many is bounded like the characters."""
    drawing = _Drawing()
    pending: list[tuple[int, Callable[[int], Any], Matrix]] = [
        (raw.FPDFPage_CountObjects(page), functools.partial(raw.FPDFPage_GetObject, page), IDENTITY)
    ]
    seen = 0
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    while pending:
        count, get, outer = pending.pop()
        seen += max(count, 0)
        if seen > MAX_PAGE_OBJECTS:
            raise _too_much_drawn(name, number)
        for index in range(count):
            handle = get(index)
            kind = raw.FPDFPageObj_GetType(handle)
            if kind == raw.FPDF_PAGEOBJ_PATH:
                drawing.paths.append((handle, outer))
            elif kind == raw.FPDF_PAGEOBJ_TEXT and raw.FPDFPageObj_CountMarks(handle) > 0:
                span = _span(raw, handle)
                if span is not None and raw.FPDFPageObj_GetBounds(handle, left, bottom, right, top):
                    drawing.span_of[_address(handle)] = span
                    box = drawing.span_box.setdefault(
                        span, [left.value, bottom.value, right.value, top.value]
                    )
                    box[0], box[1] = min(box[0], left.value), min(box[1], bottom.value)
                    box[2], box[3] = max(box[2], right.value), max(box[3], top.value)
            elif kind == raw.FPDF_PAGEOBJ_FORM:
                form = handle
                pending.append(
                    (
                        raw.FPDFFormObj_CountObjects(form),
                        functools.partial(raw.FPDFFormObj_GetObject, form),
                        _compose(_matrix(raw, form), outer),
                    )
                )
    return drawing


def _span(raw: Any, text_object: Any) -> int | None:
    """The marked-content span with an /ActualText the text object is drawn in (its identity), if any."""
    for index in reversed(range(raw.FPDFPageObj_CountMarks(text_object))):
        mark = raw.FPDFPageObj_GetMark(text_object, index)
        if raw.FPDFPageObjMark_GetParamValueType(mark, b"ActualText") == raw.FPDF_OBJECT_STRING:
            return _address(mark)
    return None


def _edges(raw: Any, paths: list[tuple[Any, Matrix]], height: float) -> list[dict[str, Any]]:
    """Every straight horizontal or vertical segment the paths draw, as pdfplumber's edges (its `lines`, `rects`
    and `curves` all come to segments), measured from the page's top."""
    edges: list[dict[str, Any]] = []
    x, y = ctypes.c_float(), ctypes.c_float()
    for path, outer in paths:
        a, b, c, d, e, f = _compose(_matrix(raw, path), outer)
        start = current = None
        for index in range(raw.FPDFPath_CountSegments(path)):
            segment = raw.FPDFPath_GetPathSegment(path, index)
            if not raw.FPDFPathSegment_GetPoint(segment, x, y):
                continue
            point = (
                round(a * x.value + c * y.value + e, 3),
                round(height - (b * x.value + d * y.value + f), 3),
            )
            kind = raw.FPDFPathSegment_GetType(segment)
            if kind == raw.FPDF_SEGMENT_LINETO and current is not None:
                _add_edge(edges, current, point)
            if kind == raw.FPDF_SEGMENT_MOVETO or start is None:
                start = point
            current = point
            if raw.FPDFPathSegment_GetClose(segment) and start is not None:
                _add_edge(edges, current, start)
                current = start
    return edges


def _add_edge(edges: list[dict[str, Any]], p: tuple[float, float], q: tuple[float, float]) -> None:
    (x0, top), (x1, bottom) = p, q
    if x0 == x1:
        edges.append(_edge("v", x0, x0, min(top, bottom), max(top, bottom)))
    elif top == bottom:
        edges.append(_edge("h", min(x0, x1), max(x0, x1), top, top))


def _edge(orientation: str, x0: float, x1: float, top: float, bottom: float) -> dict[str, Any]:
    """An edge as pdfplumber's table finder takes it."""
    return {
        "object_type": "line",
        "orientation": orientation,
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "doctop": top,
        "width": x1 - x0,
        "height": bottom - top,
    }


def _tables(edges: list[dict[str, Any]]) -> list[tuple[Box, list[list[Box | None]]]]:
    """The tables the edges draw, as pdfplumber's TableFinder finds them with its default settings: each with its
    box and its rows of cell boxes (None where a merged cell covers the place)."""
    from pdfplumber.table import (
        Table as FoundTable,
    )
    from pdfplumber.table import (
        cells_to_tables,
        edges_to_intersections,
        intersections_to_cells,
        merge_edges,
    )
    from pdfplumber.utils.geometry import filter_edges

    edges = filter_edges(edges, min_length=1)
    edges = merge_edges(edges, SNAP_TOLERANCE, SNAP_TOLERANCE, JOIN_TOLERANCE, JOIN_TOLERANCE)
    edges = filter_edges(edges, min_length=EDGE_MIN_LENGTH)
    edges += _page_break_edges(edges)
    intersections = edges_to_intersections(edges, INTERSECTION_TOLERANCE, INTERSECTION_TOLERANCE)
    found = []
    for cells in cells_to_tables(intersections_to_cells(intersections)):
        for part in _separate(cells):
            table = FoundTable(None, part)  # type: ignore[arg-type]
            found.append((table.bbox, [list(row.cells) for row in table.rows]))
    return found


def _separate(cells: list[Box]) -> list[list[Box]]:
    """The cells of tables drawn one right under the other (their rules touch, so pdfplumber finds one table),
    apart again: where the column boundaries across one row and those across the next are neither a part of the
    other, a new table starts. A row's boundaries are those of every cell across it, a cell merged down from a
    row above included, so a heading cell split into sub-headings, or a merged cell, keeps its table whole."""
    tops = sorted({cell[1] for cell in cells})
    parts: list[list[Box]] = []
    previous: set[float] = set()
    for top in tops:
        across = [cell for cell in cells if cell[1] - 0.5 <= top < cell[3] - 0.5]
        bounds = {round(x, 1) for cell in across for x in (cell[0], cell[2])}
        if not parts or not (bounds <= previous or previous <= bounds):
            parts.append([])
        parts[-1].extend(cell for cell in cells if cell[1] == top)
        previous = bounds
    return parts


def _page_break_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rules a page break leaves out: a browser (and a word processor, for a row allowed to break) draws no
    line under a row the page cuts, nor over the rest of it on the next page, so its cells are open. Where two or
    more of a table's vertical rules end at the same height with no horizontal rule there, one is drawn across
    them, as a reader sees the page's edge close the cells."""
    vertical = [e for e in edges if e["orientation"] == "v"]
    horizontal = [e for e in edges if e["orientation"] == "h"]

    def closed(x: float, y: float) -> bool:
        return any(
            abs(h["top"] - y) <= INTERSECTION_TOLERANCE
            and h["x0"] - INTERSECTION_TOLERANCE <= x <= h["x1"] + INTERSECTION_TOLERANCE
            for h in horizontal
        )

    added: list[dict[str, Any]] = []
    for end in ("top", "bottom"):
        open_ends = sorted((e[end], e["x0"]) for e in vertical if not closed(e["x0"], e[end]))
        groups: list[list[tuple[float, float]]] = []
        for y, x in open_ends:
            if groups and y - groups[-1][0][0] <= SNAP_TOLERANCE:
                groups[-1].append((y, x))
            else:
                groups.append([(y, x)])
        for group in groups:
            if len(group) >= 2:
                y = group[0][0]
                x0, x1 = min(x for _, x in group), max(x for _, x in group)
                added.append(_edge("h", x0, x1, y, y))
    return added


def _glyphs(raw: Any, textpage: Any, drawing: _Drawing) -> list[Glyph]:
    """The page's glyphs with their text and places. PDFium's own additions (spaces and line breaks it guessed)
    and every space are left out: spaces come back from the gaps (`glyphs.text_lines`). A span with an
    /ActualText is one glyph, over all of the span's glyphs, with its text once (PDFium lists it again for a later
    glyph of the span it meets after another: the browser's "ที่มุ่ที่ มุ่ง"); one glyph PDFium splits into several
    characters ("ที่" drawn as one glyph) is one glyph again."""
    left, right, bottom, top = ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    loose = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    x, y = ctypes.c_double(), ctypes.c_double()
    # PDFium's calls, looked up once: this loop runs for every character of every page
    unicode, is_hyphen = raw.FPDFText_GetUnicode, raw.FPDFText_IsHyphen
    char_box, loose_box, origin = (
        raw.FPDFText_GetCharBox,
        raw.FPDFText_GetLooseCharBox,
        raw.FPDFText_GetCharOrigin,
    )
    font_size, char_matrix, text_object_of = (
        raw.FPDFText_GetFontSize,
        raw.FPDFText_GetMatrix,
        raw.FPDFText_GetTextObject,
    )
    spans = drawing.span_of
    owners: dict[int, int] = {}  # span → the text object whose characters carry its text
    glyphs: list[Glyph] = []
    last: Glyph | None = None
    previous_object = previous_span = None
    size, scale_baseline = 0.0, None
    for index in range(raw.FPDFText_CountChars(textpage)):
        # What PDFium generates (spaces, line breaks) is whitespace, left out below. A hyphen ending a line, which
        # PDFium takes for hyphenation, is a list item's bullet here.
        code = unicode(textpage, index)
        if (code < 0x20 or code == 0xFFFE) and is_hyphen(textpage, index):
            code = 0x2D
        character = chr(code)
        if code < 0x20 or code >= 0xFFF0 or character.isspace():
            continue
        text_object = span = None
        if spans:
            text_object = _address(text_object_of(textpage, index))
            span = spans.get(text_object)
            if span is not None and owners.setdefault(span, text_object) != text_object:
                continue
        char_box(textpage, index, left, right, bottom, top)
        loose_box(textpage, index, loose)
        origin(textpage, index, x, y)
        if y.value != scale_baseline:  # the font's size as drawn, once a line
            char_matrix(textpage, index, matrix)
            scale = abs(matrix.a * matrix.d - matrix.b * matrix.c) ** 0.5
            size, scale_baseline = font_size(textpage, index) * scale, y.value
        glyph = Glyph(
            character,
            loose.left,
            loose.right,
            left.value,
            right.value,
            bottom.value,
            top.value,
            y.value,
            x.value,
            size,
        )
        if span is not None and (last is None or span != previous_span or text_object != previous_object):
            # the span's first character: the glyph covers every glyph of the span
            span_left, span_bottom, span_right, span_top = drawing.span_box[span]
            glyph.left, glyph.ink_left = min(glyph.left, span_left), min(glyph.ink_left, span_left)
            glyph.right, glyph.ink_right = max(glyph.right, span_right), max(glyph.ink_right, span_right)
            glyph.bottom, glyph.top = min(glyph.bottom, span_bottom), max(glyph.top, span_top)
            glyphs.append(glyph)
            last = glyph
        elif last is not None and (
            (span is not None and span == previous_span)
            or (
                last.x == glyph.x
                and last.bottom == glyph.bottom
                and last.top == glyph.top
                and abs(last.right - glyph.left) < 0.01
            )
        ):
            last.text += character  # the rest of the span's text, or of one glyph's
        else:
            glyphs.append(glyph)
            last = glyph
        previous_object, previous_span = text_object, span
    return glyphs


class _Cells:
    """Which table cell a point lies in, found by halving: each table's cells laid on the grid of their edges."""

    def __init__(self, tables: list[tuple[Box, list[list[Box | None]]]]) -> None:
        self.tables: list[
            tuple[Box, list[float], list[float], dict[tuple[int, int], tuple[int, int, int]]]
        ] = []
        for t, (bbox, rows) in enumerate(tables):
            boxes = [(r, c, box) for r, row in enumerate(rows) for c, box in enumerate(row) if box]
            xs = sorted({v for _, _, box in boxes for v in (box[0], box[2])})
            ys = sorted({v for _, _, box in boxes for v in (box[1], box[3])})
            grid = {}
            for r, c, box in boxes:
                for i in range(bisect.bisect_left(xs, box[0]), bisect.bisect_left(xs, box[2])):
                    for j in range(bisect.bisect_left(ys, box[1]), bisect.bisect_left(ys, box[3])):
                        grid[i, j] = (t, r, c)
            self.tables.append((bbox, xs, ys, grid))

    def find(self, x: float, y: float) -> tuple[int, int, int] | None:
        for bbox, xs, ys, grid in self.tables:
            if bbox[0] <= x <= bbox[2] and bbox[1] <= y <= bbox[3]:
                i = min(bisect.bisect_right(xs, x) - 1, len(xs) - 2)
                j = min(bisect.bisect_right(ys, y) - 1, len(ys) - 2)
                return grid.get((i, j))
        return None


def _page_blocks(
    glyphs: list[Glyph], height: float, tables: list[tuple[Box, list[list[Box | None]]]], number: int
) -> list[Block]:
    """Each glyph goes to the table cell or the free text that the middle of its ink, just above its baseline,
    lies in; the cells' lines are joined as wrapped lines, the free lines grouped into paragraphs."""
    cells = _Cells(tables)
    in_cell: dict[tuple[int, int, int], list[Glyph]] = {}
    free: list[Glyph] = []
    for glyph in glyphs:
        target = cells.find(glyph.centre, height - glyph.baseline - 1.0)
        (free if target is None else in_cell.setdefault(target, [])).append(glyph)

    placed: list[tuple[float, Block]] = []
    for t, (bbox, rows) in enumerate(tables):
        texts = [
            [
                cell_text(text_lines(in_cell.get((t, r, c), [])), box[0], box[2]) if box else ""
                for c, box in enumerate(row)
            ]
            for r, row in enumerate(rows)
        ]
        origins = [f"page {number}, table {t + 1}, row {n}" for n in range(1, len(texts) + 1)]
        placed.append((bbox[1], Table(texts, f"page {number}, table {t + 1}", origins)))
    lines = text_lines(free)
    for paragraph in _paragraphs(lines):
        placed.append(
            (
                height - paragraph[0].top,
                Paragraph(join_wrapped_lines([line.text for line in paragraph]), f"page {number}"),
            )
        )
    return [block for _, block in sorted(placed, key=lambda pair: pair[0])]


def cell_text(lines: list[Line], left: float, right: float) -> str:
    """A table cell's lines (its box from `left` to `right`) as text: the lines of one paragraph joined as
    wrapped lines, paragraphs one to a line. A line wrapped because its next word did not fit, so a line is the
    rest of the one above when the room left at the end of that one is narrower than this line's first word; a
    paragraph that ended (a list item typed as its own paragraph, with no number or bullet) leaves more room."""
    if not lines:
        return ""
    if starts_list_item(lines[0].text):
        # a numbered or bulleted list: its markers tell its items apart, surer than where its lines end
        return join_wrapped_lines([line.text for line in lines])
    padding = max(0.0, min(line.left for line in lines) - left)
    end = right - padding  # where the text may reach: the cell's padding taken as the same on both sides
    reached = max(line.right for line in lines)
    if end - reached < WRAP_EDGE_NEAR * lines[0].size:
        end = (
            reached  # a producer that keeps more room on the right (LibreOffice) wraps where its lines reach
        )
    paragraphs = [[lines[0].text]]
    for previous, line in itertools.pairwise(lines):
        if _wrapped(previous, line, end):
            paragraphs[-1].append(line.text)
        else:
            paragraphs.append([line.text])
    return "\n".join(join_wrapped_lines(paragraph) for paragraph in paragraphs)


def _wrapped(previous: Line, line: Line, end: float) -> bool:
    """Whether `line` is the rest of `previous`: its first word (a dictionary word, or up to a space) would not
    have fit in the room `previous` left before `end`. The word's width is its share of the line's letters."""
    room = end - previous.right
    size = previous.size or (previous.top - previous.baseline)
    if room <= WRAP_ROOM_FULL * size:
        return True
    letters = [c for c in line.text if not c.isspace() and c not in THAI_MARKS]
    first_letters = sum(1 for c in _first_word(line.text) if c not in THAI_MARKS)
    if not letters or not first_letters:
        return True
    if len(line.letter_ends) == len(letters):
        width = line.letter_ends[min(first_letters, len(letters)) - 1] - line.left
    else:  # the letters as drawn and as spelt differ (a cluster drawn as one glyph): their share of the line
        width = (line.right - line.left) * first_letters / len(letters)
    return width + WRAP_SLACK * size > room


def _first_word(text: str) -> str:
    """The line's first unbreakable run: its first dictionary word, with what punctuation binds to it
    ("งาน/การ", "(งาน") and the rest of a run without Thai letters ("http://…", "LINE")."""
    first = ""
    for word in words(text):
        if not word.strip():
            break
        if (
            first
            and not (_BINDING.search(first[-1]) or _BINDING.match(word))
            and _THAI.search(word + first[-1])
        ):
            break
        first += word
    return first


def _paragraphs(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into paragraphs: a paragraph break makes the distance from one baseline to the next clearly
    longer (LINE_BREAK_SHARE) than the closest baseline pitch on the page, or than a line's pitch at most
    (LINE_PITCH_MOST ems), on a page where every paragraph is one line long."""
    if not lines:
        return []
    pitches = sorted(a.baseline - b.baseline for a, b in itertools.pairwise(lines) if a.baseline > b.baseline)
    sizes = sorted(line.size if line.size > 0 else line.top - line.baseline for line in lines)
    most = LINE_PITCH_MOST * sizes[len(sizes) // 2]
    typical = min(pitches[len(pitches) // 5], most) if pitches else most
    groups = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        if previous.baseline - line.baseline > LINE_BREAK_SHARE * typical:
            groups.append([])
        groups[-1].append(line)
    return groups


# The operators that paint something (a path, text, an image or form).
_PAINTING = re.compile(rb"(?<![^\s\])>])(?:S|s|f\*?|F|B\*?|b\*?|Tj|TJ|'|\"|Do|sh)(?![^\s\[(</])")


def _contents(data: bytes) -> Iterator[bytes]:
    """Each page's content streams, decoded (each already bounded by check_pdf_streams), by pdfminer: the page
    is bounded before PDFium parses it."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.pdftypes import resolve1

    for page in PDFPage.create_pages(PDFDocument(PDFParser(io.BytesIO(data)))):
        streams = page.contents if isinstance(page.contents, list) else [page.contents]
        yield b"\n".join(resolve1(stream).get_data() for stream in streams if stream is not None)


def pdf_blocks(data: bytes, name: str) -> list[Block]:
    import pypdfium2.raw as raw

    document = open_pdf(data, name)
    blocks: list[Block] = []
    any_text = False
    budget = Budget(name)
    try:
        if len(document) > MAX_PAGES:
            raise too_many(name, "หน้า", "pages", MAX_PAGES)
        contents = _contents(data)
        for number in range(1, len(document) + 1):
            # The page's content and its painting operators are bounded before PDFium parses it, its characters
            # and objects before the work that grows with them.
            content = next(contents, b"")
            if len(content) > MAX_PAGE_CONTENT:
                raise too_many(
                    name, f"คำสั่งวาดบนหน้า {number} ", f"bytes of content on page {number}", MAX_PAGE_CONTENT
                )
            if len(_PAINTING.findall(content)) > MAX_PAGE_OBJECTS:
                raise _too_much_drawn(name, number)
            page = document[number - 1]
            textpage = page.get_textpage()
            if textpage.count_chars() > MAX_PAGE_OBJECTS:
                raise _too_much_drawn(name, number)
            height = page.get_height()
            any_text = any_text or bool(budget.text(textpage.get_text_range()).strip())
            drawing = _drawing(raw, page.raw, name, number)
            tables = _tables(_edges(raw, drawing.paths, height))
            blocks.extend(_page_blocks(_glyphs(raw, textpage.raw, drawing), height, tables, number))
            textpage.close()
            page.close()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged page is a damaged file
        raise ReadError(
            f"อ่านไฟล์ PDF {name} ไม่ได้ (ไฟล์เสีย)", f"cannot read the PDF {name} ({type(exc).__name__})"
        ) from None
    finally:
        document.close()
    if not any_text:
        raise ReadError(
            f"ไฟล์ PDF {name} ไม่มีชั้นข้อความ (อาจเป็นภาพสแกน) ต้องแปลงด้วย OCR ก่อน",
            f"{name} has no text layer (a scanned image?): run OCR first",
        )
    return blocks
