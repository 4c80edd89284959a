"""Work off the request path, with the database queue and its real worker: publication's documents, reminders
and reports to import. The page shows the work in progress, then the result; a failure is shown in Thai, loses
nothing, and can be retried."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from prongsai.cli import main
from prongsai.web.programme.models import ImportJob, Measure
from prongsai.web.publication.models import BackgroundJob, DocumentVersion, Notification, Publication
from tests.ingest.conftest import seed_text
from tests.ingest.conversions import to_docx
from tests.web.conftest import YEAR, World, stored_bytes

# The worker takes its tasks in transactions of its own, as it does in production: no test-wide transaction.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def queued(world: World, settings: object) -> World:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    world.client("approver").post(
        reverse("version-decide", args=[world.a.slug, world.version.pk]), {"decision": "approve"}
    )
    world.version.refresh_from_db()
    assert world.version.status == DocumentVersion.APPROVED
    return world


def _work() -> str:
    """One run of the real worker command over everything queued."""
    out = io.StringIO()
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", stdout=out)
    return out.getvalue()


def _approvals(client: Client, world: World) -> str:
    return client.get(reverse("approvals", args=[world.a.slug, YEAR])).content.decode()


def _publish(client: Client, world: World) -> str:
    address = reverse("version-publish", args=[world.a.slug, world.version.pk])
    return client.post(address, follow=True).content.decode()


def test_the_documents_are_made_by_the_worker_and_the_page_shows_the_state(queued: World) -> None:
    coordinator = queued.client("coordinator")
    public_pdf = reverse("public-file", args=[queued.a.slug, YEAR, "implementation", 1, "pdf"])
    page = _publish(coordinator, queued)
    assert "กำลังจัดทำเอกสาร" in page
    _publish(coordinator, queued)  # a double click queues nothing more
    assert BackgroundJob.objects.count() == 1 and DBTaskResult.objects.count() == 1
    assert not Publication.objects.exists() and Client().get(public_pdf).status_code == 404
    assert "กำลังจัดทำเอกสาร" in _approvals(coordinator, queued)
    _work()
    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.DONE and DBTaskResult.objects.get().status == "SUCCESSFUL"
    page = _approvals(coordinator, queued)
    assert "กำลังจัดทำเอกสาร" not in page and "เผยแพร่แล้ว" in page
    response = Client().get(public_pdf)
    assert response.status_code == 200 and response.content == stored_bytes(Publication.objects.get().pdf)
    assert response.content.startswith(b"%PDF")


def test_a_failed_rendering_is_shown_loses_nothing_and_is_retried(
    queued: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    import prongsai.documents.pdf

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("the typesetter stopped")

    monkeypatch.setattr(prongsai.documents.pdf, "render_pdf", broken)
    coordinator = queued.client("coordinator")
    _publish(coordinator, queued)
    _work()
    job = BackgroundJob.objects.get()
    assert job.status == BackgroundJob.FAILED and "กรุณากดเผยแพร่อีกครั้ง" in job.error
    assert (
        DBTaskResult.objects.get().status == "FAILED"
    )  # the queue keeps the traceback for the administrator
    queued.version.refresh_from_db()
    assert queued.version.status == DocumentVersion.APPROVED and not Publication.objects.exists()
    page = _approvals(coordinator, queued)
    assert "จัดทำเอกสารไม่สำเร็จ" in page and "ลองเผยแพร่อีกครั้ง" in page and "the typesetter" not in page
    monkeypatch.undo()
    assert "กำลังจัดทำเอกสาร" in _publish(coordinator, queued)
    _work()
    assert Publication.objects.filter(version=queued.version).exists()
    assert "เผยแพร่แล้ว" in _approvals(coordinator, queued)


def test_only_the_coordinator_asks_for_a_publication(queued: World) -> None:
    for role in ("approver", "officer"):
        address = reverse("version-publish", args=[queued.a.slug, queued.version.pk])
        assert queued.client(role).post(address).status_code == 403
    assert (
        queued.client("outsider")
        .post(reverse("version-publish", args=[queued.a.slug, queued.version.pk]))
        .status_code
        == 404
    )
    assert not BackgroundJob.objects.exists() and not DBTaskResult.objects.exists()


def test_the_daily_reminders_can_be_sent_by_the_worker(world: World, settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    out = io.StringIO()
    assert main(["remind", "--date", "2023-09-23", "--queue"], out=out) == 0
    assert "คิว" in out.getvalue()
    assert not Notification.objects.exists() and DBTaskResult.objects.count() == 1  # queued, not yet sent
    _work()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    officer = Notification.objects.get(user=world.users["officer"])  # due in 7 days (the world's measure)
    assert "ครบกำหนดในอีก 7 วัน" in officer.text


def test_a_report_to_import_is_read_by_the_worker(world: World, settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    client = world.client("coordinator")
    upload = SimpleUploadedFile("รายงาน.docx", to_docx(seed_text("seed002")))
    response = client.post(reverse("measures-import", args=[world.a.slug, YEAR]), {"file": upload})
    job = ImportJob.objects.get()
    status_page = reverse("measures-import-job", args=[world.a.slug, YEAR, job.pk])
    assert response.status_code == 302 and response["Location"] == status_page
    assert "กำลังอ่านเอกสาร" in client.get(status_page).content.decode()
    assert world.client("outsider").get(status_page).status_code == 404
    _work()
    job.refresh_from_db()
    assert job.status == ImportJob.DONE and bytes(job.upload) == b""  # the upload is not kept once read
    page = client.get(status_page).content.decode()
    assert "อ่านได้ 5 มาตรการ" in page and "กำลังอ่านเอกสาร" not in page
    count = Measure.objects.count()
    token = page.split('name="token" value="')[1].split('"')[0]
    client.post(
        reverse("measures-import-save", args=[world.a.slug, YEAR]),
        {"token": token, "m0-keep": "1", "m0-title": "มาตรการที่อ่านเบื้องหลัง", "m0-steps": "", "m0-units": ""},
    )
    assert Measure.objects.count() == count + 1


def test_an_unreadable_report_read_by_the_worker_says_why(world: World, settings: object) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}  # type: ignore[attr-defined]
    client = world.client("coordinator")
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7 not really")
    response = client.post(
        reverse("measures-import", args=[world.a.slug, YEAR]), {"file": upload}, follow=True
    )
    assert "กำลังอ่านเอกสาร" in response.content.decode()
    _work()
    page = client.get(response.redirect_chain[-1][0]).content.decode()
    assert "อ่าน “scan.pdf” ไม่ได้" in page and "เปิดไฟล์ PDF" in page and 'name="file"' in page  # upload again
