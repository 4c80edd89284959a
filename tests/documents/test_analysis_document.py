"""The analysis document (OIT O42 of 2565: "รายงานการวิเคราะห์ผลการประเมิน… และมาตรการขับเคลื่อน…"): each indicator
beside last year's with the change, the same as bars against the 85 line (vector in the PDF, a picture in the
DOCX), the weak questions under their indicator, and the measures planned for each weakness.

The chart is checked by reading the files back with other libraries: pdfplumber's rectangles and lines of the
PDF, Pillow's pixels of the DOCX's picture; bar heights must be in the ratio of the scores given."""

from __future__ import annotations

import io
import re
import zipfile
from decimal import Decimal

import pdfplumber
import pypdfium2
import pytest
from docx import Document as open_docx
from PIL import Image

from prongsai.core.analysis import analyse
from prongsai.core.compose import AnalysisInput, compose_analysis
from prongsai.core.model import Document, IndicatorRef, Measure, Organisation
from prongsai.core.scoring import ScoreRow, compute_result, scores_from_rows
from prongsai.documents import chart
from prongsai.documents.docx import render_docx
from prongsai.documents.pdf import render_pdf
from prongsai.frameworks import load_frameworks

# Indicator scores of 2566 and 2565, chosen by hand: 2 and 9 are weak, i9 under 2, e15 exactly 85 (not weak).
THIS_YEAR = {1: "91", 2: "70", 3: "88", 4: "86", 5: "95", 6: "87", 7: "90", 8: "89", 9: "60.50", 10: "100"}
LAST_YEAR = {1: "80", 2: "75", 3: "80", 4: "80", 5: "80", 6: "80", 7: "80", 8: "80", 9: "50", 10: "90"}
QUESTIONS = {"i9": "40", "e15": "85"}


def _result(scores: dict[int, str], questions: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    framework = load_frameworks(site_directory=None).get(2566)
    rows = [
        ScoreRow(n, str(k), v) for n, (k, v) in enumerate({**scores, **(questions or {})}.items(), start=2)
    ]
    return compute_result(framework, scores_from_rows(rows, framework))


def _measure(number: int, text: str, indicator: int | None, questions: list[str]) -> Measure:
    return Measure(
        number=number,
        group="urgent",
        tool=None,
        indicator=IndicatorRef(indicator, "") if indicator else None,
        questions=questions,
        issue=None,
        measure=text,
        steps=[],
        responsible=[],
        timeframe=None,
        progress=None,
        status="unknown",
        summary=None,
        suggestions=None,
    )


MEASURES = [
    _measure(1, "เผยแพร่แผนการใช้จ่ายงบประมาณประจำปี", 2, ["i9"]),
    _measure(2, "ประชุมชี้แจงการใช้งบประมาณแก่บุคลากร", 2, []),
    _measure(3, "มาตรการที่ตอบข้อที่ไม่ใช่จุดอ่อน", 6, ["e15"]),
]


def _document(measures: list[Measure]) -> Document:
    return Document(
        title=None,
        kind="analysis",
        organisation=Organisation("องค์การบริหารส่วนตำบลทดสอบ"),
        fiscal_year=2567,
        memo=None,
        result=None,
        measures=measures,
    )


def _given() -> AnalysisInput:
    current, previous = _result(THIS_YEAR, QUESTIONS), _result(LAST_YEAR)
    return AnalysisInput.of("ผลการประเมิน", analyse(current), result=current, previous=previous)


def test_each_indicator_beside_last_year_with_the_change() -> None:
    report = compose_analysis(_document(MEASURES), _given())
    table = report.tables[0]
    assert [c.header for c in table.columns] == [
        "ตัวชี้วัด",
        "คะแนน พ.ศ. ๒๕๖๕",
        "คะแนน พ.ศ. ๒๕๖๖",
        "เปลี่ยนแปลง",
    ]
    rows = {cells[0][0].split(".")[0]: [c[0] for c in cells[1:]] for cells in (r.cells for r in table.rows)}
    assert len(rows) == 10
    assert rows["๒"] == ["๗๕.๐๐", "๗๐.๐๐", "-๕.๐๐"]
    assert rows["๙"] == ["๕๐.๐๐", "๖๐.๕๐", "+๑๐.๕๐"]
    assert rows["๑๐"] == ["๙๐.๐๐", "๑๐๐.๐๐", "+๑๐.๐๐"]
    assert table.chart is not None
    assert [b.value for b in table.chart.bars] == [float(THIS_YEAR[n]) for n in range(1, 11)]
    assert [b.previous for b in table.chart.bars] == [float(LAST_YEAR[n]) for n in range(1, 11)]


def test_weak_questions_under_their_indicator_and_the_measures_for_each_weakness() -> None:
    report = compose_analysis(_document(MEASURES), _given())
    urgent = [[cell[0] if cell else "" for cell in row.cells] for row in report.tables[1].rows]
    codes = [row[0] for row in urgent]
    assert codes[:3] == ["๙", "๒", "– i๙"]  # lowest indicator first; i9 (indicator 2) right under 2
    develop_codes = [row.cells[0][0] for row in report.tables[2].rows]
    assert "– e๑๕" in develop_codes and not any("e๑๕" in c for c in codes)  # 85 is not under 85
    planned = {row.cells[0][0]: row.cells[1] for row in report.tables[-1].rows}
    assert report.tables[-1].heading == "มาตรการขับเคลื่อนการแก้ไขประเด็นที่เป็นจุดอ่อน"
    by_code = {key.split(" ")[1]: value for key, value in planned.items()}
    assert by_code["i๙"] == ("เผยแพร่แผนการใช้จ่ายงบประมาณประจำปี",)
    assert by_code["๒"] == ("ประชุมชี้แจงการใช้งบประมาณแก่บุคลากร",)
    assert by_code["๙"] == ("ยังไม่ได้กำหนดมาตรการ",)  # a weakness without a measure says so
    assert not any("ไม่ใช่จุดอ่อน" in m for value in planned.values() for m in value)


def test_a_version_frozen_before_the_comparison_existed_still_composes() -> None:
    """Versions submitted earlier froze (code, name, score) rows and no indicators: they read as they were."""
    old = {"result_sentence": "ผล", "urgent": [["2", "การใช้งบประมาณ", "70.00"]], "develop": [], "extra": 1}
    report = compose_analysis(_document(MEASURES), AnalysisInput.from_dict(old))
    assert report.tables[0].heading == "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน"
    assert report.tables[0].rows[0].cells == (("๒",), ("การใช้งบประมาณ",), ("๗๐.๐๐",))
    assert report.tables[0].chart is None


def _bar_heights(data: bytes) -> tuple[list[float], list[float]]:
    """This year's and last year's bar heights in the PDF (pdfplumber's rectangles, left to right)."""
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        rects = [r for page in pdf.pages for r in page.rects]
    bars: dict[str, list[tuple[float, float]]] = {chart.CURRENT: [], chart.PREVIOUS: []}
    for rect in rects:
        colour = _hex(rect.get("non_stroking_color"))
        if colour in bars and rect["width"] > 10:  # not the legend's small square
            bars[colour].append((rect["x0"], rect["height"]))
    return [h for _, h in sorted(bars[chart.CURRENT])], [h for _, h in sorted(bars[chart.PREVIOUS])]


def test_the_pdf_chart_draws_each_score_to_scale_against_the_85_line() -> None:
    data = render_pdf(compose_analysis(_document(MEASURES), _given()))
    current, previous = _bar_heights(data)
    assert len(current) == 10 and len(previous) == 10
    full = current[9]  # indicator 10 scored 100
    for number, height in enumerate(current, start=1):
        assert height / full == pytest.approx(float(THIS_YEAR[number]) / 100, abs=0.005)
    for number, height in enumerate(previous, start=1):
        assert height / full == pytest.approx(float(LAST_YEAR[number]) / 100, abs=0.005)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        page = next(
            p for p in pdf.pages if any(_hex(r.get("non_stroking_color")) == chart.CURRENT for r in p.rects)
        )
        dashed = [e for e in page.edges if _hex(e.get("stroking_color")) == chart.THRESHOLD]
        bars = [
            r for r in page.rects if _hex(r.get("non_stroking_color")) == chart.CURRENT and r["width"] > 10
        ]
        base = max(r["bottom"] for r in bars)
        assert dashed, "the pass mark is not drawn"
        line = min(e["top"] for e in dashed)
        assert (base - line) / full == pytest.approx(0.85, abs=0.005)
    text = re.sub(r"\s+", "", "".join(p.get_textpage().get_text_range() for p in pypdfium2.PdfDocument(data)))
    assert "คะแนนรายตัวชี้วัดเทียบกับเกณฑ์๘๕คะแนน" in text


def _hex(colour: object) -> str:
    if not isinstance(colour, tuple | list) or len(colour) != 3:
        return ""
    return "".join(f"{round(float(c) * 255):02x}" for c in colour)


def _columns_of(image: Image.Image, colour: str) -> list[tuple[int, int]]:
    """Runs of pixel columns holding `colour`, and the tallest run of that colour in each (in pixels)."""
    rgb = tuple(int(colour[i : i + 2], 16) for i in (0, 2, 4))
    pixels = image.convert("RGB").load()
    assert pixels is not None
    heights = []
    for x in range(image.width):
        heights.append(sum(1 for y in range(image.height) if pixels[x, y] == rgb))
    runs: list[tuple[int, int]] = []
    start = None
    for x, h in enumerate([*heights, 0]):
        if h and start is None:
            start = x
        elif not h and start is not None:
            runs.append((x - start, max(heights[start:x])))
            start = None
    return runs


def test_the_docx_chart_is_a_picture_of_the_same_bars() -> None:
    data = render_docx(compose_analysis(_document(MEASURES), _given()))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        pictures = [n for n in package.namelist() if n.startswith("word/media/")]
        assert len(pictures) == 1
        image = Image.open(io.BytesIO(package.read(pictures[0])))
    image = image.reduce(2)  # fewer pixels to walk; heights stay in proportion
    current = [h for w, h in _columns_of(image, chart.CURRENT) if w > 5]
    previous = [h for w, h in _columns_of(image, chart.PREVIOUS) if w > 5]
    assert len(current) == 10 and len(previous) == 10
    for number, height in enumerate(current, start=1):
        assert height / current[9] == pytest.approx(float(THIS_YEAR[number]) / 100, abs=0.01)
    text = "\n".join(p.text for p in open_docx(io.BytesIO(data)).paragraphs)
    assert "เกณฑ์ ๘๕ คะแนน" in text and "คะแนน พ.ศ. ๒๕๖๖" in text


def test_a_missing_bar_fails_the_check(monkeypatch: pytest.MonkeyPatch) -> None:
    """Control: a chart drawn without one of its bars is caught by the PDF check above."""
    original = chart.shapes

    def without_indicator_five(*args: object, **kwargs: object) -> list[chart.Shape]:
        drawn = original(*args, **kwargs)  # type: ignore[arg-type]
        bars = [s for s in drawn if s.kind == "rect" and s.colour == chart.CURRENT]
        return [s for s in drawn if s is not bars[4]]

    monkeypatch.setattr("prongsai.documents.pdf.chart_shapes", without_indicator_five)
    with pytest.raises(AssertionError):
        test_the_pdf_chart_draws_each_score_to_scale_against_the_85_line()


def test_scores_are_as_given_not_recomputed() -> None:
    given = _given()
    assert given.indicators[8] == ("9", given.indicators[8][1], "60.50", "50.00")
    assert Decimal(given.indicators[1][2]) == Decimal("70.00")
