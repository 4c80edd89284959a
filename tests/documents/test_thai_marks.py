"""Every Thai mark of the PDF drawn, in its place, on every line, and read back once: the page is drawn (pdftoppm)
and each word's ink is compared with HarfBuzz's own setting of the same word in the same font and size (Pillow's
raqm layout), an independent shaper; the text PDFium reads back is compared with the cells' text."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium
import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont, features

import prongsai.documents.pdf as writer
from prongsai.core.compose import Report, compose
from prongsai.core.model import Document, Responsible
from prongsai.documents.pdf import render_pdf
from tests.documents.test_reports import seed_document

pytestmark = pytest.mark.skipif(
    shutil.which("pdftoppm") is None or not features.check("raqm"),
    reason="needs poppler-utils (pdftoppm) and Pillow with raqm (HarfBuzz)",
)

CONSONANTS = [chr(c) for c in range(0x0E01, 0x0E2F)]  # ก … ฮ, with the tall ป ฝ ฟ ฬ and ฤ ฦ
UPPER_VOWELS = "ิีึืั"
TONES = "่้๊๋"
THANTHAKHAT = "์"
LOWER_VOWELS = "ุู"


@cache
def corpus() -> tuple[str, ...]:
    """Every stacking of the script once: each consonant under each upper vowel with each tone mark and the
    thanthakhat, over each lower vowel with each tone mark, with ำ and each tone mark; ฤ/ฦ; and the words of the
    seed reports that carry a mark over or under a letter (the words people write)."""
    upper = [c + v + t for c in CONSONANTS for v in UPPER_VOWELS for t in TONES + THANTHAKHAT]
    lower = [c + v + t for c in CONSONANTS for v in LOWER_VOWELS for t in TONES]
    am = [c + t + "ำ" for c in CONSONANTS for t in TONES]
    rue = ["ฤทธิ์", "ฤดู", "ฤๅษี", "ฦๅ", "พฤกษ์", "อังกฤษ", "ทฤษฎี", "ผลสัมฤทธิ์", "ลิขสิทธิ์", "ศักดิ์สิทธิ์"]
    marked = re.compile("[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]")
    seeds = sorted(
        {
            word
            for name in ("seed000", "seed002", "seed004")
            for measure in seed_document(name).measures
            for text in [measure.measure, *measure.steps, measure.progress or ""]
            for word in writer.words(text)
            if writer._THAI_ONLY.fullmatch(word) and marked.search(word) and len(word) <= 12
        }
    )
    return (*upper, *lower, *am, *rue, *seeds[:60])


PER_ROW = 30


def corpus_report() -> Report:
    """The corpus through the real writer: each row's words in a narrow cell (ผู้รับผิดชอบ) and a wide one
    (ความก้าวหน้า), several lines deep, layout A."""
    words = corpus()
    base = seed_document("seed000")
    measures = []
    for row, start in enumerate(range(0, len(words), PER_ROW)):
        # Apart, so that no word is cut across lines and each is compared whole.
        chunk = " ".join(words[start : start + PER_ROW])
        measures.append(
            dataclasses.replace(
                base.measures[0],
                number=row + 1,
                measure="มาตรการ",
                steps=[],
                responsible=[Responsible(chunk)],
                progress=chunk,
            )
        )
    document: Document = dataclasses.replace(base, measures=measures, memo=None)
    return compose(document, "implementation", "A", with_memo=False)


SCALE = 5  # pixels per point (360 dpi)
SLACK = 3  # pixels of shift tolerated between the two renderings (hinting, rounding)
# Where all is well, at most 10 pixels of HarfBuzz's ink lack the page's and 15 of the page's lack HarfBuzz's (the
# two rasterisers differ at the edges); a tone mark left out leaves 21 or more, a line's tails in the next
# line's marks far more.
MOST_MISSING = 15
MOST_EXTRA = 20


@dataclasses.dataclass
class Placed:
    word: str
    page: int
    x: float  # the origin of the word's first glyph, in points from the page's left
    y: float  # its baseline, in points from the page's top


def placed_words(pdf: bytes, report: Report) -> list[Placed]:
    """Each corpus word of the report's cells, with where PDFium finds it on the pages (the origin of its first
    glyph): found by its place in the text read back (the cells in order), not by its own text."""
    words = set(corpus())
    document = pypdfium2.PdfDocument(pdf)
    characters: list[tuple[int, int, str]] = []  # page, index on the page, character (whitespace left out)
    heights = []
    for number, page in enumerate(document):
        heights.append(page.get_height())
        text = page.get_textpage().get_text_range()
        characters += [(number, i, c) for i, c in enumerate(text) if not c.isspace()]
    squeezed = "".join(c for _, _, c in characters)
    starts = _walk(squeezed, report)
    assert not isinstance(starts, str), starts
    found: list[Placed] = []
    for part, where in starts:
        offset = 0
        for word in part.split(" "):
            if word in words:
                number, index, _ = characters[where[offset]]
                textpage = document[number].get_textpage()
                x, y = pdfium.c_double(), pdfium.c_double()
                pdfium.FPDFText_GetCharOrigin(textpage.raw, index, x, y)
                found.append(Placed(word, number, x.value, heights[number] - y.value))
            offset += len(word)
    document.close()
    return found


@cache
def _font() -> ImageFont.FreeTypeFont:
    path = next(d / writer.FONT_FILE for d in writer.FONT_DIRECTORIES if (d / writer.FONT_FILE).exists())
    return ImageFont.truetype(str(path), writer.BODY_POINTS * SCALE, layout_engine=ImageFont.Layout.RAQM)


def _ink(image: Image.Image) -> Image.Image:
    return image.point(lambda v: 255 if v > 127 else 0)


def _count(mask: Image.Image) -> int:
    return mask.histogram()[255]


def ink_differences(page: Image.Image, word: Placed) -> tuple[int, int]:
    """(pixels HarfBuzz inks that the page leaves blank, pixels the page inks that HarfBuzz leaves blank), each
    beyond SLACK pixels of the other's ink, over the box of the word's ink (a pixel more each way): a mark left
    out, or moved, or the tail of the line above or a mark of the line below reaching into the word."""
    font = _font()
    left, top, right, bottom = font.getbbox(word.word, anchor="ls")
    ox, oy = word.x * SCALE, word.y * SCALE
    box = (int(ox + left) - 1, int(oy + top) - 1, int(ox + right) + 2, int(oy + bottom) + 2)
    drawn = ImageChops.invert(page.crop(box))  # ink white
    reference = Image.new("L", drawn.size, 0)
    ImageDraw.Draw(reference).text((ox - box[0], oy - box[1]), word.word, font=font, fill=255, anchor="ls")
    drawn_ink, reference_ink = _ink(drawn), _ink(reference)
    grow = ImageFilter.MaxFilter(2 * SLACK + 1)
    missing = ImageChops.subtract(reference_ink, drawn_ink.filter(grow))
    extra = ImageChops.subtract(drawn_ink, reference_ink.filter(grow))
    return _count(missing), _count(extra)


def misdrawn_words(
    pdf: bytes,
    report: Report,
    directory: Path,
    erase: Callable[[list[Image.Image], list[Placed]], None] | None = None,
) -> tuple[int, list[tuple[str, int, int]]]:
    """How many corpus words were compared, and those whose ink differs from HarfBuzz's."""
    path = directory / "corpus.pdf"
    path.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(72 * SCALE), "-gray", "-png", str(path), str(directory / "page")], check=True
    )
    pages = sorted(directory.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))
    images = [Image.open(p).convert("L") for p in pages]
    placed = placed_words(pdf, report)
    if erase is not None:
        erase(images, placed)
    wrong = []
    for word in placed:
        missing, extra = ink_differences(images[word.page], word)
        if missing > MOST_MISSING or extra > MOST_EXTRA:
            wrong.append((word.word, missing, extra))
    return len(placed), wrong


def test_the_corpus_holds_every_stacking() -> None:
    text = "".join(corpus())
    for consonant in [*CONSONANTS, "ป", "ฝ", "ฟ", "ฬ", "ฤ", "ฦ"]:
        for vowel in UPPER_VOWELS:
            for mark in TONES + THANTHAKHAT:
                assert consonant + vowel + mark in text
        for vowel in LOWER_VOWELS:
            for mark in TONES:
                assert consonant + vowel + mark in text
        for mark in TONES:
            assert consonant + mark + "ำ" in text


def test_every_mark_is_drawn_in_place_on_every_line(tmp_path: Path) -> None:
    report = corpus_report()
    compared, wrong = misdrawn_words(render_pdf(report), report, tmp_path)
    # Each word twice: in the narrow cell and the wide one.
    assert compared == 2 * len(corpus())
    assert not wrong, f"{len(wrong)} of {compared} words drawn unlike HarfBuzz, e.g. {wrong[:8]}"


def test_the_ink_check_sees_a_dropped_mark(tmp_path: Path) -> None:
    """The check above can fail: the same pages with the tone mark of every "ปิ่" painted out."""

    def erase(images: list[Image.Image], placed: list[Placed]) -> None:
        font = _font()
        for word in placed:
            if word.word == "ปิ่":
                # Where HarfBuzz draws the mark: what ปิ่ inks and ปิ does not, a pixel around.
                x, y = word.x * SCALE, word.y * SCALE
                mark = Image.new("L", images[word.page].size, 0)
                ImageDraw.Draw(mark).text((x, y), "ปิ่", font=font, fill=255, anchor="ls")
                without = Image.new("L", mark.size, 0)
                ImageDraw.Draw(without).text((x, y), "ปิ", font=font, fill=255, anchor="ls")
                mark = ImageChops.subtract(_ink(mark), _ink(without)).filter(ImageFilter.MaxFilter(3))
                images[word.page].paste(255, mask=mark)

    compared, wrong = misdrawn_words(render_pdf(report := corpus_report()), report, tmp_path, erase)
    assert compared == 2 * len(corpus())
    assert [w for w, _, _ in wrong] == ["ปิ่", "ปิ่"]


def test_the_ink_check_sees_lines_set_too_close(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """… and lines set as they were (cap height and half an em apart), where the marks of one line met the tails
    of the line above (then the words are not even read back in order: either way, the check fails)."""
    monkeypatch.setattr(writer, "LINE_TOP", 0.716)
    monkeypatch.setattr(writer, "LINE_BOTTOM", 0.5)  # the old half-em leading, as the box's depth
    report = corpus_report()

    def check() -> None:
        compared, wrong = misdrawn_words(render_pdf(report), report, tmp_path)
        assert len(wrong) < compared / 10, wrong

    with pytest.raises(AssertionError):
        check()


def _walk(squeezed: str, report: Report) -> list[tuple[str, list[int]]] | str:
    """Where each character of the tables' cells and headings is in the text read back (whitespace left out), each
    paragraph as (its text, the index of each of its characters); or, as a string, where the text first differs.
    Read in order: the rows one after another, with nothing between them but the repeated header row, the tables'
    headings and page footers; a row broken across pages reads as the first piece of each of its cells, the page's
    footer and the repeated header row, then the next piece of each cell, and so on."""
    rows = [
        [[row.heading]] if row.heading else [[q for q in cell if q.strip()] for cell in row.cells]
        for table in report.tables
        for row in table.rows
    ]
    rows = [row for row in rows if any(row)]
    fillers = sorted(
        {re.sub(r"\s+", "", h) for t in report.tables for c in t.columns for h in (c.header, c.parent) if h}
        | {re.sub(r"\s+", "", t.heading) for t in report.tables if t.heading},
        key=len,
        reverse=True,
    )
    own = re.escape(re.sub(r"\s+", "", report.footer or ""))
    # The page count, as the last page's footer shows it: a footer is "หน้า ๔ / ๕" and not "หน้า ๔ / ๕๓" when the
    # page after it begins with "๓. มาตรการ…"
    last = re.search(r"หน้า([0-9๐-๙]+)/\1$", squeezed)
    total = re.escape(last.group(1)) if last else "[0-9๐-๙]+"
    footer = re.compile((f"(?:{own}·)?" if own else "") + f"หน้า[0-9๐-๙]+/{total}")

    def page_break(position: int) -> int | None:
        """Past a page's footer and the repeated header row that follows it, or None if no page ends here."""
        page = footer.match(squeezed, position)
        if page is None:
            return None
        position = page.end()
        while filler := next((f for f in fillers if squeezed.startswith(f, position)), None):
            position += len(filler)
        return position

    first = re.sub(r"\s+", "", rows[0][0][0])
    position = squeezed.find(first)
    if position < 0:
        return f"not found: {first[:30]}"
    starts: list[tuple[str, list[int]]] = []
    for row in rows:
        cells = ["".join(re.sub(r"\s+", "", p) for p in cell) for cell in row]
        while (pieces := _read_row(squeezed, position, cells, page_break)) is None:
            filler = next((f for f in fillers if squeezed.startswith(f, position)), None)
            page = footer.match(squeezed, position)
            if filler is None and page is None:
                expected = next(c for c in cells if c)
                return f"expected {expected[:30]!r}, read {squeezed[position : position + 40]!r}"
            position = page.end() if page else position + len(filler or "")
        position, indices = pieces
        for cell, where in zip(row, indices, strict=True):
            for paragraph in cell:
                length = len(re.sub(r"\s+", "", paragraph))
                starts.append((paragraph, where[:length]))
                where = where[length:]
    return starts


def _read_row(
    squeezed: str, position: int, cells: list[str], page_break: Callable[[int], int | None]
) -> tuple[int, list[list[int]]] | None:
    """The row's cells read from position on, each cell's pieces in turn and page breaks between them: where the
    row ends and the index of each character of each cell, or None if the text there is not the row."""
    failed: set[tuple[int, int, tuple[int, ...]]] = set()

    def go(
        at: int, index: int, read: tuple[int, ...], progressed: bool
    ) -> tuple[int, list[tuple[int, int, int]]] | None:
        if index == len(cells):
            if all(done == len(cell) for done, cell in zip(read, cells, strict=True)):
                return at, []
            after = page_break(at) if progressed else None
            return None if after is None else go(after, 0, read, False)
        if (at, index, read) in failed:
            return None
        rest = cells[index][read[index] :]
        common = 0
        while common < len(rest) and at + common < len(squeezed) and squeezed[at + common] == rest[common]:
            common += 1
        for length in range(common, -1, -1):
            ahead = (*read[:index], read[index] + length, *read[index + 1 :])
            found = go(at + length, index + 1, ahead, progressed or length > 0)
            if found is not None:
                return found[0], [(index, at, length), *found[1]]
        failed.add((at, index, read))
        return None

    found = go(position, 0, tuple(0 for _ in cells), False)
    if found is None:
        return None
    indices: list[list[int]] = [[] for _ in cells]
    for index, at, length in found[1]:
        indices[index] += range(at, at + length)
    return found[0], indices


def reads_back_exactly(text: str, report: Report) -> str | None:
    """None if the text read back is the tables' cells and headings in order, whitespace aside (see _walk)."""
    walked = _walk(re.sub(r"\s+", "", text), report)
    return walked if isinstance(walked, str) else None


def test_the_corpus_reads_back_exactly() -> None:
    """PDFium reads each cell back as it was written, every cluster once (whitespace aside)."""
    report = corpus_report()
    document = pypdfium2.PdfDocument(render_pdf(report))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    assert reads_back_exactly(text, report) is None, reads_back_exactly(text, report)


def test_the_exact_reading_sees_a_doubled_cluster(monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above can fail: Typst's own text layer, without the writer's mending, reads "ผลสัมฤทธิ์ธิ์"."""
    monkeypatch.setattr(writer, "whole_clusters", lambda pdf: pdf)
    report = corpus_report()
    document = pypdfium2.PdfDocument(render_pdf(report))
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    written = sum(p.count("ธิ์") for t in report.tables for r in t.rows for c in r.cells for p in c)
    assert re.sub(r"\s+", "", text).count("ธิ์") > written  # ผลสัมฤทธิ์ธิ์, or the doubled ธิ์ a word later
    assert reads_back_exactly(text, report) is not None
