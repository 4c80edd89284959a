"""The one door: every view obtains its organisation, measure or evidence through these functions.

Who may do what:
- site administrator (superuser): everything, everywhere;
- coordinator: reads and changes everything of their organisation (results, analysis, measures, progress);
- unit officer: reads their organisation; reports progress and outcomes on measures of their units (a unit
  includes its sections);
- approver: reads their organisation (approvals come with the approval chain);
- overseer: reads the organisations of their province or district; changes nothing;
- complaint officer (ผู้รับเรื่องร้องเรียน): reads their organisation, and alone reads and handles its complaints;
  no other role does, not the coordinator, not the site administrator, unless they hold this role too.
Anyone else gets 404 for another organisation's addresses (its existence is not confirmed); a reader who tries
to change something gets 403.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from prongsai.web.catalogue.models import CatalogueEntry
from prongsai.web.complaints.models import Complaint, ComplaintFile
from prongsai.web.frameworks.models import FrameworkFile
from prongsai.web.organisations.models import Membership, Organisation, OverseerScope, Unit
from prongsai.web.oversight.models import NationalImport
from prongsai.web.programme.models import Evidence, Measure
from prongsai.web.publication.models import DocumentVersion

AnyUser = User | AnonymousUser


@dataclass(frozen=True)
class Access:
    """What one user may do in one organisation."""

    organisation: Organisation
    roles: frozenset[str]  # admin, coordinator, unit_officer, approver, complaint_officer, overseer
    unit_ids: frozenset[int]  # the units a unit officer answers for, sections included

    @property
    def can_manage(self) -> bool:
        """Change results, analysis and measures; see the audit trail."""
        return bool({"admin", "coordinator"} & self.roles)

    @property
    def can_handle_complaints(self) -> bool:
        """Read the complaints' text and files, answer them, change their status: this role only."""
        return Membership.COMPLAINT_OFFICER in self.roles

    def can_report_on(self, measure: Measure) -> bool:
        """Add progress and set the outcome of `measure`."""
        if self.can_manage:
            return True
        return "unit_officer" in self.roles and bool(self.unit_ids & {u.pk for u in measure.units.all()})


def organisations_for_user(user: AnyUser) -> QuerySet[Organisation]:
    """Every organisation the user may read."""
    if not isinstance(user, User):
        return Organisation.objects.none()
    if user.is_superuser:
        return Organisation.objects.all()
    scopes = Q(pk__in=Membership.objects.filter(user=user).values("organisation"))
    for scope in OverseerScope.objects.filter(user=user):
        if not scope.province:
            return Organisation.objects.all()
        scopes |= (
            Q(province=scope.province, district=scope.district)
            if scope.district
            else Q(province=scope.province)
        )
    return Organisation.objects.filter(scopes).distinct()


def units_answered_for(membership: Membership) -> set[int]:
    """The units a unit officer answers for: their own and the sections under them."""
    own = {u.pk for u in membership.units.all()}
    return own | set(Unit.objects.filter(parent_id__in=own).values_list("pk", flat=True))


def access_for(user: AnyUser, organisation: Organisation) -> Access | None:
    if not isinstance(user, User):
        return None
    roles: set[str] = set()
    unit_ids: set[int] = set()
    if user.is_superuser:
        roles.add("admin")
    for membership in Membership.objects.filter(user=user, organisation=organisation).prefetch_related(
        "units"
    ):
        roles.add(membership.role)
        if membership.role == Membership.UNIT_OFFICER:
            unit_ids |= units_answered_for(membership)
    if OverseerScope.objects.filter(
        Q(user=user)
        & (
            Q(province="")
            | Q(province=organisation.province, district="")
            | Q(province=organisation.province, district=organisation.district)
        )
    ).exists():
        roles.add("overseer")
    return Access(organisation, frozenset(roles), frozenset(unit_ids)) if roles else None


def organisation_for_user(user: AnyUser, slug: str, *, manage: bool = False) -> Access:
    """The organisation at `slug` and the user's rights in it: 404 without any, 403 when `manage` is asked of a
    reader."""
    organisation = Organisation.objects.filter(slug=slug).first()
    access = access_for(user, organisation) if organisation is not None else None
    if access is None:
        raise Http404("ไม่พบหน่วยงาน")
    if manage and not access.can_manage:
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้น")
    return access


def catalogue_entries_for_user(user: AnyUser) -> QuerySet[CatalogueEntry]:
    """The catalogue as this person sees it: what is public (imported, or of a published year), and their own
    organisations' measures whatever their state. The site administrator sees everything."""
    if not isinstance(user, User):
        return CatalogueEntry.objects.none()
    if user.is_superuser:
        return CatalogueEntry.objects.all()
    own = list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return CatalogueEntry.objects.filter(Q(public=True) | Q(organisation_id__in=own))


@dataclass(frozen=True)
class CatalogueView:
    """The catalogue as one person sees it, in the two parts its searches read: one row per group of published
    copies (the group's head), and their own organisations' entries not yet published, each on its own."""

    groups: QuerySet[CatalogueEntry]
    unpublished: QuerySet[CatalogueEntry]


def catalogue_for_user(user: AnyUser) -> CatalogueView:
    if not isinstance(user, User):
        return CatalogueView(CatalogueEntry.objects.none(), CatalogueEntry.objects.none())
    unpublished = CatalogueEntry.objects.filter(public=False)
    if not user.is_superuser:
        own = list(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
        unpublished = unpublished.filter(organisation_id__in=own)
    return CatalogueView(CatalogueEntry.objects.filter(group_head=True), unpublished)


def catalogue_entry_for_user(user: AnyUser, pk: int) -> CatalogueEntry:
    """One catalogue entry the person may see; 404 otherwise (an unpublished measure is not confirmed to exist)."""
    entry = catalogue_entries_for_user(user).filter(pk=pk).first()
    if entry is None:
        raise Http404("ไม่พบมาตรการในคลัง")
    return entry


def token_may_change(scope: str) -> None:
    """A request made with a read-only API token changes nothing (403), whatever its person may do."""
    if scope != "write":
        raise PermissionDenied("โทเคนนี้อ่านได้อย่างเดียว ต้องใช้โทเคนแบบอ่านและบันทึก")


def measure_for_user(access: Access, pk: int, *, manage: bool = False, report: bool = False) -> Measure:
    """A measure of the organisation `access` is for: 404 if it is another's, 403 without the right asked."""
    measure = (
        Measure.objects.filter(pk=pk, organisation=access.organisation).prefetch_related("units").first()
    )
    if measure is None:
        raise Http404("ไม่พบมาตรการ")
    if manage and not access.can_manage:
        raise PermissionDenied("เฉพาะผู้ประสานงานของหน่วยงานเท่านั้น")
    if report and not access.can_report_on(measure):
        raise PermissionDenied("มาตรการนี้ไม่ใช่ของหน่วยงานที่ท่านรับผิดชอบ")
    return measure


def unit_for_user(access: Access, pk: int) -> Unit:
    """A unit of the organisation `access` is for: 404 if it is another's."""
    unit = Unit.objects.filter(pk=pk, organisation=access.organisation).select_related("parent").first()
    if unit is None:
        raise Http404("ไม่พบหน่วยงาน")
    return unit


def evidence_for_user(access: Access, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=pk, entry__measure__organisation=access.organisation)
        .select_related("entry__measure")
        .first()
    )
    if evidence is None:
        raise Http404("ไม่พบหลักฐาน")
    return evidence


def version_for_user(access: Access, pk: int) -> DocumentVersion:
    version = DocumentVersion.objects.filter(pk=pk, organisation=access.organisation).first()
    if version is None:
        raise Http404("ไม่พบฉบับของเอกสาร")
    return version


def complaint_officer_for(user: AnyUser, slug: str) -> Access:
    """The organisation at `slug` for one of its complaint officers: 404 for outsiders, 403 for its other roles."""
    access = organisation_for_user(user, slug)
    if not access.can_handle_complaints:
        raise PermissionDenied("เฉพาะผู้รับเรื่องร้องเรียนของหน่วยงานเท่านั้น")
    return access


def complaint_for_user(access: Access, pk: int) -> Complaint:
    if not access.can_handle_complaints:
        raise PermissionDenied("เฉพาะผู้รับเรื่องร้องเรียนของหน่วยงานเท่านั้น")
    complaint = Complaint.objects.filter(pk=pk, organisation=access.organisation).first()
    if complaint is None:
        raise Http404("ไม่พบเรื่องร้องเรียน")
    return complaint


def complaint_file_for_user(access: Access, pk: int, number: int) -> ComplaintFile:
    complaint = complaint_for_user(access, pk)
    file = ComplaintFile.objects.filter(complaint=complaint, number=number).first()
    if file is None:
        raise Http404("ไม่พบไฟล์")
    return file


def site_administrator(user: AnyUser) -> User:
    """The site's own settings (framework files) are the site administrator's alone: 403 for anyone else."""
    if not isinstance(user, User) or not user.is_superuser:
        raise PermissionDenied("เฉพาะผู้ดูแลระบบ")
    return user


def framework_file_for_admin(user: AnyUser, pk: int) -> FrameworkFile:
    site_administrator(user)
    try:
        return FrameworkFile.objects.get(pk=pk)
    except FrameworkFile.DoesNotExist:
        raise Http404("ไม่พบไฟล์กรอบการประเมินนี้") from None


@dataclass(frozen=True)
class OverviewArea:
    """The part of the country an overview page shows: everything, a province, or one district of it."""

    province: str = ""
    district: str = ""

    def organisations(self, via: str = "") -> Q:
        """The rows of this area, for a model with `province` and `district` fields (or reaching them through
        `via`, e.g. "organisation__")."""
        if not self.province:
            return Q()
        place = {f"{via}province": self.province}
        if self.district:
            place[f"{via}district"] = self.district
        return Q(**place)


def overview_areas_for_user(user: AnyUser) -> list[OverviewArea]:
    """The widest areas the user oversees (the country for a site administrator or a national overseer)."""
    if not isinstance(user, User):
        return []
    if user.is_superuser:
        return [OverviewArea()]
    scopes = list(OverseerScope.objects.filter(user=user).values_list("province", "district"))
    if any(not province for province, _ in scopes):
        return [OverviewArea()]
    return sorted(
        {OverviewArea(p, "" if any(q == p and not d for q, d in scopes) else d) for p, d in scopes},
        key=lambda a: (a.province, a.district),
    )


def overview_area_for_user(user: AnyUser, province: str = "", district: str = "") -> OverviewArea:
    """The area at an overview address, if the user oversees it: 404 otherwise (its existence not confirmed)."""
    wanted = OverviewArea(province, district)
    for area in overview_areas_for_user(user):
        if not area.province or (
            area.province == province and (not area.district or area.district == district)
        ):
            return wanted
    raise Http404("ไม่พบพื้นที่นี้ในขอบเขตที่ท่านกำกับดูแล")


def national_import_for_user(user: AnyUser, pk: int) -> NationalImport:
    """A national results import under review: its author's (or a site administrator's) alone."""
    if not overview_areas_for_user(user):
        raise Http404("ไม่พบการนำเข้านี้")
    found = NationalImport.objects.filter(pk=pk).first()
    if found is None or not (
        getattr(user, "is_superuser", False) or found.created_by_id == getattr(user, "pk", None)
    ):
        raise Http404("ไม่พบการนำเข้านี้")
    return found
