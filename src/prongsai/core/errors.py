"""The core's own exceptions. Each carries a Thai message for people and an English one for logs and the CLI."""

from __future__ import annotations

from dataclasses import dataclass


class ProngsaiError(Exception):
    """Base of every error the project raises on purpose. `str()` gives the Thai message."""

    def __init__(self, thai: str, english: str = "") -> None:
        super().__init__(thai)
        self.thai = thai
        self.english = english

    def __str__(self) -> str:
        return self.thai


class FrameworkError(ProngsaiError):
    """A framework file is malformed: names the file, the entry and the problem."""

    def __init__(self, origin: str, entry: str, thai: str, english: str) -> None:
        where = f"{origin}: {entry}" if entry else origin
        super().__init__(f"{where}: {thai}", f"{where}: {english}")
        self.origin = origin
        self.entry = entry


@dataclass(frozen=True)
class InputProblem:
    """One problem in a row of input; `row` is 1-based as a spreadsheet shows it, 0 when it concerns no row."""

    row: int
    thai: str
    english: str

    def describe(self, *, english: bool = False) -> str:
        text = self.english if english else self.thai
        if not self.row:
            return text
        return f"row {self.row}: {text}" if english else f"แถวที่ {self.row}: {text}"


class ScoreInputError(ProngsaiError):
    """Scores that cannot be used, with every problem found (not just the first)."""

    def __init__(self, problems: list[InputProblem]) -> None:
        self.problems = problems
        super().__init__(
            "ข้อมูลคะแนนไม่ถูกต้อง:\n" + "\n".join("- " + p.describe() for p in problems),
            "invalid scores:\n" + "\n".join("- " + p.describe(english=True) for p in problems),
        )


class TimeframeError(ProngsaiError):
    """A timeframe text that could not be read as a date range; keeps the original text."""

    def __init__(self, text: str, thai_reason: str, english_reason: str) -> None:
        super().__init__(
            f"อ่านระยะเวลา “{text}” ไม่ได้: {thai_reason}",
            f"cannot read the timeframe {text!r}: {english_reason}",
        )
        self.text = text


class DateError(ProngsaiError):
    """A date a person typed that could not be read as one day."""

    def __init__(self, text: str, thai_reason: str, english_reason: str) -> None:
        super().__init__(
            f"อ่านวันที่ “{text}” ไม่ได้: {thai_reason}", f"cannot read the date {text!r}: {english_reason}"
        )
        self.text = text


class ReadError(ProngsaiError):
    """A file that cannot be read at all: empty, binary, corrupt, too large, without the expected header."""
