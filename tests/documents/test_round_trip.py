"""Every layout the system writes, PDF and DOCX, reads back through the importer into the same measures."""

from __future__ import annotations

import dataclasses
import re
from functools import cache

import pytest
from pythainlp.util import normalize

from prongsai.core.compose import GROUP_HEADINGS, TOOL_ORDER, compose
from prongsai.core.model import Document, Measure
from prongsai.core.thai import to_thai_digits
from prongsai.documents.docx import render_docx
from prongsai.documents.pdf import render_pdf
from prongsai.frameworks import FrameworkRegistry, load_frameworks
from prongsai.ingest import read_document_bytes
from prongsai.ingest.blocks import Table
from prongsai.ingest.pdf import pdf_blocks
from tests.ingest.conftest import SEED_NAMES, seed_text


def squeeze(value: str | None) -> str:
    return re.sub(r"\s+", "", normalize(value or ""))


# What each layout prints of a measure, so what must come back (BRIEF.md's layouts; "plan" is the measures plan).
SHOWN = {
    "A": ("tool", "indicator", "questions", "measure", "steps", "responsible", "progress", "status"),
    "B": ("number", "questions", "measure", "timeframe", "progress", "status"),
    "C": ("questions", "measure", "steps", "responsible", "timeframe", "progress", "suggestions", "status"),
    "D": (
        "tool",
        "indicator",
        "issue",
        "questions",
        "steps",
        "responsible",
        "timeframe",
        "progress",
        "status",
    ),
    "plan": ("tool", "indicator", "questions", "measure", "steps", "responsible", "timeframe"),
}


def fields(measure: Measure, layout: str) -> dict[str, object]:
    every = {
        "number": measure.number,
        "tool": measure.tool,
        "indicator": measure.indicator.number if measure.indicator else None,
        "issue": squeeze(measure.issue),
        "questions": measure.questions,
        "measure": squeeze(measure.measure),
        "steps": [squeeze(s) for s in measure.steps],
        "responsible": [(u.unit, u.section) for u in measure.responsible],
        "timeframe": (measure.timeframe.start, measure.timeframe.end) if measure.timeframe else None,
        "progress": squeeze(measure.progress),
        "suggestions": squeeze(measure.suggestions),
        "status": measure.status,
    }
    return {name: every[name] for name in SHOWN[layout]}


@cache
def registry() -> FrameworkRegistry:
    return load_frameworks(site_directory=None)


@cache
def source(name: str) -> Document:
    if name == "fifty":
        return fifty_measures()
    return read_document_bytes(seed_text(name).encode(), f"{name}.txt", registry())


def fifty_measures() -> Document:
    """The seeds' 21 measures taken in turn up to 50, numbered afresh: real text of real length and variety."""
    seeds = [source(name) for name in SEED_NAMES]
    pool = [m for seed in seeds for m in seed.measures]
    measures = [dataclasses.replace(pool[n % len(pool)], number=n + 1) for n in range(50)]
    return dataclasses.replace(seeds[-1], measures=measures)


def printed_order(measures: list[Measure], layout: str) -> list[Measure]:
    """The order a layout prints measures in: A and the plan by urgency then tool, D in tool sections."""
    if layout in ("A", "plan"):
        return sorted(
            measures,
            key=lambda m: (
                list(GROUP_HEADINGS).index(m.group) if m.group in GROUP_HEADINGS else 2,
                TOOL_ORDER.get(m.tool, 3),
                m.number,
            ),
        )
    if layout == "D":
        return sorted(measures, key=lambda m: TOOL_ORDER.get(m.tool, 3))
    return list(measures)


def written(name: str, layout: str, form: str) -> bytes:
    kind = "measures" if layout == "plan" else "implementation"
    report = compose(source(name), kind, layout)
    return render_pdf(report) if form == "pdf" else render_docx(report)


@pytest.mark.parametrize("form", ["pdf", "docx"])
@pytest.mark.parametrize("layout", ["A", "B", "C", "D", "plan"])
@pytest.mark.parametrize("name", [*SEED_NAMES, "fifty"])
def test_every_layout_reads_back_into_the_same_measures(name: str, layout: str, form: str) -> None:
    original = printed_order(source(name).measures, layout)
    again = read_document_bytes(
        written(name, layout, form), f"again.{form}", registry(), framework_version=2566
    )
    expected = [fields(m, layout) for m in original]
    actual = [fields(m, layout) for m in again.measures]
    assert len(actual) == len(expected)
    for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
        assert a == e, f"measure {index + 1}"
    groups = [m.group for m in original]
    if layout in ("A", "plan"):  # these print the urgency, not a theme
        assert [m.group for m in again.measures] == [g if g in GROUP_HEADINGS else None for g in groups]
    if layout == "C":  # C prints the theme, not the urgency
        assert [m.group for m in again.measures] == [None if g in GROUP_HEADINGS else g for g in groups]


@pytest.mark.parametrize(
    ("layout", "said"),
    [
        ("A", ["ระยะเวลาดำเนินการ"]),
        ("B", ["ขั้นตอน", "ผู้รับผิดชอบ"]),
        ("D", ["ไม่มีคอลัมน์มาตรการ"]),
    ],
)
def test_a_layout_without_a_field_says_so(layout: str, said: list[str]) -> None:
    again = read_document_bytes(
        written("seed004", layout, "docx"), "x.docx", registry(), framework_version=2566
    )
    assert all(any(word in w for w in again.warnings) for word in said), again.warnings


def test_a_layout_with_every_field_warns_of_nothing() -> None:
    again = read_document_bytes(written("seed004", "C", "docx"), "x.docx", registry(), framework_version=2566)
    assert again.warnings == []


@pytest.mark.parametrize(
    ("layout", "field"),
    [(layout, "progress") for layout in "ABCD"] + [(layout, "measure") for layout in "ABC"],
)
def test_a_row_broken_across_pages_is_joined_again(layout: str, field: str) -> None:
    """A result (or a measure) longer than a page breaks its row: the next pages repeat the header and carry the
    rest of the row with its key cell empty (B's number), without one (D), or with the rest of the measure's own
    cell, numbered (C) or not (A), under a cell that a heading's words may fill ("…จุดอ่อน…")."""
    original = source("seed002")
    # In Thai digits, as the report prints every digit (one digit system): Arabic ones would come back Thai.
    long_text = "\n".join(
        f"ครั้งที่ {to_thai_digits(str(n))} ได้ประชาสัมพันธ์ช่องทางการร้องเรียนและเผยแพร่ข้อมูลข่าวสารผ่านเว็บไซต์ขององค์การบริหารส่วนตำบล"
        for n in range(1, 41)
    )
    measures = list(original.measures)
    value = long_text if field == "progress" else long_text.replace("\n", " ")
    measures[1] = dataclasses.replace(measures[1], **{field: value})
    document = dataclasses.replace(original, measures=measures)
    data = render_pdf(compose(document, "implementation", layout, with_memo=False))
    pages_of_the_row = [
        b for b in pdf_blocks(data, "x.pdf") if isinstance(b, Table) and "ครั้งที่" in str(b.rows)
    ]
    assert len(pages_of_the_row) >= 3  # the row did break, over three pages at least
    again = read_document_bytes(data, "x.pdf", registry(), framework_version=2566).measures
    expected = printed_order(measures, layout)
    assert [fields(m, layout) for m in again] == [fields(m, layout) for m in expected]
