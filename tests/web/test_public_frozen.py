"""What a published page states is the published version's: its result, measures and open data are frozen, and
the open data cannot carry a spreadsheet formula."""

from __future__ import annotations

import csv
import io
import json

from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from prongsai.web.programme.documents import result_sentence
from prongsai.web.programme.models import Measure
from prongsai.web.programme.services import measure_update, result_save
from prongsai.web.publication.models import DocumentVersion
from prongsai.web.publication.services import version_submit
from tests.web.conftest import YEAR, World

OLD_RESULT = "ได้รับผลการประเมิน ITA คะแนน ๗๔.๓๖ อยู่ในระดับ C"
NEW_RESULT = "ได้รับผลการประเมิน ITA คะแนน ๙๙.๐๐ อยู่ในระดับ AA"


def _approve_and_publish(world: World, version: DocumentVersion) -> None:
    world.client("approver").post(
        reverse("version-decide", args=[world.a.slug, version.pk]), {"decision": "approve"}
    )
    world.client("coordinator").post(reverse("version-publish", args=[world.a.slug, version.pk]))
    version.refresh_from_db()
    assert hasattr(version, "publication")


def _public(world: World) -> tuple[str, list[dict[str, str]], list[dict[str, object]]]:
    anonymous = Client()
    page = anonymous.get(reverse("public-year", args=[world.a.slug, YEAR])).content.decode()
    text = anonymous.get(reverse("public-open-data", args=[world.a.slug, YEAR, "csv"])).content.decode(
        "utf-8-sig"
    )
    data = json.loads(anonymous.get(reverse("public-open-data", args=[world.a.slug, YEAR, "json"])).content)
    return page, _by_key(list(csv.DictReader(io.StringIO(text)))), data["measures"]


def _by_key(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The CSV's rows by the JSON key each Thai heading ends with: "มาตรการ/แนวทาง (measure)" → "measure"."""
    return [{heading.rsplit("(", 1)[1].rstrip(")"): value for heading, value in row.items()} for row in rows]


def _change_live_data(world: World) -> None:
    """What the coordinator did: re-saved last year's scores, renamed a measure; nothing submitted or approved."""
    result_save(
        organisation=world.a,
        fiscal_year=YEAR - 1,
        framework_version=2566,
        scores={str(n): "99" for n in range(1, 11)},
        user=AnonymousUser(),
    )
    measure_update(
        measure=world.measure,
        version=1,
        fields={"title": "ชื่อที่ยังไม่อนุมัติ"},
        units=None,
        user=world.users["coordinator"],
    )


def test_the_public_page_and_open_data_state_the_published_version_not_the_live_data(world: World) -> None:
    _approve_and_publish(world, world.version)
    page, rows, measures = _public(world)
    assert OLD_RESULT in page and "เผยแพร่แผนการใช้จ่ายงบประมาณ" in page
    _change_live_data(world)
    assert NEW_RESULT in result_sentence(world.a, YEAR)  # the live figures did change
    page, rows, measures = _public(world)
    assert OLD_RESULT in page and NEW_RESULT not in page
    assert "ชื่อที่ยังไม่อนุมัติ" not in page
    assert [r["measure"] for r in rows] == ["เผยแพร่แผนการใช้จ่ายงบประมาณ", "ซ่อมถนน"]
    assert [m["measure"] for m in measures] == ["เผยแพร่แผนการใช้จ่ายงบประมาณ", "ซ่อมถนน"]
    # approved and published again: now the page states the new figures
    again = version_submit(
        organisation=world.a, year=YEAR, kind="implementation", layout="A", user=world.users["coordinator"]
    )
    _approve_and_publish(world, again)
    page, rows, measures = _public(world)
    assert NEW_RESULT in page and OLD_RESULT not in page
    assert rows[0]["measure"] == measures[0]["measure"] == "ชื่อที่ยังไม่อนุมัติ"


FORMULAS = ['=HYPERLINK("http://x","y")', "+1+1", "-2+3", "@SUM(A1:A2)", "\t=1+1", "\r=1+1"]


def test_open_data_csv_carries_no_formula(world: World) -> None:
    measures = list(Measure.objects.filter(organisation=world.a, fiscal_year=YEAR).order_by("number"))
    for index, formula in enumerate(FORMULAS):
        measure = (
            measures[index]
            if index < len(measures)
            else Measure(organisation=world.a, fiscal_year=YEAR, number=index + 1)
        )
        measure.title, measure.timeframe_text, measure.steps = formula, formula, [formula]
        measure.save()
    version = version_submit(
        organisation=world.a, year=YEAR, kind="implementation", layout="A", user=world.users["coordinator"]
    )
    _approve_and_publish(world, version)
    text = (
        Client()
        .get(reverse("public-open-data", args=[world.a.slug, YEAR, "csv"]))
        .content.decode("utf-8-sig")
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    cells = [cell for row in rows[1:] for cell in row]
    assert len(rows) == 1 + len(FORMULAS)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    by_number = {row[0]: row for row in rows[1:]}
    header = [heading.rsplit("(", 1)[1].rstrip(")") for heading in rows[0]]
    for number, formula in enumerate(FORMULAS, 1):
        row = dict(zip(header, by_number[str(number)], strict=True))
        assert row["measure"] == row["timeframe"] == row["steps"] == "'" + formula  # shown as the text it is
    # the JSON is data, not a spreadsheet: it keeps the text exactly
    data = json.loads(Client().get(reverse("public-open-data", args=[world.a.slug, YEAR, "json"])).content)
    assert [m["measure"] for m in data["measures"]] == FORMULAS
