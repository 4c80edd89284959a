"""Scoring: levels and ratings at every boundary, the weights, aggregation from questions and items, input checks."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.core.analysis import analyse, describe_result, describe_result_english
from prongsai.core.errors import ScoreInputError
from prongsai.core.frameworks import Framework
from prongsai.core.scoring import (
    ScoreRow,
    ScoreSheet,
    change,
    compute_result,
    grade,
    normalise_code,
    round2,
    scores_from_rows,
    signed,
)
from prongsai.frameworks import FrameworkRegistry


def sheet(
    indicators: dict[int, str], questions: dict[str, str] | None = None, items: dict[str, str] | None = None
) -> ScoreSheet:
    return ScoreSheet(
        {n: D(v) for n, v in indicators.items()},
        {c: D(v) for c, v in (questions or {}).items()},
        {c: D(v) for c, v in (items or {}).items()},
    )


def uniform(score: str) -> ScoreSheet:
    return sheet(dict.fromkeys(range(1, 11), score))


# --- levels AA–F (2565, 2566): every boundary, both sides ----------------------------------------------------

LEVEL_BOUNDARIES = [
    ("100", "AA"),
    ("95.00", "AA"),
    ("94.99", "A"),
    ("85.00", "A"),
    ("84.99", "B"),
    ("75.00", "B"),
    ("74.99", "C"),
    ("65.00", "C"),
    ("64.99", "D"),
    ("55.00", "D"),
    ("54.99", "E"),
    ("50.00", "E"),
    ("49.99", "F"),
    ("0", "F"),
]


@pytest.mark.parametrize(("total", "level"), LEVEL_BOUNDARIES)
@pytest.mark.parametrize("version", [2565, 2566])
def test_level_boundaries(registry: FrameworkRegistry, version: int, total: str, level: str) -> None:
    framework = registry.get(version)
    result = compute_result(framework, uniform(total))
    assert result.total == D(total)
    assert (result.grade.key, result.grade.label) == ("level", level)


@pytest.mark.parametrize(
    ("exact", "rounded", "level"),
    [("84.995", "85.00", "A"), ("84.994", "84.99", "B"), ("94.995", "95.00", "AA"), ("49.995", "50.00", "E")],
)
def test_rounding_half_up_to_two_decimals_decides_the_level(
    f2566: Framework, exact: str, rounded: str, level: str
) -> None:
    result = compute_result(f2566, uniform(exact))
    assert str(result.total) == rounded
    assert result.grade.label == level


def test_pass_mark(f2566: Framework) -> None:
    assert compute_result(f2566, uniform("85")).passed
    assert not compute_result(f2566, uniform("84.99")).passed


# --- ratings (2567+): each rule and its per-tool condition ----------------------------------------------------

RATING_CASES = [
    # total, IIT, EIT, OIT, rating
    ("96.00", "96", "95", "97", "ผ่านดีเยี่ยม"),
    ("95.00", "95", "95", "95", "ผ่านดีเยี่ยม"),
    ("96.00", "94.99", "97", "97", "ผ่านดี"),  # one tool under 95: not excellent
    ("94.99", "95", "95", "95", "ผ่านดี"),  # every tool 95 but the total under 95
    ("85.00", "85", "85", "85", "ผ่านดี"),
    ("94.64", "98", "84.99", "98", "ผ่าน"),  # the 2568 case in the news: EIT under 85 → ผ่าน
    ("85.00", "100", "50", "100", "ผ่าน"),
    ("84.99", "100", "100", "100", "ต้องปรับปรุง"),
    ("70.00", "70", "70", "70", "ต้องปรับปรุง"),
    ("69.99", "100", "100", "100", "ต้องปรับปรุงโดยด่วน"),
    ("0", "0", "0", "0", "ต้องปรับปรุงโดยด่วน"),
]


@pytest.mark.parametrize(("total", "iit", "eit", "oit", "rating"), RATING_CASES)
@pytest.mark.parametrize("version", [2567, 2568, 2569])
def test_rating_rules(
    registry: FrameworkRegistry, version: int, total: str, iit: str, eit: str, oit: str, rating: str
) -> None:
    result_grade = grade(registry.get(version), D(total), {"IIT": D(iit), "EIT": D(eit), "OIT": D(oit)})
    assert (result_grade.key, result_grade.label) == ("rating", rating)


def test_rating_from_scores_end_to_end(f2567: Framework) -> None:
    # IIT 100, EIT 80, OIT 100 → total 94.00 with EIT under 85: ผ่าน
    scores = sheet(
        {1: "100", 2: "100", 3: "100", 4: "100", 5: "100", 6: "80", 7: "80", 8: "80", 9: "100", 10: "100"}
    )
    result = compute_result(f2567, scores)
    assert result.total == D("94.00")
    assert (result.grade.label, result.grade.english) == ("ผ่าน", "pass")


# --- the weights: total = 0.3 IIT + 0.3 EIT + 0.4 OIT, tools the mean of their indicators ---------------------


def test_weights_by_hand(f2566: Framework) -> None:
    scores = sheet(
        {1: "80", 2: "70", 3: "75", 4: "72", 5: "78", 6: "70", 7: "72", 8: "74", 9: "75.30", 10: "76"}
    )
    result = compute_result(f2566, scores)
    # IIT = 375/5 = 75.00; EIT = 216/3 = 72.00; OIT = 151.3/2 = 75.65
    assert dict(result.tools) == {"IIT": D("75.00"), "EIT": D("72.00"), "OIT": D("75.65")}
    # 0.3 × 75 + 0.3 × 72 + 0.4 × 75.65 = 22.50 + 21.60 + 30.26 = 74.36
    assert result.total == D("74.36")
    assert result.grade.label == "C"


def test_each_tool_weighs_what_the_framework_says(f2566: Framework) -> None:
    only_oit = sheet({**dict.fromkeys(range(1, 9), "0"), 9: "100", 10: "100"})
    only_iit = sheet({**dict.fromkeys(range(1, 6), "100"), **dict.fromkeys(range(6, 11), "0")})
    assert compute_result(f2566, only_oit).total == D("40.00")
    assert compute_result(f2566, only_iit).total == D("30.00")


def test_seed_002_result_and_change(registry: FrameworkRegistry, f2566: Framework) -> None:
    """Seed 002: "คะแนน ๗๔.๓๖ อยู่ในระดับ C เปรียบเทียบกับที่ผ่านมา +๒๓.๒๙ คะแนน (ระดับ E)"."""
    current = compute_result(
        f2566,
        sheet({1: "80", 2: "70", 3: "75", 4: "72", 5: "78", 6: "70", 7: "72", 8: "74", 9: "75.30", 10: "76"}),
    )
    previous = compute_result(registry.get(2565), uniform("51.07"))
    year_change = change(current, previous)
    assert year_change.delta == D("23.29")
    assert year_change.previous_grade.label == "E"
    assert describe_result(current, year_change) == (
        "ได้รับผลการประเมิน ITA คะแนน ๗๔.๓๖ อยู่ในระดับ C เปรียบเทียบกับที่ผ่านมา +๒๓.๒๙ คะแนน (ระดับ E)"
    )
    assert describe_result_english(current, year_change) == "74.36, level C, +23.29 from E"


def test_change_across_levels_and_ratings(f2566: Framework, f2567: Framework) -> None:
    current = compute_result(f2567, uniform("90"))
    year_change = change(current, compute_result(f2566, uniform("92.50")))
    assert describe_result(current, year_change, thai_digits=False) == (
        "ได้รับผลการประเมิน ITA คะแนน 90.00 ผลการประเมิน ผ่านดี เปรียบเทียบกับที่ผ่านมา -2.50 คะแนน (ระดับ A)"
    )


@pytest.mark.parametrize(
    ("value", "text"),
    [("23.29", "+23.29"), ("-1.5", "-1.50"), ("0", "0.00"), ("-0.001", "0.00"), ("0.005", "+0.01")],
)
def test_signed(value: str, text: str) -> None:
    assert signed(D(value)) == text


def test_round2() -> None:
    assert round2(D("2.675")) == D("2.68")  # half up, not banker's rounding


# --- aggregation from questions and OIT items ----------------------------------------------------------------


def test_indicator_from_its_questions(f2566: Framework) -> None:
    scores = dict.fromkeys(range(2, 11), "90")
    questions = {"i1": "80", "i2": "90", "i3": "100", "i4": "100", "i5": "70", "i6": "100"}  # mean 90
    result = compute_result(f2566, sheet(scores, questions))
    assert result.indicators[1] == D("90.00")
    assert result.questions["i5"] == D("70.00")


def test_published_indicator_wins_over_its_questions(f2566: Framework) -> None:
    questions = {"i1": "0", "i2": "0", "i3": "0", "i4": "0", "i5": "0", "i6": "0"}
    result = compute_result(f2566, sheet(dict.fromkeys(range(1, 11), "90"), questions))
    assert result.indicators[1] == D("90.00")


def test_oit_indicators_from_items(f2566: Framework) -> None:
    items = {f"O{n}": "100" for n in range(1, 44)}
    items["O1"] = "0"  # 9.1 has ten items (O1–O10) in 2566: 90 %
    items["O42"] = "0"  # 10.2 has five (O39–O43): 80 %
    result = compute_result(f2566, sheet(dict.fromkeys(range(1, 9), "100"), items=items))
    assert result.indicators[9] == D("98.00")  # mean(90, 100, 100, 100, 100)
    assert result.indicators[10] == D("90.00")  # mean(100, 80)
    assert result.tools["OIT"] == D("94.00")


def test_missing_indicator_is_named(f2566: Framework) -> None:
    scores = dict.fromkeys([1, 2, 4, 5, 6, 7, 8, 9, 10], "90")
    with pytest.raises(ScoreInputError) as caught:
        compute_result(f2566, sheet(scores, {"i13": "50"}))
    assert "ตัวชี้วัดที่ 3 การใช้อำนาจ" in str(caught.value)
    assert "missing i14, i15, i16, i17, i18" in caught.value.english


def test_items_without_subindicators_cannot_make_an_indicator(registry: FrameworkRegistry) -> None:
    f2569 = registry.get(2569)
    items = {f"O{n}": "100" for n in range(1, 27)}
    with pytest.raises(ScoreInputError, match="ตัวชี้วัดที่ 9"):
        compute_result(f2569, sheet(dict.fromkeys(range(1, 9), "90"), items=items))


# --- reading rows --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("1", "1"),
        (" ๑๐ ", "10"),
        ("01", "1"),
        ("i9", "i9"),
        ("I๙", "i9"),
        ("e๑๕", "e15"),
        ("E 15", "e15"),
        ("o42", "O42"),
        ("O๔๒", "O42"),
        ("x1", "x1"),
    ],
)
def test_normalise_code(raw: str, code: str) -> None:
    assert normalise_code(raw) == code


def test_rows_with_thai_digits(f2566: Framework) -> None:
    rows = [
        ScoreRow(2, "๑", "๘๕.๕๐"),
        ScoreRow(3, "i๙", "๔๐"),
        ScoreRow(4, "O42", "ผ่าน"),
        ScoreRow(5, "O43", "0"),
        ScoreRow(6, "2", "70%"),
    ]
    scores = scores_from_rows(rows, f2566)
    assert scores.indicators == {1: D("85.50"), 2: D("70")}
    assert scores.questions == {"i9": D("40")}
    assert scores.items == {"O42": D(100), "O43": D(0)}


def test_every_bad_row_is_reported_with_its_number(f2566: Framework) -> None:
    rows = [
        ScoreRow(2, "1", "101"),
        ScoreRow(3, "i31", "50"),
        ScoreRow(4, "2", "ดีมาก"),
        ScoreRow(5, "O42", "50"),
        ScoreRow(6, "3", "-5"),
        ScoreRow(7, "4", "80"),
        ScoreRow(8, "4", "81"),
        ScoreRow(9, "", "80"),
        ScoreRow(10, "11", "80"),
    ]
    with pytest.raises(ScoreInputError) as caught:
        scores_from_rows(rows, f2566)
    problems = {p.row: p.english for p in caught.value.problems}
    assert set(problems) == {2, 3, 4, 5, 6, 8, 9, 10}
    assert "between 0 and 100" in problems[2]
    assert "unknown code 'i31'" in problems[3]
    assert "not a number" in problems[4]
    assert "0 (failed) or 100 (passed)" in problems[5]
    assert "between 0 and 100" in problems[6]  # a negative score is a number out of range
    assert "repeats row 7" in problems[8]
    assert "empty" in problems[9]
    assert "unknown code '11'" in problems[10]
    assert "แถวที่ 2:" in str(caught.value)


def test_no_rows(f2566: Framework) -> None:
    with pytest.raises(ScoreInputError, match="ไม่มีข้อมูลคะแนน"):
        scores_from_rows([], f2566)


def test_oit_items_refused_where_the_framework_has_none(f2567: Framework) -> None:
    with pytest.raises(ScoreInputError, match="O42"):
        scores_from_rows([ScoreRow(2, "O42", "100")], f2567)


@given(st.lists(st.tuples(st.text(max_size=8), st.text(max_size=8)), max_size=12))
def test_any_rows_give_scores_or_a_score_error(
    registry: FrameworkRegistry, rows: list[tuple[str, str]]
) -> None:
    framework = registry.get(2566)
    try:
        scores = scores_from_rows([ScoreRow(n, c, s) for n, (c, s) in enumerate(rows, start=2)], framework)
    except ScoreInputError as error:
        assert error.problems
        return
    assert all(D(0) <= v <= D(100) for v in [*scores.indicators.values(), *scores.questions.values()])


@given(st.lists(st.decimals(min_value=0, max_value=100, places=2), min_size=10, max_size=10))
def test_total_is_the_weighted_sum_and_within_range(registry: FrameworkRegistry, values: list[D]) -> None:
    framework = registry.get(2566)
    result = compute_result(framework, ScoreSheet(dict(enumerate(values, start=1)), {}, {}))
    expected = (
        D("0.06") * sum(values[:5], D(0))
        + D("0.10") * sum(values[5:8], D(0))
        + D("0.20") * sum(values[8:], D(0))
    )
    assert result.total == round2(expected)
    assert D(0) <= result.total <= D(100)


def test_analysis_of_seed_000_six_weak_indicators(f2566: Framework) -> None:
    """Seed 000: six indicators under 85 % are weaknesses; a score of exactly 85 is not."""
    scores = sheet(
        {
            1: "80.12",
            2: "70.5",
            3: "84.99",
            4: "60",
            5: "82",
            6: "85",
            7: "90",
            8: "88",
            9: "95",
            10: "75.25",
        },
        {"i9": "40", "e15": "85"},
        {"O42": "0", "O43": "100"},
    )
    analysis = analyse(compute_result(f2566, scores))
    urgent = [(f.kind, f.code, str(f.gap)) for f in analysis.urgent]
    assert urgent == [
        ("indicator", "4", "25.00"),
        ("indicator", "2", "14.50"),
        ("indicator", "10", "9.75"),
        ("indicator", "1", "4.88"),
        ("indicator", "5", "3.00"),
        ("indicator", "3", "0.01"),
        ("question", "i9", "45.00"),
        ("oit_item", "O42", "85"),
    ]
    develop = [(f.kind, f.code) for f in analysis.develop]
    assert develop == [
        ("indicator", "6"),
        ("indicator", "8"),
        ("indicator", "7"),
        ("indicator", "9"),
        ("question", "e15"),
        ("oit_item", "O43"),
    ]
    assert analysis.urgent[0].name == "การใช้ทรัพย์สินของราชการ"


def test_analysis_threshold_is_a_parameter(f2566: Framework) -> None:
    analysis = analyse(compute_result(f2566, uniform("90")), D(95))
    assert len(analysis.urgent) == 10 and not analysis.develop
