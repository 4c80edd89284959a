"""The authorisation door, proved for every address of the programme and every role.

Outsiders (another organisation's people, an overseer of another district, someone with no role) get 404, as if
the organisation did not exist; readers who try to change something get 403; anonymous visitors are sent to log
in. A new address without a row here fails `test_every_address_is_in_the_matrix`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, reverse

from prongsai.web.catalogue import urls as catalogue_urls
from prongsai.web.complaints import urls as complaint_urls
from prongsai.web.programme import urls as programme_urls
from prongsai.web.programme.models import ImportJob
from prongsai.web.publication import urls as publication_urls
from tests.web.conftest import YEAR, World


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(out, "PNG")
    return out.getvalue()


def _complaint(w: World) -> int:
    """A report to A, made through the channel's own service (one per test, as each test has its world)."""
    from prongsai.web.complaints.cleaning import clean_attachment
    from prongsai.web.complaints.models import Complaint
    from prongsai.web.complaints.services import ReportText, complaint_submit, new_form_token

    existing = Complaint.objects.filter(organisation=w.a).first()
    if existing is not None:
        return existing.pk
    complaint, _ = complaint_submit(
        organisation=w.a,
        form_token=new_form_token(),
        kind="bribery",
        text=ReportText("เจ้าหน้าที่เรียกเงินค่าอนุญาต", "", "", ""),
        files=[clean_attachment(_png())],
        today=dt.date(2023, 1, 5),
    )
    return complaint.pk


READERS = {
    "admin",
    "coordinator",
    "officer",
    "officer_other_unit",
    "approver",
    "complaint_officer",
    "overseer",
}
COMPLAINTS = frozenset({"complaint_officer"})  # not the coordinator, not the site administrator
MANAGERS = {"admin", "coordinator"}
OUTSIDERS = {"overseer_elsewhere", "outsider", "nobody"}
ALL_ROLES = sorted(READERS | OUTSIDERS | {"anonymous"})


def _job(world: World) -> int:
    """A report the coordinator uploaded for import, which could not be read."""
    job = ImportJob.objects.create(
        organisation=world.a,
        fiscal_year=YEAR,
        name="รายงาน.docx",
        upload=b"",
        status="failed",
        error="อ่านไม่ได้",
    )
    return job.pk


def _catalogue_entry(world: World) -> int:
    """A public catalogue entry (imported from a published document), which anyone logged in may see."""
    from prongsai.web.catalogue.models import CatalogueEntry

    entry = CatalogueEntry.objects.create(
        origin="imported",
        fiscal_year=YEAR,
        title="เผยแพร่ข้อมูล",
        source="ทดสอบ",
        public=True,
        duplicate_key="x",
    )
    return entry.pk


# (url name, method, who may: "read" | "manage" | a set of roles, how to build the address)
Address = Callable[[World], str]
MATRIX: list[tuple[str, str, str | frozenset[str], Address]] = [
    ("organisation", "GET", "read", lambda w: reverse("organisation", args=[w.a.slug])),
    ("dashboard", "GET", "read", lambda w: reverse("dashboard", args=[w.a.slug, YEAR])),
    ("result", "GET", "read", lambda w: reverse("result", args=[w.a.slug, YEAR])),
    ("result", "POST", "manage", lambda w: reverse("result", args=[w.a.slug, YEAR])),
    ("result-import", "POST", "manage", lambda w: reverse("result-import", args=[w.a.slug, YEAR])),
    ("analysis", "GET", "read", lambda w: reverse("analysis", args=[w.a.slug, YEAR])),
    ("analysis", "POST", "manage", lambda w: reverse("analysis", args=[w.a.slug, YEAR])),
    ("measures", "GET", "read", lambda w: reverse("measures", args=[w.a.slug, YEAR])),
    ("measures-xlsx", "GET", "read", lambda w: reverse("measures-xlsx", args=[w.a.slug, YEAR])),
    ("measure-new", "GET", "manage", lambda w: reverse("measure-new", args=[w.a.slug, YEAR])),
    ("measure-new", "POST", "manage", lambda w: reverse("measure-new", args=[w.a.slug, YEAR])),
    ("measures-copy", "POST", "manage", lambda w: reverse("measures-copy", args=[w.a.slug, YEAR])),
    ("remind-unit", "POST", "manage", lambda w: reverse("remind-unit", args=[w.a.slug, YEAR, w.finance.pk])),
    ("measures-import", "GET", "manage", lambda w: reverse("measures-import", args=[w.a.slug, YEAR])),
    ("measures-import", "POST", "manage", lambda w: reverse("measures-import", args=[w.a.slug, YEAR])),
    (
        "measures-import-job",
        "GET",
        "manage",
        lambda w: reverse("measures-import-job", args=[w.a.slug, YEAR, _job(w)]),
    ),
    (
        "measures-import-save",
        "POST",
        "manage",
        lambda w: reverse("measures-import-save", args=[w.a.slug, YEAR]),
    ),
    ("measure", "GET", "read", lambda w: reverse("measure", args=[w.a.slug, w.measure.pk])),
    ("measure-edit", "GET", "manage", lambda w: reverse("measure-edit", args=[w.a.slug, w.measure.pk])),
    ("measure-edit", "POST", "manage", lambda w: reverse("measure-edit", args=[w.a.slug, w.measure.pk])),
    # the measure belongs to งานพัสดุ, a section of กองคลัง: the officer of กองคลัง reports on it
    (
        "progress-new",
        "POST",
        frozenset({"admin", "coordinator", "officer"}),
        lambda w: reverse("progress-new", args=[w.a.slug, w.measure.pk]),
    ),
    (
        "progress-new",
        "POST",
        frozenset({"admin", "coordinator", "officer_other_unit"}),
        lambda w: reverse("progress-new", args=[w.a.slug, w.other_measure.pk]),
    ),
    (
        "outcome",
        "POST",
        frozenset({"admin", "coordinator", "officer"}),
        lambda w: reverse("outcome", args=[w.a.slug, w.measure.pk]),
    ),
    (
        "outcome",
        "POST",
        frozenset({"admin", "coordinator", "officer_other_unit"}),
        lambda w: reverse("outcome", args=[w.a.slug, w.other_measure.pk]),
    ),
    ("evidence", "GET", "read", lambda w: reverse("evidence", args=[w.a.slug, w.evidence.pk])),
    ("audit", "GET", "manage", lambda w: reverse("audit", args=[w.a.slug])),
    ("documents", "GET", "read", lambda w: reverse("documents", args=[w.a.slug, YEAR])),
    ("documents-emblem", "POST", "manage", lambda w: reverse("documents-emblem", args=[w.a.slug, YEAR])),
    ("documents-register", "POST", "manage", lambda w: reverse("documents-register", args=[w.a.slug, YEAR])),
    ("approvals", "GET", "read", lambda w: reverse("approvals", args=[w.a.slug, YEAR])),
    ("version-submit", "POST", "manage", lambda w: reverse("version-submit", args=[w.a.slug, YEAR])),
    # only the approver whose turn it is decides; the service refuses everyone else with 403
    (
        "version-decide",
        "POST",
        frozenset({"approver"}),
        lambda w: reverse("version-decide", args=[w.a.slug, w.version.pk]),
    ),
    (
        "version-publish",
        "POST",
        "manage",
        lambda w: reverse("version-publish", args=[w.a.slug, w.version.pk]),
    ),
    ("version-file", "GET", "read", lambda w: reverse("version-file", args=[w.a.slug, w.version.pk, "docx"])),
    ("approval-chain", "GET", "manage", lambda w: reverse("approval-chain", args=[w.a.slug])),
    ("approval-chain", "POST", "manage", lambda w: reverse("approval-chain", args=[w.a.slug])),
    (
        "document-file",
        "GET",
        "read",
        lambda w: reverse("document-file", args=[w.a.slug, YEAR, "implementation", "docx"]) + "?layout=B",
    ),
    # the complaint channel: its officers alone read and handle complaints; everyone in it sees the figures
    ("complaints", "GET", COMPLAINTS, lambda w: reverse("complaints", args=[w.a.slug])),
    ("complaint", "GET", COMPLAINTS, lambda w: reverse("complaint", args=[w.a.slug, _complaint(w)])),
    (
        "complaint-message",
        "POST",
        COMPLAINTS,
        lambda w: reverse("complaint-message", args=[w.a.slug, _complaint(w)]),
    ),
    (
        "complaint-status",
        "POST",
        COMPLAINTS,
        lambda w: reverse("complaint-status", args=[w.a.slug, _complaint(w)]),
    ),
    (
        "complaint-file",
        "GET",
        COMPLAINTS,
        lambda w: reverse("complaint-file", args=[w.a.slug, _complaint(w), 1]),
    ),
    (
        "catalogue-use",
        "POST",
        "manage",
        lambda w: reverse("catalogue-use", args=[w.a.slug, YEAR, _catalogue_entry(w)]),
    ),
    ("complaint-statistics", "GET", "read", lambda w: reverse("complaint-statistics", args=[w.a.slug, YEAR])),
    (
        "complaint-statistics-file",
        "GET",
        "read",
        lambda w: reverse("complaint-statistics-file", args=[w.a.slug, YEAR, "docx"]),
    ),
]


def _allowed(rule: str | frozenset[str]) -> set[str]:
    if rule == "read":
        return READERS
    if rule == "manage":
        return MANAGERS
    return set(rule)


CASES = [(name, method, rule, address, role) for name, method, rule, address in MATRIX for role in ALL_ROLES]


@pytest.mark.parametrize(
    ("name", "method", "rule", "address", "role"),
    CASES,
    ids=[f"{c[1]} {c[0]} {i} as {c[4]}" for i, c in enumerate(CASES)],
)
def test_access(
    world: World, name: str, method: str, rule: str | frozenset[str], address: Address, role: str
) -> None:
    url = address(world)
    client = world.client(role)
    response = client.get(url) if method == "GET" else client.post(url, {})
    if role == "anonymous":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    elif role in OUTSIDERS:
        assert response.status_code == 404
    elif role in _allowed(rule):
        assert response.status_code in (200, 302, 400), response.status_code
    else:
        assert response.status_code == 403


def test_every_address_is_in_the_matrix() -> None:
    patterns = [
        *programme_urls.urlpatterns,
        *publication_urls.urlpatterns,
        *complaint_urls.urlpatterns,
        *catalogue_urls.organisation_urlpatterns,
    ]
    # the notifications page is each person's own, not an organisation's (tests/web/test_reminders.py)
    names = {p.name for p in patterns if isinstance(p, URLPattern)} - {"notifications"}
    assert names == {name for name, *_ in MATRIX}


@pytest.mark.parametrize("role", sorted(READERS))
@pytest.mark.parametrize("kind", ["measure", "measure-edit", "evidence"])
def test_another_organisations_objects_under_our_address_are_404(world: World, role: str, kind: str) -> None:
    pk = world.b_evidence.pk if kind == "evidence" else world.b_measure.pk
    assert world.client(role).get(reverse(kind, args=[world.a.slug, pk])).status_code == 404


def test_another_organisations_complaint_under_our_address_is_404(world: World) -> None:
    from prongsai.web.complaints.services import ReportText, complaint_submit, new_form_token

    theirs, _ = complaint_submit(
        organisation=world.b,
        form_token=new_form_token(),
        kind="other",
        text=ReportText("เรื่องของหน่วยงานอื่น", "", "", ""),
        files=[],
        today=dt.date(2023, 1, 5),
    )
    client = world.client("complaint_officer")
    assert client.get(reverse("complaint", args=[world.a.slug, theirs.pk])).status_code == 404
    assert client.get(reverse("complaint", args=[world.b.slug, theirs.pk])).status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/o/thotsop/measures/999999/",
        "/o/thotsop/evidence/999999/",
        "/o/nowhere/2566/",
        "/o/thotsop/2566/x/",
        "/o/thotsop/measures/99999999999999999999999/",
    ],
)
def test_invalid_ids_are_404(world: World, url: str) -> None:
    assert world.client("coordinator").get(url).status_code == 404


def test_home_lists_only_what_a_person_may_read(world: World) -> None:
    overseer_home = world.client("overseer").get("/")
    assert overseer_home.status_code == 302 and overseer_home["Location"] == reverse(
        "organisation", args=["thotsop"]
    )
    admin_page = world.client("admin").get("/").content.decode()
    assert "องค์การบริหารส่วนตำบลทดสอบ" in admin_page and "เทศบาลตำบลอื่น" in admin_page
    assert "ยังไม่มีหน่วยงานที่ท่านเข้าถึงได้" in world.client("nobody").get("/").content.decode()


def test_overseer_of_a_district_sees_that_district_only(world: World) -> None:
    from prongsai.web.organisations.models import OverseerScope

    OverseerScope.objects.create(user=world.users["overseer_elsewhere"], province="ลำปาง", district="แม่ทะ")
    client = world.client("overseer_elsewhere")
    assert client.get(reverse("dashboard", args=[world.b.slug, YEAR])).status_code == 200
    assert client.post(reverse("measure-new", args=[world.b.slug, YEAR]), {}).status_code == 403


# --- the API: the same door, reached with a personal token --------------------------------------------------------
# (method, path as the OpenAPI document names it, who may: "read" | "manage" | a set of roles, address, JSON body)
# Insiders without the right get 403, outsiders 404, a request without a token 401. A list across
# organisations ("list") answers everyone with a token, holding only what they may read.
ApiBody = Callable[[World], dict[str, object]] | None
API = "/api/v1"
OVERSEERS = frozenset({"admin", "overseer"})
API_MATRIX: list[tuple[str, str, str | frozenset[str], Address, ApiBody]] = [
    ("GET", f"{API}/organisations", "list", lambda w: f"{API}/organisations?limit=200", None),
    ("GET", f"{API}/measures", "list", lambda w: f"{API}/measures?limit=200", None),
    ("GET", f"{API}/organisations/{{slug}}", "read", lambda w: f"{API}/organisations/{w.a.slug}", None),
    (
        "GET",
        f"{API}/organisations/{{slug}}/results",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/results",
        None,
    ),
    (
        "GET",
        f"{API}/organisations/{{slug}}/results/{{year}}",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/results/{YEAR - 1}",
        None,
    ),
    (
        "GET",
        f"{API}/organisations/{{slug}}/analysis/{{year}}",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/analysis/{YEAR}",
        None,
    ),
    (
        "GET",
        f"{API}/organisations/{{slug}}/measures",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/measures?year={YEAR}",
        None,
    ),
    (
        "POST",
        f"{API}/organisations/{{slug}}/measures",
        "manage",
        lambda w: f"{API}/organisations/{w.a.slug}/measures",
        lambda w: {"fiscal_year": YEAR, "title": "ตรวจสอบการเบิกจ่าย"},
    ),
    (
        "GET",
        f"{API}/organisations/{{slug}}/measures/{{pk}}",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/measures/{w.measure.pk}",
        None,
    ),
    (
        "PATCH",
        f"{API}/organisations/{{slug}}/measures/{{pk}}",
        "manage",
        lambda w: f"{API}/organisations/{w.a.slug}/measures/{w.measure.pk}",
        lambda w: {"version": w.measure.version, "title": "เผยแพร่แผนการใช้จ่ายงบประมาณทุกไตรมาส"},
    ),
    (
        "POST",
        f"{API}/organisations/{{slug}}/measures/{{pk}}/outcome",
        frozenset({"admin", "coordinator", "officer"}),
        lambda w: f"{API}/organisations/{w.a.slug}/measures/{w.measure.pk}/outcome",
        lambda w: {"status": "in_progress", "version": w.measure.version},
    ),
    (
        "GET",
        f"{API}/organisations/{{slug}}/measures/{{pk}}/progress",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/measures/{w.measure.pk}/progress",
        None,
    ),
    (
        "POST",
        f"{API}/organisations/{{slug}}/measures/{{pk}}/progress",
        frozenset({"admin", "coordinator", "officer_other_unit"}),
        lambda w: f"{API}/organisations/{w.a.slug}/measures/{w.other_measure.pk}/progress",
        lambda w: {"date": "2023-01-05", "text": "ลงพื้นที่สำรวจถนน"},
    ),
    (
        "GET",
        f"{API}/organisations/{{slug}}/evidence/{{pk}}",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/evidence/{w.evidence.pk}",
        None,
    ),
    (
        "GET",
        f"{API}/organisations/{{slug}}/versions",
        "read",
        lambda w: f"{API}/organisations/{w.a.slug}/versions?year={YEAR}",
        None,
    ),
    # the overseers' figures of น่าน: the area is 404 to everyone who does not oversee it
    ("GET", f"{API}/overview", OVERSEERS, lambda w: f"{API}/overview?province=น่าน", None),
]


def api_client(world: World, role: str, scope: str = "write") -> Client:
    """A client that sends `role`'s personal token (none for "anonymous")."""
    from prongsai.web.api.tokens import token_create

    if role == "anonymous":
        return Client()
    _, text = token_create(user=world.users[role], name="ทดสอบ", scope=scope)
    return Client(headers={"Authorization": f"Bearer {text}"})


def api_call(client: Client, method: str, url: str, body: dict[str, object] | None) -> HttpResponse:
    if method == "GET":
        return client.get(url)
    send = client.post if method == "POST" else client.patch
    return send(url, json.dumps(body or {}), content_type="application/json")


API_CASES = [(m, p, rule, a, b, role) for m, p, rule, a, b in API_MATRIX for role in ALL_ROLES]


@pytest.mark.parametrize(
    ("method", "path", "rule", "address", "body", "role"),
    API_CASES,
    ids=[f"{c[0]} {c[1]} as {c[5]}" for c in API_CASES],
)
def test_api_access(
    world: World,
    method: str,
    path: str,
    rule: str | frozenset[str],
    address: Address,
    body: ApiBody,
    role: str,
) -> None:
    response = api_call(api_client(world, role), method, address(world), body(world) if body else None)
    if role == "anonymous":
        assert response.status_code == 401
        return
    if rule == "list":
        assert response.status_code == 200
        held = {item.get("slug") or item.get("organisation") for item in response.json()["items"]}
        assert (world.a.slug in held) == (role in READERS), held
        assert world.b.slug not in held or role in {"admin", "outsider"}
        return
    if role in OUTSIDERS or (rule is OVERSEERS and role not in OVERSEERS):
        assert response.status_code == 404, response.content
        assert "ไม่พบ" in response.json()["detail"]
    elif role in _allowed(rule):
        assert response.status_code in (200, 201, 400), response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["detail"].startswith(("เฉพาะ", "มาตรการนี้"))


def test_every_api_operation_is_in_the_matrix() -> None:
    from prongsai.web.api.api import operations

    assert set(operations()) == {(method, path) for method, path, *_ in API_MATRIX}
