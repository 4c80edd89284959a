"""Reads of the catalogue: search, the scores that tell an entry's effect, and suggestions for weaknesses.

Every function takes what the person may see (prongsai.web.access.catalogue_for_user and
catalogue_entries_for_user), never the table itself. The ranking is the same on SQLite and PostgreSQL because it is built of plain columns only:
measures whose text holds the query as typed first, then the measures the most organisations took (near-
duplicates grouped), then the newest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchVector, SearchVectorExact
from django.db import connection
from django.db.models import Case, F, IntegerField, QuerySet, Value, When
from django.db.models.expressions import RawSQL

from prongsai.core.analysis import Finding
from prongsai.core.catalogue import (
    Association,
    ScoreChange,
    YearChange,
    association,
    code_terms,
    content_words,
    query_terms,
    score_changes,
    search_terms,
    similarity,
)
from prongsai.web.access import CatalogueView
from prongsai.web.catalogue.models import CatalogueEntry
from prongsai.web.oversight.models import PublishedResult
from prongsai.web.programme.models import Result
from prongsai.web.programme.services import core_result

Narrowing = Callable[[QuerySet[CatalogueEntry]], QuerySet[CatalogueEntry]]
SUGGESTIONS_PER_WEAKNESS = 3
CANDIDATE_GROUPS = 25  # the most-taken texts per weakness that similarity then orders


@dataclass(frozen=True)
class SearchFilters:
    text: str = ""
    question: str = ""
    indicator: int | None = None
    tool: str = ""
    organisation_type: str = ""
    year: int | None = None
    outcome: str = ""


def matching_terms(entries: QuerySet[CatalogueEntry], terms: Sequence[str]) -> QuerySet[CatalogueEntry]:
    """Entries holding every one of `terms` (PostgreSQL's text search or SQLite's FTS5 over search_terms)."""
    if not terms:
        return entries
    if connection.vendor == "postgresql":
        # the same expression as the GIN indexes (migration 0002), tested on the table itself: a bitmap index scan
        return entries.filter(
            SearchVectorExact(
                SearchVector("search_terms", config="simple"),
                SearchQuery(" ".join(terms), config="simple", search_type="plain"),
            )
        )
    match = " ".join('"' + term.replace('"', '""') + '"' for term in terms)
    return entries.filter(
        id__in=RawSQL("SELECT rowid FROM catalogue_entry_fts WHERE catalogue_entry_fts MATCH %s", [match])
    )


def matching_text(entries: QuerySet[CatalogueEntry], text: str) -> QuerySet[CatalogueEntry]:
    """Entries holding every word of `text`."""
    return matching_terms(entries, query_terms(text))


def answering(entries: QuerySet[CatalogueEntry], code: str) -> QuerySet[CatalogueEntry]:
    """Entries answering a question or OIT item code, or an indicator given as its number ("7")."""
    if code.isdigit():
        return matching_terms(entries, code_terms([], int(code)))
    return matching_terms(entries, code_terms([code], None))


def filtered(entries: QuerySet[CatalogueEntry], filters: SearchFilters) -> QuerySet[CatalogueEntry]:
    entries = matching_text(entries, filters.text)
    if filters.question:
        entries = answering(entries, filters.question)
    if filters.indicator is not None:
        entries = entries.filter(indicator=filters.indicator)
    if filters.tool:
        entries = entries.filter(tool=filters.tool)
    if filters.organisation_type:
        entries = entries.filter(organisation_type=filters.organisation_type)
    if filters.year is not None:
        entries = entries.filter(fiscal_year=filters.year)
    if filters.outcome == "open":
        entries = entries.filter(status__in=("unknown", "in_progress"))
    elif filters.outcome:
        entries = entries.filter(status=filters.outcome)
    return entries


def _phrase_hit(phrase: str) -> Any:
    phrase = " ".join(phrase.split())
    if not phrase:
        return Value(0, output_field=IntegerField())
    return Case(When(title__icontains=phrase, then=Value(1)), default=Value(0), output_field=IntegerField())


def heads(view: CatalogueView, narrow: Narrowing = lambda entries: entries, phrase: str = "") -> Any:
    """Ranked rows, one per group of published copies (read from its head, counting its copies) and one per
    unpublished entry of the person's own, both narrowed alike (words, filters)."""

    def rows(entries: QuerySet[CatalogueEntry]) -> Any:
        return (
            narrow(entries)
            .order_by()
            .annotate(
                head=F("id"),
                count=Case(
                    When(group_head=True, then=F("group_size")), default=Value(1), output_field=IntegerField()
                ),
                hit=_phrase_hit(phrase),
                latest=F("fiscal_year"),
            )
            .values("head", "count", "hit", "latest")
        )

    return (
        rows(view.groups)
        .union(rows(view.unpublished), all=True)
        .order_by("-hit", "-count", "-latest", "-head")
    )


def search(view: CatalogueView, filters: SearchFilters) -> Any:
    """The ranked groups a search finds. A group is one text: its filters are read from its newest published
    copy, and it counts all its published copies."""
    return heads(view, lambda entries: filtered(entries, filters), filters.text)


@dataclass
class Found:
    """A group of near-duplicate entries as a page shows it: the newest entry, the count, its effect."""

    entry: CatalogueEntry
    count: int
    changes: list[ScoreChange] = field(default_factory=list)
    score: float = 0.0
    token: str = ""  # the one-time token of its "use this" form


def found_rows(rows: Iterable[Any]) -> list[Found]:
    rows = list(rows)
    heads = CatalogueEntry.objects.in_bulk([int(r["head"]) for r in rows])
    found = [Found(heads[int(r["head"])], int(r["count"])) for r in rows]
    attach_changes(found)
    return found


# --- effect -----------------------------------------------------------------------------------------------------


def entry_codes(entry: CatalogueEntry) -> list[str]:
    """The codes an entry answers: its questions and items, then its indicator's number."""
    return [*entry.questions, *([str(entry.indicator)] if entry.indicator else [])]


def scores_by_year(pairs: set[tuple[int, int]]) -> dict[tuple[int, int], dict[str, Decimal]]:
    """Each (organisation, assessed year)'s scores by code: the NACC's published indicator scores, overridden by
    the result the organisation entered (scored by the core: questions, items and indicators)."""
    if not pairs:
        return {}
    organisations = {o for o, _ in pairs}
    years = {y for _, y in pairs}
    scores: dict[tuple[int, int], dict[str, Decimal]] = {}
    for organisation_id, year, indicators in PublishedResult.objects.filter(
        organisation_id__in=organisations, fiscal_year__in=years
    ).values_list("organisation_id", "fiscal_year", "indicators"):
        if (organisation_id, year) in pairs:
            scores[organisation_id, year] = {str(k): Decimal(str(v)) for k, v in indicators.items()}
    for result in Result.objects.filter(organisation_id__in=organisations, fiscal_year__in=years):
        if (result.organisation_id, result.fiscal_year) not in pairs:
            continue
        scored = core_result(result)
        own = scores.setdefault((result.organisation_id, result.fiscal_year), {})
        own.update({str(n): s for n, s in scored.indicators.items()})
        own.update(scored.questions)
        own.update(scored.items)
    return scores


def attach_changes(found: Sequence[Found]) -> None:
    """Each found entry's change on the codes it answers, from the result it answered (year − 1) to the next."""
    with_organisation = [f for f in found if f.entry.organisation_id is not None]
    pairs = {
        (int(f.entry.organisation_id or 0), f.entry.fiscal_year + offset)
        for f in with_organisation
        for offset in (-1, 0)
    }
    scores = scores_by_year(pairs)
    for f in with_organisation:
        key = int(f.entry.organisation_id or 0)
        before = scores.get((key, f.entry.fiscal_year - 1))
        after = scores.get((key, f.entry.fiscal_year))
        if before and after:
            f.changes = score_changes(entry_codes(f.entry), before, after)


def code_association(entries: QuerySet[CatalogueEntry], code: str) -> Association:
    """Organisations that took a (visible) measure for `code` in a year against all others with results both
    years: the median change of their score on `code`."""
    took = {
        (o, y)
        for o, y in answering(entries, code)
        .filter(organisation__isnull=False)
        .values_list("organisation_id", "fiscal_year")
    }
    by_year: dict[tuple[int, int], dict[str, Decimal]] = {}
    if code.isdigit():
        for organisation_id, year, indicators in PublishedResult.objects.values_list(
            "organisation_id", "fiscal_year", "indicators"
        ):
            if code in indicators:
                by_year[organisation_id, year] = {code: Decimal(str(indicators[code]))}
    for result in Result.objects.all():
        scored = core_result(result)
        value = (
            scored.indicators.get(int(code))
            if code.isdigit()
            else scored.questions.get(code, scored.items.get(code))
        )
        if value is not None:
            by_year[result.organisation_id, result.fiscal_year] = {code: value}
    changes = [
        YearChange(organisation, year + 1, scores[code], by_year[organisation, year + 1][code])
        for (organisation, year), scores in by_year.items()
        if (organisation, year + 1) in by_year
    ]
    return association(code, changes, took)


# --- suggestions -----------------------------------------------------------------------------------------------


@dataclass
class WeaknessSuggestions:
    finding: Finding
    found: list[Found]


def _candidates(
    view: CatalogueView, pools: Sequence[str], exclude: Narrowing, limit: int
) -> list[list[dict[str, Any]]]:
    """For each code in `pools`, the `limit` most-copied groups answering it, with their words, and the person's
    own unpublished entries answering it. On PostgreSQL one statement for the groups of all the codes (UNION ALL
    of each code's top rows); SQLite allows no LIMIT inside a compound select: one per code there. The own
    entries are few: one query, matched to the codes by their terms."""
    columns = ("head", "count", "latest", "pool", "search_terms")
    tops = [
        answering(exclude(view.groups), code)
        .order_by()
        .annotate(head=F("id"), count=F("group_size"), latest=F("fiscal_year"), pool=Value(n, IntegerField()))
        .values(*columns)
        .order_by("-count", "-latest", "-head")[:limit]
        for n, code in enumerate(pools)
    ]
    if not tops:
        return []
    if connection.vendor == "postgresql":
        found = list(tops[0].union(*tops[1:], all=True))
    else:
        found = [row for top in tops for row in top]
    for own in exclude(view.unpublished).values("id", "fiscal_year", "search_terms"):
        terms = set(own["search_terms"].split())
        for n, code in enumerate(pools):
            wanted = code_terms([], int(code)) if code.isdigit() else code_terms([code], None)
            if terms.issuperset(wanted):
                found.append({"head": own["id"], "count": 1, "latest": own["fiscal_year"], "pool": n, **own})
    by_pool: list[list[dict[str, Any]]] = [[] for _ in pools]
    for row in found:
        by_pool[row["pool"]].append(row)
    for rows in by_pool:  # UNION ALL keeps no order
        rows.sort(key=lambda r: (-r["count"], -r["latest"], -r["head"]))
    return by_pool


def suggestions(
    view: CatalogueView,
    weaknesses: Sequence[Finding],
    *,
    organisation_id: int,
    fiscal_year: int,
    per_weakness: int = SUGGESTIONS_PER_WEAKNESS,
) -> list[WeaknessSuggestions]:
    """For each weakness: catalogue measures answering its question (or indicator) first, those whose text is
    most like the weakness's own first among them; then, if too few, measures of the same indicator most like
    it. The year's own measures are left out (they are already there)."""

    def exclude(entries: QuerySet[CatalogueEntry]) -> QuerySet[CatalogueEntry]:
        return entries.exclude(organisation_id=organisation_id, fiscal_year=fiscal_year)

    pools = [str(f.indicator) if f.kind == "indicator" else f.code for f in weaknesses]
    fills = [str(f.indicator) for f in weaknesses if f.kind != "indicator"]
    found_pools = _candidates(view, [*pools, *fills], exclude, CANDIDATE_GROUPS)
    fill_of = iter(found_pools[len(pools) :])
    chosen: list[tuple[Finding, list[tuple[int, int, float]]]] = []  # (head, count, similarity)
    for finding, rows in zip(weaknesses, found_pools, strict=False):
        wanted = content_words(search_terms(finding.name))
        ranked: list[tuple[int, int, float]] = []
        for candidates in (rows, [] if finding.kind == "indicator" else next(fill_of)):
            seen = {h for h, _, _ in ranked}
            scored = [
                (int(r["head"]), int(r["count"]), similarity(wanted, content_words(r["search_terms"])))
                for r in candidates
                if r["head"] not in seen
            ]
            scored.sort(key=lambda s: (-s[2], -s[1], -s[0]))
            ranked.extend(scored[: max(0, per_weakness - len(ranked))])
        chosen.append((finding, ranked))
    by_id = CatalogueEntry.objects.in_bulk([h for _, ranked in chosen for h, _, _ in ranked])
    result = [
        WeaknessSuggestions(finding, [Found(by_id[h], n, score=s) for h, n, s in ranked])
        for finding, ranked in chosen
    ]
    attach_changes([f for w in result for f in w.found])
    return result
