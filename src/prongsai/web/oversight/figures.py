"""The overview's figures, read from the overview rows with a few grouped queries (their number does not grow
with the number of organisations). Scores are kept in hundredths, so sums are exact; averages are rounded half
up to two decimals, as the NACC publishes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Min, Q, QuerySet, Sum

from prongsai.web.access import OverviewArea
from prongsai.web.frameworks import registry
from prongsai.web.oversight.models import OverviewRow
from prongsai.web.programme.models import Result

INDICATORS = range(1, 11)


def average(total_hundredths: int | None, count: int) -> Decimal | None:
    if not count or total_hundredths is None:
        return None
    return (Decimal(total_hundredths) / count / 100).quantize(Decimal("0.01"), ROUND_HALF_UP)


def share(part: int, whole: int) -> Decimal | None:
    return (Decimal(part * 100) / whole).quantize(Decimal("0.01"), ROUND_HALF_UP) if whole else None


@dataclass(frozen=True)
class Summary:
    label: str
    count: int
    average: Decimal | None
    passed: int
    share_passed: Decimal | None


def rows_of(area: OverviewArea, year: int | None = None) -> QuerySet[OverviewRow]:
    rows = OverviewRow.objects.filter(area.organisations())
    return rows if year is None else rows.filter(fiscal_year=year)


def _summaries(rows: QuerySet[OverviewRow], by: str) -> list[Summary]:
    grouped = rows.values(by).annotate(
        n=Count("pk"), total=Sum("total"), passed=Count("pk", filter=Q(passed=True))
    )
    return [
        Summary(str(g[by]), g["n"], average(g["total"], g["n"]), g["passed"], share(g["passed"], g["n"]))
        for g in grouped.order_by(by)
    ]


def sub_areas(area: OverviewArea, year: int) -> list[Summary]:
    """The provinces of the country, or the districts of a province (none inside a district)."""
    if area.district:
        return []
    return _summaries(rows_of(area, year), "district" if area.province else "province")


def by_grade(area: OverviewArea, year: int) -> list[Summary]:
    """The distribution by level or rating, in the order of the year's framework."""
    found = {s.label: s for s in _summaries(rows_of(area, year), "grade")}
    framework = registry().for_year(year)
    order = (
        [b.label for b in framework.grading.bands] + [r.label for r in framework.grading.rules]
        if framework
        else []
    )
    return [found.pop(label) for label in order if label in found] + sorted(
        found.values(), key=lambda s: s.label
    )


def by_type(area: OverviewArea, year: int) -> list[Summary]:
    return _summaries(rows_of(area, year), "type")


def trend(area: OverviewArea) -> list[Summary]:
    return _summaries(rows_of(area), "fiscal_year")


@dataclass(frozen=True)
class IndicatorAverage:
    number: int
    name: str
    average: Decimal | None
    count: int


def year_figures(area: OverviewArea, year: int) -> tuple[Summary, list[IndicatorAverage], dt.datetime | None]:
    """In one pass over the area's rows of the year: the summary, each indicator's average, and when the rows
    were last refreshed (the oldest)."""
    found = rows_of(area, year).aggregate(
        n=Count("pk"),
        total=Sum("total"),
        passed=Count("pk", filter=Q(passed=True)),
        refreshed=Min("refreshed_at"),
        **{f"s{n}": Sum(f"i{n}") for n in INDICATORS},
        **{f"c{n}": Count(f"i{n}") for n in INDICATORS},
    )
    summary = Summary(
        "",
        found["n"],
        average(found["total"], found["n"]),
        found["passed"],
        share(found["passed"], found["n"]),
    )
    framework = registry().for_year(year)
    names = {i.number: i.name for i in framework.indicators} if framework else {}
    indicators = [
        IndicatorAverage(n, names.get(n, ""), average(found[f"s{n}"], found[f"c{n}"]), found[f"c{n}"])
        for n in INDICATORS
    ]
    return summary, indicators, found["refreshed"]


@dataclass(frozen=True)
class QuestionAverage:
    code: str
    text: str
    average: Decimal
    count: int


def weakest_questions(area: OverviewArea, year: int, limit: int = 5) -> list[QuestionAverage]:
    """Across the organisations that entered question scores in Prongsai (the national files hold indicators)."""
    sums: dict[str, Decimal] = {}
    counts: dict[str, int] = {}
    for scores in Result.objects.filter(
        Q(fiscal_year=year) & area.organisations("organisation__")
    ).values_list("scores", flat=True):
        for code, value in scores.items():
            if code[:1] in ("i", "e"):
                try:
                    number = Decimal(str(value))
                except ArithmeticError:
                    continue
                sums[code] = sums.get(code, Decimal(0)) + number
                counts[code] = counts.get(code, 0) + 1
    framework = registry().for_year(year)
    texts = {q.code: q.text for q in framework.questions} if framework else {}
    averages = [
        QuestionAverage(
            code,
            texts.get(code, ""),
            (sums[code] / counts[code]).quantize(Decimal("0.01"), ROUND_HALF_UP),
            counts[code],
        )
        for code in sums
    ]
    return sorted(averages, key=lambda q: (q.average, q.code))[:limit]


SORTS = {
    "score": "-total",
    "-score": "total",
    "name": "organisation__name",
    "district": "district",
    "change": "-change",
}


def ranking(area: OverviewArea, year: int, *, sort: str = "score", search: str = "") -> QuerySet[OverviewRow]:
    """The organisations of the area in the year, sorted and searched (by name)."""
    from django.db.models import F

    rows = (
        rows_of(area, year).select_related("organisation").annotate(change=F("total") - F("previous_total"))
    )
    if search:
        rows = rows.filter(organisation__name__icontains=search.strip())
    return rows.order_by(SORTS.get(sort, "-total"), "organisation__name")
