"""Publication's documents rendered off the request path, as a background task, with their state kept.

The coordinator's click records a job and queues the task; the approvals page shows "กำลังจัดทำเอกสาร…" until the
worker has rendered and stored the files. A failure is kept with its reason in Thai, the version stays approved
and unpublished (the publication is one transaction), and the same button retries.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from prongsai.core.errors import ProngsaiError
from prongsai.web.programme.services import audit
from prongsai.web.publication.models import BackgroundJob, DocumentVersion
from prongsai.web.publication.services import version_publish

logger = logging.getLogger(__name__)
ACTIVE = (BackgroundJob.QUEUED, BackgroundJob.RUNNING)
# A job running longer than this lost its worker (stopped, or the machine restarted): it may be asked again.
STALE_AFTER = dt.timedelta(minutes=30)
UNEXPECTED = "จัดทำเอกสารไม่สำเร็จเพราะเกิดข้อผิดพลาดในระบบ กรุณากดเผยแพร่อีกครั้ง หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ"


def is_working(job: BackgroundJob) -> bool:
    return job.status in ACTIVE and job.created_at >= timezone.now() - STALE_AFTER


def active_job(version: DocumentVersion) -> BackgroundJob | None:
    return (
        version.jobs.filter(status__in=ACTIVE, created_at__gte=timezone.now() - STALE_AFTER)
        .order_by("-created_at")
        .first()
    )


def request_publication(*, version: DocumentVersion, user: User | AnonymousUser) -> BackgroundJob:
    """Queue the rendering and publication of an approved version; a second click gets the job already queued."""
    with transaction.atomic():
        version = DocumentVersion.objects.select_for_update().get(pk=version.pk)
        if hasattr(version, "publication"):
            raise ProngsaiError("ฉบับนี้เผยแพร่แล้ว", "this version is published already")
        if version.status != DocumentVersion.APPROVED:
            raise ProngsaiError(
                "เผยแพร่ได้เฉพาะฉบับที่อนุมัติครบทุกขั้นแล้ว", "only a fully approved version can be published"
            )
        running = active_job(version)
        if running is not None:
            return running
        job = BackgroundJob.objects.create(
            kind=BackgroundJob.PUBLISH,
            organisation=version.organisation,
            version=version,
            requested_by=user if isinstance(user, User) else None,
        )
        audit(
            organisation=version.organisation,
            user=user,
            action="version.publish_request",
            obj=version,
            summary=f"สั่งจัดทำเอกสารเพื่อเผยแพร่ {version}",
        )
        # In the same transaction: the database queue's row is committed with the job, or neither is.
        publish_version.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _finish(job_id: int, status: str, error: str = "") -> None:
    BackgroundJob.objects.filter(pk=job_id).update(
        status=status, error=error[:400], finished_at=timezone.now()
    )


@task()
def publish_version(job_id: int) -> None:
    """Render the version's PDF and DOCX and publish it; the job records how it went."""
    job = BackgroundJob.objects.select_related("version", "requested_by").get(pk=job_id)
    if job.status not in ACTIVE or job.version is None:
        return
    BackgroundJob.objects.filter(pk=job_id).update(status=BackgroundJob.RUNNING)
    try:
        with transaction.atomic():
            version_publish(version=job.version, user=job.requested_by or AnonymousUser())
    except ProngsaiError as error:
        _finish(job_id, BackgroundJob.FAILED, error.thai)
    except Exception:
        logger.exception("publishing %s failed", job.version)
        _finish(job_id, BackgroundJob.FAILED, UNEXPECTED)
        raise  # the queue records the failure and its traceback too
    else:
        _finish(job_id, BackgroundJob.DONE)


@task()
def send_daily_reminders(day: str) -> int:
    """The day's reminders (`prongsai remind --queue`): e-mail sent by the worker, not by cron's process."""
    from prongsai.web.publication.reminders import send_reminders

    return send_reminders(dt.date.fromisoformat(day))
