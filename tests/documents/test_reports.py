"""Official documents: what they say, how they are set, and that they read back."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from pythainlp.util import normalize

import prongsai.documents.pdf as writer
from prongsai.core.compose import CELLS, Report, compose, custom_layout
from prongsai.core.model import Document, IndicatorRef, Measure, MeasureTimeframe, Organisation, Responsible
from prongsai.core.thai import words
from prongsai.documents import printable
from prongsai.documents.docx import render_docx
from prongsai.documents.pdf import render_pdf, text_width, word_boxes
from prongsai.frameworks import FrameworkRegistry, load_frameworks
from prongsai.ingest import read_document_bytes
from tests.ingest.conftest import seed_text

OWN_LAYOUT = {"seed000": "A", "seed002": "C", "seed004": "D"}


@pytest.fixture(scope="module")
def registry() -> FrameworkRegistry:
    return load_frameworks(site_directory=None)


@cache
def seed_document(name: str) -> Document:
    return read_document_bytes(seed_text(name).encode(), f"{name}.txt", load_frameworks(site_directory=None))


def squeeze(value: str | None) -> str:
    return re.sub(r"\s+", "", normalize(value or ""))


def essentials(measure: Measure) -> tuple[object, ...]:
    return (
        measure.tool,
        measure.indicator.number if measure.indicator else None,
        measure.questions,
        squeeze(measure.measure),
        [squeeze(s) for s in measure.steps],
        [(u.unit, u.section) for u in measure.responsible],
        (measure.timeframe.start, measure.timeframe.end) if measure.timeframe else None,
        measure.status,
        squeeze(measure.progress),
    )


@pytest.mark.parametrize("form", ["pdf", "docx"])
@pytest.mark.parametrize("name", sorted(OWN_LAYOUT))
def test_round_trip_in_its_own_layout(registry: FrameworkRegistry, name: str, form: str) -> None:
    original = seed_document(name)
    report = compose(original, "implementation", OWN_LAYOUT[name])
    data = render_pdf(report) if form == "pdf" else render_docx(report)
    again = read_document_bytes(data, f"again.{form}", registry, framework_version=2566)
    assert [essentials(m) for m in again.measures] == [essentials(m) for m in original.measures]
    assert [m.group for m in again.measures] == [m.group for m in original.measures]


@pytest.mark.parametrize("form", ["pdf", "docx"])
def test_layout_b_round_trip_keeps_the_outcome_columns(registry: FrameworkRegistry, form: str) -> None:
    original = seed_document("seed002")
    original.measures[1].status = "not_possible"
    original.measures[0].summary = "ดำเนินการครบทุกขั้นตอน"
    report = compose(original, "implementation", "B")
    data = render_pdf(report) if form == "pdf" else render_docx(report)
    again = read_document_bytes(data, f"b.{form}", registry, framework_version=2566).measures
    assert [m.status for m in again] == ["completed", "not_possible", "completed", "completed", "completed"]
    assert [m.number for m in again] == [1, 2, 3, 4, 5]
    assert squeeze(again[0].summary) == squeeze("ดำเนินการครบทุกขั้นตอน")
    assert squeeze(again[1].progress) == squeeze(original.measures[1].progress)


def bare(value: str | None) -> str:
    """The text without its whitespace, and nothing else changed (no normalising: a doubled mark must show)."""
    return re.sub(r"\s+", "", value or "")


def _pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    return bare(text.replace("\ufffe", "-"))


STACKED = "ผลสัมฤทธิ์ของงาน ศักดิ์สิทธิ์ ลิขสิทธิ์ ซึ่งจะยิ่งขึ้น ทิ้งกิ่ง ฟื้นฟู น้ำ"


def _with_stacked_marks(document: Document) -> Document:
    first = document.measures[0]
    measures = [
        dataclasses_replace(first, progress=f"{first.progress or ''} {STACKED}"),
        *document.measures[1:],
    ]
    return dataclasses_replace(document, measures=measures)  # type: ignore[return-value]


def assert_cells_read_back(report: Report, data: bytes) -> None:
    """PDFium reads the tables back exactly (whitespace aside): every cell and heading in order, each cluster
    once, and nothing between them but the header row repeated and page footers."""
    from tests.documents.test_thai_marks import reads_back_exactly

    document = pypdfium2.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    differs = reads_back_exactly(text, report)
    assert differs is None, differs
    assert all(bare(line) in bare(text) for line in report.title)


@pytest.mark.parametrize("layout", ["A", "B", "C", "D"])
def test_every_cell_of_the_pdf_extracts_back(layout: str) -> None:
    report = compose(_with_stacked_marks(seed_document("seed004")), "implementation", layout)
    assert_cells_read_back(report, render_pdf(report))


def test_the_exact_reading_fails_on_typsts_own_text_layer(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: without the writer's mending, Typst's text layer reads "ผลสัมฤทธิ์ธิ์"
    (or the doubled ธิ์ after the next word, where PDFium puts the mark's object)."""

    monkeypatch.setattr(writer, "whole_clusters", lambda pdf: pdf)
    report = compose(_with_stacked_marks(seed_document("seed004")), "implementation", "A")
    data = render_pdf(report)
    # The cluster ธิ์ (of ผลสัมฤทธิ์, สิทธิ์, ลิขสิทธิ์) reads back more often than it is written.
    written = sum(bare(p).count("ธิ์") for t in report.tables for r in t.rows for c in r.cells for p in c)
    assert _pdf_text(data).count("ธิ์") > written
    with pytest.raises(AssertionError, match="expected"):
        assert_cells_read_back(report, data)


def test_the_memo_extracts_back() -> None:
    report = compose(seed_document("seed002"), "implementation", "C")
    text = _pdf_text(render_pdf(report))
    memo = report.memo
    assert memo is not None
    for part in [
        memo.subject,
        memo.to,
        *memo.body.split("\n"),
        *(s.name for s in memo.signatures),  # type: ignore[union-attr]
        *(o.role for o in memo.opinions),
        *(o.text for o in memo.opinions if o.text),
    ]:
        assert bare(part) in text, part


MARGIN = 1.6 * 72 / 2.54  # the page margin, in points


def _inside(char: dict[str, float], box: tuple[float, float, float, float], slack: float = 1.5) -> bool:
    return (
        char["x0"] >= box[0] - slack
        and char["x1"] <= box[2] + slack
        and char["top"] >= box[1] - slack - 4
        and char["bottom"] <= box[3] + slack + 4
    )  # marks stack above


def assert_nothing_outside(data: bytes) -> None:
    """Every character lies within the page's margins, and every character of a table within its own cell."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            inner = (MARGIN - 2, MARGIN - 6, page.width - MARGIN + 2, page.height - MARGIN * 0.5)
            outside = [c["text"] for c in page.chars if not _inside(c, inner, 0)]
            assert not outside, f"page {number}: {''.join(outside)[:40]}"
            cells = [cell for table in page.find_tables() for row in table.rows for cell in row.cells if cell]
            for char in page.chars:
                x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
                home = [c for c in cells if c[0] <= x <= c[2] and c[1] <= y <= c[3]]
                if home:
                    assert _inside(char, home[0]), f"page {number}: {char['text']!r} leaves its cell"


PIXELS_PER_POINT = 2  # pdftoppm at 144 dpi


def assert_no_ink_crosses_a_rule(data: bytes, directory: Path) -> None:
    """Looked at in pixels: pdftoppm draws each page, and just inside each cell's side rules, in the gap that the
    cell's inset keeps clear (its first and last 1.2–2.8 pt), nothing dark is drawn. Text running over a rule
    would cross that gap."""
    from PIL import Image

    path = directory / "document.pdf"
    path.write_bytes(data)
    dpi = str(72 * PIXELS_PER_POINT)
    subprocess.run(["pdftoppm", "-r", dpi, "-gray", "-png", str(path), str(directory / "page")], check=True)
    images = sorted(directory.glob("page-*.png"))
    checked = 0
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert len(images) == len(pdf.pages)
        for number, (page, image_path) in enumerate(zip(pdf.pages, images, strict=True), start=1):
            image = Image.open(image_path).convert("L")
            cells = [cell for table in page.find_tables() for row in table.rows for cell in row.cells if cell]
            for x0, top, x1, bottom in cells:
                for left, right in [(x0 + 1.2, x0 + 2.8), (x1 - 2.8, x1 - 1.2)]:
                    box = tuple(round(v * PIXELS_PER_POINT) for v in (left, top + 1.2, right, bottom - 1.2))
                    darkest = image.crop(box).getextrema()[0]
                    assert darkest > 200, (
                        f"page {number}: ink at the rule of the cell at x {x0:.0f}–{x1:.0f} pt"
                    )
                checked += 1
    assert checked > 0, "no table cell found to look at"


@pytest.mark.parametrize("layout", ["A", "B", "C", "D"])
def test_nothing_is_drawn_outside_the_page_or_its_cell(layout: str, tmp_path: Path) -> None:
    pdf = render_pdf(compose(seed_document("seed004"), "implementation", layout))
    assert_nothing_outside(pdf)
    if shutil.which("pdftoppm"):
        assert_no_ink_crosses_a_rule(pdf, tmp_path)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_the_pixel_check_sees_text_that_runs_over_a_rule(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The check above can fail: the same writer without its cutting of runs too wide for a cell (plain text,
    which Typst lets run on) draws over the rule."""

    monkeypatch.setattr(writer, "word_boxes", lambda paragraph, width, **_: writer.text(paragraph))
    document = seed_document("seed000")
    overlong = dataclasses_replace(document.measures[0], progress="x" * 300)
    report = compose(dataclasses_replace(document, measures=[overlong]), "implementation", "A")
    with pytest.raises(AssertionError, match="ink at the rule"):
        assert_no_ink_crosses_a_rule(render_pdf(report), tmp_path)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_rendered_pages_leave_the_margins_blank(tmp_path: Path) -> None:
    """Looked at as a person would: pdftoppm draws the pages; the margins hold nothing but the page number."""
    from PIL import Image

    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(compose(seed_document("seed000"), "implementation", "A")))
    subprocess.run(["pdftoppm", "-r", "50", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 2
    for path in pages:
        image = Image.open(path).convert("L")
        width, height = image.size
        edge = int(MARGIN / 72 * 50) - 3
        for box in [(0, 0, width, edge), (0, 0, edge, height), (width - edge, 0, width, height)]:
            assert image.crop(box).getextrema()[0] > 250, f"{path.name}: something drawn in the margin {box}"


def _awkward_document() -> Document:
    long_text = "การประชาสัมพันธ์เผยแพร่ข้อมูลข่าวสารให้ประชาชนทราบอย่างทั่วถึง " * 80  # ~5,000 characters
    measures = [
        Measure(
            number=1,
            group="urgent",
            tool="IIT",
            indicator=IndicatorRef(1, "การปฏิบัติหน้าที่"),
            questions=["i1"],
            issue=None,
            measure=long_text[:5000],
            steps=[long_text[:2000], 'ขั้นตอน <สอง> & "สาม" #สี่ *ห้า* $6$ \\ ]'],
            responsible=[Responsible("สำนักปลัด", "งานนิติการ")],
            timeframe=MeasureTimeframe("ต.ค. ๖๕ - ก.ย. ๖๖", dt.date(2022, 10, 1), dt.date(2023, 9, 30)),
            progress=(
                "中文 العربية 😀 ∑ ﷺ <b>ไม่ใช่แท็ก</b> & AT&T\n"
                # Runs with nowhere to break: a dotted line to sign on, a link, letters no dictionary knows.
                f"ลงชื่อ{'.' * 150} https://www.nongpakor.go.th/news/2566/ita-report-o43-implementation.pdf "
                f"{'ฬ' * 300} {'x' * 300}"
            ),
            status="completed",
            summary=None,
            suggestions=None,
        ),
        Measure(
            number=2,
            group="develop",
            tool=None,
            indicator=None,
            questions=[],
            issue=None,
            measure="มาตรการว่าง",
            steps=[],
            responsible=[],
            timeframe=None,
            progress=None,
            status="unknown",
            summary=None,
            suggestions=None,
        ),
    ]
    measures += [
        Measure(
            number=n,
            group="urgent",
            tool="EIT",
            indicator=IndicatorRef(6, "คุณภาพการดำเนินงาน"),
            questions=["e1"],
            issue="เจ้าหน้าที่ปฏิบัติงานตามขั้นตอน",
            measure=f"มาตรการที่ {n}",
            steps=["จัดประชุม", "ติดตามผล"],
            responsible=[Responsible("กองคลัง")],
            timeframe=None,
            progress="ดำเนินการแล้ว",
            status="completed",
            summary=None,
            suggestions=None,
        )
        for n in range(3, 301)
    ]
    return Document(
        title=None,
        kind="implementation",
        organisation=Organisation("เทศบาลตำบลทดสอบ", "ทต."),
        fiscal_year=2566,
        memo=None,
        result=None,
        measures=measures,
    )


@pytest.mark.parametrize("layout", ["A", "B", "C", "D", "every column"])
def test_awkward_data_still_gives_valid_documents(
    registry: FrameworkRegistry, layout: str, tmp_path: Path
) -> None:
    document = _awkward_document()
    if layout == "every column":
        # Sixteen narrow columns, where words must be cut and rows run over pages (300 measures: see A–D).
        document = dataclasses_replace(document, measures=document.measures[:30])  # type: ignore[assignment]
    count = len(document.measures)
    report = compose(
        document, "implementation", custom_layout(list(CELLS)) if layout == "every column" else layout
    )
    pdf = render_pdf(report)
    assert_nothing_outside(pdf)
    if layout == "every column" and shutil.which("pdftoppm"):
        assert_no_ink_crosses_a_rule(pdf, tmp_path)
    text = _pdf_text(pdf)
    # in the document's one digit system: Thai
    assert bare('ขั้นตอน <สอง> & "สาม" #สี่ *ห้า* $๖$ \\ ]') in text or layout == "B"
    docx = open_docx(io.BytesIO(render_docx(report)))
    rows = sum(len(t.rows) for t in docx.tables)
    assert rows >= count
    again = read_document_bytes(render_docx(report), "x.docx", registry)
    assert len(again.measures) == count


def test_docx_sets_thai_fonts_pages_and_table_rows() -> None:
    report = compose(seed_document("seed002"), "implementation", "C", footer="O43")
    data = render_docx(report)
    document = open_docx(io.BytesIO(data))
    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = defaults.find(qn("w:rFonts"))
    assert fonts.get(qn("w:cs")) == "TH SarabunPSK" and fonts.get(qn("w:ascii")) == "TH SarabunPSK"
    assert not any(a.endswith("Theme") for a in fonts.attrib)
    assert defaults.find(qn("w:szCs")).get(qn("w:val")) == "32"
    assert defaults.find(qn("w:lang")).get(qn("w:bidi")) == "th-TH"
    memo_page, table_page = document.sections
    assert (
        round(memo_page.page_width.cm, 1) == 21.0 and round(table_page.page_width.cm, 1) == 29.7
    )  # A4, landscape
    table = document.tables[0]
    assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    # the header kept whole; a row no taller than a third of a page too, a taller one may split (Word and
    # LibreOffice wrap by their own measure: a row kept whole must not leave most of a page blank there)
    kept = [
        row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows
    ]
    lengths = [sum(len(p.text) for p in row.cells[1].paragraphs) for row in table.rows[1:]]  # the steps
    assert kept[0]
    assert kept[1 + lengths.index(min(lengths))] and not kept[1 + lengths.index(max(lengths))]
    # the memo's pages are not numbered; the report's plain PAGE field counts from 1 in Thai digits
    memo_footer = memo_page.footer.paragraphs[0]._p.xml
    footer = table_page.footer.paragraphs[0]._p.xml
    assert "PAGE" not in memo_footer and "O43" in memo_footer
    assert 'w:instr="PAGE"' in footer and "ThaiArabic" not in footer and "O43" in footer
    numbering = table_page._sectPr.find(qn("w:pgNumType"))
    assert numbering.get(qn("w:fmt")) == "thaiNumbers" and numbering.get(qn("w:start")) == "1"


def test_arabic_digits_when_asked() -> None:
    report = compose(seed_document("seed004"), "implementation", "D", thai_digits=False)
    assert report.tables[0].heading.startswith("1. ")  # type: ignore[union-attr]
    assert report.title[-1] == "ประจำปีงบประมาณ พ.ศ. 2566"
    assert compose(seed_document("seed004"), "implementation", "D").title[-1] == "ประจำปีงบประมาณ พ.ศ. ๒๕๖๖"
    docx = open_docx(io.BytesIO(render_docx(report)))
    numbering = [s._sectPr.find(qn("w:pgNumType")) for s in docx.sections]
    # page numbers in Word's default digits; the report still counts from 1 after its (unnumbered) memo
    assert all(n is None or n.get(qn("w:fmt")) is None for n in numbering)
    assert numbering[-1] is not None and numbering[-1].get(qn("w:start")) == "1"
    without_memo = compose(
        seed_document("seed004"), "implementation", "D", thai_digits=False, with_memo=False
    )
    plain = open_docx(io.BytesIO(render_docx(without_memo)))
    assert all(s._sectPr.find(qn("w:pgNumType")) is None for s in plain.sections)


def test_custom_layout_columns_and_grouping() -> None:
    layout = custom_layout(["number", "measure", "responsible"], "urgency_tool")
    report = compose(seed_document("seed000"), "implementation", layout)
    table = report.tables[0]
    assert [c.header for c in table.columns] == ["ลำดับที่", "มาตรการ/แนวทาง", "ผู้รับผิดชอบ"]
    assert table.rows[0].heading == "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"
    assert table.rows[1].heading == "แบบวัด IIT"


def _png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (120, 120), "white")
    ImageDraw.Draw(image).ellipse((10, 10, 110, 110), fill=(11, 92, 171))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


@pytest.mark.parametrize("with_memo", [True, False])
def test_the_emblem_heads_the_document(with_memo: bool) -> None:
    import dataclasses

    report = dataclasses.replace(
        compose(seed_document("seed002"), "implementation", "C", with_memo=with_memo), emblem=_png()
    )
    pdf = pypdfium2.PdfDocument(render_pdf(report))
    first = pdf[0]
    images = [o for o in first.get_objects() if o.type == pypdfium2.raw.FPDF_PAGEOBJ_IMAGE]
    assert len(images) == 1
    top = images[0].get_bounds()[3]
    assert top > first.get_height() - 4 * 72 / 2.54  # in the top few centimetres of the first page
    pdf.close()
    docx = open_docx(io.BytesIO(render_docx(report)))
    assert len(docx.inline_shapes) == 1
    without = compose(seed_document("seed002"), "implementation", "C")
    assert len(open_docx(io.BytesIO(render_docx(without))).inline_shapes) == 0


def test_thai_lines_break_between_words() -> None:
    """No line of the PDF starts inside a syllable, and every break falls between dictionary words."""
    from pythainlp.tokenize import word_tokenize

    sentence = (
        "องค์การบริหารส่วนตำบลได้ดำเนินการประชาสัมพันธ์ช่องทางการร้องเรียนการทุจริตและประพฤติมิชอบผ่านเว็บไซต์"
        "และกลุ่มไลน์ของหน่วยงานอย่างต่อเนื่องเพื่อให้ประชาชนสามารถติดตามผลการร้องเรียนได้สะดวกรวดเร็ว"
    )
    document = seed_document("seed000")
    measures = [dataclasses_replace(m, progress=sentence * 3) for m in document.measures]
    report = compose(dataclasses_replace(document, measures=measures), "implementation", "A")
    pdf = pypdfium2.PdfDocument(render_pdf(report))
    lines = [line for page in pdf for line in page.get_textpage().get_text_range().splitlines()]
    pdf.close()
    starts_badly = re.compile(r"^[\u0e30-\u0e3a\u0e45\u0e47-\u0e4e]")  # a following vowel or a mark
    assert not [line for line in lines if starts_badly.match(line)]
    boundaries = {0}
    position = 0
    for word in word_tokenize(sentence, engine="newmm"):
        position += len(word)
        boundaries.add(position % len(sentence))
    text = sentence * 3
    breaks = total = 0
    for before, after in itertools.pairwise(lines):
        tail, head = re.sub(r"\s+", "", before)[-20:], re.sub(r"\s+", "", after)[:20]
        at = text.find(tail + head) if len(tail) == 20 and len(head) == 20 else -1
        if at < 0:
            continue  # a break elsewhere than inside the long sentence
        total += 1
        breaks += (at + len(tail)) % len(sentence) in boundaries
    # Every break: the PDF writer breaks Thai only between the words PyThaiNLP finds (ICU's own model, which
    # Typst would use otherwise, puts about a fifth of its breaks inside dictionary words).
    assert total >= 5 and breaks == total


def dataclasses_replace(obj: object, **changes: object) -> object:
    import dataclasses

    return dataclasses.replace(obj, **changes)  # type: ignore[type-var]


_PIECE = re.compile(r'#box\((?:width: [0-9.]+pt, )?"((?:[^"\\]|\\.)*)"\)|#"((?:[^"\\]|\\.)*)"')


def _shown(markup: str) -> str:
    """The text the markup of word_boxes() shows: its string literals in order, unescaped."""
    pieces = [m.group(1) if m.group(1) is not None else m.group(2) for m in _PIECE.finditer(markup)]
    assert "".join(m.group(0) for m in _PIECE.finditer(markup)) == markup  # nothing but boxes and strings
    return "".join(re.sub(r"\\(.)", lambda e: "\n" if e.group(1) == "n" else e.group(1), p) for p in pieces)


@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\r"))
    | st.text('กขคงจนมยรลวสอะัาำิีึืุูเแโใไ่้๊๋็์ ๑๒.-/()"\\\nx', max_size=400),
    st.floats(min_value=5, max_value=700),
)
def test_word_boxes_show_the_paragraph_as_it_is(paragraph: str, width: float) -> None:
    assert _shown(word_boxes(paragraph, width)) == printable(paragraph)


def _boxed(markup: str) -> list[str]:
    return [m.group(1) for m in _PIECE.finditer(markup) if m.group(1) is not None]


def test_a_word_too_wide_for_its_cell_is_cut_at_syllables() -> None:
    """Cut only between syllables, each line's part no wider than the cell (the parts that share a line are one
    box); a word that fits stays whole."""
    boxes = _boxed(word_boxes("องค์การบริหารส่วนตำบล", 40.0))
    assert "".join(boxes) == "องค์การบริหารส่วนตำบล" and len(boxes) > 1
    cuts = set(itertools.accumulate(len(b) for b in boxes))
    assert cuts <= set(itertools.accumulate(len(s) for s in ["องค์", "การ", "บริ", "หาร", "ส่วน", "ตำ", "บล"]))
    assert all(text_width(b) <= 40.0 for b in boxes)
    assert _boxed(word_boxes("องค์การบริหารส่วนตำบล", 300.0)) == ["องค์การบริหารส่วนตำบล"]


def test_the_words_of_one_line_share_a_box_and_lines_break_between_words() -> None:
    """Words that fit one line are one box; the next box starts where the line is full, so no box is wider than
    the cell and every word is whole in one box (nothing for Typst to break inside a box)."""
    paragraph = "จัดทำแผนปฏิบัติการป้องกันการทุจริตประจำปีงบประมาณและเผยแพร่ให้ประชาชนทราบทางเว็บไซต์ขององค์กร"
    width = 120.0
    boxes = _boxed(word_boxes(paragraph, width))
    assert "".join(boxes) == paragraph
    assert len(boxes) >= 3 and all(text_width(b) <= width for b in boxes)
    # each box is as full as the line allows: the next box's first word would not have fitted
    cuts = list(itertools.accumulate(len(b) for b in boxes))
    word_ends = set(itertools.accumulate(len(w) for w in words(paragraph)))
    assert set(cuts) <= word_ends
    for box, following in itertools.pairwise(boxes):
        first_word = next(w for w in words(following) if w)
        assert text_width(box + first_word) > width - 2.0, (box, first_word)  # less the boxes' spare


@settings(max_examples=25, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["A", "B", "C", "D"]))
def test_any_text_gives_documents_that_open(value: str, layout: str) -> None:
    """Whatever a cell holds (control characters pasted from Word, a surrogate half from JSON, NUL), both
    writers give a document that opens (what the PDF shows of it: test_word_boxes_show_the_paragraph_as_it_is)."""
    document = seed_document("seed000")
    measure = dataclasses_replace(document.measures[0], progress=value, measure=value or "-")
    report = compose(dataclasses_replace(document, measures=[measure]), "implementation", layout)
    open_docx(io.BytesIO(render_docx(report)))
    pdf = pypdfium2.PdfDocument(render_pdf(report))
    assert len(pdf) >= 1
    pdf.close()


def test_unprintable_characters_are_dropped_and_word_breaks_kept() -> None:
    assert printable("ก\x0bข\x00ค\x07ง\ufffeจ\ud800ฉ\tช\r\nซ") == "ก\nขคงจฉ\tช\r\nซ"
    document = seed_document("seed000")
    measure = dataclasses_replace(document.measures[0], progress="ผลการ\x0bดำเนินการ\x00แล้ว")
    report = compose(dataclasses_replace(document, measures=[measure]), "implementation", "A")
    docx = open_docx(io.BytesIO(render_docx(report)))
    cells = [c.text for t in docx.tables for r in t.rows for c in r.cells]
    assert "ผลการ\nดำเนินการแล้ว" in cells
    assert bare("ผลการดำเนินการแล้ว") in _pdf_text(render_pdf(report))


def test_files_carry_the_report_title_and_the_organisation() -> None:
    """The file's properties name the report and its organisation, not the library that wrote it."""
    report = compose(seed_document("seed002"), "implementation", "C")
    title = "รายงานผลการดำเนินการตามมาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ขององค์การบริหารส่วนตำบลหนองป่าก่อ"
    pdf = pypdfium2.PdfDocument(render_pdf(report))
    metadata = pdf.get_metadata_dict()
    pdf.close()
    assert metadata["Title"].startswith(title) and metadata["Author"] == "องค์การบริหารส่วนตำบลหนองป่าก่อ"
    properties = open_docx(io.BytesIO(render_docx(report))).core_properties
    assert properties.title.startswith(title) and properties.author == "องค์การบริหารส่วนตำบลหนองป่าก่อ"
    assert "python-docx" not in f"{properties.comments} {properties.last_modified_by}"
    assert properties.created is not None and properties.created.year > 2013  # the template says 2013


def test_thai_words_are_as_wide_as_their_advances_say() -> None:
    """The PDF writer gives each Thai word's box the width text_width() reads off the font's advances: Typst must
    set every word of the seeds exactly that wide (else words would overlap or gape)."""

    words = sorted(
        {
            word
            for name in OWN_LAYOUT
            for measure in seed_document(name).measures
            for text in [measure.measure, *measure.steps, measure.progress or ""]
            for word in writer.words(text)
            if writer._THAI_ONLY.fullmatch(word)
        }
    )
    assert len(words) > 300
    listing = "(" + ", ".join(writer.literal(w) for w in words) + ",)"
    source = (
        f'#set text(font: ("{writer.FONT}",), size: {writer.BODY_SIZE})\n#set page(width: 40cm, height: auto)\n'
        f"#context {{ for w in {listing} {{ [#str(calc.round(measure(box(w)).width.pt(), digits: 3)) ] }} }}\n"
    )
    pdf = pypdfium2.PdfDocument(
        writer._typesetter.render(source, tuple(str(d) for d in writer.FONT_DIRECTORIES))
    )
    typeset = [float(v) for page in pdf for v in page.get_textpage().get_text_range().split()]
    pdf.close()
    assert len(typeset) == len(words)
    off = [
        (w, t, writer.text_width(w))
        for w, t in zip(words, typeset, strict=True)
        if abs(t - writer.text_width(w)) > 0.01
    ]
    assert not off, off[:5]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.lists(
            st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30), max_size=3
        ),
        min_size=3,
        max_size=3,
    ),
    st.booleans(),
)
def test_measure_rows_are_written_as_python_docx_writes_them(
    cells: list[list[str]], keep_whole: bool
) -> None:
    """The DOCX writer writes a measure's row as XML at once (for speed); python-docx's own cell API, filling the
    same cells, must give the same elements: text with tabs and breaks, empty cells, widths, a row kept whole."""
    from docx import Document as new_document
    from docx.oxml import parse_xml
    from docx.shared import Cm

    from prongsai.documents import docx as writer_docx

    grid = new_document().add_table(rows=0, cols=3)
    widths = [Cm(3), Cm(5), Cm(2)]
    row = grid.add_row()
    for cell, paragraphs, width in zip(row.cells, cells, widths, strict=True):
        writer_docx._fill(cell, paragraphs)
        cell.width = width
    if keep_whole:
        writer_docx._keep_whole(row)
    theirs = row._tr.xml
    ours = parse_xml(
        f'<w:tbl xmlns:w="{writer_docx.W}">'
        f"{writer_docx._row_xml(cells, [w.twips for w in widths], keep_whole=keep_whole)}</w:tbl>"
    )[0]
    # the same XML: namespace declarations and empty-element forms aside
    canonical = [
        re.sub(r"\s+xmlns:\w+=\"[^\"]*\"", "", x).replace("<w:t></w:t>", "<w:t/>") for x in (theirs, ours.xml)
    ]
    assert canonical[0] == canonical[1]
