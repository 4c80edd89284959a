"""The REST API: its schema, what it reads, its writes (the web's checks, audit trail and locking), tokens and
their revocation, paging, filters and the per-token throttle. Who may call what is in test_access.py."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from prongsai.web.api.models import ApiToken
from prongsai.web.organisations.models import AuditEntry, Unit
from prongsai.web.programme.models import Evidence, Measure, ProgressEntry
from prongsai.web.programme.services import core_result, measure_update
from tests.web.conftest import PDF_BYTES, YEAR, World
from tests.web.test_access import api_client

API = "/api/v1"
README = Path(__file__).resolve().parents[2] / "README.md"


def _json(client: Client, method: str, url: str, body: object) -> tuple[int, dict[str, object]]:
    send = client.post if method == "POST" else client.patch
    response = send(url, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


# --- the schema and its page --------------------------------------------------------------------------------------


def test_the_openapi_document_is_valid_and_names_every_operation(db: None) -> None:
    from openapi_spec_validator import validate

    response = Client().get(f"{API}/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate(schema)  # the OpenAPI 3 specification's own validator, not ours
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/organisations/{slug}/measures/{pk}/progress", "/api/v1/overview"} <= set(schema["paths"])
    body = schema["paths"]["/api/v1/organisations/{slug}/measures/{pk}/progress"]["post"]["requestBody"]
    assert set(body["content"]) == {"application/json", "multipart/form-data"}
    assert schema["components"]["securitySchemes"]["TokenAuth"]["scheme"] == "bearer"


def test_the_docs_page_loads_nothing_from_elsewhere(db: None) -> None:
    from django.contrib.staticfiles import finders

    page = Client().get(f"{API}/docs").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(s.startswith("/static/") for s in sources), sources
    assert "swagger-ui-bundle" in page
    for source in sources:  # each one is a packaged file collectstatic serves
        assert finders.find(source.removeprefix("/static/")), source


# --- reads ------------------------------------------------------------------------------------------------------


def test_results_are_the_cores_figures(world: World) -> None:
    client = api_client(world, "overseer", scope="read")
    body = client.get(f"{API}/organisations/{world.a.slug}/results/{YEAR - 1}").json()
    from prongsai.web.programme.models import Result

    scored = core_result(Result.objects.get(organisation=world.a, fiscal_year=YEAR - 1))
    assert body["total"] == str(scored.total) and body["grade"]["label"] == scored.grade.label
    assert [i["code"] for i in body["indicators"]] == [str(n) for n in range(1, 11)]
    assert body["indicators"][8]["score"] == "75.30"
    listed = client.get(f"{API}/organisations/{world.a.slug}/results").json()
    assert listed == [
        {"fiscal_year": YEAR - 1, "framework": 2566, "total": str(scored.total), "grade": scored.grade.label}
    ]
    assert client.get(f"{API}/organisations/{world.a.slug}/results/{YEAR}").status_code == 404
    analysis = client.get(f"{API}/organisations/{world.a.slug}/analysis/{YEAR}").json()
    assert analysis["result_year"] == YEAR - 1
    assert {f["code"] for f in analysis["urgent"]} >= {"2", "6"}  # indicators scored 70


def test_a_measure_its_progress_evidence_and_documents(world: World) -> None:
    client = api_client(world, "approver", scope="read")
    slug = world.a.slug
    measure = client.get(f"{API}/organisations/{slug}/measures/{world.measure.pk}").json()
    assert measure["title"] == "เผยแพร่แผนการใช้จ่ายงบประมาณ" and measure["steps"] == ["จัดทำสรุป", "เผยแพร่"]
    assert measure["units"][0]["name"] == "กองคลัง › งานพัสดุ"
    assert measure["timeframe"]["end"] == "2023-09-30" and measure["version"] == 1
    entries = client.get(f"{API}/organisations/{slug}/measures/{world.measure.pk}/progress").json()
    assert entries[0]["text"] == "ประชุมแล้ว"
    evidence = entries[0]["evidence"][0]
    assert evidence["name"] == "รายงาน.pdf" and evidence["size"] == len(PDF_BYTES)
    assert evidence["url"].endswith(reverse("evidence", args=[slug, world.evidence.pk]))
    single = client.get(f"{API}/organisations/{slug}/evidence/{world.evidence.pk}").json()
    assert single == evidence
    versions = client.get(f"{API}/organisations/{slug}/versions?year={YEAR}").json()
    assert [(v["kind"], v["status"], v["publication"]) for v in versions] == [
        ("implementation", "pending", None)
    ]


def test_another_organisations_objects_under_our_address_are_404(world: World) -> None:
    client = api_client(world, "coordinator")
    slug = world.a.slug
    for url in (
        f"{API}/organisations/{slug}/measures/{world.b_measure.pk}",
        f"{API}/organisations/{slug}/measures/{world.b_measure.pk}/progress",
        f"{API}/organisations/{slug}/evidence/{world.b_evidence.pk}",
    ):
        assert client.get(url).status_code == 404, url
    status, body = _json(
        client,
        "POST",
        f"{API}/organisations/{slug}/measures/{world.b_measure.pk}/progress",
        {"date": "2023-01-05", "text": "แอบรายงาน"},
    )
    assert status == 404 and body["detail"] == "ไม่พบมาตรการ"
    assert not ProgressEntry.objects.filter(text="แอบรายงาน").exists()


def test_overview_figures_for_an_overseer(world: World) -> None:
    from prongsai.web.oversight.services import refresh_overview

    refresh_overview()
    body = api_client(world, "overseer", scope="read").get(f"{API}/overview").json()
    assert body["province"] == "น่าน" and body["year"] == YEAR - 1
    assert body["summary"]["count"] == 1 and body["areas"][0]["label"] == "เมือง"
    assert api_client(world, "coordinator").get(f"{API}/overview").status_code == 404


# --- paging and filters -----------------------------------------------------------------------------------------


def test_pages_follow_next_and_filters_narrow(world: World) -> None:
    for n in range(3, 9):
        m = Measure.objects.create(
            organisation=world.a,
            fiscal_year=YEAR + (n % 2),
            number=n,
            title=f"มาตรการที่ {n}",
            status="completed" if n % 3 == 0 else "unknown",
        )
        m.units.set([world.works])
    client = api_client(world, "overseer", scope="read")
    seen, url = [], f"{API}/organisations/{world.a.slug}/measures?limit=3"
    while url:
        page = client.get(url).json()
        assert len(page["items"]) <= 3
        seen += [item["id"] for item in page["items"]]
        url = page["next"]
    expected = list(Measure.objects.filter(organisation=world.a).order_by("pk").values_list("pk", flat=True))
    assert seen == expected
    # the list is written straight to JSON: it still keeps to its documented schema, item for item as the
    # single measure's (which goes through the schema) states it
    from prongsai.web.api.schemas import MeasurePage

    page = client.get(f"{API}/organisations/{world.a.slug}/measures?limit=200").json()
    MeasurePage.model_validate(page)
    single = client.get(f"{API}/organisations/{world.a.slug}/measures/{world.measure.pk}").json()
    listed = next(i for i in page["items"] if i["id"] == world.measure.pk)
    assert {k: v for k, v in listed.items() if k != "updated_at"} == {
        k: v for k, v in single.items() if k != "updated_at"
    }
    status = client.get(f"{API}/organisations/{world.a.slug}/measures?status=completed&limit=200").json()
    assert {i["number"] for i in status["items"]} == {3, 6}
    year = client.get(f"{API}/organisations/{world.a.slug}/measures?year={YEAR + 1}").json()
    assert {i["number"] for i in year["items"]} == {3, 5, 7}
    # a unit includes its sections: กองคลัง's measure is งานพัสดุ's
    finance = client.get(f"{API}/organisations/{world.a.slug}/measures?unit={world.finance.pk}").json()
    assert [i["id"] for i in finance["items"]] == [world.measure.pk]
    everywhere = api_client(world, "admin", scope="read")
    nan = everywhere.get(f"{API}/measures?province=น่าน&limit=200").json()
    lampang = everywhere.get(f"{API}/measures?province=ลำปาง").json()
    assert len(nan["items"]) == 8 and [i["id"] for i in lampang["items"]] == [world.b_measure.pk]
    organisations = everywhere.get(f"{API}/organisations?province=ลำปาง").json()
    assert [o["slug"] for o in organisations["items"]] == [world.b.slug]
    bad = client.get(f"{API}/organisations/{world.a.slug}/measures?limit=5000")
    assert bad.status_code == 400 and bad.json()["detail"].startswith("ข้อมูลไม่ถูกต้อง")


# --- writes -----------------------------------------------------------------------------------------------------


def test_a_measure_is_created_through_the_form_and_audited(world: World) -> None:
    client = api_client(world, "coordinator")
    url = f"{API}/organisations/{world.a.slug}/measures"
    status, body = _json(
        client,
        "POST",
        url,
        {
            "fiscal_year": YEAR,
            "title": "จัดทำคู่มือการให้บริการ",
            "indicator": 2,
            "questions": ["i9"],
            "steps": ["ร่างคู่มือ", "เผยแพร่คู่มือ"],
            "units": [world.works.pk],
            "start_month": 10,
            "start_year": 2565,
            "end_month": 3,
            "end_year": 2566,
        },
    )
    assert status == 201, body
    created = Measure.objects.get(pk=body["id"])
    assert created.number == 3 and created.tool == "IIT"  # the next number; the indicator's tool
    assert str(created.start) == "2022-10-01" and str(created.end) == "2023-03-31"
    assert list(created.units.all()) == [world.works]
    entry = AuditEntry.objects.get(action="measure.create", object_id=str(created.pk))
    assert entry.user == world.users["coordinator"]


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"fiscal_year": YEAR, "title": ""}, "title", "จำเป็น"),
        ({"fiscal_year": YEAR, "title": "ก", "questions": ["i99"]}, "questions", "ไม่รู้จักข้อ i99"),
        ({"fiscal_year": YEAR, "title": "ก", "group": "theme"}, "theme", "กรุณาระบุประเด็น"),
        ({"fiscal_year": YEAR, "title": "ก", "start_month": 5}, "start_year", "กรุณาระบุปี พ.ศ."),
        ({"fiscal_year": YEAR, "title": "ก", "units": [999999]}, "units", "เลือก"),
        ({"fiscal_year": "สองพัน", "title": "ก"}, "fiscal_year", "ค่าไม่ถูกต้อง"),
    ],
)
def test_bad_input_is_400_in_thai_and_saves_nothing(
    world: World, body: dict[str, object], field: str, message: str
) -> None:
    client = api_client(world, "coordinator")
    before = (Measure.objects.count(), AuditEntry.objects.count())
    status, answer = _json(client, "POST", f"{API}/organisations/{world.a.slug}/measures", body)
    assert status == 400
    errors = answer["errors"]
    assert isinstance(errors, dict) and message in " ".join(errors[field]), answer
    assert re.search(r"[ก-๙]", str(answer["detail"]))
    assert (Measure.objects.count(), AuditEntry.objects.count()) == before


def test_a_stale_version_is_409_and_changes_nothing(world: World) -> None:
    client = api_client(world, "coordinator")
    url = f"{API}/organisations/{world.a.slug}/measures/{world.measure.pk}"
    read = client.get(url).json()
    measure_update(  # someone saves on the web after the API client read
        measure=world.measure, version=1, fields={"title": "ชื่อจากเว็บ"}, units=None, user=world.users["admin"]
    )
    status, body = _json(client, "PATCH", url, {"version": read["version"], "title": "ชื่อจาก API"})
    assert status == 409 and "มีผู้อื่นแก้ไขรายการนี้ไปแล้ว" in str(body["detail"])
    world.measure.refresh_from_db()
    assert world.measure.title == "ชื่อจากเว็บ" and world.measure.version == 2
    status, body = _json(client, "PATCH", url, {"version": 2, "title": "ชื่อจาก API"})
    assert status == 200 and body["version"] == 3 and body["title"] == "ชื่อจาก API"
    world.measure.refresh_from_db()  # the fields not sent are kept
    assert world.measure.steps == ["จัดทำสรุป", "เผยแพร่"] and str(world.measure.end) == "2023-09-30"
    assert [u.name for u in world.measure.units.all()] == ["งานพัสดุ"] and world.measure.indicator == 2


def test_outcome_checks_and_locks(world: World) -> None:
    client = api_client(world, "officer")
    url = f"{API}/organisations/{world.a.slug}/measures/{world.measure.pk}/outcome"
    status, body = _json(client, "POST", url, {"status": "not_possible", "version": 1})
    assert status == 400 and body["detail"] == "กรุณาระบุเหตุที่ดำเนินการไม่ได้"
    status, body = _json(client, "POST", url, {"status": "completed", "summary": "เผยแพร่ครบ", "version": 1})
    assert status == 200 and body["status"] == "completed"
    status, _ = _json(client, "POST", url, {"status": "in_progress", "version": 1})
    assert status == 409
    world.measure.refresh_from_db()
    assert world.measure.status == "completed"


def test_progress_as_json_and_with_a_file(world: World) -> None:
    client = api_client(world, "officer")
    url = f"{API}/organisations/{world.a.slug}/measures/{world.measure.pk}/progress"
    status, body = _json(
        client, "POST", url, {"date": "2023-02-01", "text": "จัดประชุม", "link": "https://example.go.th/news/1"}
    )
    assert status == 201 and body["evidence"][0]["link"] == "https://example.go.th/news/1"
    assert AuditEntry.objects.filter(action="progress.add", object_id=str(body["id"])).exists()
    world.measure.refresh_from_db()
    assert world.measure.status == "in_progress"  # as the web's service does
    upload = client.post(
        url,
        {"date": "2023-02-02", "text": "แนบรายงาน", "file": SimpleUploadedFile("รายงาน.pdf", PDF_BYTES)},
    )
    assert upload.status_code == 201, upload.content
    stored = Evidence.objects.get(pk=upload.json()["evidence"][0]["id"])
    assert stored.content_type == "application/pdf" and stored.original_name == "รายงาน.pdf"
    before = ProgressEntry.objects.count()
    bad = client.post(
        url, {"date": "2023-02-03", "text": "ไฟล์ปลอม", "file": SimpleUploadedFile("x.pdf", b"MZ\x90")}
    )
    assert bad.status_code == 400 and bad.json()["detail"] == "รับเฉพาะไฟล์ PDF, PNG, JPEG, DOCX หรือ XLSX"
    status, body = _json(client, "POST", url, {"date": "วันนี้", "text": "x"})
    assert status == 400 and "date" in body["errors"]  # type: ignore[operator]
    broken = client.post(url, "{not json", content_type="application/json")
    assert broken.status_code == 400 and broken.json()["detail"] == "อ่าน JSON ไม่ได้"
    assert ProgressEntry.objects.count() == before


def test_a_read_only_token_changes_nothing(world: World) -> None:
    client = api_client(world, "coordinator", scope="read")
    slug, pk = world.a.slug, world.measure.pk
    before = (Measure.objects.count(), ProgressEntry.objects.count(), AuditEntry.objects.count())
    for method, url, body in [
        ("POST", f"{API}/organisations/{slug}/measures", {"fiscal_year": YEAR, "title": "ใหม่"}),
        ("PATCH", f"{API}/organisations/{slug}/measures/{pk}", {"version": 1, "title": "แก้"}),
        ("POST", f"{API}/organisations/{slug}/measures/{pk}/outcome", {"status": "completed", "version": 1}),
        ("POST", f"{API}/organisations/{slug}/measures/{pk}/progress", {"date": "2023-01-09", "text": "x"}),
    ]:
        status, answer = _json(client, method, url, body)
        assert status == 403 and answer["detail"].startswith("โทเคนนี้อ่านได้อย่างเดียว"), (url, answer)  # type: ignore[union-attr]
    assert (Measure.objects.count(), ProgressEntry.objects.count(), AuditEntry.objects.count()) == before


# --- tokens -----------------------------------------------------------------------------------------------------


def test_a_token_is_shown_once_stored_hashed_and_revoked(world: World) -> None:
    page = world.client("officer")
    made = page.post(reverse("api-tokens"), {"name": "ไลน์บอทกองคลัง", "scope": "write"})
    assert made.status_code == 200 and made["Cache-Control"] == "no-store"
    text = re.search(r'id="new-token">(psk_[A-Za-z0-9_-]+)<', made.content.decode())
    assert text is not None
    token = ApiToken.objects.get(user=world.users["officer"])
    assert token.digest == hashlib.sha256(text[1].encode()).hexdigest()
    assert text[1] not in json.dumps([list(r) for r in ApiToken.objects.values_list()], default=str)
    assert text[1] not in page.get(reverse("api-tokens")).content.decode()  # never shown again
    bearer = Client(headers={"Authorization": f"Bearer {text[1]}"})
    assert bearer.get(f"{API}/organisations/{world.a.slug}").status_code == 200
    # someone else cannot revoke it; its owner can, and then it opens nothing
    assert world.client("coordinator").post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert page.post(reverse("api-token-revoke", args=[token.pk])).status_code == 302
    refused = bearer.get(f"{API}/organisations/{world.a.slug}")
    assert refused.status_code == 401 and "โทเคน" in refused.json()["detail"]
    assert AuditEntry.objects.filter(action__in=["api_token.create", "api_token.revoke"]).count() == 2
    bad_name = page.post(reverse("api-tokens"), {"name": "", "scope": "write"})
    assert bad_name.status_code == 400 and ApiToken.objects.count() == 1


def test_a_logged_in_browser_without_a_token_is_401(world: World) -> None:
    response = world.client("coordinator").get(f"{API}/organisations/{world.a.slug}")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert (
        Client(headers={"Authorization": "Bearer psk_nonsense"}).get(f"{API}/organisations").status_code
        == 401
    )


def test_an_inactive_persons_token_is_401(world: World) -> None:
    client = api_client(world, "coordinator")
    world.users["coordinator"].is_active = False
    world.users["coordinator"].save()
    assert client.get(f"{API}/organisations/{world.a.slug}").status_code == 401


def test_each_token_has_its_own_budget(world: World, settings: object) -> None:
    settings.PRONGSAI_API_RATE = "2/m"  # type: ignore[attr-defined]
    first, second = api_client(world, "coordinator"), api_client(world, "coordinator")
    url = f"{API}/organisations/{world.a.slug}"
    assert [first.get(url).status_code for _ in range(2)] == [200, 200]
    third = first.get(url)
    assert third.status_code == 429 and third.json()["detail"].startswith("ส่งคำขอถี่เกินไป")
    assert int(third["Retry-After"]) > 0
    assert second.get(url).status_code == 200


# --- the README's example -----------------------------------------------------------------------------------------


def _readme_curl() -> list[str]:
    """The README's curl example that reports progress, as its words."""
    text = README.read_text(encoding="utf-8")
    block = re.search(r"```sh\n(curl [^`]*?/progress[^`]*?)```", text)
    assert block is not None, "the README has no curl example reporting progress"
    return shlex.split(block[1].replace("\\\n", " "))


def test_the_readmes_curl_example_reports_progress(world: World) -> None:
    words = _readme_curl()
    url = next(w for w in words if w.startswith("http"))
    headers = [words[i + 1] for i, w in enumerate(words) if w == "-H"]
    data = words[words.index("-d") + 1]
    assert words[words.index("-X") + 1] == "POST"
    path = re.sub(r"^https?://[^/]+", "", url)
    path = re.sub(
        r"/organisations/[^/]+/measures/\d+/",
        f"/organisations/{world.a.slug}/measures/{world.measure.pk}/",
        path,
    )
    _, token = __import__("prongsai.web.api.tokens", fromlist=["token_create"]).token_create(
        user=world.users["officer"], name="README", scope="write"
    )
    sent = {h.split(":", 1)[0].strip(): h.split(":", 1)[1].strip() for h in headers}
    assert sent["Authorization"].startswith("Bearer psk_")
    sent["Authorization"] = f"Bearer {token}"
    assert sent.pop("Content-Type") == "application/json"
    response = Client().post(path, data, content_type="application/json", headers=sent)
    assert response.status_code == 201, response.content
    assert ProgressEntry.objects.filter(measure=world.measure, text=json.loads(data)["text"]).exists()
    # the same request again (a retry after a lost answer): its Idempotency-Key makes it save nothing
    again = Client().post(path, data, content_type="application/json", headers=sent)
    assert again.status_code == 409 and "ไม่ได้บันทึกซ้ำ" in again.json()["detail"]
    assert ProgressEntry.objects.filter(measure=world.measure, text=json.loads(data)["text"]).count() == 1


def test_units_named_in_the_schema_are_the_organisations(world: World) -> None:
    """A unit id of another organisation is refused by the form's own choices."""
    theirs = Unit.objects.filter(organisation=world.b).first()
    assert theirs is not None
    status, body = _json(
        api_client(world, "coordinator"),
        "POST",
        f"{API}/organisations/{world.a.slug}/measures",
        {"fiscal_year": YEAR, "title": "ก", "units": [theirs.pk]},
    )
    assert status == 400 and "units" in body["errors"]  # type: ignore[operator]


def test_an_idempotency_key_is_each_tokens_own(world: World) -> None:
    url = f"{API}/organisations/{world.a.slug}/measures"
    body = json.dumps({"fiscal_year": YEAR, "title": "มาตรการจากบอท", "units": [world.works.pk]})
    key = {"Idempotency-Key": "bot-1"}
    first, second = api_client(world, "coordinator"), api_client(world, "coordinator")
    assert first.post(url, body, content_type="application/json", headers=key).status_code == 201
    assert first.post(url, body, content_type="application/json", headers=key).status_code == 409
    assert second.post(url, body, content_type="application/json", headers=key).status_code == 201
    assert Measure.objects.filter(title="มาตรการจากบอท").count() == 2


def test_out_of_range_numbers_are_404_or_400_never_500(world: World) -> None:
    client = api_client(world, "coordinator")
    slug, huge = world.a.slug, "9" * 23
    for url in (
        f"{API}/organisations/{slug}/measures/{huge}",
        f"{API}/organisations/{slug}/evidence/{huge}",
        f"{API}/organisations/{slug}/results/0",
        f"{API}/organisations/{slug}/analysis/99999",
    ):
        assert client.get(url).status_code == 404, url
    for url in (f"{API}/measures?after={huge}", f"{API}/measures?year={huge}", f"{API}/measures?unit={huge}"):
        response = client.get(url)
        assert response.status_code == 400 and "ค่าไม่ถูกต้อง" in str(response.json()["errors"]), url
