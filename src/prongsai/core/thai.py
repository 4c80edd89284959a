"""Thai conventions of official documents: digits, Buddhist Era years, dates, fiscal years, words.

The fiscal year (ปีงบประมาณ) runs 1 October – 30 September and is named by the BE year it ends in:
FY 2566 is 1 Oct 2022 – 30 Sep 2023.
"""

from __future__ import annotations

import datetime as dt
import threading
from importlib.resources import as_file, files
from typing import Literal

from pythainlp.tokenize import subword_tokenize, word_tokenize
from pythainlp.tokenize.nlpo3 import load_dict, segment
from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime
from pythainlp.util.date import thai_abbr_months, thai_full_months

BE_OFFSET = 543
FULL_MONTHS: tuple[str, ...] = tuple(thai_full_months)
ABBREVIATED_MONTHS: tuple[str, ...] = tuple(thai_abbr_months)

_SYLLABLES = "prongsai-syllables"  # the name nlpO3 keeps PyThaiNLP's syllable dictionary under

DateStyle = Literal["full", "medium", "short", "month_year", "short_month_year"]
_FORMATS: dict[str, str] = {
    "full": "%-d %B %Y",  # ๕ ตุลาคม ๒๕๖๔
    "medium": "%-d %b %Y",  # ๕ ต.ค. ๒๕๖๔
    "short": "%-d %b %y",  # ๕ ต.ค. ๖๔
    "month_year": "%B %Y",  # ตุลาคม ๒๕๖๔
    "short_month_year": "%b %y",  # ต.ค. ๖๔
}


def words(text: str) -> list[str]:
    """The text cut into dictionary words, spaces kept: the places a Thai line may break. Joined again they give
    the text back unchanged. PyThaiNLP's newmm as nlpO3 runs it (its Rust build, same dictionary): 5× faster
    than the Python newmm on report text, which matters when every cell of a report is cut."""
    return list(word_tokenize(text, engine="nlpo3", keep_whitespace=True, join_broken_num=False))


_syllables_loaded = threading.Event()
_syllables_loading = threading.Lock()


def _syllable_dictionary() -> str:
    """PyThaiNLP's dictionary of syllables, loaded into nlpO3 once: 8 ms, where PyThaiNLP builds its own in 0.4 s.
    Once per process, under a lock: nlpO3 refuses to load a name twice, so the second of two threads loading it
    at once would fail (the first documents rendered after a start)."""
    if not _syllables_loaded.is_set():
        with _syllables_loading:
            if not _syllables_loaded.is_set():
                with as_file(files("pythainlp.corpus").joinpath("syllables_th.txt")) as path:
                    if not load_dict(str(path), _SYLLABLES):
                        raise RuntimeError("nlpO3 could not load PyThaiNLP's syllable dictionary")
                _syllables_loaded.set()
    return _SYLLABLES


def syllables(text: str) -> list[str]:
    """The text cut into syllables by PyThaiNLP's dictionary of them (its newmm, as nlpO3 runs it):
    ความ|พึง|พอ|ใจ. A run it does not know stays whole."""
    return list(segment(text, custom_dict=_syllable_dictionary()))


def clusters(text: str) -> list[str]:
    """The text cut into Thai character clusters (PyThaiNLP's TCC), the smallest pieces a line may never split:
    a letter with its vowels and tone marks stays together. Other scripts come out a character at a time."""
    return list(subword_tokenize(text, engine="tcc", keep_whitespace=True))


def to_thai_digits(text: str) -> str:
    """'2564' → '๒๕๖๔'; other characters unchanged."""
    return str(arabic_digit_to_thai_digit(text))


def to_arabic_digits(text: str) -> str:
    """'๒๕๖๔' → '2564'; other characters unchanged."""
    return str(thai_digit_to_arabic_digit(text))


def be_to_ce(year: int) -> int:
    """Buddhist Era year → Common Era year (2566 → 2023)."""
    return year - BE_OFFSET


def ce_to_be(year: int) -> int:
    """Common Era year → Buddhist Era year (2023 → 2566)."""
    return year + BE_OFFSET


def format_date(date: dt.date, style: DateStyle = "full", *, thai_digits: bool = True) -> str:
    """A date the government way: "๕ ตุลาคม ๒๕๖๔" (full), "๕ ต.ค. ๖๔" (short), "ต.ค. ๖๔" (short_month_year)."""
    return str(
        thai_strftime(dt.datetime(date.year, date.month, date.day), _FORMATS[style], thaidigit=thai_digits)
    )


def format_month_range(start: dt.date, end: dt.date, *, thai_digits: bool = True) -> str:
    """A timeframe known only by its dates, as the reports print it: "ต.ค. ๖๗ - ก.ย. ๖๘"."""
    return (
        f"{format_date(start, 'short_month_year', thai_digits=thai_digits)} - "
        f"{format_date(end, 'short_month_year', thai_digits=thai_digits)}"
    )


def fiscal_year(date: dt.date) -> int:
    """The fiscal year (BE) a date falls in: 5 Oct 2021 → 2565."""
    return ce_to_be(date.year + 1 if date.month >= 10 else date.year)


def fiscal_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    """First and last day of fiscal year `year` (BE): 2566 → (2022-10-01, 2023-09-30)."""
    ce = be_to_ce(year)
    return dt.date(ce - 1, 10, 1), dt.date(ce, 9, 30)
