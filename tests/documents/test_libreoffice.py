"""The DOCX as LibreOffice opens it: converted to PDF by LibreOffice and looked at page by page.

One LibreOffice run converts all the documents (a run costs seconds); the checks then read its PDFs: text by
PDFium, ink by pdftoppm's pixels, rules' places by pdfplumber.
"""

from __future__ import annotations

import dataclasses
import io
import itertools
import re
import shutil
import subprocess
import zipfile
from functools import cache
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from PIL import Image, ImageDraw, ImageFont

from prongsai.core.compose import compose
from prongsai.core.model import Document, Memo, Signature
from prongsai.core.thai import to_arabic_digits, to_thai_digits
from prongsai.documents.docx import render_docx
from prongsai.documents.docx_fonts import DIGITS_FAMILY, FONT_DIRECTORY
from prongsai.documents.pdf import render_pdf
from tests.documents.test_round_trip import source
from tests.ingest.conversions import libreoffice_pdfs

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = [
    pytest.mark.skipif(OFFICE is None, reason="LibreOffice is not installed (make test installs it)"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed"),
]

POSITION = "ปลัดองค์การบริหารส่วนตำบล ปฏิบัติหน้าที่นายกองค์การบริหารส่วนตำบลหนองป่าก่อ"


def memo_document() -> Document:
    """Seed 002 (its memo signed by a long position) in layout D."""
    document = source("seed002")
    memo = document.memo or Memo()
    signature = Signature("นายวิทยา รัตนกุล", POSITION)
    return dataclasses.replace(document, memo=dataclasses.replace(memo, signatures=[signature]))


DOCUMENTS = {
    "memo_d": lambda: compose(memo_document(), "implementation", "D"),
    "fifty_b": lambda: compose(source("fifty"), "implementation", "B"),
}


@cache
def converted(directory: Path) -> dict[str, tuple[bytes, bytes, bytes]]:
    """Each document's DOCX, its PDF from LibreOffice and the PDF writer's own, converted in one LibreOffice run."""
    written = {}
    for name, report in DOCUMENTS.items():
        composed = report()
        written[name] = (render_docx(composed), render_pdf(composed))
    from_office = libreoffice_pdfs({name: docx for name, (docx, _) in written.items()}, directory)
    return {name: (docx, from_office[name], pdf) for name, (docx, pdf) in written.items()}


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[bytes, bytes, bytes]]:
    return converted(tmp_path_factory.mktemp("office"))


def page_texts(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    texts = [page.get_textpage().get_text_range().replace("\r", "") for page in document]
    document.close()
    return texts


def page_count(pdf: bytes) -> int:
    return len(page_texts(pdf))


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_libreoffice_takes_as_many_pages_as_the_pdf_writer(office: dict, name: str) -> None:
    _, from_office, ours = office[name]
    assert abs(page_count(from_office) - page_count(ours)) <= 1, (page_count(from_office), page_count(ours))


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_the_embedded_font_is_what_libreoffice_draws(office: dict, name: str) -> None:
    """Where TH SarabunPSK is not installed, LibreOffice uses the font the DOCX carries, not Laksaman."""
    fonts = subprocess.run(["pdffonts", "-"], input=office[name][1], capture_output=True, check=False).stdout
    if not fonts:  # older poppler cannot read standard input
        return
    assert b"THSarabunPSK" in fonts and b"Laksaman" not in fonts


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_nothing_runs_off_the_page(office: dict, name: str, tmp_path: Path) -> None:
    """pdftoppm draws LibreOffice's pages: the outer centimetre of each (the margins are 1.6 cm or more, the
    footer sits 1.27 cm up) holds no ink."""
    from PIL import Image

    path = tmp_path / "office.pdf"
    path.write_bytes(office[name][1])
    subprocess.run(["pdftoppm", "-r", "40", "-gray", "-png", str(path), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert pages
    edge = round(1.0 / 2.54 * 40)
    for page in pages:
        image = Image.open(page).convert("L")
        width, height = image.size
        for box in [(0, 0, width, edge), (0, 0, edge, height), (width - edge, 0, width, height)]:
            assert image.crop(box).getextrema()[0] > 200, f"{page.name}: ink in the margin {box}"
        bottom = (0, height - round(0.5 / 2.54 * 40), width, height)
        assert image.crop(bottom).getextrema()[0] > 200, f"{page.name}: ink at the foot of the page"


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_header_rows_repeat_on_every_table_page(office: dict, name: str) -> None:
    texts = page_texts(office[name][1])
    header = "ลำดับที่" if name == "fifty_b" else "ขั้นตอนหรือวิธีการปฏิบัติ"
    table_pages = [t for t in texts if "บันทึกข้อความ" not in t]
    assert len(table_pages) >= 2
    squeezed = [re.sub(r"\s+", "", t) for t in table_pages]
    assert all(header in t for t in squeezed), [i for i, t in enumerate(squeezed) if header not in t]


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_page_numbers_count_the_pages(office: dict, name: str) -> None:
    """The cover memo's pages carry no number; the report's pages count from 1, each footer its own number, in
    digits: never Thai letters (the ThaiArabic switch gave "หน้า ก / ฒ" in LibreOffice). LibreOffice 7.4 ignores the
    section's Thai digit format (its DOCX import lists thaiNumbers as not supported) and writes Arabic digits, which
    the field's font draws as Thai ones (see the next tests); Word writes Thai ones."""
    texts = page_texts(office[name][1])
    footers = [
        [line.strip() for line in text.split("\n") if re.fullmatch(r"หน้า\s*[0-9๐-๙]+", line.strip())]
        for text in texts
    ]
    memo_pages = next(index for index, found in enumerate(footers) if found)
    assert memo_pages >= 1 and "บันทึกข้อความ" in texts[0]  # the memo comes first, unnumbered
    assert not any(footers[:memo_pages])
    for number, found in enumerate(footers[memo_pages:], start=1):
        assert found and found[-1] in (f"หน้า {number}", f"หน้า {to_thai_digits(str(number))}"), (number, found)


def ink(image: Image.Image) -> Image.Image:
    """The dark pixels of `image`, cropped to their box and scaled to a 24 × 32 grid of black and white."""
    gray = image.convert("L")
    box = gray.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert box is not None, "no ink"
    return gray.crop(box).resize((24, 32)).point(lambda v: 0 if v < 128 else 255)


def difference(a: Image.Image, b: Image.Image) -> float:
    return sum(x != y for x, y in zip(a.getdata(), b.getdata(), strict=True)) / (24 * 32)


@cache
def shaped(text: str) -> Image.Image:
    """`text` drawn by Pillow's HarfBuzz (raqm) layout in Laksaman, the outlines the embedded fonts carry."""
    font = ImageFont.truetype(str(FONT_DIRECTORY / "Laksaman.ttf"), 96, layout_engine=ImageFont.Layout.RAQM)
    image = Image.new("L", (200, 200), 255)
    ImageDraw.Draw(image).text((40, 20), text, font=font, fill=0)
    return ink(image)


@pytest.mark.parametrize("name", list(DOCUMENTS))
def test_page_numbers_are_drawn_in_thai_digits(office: dict, name: str) -> None:
    """Looked at as a reader does: each digit of the first footers' page numbers, as LibreOffice draws it, is
    closer to the Thai digit than to the Arabic one (both drawn by HarfBuzz from the same outlines). LibreOffice
    writes Arabic digits into the field (its text layer says "หน้า 1"); the run's font draws them as Thai ones."""
    from_office = office[name][1]
    document = pypdfium2.PdfDocument(from_office)
    checked = 0
    with pdfplumber.open(io.BytesIO(from_office)) as pdf:
        for index, page in enumerate(pdf.pages[:4]):
            footer = [c for c in page.chars if c["top"] > page.height - 60]
            digits = [c for c in footer if re.fullmatch(r"[0-9๐-๙]", c["text"])]
            if not digits:
                continue  # the memo's pages are not numbered
            scale = 8
            image = document[index].render(scale=scale, grayscale=True).to_pil()
            for char in digits:
                # the glyph's box without its top quarter, where the table's last rule may pass
                box = (char["x0"], char["top"] + char["size"] / 4, char["x1"], char["bottom"])
                drawn = ink(image.crop(tuple(round(v * scale) for v in box)))
                value = int(to_arabic_digits(char["text"]))
                thai, arabic = (
                    difference(drawn, shaped(chr(0x0E50 + value))),
                    difference(drawn, shaped(str(value))),
                )
                assert thai < 0.25 and thai < arabic - 0.1, (index, char["text"], thai, arabic)
                checked += 1
    document.close()
    assert checked >= 2


def test_word_is_asked_for_thai_digits_the_way_the_standard_says() -> None:
    """ECMA-376 Part 1 §17.16.4.1: a PAGE field without a format switch takes the section's page number format,
    here w:pgNumType w:fmt="thaiNumbers" (§17.6.12, §17.18.59: "๑, ๒, ๓"), in the report's section, which starts
    again at 1 after the memo's; the memo's section has no page number to format."""
    docx = render_docx(compose(memo_document(), "implementation", "D"))
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        body = package.read("word/document.xml").decode()
        footers = "".join(package.read(n).decode() for n in package.namelist() if n.startswith("word/footer"))
        fonts = package.read("word/fontTable.xml").decode()
    sections = re.findall(r"<w:sectPr.*?</w:sectPr>", body, re.S)
    assert len(sections) == 2
    assert "pgNumType" not in sections[0]
    assert re.findall(r"<w:pgNumType [^>]*/>", sections[1]) == [
        '<w:pgNumType w:fmt="thaiNumbers" w:start="1"/>'
    ]
    assert re.findall(r'w:instr="([^"]*)"', footers) == ["PAGE"]
    # the field's run is set in the font that draws digits as Thai ones, and the package carries that font
    field = re.search(r'<w:fldSimple w:instr="PAGE">.*?</w:fldSimple>', footers, re.S)
    assert field and f'w:ascii="{DIGITS_FAMILY}"' in field.group()
    assert f'w:name="{DIGITS_FAMILY}"' in fonts and "w:embedRegular" in fonts.split(DIGITS_FAMILY)[1]


def test_the_table_grid_is_as_wide_as_the_cells(office: dict) -> None:
    """LibreOffice sizes columns by the grid: its rules stand where the cells' widths put them (D's steps column
    is almost twice the timeframe's), not at equal shares."""
    from_office = office["memo_d"][1]
    with pdfplumber.open(io.BytesIO(from_office)) as pdf:
        page = next(p for p in pdf.pages if p.width > p.height)  # the first landscape (table) page
        table = page.find_tables()[0]
        rules = sorted({round(cell[0]) for row in table.rows for cell in row.cells if cell})
        rules.append(round(max(cell[2] for row in table.rows for cell in row.cells if cell)))
    widths = [b - a for a, b in itertools.pairwise(rules)]
    shares = [0.12, 0.20, 0.22, 0.22, 0.13, 0.11]  # layout D's columns
    total = sum(widths)
    assert len(widths) == len(shares)
    for width, share in zip(widths, shares, strict=True):
        assert abs(width / total - share) < 0.01, (widths, shares)


def test_signature_names_and_positions_stay_whole(office: dict) -> None:
    """The signer's name and each phrase of the position are on one line each: none broken inside a word."""
    memo_page = page_texts(office["memo_d"][1])[0]
    lines = [line.strip() for line in memo_page.split("\n")]
    assert "(นายวิทยา รัตนกุล)" in lines
    phrases = POSITION.split(" ")
    assert all(any(phrase in line for line in lines) for phrase in phrases), lines
