"""The three seeds, as text, as Word and as PDF, against golden files written by hand from the documents.

Thai text fields are compared without whitespace: Thai writes no spaces between words, and where extraction
put them (line wraps, "ย ะเวลา") is noise, not content. Everything else (codes, numbers, dates, statuses, units,
list lengths and order) must match exactly.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import pytest

from prongsai.core.model import Document
from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import read_document_bytes
from tests.ingest.conftest import SEED_NAMES, golden, seed_text
from tests.ingest.conversions import to_docx, to_pdf

TEXT_FIELDS = {
    "title",
    "measure",
    "issue",
    "progress",
    "summary",
    "suggestions",
    "body",
    "subject",
    "office",
    "ref",
    "to",
    "text",
    "position",
    "name",
    "role",
    "date_text",
    "unit",
    "section",
}


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)


def assert_matches(actual: Any, expected: Any, path: str) -> None:
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        for key, value in expected.items():
            if key == "seed":
                continue
            assert key in actual, f"{path}.{key} missing"
            assert_matches(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), (
            f"{path}: {len(actual) if isinstance(actual, list) else actual!r} items, expected {len(expected)}"
        )
        for index, (a, e) in enumerate(zip(actual, expected, strict=True)):
            assert_matches(a, e, f"{path}[{index}]")
    elif isinstance(expected, str) and path.rsplit(".", 1)[-1].split("[")[0] in TEXT_FIELDS | {
        "steps",
        "introduction",
    }:
        assert isinstance(actual, str) and squeeze(actual) == squeeze(expected), (
            f"{path}:\n{actual!r}\n!=\n{expected!r}"
        )
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


@cache
def converted(name: str, form: str) -> tuple[bytes, str]:
    text = seed_text(name)
    if form == "text":
        return text.encode("utf-8"), f"{name}.txt"
    if form == "docx":
        return to_docx(text), f"{name}.docx"
    return to_pdf(text), f"{name}.pdf"


def read(name: str, form: str, registry: FrameworkRegistry) -> Document:
    data, filename = converted(name, form)
    return read_document_bytes(data, filename, registry)


@pytest.mark.parametrize("form", ["text", "docx", "pdf"])
@pytest.mark.parametrize("name", SEED_NAMES)
def test_seed_matches_its_golden_file(name: str, form: str, registry: FrameworkRegistry) -> None:
    document = read(name, form, registry)
    expected = golden(name)
    actual = document.to_dict()
    assert document.source == form
    # introduction: the same words, however a format splits them into paragraphs
    assert squeeze("".join(actual.pop("introduction"))) == squeeze("".join(expected.pop("introduction")))
    assert_matches(actual, expected, name)


@pytest.mark.parametrize(
    ("name", "count", "tools"),
    [
        ("seed000", 6, {"IIT": 5, "OIT": 1}),
        ("seed002", 5, {None: 5}),
        ("seed004", 10, {"IIT": 5, "EIT": 3, "OIT": 2}),
    ],
)
def test_the_counts_the_issue_names(
    name: str, count: int, tools: dict[str | None, int], registry: FrameworkRegistry
) -> None:
    measures = read(name, "text", registry).measures
    assert len(measures) == count
    found: dict[str | None, int] = {}
    for measure in measures:
        found[measure.tool] = found.get(measure.tool, 0) + 1
    assert found == tools


def test_seed_004_has_several_responsible_units(registry: FrameworkRegistry) -> None:
    measures = read("seed004", "text", registry).measures
    assert sum(len(m.responsible) > 1 for m in measures) == 8


def test_seed_000_reads_the_lao_slip_and_says_so(registry: FrameworkRegistry) -> None:
    document = read("seed000", "text", registry)
    assert "มอบงานนิติการ" in squeeze(document.measures[5].steps[1])
    assert any("อักษรลาว" in w for w in document.warnings)
