"""Lines rebuilt from glyph places (`prongsai.ingest.glyphs`), one case a row.

The places are those PDFium reports for real PDFs (LibreOffice's "ให้สูงขึ้น", whose text layer reads "ขึ น้", and
"หนองป่าก่อ", read "ป่ าก่อ"), or built to isolate one rule. The expected text is the Thai as typed.
"""

from __future__ import annotations

import pytest

from prongsai.ingest.glyphs import Glyph, text_lines


def glyph(
    text: str,
    left: float,
    right: float,
    bottom: float = 459.0,
    top: float = 465.6,
    *,
    ink: tuple[float, float] | None = None,
    baseline: float = 459.0,
    x: float | None = None,
) -> Glyph:
    """A glyph drawn at [left, right] with its ink at `ink` (the advance, unless given)."""
    ink_left, ink_right = ink or (left, right)
    return Glyph(
        text, left, right, ink_left, ink_right, bottom, top, baseline, left if x is None else x, 11.0
    )


def mark(text: str, ink_left: float, ink_right: float, bottom: float, top: float, **kwargs: float) -> Glyph:
    """A mark: no advance, drawn where its ink is (`x`, its pen position, is wherever the producer left it)."""
    return glyph(text, ink_left, ink_right, bottom, top, ink=(ink_left, ink_right), **kwargs)  # type: ignore[arg-type]


CASES = {
    # LibreOffice lists the tone mark after the next letter, and a space from elsewhere between: "ขึ น้".
    "the tone mark stacked on the vowel of the letter before": (
        [
            glyph("ข", 624.3, 630.5, ink=(624.5, 629.6)),
            mark("ึ", 624.8, 630.2, 466.5, 469.6, x=630.5),
            glyph("น", 630.7, 637.6, ink=(631.0, 637.1)),
            mark("้", 628.1, 631.9, 470.2, 472.8, x=631.2),
        ],
        ["ขึ้น"],
    ),
    # PDFium put a space of its own between the mark and the next letter: "ป่ า".
    "a mark over a tall letter, no gap after it": (
        [
            glyph("ป", 328.1, 335.1, 488.3, 497.7, ink=(328.3, 334.2), baseline=488.4),
            mark("่", 331.9, 332.5, 496.3, 498.7, baseline=488.4, x=333.5),
            glyph("า", 335.1, 340.4, 488.4, 495.0, ink=(335.5, 339.4), baseline=488.4),
        ],
        ["ป่า"],
    ),
    "a tone mark stacked on a vowel reaches over the next letter more than its own": (
        [
            glyph("ท", 0.0, 6.0),
            mark("ี", 2.0, 6.0, 466.0, 469.0),
            mark("่", 5.0, 9.0, 469.5, 472.0),
            glyph("น", 6.2, 12.0),
        ],
        ["ที่น"],
    ),
    "a cluster listed twice at the same place is read once (the browser's ที่มุ่ที่)": (
        [glyph("ที่", 0.0, 6.0), glyph("ม", 6.0, 12.0), glyph("ที่", 0.1, 6.1)],
        ["ที่ม"],
    ),
    "a gap as wide as half a letter is a space": (
        [glyph("ก", 0.0, 6.0), glyph("ข", 9.0, 15.0)],
        ["ก ข"],
    ),
    "a letter's side bearing is not a space": (
        [glyph("ก", 0.0, 6.0), glyph("ข", 7.5, 13.5)],
        ["กข"],
    ),
    "letters in the order the pen went, whatever order the text layer lists them in": (
        [glyph("ง", 12.0, 18.0), glyph("ก", 0.0, 6.0), glyph("ข", 6.0, 12.0)],
        ["กขง"],
    ),
    "SARA AM drawn as NIKHAHIT and SARA AA, the tone mark above NIKHAHIT": (
        [
            glyph("น", 0.0, 6.0),
            mark("้", 3.5, 6.0, 469.5, 472.0),
            mark("ํ", 3.0, 6.0, 466.0, 468.0),
            glyph("า", 6.0, 11.0),
        ],
        ["น้ำ"],
    ),
    "a lower vowel, then the tone mark above": (
        [glyph("ก", 0.0, 6.0), mark("่", 3.0, 6.0, 466.0, 469.0), mark("ุ", 2.0, 5.0, 455.0, 458.0)],
        ["กุ่"],
    ),
    "two lines, top first, each mark on its own line": (
        [
            glyph("ค", 0.0, 6.0, 440.0, 446.0, baseline=440.0),
            mark("่", 3.0, 6.0, 447.0, 450.0, baseline=440.0),
            glyph("ก", 0.0, 6.0),
            mark("้", 3.0, 6.0, 466.0, 469.0),
        ],
        ["ก้", "ค่"],
    ),
    "a mark raised off its line's baseline goes to the line its ink is nearest": (
        [
            glyph("ค", 0.0, 6.0, 440.0, 446.0, baseline=440.0),
            glyph("ก", 0.0, 6.0),
            mark("้", 3.0, 6.0, 466.0, 469.0, baseline=466.0),
        ],
        ["ก้", "ค"],
    ),
    "a line of dots does not make the gaps between letters look wide": (
        [
            glyph("ล", 0.0, 5.0),
            glyph("ง", 5.9, 10.6),
            *(glyph(".", 11 + 2.6 * n, 13.6 + 2.6 * n) for n in range(8)),
        ],
        ["ลง........"],
    ),
}


@pytest.mark.parametrize(("glyphs", "expected"), list(CASES.values()), ids=list(CASES))
def test_lines_from_glyph_places(glyphs: list[Glyph], expected: list[str]) -> None:
    assert [line.text for line in text_lines(glyphs)] == expected


def test_marks_alone_make_no_line() -> None:
    assert text_lines([mark("่", 3.0, 6.0, 466.0, 469.0)]) == []
