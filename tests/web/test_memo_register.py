"""The cover memo on the web: its register number and date given at submission and printed on the version's
preview and the published files, the register's prefix set on the documents page, and the memo turned off."""

from __future__ import annotations

import contextlib
import io
import re
import threading

import pypdfium2
import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone
from docx import Document as open_docx
from pythainlp.util import normalize

from prongsai.core.thai import format_date
from prongsai.web.organisations.models import AuditEntry, Membership, Organisation
from prongsai.web.publication.models import ApprovalStep, DocumentVersion, Publication
from prongsai.web.publication.services import version_submit
from tests.web.conftest import YEAR, World, stored_bytes

PREFIX = "มท ๐๘๑๘.๕/"


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", normalize(value))


def pdf_text(data: bytes) -> str:
    document = pypdfium2.PdfDocument(data)
    text = "".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    return squeeze(text)


def docx_text(data: bytes) -> str:
    return squeeze("\n".join(p.text for p in open_docx(io.BytesIO(data)).paragraphs))


def set_prefix(world: World, value: str, role: str = "coordinator") -> int:
    response = world.client(role).post(
        reverse("documents-register", args=[world.a.slug, YEAR]), {"register_prefix": value}
    )
    return response.status_code


def test_the_register_number_and_date_are_given_at_submission_and_printed(world: World) -> None:
    assert set_prefix(world, PREFIX) == 302
    world.a.refresh_from_db()
    assert world.a.register_prefix == PREFIX
    entry = AuditEntry.objects.get(action="organisation.register_prefix")
    assert entry.before == {"register_prefix": ""} and entry.after == {"register_prefix": PREFIX}
    # the fixture's version was the year's first memo (no prefix then); the next ones run on, whatever the kind
    assert world.version.register_number == 1
    coordinator = world.users["coordinator"]
    measures = version_submit(organisation=world.a, year=YEAR, kind="measures", layout="A", user=coordinator)
    analysis = version_submit(organisation=world.a, year=YEAR, kind="analysis", layout="A", user=coordinator)
    assert (measures.register_number, analysis.register_number) == (2, 3)
    today = timezone.localdate()
    assert measures.content["document"]["memo"]["ref"] == f"{PREFIX}2"
    assert measures.content["document"]["memo"]["date"] == today.isoformat()
    number, dated = squeeze(f"ที่ {PREFIX}๒"), squeeze(f"วันที่ {format_date(today)}")
    # the version's preview, PDF and DOCX
    client = world.client("approver")
    for fmt, read in (("pdf", pdf_text), ("docx", docx_text)):
        response = client.get(reverse("version-file", args=[world.a.slug, measures.pk, fmt]))
        text = read(response.content)
        assert number in text and dated in text, fmt
    # the published files
    client.post(
        reverse("version-decide", args=[world.a.slug, measures.pk]), {"decision": "approve", "opinion": "ชอบ"}
    )
    world.client("coordinator").post(reverse("version-publish", args=[world.a.slug, measures.pk]))
    publication = Publication.objects.get(version=measures)
    for text in (pdf_text(stored_bytes(publication.pdf)), docx_text(stored_bytes(publication.docx))):
        assert number in text and dated in text


def test_a_changed_prefix_voids_nothing_and_numbers_the_next_submission(world: World) -> None:
    set_prefix(world, PREFIX)
    world.version.refresh_from_db()
    assert world.version.status == DocumentVersion.PENDING  # the number is not part of what was approved
    response = world.client("approver").get(
        reverse("version-file", args=[world.a.slug, world.version.pk, "pdf"])
    )
    assert squeeze("ที่ ๑") in pdf_text(response.content)  # its own number, given when it was submitted


def test_a_bad_prefix_is_refused_and_changes_nothing(world: World) -> None:
    set_prefix(world, PREFIX)
    for bad in ("มท\x07๐๘๑๘/", "ก" * 61):
        response = world.client("coordinator").post(
            reverse("documents-register", args=[world.a.slug, YEAR]), {"register_prefix": bad}, follow=True
        )
        assert "ไม่ได้บันทึกที่ของหนังสือ" in response.content.decode()
        world.a.refresh_from_db()
        assert world.a.register_prefix == PREFIX
    assert set_prefix(world, "อื่น/", role="approver") == 403
    world.a.refresh_from_db()
    assert world.a.register_prefix == PREFIX


def test_the_draft_shows_the_prefix_and_the_memo_can_be_left_out(world: World) -> None:
    set_prefix(world, PREFIX)
    client = world.client("coordinator")
    url = reverse("document-file", args=[world.a.slug, YEAR, "implementation", "pdf"])
    text = pdf_text(client.get(url + "?layout=D").content)
    assert text.startswith("บันทึกข้อความ") and squeeze(f"ที่ {PREFIX}") in text
    bare = pdf_text(client.get(url + "?layout=D&memo=off").content)
    assert "บันทึกข้อความ" not in bare and "ซ่อมถนน" in bare
    docx_url = reverse("document-file", args=[world.a.slug, YEAR, "implementation", "docx"])
    assert "บันทึกข้อความ" not in docx_text(client.get(docx_url + "?memo=off").content)
    assert "บันทึกข้อความ" in docx_text(client.get(docx_url).content)
    page = client.get(reverse("documents", args=[world.a.slug, YEAR]) + "?memo=off").content.decode()
    assert "layout=D&memo=off" in page and PREFIX in page


@pytest.mark.django_db(transaction=True)
def test_two_documents_submitted_at_once_get_different_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    """The register is counted under a lock of the organisation's row: two kinds submitted at the same moment
    (which lock different versions) still take turns, and get numbers one and two."""
    from django.db import connection

    from prongsai.web.publication import services

    meet = threading.Barrier(2, timeout=2)

    def meeting_year(year: int) -> int:
        """Between taking the lock and counting, where a race would happen: both submissions meet here unless
        the lock holds the second one back (then the first waits in vain and goes on)."""
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait()
        return year + 543

    monkeypatch.setattr(services, "ce_to_be", meeting_year)

    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one writer at a time anyway")
    organisation = Organisation.objects.create(name="อบต.ทดลอง", type="อบต.", province="น่าน", slug="thotlong")
    approver = Membership.objects.create(
        user=User.objects.create_user("chain"), organisation=organisation, role=Membership.APPROVER
    )
    ApprovalStep.objects.create(organisation=organisation, order=1, approver=approver)
    coordinator = User.objects.create_user("coord")
    numbers: list[int] = []
    errors: list[BaseException] = []

    def submit(kind: str) -> None:
        try:
            version = version_submit(
                organisation=organisation, year=YEAR, kind=kind, layout="A", user=coordinator
            )
            numbers.append(version.register_number or 0)
        except BaseException as error:  # noqa: BLE001 - the test reports whatever went wrong
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(kind,)) for kind in ("measures", "implementation")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors and sorted(numbers) == [1, 2]
