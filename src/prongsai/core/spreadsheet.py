"""Text for cells that people open in a spreadsheet: every CSV the system writes goes through `csv_text`.

A cell starting with =, +, -, @, a tab or a carriage return is read by Excel, LibreOffice and Google Sheets as a
formula (`=HYPERLINK(...)`, `@SUM(...)`), so a measure titled so would run in a reader's spreadsheet. OWASP's
rule for CSV injection: put a single quote before such a cell, so it is shown as the text it is.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value: object) -> object:
    """The value, with a leading quote when it is text a spreadsheet would take for a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(fieldnames: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A CSV document (header and rows), every text cell neutralised; numbers stay numbers."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(fieldnames))
    writer.writeheader()
    writer.writerows({key: spreadsheet_text(value) for key, value in row.items()} for row in rows)
    return buffer.getvalue()
