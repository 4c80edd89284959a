"""Every page of the site, as every role and logged out, reads in Thai with Buddhist Era dates.

The crawl enumerates the URL resolver: a new address is crawled without anyone remembering to, and an address
whose arguments the crawl cannot fill fails `test_every_page_is_crawled` until it gets a row in ARGUMENTS. The
data holds every value of every enumeration a person reads (measure statuses, groups, tools, document kinds and
layouts, version statuses, decisions, job statuses, framework file states, complaint statuses, audit actions),
so an English code anywhere shows.

What counts as visible: text between tags (not in <script>, <style>, nor a <cite>: a source quoted as it is
written, the frameworks' bibliography), the page's <title>, the attributes a person sees (title, placeholder, alt, aria-label, the value of a button or a visible text box). Not visible: the
values of hidden inputs and other attributes (hrefs, ISO dates kept for programs), a <input type="date">'s value
(the browser shows it in its own way). A Christian-era year is 19xx or 20xx (in Arabic or Thai digits) standing
alone; English codes are checked outside elements marked lang="en" (English that follows the Thai on purpose).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib import resources
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from prongsai.core import vocabulary
from prongsai.web.api.tokens import token_create
from prongsai.web.catalogue.models import CatalogueEntry
from prongsai.web.catalogue.sync import entries_sync_measures
from prongsai.web.complaints.models import Complaint
from prongsai.web.complaints.services import complaint_set_status
from prongsai.web.frameworks.models import FrameworkFile
from prongsai.web.organisations.models import AuditEntry
from prongsai.web.oversight.models import NationalImport
from prongsai.web.programme.models import ImportJob, Measure
from prongsai.web.publication.models import (
    Approval,
    BackgroundJob,
    DocumentVersion,
    Notification,
    Publication,
)
from prongsai.web.publication.services import version_submit
from tests.web.conftest import YEAR, World
from tests.web.test_access import ALL_ROLES, _complaint

# --- what a person sees --------------------------------------------------------------------------------------

CHRISTIAN_YEAR = re.compile(r"(?<![0-9๐-๙])(?:19[0-9]{2}|20[0-9]{2}|๑๙[๐-๙]{2}|๒๐[๐-๙]{2})(?![0-9๐-๙])")
VISIBLE_ATTRIBUTES = {"title", "placeholder", "alt", "aria-label"}
SHOWN_VALUE = {"submit", "button", "text", "search", ""}  # input types whose value is on the screen
HIDDEN_TAGS = {"script", "style", "cite"}
VOID_TAGS = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
# Stored codes a person must never read: every lowercase value (the ITA's own abbreviations IIT, A–D, C… are
# what staff write, and are shown as such).
CODES = sorted(
    {v for e in vocabulary.ALL for v in e.values if re.fullmatch(r"[a-z][a-z_.]+", v)}, key=len, reverse=True
)
CODE = re.compile(r"(?<![A-Za-z_.])(" + "|".join(re.escape(c) for c in CODES) + r")(?![A-Za-z_])")


@dataclass
class Visible(HTMLParser):
    """The text of a page a person sees: all of it, and the part meant to be Thai (outside lang="en")."""

    all: list[str] = field(default_factory=list)
    thai: list[str] = field(default_factory=list)
    stack: list[tuple[str, bool, bool]] = field(default_factory=list)  # tag, hidden, english

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def _state(self) -> tuple[bool, bool]:
        return (self.stack[-1][1], self.stack[-1][2]) if self.stack else (False, False)

    def _add(self, text: str, english: bool) -> None:
        self.all.append(text)
        if not english:
            self.thai.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        hidden, english = self._state()
        values = dict(attrs)
        hidden = hidden or tag in HIDDEN_TAGS or "hidden" in values
        english = english or values.get("lang") == "en"
        if not hidden:
            for name in VISIBLE_ATTRIBUTES & set(values):
                self._add(values[name] or "", english)
            if tag == "input" and (values.get("type") or "").lower() in SHOWN_VALUE:
                self._add(values.get("value") or "", english)
        if tag not in VOID_TAGS:
            self.stack.append((tag, hidden, english))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, -1, -1):  # forgiving of unclosed <p>, <li>, <td>
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        hidden, english = self._state()
        if not hidden:
            self._add(data, english)


def problems(html: str) -> list[str]:
    """What a person should not read on the page: Christian-era years and English codes, with their context."""
    page = Visible()
    page.feed(html)
    found = []
    for texts, pattern, what in ((page.all, CHRISTIAN_YEAR, "ปี ค.ศ."), (page.thai, CODE, "รหัสภาษาอังกฤษ")):
        text = re.sub(r"\s+", " ", " ".join(texts))
        for match in pattern.finditer(text):
            found.append(
                f"{what} “{match.group(0)}” in …{text[max(0, match.start() - 40) : match.end() + 40]}…"
            )
    return found


def is_thai_error_page(html: str) -> bool:
    """A Thai page with the site's navigation, as every error page must be."""
    return '<html lang="th">' in html and '<header class="site">' in html and "กลับหน้าแรก" in html


# --- the data: every value of every enumeration ---------------------------------------------------------------


@dataclass
class Site:
    world: World
    ids: dict[str, Any]


@pytest.fixture
def site(world: World, settings: Any) -> Site:
    settings.DEBUG = False
    a, coordinator = world.a, world.users["coordinator"]
    for user in world.users.values():  # people are shown by name; usernames are codes of their own
        user.first_name = "สมชาย"
        user.last_name = "ใจดี"
        user.save()
    for number, (status, group, tool) in enumerate(
        zip(
            vocabulary.MEASURE_STATUS.values,
            (*vocabulary.MEASURE_GROUP.values, "urgent"),
            (*vocabulary.TOOL.values, "IIT"),
            strict=True,
        ),
        start=3,
    ):
        Measure.objects.create(
            organisation=a,
            fiscal_year=YEAR,
            number=number,
            title=f"มาตรการสถานะ {number}",
            status=status,
            group=group,
            tool=tool,
            timeframe_text="ต.ค. 65 – ก.ย. 66",
            start=dt.date(2022, 10, 1),
            end=dt.date(2023, 9, 30),
        )
    # the approver approves the implementation report, which is published; every other kind is submitted and
    # left in each other status; every layout is used
    # (the measures added above void the fixture's version: a new one holds them all)
    published = version_submit(organisation=a, year=YEAR, kind="implementation", layout="A", user=coordinator)
    world.client("approver").post(
        reverse("version-decide", args=[a.slug, published.pk]), {"decision": "approve", "opinion": "เห็นชอบ"}
    )
    world.client("coordinator").post(reverse("version-publish", args=[a.slug, published.pk]))
    assert Publication.objects.filter(version=published).exists()
    statuses = iter(["pending", "returned", "void"])
    for kind, layout in zip(("analysis", "measures", "complaints"), ("B", "C", "D"), strict=True):
        version = version_submit(organisation=a, year=YEAR, kind=kind, layout=layout, user=coordinator)
        DocumentVersion.objects.filter(pk=version.pk).update(status=next(statuses), void_reason="ข้อมูลเปลี่ยน")
    returned = DocumentVersion.objects.get(organisation=a, kind="measures")
    Approval.objects.create(
        version=returned,
        order=1,
        approver=world.users["approver"],
        name="ปลัด",
        position="ปลัด",
        decision="return",
    )
    for status in vocabulary.BACKGROUND_JOB_STATUS.values:
        BackgroundJob.objects.create(
            kind="publish", organisation=a, version=returned, status=status, error="ขัดข้อง"
        )
    # every audit action, as the services write them
    for action in vocabulary.AUDIT_ACTION.values:
        AuditEntry.objects.create(
            organisation=a, user=coordinator, action=action, object_type="x", summary="ทดสอบ"
        )
    # a report read by the importer, with what it could not place and each status
    jobs = {}
    for status in vocabulary.IMPORT_JOB_STATUS.values:
        jobs[status] = ImportJob.objects.create(
            organisation=a, fiscal_year=YEAR, name="รายงาน.docx", upload=b"", status=status, error="อ่านไม่ได้"
        ).pk
    ImportJob.objects.filter(pk=jobs["done"]).update(document=_imported_document())
    complaint = Complaint.objects.get(pk=_complaint(world))
    for status in vocabulary.COMPLAINT_STATUS.values[1:]:
        complaint_set_status(
            complaint=complaint,
            user=world.users["complaint_officer"],
            status=status,
            forwarded_to="nacc" if status == "forwarded" else "",
            outcome="ยุติ" if status == "closed" else "",
            today=dt.date(2023, 1, 6),
        )
    for user in world.users.values():
        Notification.objects.create(
            user=user, organisation=a, key="due-7:x", day=dt.date(2023, 6, 23), text="ใกล้ครบกำหนด", url="/"
        )
    framework_files = {}
    shipped = resources.files("prongsai.frameworks").joinpath("ita2569.yaml").read_text(encoding="utf-8")
    for state in vocabulary.FRAMEWORK_FILE_STATE.values:
        framework_files[state] = FrameworkFile.objects.create(
            version=2569,
            name="ita2569.yaml",
            text=shipped,
            sha256="0" * 64,
            state=state,
            uploaded_by=world.users["admin"],
        ).pk
    national = NationalImport.objects.create(name="ita.csv", rows=[], created_by=world.users["admin"])
    # the catalogue's entries of these measures, and a personal API token
    entries_sync_measures(Measure.objects.values_list("pk", flat=True))
    token, _ = token_create(user=coordinator, name="บอทไลน์", scope="write")
    return Site(
        world,
        {
            "import_job": jobs["done"],
            "framework_file": framework_files["pending"],
            "national": national.pk,
            "token": token.pk,
            "entry": CatalogueEntry.objects.filter(organisation=a).values_list("pk", flat=True).first(),
        },
    )


def _imported_document() -> dict[str, Any]:
    from prongsai.core.model import Document, Measure, MeasureTimeframe, Organisation, Responsible, Unread

    return Document(
        title="รายงาน",
        kind="implementation",
        organisation=Organisation("อบต.ทดสอบ"),
        fiscal_year=YEAR,
        memo=None,
        result=None,
        measures=[
            Measure(
                number=n,
                group=None,
                tool=None,
                indicator=None,
                questions=[],
                issue=None,
                measure=f"มาตรการ {n}",
                steps=[],
                responsible=[Responsible("กองคลัง")],
                timeframe=MeasureTimeframe("ต.ค. 65", dt.date(2022, 10, 1), dt.date(2022, 10, 31)),
                progress=None,
                status=status,
                summary=None,
                suggestions=None,
            )
            for n, status in enumerate(vocabulary.MEASURE_STATUS.values, start=1)
        ],
        unread=[Unread("ข้อความเกิน", "table 1, row 4, cell 6")],
        warnings=["table 1, row 2: ไม่รู้จักตัวชี้วัด “๑๑”"],
    ).to_dict()


# --- the addresses ---------------------------------------------------------------------------------------------

Arguments = Callable[[Site], list[dict[str, Any]]]


def _org_year(s: Site) -> list[dict[str, Any]]:
    return [{"org": s.world.a.slug, "year": YEAR}]


def _org(s: Site) -> list[dict[str, Any]]:
    return [{"org": s.world.a.slug}]


def _measures(s: Site) -> list[dict[str, Any]]:
    return [{"org": s.world.a.slug, "pk": m.pk} for m in Measure.objects.filter(organisation=s.world.a)]


def _versions(s: Site) -> list[dict[str, Any]]:
    return [
        {"org": s.world.a.slug, "pk": v.pk} for v in DocumentVersion.objects.filter(organisation=s.world.a)
    ]


def _public(s: Site) -> list[dict[str, Any]]:
    return [{"slug": s.world.a.slug, "year": YEAR}]


# Every named address that takes arguments: how to fill them (several fillings crawl several pages).
ARGUMENTS: dict[str, Arguments] = {
    "password_reset_confirm": lambda s: [{"uidb64": "MQ", "token": "expired-token"}],
    "framework-detail": lambda s: [{"version": v} for v in (2565, 2566, 2567, 2568, 2569)],
    "framework-file": lambda s: [{"pk": s.ids["framework_file"]}],
    "framework-file-action": lambda s: [{"pk": s.ids["framework_file"]}],
    "national-import-review": lambda s: [{"pk": s.ids["national"]}],
    "overview-export": lambda s: [{"fmt": "csv"}],
    "overview-province": lambda s: [{"province": "น่าน"}],
    "overview-export-province": lambda s: [{"province": "น่าน", "fmt": "csv"}],
    "overview-district": lambda s: [{"province": "น่าน", "district": "เมือง"}],
    "overview-export-district": lambda s: [{"province": "น่าน", "district": "เมือง", "fmt": "csv"}],
    "organisation": _org,
    "dashboard": _org_year,
    "result": _org_year,
    "result-import": _org_year,
    "analysis": _org_year,
    "measures": _org_year,
    "measure-new": _org_year,
    "measures-copy": _org_year,
    "measures-import": _org_year,
    "measures-import-job": lambda s: [
        {"org": s.world.a.slug, "year": YEAR, "pk": job.pk} for job in ImportJob.objects.all()
    ],
    "measures-import-save": _org_year,
    "measure": _measures,
    "measure-edit": _measures,
    "progress-new": _measures,
    "outcome": _measures,
    "evidence": lambda s: [{"org": s.world.a.slug, "pk": s.world.evidence.pk}],
    "documents": _org_year,
    "documents-emblem": _org_year,
    "documents-register": _org_year,
    "document-file": lambda s: [
        {"org": s.world.a.slug, "year": YEAR, "kind": "implementation", "fmt": "docx"}
    ],
    "audit": _org,
    "approvals": _org_year,
    "version-submit": _org_year,
    "version-decide": _versions,
    "version-publish": _versions,
    "version-file": lambda s: [{"org": s.world.a.slug, "pk": s.world.version.pk, "fmt": "docx"}],
    "approval-chain": _org,
    "complaints": _org,
    "complaint": lambda s: [{"org": s.world.a.slug, "pk": _complaint(s.world)}],
    "complaint-message": lambda s: [{"org": s.world.a.slug, "pk": _complaint(s.world)}],
    "complaint-status": lambda s: [{"org": s.world.a.slug, "pk": _complaint(s.world)}],
    "complaint-file": lambda s: [{"org": s.world.a.slug, "pk": _complaint(s.world), "number": 1}],
    "complaint-statistics": _org_year,
    "complaint-statistics-file": lambda s: [{"org": s.world.a.slug, "year": YEAR, "fmt": "docx"}],
    "complaint-report": lambda s: [{"slug": s.world.a.slug}],
    "public-organisation": lambda s: [{"slug": s.world.a.slug}],
    "public-year": _public,
    "public-file": lambda s: [
        {"slug": s.world.a.slug, "year": YEAR, "kind": "implementation", "number": 2, "fmt": "docx"}
    ],
    "public-open-data": lambda s: [{**_public(s)[0], "fmt": "json"}, {**_public(s)[0], "fmt": "csv"}],
    "public-evidence": lambda s: [{"slug": s.world.a.slug, "pk": s.world.evidence.pk}],
    "api-token-revoke": lambda s: [{"pk": s.ids["token"]}],
    "measures-xlsx": _org_year,
    "remind-unit": lambda s: [{"org": s.world.a.slug, "year": YEAR, "pk": s.world.works.pk}],
    "catalogue-entry": lambda s: [{"pk": s.ids["entry"]}],
    "catalogue-effect": lambda s: [{"code": "e15"}, {"code": "o1"}],
    "catalogue-use": lambda s: [{"org": s.world.a.slug, "year": YEAR, "pk": s.ids["entry"]}],
}
# Files (documents, exports): fetched once each, by the coordinator, the administrator and a visitor; their
# words are checked by their own tests (the documents' in tests/documents, the open data's below).
FILES = {
    "measures-xlsx",
    "document-file",
    "version-file",
    "complaint-file",
    "complaint-statistics-file",
    "public-file",
    "public-open-data",
    "evidence",
    "public-evidence",
    "overview-export",
    "overview-export-province",
    "overview-export-district",
}
# Left out, and why.
NOT_CRAWLED = {
    "logout": "a POST that ends the session the crawl is using",
}


def _patterns(patterns: list[Any], namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":  # Django's own administration, in its own (partly Thai) words
                continue
            if pattern.namespace == "api":  # JSON for programs: English field names and codes by design (its
                continue  # messages are Thai and its addresses in the access matrix: tests/web/test_api.py)
            yield from _patterns(pattern.url_patterns, pattern.namespace or namespace)
        elif pattern.name:
            yield (f"{namespace}:" if namespace else "") + pattern.name, pattern


def addresses(site: Site) -> tuple[list[tuple[str, str]], list[str]]:
    """Every address to crawl (name, path), and the names the crawl cannot fill."""
    found, unfilled = [], []
    for name, pattern in _patterns(get_resolver().url_patterns):
        if name in NOT_CRAWLED:
            continue
        if not pattern.pattern.converters:
            found.append((name, reverse(name)))
        elif name in ARGUMENTS:
            found += [(name, reverse(name, kwargs=kwargs)) for kwargs in ARGUMENTS[name](site)]
        else:
            unfilled.append(name)
    return found, unfilled


def crawl(site: Site, roles: list[str]) -> tuple[list[str], set[str]]:
    """Every page as every role: what a person should not read, and error pages that are not the site's; and
    the names of the pages read (a page, for the crawl, is an HTML answer with status 200)."""
    found, _ = addresses(site)
    report, read = [], set()
    for role in roles:
        client = site.world.client(role)
        client.raise_request_exception = False
        for name, path in found:
            if name in FILES and role not in {"coordinator", "admin", "anonymous"}:
                continue
            response = client.get(path)
            content_type = response.get("Content-Type", "")
            if response.status_code >= 500:
                report.append(f"{role} {path}: {response.status_code} ระบบขัดข้อง")
            elif response.status_code >= 400:
                if not is_thai_error_page(response.content.decode()):
                    report.append(f"{role} {path}: {response.status_code} ไม่ใช่หน้าภาษาไทยของระบบ")
            elif response.status_code == 200 and content_type.startswith("text/html"):
                read.add(name)
                report += [f"{role} {path}: {p}" for p in problems(response.content.decode())]
    return sorted(set(report)), read


# --- the tests -----------------------------------------------------------------------------------------------


def test_every_page_is_crawled(site: Site) -> None:
    """A new address with arguments the crawl cannot fill fails here until ARGUMENTS has its row."""
    _, unfilled = addresses(site)
    assert unfilled == [], f"add these addresses to ARGUMENTS in {__name__}: {unfilled}"
    names = {name for name, _ in _patterns(get_resolver().url_patterns)}
    assert set(ARGUMENTS) <= names, set(ARGUMENTS) - names  # no row for an address that is gone


@pytest.mark.parametrize("roles", [ALL_ROLES[: len(ALL_ROLES) // 2], ALL_ROLES[len(ALL_ROLES) // 2 :]])
def test_every_page_reads_in_thai_with_buddhist_era_dates(site: Site, roles: list[str]) -> None:
    report, read = crawl(site, roles)
    assert report == [], "\n".join(report)
    # the crawl reached the pages (logged in, with data), not only login forms and refusals
    if "coordinator" in roles:
        assert {
            "dashboard",
            "measures",
            "measure",
            "audit",
            "approvals",
            "measures-import-job",
            "public-year",
        } <= read
    if "admin" in roles:
        assert {
            "framework-files",
            "framework-file",
            "overview",
            "national-import-review",
            "notifications",
        } <= read
    if "complaint_officer" in roles:
        assert {"complaints", "complaint", "complaint-statistics"} <= read


def test_the_crawl_sees_what_a_person_sees() -> None:
    """The oracle, checked on its own: what it finds and what it leaves."""
    page = """<html lang="th"><head><title>ปี 2023</title><script>var y = 2024; var s = "completed"</script>
      </head><body><p>เผยแพร่เมื่อ 1 ธ.ค. 2569 · completed</p><input type="hidden" name="d" value="2023-10-01">
      <a href="/x/2021/" title="ในปี 1999">ลิงก์</a><small lang="en">partial: as in 2567; done</small>
      <input type="submit" value="version.publish"><p>ปี ๒๐๒๕ in_progress_more</p><p>เลข 120235</p></body></html>"""
    found = problems(page)
    assert [f.split("”")[0] for f in found] == [
        "ปี ค.ศ. “2023",
        "ปี ค.ศ. “1999",
        "ปี ค.ศ. “๒๐๒๕",
        "รหัสภาษาอังกฤษ “completed",
        "รหัสภาษาอังกฤษ “version.publish",
    ]


def test_every_enumeration_has_its_codes_checked() -> None:
    """The crawl's list of codes is made from the vocabulary: each lowercase value is in it."""
    assert {"completed", "in_progress", "version.publish", "measure.import", "implementation"} <= set(CODES)
    assert "IIT" not in CODES and "A" not in CODES


def test_error_pages_are_thai_with_the_menu(world: World, settings: Any) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.web.error_urls"
    for role in ("anonymous", "coordinator"):
        client = world.client(role)
        client.raise_request_exception = False
        for path, status in (
            ("/no-such-page/", 404),
            ("/boom/", 500),
            ("/bad/", 400),
            ("/denied/", 403),
            # a form's address, opened (a visitor is first sent to log in)
            (reverse("version-submit", args=[world.a.slug, YEAR]), 405 if role == "coordinator" else 302),
        ):
            response = client.get(path)
            assert response.status_code == status, path
            if status == 302:
                continue
            html = response.content.decode()
            assert is_thai_error_page(html), (role, path, html[:500])
            assert ("ออกจากระบบ" in html) == (role == "coordinator")  # the person's own menu
    csrf = Client(enforce_csrf_checks=True)
    response = csrf.post(reverse("login"), {"username": "coordinator", "password": "x"})
    assert response.status_code == 403 and is_thai_error_page(response.content.decode())
    assert "CSRF" not in response.content.decode()


def test_the_server_error_page_survives_a_broken_database(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.web.error_urls"
    from prongsai.web import errors

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("the database is gone")

    monkeypatch.setattr(errors.loader, "render_to_string", broken)
    client = world.client("coordinator")
    client.raise_request_exception = False
    response = client.get("/boom/")
    assert response.status_code == 500 and "ระบบขัดข้อง" in response.content.decode()


def test_public_csv_has_thai_headings_statuses_and_dates(site: Site) -> None:
    import csv
    import io

    response = Client().get(reverse("public-open-data", args=[site.world.a.slug, YEAR, "csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["ลำดับ (number)", "แบบวัด (tool)", "ตัวชี้วัด (indicator)"]
    by_heading = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert by_heading[0]["สถานะ (status)"] == "ยังไม่รายงาน"
    assert by_heading[0]["สิ้นสุด (end)"] == "30 ก.ย. 2566"
    assert not any(CODE.search(" ".join(row)) or CHRISTIAN_YEAR.search(" ".join(row)) for row in rows)


def test_audit_shows_every_action_in_thai(site: Site) -> None:
    html = site.world.client("coordinator").get(reverse("audit", args=[site.world.a.slug])).content.decode()
    for value, label in vocabulary.AUDIT_ACTION.entries:
        assert label in html, value


def test_the_issues_examples_read_in_thai(site: Site) -> None:
    """The places the issue names, each with the Thai it should show (today's date in the Buddhist Era)."""
    from django.utils import timezone

    from prongsai.core.thai import format_date

    w, today = site.world, timezone.localdate()
    coordinator = w.client("coordinator")
    public = Client().get(reverse("public-year", args=[w.a.slug, YEAR])).content.decode()
    assert f"<td>{format_date(today, 'full', thai_digits=False)}</td>" in public  # เผยแพร่เมื่อ
    assert "<td>ดำเนินการแล้วเสร็จ</td>" in public and "<td>ยังไม่รายงาน</td>" in public
    approvals = coordinator.get(reverse("approvals", args=[w.a.slug, YEAR])).content.decode()
    assert f"{format_date(today, 'medium', thai_digits=False)} " in approvals
    assert "(ข: ลำดับและผลลัพธ์)" in approvals  # the layout by its name
    review = coordinator.get(
        reverse("measures-import-job", args=[w.a.slug, YEAR, site.ids["import_job"]])
    ).content.decode()
    assert "[ตารางที่ 1 แถวที่ 4 ช่องที่ 6]" in review and "ตารางที่ 1 แถวที่ 2: ไม่รู้จักตัวชี้วัด" in review
    assert "สถานะ: ไม่สามารถดำเนินการได้" in review and "(1 ตุลาคม 2565 – 31 ตุลาคม 2565)" in review
    notices = coordinator.get(reverse("notifications")).content.decode()
    assert "23 มิถุนายน 2566" in notices
    audit = coordinator.get(reverse("audit", args=[w.a.slug])).content.decode()
    assert "สถานะ: ส่งต่อหน่วยงานที่เกี่ยวข้อง" in audit  # a complaint's status before and after, in words
    documents = coordinator.get(reverse("documents", args=[w.a.slug, YEAR])).content.decode()
    assert '<option value="tool_sections">ตามแบบวัด (IIT / EIT / OIT)</option>' in documents
    frameworks = Client().get(reverse("frameworks")).content.decode()
    assert "ยืนยันจากแหล่งข้อมูล" in frameworks
