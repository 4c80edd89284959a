"""Published PDF and DOCX move from database columns to the file storage (local disk or an S3 bucket)."""

from typing import Any

from django.apps.registry import Apps
from django.core.files.base import ContentFile
from django.db.backends.base.schema import BaseDatabaseSchemaEditor
from django.db import migrations, models


def bytes_to_files(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    Publication: Any = apps.get_model("publication", "Publication")  # the historical model, with pdf_bytes
    for publication in Publication.objects.select_related("version__organisation").iterator():
        version = publication.version
        stem = f"{version.organisation.slug}-{version.fiscal_year}-{version.kind}-{version.number}"
        publication.pdf.save(f"{stem}.pdf", ContentFile(bytes(publication.pdf_bytes)), save=False)
        publication.docx.save(f"{stem}.docx", ContentFile(bytes(publication.docx_bytes)), save=False)
        publication.save(update_fields=["pdf", "docx"])


class Migration(migrations.Migration):
    dependencies = [("publication", "0005_background_jobs")]

    operations = [
        migrations.RenameField("publication", "pdf", "pdf_bytes"),
        migrations.RenameField("publication", "docx", "docx_bytes"),
        migrations.AddField(
            "publication", "pdf", models.FileField(upload_to="published/", max_length=300, default=""), preserve_default=False,
        ),
        migrations.AddField(
            "publication", "docx", models.FileField(upload_to="published/", max_length=300, default=""), preserve_default=False,
        ),
        migrations.RunPython(bytes_to_files, migrations.RunPython.noop),
        migrations.RemoveField("publication", "pdf_bytes"),
        migrations.RemoveField("publication", "docx_bytes"),
    ]
