"""Cleaning text as extraction leaves it: stray HTML, spaced-out letters, Thai spelling slips, list items."""

from __future__ import annotations

import html
import re
from functools import lru_cache

from pythainlp import (
    thai_above_vowels,
    thai_below_vowels,
    thai_follow_vowels,
    thai_lead_vowels,
    thai_tonemarks,
)
from pythainlp.util import normalize

# One Thai "letter unit": a base character with the marks stacked on it.
_UNIT = r"[\u0E01-\u0E30\u0E32\u0E33\u0E40-\u0E46\u0E4F-\u0E5B][\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]*"
_SPACED_RUN = re.compile(rf"(?<![\u0E00-\u0E7F])(?:{_UNIT} ){{2,}}{_UNIT}(?![\u0E00-\u0E7F])")
# Lao letters that OCR puts for the Thai letters they resemble. ຍ stands for บ: the one case on record is
# "มอຍงาน" for มอบงาน (assign the work) in an OCR'd report.
_LAO_LOOKALIKES = str.maketrans("ກຂຄງຈຊຍດຕຖທນບປຜຝພຟມຢຣລວສຫອຮ", "กขคงจซบดตถทนบปผฝพฟมยรลวสหอฮ")
_LAO = re.compile(r"[\u0E80-\u0EFF]")
# Everything PyThaiNLP's normalize() changes starts with one of these (its rules, read from its source): a
# zero-width character, nikhahit or lakkhangyao, a mark without a letter before it, a tone mark before a vowel
# or another tone mark, a following vowel before a tone mark, a vowel or sign repeated. Text without any is
# left alone: normalize() is most of a document's reading time, and most cells need nothing from it.
_MARKS = f"{thai_above_vowels}{thai_below_vowels}{thai_tonemarks}\u0e3a\u0e4c\u0e4d\u0e4e"
_NEEDS_NORMALIZE = re.compile(
    "[\u200b\u200c\u0e4d\u0e45]"
    f"|(?:^|\\s)[{_MARKS}]"
    f"|[{thai_tonemarks}\u0e4c][{thai_above_vowels}{thai_below_vowels}{thai_tonemarks}]"
    f"|[{thai_follow_vowels}][{thai_tonemarks}]"
    f"|([{thai_follow_vowels}{thai_lead_vowels}{thai_above_vowels}{thai_below_vowels}\u0e3a\u0e4c\u0e4d\u0e4e]) *\\1"
)


def normalize_thai(text: str) -> str:
    """PyThaiNLP's normalize(), skipped where it would change nothing (see _NEEDS_NORMALIZE)."""
    return str(normalize(text)) if _NEEDS_NORMALIZE.search(text) else text


_BLOCK_TAGS = re.compile(r"</?(?:p|li|ul|ol|div|br|tr|h[1-6])\b[^>]*>", re.IGNORECASE)
_ANY_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def has_lao(text: str) -> bool:
    return bool(_LAO.search(text))


def join_spaced_letters(text: str) -> str:
    """ "โ ค ร ง ก า ร" → "โครงการ": runs of three or more single letters separated by single spaces."""
    return _SPACED_RUN.sub(lambda m: m.group().replace(" ", ""), text)


@lru_cache(maxsize=8192)  # pure, and the interpreter looks at the same cells several times
def clean_text(text: str) -> str:
    """Plain, normalised Thai text on one line: tags dropped, entities decoded, spacing tidied."""
    text = html.unescape(_ANY_TAG.sub(" ", text))
    if _LAO.search(text):  # translate() with a table looks up every character; most cells have no Lao
        text = text.translate(_LAO_LOOKALIKES)
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    text = re.sub(r"\s+", " ", text).strip()
    return normalize_thai(join_spaced_letters(text))


def html_items(cell: str) -> list[str]:
    """A cell's pieces: `<p>`, `<li>` and line breaks separate items; everything else is text."""
    pieces = _BLOCK_TAGS.split(cell) if _BLOCK_TAGS.search(cell) else cell.split("\n")
    items = [clean_text(p) for p in pieces]
    return [i for i in items if i]


_NUMBERED = re.compile(r"(?:(?<=\s)|^)\(?([0-9๐-๙]{1,2})[.)]\s*")
_BULLET = re.compile(r"(?:^|(?<=\S)|\s)[-•▪●]\s+")


def _digits(text: str) -> int:
    return int(text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")))


def split_numbered(text: str) -> list[str] | None:
    """Items of "๑) ก ๒) ข" or "1. ก 2. ข": numbered in order from a marker at the very start (so a piece that
    goes on a list, "๒) …", reads too). None when the text does not start with a number marker."""
    sequence: list[re.Match[str]] = []
    for marker in _NUMBERED.finditer(text):
        if not sequence:
            if marker.start() != 0:
                return None
            sequence.append(marker)
        elif _digits(marker.group(1)) == _digits(sequence[-1].group(1)) + 1:
            sequence.append(marker)
    if not sequence:
        return None
    bounds = [m.start() for m in sequence[1:]] + [len(text)]
    items = [text[marker.end() : end].strip() for marker, end in zip(sequence, bounds, strict=True)]
    return [i for i in items if i]


def split_bullets(text: str) -> list[str] | None:
    """Items of "- ก - ข" or "- ก- ข" (a cell that starts with a bullet); None otherwise."""
    if not re.match(r"^[-•▪●]\s*", text):
        return None
    items = [i.strip() for i in _BULLET.split(text)]
    return [i for i in items if i]


def list_items(cell: str) -> list[str]:
    """A cell read as a list: HTML items, then numbered or bulleted items within each."""
    return _items(html_items(cell))


def _items(pieces: list[str]) -> list[str]:
    items: list[str] = []
    for piece in pieces:
        items.extend(split_numbered(piece) or split_bullets(piece) or [piece])
    return items


def continued_list(cell: str, items_so_far: int) -> tuple[str, list[str]]:
    """A list cell that goes on from the page before, which held `items_so_far` items: the words before the next
    marker (number items_so_far + 1, or a bullet) finish the item the page broke; the rest is a list as usual."""
    pieces = html_items(cell)
    if not pieces:
        return "", []
    first = pieces[0]
    starts = [m.start() for m in _NUMBERED.finditer(first) if _digits(m.group(1)) == items_so_far + 1]
    starts += [m.end() - len(m.group().lstrip()) for m in _BULLET.finditer(first)]  # at the bullet itself
    if not starts:
        return first, _items(pieces[1:])
    cut = min(starts)
    return first[:cut].strip(), _items([first[cut:], *pieces[1:]])


def join_thai_spaces(text: str) -> str:
    """Drop spaces between Thai letters: for names ("กองสาธารณสุขและ สิ่งแวดล้อม") broken by line wraps."""
    return re.sub(r"(?<=[\u0E01-\u0E5B]) +(?=[\u0E01-\u0E5B])", "", text)


_BULLET_MARKER = re.compile(r"^[-•▪●]\s")
_NUMBER_MARKER = re.compile(r"^\(?([0-9๐-๙]{1,2})[.)](?:\s|$)")  # "๓." may end its line, its item on the next
_THAI_LETTER = re.compile(r"[\u0E00-\u0E7F]")


def starts_list_item(text: str) -> bool:
    """Whether the text opens with a list marker: "๒. …", "(3) …", "- …"."""
    stripped = text.lstrip()
    return bool(_BULLET_MARKER.match(stripped) or _NUMBER_MARKER.match(stripped))


def join_wrapped_lines(lines: list[str]) -> str:
    """Lines a PDF wrapped, back into text: Thai runs on without a space, a bullet starts a new line. A line that
    starts with a number ("๒) …", or "๘๕) จำนวน…" wrapped after "ร้อยละ") is joined with a space: whether it
    opens a list item is for the numbering's sequence to tell (`split_numbered`), not the wrap."""
    text = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if not text:
            text = line
        elif _BULLET_MARKER.match(line):
            text += "\n" + line
        elif _THAI_LETTER.match(line[0]) and _THAI_LETTER.match(text[-1]) and not _NUMBER_MARKER.match(line):
            text += line
        else:
            text += " " + line
    return text
