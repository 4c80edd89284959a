"""The cover memo every document carries, one digit system, columns the framework fills, and pagination, read
from the files as a reader sees them: the PDF's text page by page (PDFium, pdfplumber) and the DOCX's XML."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import itertools
import re
import zipfile

import pdfplumber
import pypdfium2
import pytest
from docx import Document as open_docx
from docx.oxml.ns import qn

from prongsai.core.compose import compose
from prongsai.core.model import (
    Document,
    IndicatorRef,
    Measure,
    MeasureTimeframe,
    Memo,
    Opinion,
    Organisation,
    Responsible,
    Signature,
)
from prongsai.core.thai import to_thai_digits, words
from prongsai.documents.docx import render_docx
from prongsai.documents.pdf import render_pdf
from prongsai.frameworks import FrameworkRegistry, load_frameworks
from tests.documents.test_reports import seed_document, squeeze

ORGANISATION = "องค์การบริหารส่วนตำบลทดสอบ"


@pytest.fixture(scope="module")
def registry() -> FrameworkRegistry:
    return load_frameworks(site_directory=None)


def pages(data: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(data)
    texts = [page.get_textpage().get_text_range() for page in document]
    document.close()
    return texts


def docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("word/document.xml").decode()
    return "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


def measure(number: int, **fields: object) -> Measure:
    values: dict[str, object] = {
        "number": number,
        "group": None,
        "tool": None,
        "indicator": None,
        "questions": [],
        "issue": None,
        "measure": f"มาตรการที่ {number}",
        "steps": ["ประชุมชี้แจง"],
        "responsible": [Responsible("สำนักปลัด")],
        "timeframe": MeasureTimeframe("ตุลาคม 2567 - กันยายน 2568", None, None),
        "progress": "ดำเนินการแล้ว",
        "status": "completed",
        "summary": None,
        "suggestions": None,
    }
    values.update(fields)
    return Measure(**values)  # type: ignore[arg-type]


def document(
    measures: list[Measure], memo: Memo | None = None, introduction: list[str] | None = None
) -> Document:
    return Document(
        title=None,
        kind="implementation",
        organisation=Organisation(ORGANISATION, "อบต.", None, "ทดสอบ"),
        fiscal_year=2568,
        memo=memo,
        result=None,
        measures=measures,
        introduction=introduction or [],
    )


# --- the memo ---------------------------------------------------------------------------------------------


def test_a_document_without_a_memo_gets_one_from_the_organisations_data() -> None:
    """Seed 000 has no memo; its report now opens with one, addressed to its own mayor, unless turned off."""
    source = seed_document("seed000")
    assert source.memo is None
    report = compose(source, "implementation", "A")
    first = squeeze(pages(render_pdf(report))[0])
    assert first.startswith("บันทึกข้อความ")
    assert squeeze("เรียน นายกองค์การบริหารส่วนตำบลบ้านขาม") in first
    assert squeeze("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖") in first and "ความเห็นของนายก" in first
    assert "บันทึกข้อความ" in docx_text(render_docx(report))
    bare = compose(source, "implementation", "A", with_memo=False)
    assert "บันทึกข้อความ" not in squeeze("".join(pages(render_pdf(bare))))
    assert "บันทึกข้อความ" not in docx_text(render_docx(bare))


def _memo(**changes: object) -> Memo:
    memo = Memo(
        office=f"สำนักปลัด {ORGANISATION}",
        subject="รายงานผลการดำเนินการ ประจำปีงบประมาณ พ.ศ. 2568",
        to=f"นายก{ORGANISATION}",
        body="ตามที่ได้จัดทำมาตรการ ประจำปีงบประมาณ พ.ศ. ๒๕๖๘ นั้น\nจึงเรียนมาเพื่อโปรดทราบ",
        signatures=[Signature("นางสาวทดสอบ ใจดี", "นักวิเคราะห์นโยบายและแผน")],
        opinions=[
            Opinion("ความเห็นของปลัดองค์การบริหารส่วนตำบล", "ปลัดองค์การบริหารส่วนตำบลทดสอบ", "นายปลัด ทดสอบ", None),
            Opinion("นายกองค์การบริหารส่วนตำบล", "นายกองค์การบริหารส่วนตำบลทดสอบ", "นายนายก ทดสอบ", None),
        ],
    )
    return dataclasses.replace(memo, **changes)  # type: ignore[arg-type]


def test_an_opinion_heading_says_ความเห็นของ_once() -> None:
    report = compose(document([measure(1)], _memo()), "implementation", "C")
    for text in (squeeze("".join(pages(render_pdf(report)))), docx_text(render_docx(report))):
        assert "ความเห็นของความเห็นของ" not in text
        assert "ความเห็นของปลัดองค์การบริหารส่วนตำบล" in squeeze(text)
        assert "ความเห็นของนายกองค์การบริหารส่วนตำบล" in squeeze(text)


def test_the_memo_is_not_numbered_and_the_report_starts_at_page_one() -> None:
    source = seed_document("seed004")
    report = compose(source, "implementation", "D", footer="O26")
    texts = pages(render_pdf(report))
    memo_pages = [i for i, t in enumerate(texts) if "บันทึกข้อความ" in t or "ความเห็นของ" in t]
    assert memo_pages == [0]
    assert "หน้า" not in texts[0].splitlines()[-1] and not re.search(r"หน้า\s*[๐-๙]", texts[0])
    report_pages = len(texts) - 1
    thai = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
    for number, text in enumerate(texts[1:], start=1):
        assert f"หน้า {number} / {report_pages}".translate(thai) in text
    docx = open_docx(io.BytesIO(render_docx(report)))
    memo_section, report_section = docx.sections
    assert "PAGE" not in memo_section.footer.paragraphs[0]._p.xml
    assert "PAGE" in report_section.footer.paragraphs[0]._p.xml
    assert report_section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"


def _ascii_digits_outside_addresses(text: str) -> list[str]:
    text = re.sub(r"https?://\S+", "", text.replace("\r\n", ""))  # an address may wrap
    return re.findall(r"[0-9]+", text.replace("O26", ""))


def test_one_digit_system_across_the_whole_document() -> None:
    """Arabic digits in เรื่อง and in the cells, Thai ones in the body: all Thai, or all Arabic, as chosen; a web
    address keeps its digits."""
    source = document(
        [measure(1, progress="อบรม 15 คน เมื่อ 3 มีนาคม 2568 ดูที่ https://www.example.go.th/news/2568")],
        _memo(date=dt.date(2025, 3, 5)),
    )
    report = compose(source, "implementation", "C", footer="O26")
    pdf_text, docx = "".join(pages(render_pdf(report))), docx_text(render_docx(report))
    for text in (pdf_text, docx):
        assert _ascii_digits_outside_addresses(text) == []
        assert "https://www.example.go.th/news/2568" in text.replace("\r\n", "").replace(" ", "")
        assert squeeze("พ.ศ. ๒๕๖๘") in squeeze(text) and "๑๕" in text
    arabic = compose(source, "implementation", "C", thai_digits=False)
    for text in ("".join(pages(render_pdf(arabic))), docx_text(render_docx(arabic))):
        assert re.findall("[๐-๙]", text) == []
        assert squeeze("พ.ศ. 2568") in squeeze(text)


def test_an_approvers_dated_opinion_prints_its_date() -> None:
    opinions = [
        Opinion("ปลัด", "ปลัดองค์การบริหารส่วนตำบลทดสอบ", "นายปลัด ทดสอบ", "เห็นควรอนุมัติ", dt.date(2025, 3, 7)),
        Opinion("นายก", "นายกองค์การบริหารส่วนตำบลทดสอบ", "นายนายก ทดสอบ", None),
    ]
    report = compose(document([measure(1)], _memo(opinions=opinions)), "implementation", "C")
    for text in (squeeze("".join(pages(render_pdf(report)))), squeeze(docx_text(render_docx(report)))):
        signed = text[text.index("เห็นควรอนุมัติ") : text.index("ความเห็นของนายก")]
        assert squeeze("วันที่ ๗ มีนาคม ๒๕๖๘") in signed and "วันที่........" not in signed
        # the mayor has not signed yet: a date line to fill by hand
        assert "วันที่......../......../........" in text[text.index("ความเห็นของนายก") :]


def test_memo_lines_break_between_words_without_wide_gaps() -> None:
    """The body is set flush left in dictionary words: no line ends inside a word (ปีงบ|ประมาณ), and no gap
    between two words of a line is wider than a few spaces (a justified line stretched at its few spaces)."""
    sentence = "การดำเนินงานตามมาตรการของหน่วยงานในปีงบประมาณ พ.ศ. ๒๕๖๘ เป็นไปตามแผน"
    body = "\n".join(("ก" * n) + sentence * 6 for n in range(0, 12, 2))
    report = compose(document([measure(1)], _memo(body=body)), "implementation", "C")
    with pdfplumber.open(io.BytesIO(render_pdf(report))) as pdf:
        page = pdf.pages[0]
        rule = min(line["top"] for line in page.lines)  # under the memo's fields
        # pdfminer's text of Thai is garbled, its positions are not: the body's lines are those under the rule
        # with its words in them
        lines = [
            line
            for line in page.extract_text_lines()
            if line["top"] > rule and any(w in line["text"] for w in ("ประม", "มาต", "แผน"))
        ]
        assert len(lines) > 10
        for line in lines:
            chars = [c for c in line["chars"] if c["text"].strip()]
            gaps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(chars)]
            assert max(gaps) < 8, line["text"]
    for paragraph_lines in _body_paragraph_lines(report, body):
        joined = "".join(paragraph_lines)
        cuts = set()
        position = 0
        for part in paragraph_lines[:-1]:
            position += len(part)
            cuts.add(position)
        bounds = set()
        position = 0
        for word in words(joined):
            position += len(word)
            bounds.add(position)
        assert cuts <= bounds, [p[-6:] for p in paragraph_lines]


def _body_paragraph_lines(report: object, body: str) -> list[list[str]]:
    """The memo body's lines as the PDF shows them, grouped by paragraph."""
    text = pages(render_pdf(report))[0]  # type: ignore[arg-type]
    lines = [line.strip() for line in text.split("\r\n")]
    out: list[list[str]] = []
    for paragraph in body.split("\n"):
        target = squeeze(paragraph)
        for start in range(len(lines)):
            taken, joined = [], ""
            for line in lines[start:]:
                joined += squeeze(line)
                taken.append(line.replace(" ", ""))
                if not target.startswith(joined):
                    break
                if joined == target:
                    out.append(taken)
                    break
            if out and out[-1] is taken:
                break
    assert len(out) == len(body.split("\n"))
    return out


# --- columns the framework fills ---------------------------------------------------------------------------


def test_question_codes_fill_the_issue_and_the_indicator(registry: FrameworkRegistry) -> None:
    """Layout D's issue column takes the questions' wording from the year's framework (as seed 004 prints it),
    and A's and D's indicator column the indicator the questions belong to; what the source says stays."""
    framework = registry.get(2566)
    source = document(
        [
            measure(1, tool="IIT", questions=["i7", "i12"], steps=["ขั้นตอนของมาตรการหนึ่ง"]),
            measure(2, questions=["e๑๕"], steps=["ขั้นตอนของมาตรการสอง"]),
            measure(
                3,
                tool="IIT",
                questions=["i1"],
                issue="ประเด็นที่เขียนไว้เอง",
                indicator=IndicatorRef(1, "ชื่อเดิม"),
                steps=["ขั้นตอนของมาตรการสาม"],
            ),
        ]
    )
    wording = {code: framework.question(code).text for code in ("i7", "i12", "e15")}
    e15 = framework.indicator(framework.question("e15").indicator)
    for layout in ("A", "D"):
        report = compose(source, "implementation", layout, framework=framework)
        keys = [c.key for c in report.tables[0].columns]
        steps = keys.index("steps" if layout == "A" else "steps_or_measure")
        rows = {r.cells[steps][0][-4:]: r.cells for t in report.tables for r in t.rows if r.heading is None}
        indicator = keys.index("indicator")
        assert rows["ามหนึ่ง"[-4:]][indicator] == ("๒. " + framework.indicator(2).name,)
        assert rows["การสอง"[-4:]][indicator] == (to_thai_digits(f"{e15.number}. ") + e15.name,)
        assert rows["การสาม"[-4:]][indicator] == ("๑. ชื่อเดิม",)  # what the source said stays
        text = squeeze("".join(pages(render_pdf(report))))
        assert squeeze(framework.indicator(2).name) in text and squeeze(e15.name) in text
        if layout == "D":
            issue = keys.index("issue")
            assert [squeeze(p) for p in rows["ามหนึ่ง"[-4:]][issue]] == [
                squeeze("๑. " + wording["i7"]),
                squeeze("๒. " + wording["i12"]),
            ]
            assert rows["การสาม"[-4:]][issue] == ("ประเด็นที่เขียนไว้เอง",)
            assert squeeze(wording["e15"]) in text and squeeze(wording["i12"]) in text
            docx = squeeze(docx_text(render_docx(report)))
            assert squeeze(wording["i7"]) in docx and squeeze(framework.indicator(2).name) in docx
    # without a framework nothing is made up
    bare = compose(source, "implementation", "D")
    assert not any(r.cells[1] for t in bare.tables for r in t.rows if r.heading is None and not r.cells[0])


def test_title_lines_read_as_an_introduction_are_printed_once() -> None:
    """Seed 000's title lines came back as its introduction: they are the title again, so they are left out."""
    source = seed_document("seed000")
    assert source.introduction and squeeze("ความก้าวหน้า/ผลการดำเนินการ") in squeeze(source.introduction[0])
    report = compose(source, "implementation", "A", with_memo=False)
    first = squeeze(pages(render_pdf(report))[0])
    assert squeeze("ความก้าวหน้า/ผลการดำเนินการตามมาตรการส่งเสริม") not in first
    assert first.count(squeeze("ประจำปีงบประมาณ พ.ศ. ๒๕๖๖")) == 1
    assert squeeze("ความก้าวหน้า/ผลการดำเนินการตามมาตรการ") not in squeeze(docx_text(render_docx(report)))
    # a real introduction stays
    seed004 = compose(seed_document("seed004"), "implementation", "D", with_memo=False)
    assert len(seed004.introduction) == 2


# --- pagination --------------------------------------------------------------------------------------------


def _lines_of(text: str) -> list[str]:
    return [line.strip() for line in text.split("\r\n") if line.strip()]


def _heading_variants(count: int) -> list[Document]:
    """Documents whose rows fall differently on the pages: headings land at every height of a page in one of
    them."""
    out = []
    for shift in range(count):
        measures = []
        for number in range(1, 15):
            tool = "IIT" if number <= 4 else "EIT" if number <= 9 else "OIT"
            group = "urgent" if number <= 7 else "develop"
            lines = 1 + (number * 7 + shift * 3) % 6
            measures.append(
                measure(
                    number,
                    tool=tool,
                    group=group,
                    indicator=IndicatorRef(1, "การปฏิบัติหน้าที่"),
                    steps=[f"ขั้นตอนที่ {n} ประชุมชี้แจงบุคลากรและประชาสัมพันธ์ช่องทาง" for n in range(lines)],
                    progress="ดำเนินการแล้ว " * (4 + shift),
                )
            )
        out.append(document(measures))
    return out


def test_no_page_ends_with_a_group_heading() -> None:
    headings = {
        "ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน",
        "ประเด็นที่ต้องพัฒนาให้ดีขึ้น",
        "แบบวัด IIT",
        "แบบวัด EIT",
        "แบบวัด OIT",
    }
    checked = 0
    for source in _heading_variants(6):
        for layout in ("A", "D"):
            report = compose(source, "implementation", layout, with_memo=False)
            tables = {squeeze(t.heading) for t in report.tables if t.heading}
            texts = pages(render_pdf(report))
            for text in texts[:-1]:
                lines = [squeeze(line) for line in _lines_of(text) if not line.startswith("หน้า")]
                last = lines[-1]
                assert last not in {squeeze(h) for h in headings} | tables, (layout, last)
                checked += 1
    assert checked >= 12


def test_docx_keeps_headings_with_the_row_after_them() -> None:
    report = compose(_heading_variants(1)[0], "implementation", "D", with_memo=False)
    docx = open_docx(io.BytesIO(render_docx(report)))
    headings = [p for p in docx.paragraphs if p.text.startswith(("๑.", "๒.", "๓.")) and "(" in p.text]
    assert len(headings) == 3 and all(p.paragraph_format.keep_with_next for p in headings)
    report = compose(_heading_variants(1)[0], "implementation", "A", with_memo=False)
    table = open_docx(io.BytesIO(render_docx(report))).tables[0]
    heading_rows = [row for row in table.rows[1:] if len({id(c._tc) for c in row.cells}) == 1]
    assert len(heading_rows) == 6  # urgent: IIT, EIT; to develop: EIT, OIT
    for row in heading_rows:
        assert all(p.paragraph_format.keep_with_next for p in row.cells[0].paragraphs)


def test_a_tall_row_breaks_rather_than_leave_most_of_a_page_blank() -> None:
    """Layout B: a short first row, then one of about two thirds of a page. Kept whole it would move to page 2
    and leave page 1 nearly empty; it starts on page 1 instead."""
    tall = "ผลการดำเนินการ " + " ".join(f"ขั้นตอนที่ {n} ดำเนินการประชุมชี้แจงแล้วเสร็จ" for n in range(40))
    source = document(
        [
            measure(1, progress="ประชุมแล้ว", summary="สรุปสั้น"),
            measure(2, progress=tall, summary="สรุปยาว"),
            measure(3),
        ]
    )
    report = compose(source, "implementation", "B", with_memo=False)
    texts = pages(render_pdf(report))
    assert squeeze("ขั้นตอนที่ ๐ ดำเนินการ") in squeeze(texts[0])
    with pdfplumber.open(io.BytesIO(render_pdf(report))) as pdf:
        first = pdf.pages[0]
        ink = max(
            c["bottom"] for c in first.chars if "หน้า" not in c["text"] and c["bottom"] < first.height - 60
        )
        assert ink > first.height * 0.7  # page 1 is filled, not left mostly blank
    docx = open_docx(io.BytesIO(render_docx(report)))
    rows = docx.tables[0].rows
    split = [r._tr.trPr is None or r._tr.trPr.find(qn("w:cantSplit")) is None for r in rows]
    assert split[-2] and not split[-1] and not split[-3]  # the tall row may split, the others not
