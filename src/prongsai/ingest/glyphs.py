"""Lines of text rebuilt from where a PDF draws each glyph, not from the order its text layer lists them in.

Office suites and browsers draw a Thai cluster as separate glyphs, each put in place by its own offset, and their
text layers do not keep the typed order: a tone mark comes after the next letter ("ขึน้" for ขึ้น), a space falls
between a letter and its vowel ("เป็ น" for เป็น), a cluster is listed twice ("ที่มุ่ที่ มุ่ง"), a line's spaces come
all together from elsewhere on the line. Two extractors (PDFium, poppler) give two different strings for the same
page; the places the glyphs are drawn at are the same for both. So a line is read as a person reads it:

- letters (everything but the marks drawn above or below one) in the order their pen positions go, left to right;
- each mark on the consonant it is drawn over (the widest overlap; a tone mark stacked on a vowel goes with that
  vowel's consonant), its marks in order from the lowest up, then PyThaiNLP's normalisation for the order Unicode
  wants (`cleaning.normalize_thai`, the one place that knows it);
- a glyph drawn twice in the same place once;
- a space where the gap between two letters is wider than a quarter of a letter's advance.

Framework-free and pure: `pdf.py` takes the glyphs out of PDFium; tests build them by hand.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from prongsai.ingest.cleaning import normalize_thai

# Marks drawn above or below a letter, with no advance of their own: MAI HAN-AKAT, the upper and lower vowels and
# PHINTHU, MAITAIKHU, the tone marks, THANTHAKHAT, NIKHAHIT, YAMAKKAN.
THAI_MARKS = frozenset(
    "\u0e31\u0e34\u0e35\u0e36\u0e37\u0e38\u0e39\u0e3a\u0e47\u0e48\u0e49\u0e4a\u0e4b\u0e4c\u0e4d\u0e4e"
)
_UPPER_VOWELS = frozenset("\u0e31\u0e34\u0e35\u0e36\u0e37\u0e47")
_STACKING = frozenset(
    "\u0e48\u0e49\u0e4a\u0e4b\u0e4c"
)  # tone marks and THANTHAKHAT, raised over an upper vowel
_CONSONANTS = frozenset(chr(code) for code in range(0x0E01, 0x0E2F))

# Glyphs of one line share a baseline; lines of any legible size are several times further apart (points).
BASELINE_TOLERANCE = 2.0
# A gap wider than this share of a letter's median advance is a space. Between the letters of a word, gaps measured
# on the three producers' PDFs stay under 0.3 of a letter (side bearings, a box a producer gives as the ink's);
# a space is about half a letter, 0.43 at the narrowest (LibreOffice's).
SPACE_SHARE = 0.38
# Two glyphs of the same text closer than this share of a letter's advance are one glyph drawn twice.
REPEAT_SHARE = 0.3


@dataclass(slots=True)
class Glyph:
    """One glyph as drawn: its text (a character, or a cluster a producer mapped one glyph or span to) and where,
    in page points with y upwards."""

    text: str
    left: float  # the advance: where the pen was and where it went
    right: float
    ink_left: float  # the ink
    ink_right: float
    bottom: float
    top: float
    baseline: float
    x: float  # the pen position it was drawn at
    size: float = 0.0  # the font's size as drawn (points)
    marks: list[Glyph] = field(default_factory=list)

    @property
    def is_mark(self) -> bool:
        return self.text in THAI_MARKS

    @property
    def centre(self) -> float:
        return (self.ink_left + self.ink_right) / 2


@dataclass(frozen=True)
class Line:
    text: str
    top: float  # the highest ink of its letters (y upwards)
    baseline: float
    size: float  # its letters' font size, the median (points)
    left: float = 0.0  # where its first letter's advance starts and its last one's ends (points)
    right: float = 0.0
    # where each of its letters (every character but spaces and marks, in order) ends: a word's width
    letter_ends: tuple[float, ...] = ()


def text_lines(glyphs: list[Glyph]) -> list[Line]:
    """The lines the glyphs make, top of the page first, each read left to right with its marks in place."""
    letters = sorted((g for g in glyphs if not g.is_mark), key=lambda g: -g.baseline)
    rows: list[list[Glyph]] = []
    for glyph in letters:
        if rows and rows[-1][0].baseline - glyph.baseline <= BASELINE_TOLERANCE:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
    if not rows:
        return []
    for row in rows:
        row.sort(key=lambda g: g.x)
        row[:] = _once(row)
        for letter in row:
            letter.marks = []
    for mark in sorted((g for g in glyphs if g.is_mark), key=lambda g: g.bottom):
        _attach(mark, _row_of(mark, rows))
    lines = []
    for row in rows:
        text = normalize_thai(_spell(row))
        if text:
            size = statistics.median(g.size for g in row)
            lines.append(
                Line(
                    text,
                    max(g.top for g in row),
                    row[0].baseline,
                    size,
                    row[0].left,
                    row[-1].right,
                    tuple(g.right for g in row for c in g.text if c not in THAI_MARKS and not c.isspace()),
                )
            )
    return lines


def _once(row: list[Glyph]) -> list[Glyph]:
    """The row without glyphs drawn again over themselves (a cluster a producer lists twice, a fake bold)."""
    kept: list[Glyph] = []
    for glyph in row:
        width = max(glyph.right - glyph.left, 0.1)
        if any(
            other.text == glyph.text and abs(other.x - glyph.x) < REPEAT_SHARE * width for other in kept[-3:]
        ):
            continue
        kept.append(glyph)
    return kept


def _row_of(mark: Glyph, rows: list[list[Glyph]]) -> list[Glyph]:
    """The line a mark belongs to: the one drawn on the same baseline, else the one whose letters' ink is nearest."""
    same = min(rows, key=lambda row: abs(row[0].baseline - mark.baseline))
    if abs(same[0].baseline - mark.baseline) <= BASELINE_TOLERANCE:
        return same
    middle = (mark.bottom + mark.top) / 2

    def distance(row: list[Glyph]) -> float:
        low, high = min(g.bottom for g in row), max(g.top for g in row)
        return max(low - middle, middle - high, 0.0)

    return min(rows, key=distance)


def _attach(mark: Glyph, row: list[Glyph]) -> None:
    """Put the mark on the consonant it is drawn over (the widest overlap, or the nearest); a tone mark stacked
    on an upper vowel goes with that vowel's consonant, however far it reaches over the next letter."""
    candidates = [g for g in row if g.text[:1] in _CONSONANTS] or row

    def score(letter: Glyph) -> float:
        overlap = min(mark.ink_right, letter.ink_right) - max(mark.ink_left, letter.ink_left)
        if mark.text in _STACKING:
            for vowel in letter.marks:
                if (
                    vowel.text in _UPPER_VOWELS
                    and vowel.top <= mark.bottom + 0.5
                    and min(mark.ink_right, vowel.ink_right) > max(mark.ink_left, vowel.ink_left)
                ):
                    overlap += mark.ink_right - mark.ink_left + 1.0
        return overlap

    target = max(candidates, key=score)
    if not any(m.text == mark.text and abs(m.centre - mark.centre) < 1.0 for m in target.marks):
        target.marks.append(mark)


def _spell(row: list[Glyph]) -> str:
    # letters only: a line of dots ("(ลงชื่อ) ........") would make every gap look wide
    advances = [g.right - g.left for g in row if g.text.isalpha() and g.right > g.left]
    unit = statistics.median(advances) if advances else 0.0
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in row:
        if previous is not None and unit and glyph.left - previous.right > SPACE_SHARE * unit:
            parts.append(" ")
        parts.append(glyph.text)
        parts.extend(m.text for m in glyph.marks)  # attached lowest first
        previous = glyph
    return "".join(parts).strip()
