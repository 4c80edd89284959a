"""Thai digits, Buddhist Era years, government date formats and fiscal years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.core.thai import (
    be_to_ce,
    ce_to_be,
    fiscal_year,
    fiscal_year_bounds,
    format_date,
    syllables,
    to_arabic_digits,
    to_thai_digits,
    words,
)


@pytest.mark.parametrize(
    ("arabic", "thai"),
    [
        ("2564", "๒๕๖๔"),
        ("ที่ มท 0211.3/1234", "ที่ มท ๐๒๑๑.๓/๑๒๓๔"),
        ("74.36", "๗๔.๓๖"),
        ("e15", "e๑๕"),
        ("", ""),
    ],
)
def test_digits_both_ways(arabic: str, thai: str) -> None:
    assert to_thai_digits(arabic) == thai
    assert to_arabic_digits(thai) == arabic


@given(st.text())
def test_digit_conversion_round_trips(text: str) -> None:
    assert to_arabic_digits(to_thai_digits(text)) == to_arabic_digits(text)


@pytest.mark.parametrize(("be", "ce"), [(2566, 2023), (2564, 2021), (2543, 2000)])
def test_buddhist_era(be: int, ce: int) -> None:
    assert be_to_ce(be) == ce and ce_to_be(ce) == be


@pytest.mark.parametrize(
    ("style", "thai_digits", "text"),
    [
        ("full", True, "๕ ตุลาคม ๒๕๖๔"),
        ("full", False, "5 ตุลาคม 2564"),
        ("short", True, "๕ ต.ค. ๖๔"),
        ("month_year", True, "ตุลาคม ๒๕๖๔"),
        ("short_month_year", True, "ต.ค. ๖๔"),
    ],
)
def test_government_date_formats(style: str, thai_digits: bool, text: str) -> None:
    assert format_date(dt.date(2021, 10, 5), style, thai_digits=thai_digits) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("date", "year"),
    [
        (dt.date(2021, 10, 5), 2565),
        (dt.date(2021, 9, 30), 2564),
        (dt.date(2021, 10, 1), 2565),
        (dt.date(2023, 9, 30), 2566),
        (dt.date(2023, 1, 1), 2566),
    ],
)
def test_fiscal_year_of_a_date(date: dt.date, year: int) -> None:
    assert fiscal_year(date) == year


def test_fiscal_year_bounds() -> None:
    assert fiscal_year_bounds(2566) == (dt.date(2022, 10, 1), dt.date(2023, 9, 30))


@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31)))
def test_a_date_lies_within_its_fiscal_year(date: dt.date) -> None:
    start, end = fiscal_year_bounds(fiscal_year(date))
    assert start <= date <= end


def test_words_are_dictionary_words_with_the_spaces_kept() -> None:
    assert words("ประชาสัมพันธ์ช่องทางการร้องเรียน ผ่าน Facebook") == [
        "ประชาสัมพันธ์",
        "ช่องทาง",
        "การร้องเรียน",  # one entry in PyThaiNLP's dictionary
        " ",
        "ผ่าน",
        " ",
        "Facebook",
    ]


@given(
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]))
    | st.text("กขคงจนมยรลวสอะัาำิีึืุูเแโใไ่้๊๋็์ ๑๒\n\t.")
)
def test_words_give_the_text_back(text: str) -> None:
    assert "".join(words(text)) == text


def test_syllables_of_a_long_word() -> None:
    assert syllables("องค์การบริหารส่วนตำบล") == ["องค์", "การ", "บริ", "หาร", "ส่วน", "ตำ", "บล"]
    assert syllables("ฬฬฬฬ") == ["ฬฬฬฬ"]  # no syllable it knows: left whole
