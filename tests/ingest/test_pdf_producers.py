"""PDFs as offices make them: the seeds saved as PDF by LibreOffice (from Word's file) and printed to PDF by Chromium
(from a web page), fonts substituted by fontconfig, read against the golden files and against the seed's text.

The producers run once a session (their PDFs cached in a temporary directory). A producer that is not installed
skips its tests, unless PRONGSAI_REQUIRE_BROWSER is set, as `make test` sets it after installing both.
"""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pypdfium2
import pytest

from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import read_document_bytes
from prongsai.ingest.blocks import Paragraph
from prongsai.ingest.glyphs import THAI_MARKS
from prongsai.ingest.pdf import pdf_blocks
from tests.ingest.conftest import SEED_NAMES, golden, seed_text
from tests.ingest.conversions import (
    CHROMIUM,
    OFFICE,
    chromium_pdf,
    libreoffice_pdfs,
    seed_parts,
    to_docx,
    to_html,
)
from tests.ingest.test_golden import assert_matches, squeeze

PRODUCERS = {"libreoffice": OFFICE, "chromium": CHROMIUM}
_cache: dict[str, dict[str, bytes]] = {}


def produced(producer: str, directory: Path) -> dict[str, bytes]:
    """Each seed's PDF from the producer, made once a session."""
    if PRODUCERS[producer] is None:
        if os.environ.get("PRONGSAI_REQUIRE_BROWSER"):
            pytest.fail(f"{producer} is not installed (make test installs it)")
        pytest.skip(f"{producer} is not installed")
    if producer not in _cache:
        if producer == "libreoffice":
            documents = {name: to_docx(seed_text(name), rows_whole=True) for name in SEED_NAMES}
            _cache[producer] = libreoffice_pdfs(documents, directory)
        else:
            _cache[producer] = {
                name: chromium_pdf(to_html(seed_text(name)), directory, name) for name in SEED_NAMES
            }
    return _cache[producer]


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> object:
    return lambda producer: produced(producer, tmp_path_factory.mktemp(producer))


def source_text(name: str) -> str:
    """Every character of the seed a reader should find, whitespace aside."""
    return "".join(
        squeeze(
            "".join(content) if kind == "paragraph" else "".join("".join(c) for row in content for c in row)
        )  # type: ignore[arg-type]
        for kind, content in seed_parts(seed_text(name))
    )


@pytest.mark.parametrize("producer", list(PRODUCERS))
@pytest.mark.parametrize("name", SEED_NAMES)
def test_an_office_pdf_matches_its_golden_file(
    name: str, producer: str, pdfs: object, registry: FrameworkRegistry
) -> None:
    """Measures counted and read as the document has them: every text field equal, whitespace aside."""
    data = pdfs(producer)[name]  # type: ignore[operator]
    document = read_document_bytes(data, f"{name}.pdf", registry)
    expected = golden(name)
    actual = document.to_dict()
    assert document.source == "pdf"
    assert len(actual["measures"]) == len(expected["measures"])
    assert squeeze("".join(actual.pop("introduction"))) == squeeze("".join(expected.pop("introduction")))
    assert_matches(actual, expected, name)


@pytest.mark.parametrize("producer", list(PRODUCERS))
@pytest.mark.parametrize("name", SEED_NAMES)
def test_an_office_pdf_gives_back_every_character_once(name: str, producer: str, pdfs: object) -> None:
    """The page's text is the seed's, character for character (none lost, none repeated, whitespace aside), and
    no mark is left after a space or at the start of a cell, where PDFium's own string puts them."""
    data = pdfs(producer)[name]  # type: ignore[operator]
    texts = [
        text
        for block in pdf_blocks(data, f"{name}.pdf")
        for text in ([block.text] if isinstance(block, Paragraph) else [c for row in block.rows for c in row])
    ]
    assert Counter(squeeze("".join(texts))) == Counter(source_text(name))
    stray = re.compile(f"(?:^|\\s)[{''.join(sorted(THAI_MARKS))}]")
    assert [t for t in texts if stray.search(t)] == []


@pytest.mark.parametrize("producer", list(PRODUCERS))
def test_the_producers_text_layer_has_the_defects_read_through(producer: str, pdfs: object) -> None:
    """What the tests above read through is really there: PDFium's string of these pages has marks cut off by a
    space or listed after the next letter, or clusters listed twice."""
    stray = re.compile(f"\\s[{''.join(sorted(THAI_MARKS))}]")
    defects = 0
    for name, data in pdfs(producer).items():  # type: ignore[operator]
        document = pypdfium2.PdfDocument(data)
        text = "".join(page.get_textpage().get_text_range() for page in document)
        document.close()
        defects += len(stray.findall(text)) + max(0, len(squeeze(text)) - len(source_text(name)))
    assert defects > 10
