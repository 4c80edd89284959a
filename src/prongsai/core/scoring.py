"""From published scores to a result: question or item → indicator → tool → total → level or rating.

Rounding, decided once for the whole project: every reported number has two decimals, rounded half up
(84.995 → 85.00), as the NACC publishes them. Arithmetic runs on exact decimals and only the reported figures
are rounded; the grade is read from the rounded total and rounded tool scores, so what a person sees is what
was graded: 84.99 is B and 85.00 is A, never a hidden 84.996.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from prongsai.core.errors import InputProblem, ScoreInputError
from prongsai.core.frameworks import CENT, Framework
from prongsai.core.thai import to_arabic_digits

HUNDRED = Decimal(100)
PASSED_WORDS = {"ผ่าน", "มี", "pass", "passed", "yes"}
FAILED_WORDS = {"ไม่ผ่าน", "ไม่มี", "fail", "failed", "no"}


def round2(value: Decimal) -> Decimal:
    """Two decimals, half up: the project's one rounding rule."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class ScoreRow:
    """One row of a score sheet as read from a file: its 1-based row number and the two cells as text."""

    row: int
    code: str
    score: str


@dataclass(frozen=True)
class ScoreSheet:
    """Validated scores: indicators by number, questions (i1, e15) and OIT items (O1) by code."""

    indicators: Mapping[int, Decimal]
    questions: Mapping[str, Decimal]
    items: Mapping[str, Decimal]


@dataclass(frozen=True)
class Grade:
    """A level (AA–F) or a rating (ผ่านดีเยี่ยม …); `key` says which, for JSON and the interface."""

    key: str
    label: str
    english: str

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Result:
    """A year's ITA result under one framework version; every figure rounded to two decimals."""

    framework: Framework
    total: Decimal
    grade: Grade
    tools: Mapping[str, Decimal]
    indicators: Mapping[int, Decimal]
    questions: Mapping[str, Decimal]
    items: Mapping[str, Decimal]

    @property
    def passed(self) -> bool:
        return self.total >= self.framework.pass_mark


@dataclass(frozen=True)
class Change:
    """This year's result against last year's: "74.36, level C, +23.29 from E"."""

    delta: Decimal
    previous_total: Decimal
    previous_grade: Grade


def normalise_code(raw: str) -> str:
    """`๑`, ` 1 ` → `1`; `I๙` → `i9`; `o42` → `O42`. Unrecognised text comes back stripped."""
    code = to_arabic_digits(raw).strip().replace(" ", "")
    if re.fullmatch(r"[iIeE][0-9]{1,2}", code):
        return code[0].lower() + str(int(code[1:]))
    if re.fullmatch(r"[oO][0-9]{1,2}", code):
        return "O" + str(int(code[1:]))
    if re.fullmatch(r"[0-9]{1,2}", code):
        return str(int(code))
    return code


def _parse_score(raw: str) -> Decimal | None:
    # a sign is read, so that "-5" is told it is out of range rather than that it is not a number
    text = to_arabic_digits(raw).strip().removesuffix("%").strip().replace("−", "-")
    if not re.fullmatch(r"[-+]?[0-9]+(\.[0-9]+)?", text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern admits only valid decimals
        return None


def scores_from_rows(rows: Iterable[ScoreRow], framework: Framework) -> ScoreSheet:
    """Check every row against the framework; raise one `ScoreInputError` listing all problems found."""
    problems: list[InputProblem] = []
    indicators: dict[int, Decimal] = {}
    questions: dict[str, Decimal] = {}
    items: dict[str, Decimal] = {}
    seen: dict[str, int] = {}
    known_questions = {q.code for q in framework.questions}
    known_items = {i.code for i in framework.oit_items}
    known_indicators = {i.number for i in framework.indicators}
    for row in rows:
        code = normalise_code(row.code)
        if not code:
            problems.append(InputProblem(row.row, "ไม่มีรหัส", "the code is empty"))
            continue
        if code in seen:
            problems.append(
                InputProblem(
                    row.row, f"รหัส {code} ซ้ำกับแถวที่ {seen[code]}", f"code {code} repeats row {seen[code]}"
                )
            )
            continue
        seen[code] = row.row
        is_item = code in known_items
        word = row.score.strip().lower()
        if is_item and word in PASSED_WORDS | FAILED_WORDS:
            score: Decimal | None = HUNDRED if word in PASSED_WORDS else Decimal(0)
        else:
            score = _parse_score(row.score)
        if score is None:
            problems.append(
                InputProblem(
                    row.row,
                    f"คะแนน “{row.score.strip()}” ของ {code} ไม่ใช่ตัวเลข",
                    f"score {row.score.strip()!r} of {code} is not a number",
                )
            )
            continue
        if not 0 <= score <= HUNDRED:
            problems.append(
                InputProblem(
                    row.row,
                    f"คะแนน {score} ของ {code} ต้องอยู่ระหว่าง 0–100",
                    f"score {score} of {code} must be between 0 and 100",
                )
            )
            continue
        if code.isdigit() and int(code) in known_indicators:
            indicators[int(code)] = score
        elif code in known_questions:
            questions[code] = score
        elif is_item:
            if score not in (0, HUNDRED):
                problems.append(
                    InputProblem(
                        row.row,
                        f"ข้อ {code} เป็นข้อ OIT ได้คะแนน 0 (ไม่ผ่าน) หรือ 100 (ผ่าน) เท่านั้น",
                        f"{code} is an OIT item: its score is 0 (failed) or 100 (passed)",
                    )
                )
                continue
            items[code] = score
        else:
            problems.append(
                InputProblem(
                    row.row,
                    f"ไม่รู้จักรหัส “{row.code.strip()}” ในกรอบการประเมินปี {framework.version}",
                    f"unknown code {row.code.strip()!r} in the {framework.version} framework",
                )
            )
    if problems:
        raise ScoreInputError(problems)
    if not seen:
        raise ScoreInputError([InputProblem(0, "ไม่มีข้อมูลคะแนน", "there are no scores")])
    return ScoreSheet(indicators, questions, items)


def _mean(values: Iterable[Decimal]) -> Decimal:
    values = list(values)
    return sum(values, Decimal(0)) / len(values)


def indicator_scores(framework: Framework, sheet: ScoreSheet) -> dict[int, Decimal]:
    """Each indicator's exact score: as published when given, else from its questions or OIT items.

    IIT/EIT indicator = mean of its questions; OIT sub-indicator = percentage of its items passed, OIT indicator =
    mean of its sub-indicators (framework.md §1.2, checked against the 2564 tables).
    """
    scores: dict[int, Decimal] = {}
    missing: list[InputProblem] = []
    for indicator in framework.indicators:
        number = indicator.number
        if number in sheet.indicators:
            scores[number] = sheet.indicators[number]
            continue
        questions = framework.questions_of(number)
        subindicators = framework.subindicators_of(number)
        if questions and all(q.code in sheet.questions for q in questions):
            scores[number] = _mean(sheet.questions[q.code] for q in questions)
            continue
        items = [i for s in subindicators for i in framework.items_of(s.code)]
        if items and all(i.code in sheet.items for i in items):
            scores[number] = _mean(
                _mean(sheet.items[i.code] for i in framework.items_of(s.code)) for s in subindicators
            )
            continue
        lacking = [q.code for q in questions if q.code not in sheet.questions] or [
            i.code for i in items if i.code not in sheet.items
        ]
        partial = any(q.code in sheet.questions for q in questions) or any(
            i.code in sheet.items for i in items
        )
        hint_th = f" (ขาด {', '.join(lacking)})" if partial and lacking else ""
        hint_en = f" (missing {', '.join(lacking)})" if partial and lacking else ""
        missing.append(
            InputProblem(
                0,
                f"ไม่มีคะแนนตัวชี้วัดที่ {number} {indicator.name} และคะแนนรายข้อไม่ครบที่จะคำนวณได้{hint_th}",
                f"no score for indicator {number} ({indicator.name}) and not enough question or item scores "
                f"to compute it{hint_en}",
            )
        )
    if missing:
        raise ScoreInputError(missing)
    return scores


def grade(framework: Framework, total: Decimal, tools: Mapping[str, Decimal]) -> Grade:
    """The level or rating of a (rounded) total and (rounded) tool scores under `framework`."""
    grading = framework.grading
    if grading.kind == "levels":
        for band in grading.bands:
            if band.min <= total <= band.max:
                return Grade("level", band.label, band.label)
        raise ValueError(f"no band holds {total}")  # pragma: no cover - bands are checked to cover 0-100
    for rule in grading.rules:
        tools_ok = rule.min_each_tool is None or all(score >= rule.min_each_tool for score in tools.values())
        if total >= rule.min_total and tools_ok:
            return Grade("rating", rule.label, rule.english)
    raise ValueError(f"no rule holds {total}")  # pragma: no cover - the last rule is checked to catch all


def compute_result(framework: Framework, sheet: ScoreSheet) -> Result:
    """The full result of a score sheet under `framework`."""
    exact = indicator_scores(framework, sheet)
    tools: dict[str, Decimal] = {}
    for tool in framework.tools:
        own = framework.indicators_of(tool.code)
        tools[tool.code] = sum((i.weight * exact[i.number] for i in own), Decimal(0)) / tool.weight
    total = sum((i.weight * exact[i.number] for i in framework.indicators), Decimal(0)) / HUNDRED
    rounded_tools = {code: round2(score) for code, score in tools.items()}
    rounded_total = round2(total)
    return Result(
        framework=framework,
        total=rounded_total,
        grade=grade(framework, rounded_total, rounded_tools),
        tools=rounded_tools,
        indicators={number: round2(score) for number, score in exact.items()},
        questions={code: round2(score) for code, score in sheet.questions.items()},
        items=dict(sheet.items),
    )


def change(current: Result, previous: Result) -> Change:
    """Year-on-year change; the two results may be under different framework versions."""
    return Change(current.total - previous.total, previous.total, previous.grade)


def signed(value: Decimal) -> str:
    """`+23.29`, `-1.50`, `0.00`: how a change is written."""
    rounded = round2(value)
    if rounded == 0:
        return "0.00"
    return f"+{rounded:.2f}" if rounded > 0 else f"{rounded:.2f}"
