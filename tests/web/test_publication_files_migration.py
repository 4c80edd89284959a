"""The migration that moves published files from database columns to the file storage keeps every byte."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

# The organisations as they were then too: later migrations give them columns the old model does not fill.
BEFORE = [("publication", "0005_background_jobs"), ("organisations", "0003_register_prefix")]
AFTER = [("publication", "0006_publication_files_in_storage")]
PDF = b"%PDF-1.7\n% published before the move\n"
DOCX = b"PK\x03\x04 published before the move"


@pytest.mark.django_db(transaction=True)
def test_published_bytes_move_to_the_storage_and_keep_their_address(settings: object, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    organisation = old.get_model("organisations", "Organisation").objects.create(
        name="องค์การบริหารส่วนตำบลทดสอบ", type="อบต.", district="เมือง", province="น่าน", slug="thotsop"
    )
    version = old.get_model("publication", "DocumentVersion").objects.create(
        organisation=organisation,
        fiscal_year=2566,
        kind="implementation",
        number=1,
        content={},
        content_hash="0" * 64,
        status="approved",
    )
    old.get_model("publication", "Publication").objects.create(version=version, pdf=PDF, docx=DOCX)

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    from prongsai.web.publication.models import Publication

    publication = Publication.objects.get()
    assert publication.pdf.name.startswith("published/") and publication.pdf.name.endswith(".pdf")
    assert (tmp_path / publication.pdf.name).read_bytes() == PDF
    assert (tmp_path / publication.docx.name).read_bytes() == DOCX
    client = Client()
    assert client.get("/p/thotsop/2566/implementation-1.pdf").content == PDF
    assert client.get("/p/thotsop/2566/implementation-1.docx").content == DOCX
