"""Keeping the catalogue in step with the measures: the programme's services call these inside their own
transaction, so an entry never outlives or lags its measure. Only what changed is tokenised again."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count, Max, Q

from prongsai.core.catalogue import code_terms, duplicate_key, search_terms
from prongsai.web.catalogue.models import CatalogueEntry
from prongsai.web.organisations.models import Organisation
from prongsai.web.programme.models import Measure
from prongsai.web.publication.models import Publication

# A year counts as published once a document of its measures or their implementation is (the complaint
# statistics say nothing about measures).
MEASURE_DOCUMENTS = ("analysis", "measures", "implementation")


def published_years(organisation_ids: Iterable[int]) -> set[tuple[int, int]]:
    """(organisation, fiscal year) pairs with a published document about their measures."""
    return set(
        Publication.objects.filter(
            version__organisation_id__in=list(organisation_ids), version__kind__in=MEASURE_DOCUMENTS
        ).values_list("version__organisation_id", "version__fiscal_year")
    )


def entry_text(title: str, steps: Iterable[str]) -> str:
    return "\n".join([title, *steps])


def entry_terms(title: str, steps: Iterable[str], questions: Iterable[str], indicator: int | None) -> str:
    """The full-text column: the text's words, then the terms of the codes it answers."""
    return " ".join([search_terms(entry_text(title, steps)), *code_terms(questions, indicator)]).strip()


def regroup(keys: Iterable[str]) -> None:
    """Make the newest public entry of each text the head of its group, counting the group's public entries."""
    for key in set(keys):
        group = CatalogueEntry.objects.filter(duplicate_key=key, public=True).aggregate(
            size=Count("id"), newest=Max("id")
        )
        CatalogueEntry.objects.filter(duplicate_key=key, group_head=True).exclude(pk=group["newest"]).update(
            group_head=False, group_size=0
        )
        if group["newest"] is not None:
            CatalogueEntry.objects.filter(pk=group["newest"]).update(
                group_head=True, group_size=group["size"]
            )


def entries_sync_measures(measure_ids: Iterable[int]) -> None:
    """Create or update the entries of these measures (their text, codes, outcome, visibility)."""
    measures = list(Measure.objects.filter(pk__in=list(measure_ids)).select_related("organisation"))
    if not measures:
        return
    published = published_years({m.organisation_id for m in measures})
    existing = {e.measure_id: e for e in CatalogueEntry.objects.filter(measure__in=measures)}
    keys: set[str] = set()
    for measure in measures:
        organisation: Organisation = measure.organisation
        entry = existing.get(measure.pk) or CatalogueEntry(origin="measure", measure=measure)
        keys.add(entry.duplicate_key)
        entry.organisation = organisation
        entry.organisation_name = organisation.name
        entry.organisation_type = organisation.type
        entry.province = organisation.province
        entry.fiscal_year = measure.fiscal_year
        changed = (entry.title, entry.steps, entry.questions, entry.indicator) != (
            measure.title,
            measure.steps,
            measure.questions,
            measure.indicator,
        )
        entry.title = measure.title
        entry.steps = list(measure.steps)
        entry.tool = measure.tool
        entry.indicator = measure.indicator
        entry.questions = list(measure.questions)
        entry.status = measure.status
        entry.source = f"{organisation.name} ปีงบประมาณ {measure.fiscal_year} มาตรการที่ {measure.number}"
        entry.public = (organisation.pk, measure.fiscal_year) in published
        if changed or not entry.pk:  # tokenising is the costly part: only when the words or codes changed
            entry.search_terms = entry_terms(
                measure.title, measure.steps, measure.questions, measure.indicator
            )
            entry.duplicate_key = duplicate_key(measure.title)
        keys.add(entry.duplicate_key)
        entry.save()
    regroup(keys - {""})


def entries_publish_year(organisation: Organisation, fiscal_year: int) -> int:
    """The year's entries become visible to everyone (its document was just published)."""
    entries = CatalogueEntry.objects.filter(
        Q(organisation=organisation, fiscal_year=fiscal_year, origin="measure") & Q(public=False)
    )
    keys = set(entries.values_list("duplicate_key", flat=True))
    opened = entries.update(public=True)
    regroup(keys)
    return opened
