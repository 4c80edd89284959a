"""The converter between measure rows and the core's measures: a report read, saved and made again keeps
every field of every measure (the reader's output is the oracle), a measure in no group included."""

from __future__ import annotations

import datetime as dt
from importlib import resources

import pytest
from django.contrib.auth.models import AnonymousUser

from prongsai.core import model
from prongsai.ingest import read_document_bytes
from prongsai.web.frameworks import registry
from prongsai.web.organisations.models import Organisation
from prongsai.web.programme.convert import from_core, row_group
from prongsai.web.programme.documents import year_document
from prongsai.web.programme.services import measures_import

REPORTS = sorted(p.name for p in resources.files("prongsai.demo").joinpath("reports").iterdir())


def _comparable(measure: model.Measure) -> model.Measure:
    """What a row keeps of a measure: the indicator by its number (its name is the framework's), the progress
    as one dated entry."""
    indicator = model.IndicatorRef(measure.indicator.number, "") if measure.indicator else None
    # A measure's units are kept as a set (the rows list them by name, not in the report's order).
    responsible = sorted(measure.responsible, key=lambda r: (r.unit, r.section or ""))
    return model.Measure(
        **{
            **measure.__dict__,
            "indicator": indicator,
            "responsible": responsible,
            "progress": (measure.progress or "").strip() or None,
        }
    )


@pytest.mark.parametrize("report", REPORTS)
def test_a_read_report_saved_and_made_again_keeps_every_field(db: None, report: str) -> None:
    data = resources.files("prongsai.demo").joinpath("reports", report).read_bytes()
    read = read_document_bytes(data, report, registry())
    assert read.measures, report
    organisation = Organisation.objects.create(name="อบต.ทดสอบ", type="อบต.", province="น่าน", slug="t")
    year = read.fiscal_year or 2566
    measures_import(
        organisation=organisation,
        fiscal_year=year,
        measures=[from_core(m) for m in read.measures],
        progress_texts=[m.progress or "" for m in read.measures],
        source_name=report,
        user=AnonymousUser(),
        today=dt.date(2023, 1, 5),
    )
    made = year_document(organisation, year, read.kind)
    numbered = [
        _comparable(model.Measure(**{**m.__dict__, "number": n}))
        for n, m in enumerate(read.measures, start=1)
    ]
    differences = [
        f"{m.number}.{name}: {getattr(m, name)!r} → {getattr(again, name)!r}"
        for m, again in zip(numbered, map(_comparable, made.measures), strict=True)
        for name in m.__dict__
        if getattr(m, name) != getattr(again, name)
    ]
    assert differences == []


@pytest.mark.parametrize(
    ("group", "row"),
    [
        (None, ("", "")),
        ("urgent", ("urgent", "")),
        ("develop", ("develop", "")),
        ("ด้านการเงิน", ("theme", "ด้านการเงิน")),
    ],
)
def test_groups_and_themes(group: str | None, row: tuple[str, str]) -> None:
    assert row_group(group) == row
