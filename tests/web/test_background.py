"""Publication's documents are rendered by a background task: with the database queue and its worker, the page
shows the work in progress, then the files; a failure is shown in Thai, loses nothing, and can be retried."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from prongsai.web.publication.models import BackgroundJob, DocumentVersion, Publication
from tests.web.conftest import YEAR, World

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
    assert response.status_code == 200 and response.content == bytes(Publication.objects.get().pdf)
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
    from prongsai.cli import main
    from prongsai.web.publication.models import Notification

    out = io.StringIO()
    assert main(["remind", "--date", "2023-09-23", "--queue"], out=out) == 0
    assert "คิว" in out.getvalue()
    assert not Notification.objects.exists() and DBTaskResult.objects.count() == 1  # queued, not yet sent
    _work()
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
    officer = Notification.objects.get(user=world.users["officer"])  # due in 7 days (the world's measure)
    assert "ครบกำหนดในอีก 7 วัน" in officer.text
