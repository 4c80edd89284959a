"""The one converter between the web's rows of a measure and the core's `Measure`, both ways.

The official reports are made from rows (`to_core`); a read report becomes rows (`from_core`). A field of a
measure is mapped here and nowhere else, so that a new one is added in one place (and the round trip in
tests/web/test_convert.py shows it if it is not).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prongsai.core import model
from prongsai.core.vocabulary import MEASURE_GROUP
from prongsai.web.programme.models import Measure

# A group of the core is "urgent", "develop", or a section's own words, which the web keeps as the "theme" group
# with those words as its theme.
THEME = "theme"


def core_group(group: str, theme: str) -> str | None:
    return (theme if group == THEME else group) or None


def row_group(group: str | None) -> tuple[str, str]:
    """The row's group and theme for a core group (no group: none, kept blank)."""
    if group is None:
        return "", ""
    if group in MEASURE_GROUP and group != THEME:
        return group, ""
    return THEME, group


def to_core(row: Measure, indicator_names: dict[int, str]) -> model.Measure:
    """A measure row (with its units' parents and its progress prefetched) as the core's measure."""
    units = [
        model.Responsible(u.parent.name, u.name) if u.parent else model.Responsible(u.name)
        for u in row.units.all()
    ]
    entries = sorted(row.progress.all(), key=lambda e: (e.date, e.pk))
    timeframe = (
        model.MeasureTimeframe(row.timeframe_text, row.start, row.end)
        if row.timeframe_text or row.start or row.end
        else None
    )
    return model.Measure(
        number=row.number,
        group=core_group(row.group, row.theme),
        tool=row.tool or None,
        indicator=model.IndicatorRef(row.indicator, indicator_names.get(row.indicator, ""))
        if row.indicator
        else None,
        questions=list(row.questions),
        issue=row.issue or None,
        measure=row.title,
        steps=list(row.steps),
        responsible=units,
        timeframe=timeframe,
        progress="\n".join(e.text for e in entries) or None,
        status=row.status,  # type: ignore[arg-type]
        summary=row.summary or None,
        suggestions=row.suggestions or None,
    )


@dataclass(frozen=True)
class ImportedMeasure:
    """A core measure as a row's fields and its units (unit, section), before it is saved."""

    fields: dict[str, Any]
    units: Sequence[tuple[str, str | None]]


def from_core(measure: model.Measure) -> ImportedMeasure:
    """The row's fields of a core measure (its progress text is the caller's: it becomes a dated entry)."""
    group, theme = row_group(measure.group)
    timeframe = measure.timeframe
    return ImportedMeasure(
        fields={
            "number": measure.number,
            "group": group,
            "theme": theme,
            "tool": measure.tool or "",
            "indicator": measure.indicator.number if measure.indicator else None,
            "questions": list(measure.questions),
            "issue": measure.issue or "",
            "title": measure.measure,
            "steps": list(measure.steps),
            "timeframe_text": timeframe.text if timeframe else "",
            "start": timeframe.start if timeframe else None,
            "end": timeframe.end if timeframe else None,
            "status": measure.status,
            "summary": measure.summary or "",
            "suggestions": measure.suggestions or "",
        },
        units=[(u.unit, u.section) for u in measure.responsible],
    )
