"""The framework files: what they hold, and every way the loader refuses a broken one."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from prongsai.core.errors import FrameworkError
from prongsai.core.frameworks import Framework, framework_from_mapping
from prongsai.frameworks import FrameworkRegistry, load_frameworks, parse_framework

# --- what the shipped files say (from the research notes on the ITA frameworks) -------------------------------------------


def test_versions_2565_to_2569_are_shipped(registry: FrameworkRegistry) -> None:
    assert registry.versions == [2565, 2566, 2567, 2568, 2569]


@pytest.mark.parametrize("version", [2565, 2566, 2567, 2568, 2569])
def test_weights_are_30_30_40_shared_equally(registry: FrameworkRegistry, version: int) -> None:
    framework = registry.get(version)
    assert {t.code: t.weight for t in framework.tools} == {"IIT": 30, "EIT": 30, "OIT": 40}
    weights = {i.number: i.weight for i in framework.indicators}
    assert weights == {1: 6, 2: 6, 3: 6, 4: 6, 5: 6, 6: 10, 7: 10, 8: 10, 9: 20, 10: 20}
    assert framework.pass_mark == 85


@pytest.mark.parametrize(
    ("number", "name", "tool"),
    [
        (1, "การปฏิบัติหน้าที่", "IIT"),
        (4, "การใช้ทรัพย์สินของราชการ", "IIT"),
        (5, "การแก้ไขปัญหาการทุจริต", "IIT"),
        (6, "คุณภาพการดำเนินงาน", "EIT"),
        (8, "การปรับปรุงระบบการทำงาน", "EIT"),
        (9, "การเปิดเผยข้อมูล", "OIT"),
        (10, "การป้องกันการทุจริต", "OIT"),
    ],
)
def test_indicator_names_and_tools(f2566: Framework, number: int, name: str, tool: str) -> None:
    indicator = f2566.indicator(number)
    assert (indicator.name, indicator.tool) == (name, tool)


def test_2566_questions_and_items(f2566: Framework) -> None:
    assert [q.code for q in f2566.questions] == [f"i{n}" for n in range(1, 31)] + [
        f"e{n}" for n in range(1, 16)
    ]
    assert f2566.question("i9").indicator == 2 and f2566.question("i9").answer_type == "scale4_reversed"
    assert f2566.question("e15").indicator == 8
    assert f2566.question("e1").provenance.confidence == "M"  # EIT wording is from memory of the manual
    assert [i.code for i in f2566.oit_items] == [f"O{n}" for n in range(1, 44)]
    assert f2566.oit_item("O42").title == "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน"
    assert f2566.oit_item("O42").indicator == 10
    assert f2566.oit_item("O25").title == "หลักเกณฑ์การบริหารและพัฒนาทรัพยากรบุคคล"
    assert dict(f2566.documents) == {
        "analysis": "O42",
        "measures": "O42",
        "implementation": "O43",
        "complaints": "O29",  # ข้อมูลเชิงสถิติเรื่องร้องเรียนการทุจริตและประพฤติมิชอบประจำปี
    }


def test_2565_keeps_the_2564_numbering(registry: FrameworkRegistry) -> None:
    f2565 = registry.get(2565)
    assert f2565.oit_item("O29").title == "แนวปฏิบัติการจัดการเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    assert [i.code for i in f2565.items_of("10.2")] == ["O42", "O43"]
    assert len(f2565.items_of("9.1")) == 9  # group sizes checked against the 2564 tables


def test_levels_to_2566_and_ratings_from_2567(registry: FrameworkRegistry) -> None:
    assert registry.get(2566).grading.kind == "levels"
    assert [b.label for b in registry.get(2566).grading.bands] == ["AA", "A", "B", "C", "D", "E", "F"]
    assert [r.label for r in registry.get(2567).grading.rules] == [
        "ผ่านดีเยี่ยม",
        "ผ่านดี",
        "ผ่าน",
        "ต้องปรับปรุง",
        "ต้องปรับปรุงโดยด่วน",
    ]


def test_2569_documents_are_o25_and_o26(registry: FrameworkRegistry) -> None:
    f2569 = registry.get(2569)
    assert f2569.documents["implementation"] == "O26"
    assert f2569.oit_item("O25").title == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"
    assert f2569.oit_item("O5").provenance.confidence == "unknown"


@pytest.mark.parametrize("version", [2565, 2566, 2567, 2568, 2569])
def test_every_entry_has_a_listed_source_and_a_confidence(registry: FrameworkRegistry, version: int) -> None:
    framework = registry.get(version)
    entries = [*framework.tools, *framework.indicators, *framework.questions, *framework.oit_items]
    for entry in entries:
        assert entry.provenance.source in framework.sources or entry.provenance.source == "unknown"
        assert entry.provenance.confidence in {"C", "D", "S", "M", "I", "unknown"}


# --- the November 2026 review of the files against sources (review-2026-11.md), a sample pinned ----------------------

IIT_FROM_THE_2564_FORM = {
    "i5": "นอกเหนือจากการรับจากญาติหรือจากบุคคล ที่ให้กันในโอกาสต่าง ๆ โดยปกติตามขนบธรรมเนียม ประเพณี หรือวัฒนธรรม"
    " หรือให้กันตามมารยาทที่ปฏิบัติกันในสังคมแล้ว บุคลากรในหน่วยงานของท่าน มีการรับสิ่งดังต่อไปนี้ หรือไม่",
    "i21": "ถ้าต้องมีการขอยืมทรัพย์สินของราชการ ไปใช้ปฏิบัติงาน บุคลากรในหน่วยงานของท่าน มีการขออนุญาตอย่างถูกต้อง มากน้อยเพียงใด",
    "i28": "หน่วยงานของท่าน มีการดำเนินการดังต่อไปนี้ ต่อการทุจริตในหน่วยงาน มากน้อยเพียงใด",
}


@pytest.mark.parametrize("version", [2565, 2566, 2567, 2568, 2569])
def test_iit_wording_and_notes_from_the_2564_form(registry: FrameworkRegistry, version: int) -> None:
    questions = {q.code: q for q in registry.get(version).questions}
    for code, text in IIT_FROM_THE_2564_FORM.items():
        assert questions[code].text == text
    assert questions["i8"].subitems[1] == "ไม่บิดเบือนวัตถุประสงค์ของงบประมาณที่ตั้งไว้"
    assert questions["i4"].note.startswith("เป็นการเรียกรับที่นอกเหนือจากที่กฎหมายกำหนดให้รับได้")
    assert "มากที่สุด" in questions["i27"].note and "มากที่สุด" in questions["i28"].note
    assert "สำนักงานการตรวจเงินแผ่นดิน" in questions["i29"].note
    assert not questions["i1"].note
    assert "กลับด้าน" not in questions["i11"].text and questions["i11"].reversed_subitems == (2,)
    # only the 2564 form is sourced: its wording is inferred for every later year
    assert questions["i5"].provenance.source == "S1" and questions["i5"].provenance.confidence == "I"
    # the EIT wording has no source in any year
    assert all(q.provenance.confidence == "M" for q in questions.values() if q.code.startswith("e"))


def test_oit_corrections(registry: FrameworkRegistry) -> None:
    items = {v: {i.code: i for i in registry.get(v).oit_items} for v in (2565, 2566, 2568, 2569)}
    assert items[2565]["O34"].title == "นโยบายไม่รับของขวัญ (No Gift Policy)"
    assert items[2565]["O36"].title == "การประเมินความเสี่ยงการทุจริตและประพฤติมิชอบประจำปี"
    assert items[2565]["O42"].subindicator == "10.2"
    assert items[2565]["O1"].provenance.confidence == "S"  # the 2565 grouping is now sourced
    assert items[2566]["O23"].title == "นโยบายหรือแผนการบริหารทรัพยากรบุคคล"
    assert items[2566]["O29"].title.endswith("ประพฤติมิชอบ")
    assert items[2566]["O1"].provenance.confidence == "S"  # titles secondary, grouping inferred
    subindicators = {s.code: s for s in registry.get(2566).subindicators}
    assert subindicators["10.2"].provenance.confidence == "I"
    assert "(" not in items[2568]["O25"].title and items[2568]["O25"].note
    assert items[2569]["O4"].provenance.confidence == "S" and items[2569]["O8"].provenance.confidence == "S"
    assert items[2569]["O20"].title.startswith("การขับเคลื่อนนโยบาย NO GIFT POLICY จากการปฏิบัติหน้าที่")


@pytest.mark.parametrize("version", [2565, 2566, 2567, 2568, 2569])
def test_the_review_is_a_listed_source(registry: FrameworkRegistry, version: int) -> None:
    assert "review-2026-11.md" in registry.get(version).sources["R2611"]


def test_unknown_version_names_the_known_ones(registry: FrameworkRegistry) -> None:
    with pytest.raises(FrameworkError, match="2570") as caught:
        registry.get(2570)
    assert "2566" in str(caught.value)


def test_previous_version(registry: FrameworkRegistry) -> None:
    assert registry.previous(2566) is registry.get(2565)
    assert registry.previous(2565) is None


# --- validation: each problem is refused with the file, the entry and the problem named ---------------------

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if last.isdigit():
            target[int(last)] = value
        else:
            target[last] = value

    return mutate


def _delete(key: str) -> Mutation:
    return lambda data: data.pop(key)


def _append(section: str, entry: dict[str, Any]) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        target = data[section]["entries"] if isinstance(data[section], dict) else data[section]
        target.append(entry)

    return mutate


def _question(**changes: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        data["questions"]["entries"][8].update(changes)  # i9

    return mutate


VALIDATION_CASES: list[tuple[str, Mutation, str, str]] = [
    ("tool weights", _set("tools.0.weight", 40), "tools", "add up to 110"),
    ("indicator weights", _set("indicators.0.weight", 7), "indicators (IIT)", "not the tool's weight"),
    (
        "tool without indicators",
        _append("tools", {"code": "XIT", "name": "x", "weight": 0, "source": "S2", "confidence": "I"}),
        "tools (XIT)",
        "no indicator",
    ),
    (
        "duplicate indicator",
        _append(
            "indicators",
            {"number": 1, "name": "ซ้ำ", "tool": "IIT", "weight": 0, "source": "S2", "confidence": "D"},
        ),
        "indicators",
        "duplicate code 1",
    ),
    (
        "indicator of unknown tool",
        _set("indicators.0.tool", "XYZ"),
        "indicators[1]",
        "tool 'XYZ' is not defined",
    ),
    (
        "duplicate question",
        _append("questions", {"code": "i9", "indicator": 2, "answer_type": "scale4", "text": "ซ้ำ"}),
        "questions",
        "duplicate code 'i9'",
    ),
    ("question to unknown indicator", _question(indicator=11), "questions[9] (i9)", "indicator 11"),
    ("question in the wrong tool", _question(indicator=6), "questions[9]", "belongs to IIT"),
    ("bad question code", _question(code="x9"), "questions[9]", "must look like i1"),
    ("unknown answer type", _question(answer_type="scale5"), "questions[9]", "answer type 'scale5'"),
    (
        "duplicate OIT item",
        _append("oit_items", {"code": "O42", "subindicator": "10.2", "title": "ซ้ำ"}),
        "oit_items",
        "duplicate code 'O42'",
    ),
    (
        "item in unknown sub-indicator",
        _append("oit_items", {"code": "O44", "subindicator": "10.9", "title": "x"}),
        "oit_items[44]",
        "sub-indicator '10.9'",
    ),
    ("overlapping bands", _set("grading.levels.1.max", 95.00), "grading.levels", "bands A and AA overlap"),
    ("gap between bands", _set("grading.levels.2.min", 75.5), "grading.levels", "gap between bands C"),
    ("bands not covering 0", _set("grading.levels.6.min", 10), "grading.levels", "cover 0 to 100"),
    ("band upside down", _set("grading.levels.3.min", 80), "grading.levels[4]", "min is above max"),
    ("duplicate level", _set("grading.levels.1.label", "AA"), "grading.levels", "duplicate code 'AA'"),
    ("unknown grading kind", _set("grading.kind", "stars"), "grading.kind", "'levels' or 'ratings'"),
    ("pass mark out of range", _set("pass_mark", 185), "pass_mark", "between 0 and 100"),
    ("score weight not a number", _set("tools.0.weight", "สามสิบ"), "tools[1]", "must be a number"),
    ("missing section", _delete("indicators"), "", "missing field 'indicators'"),
    ("unknown field", _set("tools.0.wieght", 30), "tools[1]", "unknown field(s): wieght"),
    ("unknown source", _set("indicators.0.source", "S99"), "indicators[1]", "source 'S99' is not listed"),
    (
        "unknown confidence",
        _set("indicators.0.confidence", "sure"),
        "indicators[1]",
        "unknown confidence 'sure'",
    ),
    (
        "document of unknown item",
        _set("documents.measures", "O99"),
        "documents.measures",
        "'O99' is not defined",
    ),
    ("year out of range", _set("version", 66), "version", "whole number from 2500 to 2700"),
    ("empty name", _set("indicators.2.name", "  "), "indicators[3]", "'name' must be non-empty"),
    (
        "reversed sub-item that does not exist",
        _set("questions.entries.10.reversed_subitems", [3]),
        "questions[11]",
        "sub-item numbers 1–2",
    ),
]


@pytest.mark.parametrize(
    ("case", "mutate", "entry", "problem"), VALIDATION_CASES, ids=[c[0] for c in VALIDATION_CASES]
)
def test_loader_refuses(
    raw2566: dict[str, Any], case: str, mutate: Mutation, entry: str, problem: str
) -> None:
    mutate(raw2566)
    with pytest.raises(FrameworkError) as caught:
        framework_from_mapping(raw2566, "site/ita2566.yaml")
    error = caught.value
    assert error.origin == "site/ita2566.yaml"
    assert error.entry == entry, error.english
    assert problem in error.english
    assert error.thai.startswith(f"site/ita2566.yaml: {entry}: " if entry else "site/ita2566.yaml: ")


RATING_RULES = [
    {"label": "ผ่านดีเยี่ยม", "english": "excellent pass", "min_total": 95, "min_each_tool": 95},
    {"label": "ผ่าน", "english": "pass", "min_total": 85},
    {"label": "ต้องปรับปรุง", "english": "needs improvement", "min_total": 0},
]


@pytest.mark.parametrize(
    ("rules", "entry", "problem"),
    [
        (RATING_RULES[:2], "grading.rules[2]", "catch every score"),
        ([RATING_RULES[1], RATING_RULES[0], RATING_RULES[2]], "grading.rules[2]", "highest total down"),
        (
            [RATING_RULES[1], {**RATING_RULES[1], "label": "ผ่านอีก"}, RATING_RULES[2]],
            "grading.rules[2]",
            "can never apply",
        ),
    ],
)
def test_rating_rules_refused(
    raw2566: dict[str, Any], rules: list[dict[str, Any]], entry: str, problem: str
) -> None:
    raw2566["grading"] = {"kind": "ratings", "source": "S2", "confidence": "S", "rules": rules}
    with pytest.raises(FrameworkError) as caught:
        framework_from_mapping(raw2566, "x.yaml")
    assert caught.value.entry == entry
    assert problem in caught.value.english


def test_valid_copy_loads(raw2566: dict[str, Any]) -> None:
    framework = framework_from_mapping(raw2566, "copy.yaml")
    assert framework.version == 2566 and framework.indicator(10).weight == Decimal(20)


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("version: 2566\nversion: 2567\n", "duplicate key 'version'"),
        ("version: [2566\n", "invalid YAML"),
        ("- just\n- a list\n", "must be a mapping"),
        ("", "must be a mapping"),
    ],
)
def test_parse_refuses_bad_yaml(text: str, problem: str) -> None:
    with pytest.raises(FrameworkError, match=r"broken\.yaml") as caught:
        parse_framework(text, "broken.yaml")
    assert problem in caught.value.english


# --- a site's own directory ---------------------------------------------------------------------------------


def _write(directory: Path, name: str, data: dict[str, Any]) -> Path:
    path = directory / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_site_file_replaces_and_adds_versions(tmp_path: Path, raw2566: dict[str, Any]) -> None:
    raw2566["title"] = "ITA 2566 แก้ไขโดยผู้ดูแลระบบ"
    _write(tmp_path, "ita2566.yaml", raw2566)
    _write(tmp_path, "ita2570.yaml", {**raw2566, "version": 2570, "title": "ITA 2570 (ทดลอง)"})
    registry = load_frameworks(tmp_path)
    assert registry.get(2566).title == "ITA 2566 แก้ไขโดยผู้ดูแลระบบ"
    assert registry.get(2566).origin == str(tmp_path / "ita2566.yaml")
    assert registry.versions[-1] == 2570


def test_site_directory_from_the_environment(
    tmp_path: Path, raw2566: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "mine.yaml", {**raw2566, "version": 2571})
    monkeypatch.setenv("PRONGSAI_FRAMEWORKS_DIR", str(tmp_path))
    assert 2571 in load_frameworks().versions


def test_broken_site_file_names_the_file(tmp_path: Path, raw2566: dict[str, Any]) -> None:
    raw2566["tools"][2]["weight"] = 50
    path = _write(tmp_path, "ita2566.yaml", raw2566)
    with pytest.raises(FrameworkError) as caught:
        load_frameworks(tmp_path)
    assert caught.value.origin == str(path) and "add up to 110" in caught.value.english


def test_two_site_files_for_one_version(tmp_path: Path, raw2566: dict[str, Any]) -> None:
    _write(tmp_path, "a.yaml", raw2566)
    _write(tmp_path, "b.yaml", raw2566)
    with pytest.raises(FrameworkError, match=r"b\.yaml"):
        load_frameworks(tmp_path)


def test_missing_site_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FrameworkError, match="ไม่พบโฟลเดอร์") as caught:
        load_frameworks(tmp_path / "nope")
    assert "does not exist" in caught.value.english


def test_site_file_not_utf8(tmp_path: Path) -> None:
    (tmp_path / "x.yaml").write_bytes("version: ๒๕๖๖".encode("cp874"))
    with pytest.raises(FrameworkError, match="UTF-8"):
        load_frameworks(tmp_path)
