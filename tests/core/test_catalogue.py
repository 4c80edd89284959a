"""The catalogue's core: search terms of unspaced Thai, near-duplicate keys, similarity, and the effect figures
checked against an independent computation (the standard library's statistics.median over generated data)."""

from __future__ import annotations

import random
import statistics
from decimal import Decimal

import pytest

from prongsai.core.catalogue import (
    ScoreChange,
    YearChange,
    association,
    content_words,
    duplicate_key,
    median,
    query_terms,
    score_changes,
    search_terms,
    similarity,
)

UNSPACED = "จัดทำช่องทางการร้องเรียนการทุจริตและประพฤติมิชอบผ่านเว็บไซต์และเผยแพร่ข้อมูลการจัดซื้อจัดจ้าง"


@pytest.mark.parametrize(
    "word",
    ["ร้องเรียน", "ทุจริต", "มิชอบ", "ประพฤติ", "เว็บไซต์", "จัดซื้อ", "จัดจ้าง", "ช่องทาง", "เผยแพร่"],
)
def test_a_word_inside_unspaced_text_is_a_search_term(word: str) -> None:
    assert word in UNSPACED and " " not in UNSPACED
    terms = set(search_terms(UNSPACED).split())
    assert query_terms(word) and set(query_terms(word)) <= terms


@pytest.mark.parametrize("word", ["สินบน", "งบประมาณ", "ถนน"])
def test_a_word_not_in_the_text_is_not_a_term(word: str) -> None:
    assert not set(query_terms(word)) <= set(search_terms(UNSPACED).split())


def test_terms_are_cleaned_and_unique() -> None:
    terms = search_terms("ประชุม ๑๒ ครั้ง (ประชุม) ITA.").split()
    assert len(terms) == len(set(terms))
    assert "12" in terms and "ita" in terms and "ประชุม" in terms
    assert not any(c in "().๑๒" for t in terms for c in t)


def test_copies_share_a_duplicate_key() -> None:
    original = "ประชาสัมพันธ์ช่องทางการร้องเรียน"
    assert duplicate_key(original) == duplicate_key("1. ประชาสัมพันธ์ ช่องทาง การร้องเรียน")
    assert duplicate_key(original) == duplicate_key("๒) ประชาสัมพันธ์ช่องทางการร้องเรียน.")
    assert duplicate_key(original) != duplicate_key("ประชาสัมพันธ์ช่องทางการแจ้งเบาะแส")


def test_similarity_orders_texts_by_shared_words() -> None:
    target = content_words(search_terms("การเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"))
    close = content_words(search_terms("เผยแพร่ข้อมูลการจัดซื้อจัดจ้างผ่านเว็บไซต์"))
    far = content_words(search_terms("ซ่อมแซมถนนในหมู่บ้าน"))
    assert similarity(target, target) == 1.0
    assert similarity(target, close) > similarity(target, far)
    assert similarity(target, frozenset()) == 0.0


def test_score_changes_state_before_after_and_delta() -> None:
    changes = score_changes(
        ["e15", "i7", "e15", "3"],
        {"e15": Decimal("72.1"), "i7": Decimal("60"), "3": Decimal("80")},
        {"e15": Decimal("88.4"), "3": Decimal("79.5")},
    )
    assert [c.code for c in changes] == ["e15", "3"]  # i7 has no score after; e15 counted once
    assert changes[0].delta == Decimal("16.3")
    assert changes[0].describe() == "e15: 72.10 → 88.40, +16.30"
    assert ScoreChange("3", Decimal("80"), Decimal("79.5")).describe() == "3: 80.00 → 79.50, -0.50"


@pytest.mark.parametrize("seed", range(20))
def test_median_agrees_with_the_standard_library(seed: int) -> None:
    rng = random.Random(seed)
    values = [Decimal(rng.randrange(-3000, 3000)) / 100 for _ in range(rng.randrange(1, 40))]
    assert median(values) == statistics.median(values)


@pytest.mark.parametrize("seed", range(10))
def test_association_against_an_independent_computation(seed: int) -> None:
    """Generated results: each organisation's score per year; some organisation-years took a measure."""
    rng = random.Random(seed)
    scores = {
        (o, y): Decimal(rng.randrange(4000, 10000)) / 100 for o in range(1, 60) for y in range(2563, 2568)
    }
    took = {(o, y) for o in range(1, 60) for y in range(2564, 2568) if rng.random() < 0.3}
    changes = [YearChange(o, y, scores[o, y - 1], scores[o, y]) for (o, y) in scores if (o, y - 1) in scores]
    found = association("e15", changes, took)
    # the oracle: plain lists built straight from the generated table, the standard library's median
    with_deltas = [float(scores[o, y] - scores[o, y - 1]) for (o, y) in took]
    without_deltas = [
        float(scores[o, y] - scores[o, y - 1])
        for o in range(1, 60)
        for y in range(2564, 2568)
        if (o, y) not in took
    ]
    assert found.with_count == len(with_deltas) and found.without_count == len(without_deltas)
    assert found.with_median is not None and found.without_median is not None
    assert float(found.with_median) == pytest.approx(statistics.median(with_deltas))
    assert float(found.without_median) == pytest.approx(statistics.median(without_deltas))
    assert found.difference == found.with_median - found.without_median


def test_association_without_one_group_has_no_difference() -> None:
    found = association("i1", [YearChange(1, 2566, Decimal(70), Decimal(80))], took=set())
    assert found.with_count == 0 and found.with_median is None and found.difference is None
    assert found.without_median == Decimal(10)
