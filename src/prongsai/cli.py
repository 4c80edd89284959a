"""`prongsai …`: the command line. Thai first, English after; bad input exits with code 2."""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any, TextIO

from prongsai.core.analysis import DEFAULT_THRESHOLD, Analysis, Finding, analyse, describe_result
from prongsai.core.compose import AnalysisInput, ComposeError, compose, compose_analysis, custom_layout
from prongsai.core.errors import ProngsaiError
from prongsai.core.frameworks import Framework
from prongsai.core.model import Document
from prongsai.core.scoring import Change, Result, change, compute_result, scores_from_rows, signed
from prongsai.core.thai import to_thai_digits
from prongsai.core.vocabulary import DOCUMENT_KIND, LAYOUT, MEASURE_STATUS, PROGRAMME_DOCUMENT_KINDS
from prongsai.documents import render_report
from prongsai.frameworks import FrameworkRegistry, load_frameworks
from prongsai.ingest import read_document
from prongsai.ingest.score_sheet import read_score_rows
from prongsai.ingest.tabular import read_bytes

EXIT_BAD_INPUT = 2


# --- output helpers -----------------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: Thai vowels and tone marks above or below take none."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in text)


def render_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    widths = [max(display_width(r[i]) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        return "  ".join(
            c + " " * (w - display_width(c)) for c, w in zip(cells, widths, strict=True)
        ).rstrip()

    return "\n".join([line(header), line(["-" * w for w in widths]), *(line(r) for r in rows)])


def shorten(text: str, width: int) -> str:
    """At most `width` columns, cut between letters (never between a letter and its marks), "…" when cut."""
    if display_width(text) <= width:
        return text
    kept, used = "", 0
    for ch in text:
        mark = unicodedata.category(ch) in ("Mn", "Me", "Cf")
        if not mark and used >= width - 1:
            break
        kept += ch
        used += 0 if mark else 1
    return kept + "…"


def number(value: Decimal) -> float | int:
    return int(value) if value == value.to_integral_value() and "." not in str(value) else float(value)


# --- frameworks ---------------------------------------------------------------------------------------------


def command_frameworks(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    frameworks = [registry.get(v) for v in registry.versions]
    if args.json:
        json.dump([_framework_json(f) for f in frameworks], out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    numbers = sorted({i.number for f in frameworks for i in f.indicators})
    header = ["ปี", "การให้ผล", "IIT/EIT/OIT", *(f"ตช.{n}" for n in numbers), "ข้อ OIT", "ที่มา"]
    rows = []
    for f in frameworks:
        weights = {i.number: f"{i.weight}" for i in f.indicators}
        rows.append(
            [
                str(f.version),
                "ระดับ AA–F" if f.grading.kind == "levels" else "ผลการประเมิน (ผ่านดีเยี่ยม…)",
                "/".join(f"{t.weight}" for t in f.tools),
                *(weights.get(n, "-") for n in numbers),
                str(len(f.oit_items)),
                f.origin,
            ]
        )
    out.write("กรอบการประเมิน ITA ที่ใช้ได้ (น้ำหนักร้อยละของคะแนนรวม)\n")
    out.write(render_table(header, rows) + "\n")
    return 0


def _framework_json(f: Framework) -> dict[str, Any]:
    return {
        "version": f.version,
        "title": f.title,
        "status": f.status,
        "origin": f.origin,
        "grading": f.grading.kind,
        "pass_mark": number(f.pass_mark),
        "tools": {t.code: number(t.weight) for t in f.tools},
        "indicators": {
            str(i.number): {"name": i.name, "tool": i.tool, "weight": number(i.weight)} for i in f.indicators
        },
        "questions": len(f.questions),
        "oit_items": len(f.oit_items),
        "documents": dict(f.documents),
    }


# --- score --------------------------------------------------------------------------------------------------


def _score_file(path: Path, framework: Framework) -> Result:
    try:
        return compute_result(framework, scores_from_rows(read_score_rows(path), framework))
    except ProngsaiError as exc:
        raise ProngsaiError(f"{path}: {exc.thai}", f"{path}: {exc.english}") from None


def command_score(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    framework = registry.get(args.framework)
    result = _score_file(args.file, framework)
    year_change = None
    if args.previous is not None:
        previous_framework = (
            registry.get(args.previous_framework)
            if args.previous_framework
            else registry.previous(framework.version) or framework
        )
        year_change = change(result, _score_file(args.previous, previous_framework))
    analysis = analyse(result, args.threshold)
    if args.json:
        json.dump(_result_json(result, analysis, year_change), out, ensure_ascii=False, indent=2)
        out.write("\n")
    else:
        out.write(_result_text(result, analysis, year_change, thai_digits=args.thai_digits) + "\n")
    return 0


def _finding_json(f: Finding) -> dict[str, Any]:
    return {
        "kind": f.kind,
        "code": f.code,
        "name": f.name,
        "tool": f.tool,
        "score": number(f.score),
        "gap": number(f.gap),
    }


def _result_json(result: Result, analysis: Analysis, year_change: Change | None) -> dict[str, Any]:
    key = result.grade.key
    data: dict[str, Any] = {
        "framework": result.framework.version,
        "total": number(result.total),
        key: result.grade.label,
        "passed": result.passed,
        "tools": {code: number(score) for code, score in result.tools.items()},
        "indicators": {str(n): number(score) for n, score in result.indicators.items()},
        "questions": {code: number(score) for code, score in result.questions.items()},
        "items": {code: number(score) for code, score in result.items.items()},
        "threshold": number(analysis.threshold),
        "weaknesses": [_finding_json(f) for f in analysis.urgent],
        "to_develop": [_finding_json(f) for f in analysis.develop],
        "summary": describe_result(result, year_change, thai_digits=False),
    }
    if year_change is not None:
        data["change"] = {
            "delta": number(year_change.delta),
            "text": signed(year_change.delta),
            "previous_total": number(year_change.previous_total),
            f"previous_{year_change.previous_grade.key}": year_change.previous_grade.label,
        }
    return data


def _result_text(result: Result, analysis: Analysis, year_change: Change | None, *, thai_digits: bool) -> str:
    def digits(text: str) -> str:
        return to_thai_digits(text) if thai_digits else text

    framework = result.framework
    grade_word = "ระดับ" if result.grade.key == "level" else "ผลการประเมิน"
    lines = [
        f"ผลการประเมิน ITA ตามกรอบปี {digits(str(framework.version))}",
        describe_result(result, year_change, thai_digits=thai_digits),
        "",
        render_table(
            ["แบบวัด", "คะแนน"],
            [[code, digits(f"{score:.2f}")] for code, score in result.tools.items()]
            + [["รวม", digits(f"{result.total:.2f}")], [grade_word, result.grade.label]],
        ),
        "",
        render_table(
            ["ตัวชี้วัด", "แบบวัด", "คะแนน", f"เทียบเกณฑ์ {digits(str(analysis.threshold))}"],
            [
                [
                    digits(f"{i.number}. {i.name}"),
                    i.tool,
                    digits(f"{result.indicators[i.number]:.2f}"),
                    "ต้องแก้ไขเร่งด่วน" if result.indicators[i.number] < analysis.threshold else "ต้องพัฒนาให้ดีขึ้น",
                ]
                for i in framework.indicators
            ],
        ),
    ]
    weak = [f for f in analysis.urgent if f.kind != "indicator"]
    if weak:
        lines += [
            "",
            "ข้อคำถามและข้อ OIT ที่ต่ำกว่าเกณฑ์ (ต้องแก้ไขโดยเร่งด่วน)",
            render_table(
                ["ข้อ", "คะแนน", "ห่างจากเกณฑ์", "ประเด็น"],
                [
                    [digits(f.code), digits(f"{f.score:.2f}"), digits(f"{f.gap:.2f}"), shorten(f.name, 60)]
                    for f in weak
                ],
            ),
        ]
    return "\n".join(lines)


# --- import -------------------------------------------------------------------------------------------------


def command_import(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    if args.catalogue:
        return _import_into_catalogue(args, registry, out)
    if len(args.file) > 1:
        raise ProngsaiError(
            "อ่านได้ครั้งละหนึ่งไฟล์ (หลายไฟล์ใช้กับ --catalogue)", "one file at a time (several with --catalogue)"
        )
    document = read_document(args.file[0], registry, framework_version=args.framework)
    if args.json:
        json.dump(document.to_dict(), out, ensure_ascii=False, indent=2)
        out.write("\n")
        return 0
    out.write(_reading_report(document) + "\n")
    return 0


def _import_into_catalogue(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    """Public documents into the catalogue of measures (site administrator, on the server): every file is read
    first, and nothing is stored if one cannot be."""
    if not (args.source or "").strip():
        raise ProngsaiError("กรุณาระบุแหล่งที่มาของเอกสารด้วย --source", "name the documents' source with --source")
    documents = [
        (path.name, read_document(path, registry, framework_version=args.framework)) for path in args.file
    ]
    _start_django()
    from prongsai.web.catalogue.services import entries_import

    counts = entries_import(documents=documents, source=args.source, user=_anonymous())
    out.write(
        f"นำเข้าคลังมาตรการ {counts['added']} รายการ ข้ามที่มีอยู่แล้ว {counts['skipped']} รายการ จาก {len(documents)} ไฟล์"
        f" (added {counts['added']}, skipped {counts['skipped']} already there)\n"
    )
    return 0


def _anonymous() -> Any:
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def _reading_report(document: Document) -> str:
    organisation = document.organisation
    lines = [
        f"เอกสาร: {document.title or '(ไม่พบชื่อเรื่อง)'}",
        f"ชนิด: {DOCUMENT_KIND.label(document.kind)} · อ่านจาก: {document.source}",
        f"หน่วยงาน: {organisation.name or '-'} ({organisation.type or '-'})"
        + (f" อำเภอ{organisation.district}" if organisation.district else "")
        + (f" จังหวัด{organisation.province}" if organisation.province else ""),
        f"ปีงบประมาณ: {document.fiscal_year or '-'}",
    ]
    if document.result is not None:
        result = document.result
        change_text = (
            f" เปลี่ยนแปลง {result.change:+} จากระดับ {result.previous_level}"
            if result.change is not None
            else ""
        )
        lines.append(f"ผลการประเมินที่ระบุ: {result.score} ระดับ {result.level}{change_text}")
    if document.memo is not None:
        memo = document.memo
        lines.append(
            f"บันทึกข้อความ: เรื่อง {memo.subject or '-'} · ลงนาม {len(memo.signatures)} คน · ความเห็น {len(memo.opinions)} ระดับ"
        )
    rows = []
    for m in document.measures:
        indicator = f"{m.indicator.number}. {m.indicator.name}" if m.indicator else "-"
        units = ", ".join(u.unit + (f" ({u.section})" if u.section else "") for u in m.responsible)
        rows.append(
            [
                str(m.number),
                m.tool or "-",
                shorten(indicator, 24),
                shorten(m.measure.split("\n")[0], 40),
                ",".join(m.questions) or "-",
                shorten(units, 30) or "-",
                m.timeframe.text if m.timeframe else "-",
                MEASURE_STATUS.label(m.status),
            ]
        )
    lines += [
        "",
        f"มาตรการ {len(document.measures)} รายการ",
        render_table(["ที่", "แบบวัด", "ตัวชี้วัด", "มาตรการ", "ข้อ", "ผู้รับผิดชอบ", "ระยะเวลา", "สถานะ"], rows),
    ]
    if document.warnings:
        lines += ["", "ข้อสังเกตจากการอ่าน:"] + [f"- {w}" for w in document.warnings]
    lines += ["", f"ข้อความที่ไม่ได้นำไปใส่ช่องใด ({len(document.unread)}):"]
    lines += [f"- [{u.origin}] {shorten(u.text, 100)}" for u in document.unread] or ["- ไม่มี"]
    return "\n".join(lines)


# --- report -------------------------------------------------------------------------------------------------


def _text_file(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ProngsaiError(f"อ่านไฟล์ {path} ไม่ได้ (ต้องเป็นข้อความ UTF-8)", f"{path} is not UTF-8 text") from None


def _analysis_input(
    args: argparse.Namespace, document: Document, registry: FrameworkRegistry
) -> AnalysisInput:
    """What the analysis document says beyond the measures, from the files given: the result it analyses (last
    year's, under that year's framework unless --framework says), the year before for the change, and the
    coordinator's texts."""
    if args.scores is None:
        if args.previous_scores is not None:
            raise ProngsaiError("ใช้ --previous-scores ต้องมี --scores ด้วย", "--previous-scores needs --scores")
        return AnalysisInput(
            analysis_text=_text_file(args.analysis_text), practice_text=_text_file(args.practice_text)
        )
    if args.framework is not None:
        framework = registry.get(args.framework)
    else:
        found = registry.for_year(document.fiscal_year - 1) if document.fiscal_year else None
        if found is None:
            raise ProngsaiError(
                "ไม่รู้ว่าคะแนนเป็นของกรอบการประเมินปีใด กรุณาระบุ --framework",
                "no framework for the scores' year: give --framework",
            )
        framework = found
    result = _score_file(args.scores, framework)
    year_change = previous = None
    if args.previous_scores is not None:
        previous = _score_file(args.previous_scores, registry.previous(framework.version) or framework)
        year_change = change(result, previous)
    return AnalysisInput.of(
        describe_result(result, year_change, thai_digits=args.thai_digits),
        analyse(result, DEFAULT_THRESHOLD),
        _text_file(args.analysis_text),
        _text_file(args.practice_text),
        result=result,
        previous=previous,
    )


def command_report(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    try:
        data = json.loads(read_bytes(args.file).decode("utf-8"))
        document = Document.from_dict(data)
    except (UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise ProngsaiError(
            f"อ่านไฟล์ JSON {args.file} ไม่ได้ (ต้องเป็นผลของ prongsai import --json)",
            f"cannot read {args.file} as a document from `prongsai import --json` ({exc})",
        ) from None
    try:
        layout = custom_layout(args.columns.split(","), args.grouping) if args.columns else args.layout
        framework = registry.for_year(document.fiscal_year or 0)
        footer = framework.documents.get(args.document, "") if framework else ""
        analysis_given = any(
            v is not None for v in (args.scores, args.previous_scores, args.analysis_text, args.practice_text)
        )
        if analysis_given and args.document != "analysis":
            raise ProngsaiError(
                "--scores และข้อความการวิเคราะห์ใช้กับ --document analysis เท่านั้น",
                "--scores, --previous-scores, --analysis-text and --practice-text are for --document analysis",
            )
        if args.document == "analysis":
            given = _analysis_input(args, document, registry)
            report = compose_analysis(
                document, given, thai_digits=args.thai_digits, footer=footer, with_memo=not args.no_memo
            )
        else:
            report = compose(
                document,
                args.document,
                layout,
                thai_digits=args.thai_digits,
                footer=footer,
                with_memo=not args.no_memo,
                framework=framework,
            )
    except ComposeError as exc:
        raise ProngsaiError(str(exc), str(exc)) from None
    content = render_report(report, args.format)
    output = args.output or args.file.with_suffix(f".{args.format}")
    output.write_bytes(content)
    out.write(f"เขียน {output} แล้ว ({len(content):,} ไบต์)\n")
    return 0


# --- remind -------------------------------------------------------------------------------------------------


def _start_django() -> None:
    """The web application's settings, for the commands that work on its database (remind, backup, restore)."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "prongsai.web.settings")
    import django

    django.setup()


def command_remind(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    """The daily reminders, for cron."""
    _start_django()
    from django.core.management import call_command

    call_command(
        "remind",
        *(["--date", args.date] if args.date else []),
        *(["--queue"] if args.queue else []),
        stdout=out,
    )
    return 0


def command_backup(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    _start_django()
    from prongsai.web.backup import backup

    manifest = backup(args.file)
    files = len(manifest["members"]) - 1
    out.write(f"สำรองฐานข้อมูลและไฟล์ {files} ไฟล์ไว้ที่ {args.file} แล้ว (database and {files} files backed up)\n")
    return 0


def command_restore(args: argparse.Namespace, registry: FrameworkRegistry, out: TextIO) -> int:
    _start_django()
    from prongsai.web.backup import restore

    manifest = restore(args.file, force=args.force)
    files = len(manifest["members"]) - 1
    out.write(
        f"กู้คืนฐานข้อมูลและไฟล์ {files} ไฟล์จากสำเนาวันที่ {manifest['created_at']} แล้ว"
        f" (database and {files} files restored)\n"
    )
    return 0


# --- entry point --------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="prongsai",
        description="โปร่งใส: ระบบมาตรการส่งเสริมคุณธรรมและความโปร่งใส (ITA) ขององค์กรปกครองส่วนท้องถิ่น",
    )
    parser.add_argument(
        "--frameworks-dir",
        type=Path,
        default=None,
        help="โฟลเดอร์กรอบการประเมินของหน่วยงานเอง (แทนที่หรือเพิ่มจากที่มากับโปรแกรม)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="คำสั่ง")

    frameworks = commands.add_parser("frameworks", help="แสดงกรอบการประเมินและน้ำหนักตัวชี้วัด (list frameworks)")
    frameworks.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    frameworks.set_defaults(handler=command_frameworks)

    score = commands.add_parser("score", help="คำนวณผลการประเมินจากไฟล์คะแนน (score a CSV/XLSX sheet)")
    score.add_argument("--framework", type=int, required=True, help="ปีของกรอบการประเมิน เช่น 2566")
    score.add_argument("file", type=Path, metavar="FILE", help="ไฟล์ CSV หรือ XLSX ที่มีคอลัมน์ code,score")
    score.add_argument("--previous", type=Path, default=None, metavar="FILE2", help="ไฟล์คะแนนของปีก่อน")
    score.add_argument(
        "--previous-framework", type=int, default=None, help="ปีของกรอบที่ใช้อ่านไฟล์ปีก่อน (ค่าเริ่มต้น: กรอบก่อนหน้า)"
    )
    score.add_argument("--threshold", type=Decimal, default=DEFAULT_THRESHOLD, help="เกณฑ์จุดอ่อน (ค่าเริ่มต้น 85)")
    score.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    score.add_argument(
        "--arabic-digits", dest="thai_digits", action="store_false", help="ใช้เลขอารบิกแทนเลขไทย"
    )
    score.set_defaults(handler=command_score)

    reader = commands.add_parser(
        "import", help="อ่านรายงานมาตรการจากไฟล์ข้อความ DOCX PDF XLSX CSV (read a report)"
    )
    reader.add_argument("file", type=Path, metavar="FILE", nargs="+")
    reader.add_argument(
        "--catalogue",
        action="store_true",
        help="นำมาตรการเข้าคลังมาตรการ (ผู้ดูแลระบบ; import into the catalogue)",
    )
    reader.add_argument(
        "--source", default="", help="แหล่งที่มาของเอกสาร เช่น เว็บไซต์ของหน่วยงาน (with --catalogue)"
    )
    reader.add_argument("--framework", type=int, default=None, help="ปีของกรอบการประเมิน (ค่าเริ่มต้น: ปีของเอกสาร)")
    reader.add_argument("--json", action="store_true", help="แสดงผลเป็น JSON")
    reader.set_defaults(handler=command_import)

    report = commands.add_parser(
        "report", help="สร้างรายงานทางการ DOCX หรือ PDF จากเอกสาร JSON (write a report)"
    )
    report.add_argument("file", type=Path, metavar="FILE.json", help="ผลของ prongsai import --json")
    report.add_argument("--document", choices=PROGRAMME_DOCUMENT_KINDS, default="implementation")
    report.add_argument("--layout", choices=LAYOUT.values, default="A", help="รูปแบบตาราง")
    report.add_argument("--columns", default="", help="กำหนดคอลัมน์เอง เช่น number,measure,steps,responsible")
    report.add_argument(
        "--grouping",
        default="none",
        help="การจัดกลุ่มเมื่อกำหนดคอลัมน์เอง: none, urgency_tool, tool_sections, theme",
    )
    report.add_argument("--format", choices=["pdf", "docx"], default="pdf")
    report.add_argument("-o", "--output", type=Path, default=None)
    report.add_argument("--arabic-digits", dest="thai_digits", action="store_false", help="ใช้เลขอารบิก")
    report.add_argument(
        "--no-memo",
        action="store_true",
        help="ไม่ใส่บันทึกข้อความนำ (without it every document carries one, made from the organisation's data"
        " when the file has none)",
    )
    analysis = report.add_argument_group("การวิเคราะห์ (--document analysis)")
    analysis.add_argument(
        "--scores", type=Path, default=None, metavar="FILE", help="คะแนน ITA ที่วิเคราะห์ (CSV/XLSX code,score)"
    )
    analysis.add_argument("--previous-scores", type=Path, default=None, metavar="FILE", help="คะแนนปีก่อนหน้านั้น")
    analysis.add_argument(
        "--framework", type=int, default=None, help="ปีของกรอบที่ใช้อ่าน --scores (ค่าเริ่มต้น: ปีก่อนปีของเอกสาร)"
    )
    analysis.add_argument(
        "--analysis-text", type=Path, default=None, metavar="FILE", help="ผลการวิเคราะห์ (ไฟล์ข้อความ)"
    )
    analysis.add_argument(
        "--practice-text", type=Path, default=None, metavar="FILE", help="แนวทางการนำไปสู่การปฏิบัติ (ไฟล์ข้อความ)"
    )
    report.set_defaults(handler=command_report)

    remind = commands.add_parser("remind", help="ส่งการแจ้งเตือนประจำวัน ใช้กับ cron (daily reminders)")
    remind.add_argument("--date", default=None, help="YYYY-MM-DD (ค่าเริ่มต้น: วันนี้)")
    remind.add_argument("--queue", action="store_true", help="ให้ตัวทำงานเบื้องหลัง (db_worker) ส่ง (queue them)")
    remind.set_defaults(handler=command_remind)

    backup = commands.add_parser(
        "backup", help="สำรองฐานข้อมูลและไฟล์ทั้งหมดไว้ในไฟล์เดียว (back up the database and files)"
    )
    backup.add_argument("file", type=Path, metavar="FILE", help="ไฟล์สำรอง (ZIP) ที่จะเขียน")
    backup.set_defaults(handler=command_backup)
    restore = commands.add_parser("restore", help="กู้คืนจากไฟล์สำรอง ลงฐานข้อมูลว่าง (restore a backup)")
    restore.add_argument("file", type=Path, metavar="FILE", help="ไฟล์สำรองจาก prongsai backup")
    restore.add_argument(
        "--force", action="store_true", help="แทนที่ข้อมูลที่มีอยู่ทั้งหมดด้วยข้อมูลในไฟล์สำรอง (replace existing data)"
    )
    restore.set_defaults(handler=command_restore)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    out = out or sys.stdout
    err = err or sys.stderr
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace, FrameworkRegistry, TextIO], int] = args.handler
    try:
        return handler(args, load_frameworks(args.frameworks_dir), out)
    except BrokenPipeError:  # the reader went away (`prongsai … | head`): nothing left to say
        return 0
    except ProngsaiError as exc:
        err.write(f"ผิดพลาด: {exc.thai}\n")
        if exc.english:
            err.write(f"error: {exc.english}\n")
        return EXIT_BAD_INPUT


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
