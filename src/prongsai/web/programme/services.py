"""Writes of the programme: each atomic, each recorded in the audit trail with its values before and after.

Views validate with a form, authorise through `prongsai.web.access`, then call one of these.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Max

from prongsai.core.analysis import Analysis as CoreAnalysis
from prongsai.core.analysis import analyse
from prongsai.core.errors import ProngsaiError
from prongsai.core.model import Document
from prongsai.core.scoring import Result as CoreResult
from prongsai.core.scoring import ScoreRow, compute_result, scores_from_rows
from prongsai.web.catalogue.sync import entries_sync_measures
from prongsai.web.frameworks import registry
from prongsai.web.organisations.models import AuditEntry, Organisation, Unit
from prongsai.web.programme.convert import ImportedMeasure as ImportedMeasure  # the views import it from here
from prongsai.web.programme.convert import from_core
from prongsai.web.programme.models import (
    MEASURE_OUTCOME_FIELDS,
    MEASURE_PLAN_FIELDS,
    Analysis,
    Evidence,
    Measure,
    MeasureNumbering,
    ProgressEntry,
    Result,
    UsedToken,
)
from prongsai.web.publication.voiding import void_changed_versions

Person = User | AnonymousUser


class ConflictError(ProngsaiError):
    """Someone else saved the same record since this form was opened."""

    def __init__(self) -> None:
        super().__init__(
            "มีผู้อื่นแก้ไขรายการนี้ไปแล้วหลังจากที่ท่านเปิดแบบฟอร์ม กรุณาเปิดใหม่เพื่อดูข้อมูลล่าสุดแล้วแก้ไขอีกครั้ง",
            "someone else saved this record after the form was opened",
        )


class AlreadyDoneError(ProngsaiError):
    """A one-time form was sent again (a double click): what it asked for was done by its first sending."""

    def __init__(self, thai: str) -> None:
        super().__init__(thai, "this form has been saved already; nothing was done twice")


def claim_token(token: str, *, organisation: Organisation, purpose: str, thai: str) -> None:
    """Record a one-time form token inside the caller's transaction; raises AlreadyDoneError if it was used.

    Two sendings at the same moment take turns on the token's unique index: the second one waits for the
    first to commit, then fails here, and its whole transaction does nothing.
    """
    try:
        with transaction.atomic():
            UsedToken.objects.create(token=token, organisation=organisation, purpose=purpose)
    except IntegrityError:
        raise AlreadyDoneError(thai) from None


def token_used(token: str) -> bool:
    return UsedToken.objects.filter(token=token).exists()


def audit(
    *,
    organisation: Organisation | None,
    user: Person,
    action: str,
    obj: object,
    summary: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    AuditEntry.objects.create(
        organisation=organisation,
        user=user if isinstance(user, User) else None,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(getattr(obj, "pk", "") or ""),
        summary=summary[:300],
        before=before,
        after=after,
    )


# --- results ------------------------------------------------------------------------------------------------


def score(framework_version: int, scores: dict[str, str]) -> CoreResult:
    """Scores as entered (code → score) scored by the core; raises its errors, naming the rows, on bad ones."""
    framework = registry().get(framework_version)
    rows = [ScoreRow(n, code, value) for n, (code, value) in enumerate(scores.items(), start=1)]
    return compute_result(framework, scores_from_rows(rows, framework))


def core_result(result: Result) -> CoreResult:
    """The scored result behind a stored one (recomputed: the core is the single source of scoring)."""
    return score(result.framework_version, result.scores)


def result_analysis(result: Result, threshold: Decimal = Decimal(85)) -> tuple[CoreResult, CoreAnalysis]:
    scored = core_result(result)
    return scored, analyse(scored, threshold)


@transaction.atomic
def result_save(
    *,
    organisation: Organisation,
    fiscal_year: int,
    framework_version: int,
    scores: dict[str, str],
    user: Person,
) -> Result:
    """Score and store a year's result; raises the core's errors (with row numbers) on bad scores."""
    scored = score(framework_version, scores)
    existing = Result.objects.filter(organisation=organisation, fiscal_year=fiscal_year).first()
    before = _result_snapshot(existing) if existing else None
    result, _ = Result.objects.update_or_create(
        organisation=organisation,
        fiscal_year=fiscal_year,
        defaults={
            "framework_version": framework_version,
            "scores": scores,
            "total": scored.total,
            "grade": scored.grade.label,
        },
    )
    audit(
        organisation=organisation,
        user=user,
        action="result.save",
        obj=result,
        summary=f"ผลการประเมินปี {fiscal_year}: {scored.total} {scored.grade.label}",
        before=before,
        after=_result_snapshot(result),
    )
    # the documents of the next two years state this result (the second one as the change from it)
    void_changed_versions(
        organisation=organisation,
        years=[fiscal_year + 1, fiscal_year + 2],
        change=f"ผลการประเมินปี {fiscal_year}",
    )
    from prongsai.web.oversight.services import refresh_overview  # the overview reads programme's rows

    refresh_overview(organisation_ids=[organisation.pk])
    return result


def _result_snapshot(result: Result) -> dict[str, Any]:
    return {
        "framework": result.framework_version,
        "total": str(result.total),
        "grade": result.grade,
        "scores": dict(result.scores),
    }


@transaction.atomic
def analysis_save(
    *,
    organisation: Organisation,
    fiscal_year: int,
    version: int,
    analysis_text: str,
    practice_text: str,
    user: Person,
) -> Analysis:
    analysis, _ = Analysis.objects.get_or_create(organisation=organisation, fiscal_year=fiscal_year)
    before = {"analysis_text": analysis.analysis_text, "practice_text": analysis.practice_text}
    updated = Analysis.objects.filter(pk=analysis.pk, version=version).update(
        analysis_text=analysis_text, practice_text=practice_text, version=version + 1
    )
    if not updated:
        raise ConflictError()
    analysis.refresh_from_db()
    audit(
        organisation=organisation,
        user=user,
        action="analysis.save",
        obj=analysis,
        summary=f"การวิเคราะห์ผลปี {fiscal_year}",
        before=before,
        after={"analysis_text": analysis_text, "practice_text": practice_text},
    )
    void_changed_versions(organisation=organisation, years=[fiscal_year], change="แก้ไขการวิเคราะห์ผล")
    return analysis


# --- measures -----------------------------------------------------------------------------------------------

MEASURE_FIELDS = MEASURE_PLAN_FIELDS + MEASURE_OUTCOME_FIELDS


def measure_snapshot(measure: Measure) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in MEASURE_FIELDS:
        value = getattr(measure, name)
        data[name] = value.isoformat() if isinstance(value, dt.date) else value
    data["units"] = sorted(str(u) for u in measure.units.all())
    return data


def _next_number(organisation: Organisation, fiscal_year: int) -> int:
    """The next free number of the year's measures; the caller's transaction holds the year's numbering until
    it commits, so that two new measures saved at once never get the same number."""
    MeasureNumbering.objects.get_or_create(organisation=organisation, fiscal_year=fiscal_year)
    MeasureNumbering.objects.select_for_update().get(organisation=organisation, fiscal_year=fiscal_year)
    top = Measure.objects.filter(organisation=organisation, fiscal_year=fiscal_year).aggregate(
        top=Max("number")
    )
    return int(top["top"] or 0) + 1


@transaction.atomic
def measure_create(
    *,
    organisation: Organisation,
    fiscal_year: int,
    fields: dict[str, Any],
    units: Iterable[Unit],
    user: Person,
) -> Measure:
    if not fields.get("number"):
        fields = {**fields, "number": _next_number(organisation, fiscal_year)}
    measure = Measure.objects.create(organisation=organisation, fiscal_year=fiscal_year, **fields)
    measure.units.set(list(units))
    entries_sync_measures([measure.pk])  # the catalogue keeps every measure (prongsai.web.catalogue)
    audit(
        organisation=organisation,
        user=user,
        action="measure.create",
        obj=measure,
        summary=f"เพิ่มมาตรการ {measure}",
        after=measure_snapshot(measure),
    )
    void_changed_versions(
        organisation=organisation, years=[fiscal_year], change=f"เพิ่มมาตรการที่ {measure.number}"
    )
    return measure


@transaction.atomic
def measure_update(
    *, measure: Measure, version: int, fields: dict[str, Any], units: Iterable[Unit] | None, user: Person
) -> Measure:
    """Save edits made to `version` of the measure; raises ConflictError if it has moved on since."""
    before = measure_snapshot(measure)
    if not Measure.objects.filter(pk=measure.pk, version=version).update(version=version + 1, **fields):
        raise ConflictError()
    measure.refresh_from_db()
    if units is not None:
        measure.units.set(list(units))
    entries_sync_measures([measure.pk])
    audit(
        organisation=measure.organisation,
        user=user,
        action="measure.update",
        obj=measure,
        summary=f"แก้ไขมาตรการ {measure}",
        before=before,
        after=measure_snapshot(measure),
    )
    void_changed_versions(
        organisation=measure.organisation,
        years=[measure.fiscal_year],
        change=f"แก้ไขมาตรการที่ {measure.number}",
    )
    return measure


@transaction.atomic
def measures_copy_from_previous_year(
    *, organisation: Organisation, fiscal_year: int, user: Person, token: str | None = None
) -> int:
    """Start a year from last year's measures: their plans, not their outcomes or progress.

    `token` is the copy form's one-time token: a second sending of the same form copies nothing.
    """
    if token is not None:
        claim_token(
            token,
            organisation=organisation,
            purpose="measures.copy",
            thai=f"คัดลอกมาตรการจากปี {fiscal_year - 1} ไปแล้ว (ส่งแบบฟอร์มซ้ำ) ไม่ได้คัดลอกซ้ำอีก",
        )
    previous = list(
        Measure.objects.filter(organisation=organisation, fiscal_year=fiscal_year - 1).prefetch_related(
            "units"
        )
    )
    start = _next_number(organisation, fiscal_year)
    copies: list[int] = []
    for offset, old in enumerate(previous):
        copy = Measure.objects.create(
            organisation=organisation,
            fiscal_year=fiscal_year,
            number=start + offset,
            group=old.group,
            theme=old.theme,
            tool=old.tool,
            indicator=old.indicator,
            questions=list(old.questions),
            issue=old.issue,
            title=old.title,
            steps=list(old.steps),
            timeframe_text="",
        )
        copy.units.set(list(old.units.all()))
        copies.append(copy.pk)
    entries_sync_measures(copies)
    audit(
        organisation=organisation,
        user=user,
        action="measure.copy_previous_year",
        obj=organisation,
        summary=f"คัดลอกมาตรการ {len(previous)} รายการจากปี {fiscal_year - 1} มาปี {fiscal_year}",
    )
    void_changed_versions(
        organisation=organisation, years=[fiscal_year], change=f"คัดลอกมาตรการ {len(previous)} รายการ"
    )
    return len(previous)


def unit_for_name(organisation: Organisation, name: str, section: str | None) -> Unit:
    """The unit (and section) of that name, created when the organisation has none yet."""
    unit, _ = Unit.objects.get_or_create(organisation=organisation, parent=None, name=name.strip()[:200])
    if section:
        unit, _ = Unit.objects.get_or_create(
            organisation=organisation, parent=unit, name=section.strip()[:200]
        )
    return unit


IMPORT_SAVED_ALREADY = "บันทึกมาตรการจากเอกสารนี้ไปแล้ว (ส่งแบบฟอร์มซ้ำ) ไม่ได้บันทึกซ้ำอีก"


def imported_measures(document: Document) -> list[ImportedMeasure]:
    """A read document's measures as the review screen shows them."""
    return [from_core(m) for m in document.measures]


@transaction.atomic
def measures_import(
    *,
    organisation: Organisation,
    fiscal_year: int,
    measures: Sequence[ImportedMeasure],
    progress_texts: Sequence[str],
    source_name: str,
    user: Person,
    today: dt.date,
    token: str | None = None,
) -> list[Measure]:
    """Save the reviewed measures of an imported document; progress text becomes a first progress entry.

    `token` is the review's one-time token: a second sending of the same review saves nothing.
    """
    if token is not None:
        claim_token(token, organisation=organisation, purpose="measures.import", thai=IMPORT_SAVED_ALREADY)
    start = _next_number(organisation, fiscal_year)
    created = []
    for offset, (item, progress) in enumerate(zip(measures, progress_texts, strict=True)):
        fields = {**item.fields, "number": start + offset}
        measure = Measure.objects.create(organisation=organisation, fiscal_year=fiscal_year, **fields)
        measure.units.set([unit_for_name(organisation, name, section) for name, section in item.units])
        if progress.strip():
            ProgressEntry.objects.create(measure=measure, date=today, text=progress.strip(), author=None)
        created.append(measure)
    entries_sync_measures([m.pk for m in created])
    audit(
        organisation=organisation,
        user=user,
        action="measure.import",
        obj=organisation,
        summary=f"นำเข้ามาตรการ {len(created)} รายการจาก {source_name} มาปี {fiscal_year}",
    )
    void_changed_versions(
        organisation=organisation, years=[fiscal_year], change=f"นำเข้ามาตรการ {len(created)} รายการ"
    )
    return created


# --- progress and outcome -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceFile:
    upload: UploadedFile[bytes]
    content_type: str
    extension: str


@transaction.atomic
def progress_add(
    *,
    measure: Measure,
    date: dt.date,
    text: str,
    files: Sequence[EvidenceFile],
    links: Sequence[str],
    public: bool,
    user: Person,
) -> ProgressEntry:
    entry = ProgressEntry.objects.create(
        measure=measure, date=date, text=text, author=user if isinstance(user, User) else None
    )
    for item in files:
        evidence = Evidence(
            entry=entry,
            original_name=(item.upload.name or "")[:255],
            content_type=item.content_type,
            size=item.upload.size or 0,
            public=public,
        )
        evidence.file.save(f"{uuid.uuid4().hex}.{item.extension}", item.upload, save=False)
        evidence.save()
    for link in links:
        Evidence.objects.create(entry=entry, link=link, public=public)
    if measure.status == "unknown":
        Measure.objects.filter(pk=measure.pk).update(status="in_progress")
        entries_sync_measures([measure.pk])
    audit(
        organisation=measure.organisation,
        user=user,
        action="progress.add",
        obj=entry,
        summary=f"รายงานความก้าวหน้า มาตรการ {measure.number}: {text[:120]}",
        after={
            "date": date.isoformat(),
            "text": text,
            "files": [f.upload.name for f in files],
            "links": list(links),
        },
    )
    void_changed_versions(
        organisation=measure.organisation,
        years=[measure.fiscal_year],
        change=f"รายงานความก้าวหน้ามาตรการที่ {measure.number}",
    )
    return entry


@transaction.atomic
def measure_set_outcome(
    *, measure: Measure, version: int, status: str, reason: str, summary: str, suggestions: str, user: Person
) -> Measure:
    return measure_update(
        measure=measure,
        version=version,
        units=None,
        user=user,
        fields={
            "status": status,
            "not_possible_reason": reason if status == "not_possible" else "",
            "summary": summary,
            "suggestions": suggestions,
        },
    )


@dataclass(frozen=True)
class ProgressReport:
    date: dt.date
    text: str
    files: Sequence[EvidenceFile]
    links: Sequence[str]
    public: bool


@dataclass(frozen=True)
class OutcomeReport:
    version: int
    status: str
    reason: str
    summary: str
    suggestions: str


@transaction.atomic
def measure_report(
    *, measure: Measure, progress: ProgressReport | None, outcome: OutcomeReport | None, user: Person
) -> None:
    """What a unit reports on the measure's page at once: progress, outcome, or both; all saved or none
    (an outcome edited meanwhile by someone else undoes the progress too, and the page keeps what was typed)."""
    if progress is not None:
        progress_add(
            measure=measure,
            date=progress.date,
            text=progress.text,
            files=progress.files,
            links=progress.links,
            public=progress.public,
            user=user,
        )
    if outcome is not None:
        measure_set_outcome(
            measure=measure,
            version=outcome.version,
            status=outcome.status,
            reason=outcome.reason,
            summary=outcome.summary,
            suggestions=outcome.suggestions,
            user=user,
        )


# --- the organisation's register of outgoing letters -----------------------------------------------------------


@transaction.atomic
def register_prefix_save(*, organisation: Organisation, prefix: str, user: Person) -> Organisation:
    """The ที่ of its memos before the running number ("มท ๐๘๑๘.๕/"), set once; numbers come at submission."""
    old = organisation.register_prefix
    organisation.register_prefix = prefix
    organisation.save(update_fields=["register_prefix"])
    audit(
        organisation=organisation,
        user=user,
        action="organisation.register_prefix",
        obj=organisation,
        summary=f"ที่ของหนังสือ: {prefix or '(ไม่มี)'}",
        before={"register_prefix": old},
        after={"register_prefix": prefix},
    )
    return organisation


# --- the organisation's emblem --------------------------------------------------------------------------------


@transaction.atomic
def emblem_save(*, organisation: Organisation, emblem: EvidenceFile | None, user: Person) -> Organisation:
    """The emblem its documents carry: a checked image, or none (`emblem` None)."""
    old = organisation.emblem.name
    if emblem is None:
        organisation.emblem = None
    else:
        organisation.emblem.save(f"{uuid.uuid4().hex}.{emblem.extension}", emblem.upload, save=False)
    organisation.save(update_fields=["emblem"])
    if old and old != organisation.emblem.name:
        # the file goes once the change is committed; a rolled-back change keeps it
        storage, name = organisation.emblem.storage, old
        transaction.on_commit(lambda: storage.delete(name))
    audit(
        organisation=organisation,
        user=user,
        action="organisation.emblem",
        obj=organisation,
        summary="เปลี่ยนตราหน่วยงาน" if emblem else "ไม่ใช้ตราหน่วยงาน",
        before={"emblem": old or None},
        after={
            "emblem": organisation.emblem.name or None,
            "uploaded": emblem.upload.name if emblem else None,
        },
    )
    return organisation
