"""Open data without a login: the published measures as JSON, CSV and XLSX, conditional requests, the field
dictionary, and the DCAT-US catalogue at /p/data.json."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from prongsai.web.publication.opendata import FIELDS
from tests.web.conftest import YEAR, World
from tests.web.test_publication import _publish

README = Path(__file__).resolve().parents[2] / "README.md"


def _url(world: World, fmt: str) -> str:
    return reverse("public-open-data", args=[world.a.slug, YEAR, fmt])


def test_the_three_formats_hold_the_same_rows(world: World) -> None:
    anonymous = Client()
    assert anonymous.get(_url(world, "xlsx")).status_code == 404  # nothing published yet
    _publish(world)
    rows = anonymous.get(_url(world, "json")).json()["measures"]
    assert [r["measure"] for r in rows] == ["เผยแพร่แผนการใช้จ่ายงบประมาณ", "ซ่อมถนน"]
    # CSV and XLSX, for people: each column headed "Thai (name)", statuses in Thai words, Buddhist Era dates
    months = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]
    words = {"unknown": "ยังไม่รายงาน", "in_progress": "อยู่ระหว่างดำเนินการ", "completed": "ดำเนินการแล้วเสร็จ"}

    def for_people(row: dict[str, object]) -> dict[str, str]:
        shown = {k: str(v) for k, v in row.items()}
        for key in ("start", "end"):
            if shown[key]:
                y, m, d = (int(p) for p in shown[key].split("-"))
                shown[key] = f"{d} {months[m - 1]} {y + 543}"
        shown["status"] = words[shown["status"]]
        return shown

    as_people = [for_people(r) for r in rows]

    def by_name(header: list[str], cells: list[list[str]]) -> list[dict[str, str]]:
        names = [re.fullmatch(r"[^()]+ \((\w+)\)", heading)[1] for heading in header]  # type: ignore[index]
        return [dict(zip(names, row, strict=True)) for row in cells]

    text = anonymous.get(_url(world, "csv")).content.decode("utf-8-sig")
    header, *cells = list(csv.reader(io.StringIO(text)))
    assert header[:2] == ["ลำดับ (number)", "แบบวัด (tool)"]
    assert by_name(header, cells) == as_people
    response = anonymous.get(_url(world, "xlsx"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    header, *cells = [
        [("" if c is None else str(c)) for c in row] for row in book["measures"].iter_rows(values_only=True)
    ]
    assert by_name(header, cells) == as_people
    dictionary = list(book["fields"].iter_rows(values_only=True))
    assert dictionary[1:] == list(FIELDS)
    assert anonymous.get(_url(world, "xml")).status_code == 404


def test_every_column_is_documented_in_thai_and_english(world: World) -> None:
    _publish(world)
    rows = Client().get(_url(world, "json")).json()["measures"]
    documented = Client().get(reverse("public-open-data-fields")).json()["fields"]
    assert [f["name"] for f in documented] == list(rows[0])
    assert all(
        re.search(r"[ก-๙]", f["th"])
        and re.search(r"[ก-๙]", f["heading"])
        and re.fullmatch(r"[ -~–]+", f["en"])
        for f in documented
    )
    # the README's table is the same dictionary
    text = README.read_text(encoding="utf-8")
    lines = text[text.index("| ช่อง (field) |") :].split("\n\n")[0].splitlines()[2:]
    cells = [[c.strip().replace("\\|", "|") for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in lines]
    assert [(name.strip("`"), heading, th, en) for name, heading, th, en in cells] == list(FIELDS)


def test_a_harvester_asking_again_gets_304(world: World) -> None:
    _publish(world)
    anonymous = Client()
    first = anonymous.get(_url(world, "csv"))
    assert first["ETag"] and first["Last-Modified"]
    assert anonymous.get(_url(world, "csv"), headers={"If-None-Match": first["ETag"]}).status_code == 304
    since = anonymous.get(_url(world, "csv"), headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    other = anonymous.get(_url(world, "json"))
    assert other["ETag"] != first["ETag"]  # one tag per format
    assert anonymous.get(_url(world, "json"), headers={"If-None-Match": first["ETag"]}).status_code == 200
    # a new publication of the year (edited measures, approved again) is a new tag
    from prongsai.web.programme.services import measure_update
    from prongsai.web.publication.models import DocumentVersion, Publication
    from prongsai.web.publication.services import version_submit

    measure_update(
        measure=world.measure,
        version=1,
        fields={"title": "แก้ไขแล้ว"},
        units=None,
        user=world.users["coordinator"],
    )
    second = version_submit(
        organisation=world.a, year=YEAR, kind="implementation", layout="A", user=world.users["coordinator"]
    )
    DocumentVersion.objects.filter(pk=second.pk).update(status=DocumentVersion.APPROVED)
    Publication.objects.create(version=second, pdf="published/x.pdf", docx="published/x.docx")
    renewed = anonymous.get(_url(world, "csv"), headers={"If-None-Match": first["ETag"]})
    assert (
        renewed.status_code == 200
        and renewed["ETag"] != first["ETag"]
        and "แก้ไขแล้ว" in renewed.content.decode()
    )


def test_the_catalogue_lists_published_years_with_working_addresses(world: World) -> None:
    anonymous = Client()
    assert anonymous.get("/p/data.json").json()["dataset"] == []
    _publish(world)
    response = anonymous.get("/p/data.json")
    catalogue = response.json()
    assert catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    (dataset,) = catalogue["dataset"]  # B published nothing
    assert dataset["publisher"]["name"] == world.a.name and "๒๕๖๖" in dataset["title"]
    assert dataset["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert dataset["temporal"] == "2022-10-01/2023-09-30" and dataset["accessLevel"] == "public"
    assert {d["format"] for d in dataset["distribution"]} == {"JSON", "CSV", "XLSX", "PDF", "DOCX"}
    for distribution in dataset["distribution"]:
        address = re.sub(r"^http://testserver", "", distribution["downloadURL"])
        got = anonymous.get(address)
        assert got.status_code == 200, address
        assert got["Content-Type"].split(";")[0] == distribution["mediaType"]
    assert anonymous.get(re.sub(r"^http://testserver", "", dataset["describedBy"])).status_code == 200
    again = anonymous.get("/p/data.json", headers={"If-Modified-Since": response["Last-Modified"]})
    assert again.status_code == 304
