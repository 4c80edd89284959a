"""National results files: the NACC's published results of many organisations at once (CSV or XLSX).

Columns are found by their headings, Thai or English: code (รหัส), name (ชื่อหน่วยงาน), type (ประเภท),
district (อำเภอ), province (จังหวัด), year (ปี), total (คะแนน), level or rating (ระดับ / ผลการประเมิน) and the ten
indicator scores (1 … 10, or ตัวชี้วัดที่ 1 …) when present. Thai digits, Buddhist Era years and the long or the
short name of a type ("องค์การบริหารส่วนตำบล…" or "อบต.…") are accepted. Every bad row is named; one bad row and
nothing is read.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from prongsai.core.errors import ReadError
from prongsai.core.model import ORGANISATION_TYPES
from prongsai.core.thai import to_arabic_digits
from prongsai.ingest.tabular import rows_of

MAX_ROWS = 20_000  # more than every local government in the country (about 7,850)
TYPES = dict(ORGANISATION_TYPES)  # short form → long form
HEADINGS = {
    "code": {"code", "รหัส", "รหัสหน่วยงาน"},
    "name": {"name", "organisation", "ชื่อ", "ชื่อหน่วยงาน", "หน่วยงาน"},
    "type": {"type", "ประเภท", "ประเภทหน่วยงาน"},
    "district": {"district", "อำเภอ"},
    "province": {"province", "จังหวัด"},
    "year": {"year", "fiscal_year", "ปี", "ปีงบประมาณ", "ปีที่ประเมิน"},
    "total": {"total", "score", "คะแนน", "คะแนนรวม"},
    "grade": {"level", "rating", "grade", "ระดับ", "ผลการประเมิน", "ระดับผลการประเมิน", "ระดับ/ผลการประเมิน"},
}
_INDICATOR = re.compile(r"(?:ตัวชี้วัด(?:ที่)?|indicator)?\s*([0-9]{1,2})")


@dataclass(frozen=True)
class NationalRow:
    row: int  # as a spreadsheet numbers it
    code: str
    name: str  # the long form: "องค์การบริหารส่วนตำบลหนองป่าก่อ"
    type: str  # the short form: อบต.
    district: str
    province: str
    year: int
    total: Decimal
    grade: str
    indicators: dict[int, Decimal] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str, str, str]:
        """What identifies an organisation without a code: type, name, district and province, spaces aside."""
        return (self.type, squeeze(self.name), squeeze(self.district), squeeze(self.province))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def long_name(name: str) -> tuple[str, str]:
    """ "อบต.หนองป่าก่อ" → ("องค์การบริหารส่วนตำบลหนองป่าก่อ", "อบต."); a name without a type prefix → (name, "")."""
    name = re.sub(r"\s+", " ", name).strip()
    for short, full in TYPES.items():
        if name.startswith(full):
            return name, short
        if name.startswith(short):
            return full + name[len(short) :].strip(), short
    return name, ""


def _place(text: str, *prefixes: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    for prefix in prefixes:
        if text.startswith(prefix):
            return text[len(prefix) :].strip()
    return text


def _score(text: str) -> Decimal | None:
    try:
        value = Decimal(to_arabic_digits(text).strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() and 0 <= value <= 100 else None


def national_rows(table: Iterable[list[str]], name: str) -> list[NationalRow]:
    columns: dict[str, int] | None = None
    indicator_columns: dict[int, int] = {}
    rows: list[NationalRow] = []
    problems: list[str] = []
    for number, cells in enumerate(table, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if columns is None:
            headings = [to_arabic_digits(c).lower().strip() for c in cells]
            columns = {
                key: next(i for i, h in enumerate(headings) if h in names)
                for key, names in HEADINGS.items()
                if any(h in names for h in headings)
            }
            for i, heading in enumerate(headings):
                match = _INDICATOR.fullmatch(heading)
                if match and 1 <= int(match.group(1)) <= 10:
                    indicator_columns[int(match.group(1))] = i
            missing = [k for k in ("name", "province", "year", "total") if k not in columns]
            if missing:
                raise ReadError(
                    f"แถวที่ {number}: ไม่พบหัวตาราง ต้องมีคอลัมน์ ชื่อหน่วยงาน จังหวัด ปี และคะแนน",
                    f"row {number}: no header; the file needs name, province, year and total columns",
                )
            continue
        if len(rows) >= MAX_ROWS:
            raise ReadError(f"ไฟล์ {name} มีเกิน {MAX_ROWS:,} แถว", f"{name} has more than {MAX_ROWS:,} rows")

        def cell(key: str, cells: list[str] = cells, columns: dict[str, int] = columns) -> str:
            index = columns.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        said: list[str] = []
        full, short = long_name(cell("name"))
        given_type = cell("type").strip()
        kind = next((s for s, f in TYPES.items() if given_type in {s, s.rstrip("."), f}), "") or short
        if not full:
            said.append("ไม่มีชื่อหน่วยงาน")
        if not kind:
            said.append("ไม่รู้ประเภทหน่วยงาน (อบต. ทต. ทม. ทน. อบจ.)")
        elif not short:
            full = TYPES[kind] + full
        province = _place(cell("province"), "จังหวัด", "จ.")
        if not province:
            said.append("ไม่มีจังหวัด")
        year_text = to_arabic_digits(cell("year")).strip()
        year = int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0
        if not 2500 <= year <= 2700:
            said.append(f"ปี “{cell('year')}” ต้องเป็นปีพุทธศักราช เช่น 2567")
        total = _score(cell("total"))
        if total is None:
            said.append(f"คะแนน “{cell('total')}” ต้องเป็นตัวเลข 0–100")
        indicators: dict[int, Decimal] = {}
        for indicator, index in indicator_columns.items():
            text = cells[index] if index < len(cells) else ""
            if not text.strip():
                continue
            value = _score(text)
            if value is None:
                said.append(f"คะแนนตัวชี้วัดที่ {indicator} “{text}” ต้องเป็นตัวเลข 0–100")
            else:
                indicators[indicator] = value
        if said:
            problems.append(f"แถวที่ {number}: " + "; ".join(said))
            continue
        assert total is not None
        rows.append(
            NationalRow(
                number,
                to_arabic_digits(cell("code")).strip(),
                full,
                kind,
                _place(cell("district"), "อำเภอ", "อ."),
                province,
                year,
                total,
                cell("grade").strip(),
                indicators,
            )
        )
    if columns is None:
        raise ReadError(f"ไฟล์ {name} ไม่มีข้อมูล", f"{name} has no rows")
    if problems:
        shown = problems[:20] + ([f"และอีก {len(problems) - 20} แถว"] if len(problems) > 20 else [])
        raise ReadError("\n".join(shown), f"{len(problems)} bad row(s) in {name}")
    return rows


def read_national_bytes(data: bytes, name: str) -> list[NationalRow]:
    return national_rows(rows_of(data, name), name)
