"""When a submitted version no longer stands: the year's data changed, decided from the data rows themselves.

A version records, when it is submitted, a hash of the rows its document is made from (not of the composed
text, which a change of software or wording would change). The services that write those rows call
`void_changed_versions` in their own transaction, so approvals given to one set of data never carry over to
another; reading a page never writes.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from typing import Any

from prongsai.web.organisations.models import AuditEntry, Organisation
from prongsai.web.programme.models import (
    MEASURE_OUTCOME_FIELDS,
    MEASURE_PLAN_FIELDS,
    Analysis,
    Measure,
    Result,
)
from prongsai.web.publication.models import DocumentVersion

VOID_REASON = "ข้อมูลของปีเปลี่ยนหลังส่ง ({change}) ต้องส่งฉบับใหม่"


def year_data(organisation: Organisation, year: int, kind: str) -> dict[str, Any]:
    """The rows the year's document of `kind` is made from: the ITA results it states (the assessed year and
    the one before, for the change), the measures' plan (the analysis lists them under the weaknesses they
    answer), and for the analysis its texts, for the implementation report the outcomes and progress."""
    if kind == "complaints":  # the statistics document states the year's complaints, not results or measures
        from prongsai.web.complaints.services import statistics_for

        return {"complaints": statistics_for(organisation, year).to_dict()}
    results = Result.objects.filter(organisation=organisation, fiscal_year__in=[year - 1, year - 2])
    data: dict[str, Any] = {
        "results": [[r.fiscal_year, r.framework_version, r.scores] for r in results.order_by("fiscal_year")]
    }
    if kind == "analysis":
        texts = Analysis.objects.filter(organisation=organisation, fiscal_year=year).first()
        data["analysis"] = [texts.analysis_text, texts.practice_text] if texts else None
    fields = MEASURE_PLAN_FIELDS + (MEASURE_OUTCOME_FIELDS if kind == "implementation" else ())
    measures = []
    for measure in (
        Measure.objects.filter(organisation=organisation, fiscal_year=year)
        .prefetch_related("units__parent", "progress")
        .order_by("number", "id")
    ):
        row: dict[str, Any] = {name: getattr(measure, name) for name in fields}
        row["units"] = sorted([u.parent.name if u.parent else "", u.name] for u in measure.units.all())
        if kind == "implementation":
            row["progress"] = [
                [e.date, e.text] for e in sorted(measure.progress.all(), key=lambda e: (e.date, e.pk))
            ]
        measures.append(row)
    data["measures"] = measures
    return data


def year_data_hash(organisation: Organisation, year: int, kind: str) -> str:
    text = json.dumps(year_data(organisation, year, kind), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def void_changed_versions(*, organisation: Organisation, years: Iterable[int], change: str) -> int:
    """Void the open (pending or approved, unpublished) versions of `years` whose data is no longer what was
    submitted; `change` says what changed (the caller's audit summary). Call inside the writing transaction.

    A version submitted before versions recorded their data hash (an empty one) is voided by any write.
    """
    count = 0
    hashes: dict[tuple[int, str], str] = {}
    candidates = DocumentVersion.objects.filter(
        organisation=organisation,
        fiscal_year__in=list(years),
        status__in=[DocumentVersion.PENDING, DocumentVersion.APPROVED],
        publication__isnull=True,
    ).order_by("pk")
    for version in candidates:
        key = (version.fiscal_year, version.kind)
        if key not in hashes:
            hashes[key] = year_data_hash(organisation, *key)
        if hashes[key] == version.data_hash:
            continue
        count += void_version(version, VOID_REASON.format(change=change[:200]), hashes[key])
    return count


def void_version(version: DocumentVersion, reason: str, current_hash: str) -> int:
    """Void one open version (1), or nothing (0) when it was decided or voided meanwhile."""
    voided = DocumentVersion.objects.filter(
        pk=version.pk, status__in=[DocumentVersion.PENDING, DocumentVersion.APPROVED]
    ).update(status=DocumentVersion.VOID, void_reason=reason[:300])
    if voided:
        AuditEntry.objects.create(
            organisation=version.organisation,
            user=None,
            action="version.void",
            object_type="DocumentVersion",
            object_id=str(version.pk),
            summary=f"{version}: {reason}"[:300],
            before={"data_hash": version.data_hash},
            after={"data_hash": current_hash},
        )
    return voided


def void_if_data_changed(version: DocumentVersion) -> DocumentVersion:
    """Before a decision or a publication: a version whose data changed (a write that raced its submission)
    is voided now. A version without a data hash (submitted before they had one) is left as it stands."""
    if not version.data_hash or version.status not in (DocumentVersion.PENDING, DocumentVersion.APPROVED):
        return version
    current = year_data_hash(version.organisation, version.fiscal_year, version.kind)
    if current != version.data_hash:
        void_version(version, VOID_REASON.format(change="ข้อมูลเปลี่ยนระหว่างส่ง"), current)
        version.refresh_from_db()
    return version
