"""Approvals inside an organisation, and the public pages (no login) at stable addresses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from prongsai.core.complaints import ComplaintStatistics
from prongsai.core.errors import ProngsaiError
from prongsai.core.model import Document
from prongsai.core.vocabulary import LAYOUT
from prongsai.documents import CONTENT_TYPES, render_report
from prongsai.web.access import organisation_for_user, version_for_user
from prongsai.web.complaints.tables import statistics_table
from prongsai.web.frameworks import framework_for_year
from prongsai.web.organisations.models import Membership, Organisation
from prongsai.web.programme.models import Evidence
from prongsai.web.programme.views.common import render_year
from prongsai.web.publication.jobs import is_working, request_publication
from prongsai.web.publication.models import (
    KINDS,
    BackgroundJob,
    DocumentVersion,
    Notification,
    Publication,
)
from prongsai.web.publication.reminders import next_notice_for
from prongsai.web.publication.services import (
    LAYOUTS,
    chain,
    chain_save,
    next_step,
    version_decide,
    version_report,
    version_submit,
)


@login_required
@require_GET
def approvals(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    versions = (
        DocumentVersion.objects.filter(organisation=access.organisation, fiscal_year=year)
        .prefetch_related("approvals")
        .select_related("publication")
    )
    jobs: dict[int, BackgroundJob] = {}
    for found in BackgroundJob.objects.filter(version__in=versions).order_by("created_at"):
        jobs[found.version_id or 0] = found  # each version's latest
    steps = chain(access.organisation)
    rows = []
    for version in versions:
        step = next_step(version, steps) if version.status == DocumentVersion.PENDING else None
        my_turn = step is not None and step.approver.user_id == request.user.pk
        published = hasattr(version, "publication")
        job = None if published else jobs.get(version.pk)
        working = job is not None and is_working(job)
        rows.append((version, step, my_turn, published, job, working))
    order = {s.approver_id: s.order for s in steps}
    approvers = [(m, order.get(m.pk)) for m in _approvers(access.organisation)] if access.can_manage else []
    return render_year(
        request,
        "publication/approvals.html",
        access,
        year,
        "approvals",
        {
            "rows": rows,
            "chain": steps,
            "approvers": approvers,
            "kinds": KINDS,
            "layouts": LAYOUTS,
            "layout_names": dict(LAYOUT.entries),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def chain_edit(request: HttpRequest, org: str) -> HttpResponse:
    """The coordinator sets the order in which the organisation's approvers sign."""
    access = organisation_for_user(request.user, org, manage=True)
    approvers = _approvers(access.organisation)
    current = {s.approver_id: s.order for s in chain(access.organisation)}
    # Sent from the approvals page of a year: back there, whatever happens.
    back = request.POST.get("year", "")
    if back.isdigit() and 2400 <= int(back) <= 2700:
        done = redirect("approvals", access.organisation.slug, int(back))
    else:
        done = redirect("approval-chain", access.organisation.slug)
    if request.method == "POST":
        chosen = []
        for membership in approvers:
            value = request.POST.get(f"order-{membership.pk}", "").strip()
            if value:
                if not value.isdigit() or not 1 <= int(value) <= 20:
                    messages.error(request, "ลำดับต้องเป็นตัวเลข 1–20")
                    return done
                chosen.append((int(value), membership))
        if len({order for order, _ in chosen}) != len(chosen):
            messages.error(request, "ลำดับซ้ำกัน")
            return done
        ordered = [membership for _, membership in sorted(chosen, key=lambda pair: pair[0])]
        try:
            chain_save(organisation=access.organisation, approvers=ordered, user=request.user)
        except ProngsaiError as error:
            messages.error(request, error.thai)
            return done
        messages.success(request, "บันทึกสายการอนุมัติแล้ว")
        return done
    return render(
        request,
        "publication/chain.html",
        {
            "access": access,
            "organisation": access.organisation,
            "approvers": [(m, current.get(m.pk)) for m in approvers],
        },
    )


def _approvers(organisation: Organisation) -> list[Membership]:
    return list(
        Membership.objects.filter(organisation=organisation, role=Membership.APPROVER)
        .select_related("user")
        .order_by("pk")
    )


@login_required
@require_POST
def submit(request: HttpRequest, org: str, year: int) -> HttpResponse:
    access = organisation_for_user(request.user, org, manage=True)
    kind, layout = request.POST.get("kind", ""), request.POST.get("layout", "A")
    if kind not in dict(KINDS) or layout not in LAYOUTS:
        messages.error(request, "กรุณาเลือกเอกสารและรูปแบบ")
    else:
        try:
            version = version_submit(
                organisation=access.organisation, year=year, kind=kind, layout=layout, user=request.user
            )
        except ProngsaiError as error:
            messages.error(request, error.thai)
        else:
            messages.success(request, f"ส่ง{version.get_kind_display()} ฉบับที่ {version.number} เพื่อขออนุมัติแล้ว")
    return redirect("approvals", access.organisation.slug, year)


@login_required
@require_POST
def decide(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    version = version_for_user(access, pk)
    try:
        version_decide(
            version=version,
            user=request.user,
            approve=request.POST.get("decision") == "approve",
            opinion=request.POST.get("opinion", ""),
        )
    except ProngsaiError as error:
        messages.error(request, error.thai)
    else:
        messages.success(request, "บันทึกความเห็นแล้ว")
    return redirect("approvals", access.organisation.slug, version.fiscal_year)


@login_required
@require_POST
def publish(request: HttpRequest, org: str, pk: int) -> HttpResponse:
    access = organisation_for_user(request.user, org, manage=True)
    version = version_for_user(access, pk)
    try:
        job = request_publication(version=version, user=request.user)
    except ProngsaiError as error:
        messages.error(request, error.thai)
    else:
        if job.status == BackgroundJob.DONE:
            messages.success(request, "เผยแพร่แล้ว")
        elif job.status == BackgroundJob.FAILED:
            messages.error(request, job.error)
        else:
            messages.info(request, "กำลังจัดทำเอกสารเพื่อเผยแพร่ เมื่อเสร็จแล้วไฟล์จะปรากฏในหน้านี้")
    return redirect("approvals", access.organisation.slug, version.fiscal_year)


@login_required
@require_GET
def version_file(request: HttpRequest, org: str, pk: int, fmt: str) -> HttpResponse:
    access = organisation_for_user(request.user, org)
    version = version_for_user(access, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404("ไม่มีรูปแบบไฟล์นี้")
    content = render_report(version_report(version), fmt)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'inline; filename="{org}-{version.fiscal_year}-{version.kind}-{version.number}.{fmt}"'
    )
    return response


# --- public: no login, only what was published -----------------------------------------------------------------


def _public_organisation(slug: str) -> Organisation:
    organisation = (
        Organisation.objects.filter(slug=slug, versions__publication__isnull=False).distinct().first()
    )
    if organisation is None:
        raise Http404("ไม่พบหน่วยงานที่เผยแพร่เอกสาร")
    return organisation


def _public_versions(organisation: Organisation, year: int) -> list[DocumentVersion]:
    versions = list(
        DocumentVersion.objects.filter(organisation=organisation, fiscal_year=year, publication__isnull=False)
        .select_related("publication")
        .order_by("kind", "-number")
    )
    if not versions:
        raise Http404("ไม่พบเอกสารที่เผยแพร่ของปีนี้")
    return versions


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    organisations = (
        Organisation.objects.filter(versions__publication__isnull=False)
        .distinct()
        .order_by("province", "district", "name")
    )
    return render(request, "publication/public_index.html", {"organisations": organisations})


@require_GET
def public_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _public_organisation(slug)
    years = sorted(
        set(
            DocumentVersion.objects.filter(organisation=organisation, publication__isnull=False).values_list(
                "fiscal_year", flat=True
            )
        ),
        reverse=True,
    )
    return render(
        request, "publication/public_organisation.html", {"organisation": organisation, "years": years}
    )


@require_GET
def public_year(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    organisation = _public_organisation(slug)
    versions = _public_versions(organisation, year)
    latest: dict[str, DocumentVersion] = {}
    for version in versions:
        latest.setdefault(version.kind, version)
    measures = _public_measures(versions)
    public_evidence = Evidence.objects.filter(
        public=True, entry__measure__organisation=organisation, entry__measure__fiscal_year=year
    ).select_related("entry__measure")
    return render(
        request,
        "publication/public_year.html",
        {
            "organisation": organisation,
            "year": year,
            "versions": versions,
            "latest": latest,
            "kinds": dict(KINDS),
            "measures": measures.measures if measures else [],
            "oit": framework_for_year(year).documents,
            "result": _published_result(versions),
            "evidence": public_evidence,
            # the published complaint statistics, as approved: the figures frozen in the version
            "complaint_statistics": statistics_table(
                ComplaintStatistics.from_dict(latest["complaints"].content["statistics"])
            )
            if "complaints" in latest
            else None,
        },
    )


def _published_result(versions: list[DocumentVersion]) -> str:
    """The ITA result as the newest publication froze it, never the live scores (they may change unapproved)."""
    content = max(versions, key=lambda v: v.publication.published_at).content
    # a version frozen before the result was part of the content: only the analysis kept its sentence
    return str(content.get("result") or content.get("analysis", {}).get("result_sentence", ""))


def _public_measures(versions: list[DocumentVersion]) -> Document | None:
    for kind in ("implementation", "measures"):
        for version in versions:
            if version.kind == kind:
                return Document.from_dict(version.content["document"])
    return None


@require_GET
def public_file(request: HttpRequest, slug: str, year: int, kind: str, number: int, fmt: str) -> HttpResponse:
    organisation = _public_organisation(slug)
    publication = Publication.objects.filter(
        version__organisation=organisation,
        version__fiscal_year=year,
        version__kind=kind,
        version__number=number,
    ).first()
    if publication is None or fmt not in CONTENT_TYPES:
        raise Http404("ไม่พบเอกสาร")
    with (publication.pdf if fmt == "pdf" else publication.docx).open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'inline; filename="{slug}-{year}-{kind}-{number}.{fmt}"'
    return response


@require_GET
def public_evidence(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """An evidence file marked public, of a year the organisation has published."""
    organisation = _public_organisation(slug)
    evidence = (
        Evidence.objects.filter(pk=pk, public=True, entry__measure__organisation=organisation)
        .select_related("entry__measure")
        .first()
    )
    if (
        evidence is None
        or not evidence.file
        or not DocumentVersion.objects.filter(
            organisation=organisation,
            fiscal_year=evidence.entry.measure.fiscal_year,
            publication__isnull=False,
        ).exists()
    ):
        raise Http404("ไม่พบหลักฐาน")
    with evidence.file.open("rb") as stored:
        response = HttpResponse(stored.read(), content_type=evidence.content_type)
    # The uploader's own name, Thai or with quotes: RFC 6266's filename* form, not a raw header value.
    response["Content-Disposition"] = (
        content_disposition_header(False, evidence.original_name or "evidence") or ""
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest) -> HttpResponse:
    """The person's own notices; POST marks them read."""
    assert isinstance(request.user, User)  # login_required
    own = Notification.objects.filter(user=request.user).select_related("organisation")
    if request.method == "POST":
        own.filter(read=False).update(read=True)
        return redirect("notifications")
    upcoming = next_notice_for(request.user, timezone.localdate())
    return render(request, "publication/notifications.html", {"notices": own[:200], "upcoming": upcoming})
