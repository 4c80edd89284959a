"""The REST API at /api/v1/ (django-ninja: pydantic schemas and an OpenAPI 3 document from the same code).

Every request carries a personal token (`Authorization: Bearer psk_…`, made on the person's token page) and is
that person's: each operation gets its organisation, measure, evidence or area through `prongsai.web.access`, as
the web's views do (another organisation's objects are 404, a reader's change is 403), and a read-only token
changes nothing. Writes go through the web's forms (the same checks, the same Thai messages) and its services
(the same audit trail and optimistic locking: a stale `version` is 409).
"""

# no `from __future__ import annotations`: django-ninja reads the operations' annotations at import

import hashlib
import json
from collections.abc import Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.urls import reverse
from ninja import NinjaAPI, Query, Schema, Status
from ninja.errors import AuthenticationError, Throttled, ValidationError
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle
from pydantic import Field

import prongsai.web.converters  # noqa: F401  (registers the <year:…> converter the paths use)
from prongsai.core.errors import ProngsaiError
from prongsai.core.scoring import change
from prongsai.web import access as door
from prongsai.web.api import schemas as s
from prongsai.web.api.models import ApiToken
from prongsai.web.api.tokens import token_for
from prongsai.web.converters import FIRST_YEAR, LAST_YEAR
from prongsai.web.organisations.models import Organisation
from prongsai.web.oversight import figures
from prongsai.web.programme.forms import MeasureForm, OutcomeForm, ProgressForm
from prongsai.web.programme.models import (
    MEASURE_OUTCOME_FIELDS,
    MEASURE_PLAN_FIELDS,
    Analysis,
    Evidence,
    Measure,
    ProgressEntry,
    Result,
)
from prongsai.web.programme.services import (
    AlreadyDoneError,
    ConflictError,
    claim_token,
    core_result,
    measure_create,
    measure_set_outcome,
    measure_update,
    progress_add,
    result_analysis,
)
from prongsai.web.programme.views.common import today
from prongsai.web.programme.views.measures import _initial as measure_initial
from prongsai.web.publication.models import DocumentVersion

PAGE_LIMIT_DEFAULT, PAGE_LIMIT_MAX = 50, 200
LARGEST_ID = 2**63 - 1  # a database's bigint: a larger number in a filter is bad input, not a query


class ThaiJSON(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: the request becomes the token's person's."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        found = token_for(token)
        if found is not None:
            request.user = found.user
        return found


class TokenThrottle(SimpleRateThrottle):
    """One budget per token (PRONGSAI_API_RATE, e.g. 300/m), kept in Django's cache."""

    scope = "token"

    def __init__(self) -> None:
        super().__init__(settings.PRONGSAI_API_RATE)

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = settings.PRONGSAI_API_RATE  # read each time, so that a changed setting holds at once
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        token = getattr(request, "auth", None)
        who = token.digest[:32] if isinstance(token, ApiToken) else self.get_ident(request)
        return f"prongsai-api-throttle-{who}"


api = NinjaAPI(
    title="Prongsai API",
    version="1",
    description="ระบบมาตรการส่งเสริมคุณธรรมและความโปร่งใส: ผลการประเมิน การวิเคราะห์ มาตรการ ความก้าวหน้า "
    "หลักฐาน เอกสารและการอนุมัติ ภาพรวมของผู้กำกับดูแล ทุกคำขอใช้โทเคนส่วนตัว "
    "(`Authorization: Bearer psk_…`) ที่สร้างในหน้า “โทเคน API” (read-only or read-write).",
    urls_namespace="api",
    auth=TokenAuth(),
    throttle=[TokenThrottle()],
    renderer=ThaiJSON(),
)


def _problem(request: HttpRequest, status: int, detail: str, errors: Any = None) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    return api.create_response(request, body, status=status)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _problem(request, 404, str(exc) or "ไม่พบ")


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _problem(request, 403, str(exc) or "ไม่มีสิทธิ์")


@api.exception_handler(AuthenticationError)
def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _problem(
        request, 401, "ต้องใช้โทเคน API ที่ยังไม่ถูกยกเลิก (Authorization: Bearer …) สร้างได้ที่หน้า “โทเคน API”"
    )
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(Throttled)
def _throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
    wait = f" กรุณารอ {int(exc.wait) + 1} วินาทีแล้วลองใหม่" if exc.wait is not None else ""
    return _problem(request, 429, "ส่งคำขอถี่เกินไปสำหรับโทเคนนี้" + wait)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        where = [
            str(part) for part in error.get("loc", ()) if part not in ("body", "query", "path", "payload")
        ]
        errors.setdefault(".".join(where) or "body", []).append(f"ค่าไม่ถูกต้อง ({error.get('msg', '')})")
    names = ", ".join(errors)
    return _problem(request, 400, f"ข้อมูลไม่ถูกต้อง: {names}", errors)


@api.exception_handler(ConflictError)
def _conflict(request: HttpRequest, exc: ConflictError) -> HttpResponse:
    return _problem(request, 409, exc.thai)


@api.exception_handler(AlreadyDoneError)
def _repeated(request: HttpRequest, exc: AlreadyDoneError) -> HttpResponse:
    return _problem(request, 409, exc.thai)


@api.exception_handler(ProngsaiError)
def _refused(request: HttpRequest, exc: ProngsaiError) -> HttpResponse:
    return _problem(request, 400, exc.thai)


class FormInvalid(Exception):
    def __init__(self, form: Form) -> None:
        self.form = form


@api.exception_handler(FormInvalid)
def _form_invalid(request: HttpRequest, exc: FormInvalid) -> HttpResponse:
    errors = {("body" if f == "__all__" else f): [str(m) for m in ms] for f, ms in exc.form.errors.items()}
    first = next(iter(errors.values()))[0]
    return _problem(request, 400, first, errors)


def _valid(form: Form) -> Form:
    if not form.is_valid():
        raise FormInvalid(form)
    return form


def _writer(request: HttpRequest) -> None:
    auth = getattr(request, "auth", None)
    door.token_may_change(auth.scope if isinstance(auth, ApiToken) else "")


IDEMPOTENCY_HEADER = "Idempotency-Key"
REPEATED = "ส่งคำขอนี้ (Idempotency-Key เดิม) ไปแล้ว ไม่ได้บันทึกซ้ำ"


def _once(request: HttpRequest, organisation: Organisation, purpose: str) -> None:
    """With an `Idempotency-Key` header, the write is done once: its key is claimed in the write's transaction,
    so a resent request (a retry after a lost answer, a double tap in a bot) gets 409 and saves nothing."""
    key = request.headers.get(IDEMPOTENCY_HEADER, "").strip()
    if not key:
        return
    if len(key) > 200:
        raise ProngsaiError("Idempotency-Key ยาวเกิน 200 ตัวอักษร", "Idempotency-Key is longer than 200")
    auth = getattr(request, "auth", None)
    owner = auth.digest if isinstance(auth, ApiToken) else ""
    claim_token(
        hashlib.sha256(f"{owner}:{purpose}:{key}".encode()).hexdigest(),
        organisation=organisation,
        purpose=f"api.{purpose}",
        thai=REPEATED,
    )


# --- paging: after an id, so page 6,000 of a national list costs what page 1 does ----------------------------

M = TypeVar("M", Organisation, Measure)


class Paging(Schema):
    limit: int = Field(PAGE_LIMIT_DEFAULT, ge=1, le=PAGE_LIMIT_MAX, description="รายการต่อหน้า (items a page)")
    after: int = Field(0, ge=0, le=LARGEST_ID, description="รายการหลังรหัสนี้ (from the previous page's `next`)")


def _page(request: HttpRequest, rows: QuerySet[M], paging: Paging) -> tuple[list[M], str | None]:
    found = list(rows.filter(pk__gt=paging.after).order_by("pk")[: paging.limit + 1])
    if len(found) <= paging.limit:
        return found, None
    return found[: paging.limit], _next(request, found[paging.limit - 1].pk)


def _next(request: HttpRequest, last: int) -> str:
    """The address of the page after the item `last`, with the same filters."""
    query: QueryDict = request.GET.copy()
    query["after"] = str(last)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


# --- organisations, years, results, analysis -------------------------------------------------------------------


def _organisation(o: Organisation) -> dict[str, Any]:
    return {
        "slug": o.slug,
        "name": o.name,
        "type": o.type,
        "province": o.province,
        "district": o.district,
        "code": o.code,
    }


class OrganisationFilter(Paging):
    province: str | None = None
    district: str | None = None


@api.get("/organisations", response=s.OrganisationPage, tags=["organisations"])
def organisations(request: HttpRequest, filters: Query[OrganisationFilter]) -> dict[str, Any]:
    """หน่วยงานที่ผู้ถือโทเคนอ่านได้ (the organisations the token's person may read)."""
    rows = door.organisations_for_user(request.user)
    if filters.province:
        rows = rows.filter(province=filters.province)
    if filters.district:
        rows = rows.filter(district=filters.district)
    found, after = _page(request, rows, filters)
    return {"items": [_organisation(o) for o in found], "next": after}


@api.get("/organisations/{slug}", response=s.OrganisationDetail, tags=["organisations"])
def organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    o = door.organisation_for_user(request.user, slug).organisation
    years = (
        set(Measure.objects.filter(organisation=o).values_list("fiscal_year", flat=True).distinct())
        | {y + 1 for y in Result.objects.filter(organisation=o).values_list("fiscal_year", flat=True)}
        | set(DocumentVersion.objects.filter(organisation=o).values_list("fiscal_year", flat=True).distinct())
    )
    return {**_organisation(o), "years": sorted(years)}


@api.get("/organisations/{slug}/results", response=list[s.ResultSummary], tags=["results"])
def results(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    o = door.organisation_for_user(request.user, slug).organisation
    return [
        {"fiscal_year": r.fiscal_year, "framework": r.framework_version, "total": r.total, "grade": r.grade}
        for r in Result.objects.filter(organisation=o).order_by("fiscal_year")
    ]


@api.get("/organisations/{slug}/results/{year:year}", response=s.ResultOut, tags=["results"])
def result(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    """ผลการประเมินของปีที่ประเมิน `year`: คะแนนรวม ระดับ แบบวัด ตัวชี้วัด (computed by the scoring core)."""
    o = door.organisation_for_user(request.user, slug).organisation
    stored = Result.objects.filter(organisation=o, fiscal_year=year).first()
    if stored is None:
        raise Http404("ไม่พบผลการประเมินของปีนี้")
    scored = core_result(stored)
    previous = Result.objects.filter(organisation=o, fiscal_year=year - 1).first()
    indicators = {i.number: i for i in scored.framework.indicators}
    return {
        "fiscal_year": year,
        "framework": stored.framework_version,
        "total": scored.total,
        "grade": {"key": scored.grade.key, "label": scored.grade.label, "english": scored.grade.english},
        "tools": dict(scored.tools),
        "indicators": [
            {"code": str(n), "name": indicators[n].name, "tool": indicators[n].tool, "score": score}
            for n, score in sorted(scored.indicators.items())
        ],
        "questions": dict(scored.questions),
        "items": dict(scored.items),
        "change": change(scored, core_result(previous)).delta if previous else None,
        "updated_at": stored.updated_at,
    }


@api.get("/organisations/{slug}/analysis/{year:year}", response=s.AnalysisOut, tags=["results"])
def analysis(request: HttpRequest, slug: str, year: int) -> dict[str, Any]:
    """การวิเคราะห์ของปี `year` (มาตรการ) จากผลการประเมินปี `year - 1`."""
    o = door.organisation_for_user(request.user, slug).organisation
    record = Analysis.objects.filter(organisation=o, fiscal_year=year).first()
    stored = Result.objects.filter(organisation=o, fiscal_year=year - 1).first()
    if record is None and stored is None:
        raise Http404("ไม่พบการวิเคราะห์ของปีนี้")
    findings = result_analysis(stored)[1] if stored else None

    def listed(items: Iterable[Any]) -> list[dict[str, Any]]:
        return [
            {
                "kind": f.kind,
                "code": f.code,
                "name": f.name,
                "tool": f.tool,
                "indicator": f.indicator,
                "score": f.score,
                "gap": f.gap,
            }
            for f in items
        ]

    return {
        "fiscal_year": year,
        "result_year": year - 1,
        "analysis_text": record.analysis_text if record else "",
        "practice_text": record.practice_text if record else "",
        "version": record.version if record else 1,
        "urgent": listed(findings.urgent if findings else ()),
        "develop": listed(findings.develop if findings else ()),
    }


# --- measures ---------------------------------------------------------------------------------------------------


MEASURE_COLUMNS = (
    "id",
    "organisation__slug",
    "fiscal_year",
    *MEASURE_PLAN_FIELDS,
    *MEASURE_OUTCOME_FIELDS,
    "version",
    "updated_at",
)


def _measure_rows(rows: QuerySet[Measure]) -> list[dict[str, Any]]:
    """The measures of `rows` as the API states them, in two queries (their columns, then their units), with
    no model built: a page of 100 of the country's measures is read in a few milliseconds."""
    found = list(rows.values(*MEASURE_COLUMNS))
    units: dict[int, list[dict[str, Any]]] = {}
    for measure_id, unit_id, name, parent_id, parent_name in (
        Measure.units.through.objects.filter(measure_id__in=[r["id"] for r in found])
        .order_by("unit__parent__name", "unit__name")
        .values_list("measure_id", "unit_id", "unit__name", "unit__parent_id", "unit__parent__name")
    ):
        units.setdefault(measure_id, []).append(
            {"id": unit_id, "name": f"{parent_name} › {name}" if parent_id else name, "parent": parent_id}
        )
    return [
        {
            "id": r["id"],
            "organisation": r["organisation__slug"],
            **{c: r[c] for c in MEASURE_COLUMNS[2:12]},
            "units": units.get(r["id"], []),
            "timeframe": {"text": r["timeframe_text"], "start": r["start"], "end": r["end"]},
            **{c: r[c] for c in MEASURE_COLUMNS[15:]},
        }
        for r in found
    ]


def _measure(pk: int) -> dict[str, Any]:
    return _measure_rows(Measure.objects.filter(pk=pk))[0]


class MeasureFilter(Paging):
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description="ปีงบประมาณ พ.ศ.")
    status: str | None = Field(None, description="unknown | in_progress | completed | not_possible")
    unit: int | None = Field(None, ge=1, le=LARGEST_ID, description="หน่วยงานผู้รับผิดชอบ (and its sections)")
    province: str | None = None


def _measures(request: HttpRequest, rows: QuerySet[Measure], filters: MeasureFilter) -> HttpResponse:
    if filters.year is not None:
        rows = rows.filter(fiscal_year=filters.year)
    if filters.status:
        rows = rows.filter(status=filters.status)
    if filters.province:
        rows = rows.filter(organisation__province=filters.province)
    if filters.unit is not None:
        through = Measure.units.through.objects.filter(
            Q(unit_id=filters.unit) | Q(unit__parent_id=filters.unit)
        )
        rows = rows.filter(pk__in=through.values("measure_id"))
    found = _measure_rows(rows.filter(pk__gt=filters.after).order_by("pk")[: filters.limit + 1])
    after = _next(request, found[filters.limit - 1]["id"]) if len(found) > filters.limit else None
    # straight to JSON: the rows are built to the schema above, and checking 100 of them again would cost more
    # than reading them
    return api.create_response(request, {"items": found[: filters.limit], "next": after}, status=200)


@api.get("/measures", response=s.MeasurePage, tags=["measures"])
def measures_everywhere(request: HttpRequest, filters: Query[MeasureFilter]) -> HttpResponse:
    """มาตรการของทุกหน่วยงานที่อ่านได้ (for overseers: every organisation they oversee)."""
    readable = door.organisations_for_user(request.user)
    rows = Measure.objects.all()
    if readable.query.has_filters():  # the whole country (a national overseer's) needs no filter
        rows = rows.filter(organisation__in=readable)
    return _measures(request, rows, filters)


@api.get("/organisations/{slug}/measures", response=s.MeasurePage, tags=["measures"])
def measures(request: HttpRequest, slug: str, filters: Query[MeasureFilter]) -> HttpResponse:
    o = door.organisation_for_user(request.user, slug).organisation
    return _measures(request, Measure.objects.filter(organisation=o), filters)


@api.get("/organisations/{slug}/measures/{pk}", response=s.MeasureOut, tags=["measures"])
def measure(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    return _measure(door.measure_for_user(door.organisation_for_user(request.user, slug), pk).pk)


def _form_data(fields: dict[str, Any]) -> dict[str, Any]:
    """The API's JSON as the web form's fields: lists become its lines, numbers its text."""
    data: dict[str, Any] = {}
    for name, value in fields.items():
        if value is None:
            continue
        if name == "questions":
            data[name] = ", ".join(value)
        elif name == "steps":
            data[name] = "\n".join(value)
        elif name == "units":
            data[name] = [str(v) for v in value]
        else:
            data[name] = str(value)
    return data


def _with_units(data: dict[str, Any]) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in data.items():
        if isinstance(value, list):
            query.setlist(name, value)
        else:
            query[name] = value
    return query


@api.post("/organisations/{slug}/measures", response={201: s.MeasureOut}, tags=["measures"])
def measure_new(request: HttpRequest, slug: str, payload: s.MeasureNew) -> Status[dict[str, Any]]:
    """เพิ่มมาตรการ (ผู้ประสานงาน; read-write token). Missing `group` is `urgent`; an `Idempotency-Key` header
    makes a resent request 409, saving nothing."""
    access = door.organisation_for_user(request.user, slug, manage=True)
    _writer(request)
    fields = payload.dict(exclude_unset=True)
    year = fields.pop("fiscal_year")
    fields.setdefault("group", "urgent")
    form = _valid(
        MeasureForm(_with_units(_form_data(fields)), organisation=access.organisation, fiscal_year=year)
    )
    assert isinstance(form, MeasureForm)
    with transaction.atomic():
        _once(request, access.organisation, "measure.create")
        created = measure_create(
            organisation=access.organisation,
            fiscal_year=year,
            fields=form.measure_fields(),
            units=form.cleaned_data["units"],
            user=request.user,
        )
    return Status(201, _measure(created.pk))


@api.patch(
    "/organisations/{slug}/measures/{pk}", response={200: s.MeasureOut, 409: s.Problem}, tags=["measures"]
)
def measure_edit(request: HttpRequest, slug: str, pk: int, payload: s.MeasureEdit) -> dict[str, Any]:
    """แก้ไขมาตรการ: send the fields to change and the `version` read; 409 if it moved on since."""
    access = door.organisation_for_user(request.user, slug)
    found = door.measure_for_user(access, pk, manage=True)
    _writer(request)
    current = measure_initial(found)
    current["questions"] = found.questions
    current["steps"] = found.steps
    current["units"] = [u.pk for u in current["units"]]
    for name in ("start", "end"):
        current.pop(f"{name}_month", None)
        current.pop(f"{name}_year", None)
    fields = {**current, **payload.dict(exclude_unset=True)}
    form = _valid(
        MeasureForm(
            _with_units(_form_data(fields)), organisation=access.organisation, fiscal_year=found.fiscal_year
        )
    )
    assert isinstance(form, MeasureForm)
    edits = form.measure_fields()
    if not any(f"{n}_month" in fields or f"{n}_year" in fields for n in ("start", "end")) and (
        "timeframe_text" not in payload.dict(exclude_unset=True)
    ):
        edits["start"], edits["end"] = found.start, found.end  # dates untouched unless sent
    saved = measure_update(
        measure=found,
        version=payload.version,
        fields=edits,
        units=form.cleaned_data["units"],
        user=request.user,
    )
    return _measure(saved.pk)


@api.post(
    "/organisations/{slug}/measures/{pk}/outcome",
    response={200: s.MeasureOut, 409: s.Problem},
    tags=["progress"],
)
def outcome(request: HttpRequest, slug: str, pk: int, payload: s.OutcomeIn) -> dict[str, Any]:
    """ผลการดำเนินการของมาตรการ (the units responsible, or the coordinator)."""
    found = door.measure_for_user(door.organisation_for_user(request.user, slug), pk, report=True)
    _writer(request)
    form = _valid(OutcomeForm(_form_data(payload.dict())))
    data = form.cleaned_data
    saved = measure_set_outcome(
        measure=found,
        version=data["version"],
        status=data["status"],
        reason=data["not_possible_reason"],
        summary=data["summary"],
        suggestions=data["suggestions"],
        user=request.user,
    )
    return _measure(saved.pk)


# --- progress and evidence --------------------------------------------------------------------------------------


def _evidence(request: HttpRequest, e: Evidence, slug: str) -> dict[str, Any]:
    return {
        "id": e.pk,
        "name": e.original_name,
        "content_type": e.content_type,
        "size": e.size,
        "link": e.link,
        "public": e.public,
        "url": request.build_absolute_uri(reverse("evidence", args=[slug, e.pk])) if e.file else e.link,
    }


def _entry(request: HttpRequest, entry: ProgressEntry, slug: str) -> dict[str, Any]:
    author = entry.author
    return {
        "id": entry.pk,
        "measure": entry.measure_id,
        "date": entry.date,
        "text": entry.text,
        "author": (author.get_full_name() or author.get_username()) if author else "",
        "created_at": entry.created_at,
        "evidence": [_evidence(request, e, slug) for e in entry.evidence.all()],
    }


@api.get("/organisations/{slug}/measures/{pk}/progress", response=list[s.ProgressOut], tags=["progress"])
def progress(request: HttpRequest, slug: str, pk: int) -> list[dict[str, Any]]:
    found = door.measure_for_user(door.organisation_for_user(request.user, slug), pk)
    entries = found.progress.select_related("author").prefetch_related("evidence")
    return [_entry(request, e, slug) for e in entries]


_PROGRESS_FIELDS = {
    "date": {"type": "string", "format": "date"},
    "text": {"type": "string"},
    "link": {"type": "string", "format": "uri"},
    "public": {"type": "boolean"},
}
_EVIDENCE_FILE = {"type": "string", "format": "binary", "description": "PDF PNG JPEG DOCX XLSX"}
PROGRESS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {"type": "object", "required": ["date", "text"], "properties": _PROGRESS_FIELDS}
            },
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["date", "text"],
                    "properties": {**_PROGRESS_FIELDS, "file": _EVIDENCE_FILE},
                }
            },
        },
    }
}


@api.post(
    "/organisations/{slug}/measures/{pk}/progress",
    response={201: s.ProgressOut},
    tags=["progress"],
    openapi_extra=PROGRESS_BODY,
)
def progress_new(request: HttpRequest, slug: str, pk: int) -> Status[dict[str, Any]]:
    """รายงานความก้าวหน้า: JSON, or multipart with an evidence `file` (checked as the web checks it). With an
    `Idempotency-Key` header, a resent request is 409 and saves nothing."""
    found = door.measure_for_user(door.organisation_for_user(request.user, slug), pk, report=True)
    _writer(request)
    if request.content_type == "multipart/form-data":
        form = ProgressForm(request.POST, request.FILES, fiscal_year=found.fiscal_year, today=today())
    else:
        try:
            body = json.loads(request.body or b"{}")
        except ValueError:
            raise ProngsaiError("อ่าน JSON ไม่ได้", "the body is not JSON") from None
        if not isinstance(body, dict):
            raise ProngsaiError("ต้องส่งเป็นออบเจ็กต์ JSON", "the body must be a JSON object")
        form = ProgressForm(
            {k: v for k, v in body.items() if v is not None and v is not False},
            fiscal_year=found.fiscal_year,
            today=today(),
        )
    data = _valid(form).cleaned_data
    with transaction.atomic():
        _once(request, found.organisation, f"progress.{found.pk}")
        entry = progress_add(
            measure=found,
            date=data["date"],
            text=data["text"],
            public=data["public"],
            user=request.user,
            files=[data["file"]] if data["file"] else [],
            links=[data["link"]] if data["link"] else [],
        )
    entry = ProgressEntry.objects.select_related("author").prefetch_related("evidence").get(pk=entry.pk)
    return Status(201, _entry(request, entry, slug))


@api.get("/organisations/{slug}/evidence/{pk}", response=s.EvidenceOut, tags=["progress"])
def evidence(request: HttpRequest, slug: str, pk: int) -> dict[str, Any]:
    return _evidence(
        request, door.evidence_for_user(door.organisation_for_user(request.user, slug), pk), slug
    )


# --- documents, approvals, publication -------------------------------------------------------------------------


class VersionFilter(Schema):
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR)


@api.get("/organisations/{slug}/versions", response=list[s.VersionOut], tags=["documents"])
def versions(request: HttpRequest, slug: str, filters: Query[VersionFilter]) -> list[dict[str, Any]]:
    """ฉบับของเอกสาร สถานะการอนุมัติ ความเห็นของผู้อนุมัติ และไฟล์ที่เผยแพร่ (public addresses)."""
    o = door.organisation_for_user(request.user, slug).organisation
    rows = DocumentVersion.objects.filter(organisation=o).select_related("publication")
    if filters.year is not None:
        rows = rows.filter(fiscal_year=filters.year)

    def published(v: DocumentVersion) -> dict[str, Any] | None:
        publication = getattr(v, "publication", None)
        if publication is None:
            return None
        files = {
            fmt: request.build_absolute_uri(
                reverse("public-file", args=[o.slug, v.fiscal_year, v.kind, v.number, fmt])
            )
            for fmt in ("pdf", "docx")
        }
        return {"published_at": publication.published_at, **files}

    return [
        {
            "id": v.pk,
            "fiscal_year": v.fiscal_year,
            "kind": v.kind,
            "kind_label": v.get_kind_display(),
            "layout": v.layout,
            "number": v.number,
            "status": v.status,
            "status_label": v.get_status_display(),
            "submitted_at": v.submitted_at,
            "approvals": [
                {
                    "order": a.order,
                    "name": a.name,
                    "position": a.position,
                    "decision": a.decision,
                    "opinion": a.opinion,
                    "decided_at": a.decided_at,
                }
                for a in v.approvals.all()
            ],
            "publication": published(v),
        }
        for v in rows.prefetch_related("approvals")
    ]


# --- the overseers' figures ------------------------------------------------------------------------------------


class AreaFilter(Schema):
    province: str = ""
    district: str = ""
    year: int | None = Field(None, ge=FIRST_YEAR, le=LAST_YEAR)


def _summary(found: figures.Summary) -> dict[str, Any]:
    return {
        "label": found.label,
        "count": found.count,
        "average": found.average,
        "passed": found.passed,
        "share_passed": found.share_passed,
    }


@api.get("/overview", response=s.OverviewOut, tags=["oversight"])
def overview(request: HttpRequest, filters: Query[AreaFilter]) -> dict[str, Any]:
    """ภาพรวมของพื้นที่ที่กำกับดูแล (the overseer's area; without `province`, the widest one they oversee)."""
    if filters.province:
        area = door.overview_area_for_user(request.user, filters.province, filters.district)
    else:
        areas = door.overview_areas_for_user(request.user)
        if not areas:
            raise Http404("ท่านไม่ได้เป็นผู้กำกับดูแล")
        area = areas[0]
    held = sorted((int(t.label) for t in figures.trend(area)), reverse=True)
    year = filters.year if filters.year in held else (held[0] if held else None)
    body: dict[str, Any] = {
        "province": area.province,
        "district": area.district,
        "year": year,
        "years": held,
        "summary": None,
        "indicators": [],
        "by_grade": [],
        "areas": [],
    }
    if year is not None:
        summary, indicators, _ = figures.year_figures(area, year)
        body.update(
            summary=_summary(summary),
            indicators=[
                {"number": i.number, "name": i.name, "average": i.average, "count": i.count}
                for i in indicators
            ],
            by_grade=[_summary(g) for g in figures.by_grade(area, year)],
            areas=[_summary(a) for a in figures.sub_areas(area, year)],
        )
    return body


def operations() -> list[tuple[str, str]]:
    """Every (method, path) the API serves, read from its own OpenAPI document."""
    paths: dict[str, dict[str, Any]] = api.get_openapi_schema(path_prefix="/api/v1")["paths"]
    return sorted((method.upper(), path) for path, ops in paths.items() for method in ops)
