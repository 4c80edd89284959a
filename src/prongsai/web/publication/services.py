"""Submitting, approving and publishing documents; each write atomic and in the audit trail.

A version freezes the document's content when it is submitted, with a hash of that content and one of the data
rows it was made from. Approvers decide in the chain's order. When the year's data changes (a measure was
edited), the service that writes it voids the version (voiding.py), which must be submitted again: its
approvals were given to something else. A change of software or wording voids nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from prongsai.core.complaints import ComplaintStatistics
from prongsai.core.compose import (
    AnalysisInput,
    Report,
    compose,
    compose_analysis,
    compose_complaint_statistics,
)
from prongsai.core.errors import ProngsaiError
from prongsai.core.model import Document, Opinion
from prongsai.core.thai import ce_to_be
from prongsai.core.vocabulary import LAYOUT
from prongsai.web.catalogue.sync import MEASURE_DOCUMENTS, entries_publish_year
from prongsai.web.complaints.services import statistics_for
from prongsai.web.frameworks import framework_for_year
from prongsai.web.organisations.models import Membership, Organisation
from prongsai.web.programme.documents import analysis_input, result_sentence, year_document
from prongsai.web.programme.services import audit
from prongsai.web.publication.models import Approval, ApprovalStep, DocumentVersion, Publication
from prongsai.web.publication.voiding import void_if_data_changed, year_data_hash

Person = User | AnonymousUser
LAYOUTS = LAYOUT.values


def frozen_content(organisation: Organisation, year: int, kind: str, layout: str) -> dict[str, Any]:
    document = year_document(organisation, year, kind).to_dict()
    document["memo"]["opinions"] = []  # filled from the approvals when the version is typeset
    document["memo"]["ref"] = None  # the register's number and date are given at submission
    content: dict[str, Any] = {"document": document, "layout": layout}
    # The ITA result as it stands now, for the public page once published (the live scores may change later).
    content["result"] = result_sentence(organisation, year)
    if kind == "analysis":
        content["analysis"] = dataclasses.asdict(analysis_input(organisation, year))
    if kind == "complaints":  # figures only: counts and days, nothing of any complaint's content
        content["statistics"] = statistics_for(organisation, year).to_dict()
    return content


def content_hash(content: dict[str, Any]) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def chain(organisation: Organisation) -> list[ApprovalStep]:
    return list(ApprovalStep.objects.filter(organisation=organisation).select_related("approver__user"))


@transaction.atomic
def chain_save(*, organisation: Organisation, approvers: list[Membership], user: Person) -> None:
    """The organisation's approvers, in the order they sign. Refused while a document waits for a decision: its
    approvals are counted by their place in the chain, and a new order would credit them to other steps."""
    Organisation.objects.select_for_update().get(pk=organisation.pk)  # two savings at once take turns
    waiting = DocumentVersion.objects.filter(organisation=organisation, status=DocumentVersion.PENDING)
    if waiting.exists():
        raise ProngsaiError(
            "มีเอกสารรอการพิจารณาอยู่ แก้สายการอนุมัติได้เมื่อพิจารณาเสร็จหรือถอนฉบับนั้นแล้ว",
            "a document is waiting for a decision: the chain cannot change now",
        )
    before = [step.approver_id for step in chain(organisation)]
    ApprovalStep.objects.filter(organisation=organisation).delete()
    for order, membership in enumerate(approvers, start=1):
        ApprovalStep.objects.create(organisation=organisation, order=order, approver=membership)
    audit(
        organisation=organisation,
        user=user,
        action="approval_chain.save",
        obj=organisation,
        summary="สายการอนุมัติ: "
        + " → ".join(m.user.get_full_name() or m.user.get_username() for m in approvers),
        before={"approvers": before},
        after={"approvers": [m.pk for m in approvers]},
    )


def next_step(version: DocumentVersion, steps: list[ApprovalStep] | None = None) -> ApprovalStep | None:
    """The step whose turn it is: the first of the chain (`steps`, read when not given) not yet approved."""
    done = {a.order for a in version.approvals.all() if a.decision == Approval.APPROVE}
    steps = chain(version.organisation) if steps is None else steps
    return next((step for step in steps if step.order not in done), None)


@transaction.atomic
def version_submit(
    *, organisation: Organisation, year: int, kind: str, layout: str, user: Person
) -> DocumentVersion:
    if not chain(organisation):
        raise ProngsaiError("ยังไม่ได้กำหนดสายการอนุมัติของหน่วยงาน", "the organisation has no approval chain")
    # Two sendings at once take turns (a double click; also the first version of a kind, no row of its own yet).
    Organisation.objects.select_for_update().get(pk=organisation.pk)
    # The data hash is taken before the content: a write landing between the two makes the version look changed
    # (voided when it is decided), never unchanged.
    data_hash = year_data_hash(organisation, year, kind)
    content = frozen_content(organisation, year, kind, layout)
    digest = content_hash(content)
    versions = DocumentVersion.objects.filter(organisation=organisation, fiscal_year=year, kind=kind)
    open_versions = versions.filter(
        status__in=[DocumentVersion.PENDING, DocumentVersion.APPROVED], publication__isnull=True
    )
    if open_versions.filter(content_hash=digest).exists():
        raise ProngsaiError("ฉบับนี้ส่งไปแล้วและเนื้อหายังไม่เปลี่ยน", "this content has been submitted already")
    open_versions.update(status=DocumentVersion.VOID, void_reason="มีฉบับใหม่ส่งแทน")
    number = int(versions.aggregate(top=Max("number"))["top"] or 0) + 1
    register_year, register_number = _register(organisation)
    today = timezone.localdate()
    content["document"]["memo"]["ref"] = f"{organisation.register_prefix}{register_number}"
    content["document"]["memo"]["date"] = today.isoformat()
    version = DocumentVersion.objects.create(
        organisation=organisation,
        fiscal_year=year,
        kind=kind,
        layout=layout,
        number=number,
        content=content,
        content_hash=digest,
        data_hash=data_hash,
        submitted_by=user if isinstance(user, User) else None,
        register_year=register_year,
        register_number=register_number,
    )
    audit(
        organisation=organisation,
        user=user,
        action="version.submit",
        obj=version,
        summary=f"ส่ง{version.get_kind_display()} ปี {year} ฉบับที่ {number} (รูปแบบ {layout}) "
        f"ที่ {content['document']['memo']['ref']}",
        after={"hash": digest, "ref": content["document"]["memo"]["ref"], "date": today.isoformat()},
    )
    return version


def _register(organisation: Organisation) -> tuple[int, int]:
    """The next number of the organisation's register of outgoing letters, which runs through the calendar year
    (BE). The organisation's row is locked, so two documents submitted at once take turns, whatever their kind."""
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    year = ce_to_be(timezone.localdate().year)
    top = DocumentVersion.objects.filter(organisation=organisation, register_year=year).aggregate(
        top=Max("register_number")
    )["top"]
    return year, int(top or 0) + 1


def _void_if_data_changed(version: DocumentVersion) -> None:
    """Before a decision or a publication, in a transaction of its own: the refusal that follows a void must
    not roll the void back."""
    with transaction.atomic():
        void_if_data_changed(DocumentVersion.objects.select_for_update().get(pk=version.pk))


def version_decide(*, version: DocumentVersion, user: Person, approve: bool, opinion: str) -> DocumentVersion:
    _void_if_data_changed(version)
    return _decide(version=version, user=user, approve=approve, opinion=opinion)


@transaction.atomic
def _decide(*, version: DocumentVersion, user: Person, approve: bool, opinion: str) -> DocumentVersion:
    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DocumentVersion.PENDING:
        raise ProngsaiError(
            f"ฉบับนี้ไม่ได้รออนุมัติ ({version.get_status_display()})", "this version awaits no approval"
        )
    step = next_step(version)
    if step is None or not isinstance(user, User) or step.approver.user_id != user.pk:
        raise PermissionDenied("ยังไม่ถึงลำดับของท่าน หรือท่านไม่อยู่ในสายการอนุมัติ")
    if not approve and not opinion.strip():
        raise ProngsaiError("กรุณาระบุเหตุที่ส่งกลับ", "a return needs its reason")
    Approval.objects.create(
        version=version,
        order=step.order,
        approver=user,
        name=user.get_full_name() or user.username,
        position=step.approver.position or step.approver.get_role_display(),
        decision=Approval.APPROVE if approve else Approval.RETURN,
        opinion=opinion.strip(),
    )
    if not approve:
        version.status = DocumentVersion.RETURNED
    elif next_step(version) is None:
        version.status = DocumentVersion.APPROVED
    version.save(update_fields=["status"])
    audit(
        organisation=version.organisation,
        user=user,
        action="version.approve" if approve else "version.return",
        obj=version,
        summary=f"{version}: {'อนุมัติ' if approve else 'ส่งกลับ'} ({step.approver.position})",
        after={"opinion": opinion},
    )
    return version


def version_report(version: DocumentVersion) -> Report:
    """The frozen version typeset with its approvers' opinions, names, positions and dates in the memo."""
    content = version.content
    document = Document.from_dict(content["document"])
    approvals = {a.order: a for a in version.approvals.all() if a.decision == Approval.APPROVE}
    opinions = []
    for step in chain(version.organisation):
        approval = approvals.get(step.order)
        position = step.approver.position or step.approver.get_role_display()
        if approval is None:
            opinions.append(
                Opinion(
                    role=position,
                    position=position,
                    name=step.approver.user.get_full_name() or step.approver.user.username,
                    text=None,
                )
            )
        else:
            opinions.append(
                Opinion(
                    role=position,
                    position=approval.position,
                    name=approval.name,
                    text=approval.opinion or "อนุมัติ",
                    date=timezone.localtime(approval.decided_at).date(),  # on the signature's date line
                )
            )
    if document.memo is not None:
        document.memo.opinions = opinions
    framework = framework_for_year(version.fiscal_year)
    footer = framework.documents.get(version.kind, "")
    emblem = version.organisation.emblem.read() if version.organisation.emblem else None
    if version.kind == "analysis":
        report = compose_analysis(document, AnalysisInput.from_dict(content["analysis"]), footer=footer)
    elif version.kind == "complaints":
        statistics = ComplaintStatistics.from_dict(content["statistics"])
        report = compose_complaint_statistics(document, statistics, footer=footer)
    else:
        report = compose(document, version.kind, content["layout"], footer=footer, framework=framework)
    return dataclasses.replace(report, emblem=emblem)


def version_publish(*, version: DocumentVersion, user: Person) -> Publication:
    _void_if_data_changed(version)
    return _publish(version=version, user=user)


@transaction.atomic
def _publish(*, version: DocumentVersion, user: Person) -> Publication:
    from prongsai.documents.docx import render_docx
    from prongsai.documents.pdf import render_pdf

    version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != DocumentVersion.APPROVED:
        raise ProngsaiError(
            "เผยแพร่ได้เฉพาะฉบับที่อนุมัติครบทุกขั้นแล้ว", "only a fully approved version can be published"
        )
    if hasattr(version, "publication"):
        raise ProngsaiError("ฉบับนี้เผยแพร่แล้ว", "this version is published already")
    report = version_report(version)
    stem = f"{version.organisation.slug}-{version.fiscal_year}-{version.kind}-{version.number}"
    publication = Publication(version=version, published_by=user if isinstance(user, User) else None)
    publication.pdf.save(f"{stem}.pdf", ContentFile(render_pdf(report)), save=False)
    publication.docx.save(f"{stem}.docx", ContentFile(render_docx(report)), save=False)
    publication.save()
    if version.kind in MEASURE_DOCUMENTS:  # the year's measures are now in the public catalogue
        entries_publish_year(version.organisation, version.fiscal_year)
    audit(
        organisation=version.organisation,
        user=user,
        action="version.publish",
        obj=version,
        summary=f"เผยแพร่ {version}",
    )
    return publication
