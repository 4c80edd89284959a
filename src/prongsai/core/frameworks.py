"""ITA frameworks as typed, validated data.

A framework version (one fiscal year of the NACC's assessment) arrives as a plain mapping, parsed from a YAML
file by `prongsai.frameworks`. `framework_from_mapping` checks it thoroughly and raises `FrameworkError`
naming the file, the entry and the problem, because an administrator edits these files by hand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from itertools import pairwise
from typing import Any, Literal, TypeVar

from prongsai.core.errors import FrameworkError
from prongsai.core.vocabulary import CONFIDENCE, DOCUMENT_KIND

# C confirmed by the cited source, D derived from numbers in one, S a secondary source (a replica or related
# framework), M from memory of the NACC manual, I inferred: the Thai words are in prongsai.core.vocabulary.
CONFIDENCE_LABELS = dict(CONFIDENCE.entries)
TOOL_OF_QUESTION_PREFIX = {"i": "IIT", "e": "EIT"}
QUESTION_CODE = re.compile(r"^[ie][1-9][0-9]?$")
ITEM_CODE = re.compile(r"^O[1-9][0-9]?$")
# Scores carry two decimals: a band ending at 84.99 must be followed by one starting at 85.00.
CENT = Decimal("0.01")
DOCUMENT_KINDS = DOCUMENT_KIND.values


@dataclass(frozen=True)
class Provenance:
    """Where a fact comes from and how sure we are of it (labels as in framework.md)."""

    source: str
    confidence: str


@dataclass(frozen=True)
class Tool:
    """An assessment tool (แบบวัด): IIT, EIT or OIT."""

    code: str
    name: str
    weight: Decimal
    provenance: Provenance


@dataclass(frozen=True)
class Indicator:
    """One of the ten indicators (ตัวชี้วัด); `weight` is its share of the total, in percent."""

    number: int
    name: str
    tool: str
    weight: Decimal
    provenance: Provenance


@dataclass(frozen=True)
class AnswerType:
    code: str
    labels: tuple[str, ...]
    values: tuple[Decimal, ...]
    provenance: Provenance


@dataclass(frozen=True)
class Question:
    """An IIT or EIT survey question (i1–i30, e1–e15) with its wording."""

    code: str
    indicator: int
    answer_type: str
    text: str
    subitems: tuple[str, ...]
    provenance: Provenance
    note: str = ""  # the form's own note under the question (หมายเหตุ), shown with it
    reversed_subitems: tuple[int, ...] = ()  # 1-based sub-items scored the other way round (i11's second)


@dataclass(frozen=True)
class SubIndicator:
    """An OIT sub-indicator (9.1 …), scored as the percentage of its items passed."""

    code: str
    indicator: int
    name: str
    provenance: Provenance


@dataclass(frozen=True)
class OitItem:
    """A disclosure item (O1 …), passed (100) or failed (0). `subindicator` is None where the public
    record does not say where the item belongs; such items are kept for analysis, not for scoring."""

    code: str
    title: str
    subindicator: str | None
    indicator: int | None
    provenance: Provenance
    note: str = ""


@dataclass(frozen=True)
class LevelBand:
    """A level (AA–F) and its inclusive score range, in two decimals."""

    label: str
    min: Decimal
    max: Decimal


@dataclass(frozen=True)
class RatingRule:
    """A 2567+ rating: reached when the total and (if set) every tool reach their minimum."""

    label: str
    english: str
    min_total: Decimal
    min_each_tool: Decimal | None


@dataclass(frozen=True)
class Grading:
    """How a total becomes a grade: `levels` (bands, to 2566) or `ratings` (ordered rules, 2567+)."""

    kind: Literal["levels", "ratings"]
    bands: tuple[LevelBand, ...]
    rules: tuple[RatingRule, ...]
    provenance: Provenance


@dataclass(frozen=True, eq=False)
class Framework:
    """One version of the ITA framework, as data. Compared and hashed by identity: a registry loads each version
    once, and per-framework work (matching keys) is cached on it."""

    version: int
    title: str
    status: str
    origin: str
    sources: Mapping[str, str]
    tools: tuple[Tool, ...]
    indicators: tuple[Indicator, ...]
    answer_types: tuple[AnswerType, ...]
    questions: tuple[Question, ...]
    subindicators: tuple[SubIndicator, ...]
    oit_items: tuple[OitItem, ...]
    grading: Grading
    pass_mark: Decimal
    documents: Mapping[str, str] = field(default_factory=dict)
    notes: str = ""

    def indicator(self, number: int) -> Indicator:
        for indicator in self.indicators:
            if indicator.number == number:
                return indicator
        raise KeyError(number)

    def tool(self, code: str) -> Tool:
        for tool in self.tools:
            if tool.code == code:
                return tool
        raise KeyError(code)

    def question(self, code: str) -> Question:
        for question in self.questions:
            if question.code == code:
                return question
        raise KeyError(code)

    def oit_item(self, code: str) -> OitItem:
        for item in self.oit_items:
            if item.code == code:
                return item
        raise KeyError(code)

    def indicators_of(self, tool: str) -> tuple[Indicator, ...]:
        return tuple(i for i in self.indicators if i.tool == tool)

    def questions_of(self, indicator: int) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.indicator == indicator)

    def items_of(self, subindicator: str) -> tuple[OitItem, ...]:
        return tuple(i for i in self.oit_items if i.subindicator == subindicator)

    def subindicators_of(self, indicator: int) -> tuple[SubIndicator, ...]:
        return tuple(s for s in self.subindicators if s.indicator == indicator)

    @property
    def grade_key(self) -> str:
        """`level` or `rating`: the word the results of this version use."""
        return "level" if self.grading.kind == "levels" else "rating"


# --- reading and validating a mapping -------------------------------------------------------------------

T = TypeVar("T")


class _Reader:
    """Walks one framework mapping; every failure names the origin and the entry being read."""

    def __init__(self, origin: str, sources: Mapping[str, str]) -> None:
        self.origin = origin
        self.sources = sources

    def fail(self, entry: str, thai: str, english: str) -> FrameworkError:
        return FrameworkError(self.origin, entry, thai, english)

    def mapping(self, value: object, entry: str) -> Mapping[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(entry, "ต้องเป็นชุดข้อมูลแบบ key: value", "must be a mapping")
        return value

    def fields(
        self, value: object, entry: str, *, required: Iterable[str], optional: Iterable[str] = ()
    ) -> Mapping[str, Any]:
        data = self.mapping(value, entry)
        required = tuple(required)
        allowed = {*required, *optional, "note", "notes"}
        for key in required:
            if key not in data or data[key] is None:
                raise self.fail(entry, f"ไม่มีช่อง “{key}”", f"missing field {key!r}")
        unknown = sorted(str(k) for k in data if k not in allowed)
        if unknown:
            raise self.fail(
                entry, f"มีช่องที่ไม่รู้จัก: {', '.join(unknown)}", f"unknown field(s): {', '.join(unknown)}"
            )
        return data

    def text(self, value: object, entry: str, name: str) -> str:
        if isinstance(value, bool) or not isinstance(value, str | int | float) or not str(value).strip():
            raise self.fail(entry, f"“{name}” ต้องเป็นข้อความที่ไม่ว่าง", f"{name!r} must be non-empty text")
        return str(value).strip()

    def number(self, value: object, entry: str, name: str, *, low: int = 0, high: int = 100) -> Decimal:
        if isinstance(value, bool):
            value = None
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            raise self.fail(entry, f"“{name}” ต้องเป็นตัวเลข", f"{name!r} must be a number") from None
        if not number.is_finite() or not low <= number <= high:
            raise self.fail(
                entry, f"“{name}” ต้องอยู่ระหว่าง {low} ถึง {high}", f"{name!r} must be between {low} and {high}"
            )
        return number

    def integer(self, value: object, entry: str, name: str, *, low: int, high: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                entry,
                f"“{name}” ต้องเป็นจำนวนเต็มระหว่าง {low} ถึง {high}",
                f"{name!r} must be a whole number from {low} to {high}",
            )
        return value

    def provenance(self, data: Mapping[str, Any], entry: str, defaults: Mapping[str, Any]) -> Provenance:
        source = data.get("source", defaults.get("source"))
        confidence = data.get("confidence", defaults.get("confidence"))
        if source is None or confidence is None:
            raise self.fail(
                entry,
                "ต้องระบุแหล่งที่มา (source) และระดับความเชื่อมั่น (confidence)",
                "needs a source and a confidence",
            )
        source, confidence = str(source).strip(), str(confidence).strip()
        if source not in self.sources and source != "unknown":
            raise self.fail(
                entry,
                f"แหล่งที่มา “{source}” ไม่อยู่ในรายการ sources",
                f"source {source!r} is not listed under 'sources'",
            )
        if confidence not in CONFIDENCE_LABELS:
            raise self.fail(
                entry,
                f"ระดับความเชื่อมั่น “{confidence}” ไม่รู้จัก (ใช้ {', '.join(CONFIDENCE_LABELS)})",
                f"unknown confidence {confidence!r} (use {', '.join(CONFIDENCE_LABELS)})",
            )
        return Provenance(source, confidence)

    def section(
        self,
        root: Mapping[str, Any],
        name: str,
        build: Callable[[Mapping[str, Any], str, Mapping[str, Any]], T],
        *,
        required: bool = True,
    ) -> tuple[T, ...]:
        """A list section, written either as a list or as {defaults: {source, confidence}, entries: [...]}."""
        raw = root.get(name)
        if raw is None:
            if required:
                raise self.fail(name, "ไม่มีส่วนนี้", "section is missing")
            return ()
        defaults: Mapping[str, Any] = {}
        if isinstance(raw, Mapping):
            wrapper = self.fields(raw, name, required=("entries",), optional=("defaults",))
            defaults = self.fields(
                wrapper.get("defaults") or {},
                f"{name}.defaults",
                required=(),
                optional=("source", "confidence"),
            )
            raw = wrapper["entries"]
        if not isinstance(raw, list) or (required and not raw):
            raise self.fail(name, "ต้องเป็นรายการที่ไม่ว่าง", "must be a non-empty list")
        return tuple(build(entry, f"{name}[{index + 1}]", defaults) for index, entry in enumerate(raw))

    def unique(self, codes: Iterable[str | int], section: str) -> None:
        seen: set[str | int] = set()
        for code in codes:
            if code in seen:
                raise self.fail(section, f"รหัส “{code}” ซ้ำกัน", f"duplicate code {code!r}")
            seen.add(code)


def framework_from_mapping(data: object, origin: str) -> Framework:
    """Build and check a `Framework`; raises `FrameworkError` on the first problem, naming where it is."""
    root_reader = _Reader(origin, {})
    root = root_reader.fields(
        data,
        "",
        required=("version", "title", "sources", "tools", "indicators", "grading", "pass_mark"),
        optional=("status", "answer_types", "questions", "oit_subindicators", "oit_items", "documents"),
    )
    raw_sources = root_reader.mapping(root["sources"], "sources")
    sources = {str(k): root_reader.text(v, f"sources.{k}", str(k)) for k, v in raw_sources.items()}
    r = _Reader(origin, sources)
    version = r.integer(root["version"], "version", "version", low=2500, high=2700)

    def build_tool(raw: Mapping[str, Any], entry: str, defaults: Mapping[str, Any]) -> Tool:
        d = r.fields(raw, entry, required=("code", "name", "weight"), optional=("source", "confidence"))
        return Tool(
            r.text(d["code"], entry, "code"),
            r.text(d["name"], entry, "name"),
            r.number(d["weight"], entry, "weight"),
            r.provenance(d, entry, defaults),
        )

    tools = r.section(root, "tools", build_tool)
    r.unique((t.code for t in tools), "tools")
    tool_codes = {t.code for t in tools}
    total_weight = sum((t.weight for t in tools), Decimal(0))
    if total_weight != 100:
        raise r.fail(
            "tools",
            f"น้ำหนักของแบบวัดรวมกันได้ {total_weight} ไม่ใช่ 100",
            f"tool weights add up to {total_weight}, not 100",
        )

    def build_indicator(raw: Mapping[str, Any], entry: str, defaults: Mapping[str, Any]) -> Indicator:
        d = r.fields(
            raw, entry, required=("number", "name", "tool", "weight"), optional=("source", "confidence")
        )
        tool = r.text(d["tool"], entry, "tool")
        if tool not in tool_codes:
            raise r.fail(
                entry, f"แบบวัด “{tool}” ไม่มีในส่วน tools", f"tool {tool!r} is not defined under 'tools'"
            )
        return Indicator(
            r.integer(d["number"], entry, "number", low=1, high=99),
            r.text(d["name"], entry, "name"),
            tool,
            r.number(d["weight"], entry, "weight"),
            r.provenance(d, entry, defaults),
        )

    indicators = r.section(root, "indicators", build_indicator)
    r.unique((i.number for i in indicators), "indicators")
    for tool in tools:
        own = [i.weight for i in indicators if i.tool == tool.code]
        if not own:
            raise r.fail(f"tools ({tool.code})", "ไม่มีตัวชี้วัดใดอยู่ในแบบวัดนี้", "no indicator belongs to this tool")
        if sum(own, Decimal(0)) != tool.weight:
            raise r.fail(
                f"indicators ({tool.code})",
                f"น้ำหนักของตัวชี้วัดรวมกันได้ {sum(own, Decimal(0))} ไม่เท่ากับน้ำหนักของแบบวัด ({tool.weight})",
                f"indicator weights add up to {sum(own, Decimal(0))}, not the tool's weight {tool.weight}",
            )
    indicator_tool = {i.number: i.tool for i in indicators}

    def known_indicator(value: object, entry: str) -> int:
        number = r.integer(value, entry, "indicator", low=1, high=99)
        if number not in indicator_tool:
            raise r.fail(
                entry,
                f"อ้างถึงตัวชี้วัดที่ {number} ซึ่งไม่มีในกรอบนี้",
                f"refers to indicator {number}, which this framework does not have",
            )
        return number

    def build_answer_type(raw: Mapping[str, Any], entry: str, defaults: Mapping[str, Any]) -> AnswerType:
        d = r.fields(raw, entry, required=("code", "labels", "values"), optional=("source", "confidence"))
        labels, values = d["labels"], d["values"]
        if (
            not isinstance(labels, list)
            or not isinstance(values, list)
            or len(labels) != len(values)
            or not labels
        ):
            raise r.fail(
                entry,
                "labels และ values ต้องเป็นรายการยาวเท่ากัน",
                "labels and values must be lists of the same length",
            )
        return AnswerType(
            r.text(d["code"], entry, "code"),
            tuple(r.text(x, entry, "label") for x in labels),
            tuple(r.number(v, entry, "value") for v in values),
            r.provenance(d, entry, defaults),
        )

    answer_types = r.section(root, "answer_types", build_answer_type, required=False)
    r.unique((a.code for a in answer_types), "answer_types")
    answer_codes = {a.code for a in answer_types}

    def build_question(raw: Mapping[str, Any], entry: str, defaults: Mapping[str, Any]) -> Question:
        d = r.fields(
            raw,
            entry,
            required=("code", "indicator", "answer_type", "text"),
            optional=("subitems", "reversed_subitems", "source", "confidence"),
        )
        code = r.text(d["code"], entry, "code")
        if not QUESTION_CODE.match(code):
            raise r.fail(
                entry,
                f"รหัสข้อคำถาม “{code}” ต้องเป็นแบบ i1 หรือ e1",
                f"question code {code!r} must look like i1 or e1",
            )
        indicator = known_indicator(d["indicator"], f"{entry} ({code})")
        if indicator_tool[indicator] != TOOL_OF_QUESTION_PREFIX[code[0]]:
            raise r.fail(
                entry,
                f"ข้อ {code} อยู่ในแบบวัด {TOOL_OF_QUESTION_PREFIX[code[0]]} "
                f"แต่ตัวชี้วัดที่ {indicator} อยู่ในแบบวัด {indicator_tool[indicator]}",
                f"{code} belongs to {TOOL_OF_QUESTION_PREFIX[code[0]]} but indicator {indicator} "
                f"is in {indicator_tool[indicator]}",
            )
        answer_type = r.text(d["answer_type"], entry, "answer_type")
        if answer_type not in answer_codes:
            raise r.fail(
                entry,
                f"ชนิดคำตอบ “{answer_type}” ไม่มีในส่วน answer_types",
                f"answer type {answer_type!r} is not defined under 'answer_types'",
            )
        subitems = d.get("subitems") or []
        if not isinstance(subitems, list):
            raise r.fail(entry, "subitems ต้องเป็นรายการ", "subitems must be a list")
        reversed_subitems = d.get("reversed_subitems") or []
        if not isinstance(reversed_subitems, list) or any(
            isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= len(subitems)
            for n in reversed_subitems
        ):
            raise r.fail(
                entry,
                f"reversed_subitems ต้องเป็นรายการลำดับข้อย่อย ๑–{len(subitems)}",
                f"reversed_subitems must list sub-item numbers 1–{len(subitems)}",
            )
        return Question(
            code,
            indicator,
            answer_type,
            r.text(d["text"], entry, "text"),
            tuple(r.text(s, entry, "subitem") for s in subitems),
            r.provenance(d, entry, defaults),
            r.text(d["note"], entry, "note") if d.get("note") is not None else "",
            tuple(reversed_subitems),
        )

    questions = r.section(root, "questions", build_question, required=False)
    r.unique((q.code for q in questions), "questions")

    def build_subindicator(raw: Mapping[str, Any], entry: str, defaults: Mapping[str, Any]) -> SubIndicator:
        d = r.fields(raw, entry, required=("code", "indicator", "name"), optional=("source", "confidence"))
        indicator = known_indicator(d["indicator"], entry)
        if indicator_tool[indicator] != "OIT":
            raise r.fail(entry, f"ตัวชี้วัดที่ {indicator} ไม่ได้อยู่ในแบบวัด OIT", f"indicator {indicator} is not OIT")
        return SubIndicator(
            r.text(d["code"], entry, "code"),
            indicator,
            r.text(d["name"], entry, "name"),
            r.provenance(d, entry, defaults),
        )

    subindicators = r.section(root, "oit_subindicators", build_subindicator, required=False)
    r.unique((s.code for s in subindicators), "oit_subindicators")
    subindicator_indicator = {s.code: s.indicator for s in subindicators}

    def build_item(raw: Mapping[str, Any], entry: str, defaults: Mapping[str, Any]) -> OitItem:
        d = r.fields(
            raw, entry, required=("code", "title"), optional=("subindicator", "source", "confidence")
        )
        code = r.text(d["code"], entry, "code")
        if not ITEM_CODE.match(code):
            raise r.fail(
                entry, f"รหัสข้อ OIT “{code}” ต้องเป็นแบบ O1", f"OIT item code {code!r} must look like O1"
            )
        sub = d.get("subindicator")
        sub = None if sub is None else r.text(sub, entry, "subindicator")
        if sub is not None and sub not in subindicator_indicator:
            raise r.fail(
                entry,
                f"ตัวชี้วัดย่อย “{sub}” ไม่มีในส่วน oit_subindicators",
                f"sub-indicator {sub!r} is not defined under 'oit_subindicators'",
            )
        return OitItem(
            code,
            r.text(d["title"], entry, "title"),
            sub,
            None if sub is None else subindicator_indicator[sub],
            r.provenance(d, entry, defaults),
            r.text(d["note"], entry, "note") if d.get("note") is not None else "",
        )

    oit_items = r.section(root, "oit_items", build_item, required=False)
    r.unique((i.code for i in oit_items), "oit_items")
    for sub in subindicators:
        if not any(item.subindicator == sub.code for item in oit_items):
            raise r.fail(
                f"oit_subindicators ({sub.code})",
                "ไม่มีข้อ OIT ใดอยู่ในตัวชี้วัดย่อยนี้",
                "no OIT item belongs to this sub-indicator",
            )

    grading = _grading(r, root["grading"])
    pass_mark = r.number(root["pass_mark"], "pass_mark", "pass_mark")
    item_codes = {i.code for i in oit_items}
    documents = r.mapping(root.get("documents") or {}, "documents")
    for kind, code in documents.items():
        if kind not in DOCUMENT_KINDS:
            raise r.fail(
                f"documents.{kind}",
                f"ชนิดเอกสารไม่รู้จัก (ใช้ {', '.join(DOCUMENT_KINDS)})",
                f"unknown document kind (use {', '.join(DOCUMENT_KINDS)})",
            )
        if str(code) not in item_codes:
            raise r.fail(
                f"documents.{kind}",
                f"ข้อ OIT “{code}” ไม่มีในส่วน oit_items",
                f"OIT item {code!r} is not defined under 'oit_items'",
            )
    return Framework(
        version=version,
        title=r.text(root["title"], "title", "title"),
        status=str(root.get("status") or ""),
        origin=origin,
        sources=sources,
        tools=tools,
        indicators=tuple(sorted(indicators, key=lambda i: i.number)),
        answer_types=answer_types,
        questions=questions,
        subindicators=subindicators,
        oit_items=oit_items,
        grading=grading,
        pass_mark=pass_mark,
        documents={str(k): str(v) for k, v in documents.items()},
        notes=str(root.get("notes") or root.get("note") or ""),
    )


def _grading(r: _Reader, raw: object) -> Grading:
    d = r.fields(raw, "grading", required=("kind",), optional=("levels", "rules", "source", "confidence"))
    provenance = r.provenance(d, "grading", {})
    kind = d["kind"]
    if kind == "levels":
        entries = d.get("levels")
        if not isinstance(entries, list) or not entries:
            raise r.fail("grading.levels", "ต้องเป็นรายการช่วงคะแนนที่ไม่ว่าง", "must be a non-empty list of bands")
        bands = []
        for index, raw_band in enumerate(entries):
            entry = f"grading.levels[{index + 1}]"
            b = r.fields(raw_band, entry, required=("label", "min", "max"))
            band = LevelBand(
                r.text(b["label"], entry, "label"),
                r.number(b["min"], entry, "min"),
                r.number(b["max"], entry, "max"),
            )
            if band.min > band.max:
                raise r.fail(
                    entry,
                    f"ช่วงคะแนนของระดับ {band.label}: ค่าต่ำสุดมากกว่าค่าสูงสุด",
                    f"band {band.label}: min is above max",
                )
            bands.append(band)
        r.unique((b.label for b in bands), "grading.levels")
        ordered = sorted(bands, key=lambda b: b.min)
        if ordered[0].min != 0 or ordered[-1].max != 100:
            raise r.fail("grading.levels", "ช่วงคะแนนต้องครอบคลุมตั้งแต่ 0 ถึง 100", "the bands must cover 0 to 100")
        for low, high in pairwise(ordered):
            if high.min <= low.max:
                raise r.fail(
                    "grading.levels",
                    f"ช่วงคะแนนของระดับ {low.label} และ {high.label} ซ้อนทับกัน",
                    f"bands {low.label} and {high.label} overlap",
                )
            if high.min - low.max != CENT:
                raise r.fail(
                    "grading.levels",
                    f"มีช่องว่างระหว่างระดับ {low.label} ({low.max}) และ {high.label} ({high.min})",
                    f"gap between bands {low.label} ({low.max}) and {high.label} ({high.min})",
                )
        return Grading("levels", tuple(sorted(bands, key=lambda b: b.min, reverse=True)), (), provenance)
    if kind == "ratings":
        entries = d.get("rules")
        if not isinstance(entries, list) or not entries:
            raise r.fail("grading.rules", "ต้องเป็นรายการเกณฑ์ที่ไม่ว่าง", "must be a non-empty list of rules")
        rules = []
        for index, raw_rule in enumerate(entries):
            entry = f"grading.rules[{index + 1}]"
            x = r.fields(
                raw_rule, entry, required=("label", "english", "min_total"), optional=("min_each_tool",)
            )
            each = x.get("min_each_tool")
            rules.append(
                RatingRule(
                    r.text(x["label"], entry, "label"),
                    r.text(x["english"], entry, "english"),
                    r.number(x["min_total"], entry, "min_total"),
                    None if each is None else r.number(each, entry, "min_each_tool"),
                )
            )
        r.unique((rule.label for rule in rules), "grading.rules")
        for index, (before, after) in enumerate(pairwise(rules)):
            if after.min_total > before.min_total:
                raise r.fail(
                    f"grading.rules[{index + 2}]",
                    "เกณฑ์ต้องเรียงจากคะแนนสูงไปต่ำ (เกณฑ์แรกที่ผ่านคือผลการประเมิน)",
                    "rules must go from the highest total down (the first rule met is the rating)",
                )
        for index, rule in enumerate(rules):
            shadowed = [
                x for x in rules[index + 1 :] if rule.min_each_tool is None and x.min_total >= rule.min_total
            ]
            if shadowed:
                raise r.fail(
                    f"grading.rules[{rules.index(shadowed[0]) + 1}]",
                    f"เกณฑ์ “{shadowed[0].label}” ไม่มีทางได้ เพราะเกณฑ์ “{rule.label}” ก่อนหน้ารับคะแนนนั้นไปแล้ว",
                    f"rule {shadowed[0].label!r} can never apply: {rule.label!r} before it takes those scores",
                )
        last = rules[-1]
        if last.min_total != 0 or last.min_each_tool is not None:
            raise r.fail(
                f"grading.rules[{len(rules)}]",
                "เกณฑ์สุดท้ายต้องรับทุกคะแนน (min_total: 0 และไม่มี min_each_tool)",
                "the last rule must catch every score (min_total 0, no min_each_tool)",
            )
        return Grading("ratings", (), tuple(rules), provenance)
    raise r.fail("grading.kind", "ต้องเป็น levels หรือ ratings", "must be 'levels' or 'ratings'")


@dataclass(frozen=True)
class FrameworkChange:
    """One difference between two versions of a framework: what (area and code), and its value before and after
    ("" where it did not exist)."""

    area: str  # แบบวัด, ตัวชี้วัด, ข้อคำถาม, ข้อ OIT, เกณฑ์
    code: str
    before: str
    after: str


def framework_changes(old: Framework | None, new: Framework) -> list[FrameworkChange]:
    """What `new` changes from `old` (the version it replaces, or the latest before it for a new year): tool and
    indicator weights and names, questions, OIT items, the level bands or rating rules and the pass mark."""

    def rows(framework: Framework | None) -> dict[tuple[str, str], str]:
        if framework is None:
            return {}
        found: dict[tuple[str, str], str] = {}
        for tool in framework.tools:
            found["แบบวัด", tool.code] = f"น้ำหนัก {tool.weight}"
        for indicator in framework.indicators:
            found["ตัวชี้วัด", str(indicator.number)] = (
                f"{indicator.name} ({indicator.tool}, น้ำหนัก {indicator.weight})"
            )
        for question in framework.questions:
            text = question.text + "".join(f" / {s}" for s in question.subitems)
            found["ข้อคำถาม", question.code] = text + (f" [หมายเหตุ: {question.note}]" if question.note else "")
        for item in framework.oit_items:
            found["ข้อ OIT", item.code] = item.title + (f" ({item.subindicator})" if item.subindicator else "")
        grading = framework.grading
        for band in grading.bands:
            found["เกณฑ์", f"ระดับ {band.label}"] = f"{band.min:.2f}–{band.max:.2f}"
        for rule in grading.rules:
            each = f", ทุกแบบวัด ≥ {rule.min_each_tool:.2f}" if rule.min_each_tool is not None else ""
            found["เกณฑ์", rule.label] = f"คะแนนรวม ≥ {rule.min_total:.2f}{each}"
        found["เกณฑ์", "เกณฑ์ผ่าน"] = f"{framework.pass_mark}"
        return found

    before, after = rows(old), rows(new)
    return [
        FrameworkChange(area, code, before.get((area, code), ""), after.get((area, code), ""))
        for area, code in [*before, *(key for key in after if key not in before)]
        if before.get((area, code), "") != after.get((area, code), "")
    ]
