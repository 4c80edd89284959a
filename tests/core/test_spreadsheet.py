"""Cells a spreadsheet would take for a formula are written as text (OWASP's rule for CSV injection)."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from prongsai.core.spreadsheet import csv_text, spreadsheet_text

SOURCE = Path(__file__).resolve().parents[2] / "src" / "prongsai"


def test_formula_starts_get_a_quote_and_nothing_else_changes() -> None:
    for formula in ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"]:
        assert spreadsheet_text(formula) == "'" + formula
    for plain in ["มาตรการ", "1-2", " =1", "", "a=b"]:
        assert spreadsheet_text(plain) == plain
    assert spreadsheet_text(-5) == -5  # a number is a number, not text a formula hides in


def test_csv_text_read_back_by_the_csv_module() -> None:
    text = csv_text(["a", "b"], [{"a": "=cmd|' /C calc'!A0", "b": 3}, {"a": 'say "hi", then', "b": "-x"}])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows == [["a", "b"], ["'=cmd|' /C calc'!A0", "3"], ['say "hi", then', "'-x"]]


def test_every_csv_the_system_writes_goes_through_the_helper() -> None:
    writers = [
        path.relative_to(SOURCE)
        for path in SOURCE.rglob("*.py")
        if re.search(r"csv\.(writer|DictWriter)\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == [Path("core/spreadsheet.py")]
