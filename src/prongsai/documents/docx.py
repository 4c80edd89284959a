"""DOCX that officials finish in Word: A4, TH SarabunPSK 16 pt set for Thai (complex script) as well as Latin.

python-docx's defaults are US Letter and a theme font for complex scripts at 11 pt, so Word would show Thai in
Cordia New 11 pt (thai-documents-findings.md §3). Every run style here names the font in all four slots, sets
both sizes and the th-TH language. Table header rows repeat on every page; a row splits only when taller than a
third of a page (`DOCX_KEEP_WHOLE_UP_TO`).

As LibreOffice opens it too: the font travels in the file (`docx_fonts`), the table grid is as wide as the cells
(LibreOffice follows the grid), page numbers are a plain PAGE field in the report section's Thai digit format, and
signers' lines are broken only at their spaces.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any
from xml.sax.saxutils import escape

from docx import Document as new_document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt, RGBColor

from prongsai.core.compose import Chart, Report, Table, opinion_heading
from prongsai.core.model import Memo
from prongsai.core.thai import format_date, to_thai_digits
from prongsai.documents import printable
from prongsai.documents.chart import CURRENT, PREVIOUS, THRESHOLD
from prongsai.documents.chart import png as chart_png
from prongsai.documents.docx_fonts import DIGITS_FAMILY, fit_lines, text_width
from prongsai.documents.docx_fonts import embed as embed_font

FONT = "TH SarabunPSK"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SIZE = 16
# Lines as far apart as the PDF's, so both formats take as many pages: TH SarabunPSK's own line is 1.33 em, which
# made a 17-page report 22 pages. Exact spacing, a fraction of the largest size on the line: the PDF's pitch
# (pdf.LINE_PITCH: LINE_TOP + LINE_BOTTOM, 1.7 em of Laksaman at 10.65 pt, about 18.1 pt) over 16 pt.
LINE_SPACING = (1.3 + 0.4) * 10.65 / 16
MEMO_LINE_SPACING = 14 / 16  # the memo's: the pitch the PDF's lines had before, so the memo fits its page
# A row is kept whole up to a third of a page here, not half as in the PDF: Word and LibreOffice wrap the text by
# their own measure, so a row the PDF's estimate puts just under half a page can leave more than half of one
# blank there. At a half, LibreOffice set the 50-measure report on 19 pages against the PDF's 17; at a third, 18.
DOCX_KEEP_WHOLE_UP_TO = 1 / 3
PORTRAIT_TEXT_CM = 21.0 - 5.0  # the memo page's width between its margins
SIGNATURE_INDENT_CM = 7.0
POINTS_PER_CM = 72 / 2.54


def _font(properties: object, *, size: float = SIZE, bold: bool = False) -> None:
    """Name the font for every script, set both sizes and the Thai language on a w:rPr element."""
    rpr = properties
    fonts = rpr.find(qn("w:rFonts"))  # type: ignore[attr-defined]
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)  # type: ignore[attr-defined]
    for attribute in list(fonts.attrib):
        if attribute.endswith("Theme"):
            del fonts.attrib[attribute]
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(slot), FONT)
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))  # type: ignore[attr-defined]
        if element is None:
            element = OxmlElement(tag)
            rpr.append(element)  # type: ignore[attr-defined]
        element.set(qn("w:val"), str(int(size * 2)))
    if bold:
        for tag in ("w:b", "w:bCs"):
            if rpr.find(qn(tag)) is None:  # type: ignore[attr-defined]
                rpr.append(OxmlElement(tag))  # type: ignore[attr-defined]
    language = rpr.find(qn("w:lang"))  # type: ignore[attr-defined]
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)  # type: ignore[attr-defined]
    for attribute in ("w:val", "w:bidi", "w:eastAsia"):
        language.set(qn(attribute), "th-TH")


def _run(paragraph: object, value: str, *, size: float = SIZE, bold: bool = False) -> None:
    value = printable(value)
    run = paragraph.add_run()  # type: ignore[attr-defined]
    if "\t" in value or "\n" in value or "\r" in value:
        run.text = value  # python-docx makes tabs and line breaks of them, one character at a time
    else:
        run._r.add_t(value)  # the same <w:t>, without that walk over every character (a third of the time)
    if size != SIZE or bold:  # the document defaults already carry the font, the size and the language
        _font(run._r.get_or_add_rPr(), size=size, bold=bold)
    if size > SIZE:  # the line must be as high as its largest letters
        spacing = paragraph.paragraph_format  # type: ignore[attr-defined]
        if spacing.line_spacing is None or spacing.line_spacing < Pt(size * LINE_SPACING):
            spacing.line_spacing = Pt(size * LINE_SPACING)


def _paragraph(
    container: object,
    value: str = "",
    *,
    size: float = SIZE,
    bold: bool = False,
    align: int | None = None,
    indent: bool = False,
) -> object:
    paragraph = container.add_paragraph()  # type: ignore[attr-defined]
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Cm(1.25)
        paragraph.alignment = WD_ALIGN_PARAGRAPH.THAI_JUSTIFY
    if value:
        _run(paragraph, value, size=size, bold=bold)
    return paragraph


def _page_setup(section: object, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT  # type: ignore[attr-defined]
    width, height = Cm(29.7), Cm(21.0)
    section.page_width, section.page_height = (width, height) if landscape else (height, width)  # type: ignore[attr-defined]
    section.left_margin = section.right_margin = Cm(1.6 if landscape else 2.5)  # type: ignore[attr-defined]
    section.top_margin = Cm(1.6 if landscape else 2.0)  # type: ignore[attr-defined]
    section.bottom_margin = Cm(1.8)  # type: ignore[attr-defined]


def _footer(section: object, report: Report, *, numbered: bool = True) -> None:
    """ "O43 · หน้า ๑": a plain PAGE field in the section's page number format (Thai digits, see _page_numbers).
    The cover memo's pages carry no number (`numbered`).

    The ThaiArabic field switch, which Word reads as Thai digits, LibreOffice reads as Thai letters ("หน้า ก / ฒ"),
    and LibreOffice ignores the section's format: the field's run is set in a font that draws any digit as a Thai
    one. NUMPAGES follows no section format, so a page total in Thai digits would need that switch: it is left out."""
    section.footer.is_linked_to_previous = False  # type: ignore[attr-defined]
    paragraph = section.footer.paragraphs[0]  # type: ignore[attr-defined]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if not numbered:
        if report.footer:
            _run(paragraph, report.footer, size=12)
        return
    if report.footer:
        _run(paragraph, f"{report.footer} · ", size=12)
    _run(paragraph, "หน้า ", size=12)
    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    _font(rpr, size=12)
    if report.thai_digits:
        # Thai digits where the application writes Arabic ones (LibreOffice): see docx_fonts.DIGITS_FAMILY.
        for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            rpr.find(qn("w:rFonts")).set(qn(slot), DIGITS_FAMILY)
    run.append(rpr)
    value = OxmlElement("w:t")
    value.text = "๑" if report.thai_digits else "1"
    run.append(value)
    simple.append(run)
    paragraph._p.append(simple)


def _page_numbers(section: object, thai_digits: bool, start: int | None = None) -> None:
    """The section's page numbers in Thai digits (w:pgNumType w:fmt="thaiNumbers", ECMA-376 Part 1 §17.6.12),
    which a PAGE field without a format switch takes on."""
    properties = section._sectPr  # type: ignore[attr-defined]
    for old in properties.findall(qn("w:pgNumType")):
        properties.remove(old)
    if not thai_digits and start is None:
        return
    numbering = OxmlElement("w:pgNumType")
    if thai_digits:
        numbering.set(qn("w:fmt"), "thaiNumbers")
    if start is not None:
        numbering.set(qn("w:start"), str(start))
    # In the schema's sequence: after w:pgMar, w:paperSrc, w:pgBorders, w:lnNumType.
    anchor = None
    for tag in ("w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType"):
        anchor = properties.find(qn(tag)) if properties.find(qn(tag)) is not None else anchor
    if anchor is not None:
        anchor.addnext(numbering)
    else:
        properties.append(numbering)


def _memo(document: object, memo: Memo, thai_digits: bool) -> None:
    """The cover memo; its text is in the report's digits already (compose). Its lines keep the closer pitch
    (MEMO_LINE_SPACING), as the PDF's memo keeps its head and signature lines 2 em apart: it fits its one page."""
    first = len(document.paragraphs)  # type: ignore[attr-defined]
    _memo_paragraphs(document, memo, thai_digits)
    for paragraph in document.paragraphs[first:]:  # type: ignore[attr-defined]
        spacing = paragraph.paragraph_format
        if spacing.line_spacing is not None and not isinstance(spacing.line_spacing, Length):
            continue  # a single-spaced picture, never clipped
        line = spacing.line_spacing if isinstance(spacing.line_spacing, Length) else Pt(SIZE * LINE_SPACING)
        spacing.line_spacing = Pt(line.pt * MEMO_LINE_SPACING / LINE_SPACING)


def _memo_paragraphs(document: object, memo: Memo, thai_digits: bool) -> None:
    _paragraph(document, "บันทึกข้อความ", size=29, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    date = memo.date_text or (format_date(memo.date, "full", thai_digits=thai_digits) if memo.date else "")
    for label, value in (
        ("ส่วนราชการ", memo.office or ""),
        ("ที่", memo.ref or ""),
        ("วันที่", date),
        ("เรื่อง", memo.subject or ""),
    ):
        paragraph = _paragraph(document)
        _run(paragraph, label + " ", size=20, bold=True)
        _run(paragraph, value)
    _paragraph(document, "เรียน " + (memo.to or ""))
    for body in (memo.body or "").split("\n"):
        if body.strip():
            _paragraph(document, body, indent=True)
    for signature in memo.signatures:
        _signature(document, signature.name, signature.position)
    for opinion in memo.opinions:
        heading = _paragraph(document, opinion_heading(opinion.role), bold=True)
        heading.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
        _paragraph(document, opinion.text or "." * 110)
        if not opinion.text:
            _paragraph(document, "." * 110)
        signed = format_date(opinion.date, "full", thai_digits=thai_digits) if opinion.date else None
        _signature(document, opinion.name or "", opinion.position or "", dated=True, date=signed)


def _signature(
    document: object, name: str, position: str, *, dated: bool = False, date: str | None = None
) -> None:
    lines = [
        "(ลงชื่อ) ..............................................",
        f"({name})" if name else "(..............................................)",
    ]
    if position:
        lines.append(position)
    if date:
        lines.append(f"วันที่ {date}")
    elif dated:
        lines.append("วันที่ ........ / ........ / ........")
    # Each line as it will print: a long position split at its spaces into lines that fit, so that no line wraps
    # by itself, and so none breaks inside a word ("หนองป่า|ก่อ"); the block moves left for a phrase too long.
    available = PORTRAIT_TEXT_CM - SIGNATURE_INDENT_CM
    fitted = [part for line in lines for part in fit_lines(line, available * POINTS_PER_CM, SIZE)]
    widest = max(text_width(line, SIZE) for line in fitted) / POINTS_PER_CM
    indent = max(0.0, min(SIGNATURE_INDENT_CM, PORTRAIT_TEXT_CM - widest - 0.2))
    for index, line in enumerate(fitted):
        paragraph = _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.left_indent = Cm(indent)  # type: ignore[attr-defined]
        paragraph.paragraph_format.keep_with_next = index < len(fitted) - 1  # type: ignore[attr-defined]


def _repeat_header(row: object) -> None:
    properties = row._tr.get_or_add_trPr()  # type: ignore[attr-defined]
    properties.append(OxmlElement("w:tblHeader"))


def _keep_whole(row: object) -> None:
    row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))  # type: ignore[attr-defined]


def _fill(cell: object, paragraphs: Sequence[str], *, bold: bool = False, shade: str | None = None) -> None:
    first = True
    for value in paragraphs or [""]:
        paragraph = cell.paragraphs[0] if first else cell.add_paragraph()  # type: ignore[attr-defined]
        paragraph.paragraph_format.space_after = Pt(0)
        if value:
            _run(paragraph, value, bold=bold)
        first = False
    if shade:
        properties = cell._tc.get_or_add_tcPr()  # type: ignore[attr-defined]
        fill = OxmlElement("w:shd")
        fill.set(qn("w:val"), "clear")
        fill.set(qn("w:fill"), shade)
        properties.append(fill)


def _set_widths(rows: Iterable[Any], widths: Sequence[Length]) -> None:
    for row in rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width


def _text_xml(value: str) -> str:
    """A run's content as `_run` writes it through python-docx: tabs and line breaks as elements of their own."""
    value = printable(value)
    if not any(c in value for c in "\t\n\r"):
        return _t_xml(value)
    parts = re.split(r"(\t|\n|\r)", value)
    return "".join(
        ("<w:tab/>" if part == "\t" else "<w:br/>") if index % 2 else (_t_xml(part) if part else "")
        for index, part in enumerate(parts)
    )


def _t_xml(part: str) -> str:
    space = ' xml:space="preserve"' if part != part.strip() else ""  # as python-docx's w:t: where it matters
    return f"<w:t{space}>{escape(part)}</w:t>"


def _row_xml(cells: Sequence[Sequence[str]], twips: Sequence[int], *, keep_whole: bool) -> str:
    """A table row of plain cells, as `grid.add_row()` and `_fill` make it, written at once: building it element
    by element through python-docx took most of the DOCX writer's time."""
    out = ["<w:tr>", "<w:trPr><w:cantSplit/></w:trPr>" if keep_whole else ""]
    for paragraphs, width in zip(cells, twips, strict=True):
        out.append(f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{width}"/></w:tcPr>')
        for value in paragraphs or [""]:
            run = f"<w:r>{_text_xml(value)}</w:r>" if value else ""
            out.append(f'<w:p><w:pPr><w:spacing w:after="0"/></w:pPr>{run}</w:p>')
        out.append("</w:tc>")
    out.append("</w:tr>")
    return "".join(out)


def _keep_with_next(cell: object) -> None:
    for paragraph in cell.paragraphs:  # type: ignore[attr-defined]
        paragraph.paragraph_format.keep_with_next = True


def _table(document: object, table: Table, usable_width: float, landscape: bool) -> None:
    from prongsai.documents.pdf import breakable_rows

    for paragraph in table.preface:
        _paragraph(document, paragraph, indent=True)
    if table.heading:  # kept on the page of the table's first rows, never alone at the foot of one
        heading = _paragraph(document, table.heading, bold=True)
        heading.paragraph_format.keep_with_next = True  # type: ignore[attr-defined]
    columns = table.columns
    two_rows = any(c.parent for c in columns)
    header_rows = 2 if two_rows else 1
    grid = document.add_table(rows=header_rows, cols=len(columns))  # type: ignore[attr-defined]
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = [Cm(usable_width * c.width) for c in columns]
    for index, column in enumerate(columns):
        if two_rows and column.parent:
            _fill(grid.cell(1, index), [column.header], bold=True, shade="EBEBEB")
        elif two_rows:
            merged = grid.cell(0, index).merge(grid.cell(1, index))
            _fill(merged, [column.header], bold=True, shade="EBEBEB")
        else:
            _fill(grid.cell(0, index), [column.header], bold=True, shade="EBEBEB")
    if two_rows:
        index = 0
        while index < len(columns):
            parent = columns[index].parent
            if parent:
                end = index
                while end + 1 < len(columns) and columns[end + 1].parent == parent:
                    end += 1
                merged = grid.cell(0, index).merge(grid.cell(0, end))
                _fill(merged, [parent], bold=True, shade="EBEBEB")
                index = end + 1
            else:
                index += 1
    for row in grid.rows:
        _repeat_header(row)
        _keep_whole(row)
    _set_widths(grid.rows, widths)
    body: list[str] = []  # the measures' rows as WordprocessingML, parsed together

    def add_body() -> None:
        if body:
            grid._tbl.extend(parse_xml(f'<w:tbl xmlns:w="{W}">{"".join(body)}</w:tbl>'))
            body.clear()

    twips = [width.twips for width in widths]
    for row, breakable in zip(
        table.rows, breakable_rows(table, landscape, DOCX_KEEP_WHOLE_UP_TO), strict=True
    ):
        if row.heading is None:
            # a tall row breaks rather than leave most of a page blank (the PDF's rule)
            body.append(_row_xml(row.cells, twips, keep_whole=not breakable))
            continue
        add_body()
        added = grid.add_row()
        cells = added.cells
        merged = cells[0].merge(cells[-1])
        _fill(merged, [row.heading], bold=True, shade="F6F6F6")
        _keep_with_next(merged)  # a group heading stays with the row after it
        if not breakable:
            _keep_whole(added)
        _set_widths([added], widths)
    add_body()
    _grid_widths(grid, widths)
    _paragraph(document)
    if table.chart is not None:
        _chart(document, table.chart, usable_width)


def _chart(document: object, chart: Chart, usable_width: float) -> None:
    """The chart as a picture the width of the text, its legend and caption as text under it."""
    from prongsai.documents.pdf import FONT_DIRECTORIES, FONT_FILE

    width = usable_width / 2.54 * 72
    picture = chart_png(chart, width, next((d / FONT_FILE for d in FONT_DIRECTORIES), None))
    paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
    paragraph.add_run().add_picture(io.BytesIO(picture), width=Cm(usable_width))  # type: ignore[attr-defined]
    legend = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
    threshold = f"เกณฑ์ {chart.threshold:g} คะแนน"
    keys = [*zip(chart.legend, (CURRENT, PREVIOUS), strict=False), (threshold, THRESHOLD)]
    for index, (label, colour) in enumerate(keys):
        mark = legend.add_run(("   " if index else "") + ("■ " if colour != THRESHOLD else "- - "))  # type: ignore[attr-defined]
        _font(mark._r.get_or_add_rPr(), size=14)
        mark.font.color.rgb = RGBColor.from_string(colour.upper())
        _run(legend, to_thai_digits(label) if chart.thai_digits else label, size=14)
    _paragraph(document, chart.caption, align=WD_ALIGN_PARAGRAPH.CENTER)


def _grid_widths(grid: object, widths: Sequence[Length]) -> None:
    """The table grid (w:gridCol) as wide as the cells, the table as wide as its columns, and a fixed layout:
    LibreOffice sizes columns by the grid, which python-docx writes in equal parts whatever the cells say."""
    table = grid._tbl  # type: ignore[attr-defined]
    for column, width in zip(table.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        column.set(qn("w:w"), str(width.twips))
    properties = table.tblPr
    total = properties.find(qn("w:tblW"))  # python-docx writes one ("auto")
    total.set(qn("w:w"), str(sum(w.twips for w in widths)))
    total.set(qn("w:type"), "dxa")
    grid.autofit = False  # type: ignore[attr-defined]  # w:tblLayout fixed, in its place in w:tblPr


def _emblem(document: object, emblem: bytes | None) -> None:
    if emblem:
        paragraph = _paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER)
        paragraph.paragraph_format.line_spacing = 1.0  # type: ignore[attr-defined]  # exact spacing would clip it
        paragraph.add_run().add_picture(io.BytesIO(emblem), height=Cm(1.8))  # type: ignore[attr-defined]


def _properties(document: object, report: Report) -> None:
    """The file's own properties: the template's say "python-docx", 2013."""
    properties = document.core_properties  # type: ignore[attr-defined]
    properties.title = printable(" ".join(report.title))
    properties.author = properties.last_modified_by = printable(report.author)
    properties.comments = properties.subject = properties.keywords = properties.category = ""
    properties.language = "th-TH"
    properties.created = properties.modified = dt.datetime.now(dt.UTC).replace(microsecond=0)
    properties.revision = 1


def render_docx(report: Report) -> bytes:
    document = new_document()
    styles = document.styles
    _font(styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr")))
    _font(styles["Normal"].element.get_or_add_rPr())
    styles["Normal"].paragraph_format.line_spacing = Pt(SIZE * LINE_SPACING)
    section = document.sections[0]
    if report.memo is not None:
        _page_setup(section, landscape=False)
        _footer(section, report, numbered=False)
        _emblem(document, report.emblem)
        _memo(document, report.memo, report.thai_digits)
        section = document.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=report.landscape)
    # The report's pages are numbered from its own first page, the memo's not at all.
    _page_numbers(section, report.thai_digits, start=1 if report.memo is not None else None)
    _footer(section, report)
    if report.memo is None:
        _emblem(document, report.emblem)
    for line in report.title:
        _paragraph(document, line, size=18, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    for paragraph in report.introduction:
        _paragraph(document, paragraph, indent=True)
    usable = (29.7 - 3.2) if report.landscape else (21.0 - 5.0)
    for table in report.tables:
        _table(document, table, usable, report.landscape)
    for paragraph in report.closing:
        _paragraph(document, paragraph, indent=True)
    _properties(document, report)
    embed_font(document, FONT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
