"""The analysis of a result, as the OIT measures item asks for it.

Indicators, questions and OIT items scoring under the threshold (85 by default, the pass mark) are
weaknesses to fix urgently (ประเด็นที่เป็นข้อบกพร่องหรือจุดอ่อนที่ต้องแก้ไขโดยเร่งด่วน); the rest are points to
develop further (ประเด็นที่ต้องพัฒนาให้ดีขึ้น). A score equal to the threshold is not a weakness.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from prongsai.core.scoring import Change, Result, signed
from prongsai.core.thai import to_thai_digits

DEFAULT_THRESHOLD = Decimal(85)
FindingKind = Literal["indicator", "question", "oit_item"]
_KIND_ORDER = {"indicator": 0, "question": 1, "oit_item": 2}


@dataclass(frozen=True)
class Finding:
    """One indicator, question or OIT item with its score and its distance to the threshold.

    `gap` is threshold − score: positive for a weakness (how far it has to climb), zero or negative otherwise.
    """

    kind: FindingKind
    code: str
    name: str
    tool: str
    indicator: int
    score: Decimal
    gap: Decimal
    note: str = ""  # the form's note on the question or item, shown with it


@dataclass(frozen=True)
class Analysis:
    threshold: Decimal
    urgent: tuple[Finding, ...]
    develop: tuple[Finding, ...]


def findings(result: Result, threshold: Decimal = DEFAULT_THRESHOLD) -> list[Finding]:
    """Every scored indicator, question and item of `result`, in framework order."""
    framework = result.framework
    found: list[Finding] = []
    for indicator in framework.indicators:
        score = result.indicators[indicator.number]
        found.append(
            Finding(
                "indicator",
                str(indicator.number),
                indicator.name,
                indicator.tool,
                indicator.number,
                score,
                threshold - score,
            )
        )
    for question in framework.questions:
        if question.code in result.questions:
            score = result.questions[question.code]
            tool = framework.indicator(question.indicator).tool
            found.append(
                Finding(
                    "question",
                    question.code,
                    question.text,
                    tool,
                    question.indicator,
                    score,
                    threshold - score,
                    question.note,
                )
            )
    for item in framework.oit_items:
        if item.code in result.items:
            score = result.items[item.code]
            found.append(
                Finding(
                    "oit_item",
                    item.code,
                    item.title,
                    "OIT",
                    item.indicator or 0,
                    score,
                    threshold - score,
                    item.note,
                )
            )
    return found


def analyse(result: Result, threshold: Decimal = DEFAULT_THRESHOLD) -> Analysis:
    """Split a result into weaknesses (score < threshold) and points to develop.

    Within each list: indicators first, then questions, then OIT items; each kind from the lowest score up
    (the largest gap first), ties in framework order.
    """
    everything = findings(result, threshold)
    position = {id(f): i for i, f in enumerate(everything)}

    def order(f: Finding) -> tuple[int, Decimal, int]:
        return (_KIND_ORDER[f.kind], f.score, position[id(f)])

    urgent = sorted((f for f in everything if f.score < threshold), key=order)
    develop = sorted((f for f in everything if f.score >= threshold), key=order)
    return Analysis(threshold, tuple(urgent), tuple(develop))


def describe_result(
    result: Result, previous_change: Change | None = None, *, thai_digits: bool = True
) -> str:
    """The sentence the cover memos use, e.g. seed 002:
    "ได้รับผลการประเมิน ITA คะแนน ๗๔.๓๖ อยู่ในระดับ C เปรียบเทียบกับที่ผ่านมา +๒๓.๒๙ คะแนน (ระดับ E)".
    """
    grade_word = "อยู่ในระดับ" if result.grade.key == "level" else "ผลการประเมิน"
    text = f"ได้รับผลการประเมิน ITA คะแนน {result.total:.2f} {grade_word} {result.grade.label}"
    if previous_change is not None:
        previous_word = "ระดับ" if previous_change.previous_grade.key == "level" else "ผลการประเมิน"
        text += (
            f" เปรียบเทียบกับที่ผ่านมา {signed(previous_change.delta)} คะแนน"
            f" ({previous_word} {previous_change.previous_grade.label})"
        )
    return to_thai_digits(text) if thai_digits else text


def describe_result_english(result: Result, previous_change: Change | None = None) -> str:
    """ "74.36, level C, +23.29 from E"."""
    text = f"{result.total:.2f}, {result.grade.key} {result.grade.english}"
    if previous_change is not None:
        text += f", {signed(previous_change.delta)} from {previous_change.previous_grade.english}"
    return text
