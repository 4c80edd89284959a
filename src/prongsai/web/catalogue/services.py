"""Writes of the catalogue: a catalogue measure taken into a year's measures ("ใช้มาตรการนี้"), and a batch of
public documents imported by the site administrator. Atomic, audited."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from prongsai.core.catalogue import duplicate_key
from prongsai.core.errors import ProngsaiError
from prongsai.core.model import Document
from prongsai.web.catalogue.models import CatalogueEntry
from prongsai.web.catalogue.sync import entry_terms, regroup
from prongsai.web.organisations.models import Organisation
from prongsai.web.programme.models import Measure
from prongsai.web.programme.services import Person, audit, claim_token, measure_create

USED_ALREADY = "นำมาตรการนี้ไปใช้แล้ว (ส่งแบบฟอร์มซ้ำ) ไม่ได้เพิ่มซ้ำอีก"


@transaction.atomic
def entry_use(
    *, entry: CatalogueEntry, organisation: Organisation, fiscal_year: int, token: str, user: Person
) -> Measure:
    """A new measure of the year, copied from a catalogue entry for the coordinator to edit; its one-time token
    makes a second sending (a double click) add nothing (AlreadyDoneError)."""
    claim_token(token, organisation=organisation, purpose="catalogue.use", thai=USED_ALREADY)
    measure = measure_create(
        organisation=organisation,
        fiscal_year=fiscal_year,
        fields={
            "group": "urgent",
            "tool": entry.tool,
            "indicator": entry.indicator,
            "questions": list(entry.questions),
            "title": entry.title,
            "steps": list(entry.steps),
        },
        units=[],
        user=user,
    )
    audit(
        organisation=organisation,
        user=user,
        action="catalogue.use",
        obj=measure,
        summary=f"เพิ่มมาตรการที่ {measure.number} จากคลังมาตรการ ({entry.source})"[:300],
        after={"catalogue_entry": entry.pk, "source": entry.source},
    )
    return measure


class CatalogueImportError(ProngsaiError):
    pass


def _organisation_for(document: Document) -> Organisation | None:
    """The organisation a public document is of, when exactly one has its name (and province, if stated)."""
    name = document.organisation.name
    if not name:
        return None
    found = Organisation.objects.filter(name=name)
    if document.organisation.province:
        found = found.filter(province=document.organisation.province)
    matches = list(found[:2])
    return matches[0] if len(matches) == 1 else None


@transaction.atomic
def entries_import(*, documents: Sequence[tuple[str, Document]], source: str, user: Person) -> dict[str, int]:
    """Measures of public documents (file name, read document) into the catalogue, public, with their source
    named. A measure already imported from the same source (same text, year and organisation) is not added
    again. Nothing is stored if any document lacks its fiscal year or has no measures."""
    source = " ".join(source.split())
    if not source:
        raise CatalogueImportError("กรุณาระบุแหล่งที่มาของเอกสาร (--source)", "name the documents' source")
    for name, document in documents:
        if document.fiscal_year is None:
            raise CatalogueImportError(
                f"{name}: ไม่พบปีงบประมาณในเอกสาร ไม่ได้นำเข้าไฟล์ใดเลย", f"{name}: no fiscal year found"
            )
        if not document.measures:
            raise CatalogueImportError(
                f"{name}: ไม่พบมาตรการในเอกสาร ไม่ได้นำเข้าไฟล์ใดเลย", f"{name}: no measures found"
            )
    counts = {"added": 0, "skipped": 0}
    keys: set[str] = set()
    for name, document in documents:
        organisation = _organisation_for(document)
        where = f"{source}: {name}"[:300]
        for measure in document.measures:
            key = duplicate_key(measure.measure)
            year = int(document.fiscal_year or 0)
            if CatalogueEntry.objects.filter(
                origin="imported",
                source=where,
                duplicate_key=key,
                fiscal_year=year,
                organisation_name=document.organisation.name or "",
            ).exists():
                counts["skipped"] += 1
                continue
            keys.add(key)
            CatalogueEntry.objects.create(
                origin="imported",
                organisation=organisation,
                organisation_name=(document.organisation.name or "")[:200],
                organisation_type=(document.organisation.type or "")[:8],
                province=(document.organisation.province or "")[:100],
                fiscal_year=year,
                title=measure.measure,
                steps=list(measure.steps),
                tool=measure.tool or "",
                indicator=measure.indicator.number if measure.indicator else None,
                questions=list(measure.questions),
                status=measure.status,
                source=where,
                public=True,
                search_terms=entry_terms(
                    measure.measure,
                    measure.steps,
                    measure.questions,
                    measure.indicator.number if measure.indicator else None,
                ),
                duplicate_key=key,
            )
            counts["added"] += 1
    regroup(keys)
    audit(
        organisation=None,
        user=user,
        action="catalogue.import",
        obj=CatalogueEntry(),
        summary=f"นำเข้าคลังมาตรการ {counts['added']} รายการจาก {len(documents)} ไฟล์ ({source})"[:300],
        after={"source": source, "files": [n for n, _ in documents], **counts},
    )
    return counts
