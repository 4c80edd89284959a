"""Keeping the catalogue in step with the measures: the programme's services call these inside their own
transaction, so an entry never outlives or lags its measure. Only what changed is tokenised again."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q

from prongsai.core.catalogue import duplicate_key, search_terms
from prongsai.web.catalogue.models import CatalogueAnswer, CatalogueEntry
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


def answer_codes(questions: Iterable[str]) -> list[str]:
    return [str(q).strip()[:10] for q in dict.fromkeys(questions) if str(q).strip()]


def entries_sync_measures(measure_ids: Iterable[int]) -> None:
    """Create or update the entries of these measures (their text, codes, outcome, visibility)."""
    measures = list(Measure.objects.filter(pk__in=list(measure_ids)).select_related("organisation"))
    if not measures:
        return
    published = published_years({m.organisation_id for m in measures})
    existing = {e.measure_id: e for e in CatalogueEntry.objects.filter(measure__in=measures)}
    for measure in measures:
        organisation: Organisation = measure.organisation
        entry = existing.get(measure.pk) or CatalogueEntry(origin="measure", measure=measure)
        text_changed = entry.pk is None or (entry.title, entry.steps) != (measure.title, measure.steps)
        codes_changed = entry.pk is None or entry.questions != measure.questions
        entry.organisation = organisation
        entry.organisation_name = organisation.name
        entry.organisation_type = organisation.type
        entry.province = organisation.province
        entry.fiscal_year = measure.fiscal_year
        entry.title = measure.title
        entry.steps = list(measure.steps)
        entry.tool = measure.tool
        entry.indicator = measure.indicator
        entry.questions = list(measure.questions)
        entry.status = measure.status
        entry.source = f"{organisation.name} ปีงบประมาณ {measure.fiscal_year} มาตรการที่ {measure.number}"
        entry.public = (organisation.pk, measure.fiscal_year) in published
        if text_changed:
            entry.search_terms = search_terms(entry_text(measure.title, measure.steps))
            entry.duplicate_key = duplicate_key(measure.title)
        entry.save()
        if codes_changed:
            entry.answers.all().delete()
            CatalogueAnswer.objects.bulk_create(
                CatalogueAnswer(entry=entry, code=c) for c in answer_codes(measure.questions)
            )


def entries_publish_year(organisation: Organisation, fiscal_year: int) -> int:
    """The year's entries become visible to everyone (its document was just published)."""
    return CatalogueEntry.objects.filter(
        Q(organisation=organisation, fiscal_year=fiscal_year, origin="measure") & Q(public=False)
    ).update(public=True)
