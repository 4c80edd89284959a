"""The reader's measured accuracy on a small sample of generated variants of the real reports (`make bench`
runs the full table, with the PDF producers): at least 98 % of fields right, no measure invented, none lost
without a trace in `unread` or `warnings`."""

from __future__ import annotations

from functools import partial

import pytest

from prongsai.frameworks import FrameworkRegistry
from prongsai.ingest import read_document_bytes
from tests.ingest.variants import accuracy_table, as_text, generate, read_all, score

TARGET = 0.98
SAMPLE = range(100, 124)
PDF_SAMPLE = range(100, 110)  # a PDF producer's run takes seconds a document: a smaller sample


@pytest.mark.parametrize("producer", ["text", "docx"])
def test_accuracy_meets_the_target(registry: FrameworkRegistry, producer: str) -> None:
    scores = read_all(SAMPLE, (producer,), partial(_read, registry))
    found = scores[producer]
    assert found.documents == len(SAMPLE) and found.refused == 0
    assert sum(found.total.values()) > 20 * len(SAMPLE)  # the sample checks many fields, not a few
    report = accuracy_table(scores) + "\n" + "\n".join(found.failures[:10])
    assert found.accuracy >= TARGET, report
    assert found.invented == 0 and found.lost_silently == 0, report


@pytest.mark.parametrize("producer", ["pdf-libreoffice", "pdf-chromium"])
def test_accuracy_meets_the_target_on_pdfs(registry: FrameworkRegistry, producer: str) -> None:
    """PDFs saved by LibreOffice and printed by Chromium: where a cell's lines end, and rows a page broke."""
    scores = read_all(PDF_SAMPLE, (producer,), partial(_read, registry))
    if producer not in scores:
        pytest.skip(f"{producer}: the producer is not installed")
    found = scores[producer]
    assert found.documents == len(PDF_SAMPLE) and found.refused == 0
    assert sum(found.total.values()) > 20 * len(PDF_SAMPLE)
    report = accuracy_table(scores) + "\n" + "\n".join(found.failures[:10])
    assert found.accuracy >= TARGET, report
    assert found.invented == 0 and found.lost_silently == 0, report


def test_the_score_sees_a_wrong_field_an_invented_measure_and_a_silent_loss(
    registry: FrameworkRegistry,
) -> None:
    """The oracle itself: a document read right scores 100 %; one altered scores less, and counts what it must."""
    variant = generate(7)
    document = read_document_bytes(as_text(variant), "v.txt", registry)
    assert score(variant, document, "text").accuracy == 1.0
    document.measures[0].number += 50
    lost = document.measures.pop()
    document.measures.append(type(lost)(**{**lost.__dict__, "measure": "มาตรการที่ไม่มีในเอกสารเลยแม้แต่น้อย"}))
    altered = score(variant, document, "text")
    assert altered.accuracy < 1.0
    assert altered.right["number"] == altered.total["number"] - 1
    assert (altered.invented, altered.lost_silently) == (1, 1)


def _read(registry: FrameworkRegistry, data: bytes, name: str) -> object:
    return read_document_bytes(data, name, registry)
