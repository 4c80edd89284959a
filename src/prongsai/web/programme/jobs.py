"""A report to import is read by a background task: a large PDF or DOCX is not read inside the request.

The upload is kept with the job until it is read; the document read (or the reason it could not be, in Thai) is
kept for the review page, which shows "กำลังอ่านเอกสาร…" until then.
"""

from __future__ import annotations

import logging

from django.contrib.auth.models import AnonymousUser, User
from django.utils import timezone
from django_tasks import task

from prongsai.core.errors import ProngsaiError
from prongsai.ingest import read_document_bytes
from prongsai.web.frameworks import framework_for_year, registry
from prongsai.web.organisations.models import Organisation
from prongsai.web.programme.models import ImportJob

logger = logging.getLogger(__name__)
UNEXPECTED = "อ่านเอกสารไม่สำเร็จเพราะเกิดข้อผิดพลาดในระบบ กรุณาอัปโหลดอีกครั้ง หากยังไม่สำเร็จโปรดแจ้งผู้ดูแลระบบ"


def import_request(
    *, organisation: Organisation, year: int, name: str, data: bytes, user: User | AnonymousUser
) -> ImportJob:
    """Keep the upload and queue its reading; with the immediate backend it has been read on return."""
    job = ImportJob.objects.create(
        organisation=organisation,
        fiscal_year=year,
        name=name[:255],
        upload=data,
        requested_by=user if isinstance(user, User) else None,
    )
    read_import.enqueue(job.pk)
    job.refresh_from_db()
    return job


def _finish(job_id: int, status: str, error: str = "", document: object = None) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        status=status, error=error[:1000], document=document, upload=b"", finished_at=timezone.now()
    )


@task()
def read_import(job_id: int) -> None:
    job = ImportJob.objects.get(pk=job_id)
    if job.status not in (ImportJob.QUEUED, ImportJob.RUNNING):
        return
    ImportJob.objects.filter(pk=job_id).update(status=ImportJob.RUNNING)
    try:
        document = read_document_bytes(
            bytes(job.upload),
            job.name or "document",
            registry(),
            framework_version=framework_for_year(job.fiscal_year).version,
        )
    except ProngsaiError as error:
        _finish(job_id, ImportJob.FAILED, error.thai)
    except Exception:
        logger.exception("reading %s failed", job.name)
        _finish(job_id, ImportJob.FAILED, UNEXPECTED)
        raise  # the queue records the traceback
    else:
        _finish(job_id, ImportJob.DONE, document=document.to_dict())
