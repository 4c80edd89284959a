"""One list per enumeration, each value with its Thai words; the code's values all come from these lists."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import pytest

from prongsai.core import compose, frameworks, model, vocabulary

SRC = Path(__file__).resolve().parents[2] / "src" / "prongsai"
THAI = re.compile(r"[\u0e01-\u0e5b]")


@pytest.mark.parametrize("enumeration", vocabulary.ALL, ids=lambda e: e.name)
def test_every_value_has_thai_words(enumeration: vocabulary.Enumeration[str]) -> None:
    assert THAI.search(enumeration.name)
    assert len(set(enumeration.values)) == len(enumeration.values), "a value listed twice"
    for value, label in enumeration.entries:
        assert THAI.search(label), f"{enumeration.name}: {value!r} has no Thai words ({label!r})"


def test_the_core_types_are_the_lists() -> None:
    assert set(typing.get_args(vocabulary.MeasureStatus)) == set(vocabulary.MEASURE_STATUS.values)
    assert set(typing.get_args(vocabulary.DocumentKind)) == set(vocabulary.DOCUMENT_KIND.values)
    assert set(typing.get_args(vocabulary.Layout)) == set(vocabulary.LAYOUT.values)
    assert set(model.STATUSES) == set(vocabulary.MEASURE_STATUS.values)
    assert vocabulary.DOCUMENT_KIND.values == frameworks.DOCUMENT_KINDS
    assert set(frameworks.CONFIDENCE_LABELS) == set(vocabulary.CONFIDENCE.values)
    assert vocabulary.GROUPING.values == compose.GROUPINGS
    # the composer's layouts are the list's, and its own plan layout
    assert set(compose.LAYOUTS) == {*vocabulary.LAYOUT.values, "plan"}


def test_every_audit_action_written_has_thai_words() -> None:
    """Every `action="…"` the code writes to the audit trail is in the list (a new one without words fails)."""
    written = set()
    for path in SRC.rglob("*.py"):
        written |= set(re.findall(r'action="([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
        written |= set(re.findall(r'else "([a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert len(written) >= 20  # the scan finds them
    assert written <= set(vocabulary.AUDIT_ACTION.values), written - set(vocabulary.AUDIT_ACTION.values)


def test_labels_and_unknown_values() -> None:
    assert vocabulary.MEASURE_STATUS.label("in_progress") == "อยู่ระหว่างดำเนินการ"
    assert vocabulary.AUDIT_ACTION.label("version.publish") == "เผยแพร่เอกสาร"
    assert vocabulary.MEASURE_STATUS.label("gone") == "gone"  # an old row is shown, not lost
    assert vocabulary.MEASURE_STATUS.label(None) == ""
    assert "completed" in vocabulary.MEASURE_STATUS and "done" not in vocabulary.MEASURE_STATUS
    assert vocabulary.MEASURE_STATUS.choices[0] == ("unknown", "ยังไม่รายงาน")


@pytest.mark.parametrize(
    ("origin", "thai"),
    [
        ("table 1, row 4, cell 6", "ตารางที่ 1 แถวที่ 4 ช่องที่ 6"),
        ("page 2, table 1, row 3", "หน้า 2 ตารางที่ 1 แถวที่ 3"),
        ("line 40", "บรรทัดที่ 40"),
        ("paragraph 7", "ย่อหน้าที่ 7"),
        ("table 1, row 2: ไม่รู้จักตัวชี้วัด “a, b”", "ตารางที่ 1 แถวที่ 2: ไม่รู้จักตัวชี้วัด “a, b”"),
        ("ตารางไม่มีคอลัมน์ ผู้รับผิดชอบ, ระยะเวลา", "ตารางไม่มีคอลัมน์ ผู้รับผิดชอบ, ระยะเวลา"),
    ],
)
def test_where_a_text_was_found_reads_in_thai(origin: str, thai: str) -> None:
    assert vocabulary.origin_in_thai(origin) == thai
