"""What the paragraphs say: the title, the organisation, the fiscal year, the stated result, the kind of report.

Each function takes the paragraphs' texts (each paragraph's lines joined) and returns values.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal

from prongsai.core.model import ORGANISATION_TYPES, DocumentKind, Measure, Organisation, ResultStatement
from prongsai.core.thai import to_arabic_digits
from prongsai.ingest.columns import compact

TITLE_WORDS = ("มาตรการ", "รายงาน", "การดำเนินการตาม", "ประจำปีงบประมาณ", "ความก้าวหน้า", "วิเคราะห์")
# A title's second line (a Word title is often two paragraphs): it names the organisation or where it is.
TITLE_LINE_WORDS = ("อำเภอ", "จังหวัด", "ประจำปีงบประมาณ", *(full for _, full in ORGANISATION_TYPES))
MAX_TITLE_LINE = 120
# Words that end an organisation's name when the text runs on without a space.
NAME_STOPS = ("ประจำปี", "อำเภอ", "จังหวัด", "ในปี", "ได้", "โดย", "เพื่อ", "ตาม", "และ", "ซึ่ง", "ที่", "ผ่าน")
# กรุงเทพมหานคร is its own name: no name follows the type.
NAMED_BY_TYPE = {"กทม."}

_RESULT = re.compile(
    r"คะแนน\s*(?P<score>[0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)\s*(?:คะแนน)?\s*"
    r"(?:อยู่ใน)?\s*(?:ระดับ|ผลการประเมิน)\s*(?P<level>AA|[A-F]|ผ่านดีเยี่ยม|ผ่านดี|ผ่าน|ต้องปรับปรุงโดยด่วน|ต้องปรับปรุง)"
    r"(?:.{0,40}?(?P<change>[+\-−–][0-9๐-๙]{1,3}(?:\.[0-9๐-๙]{1,2})?)\s*คะแนน)?"
    r"(?:\s*\(\s*ระดับ\s*(?P<previous>AA|[A-F])\s*\))?"
)
_PAGE_NUMBER = re.compile(r"^[-–—(\s]*(?:หน้า\s*)?[0-9๐-๙]{1,3}[-–—)\s]*$")
# A PDF's text layer may put a space inside the word ("ปี งบประมาณ"); Thai writes none there.
_FISCAL_YEAR = re.compile(r"ปี\s?งบ\s?ประมาณ\s*(?:พ\.\s?ศ\.)?\s*([0-9๐-๙]{4})")


def is_page_number(text: str) -> bool:
    """A page's number ("- ๒ -", "(๓)", "หน้า 4"), which a copied or printed report carries between its pages."""
    return _PAGE_NUMBER.match(text) is not None


def title_span(texts: list[str], skip: set[int]) -> range:
    """The paragraphs that make the title: the first that says what the report is, and the short lines right
    after it that name the organisation or where it is (a title Word keeps as two or three paragraphs)."""
    first = next(
        (
            i
            for i, t in enumerate(texts)
            if i not in skip and any(w in t for w in TITLE_WORDS) and not t.startswith(("ตามที่", "โดย"))
        ),
        None,
    )
    if first is None:
        return range(0)
    end = first + 1
    while (
        end < len(texts)
        and end not in skip
        and end - first < 3
        and 0 < len(texts[end]) <= MAX_TITLE_LINE
        and any(w in texts[end] for w in TITLE_LINE_WORDS)
        and not texts[end].startswith(("ตามที่", "โดย", "เรียน", "เรื่อง"))
    ):
        end += 1
    return range(first, end)


def organisation(texts: list[str]) -> Organisation:
    found: list[tuple[str, str]] = []
    for text in texts:
        for short, full in ORGANISATION_TYPES:
            if short in NAMED_BY_TYPE:
                found.extend((full, short) for _ in re.finditer(re.escape(full), text))
                continue
            for match in re.finditer(re.escape(full) + r"\s?([\u0E01-\u0E4E]+)", text):
                found.append((full + cut_name(match.group(1)), short))
        for short, full in ORGANISATION_TYPES:
            if short not in NAMED_BY_TYPE:
                for match in re.finditer(re.escape(short) + r"\s?([\u0E01-\u0E4E]{2,})", text):
                    found.append((full + cut_name(match.group(1)), short))
    if not found:
        return Organisation()
    counts = Counter(found)
    name, short = max(counts, key=lambda key: (counts[key], -found.index(key)))
    district = province = None
    for text in texts:
        if name in text:
            if (d := re.search(r"อำเภอ\s?([\u0E01-\u0E4E]+)", text)) and district is None:
                district = d.group(1)
            if (p := re.search(r"จังหวัด\s?([\u0E01-\u0E4E]+)", text)) and province is None:
                province = p.group(1)
    return Organisation(name, short, district, province)


def cut_name(name: str) -> str:
    for stop in NAME_STOPS:
        position = name.find(stop, 2)
        if position > 0:
            name = name[:position]
    return name


def result(texts: list[str]) -> ResultStatement | None:
    for text in texts:
        match = _RESULT.search(text)
        if match:
            change = match.group("change")
            return ResultStatement(
                score=Decimal(to_arabic_digits(match.group("score"))),
                level=match.group("level"),
                change=Decimal(to_arabic_digits(change).replace("−", "-").replace("–", "-"))
                if change
                else None,
                previous_level=match.group("previous"),
            )
    return None


def fiscal_year(texts: list[str]) -> int | None:
    for text in texts:
        match = _FISCAL_YEAR.search(text)
        if match:
            return int(to_arabic_digits(match.group(1)))
    return None


def kind(title: str | None, introduction: list[str], measures: list[Measure]) -> DocumentKind:
    words = compact(" ".join([title or "", *introduction[:1]]))
    if any(w in words for w in ("ผลการดำเนินการ", "การดำเนินการตามมาตรการ", "ความก้าวหน้า", "รายงานผล")):
        return "implementation"
    if any(m.progress for m in measures):
        return "implementation"
    if "วิเคราะห์" in words and not measures:
        return "analysis"
    return "measures"
