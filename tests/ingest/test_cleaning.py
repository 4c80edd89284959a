"""Cleaning extracted text."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pythainlp.util import normalize

from prongsai.ingest.cleaning import (
    clean_text,
    join_spaced_letters,
    join_wrapped_lines,
    list_items,
    normalize_thai,
    split_numbered,
)

THAI = st.text(
    alphabet=st.characters(min_codepoint=0x0E01, max_codepoint=0x0E5B) | st.sampled_from(" \u200b"),
    max_size=30,
)


@settings(max_examples=3000)
@given(THAI)
@example("เเละ")
@example("นํ้า")
@example("ก่ี")
@example("นาาา")
@example("ดี ี")
@example("่ก")
@example("ก ่")
def test_normalize_is_skipped_only_where_it_changes_nothing(text: str) -> None:
    text = re.sub(" +", " ", text).strip()  # as clean_text hands it over: spaces folded, ends stripped
    assert normalize_thai(text) == normalize(text)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<p>เเละ&amp;นํ้า</p>", "และ&น้ำ"),
        ("โ ค ร ง ก า ร  ป้องกัน", "โครงการ ป้องกัน"),
        ("ตุ ล า ค ม ๖ ๕", "ตุลาคม๖๕"),
        ("มอຍงาน", "มอบงาน"),
        ("  a\u00a0b\u200bc  ", "a bc"),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_spaced_letters_need_three() -> None:
    assert join_spaced_letters("นาย ก อบต.") == "นาย ก อบต."


@pytest.mark.parametrize(
    ("cell", "items"),
    [
        ("<p>๑) ก</p> <p>๒) ข</p>", ["ก", "ข"]),
        ("๑. หนึ่ง ๒. สอง ราย ๖ เดือน ๓. สาม", ["หนึ่ง", "สอง ราย ๖ เดือน", "สาม"]),
        ("<ul><li>หนึ่ง</li><li>สอง</li></ul>", ["หนึ่ง", "สอง"]),
        ("- กองคลัง- กองช่าง - กองสาธารณสุข", ["กองคลัง", "กองช่าง", "กองสาธารณสุข"]),
        ("ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕", ["ต.ค. ๖๔ - ๓๐ ก.ย. ๖๕"]),
        ("ทำ ๑. แล้ว", ["ทำ ๑. แล้ว"]),
        ("", []),
    ],
)
def test_list_items(cell: str, items: list[str]) -> None:
    assert list_items(cell) == items


def test_split_numbered_goes_on_a_list() -> None:
    assert split_numbered("๒) ต่อ ๓) จบ") == ["ต่อ", "จบ"]
    assert split_numbered("ไม่มีเลข") is None


def test_a_list_number_alone_at_the_end_of_a_wrapped_line_still_starts_its_item() -> None:
    """PDFium may give "๓." a line to itself, its item's words on the next: the item stays apart from the one before
    (Thai digits are Thai letters to a joiner that looks at scripts only)."""
    joined = join_wrapped_lines(["๒. ป้องกันผลประโยชน์ทับซ้อนกัน", "๓.", "ให้เจ้าหน้าที่ตรวจสอบ"])
    assert joined == "๒. ป้องกันผลประโยชน์ทับซ้อนกัน ๓. ให้เจ้าหน้าที่ตรวจสอบ"
    assert split_numbered(joined) == ["ป้องกันผลประโยชน์ทับซ้อนกัน", "ให้เจ้าหน้าที่ตรวจสอบ"]
