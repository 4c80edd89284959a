"""Evidence and published files in an S3 bucket (moto's in-process S3) or on local disk, at the same addresses."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from moto import mock_aws

from prongsai.web.programme.models import Evidence
from tests.web.conftest import PDF_BYTES, YEAR, World
from tests.web.test_production import production_env
from tests.web.test_publication import _publish

BUCKET = "prongsai-files"
EVIDENCE = PDF_BYTES  # a PDF that opens: evidence is opened before it is stored


@pytest.fixture(params=["local", "s3"])
def storage(request: pytest.FixtureRequest, settings: object, tmp_path: Path) -> Iterator[str]:
    """The default storage as PRONGSAI_S3_BUCKET would make it, against moto's S3; or the data directory."""
    if request.param == "local":
        yield "local"
        return
    with mock_aws():
        boto3.client("s3", region_name="ap-southeast-1").create_bucket(
            Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "ap-southeast-1"}
        )
        settings.STORAGES = {**settings.STORAGES, "default": s3_storage_from_settings(tmp_path / "settings")}  # type: ignore[attr-defined]
        yield "s3"


def s3_storage_from_settings(data_dir: Path) -> dict[str, object]:
    """The default storage the settings make of the PRONGSAI_S3_* variables (read in a fresh process)."""
    env = production_env(
        data_dir,
        PRONGSAI_S3_BUCKET=BUCKET,
        PRONGSAI_S3_ACCESS_KEY="test-access-key",
        PRONGSAI_S3_SECRET_KEY="test-secret-key",
        PRONGSAI_S3_REGION="ap-southeast-1",
    )
    script = "import json, django; django.setup(); from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    printed = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    storage: dict[str, object] = json.loads(printed.stdout)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    return storage


def bucket_objects() -> dict[str, bytes]:
    s3 = boto3.client("s3", region_name="ap-southeast-1")
    listing = s3.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    return {item["Key"]: s3.get_object(Bucket=BUCKET, Key=item["Key"])["Body"].read() for item in listing}


def test_evidence_and_published_files_are_stored_and_served_back(
    world: World, storage: str, settings: object
) -> None:
    media_root = Path(settings.MEDIA_ROOT)  # type: ignore[attr-defined]
    on_disk_before = {p for p in media_root.rglob("*") if p.is_file()}
    publication = _publish(world)
    officer = world.client("officer")
    officer.post(
        reverse("progress-new", args=[world.a.slug, world.measure.pk]),
        {
            "date": "2023-03-01",
            "text": "ประชุมชี้แจงครั้งที่สอง",
            "public": "on",
            "file": SimpleUploadedFile("ประชุม.pdf", EVIDENCE),
        },
    )
    evidence = Evidence.objects.get(entry__text="ประชุมชี้แจงครั้งที่สอง")

    pdf_address = f"/p/{world.a.slug}/{YEAR}/implementation-1.pdf"
    assert reverse("public-file", args=[world.a.slug, YEAR, "implementation", 1, "pdf"]) == pdf_address
    anonymous = Client()
    served_pdf = anonymous.get(pdf_address)
    served_public_evidence = anonymous.get(f"/p/{world.a.slug}/evidence/{evidence.pk}/")
    served_evidence = officer.get(reverse("evidence", args=[world.a.slug, evidence.pk]))
    assert served_pdf.status_code == 200 and served_pdf.content.startswith(b"%PDF")
    assert served_public_evidence.status_code == 200 and served_public_evidence.content == EVIDENCE
    assert b"".join(served_evidence.streaming_content) == EVIDENCE  # type: ignore[attr-defined]

    new_on_disk = {p for p in media_root.rglob("*") if p.is_file()} - on_disk_before
    if storage == "s3":
        stored = bucket_objects()
        assert stored[evidence.file.name] == EVIDENCE
        assert stored[publication.pdf.name] == served_pdf.content
        assert stored[publication.docx.name].startswith(b"PK")
        assert new_on_disk == set()  # nothing went to the local disk
    else:
        assert {p.relative_to(media_root).as_posix() for p in new_on_disk} == {
            evidence.file.name,
            publication.pdf.name,
            publication.docx.name,
        }
        assert (media_root / publication.pdf.name).read_bytes() == served_pdf.content
