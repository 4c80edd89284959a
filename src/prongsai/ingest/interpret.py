"""From blocks to a document, by the meaning of headers and cells, never by column position or per-file rules.

The stages, each a module that returns values: `columns` (a header row's cells → column roles), `rows` (rows
under those roles → measures, page breaks and merged cells mended), `cells` (one cell → codes, indicator,
units, status, timeframe), `memo` (the cover memo) and `paragraphs` (title, organisation, fiscal year, result).
A field no table has a column for is named in `warnings`, so that its emptiness is not taken for what the
document says.

Whatever lands in no field goes to `unread` with its origin; what was read but not understood (a timeframe,
an indicator) is kept as written and noted in `warnings`. Nothing is dropped silently.
"""

from __future__ import annotations

from prongsai.core.errors import ReadError
from prongsai.core.model import Document, Memo
from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import paragraphs as about
from prongsai.ingest.blocks import Block, Paragraph, Table
from prongsai.ingest.cells import status_of
from prongsai.ingest.cleaning import has_lao
from prongsai.ingest.columns import compact, missing_columns
from prongsai.ingest.memo import joined, read_memo
from prongsai.ingest.rows import Context, Reading, apply_heading, read_table


def interpret(
    blocks: list[Block],
    registry: FrameworkRegistry,
    *,
    framework_version: int | None = None,
    source: str = "",
) -> Document:
    """Read a document from its blocks. `framework_version` overrides the year the document names."""
    paragraphs = [b for b in blocks if isinstance(b, Paragraph)]
    if not any(isinstance(b, Table) for b in blocks):
        raise ReadError(
            "ไม่พบตารางมาตรการในเอกสาร (เอกสารต้องมีตารางที่มีหัวคอลัมน์ เช่น มาตรการ ขั้นตอน ผู้รับผิดชอบ)",
            "no table of measures found in the document",
        )
    texts = [joined(p) for p in paragraphs]

    memo: Memo | None = None
    memo_paragraphs: set[int] = set()
    for index, text in enumerate(texts):
        if compact(text) == "บันทึกข้อความ":
            memo, used = read_memo(paragraphs[index + 1 :])
            memo_paragraphs = set(range(index, index + 1 + used))
            break

    title_paragraphs = about.title_span(texts, memo_paragraphs)
    title = " ".join(texts[i] for i in title_paragraphs) or None
    fiscal_year = about.fiscal_year(
        [t for t in [title or "", memo.subject if memo and memo.subject else ""] if t] + texts
    )
    if framework_version is not None:
        framework = registry.get(framework_version)
    else:
        found = registry.for_year(fiscal_year) if fiscal_year is not None else None
        framework = found or registry.get(registry.versions[-1])
    kind_hint = about.kind(title, [], [])
    reading = Reading(framework, fiscal_year, kind_hint=kind_hint if kind_hint == "implementation" else None)

    context = Context()
    introduction: list[str] = []
    paragraph_index = 0
    for block in blocks:
        if isinstance(block, Table):
            read_table(block, context, reading)
            continue
        position = paragraph_index
        paragraph_index += 1
        if position in memo_paragraphs or position in title_paragraphs:
            continue
        text = texts[position]
        if not text or about.is_page_number(text):
            continue
        if apply_heading(text, context, section=True):
            continue
        introduction.append(text)

    if not reading.measures:
        raise ReadError(
            "ไม่พบมาตรการในตาราง (ไม่มีหัวคอลัมน์ที่อ่านได้ เช่น มาตรการ ตัวชี้วัด ขั้นตอน)",
            "no measures found: no table header names the known columns",
        )
    if any(has_lao(b.text) for b in paragraphs) or any(
        has_lao(c) for b in blocks if isinstance(b, Table) for row in b.rows for c in row
    ):
        reading.warnings.append("พบอักษรลาวในเอกสาร (มักเป็นความผิดพลาดของ OCR) แปลงเป็นอักษรไทยที่หน้าตาคล้ายกันแล้ว")
    kind = about.kind(title, introduction, reading.measures)
    reading.warnings.extend(missing_columns(reading.columns, kind))
    for position, measure in enumerate(reading.measures):
        if kind == "implementation" and measure.status == "unknown" and position not in reading.stated:
            measure.status = status_of(measure.progress, None, kind)
    organisation = about.organisation(
        [t for t in [title or ""] if t] + ([memo.office or ""] if memo else []) + texts
    )
    return Document(
        title=title,
        kind=kind,
        organisation=organisation,
        fiscal_year=fiscal_year,
        memo=memo,
        result=about.result(texts),
        measures=reading.measures,
        introduction=introduction,
        unread=reading.unread,
        warnings=reading.warnings,
        source=source,
    )
