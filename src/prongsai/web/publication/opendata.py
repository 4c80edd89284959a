"""Open data, no login: the measures of every published year as JSON, CSV and XLSX at stable addresses, a field
dictionary in Thai and English, and `/p/data.json`, the catalogue open-data portals harvest.

The catalogue follows DCAT-US 1.1 (Project Open Data's data.json), which CKAN's data.json harvester (and so
data.go.th, a CKAN site) reads: each dataset has its title, publisher, licence, period and distributions with
their formats and download addresses. Every file states what was published (the frozen version), never the live
rows, and carries an ETag and Last-Modified, so a harvester asking again gets 304 until something is published.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.conf import settings
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.views.decorators.http import condition, require_GET
from openpyxl import Workbook

from prongsai.core.model import Document
from prongsai.core.spreadsheet import csv_text, spreadsheet_text
from prongsai.core.thai import format_date, to_thai_digits
from prongsai.core.vocabulary import MEASURE_STATUS
from prongsai.documents import CONTENT_TYPES
from prongsai.web.publication.models import DocumentVersion

# One source for the columns of every format and for their documentation: (name, heading, Thai, English). JSON
# (for programs) names them and gives codes and ISO dates; CSV and XLSX (opened by people in a spreadsheet) head
# each with its Thai heading and name, "สถานะ (status)", and give Thai statuses and Buddhist Era dates.
FIELDS: tuple[tuple[str, str, str, str], ...] = (
    ("number", "ลำดับ", "ลำดับที่ของมาตรการ", "the measure's number in the year"),
    ("tool", "แบบวัด", "แบบวัด (IIT EIT OIT)", "the assessment tool: IIT, EIT or OIT"),
    ("indicator", "ตัวชี้วัด", "ตัวชี้วัดที่มาตรการตอบ (๑–๑๐)", "the indicator the measure answers (1–10)"),
    (
        "questions",
        "ข้อคำถาม",
        "รหัสข้อคำถามหรือข้อ OIT คั่นด้วยช่องว่าง",
        "question or OIT item codes, space-separated",
    ),
    ("measure", "มาตรการ/แนวทาง", "มาตรการ/แนวทาง", "the measure"),
    ("steps", "ขั้นตอน/วิธีปฏิบัติ", "ขั้นตอน/วิธีปฏิบัติ คั่นด้วย |", "its steps, separated by |"),
    (
        "responsible",
        "ผู้รับผิดชอบ",
        "หน่วยงานผู้รับผิดชอบ (งาน) คั่นด้วย |",
        "the responsible units (sections), separated by |",
    ),
    ("timeframe", "ระยะเวลา", "ระยะเวลาตามที่เขียนในเอกสาร", "the timeframe as written"),
    (
        "start",
        "เริ่ม",
        "วันเริ่ม: JSON เป็น ค.ศ. YYYY-MM-DD, CSV และ XLSX เป็นวันที่ พ.ศ.",
        "start date: ISO (Gregorian) in JSON, a Buddhist Era date in CSV and XLSX",
    ),
    (
        "end",
        "สิ้นสุด",
        "วันสิ้นสุด: JSON เป็น ค.ศ. YYYY-MM-DD, CSV และ XLSX เป็นวันที่ พ.ศ.",
        "end date: ISO (Gregorian) in JSON, a Buddhist Era date in CSV and XLSX",
    ),
    (
        "status",
        "สถานะ",
        "สถานะ: JSON เป็นรหัส unknown ยังไม่รายงาน, in_progress อยู่ระหว่างดำเนินการ, completed ดำเนินการแล้วเสร็จ, "
        "not_possible ไม่สามารถดำเนินการได้; CSV และ XLSX เป็นคำไทย",
        "status: unknown, in_progress, completed, not_possible in JSON; its Thai words in CSV and XLSX",
    ),
    (
        "progress",
        "ความก้าวหน้า/ผลการดำเนินการ",
        "ผลการดำเนินการ/ความก้าวหน้าตามที่เผยแพร่",
        "the progress as published",
    ),
)
FORMATS = {
    "json": "application/json",
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MEASURE_KINDS = ("implementation", "measures")  # the documents whose measures are the dataset, in this order


def measure_rows(document: Document) -> list[dict[str, Any]]:
    return [
        {
            "number": m.number,
            "tool": m.tool or "",
            "indicator": m.indicator.number if m.indicator else "",
            "questions": " ".join(m.questions),
            "measure": m.measure,
            "steps": " | ".join(m.steps),
            "responsible": " | ".join(
                u.unit + (f" ({u.section})" if u.section else "") for u in m.responsible
            ),
            "timeframe": m.timeframe.text if m.timeframe else "",
            "start": m.timeframe.start.isoformat() if m.timeframe and m.timeframe.start else "",
            "end": m.timeframe.end.isoformat() if m.timeframe and m.timeframe.end else "",
            "status": m.status,
            "progress": m.progress or "",
        }
        for m in document.measures
    ]


def _be(iso: str) -> str:
    return format_date(dt.date.fromisoformat(iso), "medium", thai_digits=False) if iso else ""


def rows_for_people(rows: list[dict[str, Any]]) -> tuple[list[str], list[dict[str, Any]]]:
    """The JSON's rows as CSV and XLSX give them: Thai headings (each with its name), statuses and dates."""
    headings = {name: f"{heading} ({name})" for name, heading, _, _ in FIELDS}
    shown = [
        {
            headings[name]: (
                MEASURE_STATUS.label(value)
                if name == "status"
                else _be(value)
                if name in ("start", "end")
                else value
            )
            for name, value in row.items()
        }
        for row in rows
    ]
    return list(headings.values()), shown


def _dataset_version(request: HttpRequest, slug: str, year: int) -> DocumentVersion:
    """The published version a year's dataset is read from (the newest implementation report, else the newest
    plan), looked up once per request."""
    cached: dict[tuple[str, int], DocumentVersion] = request.__dict__.setdefault("_open_data", {})
    if (slug, year) not in cached:
        published = DocumentVersion.objects.filter(
            organisation__slug=slug, fiscal_year=year, kind__in=MEASURE_KINDS, publication__isnull=False
        ).select_related("organisation", "publication")
        found = sorted(published, key=lambda v: (MEASURE_KINDS.index(v.kind), -v.number))
        if not found:
            raise Http404("ไม่พบข้อมูลที่เผยแพร่ของปีนี้")
        cached[(slug, year)] = found[0]
    return cached[(slug, year)]


def _etag(request: HttpRequest, slug: str, year: int, fmt: str) -> str | None:
    if fmt not in FORMATS:
        return None
    return f"{_dataset_version(request, slug, year).content_hash[:32]}-{fmt}"


def _modified(request: HttpRequest, slug: str, year: int, fmt: str) -> dt.datetime | None:
    if fmt not in FORMATS:
        return None
    return _dataset_version(request, slug, year).publication.published_at


@require_GET
@condition(etag_func=_etag, last_modified_func=_modified)
def measures_file(request: HttpRequest, slug: str, year: int, fmt: str) -> HttpResponse:
    """The published measures of a year as JSON, CSV or XLSX (the same columns, documented in fields.json)."""
    if fmt not in FORMATS:
        raise Http404("ไม่มีรูปแบบไฟล์นี้")
    version = _dataset_version(request, slug, year)
    rows = measure_rows(Document.from_dict(version.content["document"]))
    if fmt == "json":
        return JsonResponse(
            {
                "organisation": version.organisation.name,
                "fiscal_year": year,
                "source": f"{version.get_kind_display()} ฉบับที่ {version.number}",
                "measures": rows,
            },
            json_dumps_params={"ensure_ascii": False},
        )
    stem = f"{slug}-{year}-measures"
    headings, shown = rows_for_people(rows)
    if fmt == "csv":
        response = HttpResponse("\ufeff" + csv_text(headings, shown), content_type="text/csv; charset=utf-8")
    else:
        book = Workbook(write_only=True)
        sheet = book.create_sheet("measures")
        sheet.append(headings)
        for row in shown:
            sheet.append([spreadsheet_text(row[heading]) for heading in headings])
        dictionary = book.create_sheet("fields")
        dictionary.append(["field", "หัวตาราง", "คำอธิบาย", "description"])
        for field in FIELDS:
            dictionary.append(list(field))
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=FORMATS["xlsx"])
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response


@require_GET
def fields(request: HttpRequest) -> JsonResponse:
    """The dictionary of the measures' columns, in Thai and English."""
    return JsonResponse(
        {"fields": [{"name": n, "heading": h, "th": th, "en": en} for n, h, th, en in FIELDS]},
        json_dumps_params={"ensure_ascii": False},
    )


def _catalogue_modified(request: HttpRequest) -> dt.datetime | None:
    found: dt.datetime | None = DocumentVersion.objects.filter(publication__isnull=False).aggregate(
        last=Max("publication__published_at")
    )["last"]
    return found


@require_GET
@condition(last_modified_func=_catalogue_modified)
def catalogue(request: HttpRequest) -> JsonResponse:
    """Every published year of every organisation as a DCAT-US 1.1 dataset (`/p/data.json`)."""
    url = request.build_absolute_uri
    published = (
        DocumentVersion.objects.filter(publication__isnull=False)
        .select_related("organisation", "publication")
        .order_by("organisation__province", "organisation__name", "-fiscal_year", "kind", "-number")
    )
    datasets: dict[tuple[int, int], dict[str, Any]] = {}
    seen: dict[tuple[int, int], set[str]] = {}
    for version in published:
        o, year = version.organisation, version.fiscal_year
        dataset = datasets.get((o.pk, year))
        if dataset is None:
            landing = url(reverse("public-year", args=[o.slug, year]))
            dataset = datasets[(o.pk, year)] = {
                "@type": "dcat:Dataset",
                "identifier": landing,
                "title": f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. {to_thai_digits(str(year))} "
                f"{o.name}",
                "description": f"มาตรการ ขั้นตอน ผู้รับผิดชอบ ระยะเวลา สถานะ และผลการดำเนินการตามที่{o.name} "
                f"เผยแพร่ (ITA {year}; Integrity and Transparency Assessment measures of {o.slug})",
                "keyword": ["ITA", "คุณธรรมและความโปร่งใส", "มาตรการ", o.province],
                "modified": version.publication.published_at.isoformat(),
                "publisher": {"@type": "org:Organization", "name": o.name},
                "contactPoint": {"@type": "vcard:Contact", "fn": o.name},
                "accessLevel": "public",
                "license": settings.PRONGSAI_OPEN_DATA_LICENCE,
                "spatial": " ".join(p for p in (o.district, o.province) if p),
                "temporal": f"{year - 544}-10-01/{year - 543}-09-30",  # the fiscal year, October to September
                "landingPage": landing,
                "describedBy": url(reverse("public-open-data-fields")),
                "describedByType": "application/json",
                "language": ["th"],
                "distribution": [],
            }
            measured = False
        else:
            measured = any(d["format"] == "JSON" for d in dataset["distribution"])
            dataset["modified"] = max(dataset["modified"], version.publication.published_at.isoformat())
        if version.kind in MEASURE_KINDS and not measured:
            for fmt, media in FORMATS.items():
                dataset["distribution"].append(
                    {
                        "@type": "dcat:Distribution",
                        "title": f"มาตรการ ({fmt.upper()})",
                        "format": fmt.upper(),
                        "mediaType": media,
                        "downloadURL": url(reverse("public-open-data", args=[o.slug, year, fmt])),
                    }
                )
        if version.kind in seen.get((o.pk, year), set()):
            continue  # the newest version of each document only
        seen.setdefault((o.pk, year), set()).add(version.kind)
        for fmt in ("pdf", "docx"):
            dataset["distribution"].append(
                {
                    "@type": "dcat:Distribution",
                    "title": f"{version.get_kind_display()} ฉบับที่ {version.number} ({fmt.upper()})",
                    "format": fmt.upper(),
                    "mediaType": CONTENT_TYPES[fmt],
                    "downloadURL": url(
                        reverse("public-file", args=[o.slug, year, version.kind, version.number, fmt])
                    ),
                }
            )
    return JsonResponse(
        {
            "@context": "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld",
            "@type": "dcat:Catalog",
            "conformsTo": "https://project-open-data.cio.gov/v1.1/schema",
            "describedBy": "https://project-open-data.cio.gov/v1.1/schema/catalog.json",
            "dataset": list(datasets.values()),
        },
        json_dumps_params={"ensure_ascii": False},
    )
