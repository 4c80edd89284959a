"""Measure numbers unique in an organisation's year, a row that numbering locks, and one-time form tokens.

Numbers given twice before (two new measures saved at the same moment) are renumbered first: the later
measure of each pair moves to the end of its year's list, so the constraint can be added to existing data.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count


def renumber_duplicates(apps: object, schema_editor: object) -> None:
    measure = apps.get_model("programme", "Measure")  # type: ignore[attr-defined]
    repeated = (
        measure.objects.order_by()
        .values("organisation_id", "fiscal_year", "number")
        .annotate(times=Count("id"))
        .filter(times__gt=1)
    )
    for organisation_id, fiscal_year in {(r["organisation_id"], r["fiscal_year"]) for r in repeated}:
        year = measure.objects.filter(organisation_id=organisation_id, fiscal_year=fiscal_year)
        seen: set[int] = set()
        later = []
        for pk, number in year.order_by("number", "id").values_list("pk", "number"):
            if number in seen:
                later.append(pk)
            seen.add(number)
        top = max(seen)
        for pk in sorted(later):
            top += 1
            year.filter(pk=pk).update(number=top)


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0002_emblem"),
        ("programme", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(renumber_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="measure",
            constraint=models.UniqueConstraint(
                fields=("organisation", "fiscal_year", "number"), name="unique_measure_number"
            ),
        ),
        migrations.CreateModel(
            name="MeasureNumbering",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("fiscal_year", models.PositiveIntegerField()),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="organisations.organisation"
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organisation", "fiscal_year"), name="unique_measure_numbering"
                    )
                ]
            },
        ),
        migrations.CreateModel(
            name="UsedToken",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=64, unique=True)),
                ("purpose", models.CharField(max_length=40)),
                ("used_at", models.DateTimeField(auto_now_add=True)),
                (
                    "organisation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, to="organisations.organisation"
                    ),
                ),
            ],
        ),
    ]
