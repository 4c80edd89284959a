"""The catalogue of measures (คลังมาตรการ): the words a measure is found by, which measures are copies of one
another, how alike two measures are, and what happened to the scores they answered.

Search terms. Thai is written without spaces between words, so a measure's text is cut into dictionary words
(PyThaiNLP's newmm) and each compound word also gives the dictionary words inside it, cut at syllables:
"การร้องเรียน" is found by "ร้องเรียน", "จัดซื้อจัดจ้าง" by "จัดซื้อ". A query is cut the same way and every one
of its words must be found. The database's full-text index holds these terms, space-separated.

Effect. A measure of fiscal year Y answers the result assessed in Y − 1 (the analysis of that result is where
it comes from); the result assessed in Y is the first one it can have moved. The change is that of each question
and indicator the measure answers. Across many measures, organisations that took a measure for a question are
compared with those that did not by the median change of that question's score: an association, not proof
(organisations that act may differ in other ways).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache

from pythainlp.corpus import thai_stopwords, thai_words

from prongsai.core.thai import syllables, to_arabic_digits, words

_LEADING_NUMBER = re.compile(r"^\s*(?:[0-9๐-๙]+[.)]\s*)+")


@cache
def _dictionary() -> frozenset[str]:
    return frozenset(thai_words())


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(thai_stopwords())


def _clean(token: str) -> str:
    """A term as stored: letters, marks and digits only (Thai digits as Arabic), lower case."""
    token = to_arabic_digits(unicodedata.normalize("NFC", token)).lower()
    return "".join(c for c in token if unicodedata.category(c)[0] in "LMN")


def _inner_words(word: str) -> list[str]:
    """The dictionary words inside a compound word, each a run of its syllables ("การร้องเรียน" → การ, ร้อง,
    เรียน, ร้องเรียน, …); nothing for a word of one syllable."""
    pieces = syllables(word)
    if len(pieces) < 2 or len(pieces) > 12:  # a run of 12 syllables is not a word: no quadratic blow-up
        return []
    found: list[str] = []
    dictionary = _dictionary()
    for start in range(len(pieces)):
        for end in range(start + 1, len(pieces) + 1):
            if end - start == len(pieces):
                continue
            candidate = "".join(pieces[start:end])
            if candidate in dictionary or end - start == 1:
                found.append(candidate)
    return found


def query_terms(text: str) -> list[str]:
    """The words of a search query, in order, without repeats: all of them must be found."""
    seen: dict[str, None] = {}
    for word in words(text):
        term = _clean(word)
        if term:
            seen.setdefault(term, None)
    return list(seen)


def search_terms(*texts: str) -> str:
    """The terms a measure is found by (its words and the words inside its compound words), space-separated,
    each once: the column the full-text index reads."""
    seen: dict[str, None] = {}
    for text in texts:
        for word in words(text):
            term = _clean(word)
            if not term:
                continue
            seen.setdefault(term, None)
            for inner in _inner_words(term):
                seen.setdefault(_clean(inner), None)
    seen.pop("", None)
    return " ".join(seen)


def code_terms(questions: Iterable[str], indicator: int | None) -> list[str]:
    """The terms that find a measure by what it answers: "qi7" for question i7, "qo12" for item O12, "ind2" for
    indicator 2 (letters and digits only, so that every full-text tokeniser keeps each whole)."""
    terms = [_clean("q" + str(code)) for code in questions if str(code).strip()]
    if indicator is not None:
        terms.append(f"ind{int(indicator)}")
    return list(dict.fromkeys(t for t in terms if len(t) > 1))


def duplicate_key(text: str) -> str:
    """The same for two measures that differ only in spaces, punctuation, numbering or digits: a copy of a copy
    is grouped with its original."""
    text = _LEADING_NUMBER.sub("", unicodedata.normalize("NFC", text))
    kept = "".join(c for c in text.lower() if unicodedata.category(c)[0] in "LM")
    return hashlib.sha1(kept.encode("utf-8")).hexdigest()[:20]


@lru_cache(maxsize=4096)  # the same catalogue texts come back on every analysis page
def content_words(terms: str) -> frozenset[str]:
    """The terms that say something (no stop words, no single letters): what similarity compares."""
    found = frozenset(terms.split()) - _stopwords()  # set operations: this runs over every candidate's terms
    return frozenset(t for t in found if len(t) > 1)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Dice's coefficient of two sets of content words: 1 for the same words, 0 for none shared."""
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


# --- effect -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreChange:
    """One answered question or indicator: its score in the result the measure answered and in the next one."""

    code: str
    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before

    def describe(self) -> str:
        """ "e15: 72.10 → 88.40, +16.30"."""
        sign = "+" if self.delta > 0 else ""
        return f"{self.code}: {self.before:.2f} → {self.after:.2f}, {sign}{self.delta:.2f}"


def score_changes(
    codes: Sequence[str], before: Mapping[str, Decimal], after: Mapping[str, Decimal]
) -> list[ScoreChange]:
    """The change of each code scored in both results, in the order given (codes scored in only one are left out:
    there is no change to state)."""
    return [ScoreChange(c, before[c], after[c]) for c in dict.fromkeys(codes) if c in before and c in after]


def median(values: Sequence[Decimal]) -> Decimal:
    """The middle value (the mean of the two middle ones for an even count); raises on none."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Association:
    """For one question or indicator: the median change of its score in organisations that took a measure for it
    that year against those that did not. `difference` is None unless both groups have someone."""

    code: str
    with_count: int
    with_median: Decimal | None
    without_count: int
    without_median: Decimal | None

    @property
    def difference(self) -> Decimal | None:
        if self.with_median is None or self.without_median is None:
            return None
        return self.with_median - self.without_median


@dataclass(frozen=True)
class YearChange:
    """An organisation's score on one code from the result of year − 1 to that of `year`."""

    organisation: int
    year: int  # the fiscal year of the measures that could have moved it
    before: Decimal
    after: Decimal


def association(code: str, changes: Iterable[YearChange], took: set[tuple[int, int]]) -> Association:
    """Split the organisations' changes by whether (organisation, year) took a measure for `code`."""
    with_measure: list[Decimal] = []
    without_measure: list[Decimal] = []
    for change in changes:
        delta = change.after - change.before
        (with_measure if (change.organisation, change.year) in took else without_measure).append(delta)
    return Association(
        code,
        len(with_measure),
        median(with_measure) if with_measure else None,
        len(without_measure),
        median(without_measure) if without_measure else None,
    )
