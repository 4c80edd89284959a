"""Fuzzing every reader with hostile files, in a process whose address space is limited (RLIMIT_AS).

Hypothesis builds DOCX, XLSX, PDF, CSV and text files with oversized or malformed spans, merge chains, thousands
of columns and rows, huge shared strings, deep nesting, long texts, many pages, dense pages and compressed bombs
(stating their size or understating it). A worker process (tests/ingest/reader_worker.py), its readers warmed,
limits its address space to what it then uses plus HEADROOM_MB and reads each file: every file either reads or
is refused with the readers' own error — never a MemoryError, never another exception, never a dead worker —
and the worker's peak resident memory stays under PEAK_MB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prongsai.ingest.limits import MAX_COLUMNS, MAX_ROWS
from tests.ingest import hostile
from tests.ingest.hostile import MB, cell, docx_with_body, table, xlsx_with_sheet

HEADROOM_MB = 300
PEAK_MB = 450
ROOT = Path(__file__).resolve().parents[2]


class Worker:
    """The reading process; when a file kills it, the answer says so and a new one takes the next file."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.count = 0
        self.peaks: dict[str, int] = {}  # the largest peak seen for each file name, shown after the run
        self.ready = self._start()

    def _start(self) -> dict[str, Any]:
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *(p for p in sys.path if p)])}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.ingest.reader_worker", str(HEADROOM_MB)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=environment,
            cwd=ROOT,
        )
        answer = self._answer()
        assert answer is not None and answer["ready"], answer
        return answer

    def _answer(self) -> dict[str, Any] | None:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        return json.loads(line) if line else None

    def read(self, data: bytes, name: str, reader: str = "document") -> dict[str, Any]:
        assert self.process.stdin is not None
        self.count += 1
        path = self.directory / f"{self.count}-{name}"
        path.write_bytes(data)
        try:
            self.process.stdin.write(json.dumps({"path": str(path), "name": name, "reader": reader}) + "\n")
            self.process.stdin.flush()
            answer = self._answer()
        except BrokenPipeError:
            answer = None
        finally:
            path.unlink()
        if answer is None:
            answer = {"outcome": f"the worker died (exit {self.process.wait(timeout=60)})", "peak_mb": 0}
            self._start()
        self.peaks[name] = max(self.peaks.get(name, 0), answer["peak_mb"])
        return answer

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=60)


@pytest.fixture(scope="module")
def worker(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Worker]:
    running = Worker(tmp_path_factory.mktemp("hostile"))
    yield running
    running.close()
    print(f"\nreader worker: limit {running.ready['limit_mb']} MB, peaks (MB):", running.peaks)


# --- hostile files --------------------------------------------------------------------------------------------


class Hostile:
    """A file and its name; shown by its name and size (a failing example is megabytes long)."""

    def __init__(self, data: bytes, name: str) -> None:
        self.data, self.name = data, name

    def __repr__(self) -> str:
        return f"Hostile({self.name!r}, {len(self.data):,} bytes)"


SPANS = st.one_of(
    st.integers(min_value=-3, max_value=10**12).map(str),
    st.sampled_from(
        ["", "abc", "1e3", "1.5", "๓", " 2", str(MAX_COLUMNS), str(MAX_COLUMNS + 1), "200000000"]
    ),
    st.text(max_size=6),
)
MERGES = st.sampled_from([None, "", "restart", "continue", "bogus"])
# (columns, rows): the hostile sizes, each file kept to a few MB here (what is built must fit this process too).
SHAPES = [(1, 1), (3, 2), (3, 500), (MAX_COLUMNS, 1), (MAX_COLUMNS + 1, 1), (5000, 1), (2, MAX_ROWS + 1)]
THAI = st.text(alphabet="กขคงมาตรการขั้นตอน ๑๒", max_size=30)


@st.composite
def docx_tables(draw: st.DrawFn) -> Hostile:
    width, rows = draw(st.sampled_from(SHAPES))
    row = [cell(draw(THAI), span=draw(st.none() | SPANS), merge=draw(MERGES)) for _ in range(min(width, 3))]
    row += [cell("x")] * (width - len(row))
    return Hostile(docx_with_body(table([row] * rows)), "table.docx")


@st.composite
def docx_nesting(draw: st.DrawFn) -> Hostile:
    depth = draw(st.sampled_from([2, 50, 255, 300, 2000]))
    body = "<w:tbl><w:tr><w:tc>" * depth + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * depth
    return Hostile(docx_with_body(body), "nested.docx")


@st.composite
def docx_texts(draw: st.DrawFn) -> Hostile:
    length = draw(st.sampled_from([10, 100_001, 2_000_000]))
    copies = draw(st.sampled_from([1, 2]))
    paragraph = f"<w:p><w:r><w:t>{'ก' * length}</w:t></w:r></w:p>"
    return Hostile(docx_with_body(paragraph * copies), "text.docx")


@st.composite
def xlsx_sheets(draw: st.DrawFn) -> Hostile:
    dimension = draw(st.sampled_from(["", "A1:B2", "A1:XFD1048576", "A1:ZZZZZZ99999999999", "bogus"]))
    columns = draw(
        st.lists(st.sampled_from(["A", "B", "BL", "BM", "ZZ", "XFD", "XFE"]), min_size=1, max_size=4)
    )
    rows = draw(st.sampled_from([1, 3, MAX_ROWS + 1, 20_000]))
    far_row = draw(st.sampled_from([None, 1_048_576, 10**15]))
    strings, length = draw(st.sampled_from([(0, 1), (10, 1), (10, 40_000), (100_000, 1), (150, 40_000)]))
    cells = "".join(f'<c r="{c}{{n}}" t="s"><v>{i % max(strings, 1)}</v></c>' for i, c in enumerate(columns))
    body = "".join(f'<row r="{n}">' + cells.replace("{n}", str(n)) + "</row>" for n in range(1, rows + 1))
    if far_row:
        body += f'<row r="{far_row}"><c r="A{far_row}" t="inlineStr"><is><t>x</t></is></c></row>'
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    shared = [f"{n}" + "ข" * length for n in range(strings)] if strings else None
    if shared is None:
        body = body.replace(' t="s"><v>0</v>', "><v>1</v>")
    return Hostile(xlsx_with_sheet(f"{head}<sheetData>{body}</sheetData>", shared), "sheet.xlsx")


@st.composite
def bombs(draw: st.DrawFn) -> Hostile:
    kind = draw(st.sampled_from(["docx", "xlsx", "pdf"]))
    size = draw(st.sampled_from([20 * MB, 300 * MB]))
    data = {"docx": hostile.docx_bomb, "xlsx": hostile.xlsx_bomb, "pdf": hostile.pdf_bomb}[kind](size)
    if kind != "pdf" and draw(st.booleans()):
        member = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
        data = hostile.zip_declaring(data, member, draw(st.sampled_from([1024, 4 * MB])))
    return Hostile(data, f"bomb-{size // MB}mb.{kind}")


@st.composite
def pdf_pages(draw: st.DrawFn) -> Hostile:
    import io

    import pypdfium2

    pages = draw(st.sampled_from([1, 2, 501]))
    document = pypdfium2.PdfDocument.new()
    for _ in range(pages):
        document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return Hostile(buffer.getvalue(), "pages.pdf")


@st.composite
def pdf_drawings(draw: st.DrawFn) -> Hostile:
    lines = draw(st.sampled_from([0, 1_000, 25_000, 300_000]))
    text = draw(st.sampled_from([1, 30_000]))
    content = b"BT /F1 6 Tf 10 800 Td (" + b"x" * text + b") Tj ET\n"
    content += b"".join(
        b"%d %d m %d %d l S\n" % (n % 500, n % 700, n % 500 + 5, n % 700 + 5) for n in range(lines)
    )
    return Hostile(hostile.pdf_with_content(content), "drawing.pdf")


@st.composite
def delimited(draw: st.DrawFn) -> Hostile:
    kind = draw(st.sampled_from(["csv", "txt"]))
    columns, rows = draw(st.sampled_from([(2, 1), (MAX_COLUMNS + 1, 3), (100_000, 1), (2, MAX_ROWS + 1)]))
    separator = "," if kind == "csv" else draw(st.sampled_from(["\t", "|"]))
    line = separator.join(["code", "score"] + ["x"] * (columns - 2))
    if separator == "|":
        line = f"|{line}|"
    text = "\n".join([line] * rows)
    if draw(st.booleans()):
        text = '"' + "ก" * draw(st.sampled_from([10, 200_000])) + "\n" + text  # a quote never closed
    return Hostile(text.encode(), f"table.{kind}")


HOSTILE = st.one_of(
    docx_tables(),
    docx_nesting(),
    docx_texts(),
    xlsx_sheets(),
    bombs(),
    pdf_pages(),
    pdf_drawings(),
    delimited(),
)


def test_the_worker_is_limited_and_the_limit_bites(worker: Worker) -> None:
    """The limit is real (checked first, on the fresh worker): an allocation of a third of the headroom succeeds,
    one of twice the headroom fails, and the worker goes on working."""
    assert worker.read(b"", str(HEADROOM_MB // 3), "probe")["outcome"] == "read"
    assert worker.read(b"", str(2 * HEADROOM_MB), "probe")["outcome"] == "MemoryError"
    assert worker.read(b"code,score\n1,80\n", "scores.csv", "scores")["outcome"] == "read"


@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck))
@given(file=HOSTILE)
def test_every_reader_reads_or_refuses_hostile_files_within_the_memory_bound(
    worker: Worker, file: Hostile
) -> None:
    data, name = file.data, file.name
    readers = ["document", "scores"] if name.endswith((".csv", ".xlsx")) else ["document"]
    for reader in readers:
        answer = worker.read(data, name, reader)
        assert answer["outcome"] in ("read", "refused"), (name, reader, answer)
        assert answer["peak_mb"] < PEAK_MB, (name, reader, answer)
