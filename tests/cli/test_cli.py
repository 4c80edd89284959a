"""`prongsai frameworks`, `prongsai score` and `prongsai report`, run as a user would."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from prongsai.cli import display_width, main

# Seed 002's result: 74.36 (C), up 23.29 from 51.07 (E). Indicators chosen by hand to give that total.
CURRENT = "code,score\n1,80\n2,70\n3,75\n4,72\n5,78\n6,70\n7,72\n8,74\n9,75.30\n10,76\ni9,40\ne15,85\nO42,0\n"
PREVIOUS = "code,score\n" + "".join(f"{n},51.07\n" for n in range(1, 11))


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def current(tmp_path: Path) -> Path:
    path = tmp_path / "ita2566.csv"
    path.write_text(CURRENT, encoding="utf-8")
    return path


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    path = tmp_path / "ita2565.csv"
    path.write_text(PREVIOUS, encoding="utf-8")
    return path


def score_json(*argv: str | Path) -> dict[str, Any]:
    code, out, err = run("score", "--json", *argv)
    assert code == 0, err
    data: dict[str, Any] = json.loads(out)
    return data


def test_frameworks_lists_versions_and_weights() -> None:
    code, out, _ = run("frameworks")
    assert code == 0
    lines = out.splitlines()
    row_2566 = next(line for line in lines if line.startswith("2566"))
    assert "ระดับ AA–F" in row_2566 and "30/30/40" in row_2566
    assert row_2566.split()[4:14] == ["6", "6", "6", "6", "6", "10", "10", "10", "20", "20"]
    assert any(line.startswith("2569") and "ผ่านดีเยี่ยม" in line for line in lines)


def test_frameworks_json() -> None:
    code, out, _ = run("frameworks", "--json")
    data = json.loads(out)
    assert code == 0 and [f["version"] for f in data] == [2565, 2566, 2567, 2568, 2569]
    assert data[1]["indicators"]["9"] == {"name": "การเปิดเผยข้อมูล", "tool": "OIT", "weight": 20}


def test_score_json_with_previous_year(current: Path, previous: Path) -> None:
    data = score_json("--framework", "2566", current, "--previous", previous)
    assert data["framework"] == 2566
    assert data["total"] == 74.36 and data["level"] == "C" and "rating" not in data
    assert data["tools"] == {"IIT": 75.0, "EIT": 72.0, "OIT": 75.65}
    assert data["indicators"]["9"] == 75.3 and set(data["indicators"]) == {str(n) for n in range(1, 11)}
    assert data["change"] == {
        "delta": 23.29,
        "text": "+23.29",
        "previous_total": 51.07,
        "previous_level": "E",
    }
    weak = [(w["code"], w["score"], w["gap"]) for w in data["weaknesses"]]
    assert weak[:3] == [("2", 70.0, 15.0), ("6", 70.0, 15.0), ("4", 72.0, 13.0)]
    assert ("i9", 40.0, 45.0) in weak and ("O42", 0, 85) in weak
    assert "e15" not in [w["code"] for w in data["weaknesses"]]  # exactly 85 is not a weakness
    assert all({"code", "name", "score", "gap"} <= set(w) for w in data["weaknesses"])


def test_score_table_in_thai(current: Path, previous: Path) -> None:
    code, out, _ = run("score", "--framework", "2566", current, "--previous", previous)
    assert code == 0
    assert "ได้รับผลการประเมิน ITA คะแนน ๗๔.๓๖ อยู่ในระดับ C เปรียบเทียบกับที่ผ่านมา +๒๓.๒๙ คะแนน (ระดับ E)" in out
    assert "๒. การใช้งบประมาณ" in out and "ต้องแก้ไขเร่งด่วน" in out
    code, out, _ = run("score", "--framework", "2566", current, "--arabic-digits")
    assert "74.36" in out and "๗" not in out


def test_rating_framework_reports_a_rating(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("code,score\n" + "".join(f"{n},96\n" for n in range(1, 11)), encoding="utf-8")
    data = score_json("--framework", "2567", path)
    assert data["rating"] == "ผ่านดีเยี่ยม" and "level" not in data


def test_xlsx_with_thai_headers_and_digits(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["ตัวชี้วัด", "รหัส", "คะแนน"])
    for n in range(1, 11):
        sheet.append([f"ตัวชี้วัดที่ {n}", n, 90.5 if n != 3 else "๘๔.๙๙"])
    path = tmp_path / "ผลคะแนน.xlsx"
    book.save(path)
    data = score_json("--framework", "2566", path)
    assert data["indicators"]["3"] == 84.99 and data["indicators"]["1"] == 90.5


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp874", "utf-16"])
def test_csv_encodings_offices_save(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text("รหัส;คะแนน\n" + "".join(f"{n};๙๐\n" for n in range(1, 11)), encoding=encoding)
    assert score_json("--framework", "2566", path)["total"] == 90


@pytest.mark.parametrize(
    ("content", "thai", "english"),
    [
        (b"", "ว่างเปล่า", "is empty"),
        (b"\x00\x01\x02\xff\xfe\x00garbage" * 20, "ไม่ใช่ไฟล์ข้อความ", "not a text file"),
        (b"PK\x03\x04 not really a workbook", "เปิดไฟล์ Excel", "cannot open the Excel file"),
        ("ตัวชี้วัด,ค่า\n1,90\n".encode(), "แถวที่ 1: ไม่พบหัวตาราง", "no header"),
        (b"code,score\n1,101\n", "แถวที่ 2: คะแนน 101 ของ 1 ต้องอยู่ระหว่าง 0–100", "between 0 and 100"),
        (b"code,score\nx7,50\n", "แถวที่ 2: ไม่รู้จักรหัส", "unknown code 'x7'"),
        (b"code,score\n1,90\n2,90\n", "ไม่มีคะแนนตัวชี้วัดที่ 3", "no score for indicator 3"),
        (b"code,score\n\n", "ไม่มีข้อมูลคะแนน", "there are no scores"),
    ],
)
def test_bad_input_exits_2_with_a_message(tmp_path: Path, content: bytes, thai: str, english: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    code, out, err = run("score", "--framework", "2566", path)
    assert code == 2 and out == ""
    assert thai in err and english in err
    assert "Traceback" not in err


def test_missing_file_and_unknown_framework(tmp_path: Path, current: Path) -> None:
    code, _, err = run("score", "--framework", "2566", tmp_path / "none.csv")
    assert code == 2 and "ไม่พบไฟล์" in err
    code, _, err = run("score", "--framework", "2599", current)
    assert code == 2 and "ไม่มีกรอบการประเมินปี 2599" in err


def test_bad_previous_file_is_named(current: Path, tmp_path: Path) -> None:
    bad = tmp_path / "last-year.csv"
    bad.write_text("code,score\n1,abc\n", encoding="utf-8")
    code, _, err = run("score", "--framework", "2566", current, "--previous", bad)
    assert code == 2 and "last-year.csv" in err and "แถวที่ 2" in err


def test_site_frameworks_directory_option(tmp_path: Path, current: Path) -> None:
    (tmp_path / "broken.yaml").write_text("version: 2566\n", encoding="utf-8")
    code, _, err = run("--frameworks-dir", tmp_path, "score", "--framework", "2566", current)
    assert code == 2 and "broken.yaml" in err and "missing field 'title'" in err


def test_installed_command(current: Path) -> None:
    script = Path(sys.executable).parent / "prongsai"
    done = subprocess.run(
        [script, "score", "--framework", "2566", "--json", current],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["level"] == "C"
    done = subprocess.run([script, "score"], capture_output=True, text=True, check=False)
    assert done.returncode == 2 and "--framework" in done.stderr


@pytest.mark.parametrize(("text", "width"), [("abc", 3), ("ที่", 1), ("น้ำ", 2), ("การใช้งบประมาณ", 13)])
def test_display_width_ignores_thai_marks(text: str, width: int) -> None:
    assert display_width(text) == width


# --- report -------------------------------------------------------------------------------------------------


@pytest.fixture
def seed_json(tmp_path: Path) -> Path:
    """Seed 002 as `prongsai import --json` writes it (fiscal year 2565)."""
    from tests.ingest.conftest import seed_text

    source = tmp_path / "seed002.txt"
    source.write_text(seed_text("seed002"), encoding="utf-8")
    code, out, err = run("import", source, "--json")
    assert code == 0, err
    path = tmp_path / "seed002.json"
    path.write_text(out, encoding="utf-8")
    return path


def _pdf_text(path: Path) -> str:
    import pypdfium2

    pdf = pypdfium2.PdfDocument(path.read_bytes())
    try:
        return "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()


def test_report_writes_the_layout_asked_for(seed_json: Path, tmp_path: Path) -> None:
    output = tmp_path / "out.pdf"
    code, out, err = run(
        "report", seed_json, "--document", "implementation", "--layout", "C", "--format", "pdf", "-o", output
    )
    assert code == 0, err
    assert str(output) in out
    text = _pdf_text(output)
    assert "บันทึกข้อความ" in text and "ข้อเสนอแนะ" in text  # the memo, and layout C's last column
    assert "O43" in text  # 2565's framework: the implementation report is item O43

    docx = tmp_path / "out.docx"
    code, _, err = run(
        "report", seed_json, "--columns", "number,measure,progress", "--format", "docx", "-o", docx
    )
    assert code == 0, err
    assert docx.read_bytes()[:2] == b"PK"


def test_report_of_a_year_without_its_own_framework_uses_the_latest_before(
    seed_json: Path, tmp_path: Path
) -> None:
    data = json.loads(seed_json.read_text(encoding="utf-8"))
    data["fiscal_year"] = 2570
    later = tmp_path / "later.json"
    later.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    code, _, err = run("report", later, "--format", "pdf", "-o", tmp_path / "later.pdf")
    assert code == 0, err
    assert "O26" in _pdf_text(tmp_path / "later.pdf")  # 2569's item for the implementation report


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("not json", [], "อ่านไฟล์ JSON"),
        ('{"kind": "implementation"}', [], "อ่านไฟล์ JSON"),
        (None, ["--columns", "number,no_such_column"], "ไม่รู้จักคอลัมน์"),
    ],
)
def test_report_refuses_bad_input_and_writes_nothing(
    seed_json: Path, tmp_path: Path, content: str | None, extra: list[str], message: str
) -> None:
    source = seed_json
    if content is not None:
        source = tmp_path / "bad.json"
        source.write_text(content, encoding="utf-8")
    output = tmp_path / "never.pdf"
    code, _, err = run("report", source, *extra, "-o", output)
    assert code == 2
    assert message in err
    assert not output.exists()


def test_analysis_report_from_score_files(
    seed_json: Path, current: Path, previous: Path, tmp_path: Path
) -> None:
    """The analysis of fiscal year 2567 is of the 2566 result: scored under 2566's framework, compared with the
    year before, weaknesses (under 85) apart from the rest, with the coordinator's texts."""
    data = json.loads(seed_json.read_text(encoding="utf-8"))
    data["fiscal_year"] = 2567
    document = tmp_path / "fy2567.json"
    document.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    analysis_text = tmp_path / "analysis.txt"
    analysis_text.write_text("ตัวชี้วัดที่ต่ำที่สุดคือการเปิดเผยข้อมูล", encoding="utf-8")
    output = tmp_path / "analysis.pdf"
    code, _, err = run(
        "report", document, "--document", "analysis", "--scores", current, "--previous-scores", previous,
        "--analysis-text", analysis_text, "--no-memo", "-o", output,
    )  # fmt: skip
    assert code == 0, err
    text = _pdf_text(output).replace("\r\n", "\n")
    assert "คะแนน ๗๔.๓๖ อยู่ในระดับ C เปรียบเทียบกับที่ผ่านมา +๒๓.๒๙ คะแนน (ระดับ E)" in text
    urgent, develop = text.split("ประเด็นที่ต้องพัฒนาให้ดีขึ้น")
    assert "๙ การเปิดเผยข้อมูล ๗๕.๓๐" in urgent and "i๙ หน่วยงานของท่าน ใช้จ่ายงบประมาณ" in urgent
    assert "e๑๕" in develop and "๘๕.๐๐" in develop and "e๑๕" not in urgent  # 85 is not under 85
    assert "O๔๒ มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน ๐.๐๐" in urgent  # two decimals, as all scores
    assert "ตัวชี้วัดที่ต่ำที่สุดคือการเปิดเผยข้อมูล" in develop  # the coordinator's text closes the document


def test_analysis_options_belong_to_the_analysis(seed_json: Path, current: Path, tmp_path: Path) -> None:
    code, _, err = run("report", seed_json, "--document", "implementation", "--scores", current)
    assert code == 2 and "--document analysis" in err
    code, _, err = run(
        "report", seed_json, "--document", "analysis", "--scores", current, "-o", tmp_path / "x.pdf"
    )
    assert code == 2 and "--framework" in err  # seed 002 is of 2565: no framework for 2564's scores
    assert not (tmp_path / "x.pdf").exists()
