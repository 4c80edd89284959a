"""What every reader produces: paragraphs and tables in reading order, each with where it came from.

The interpreter (`prongsai.ingest.interpret`) reads meaning from these, so a new file format needs only a
reader that yields blocks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Paragraph:
    text: str
    origin: str  # "line 12", "page 2", "paragraph 7"


@dataclass(frozen=True)
class Table:
    rows: list[list[str]]
    origin: str  # "table 2", "line 40"
    row_origins: list[str]


Block = Paragraph | Table
