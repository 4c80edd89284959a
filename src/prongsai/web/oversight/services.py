"""National results in (read, reviewed by a person, applied once), and the overview rows kept current."""

from __future__ import annotations

import datetime as dt
import secrets
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from prongsai.core.errors import ProngsaiError
from prongsai.ingest.national import NationalRow, read_national_bytes, squeeze
from prongsai.web.access import OverviewArea
from prongsai.web.frameworks import registry
from prongsai.web.organisations.models import Membership, Organisation
from prongsai.web.oversight.models import NationalImport, OverviewRow, PublishedResult
from prongsai.web.programme.models import Measure, ProgressEntry, Result
from prongsai.web.programme.services import Person, audit, core_result
from prongsai.web.publication.models import Publication

NEW, UPDATE, AMBIGUOUS = "new", "update", "ambiguous"


class NationalImportError(ProngsaiError):
    """A national results file or review refused, with the reason in Thai; nothing saved."""


def _hundredths(value: Decimal) -> int:
    return int((value * 100).to_integral_value())


# --- national results in ---------------------------------------------------------------------------------------


def national_import_read(
    *, data: bytes, name: str, user: Person, areas: list[OverviewArea]
) -> NationalImport:
    """Read a file and match each row to an organisation (by code, else by type, name, district and province);
    rows outside the user's area, repeated rows and unreadable rows are refused, naming them."""
    rows = read_national_bytes(data, name)  # raises ReadError naming every bad row
    problems: list[str] = []
    seen: dict[tuple[object, ...], int] = {}
    for row in rows:
        if not any(
            not area.province
            or (
                squeeze(row.province) == squeeze(area.province)
                and (not area.district or squeeze(row.district) == squeeze(area.district))
            )
            for area in areas
        ):
            problems.append(f"แถวที่ {row.row}: {row.name} ({row.province}) อยู่นอกพื้นที่ที่ท่านกำกับดูแล")
        identity = (row.code or row.key, row.year)
        if identity in seen:
            problems.append(f"แถวที่ {row.row}: ซ้ำกับแถวที่ {seen[identity]} (หน่วยงานและปีเดียวกัน)")
        seen.setdefault(identity, row.row)
    if problems:
        raise NationalImportError("\n".join(problems[:20]), f"{len(problems)} row(s) refused")
    by_code: dict[str, int] = {}
    by_key: dict[tuple[str, str, str, str], list[int]] = defaultdict(list)
    for pk, code, kind, org_name, district, province in Organisation.objects.values_list(
        "pk", "code", "type", "name", "district", "province"
    ):
        if code:
            by_code[code] = pk
        by_key[kind, squeeze(org_name), squeeze(district), squeeze(province)].append(pk)
    stored = []
    for row in rows:
        if row.code and row.code in by_code:
            match: dict[str, Any] = {"action": UPDATE, "organisation": by_code[row.code]}
        else:
            found = by_key.get(row.key, [])
            if len(found) == 1:
                match = {"action": UPDATE, "organisation": found[0]}
            elif found:
                match = {"action": AMBIGUOUS, "candidates": found}
            else:
                match = {"action": NEW}
        stored.append({**_row_json(row), **match})
    return NationalImport.objects.create(name=name[:200], rows=stored, created_by=_person(user))


def _row_json(row: NationalRow) -> dict[str, Any]:
    return {
        "row": row.row,
        "code": row.code,
        "name": row.name,
        "type": row.type,
        "district": row.district,
        "province": row.province,
        "year": row.year,
        "total": str(row.total),
        "grade": row.grade,
        "indicators": {str(k): str(v) for k, v in row.indicators.items()},
    }


def row_identity(row: dict[str, Any]) -> str:
    """The organisation a stored row is of: its code, else type, name, district and province."""
    return str(row["code"]) or "|".join(
        (row["type"], squeeze(row["name"]), squeeze(row["district"]), squeeze(row["province"]))
    )


def _person(user: Person) -> Any:
    return user if getattr(user, "pk", None) else None


def national_import_apply(
    *, pending: NationalImport, choices: dict[int, str], user: Person
) -> dict[str, int]:
    """Apply a reviewed import once: `choices` says, for each ambiguous row, the organisation it is ("<pk>"),
    "new", or "skip". A second confirmation changes nothing. Atomic, audited, the overview refreshed."""
    with transaction.atomic():
        pending = NationalImport.objects.select_for_update().get(pk=pending.pk)
        if pending.state == NationalImport.APPLIED:
            raise NationalImportError("นำเข้าไฟล์นี้ไปแล้ว (ไม่นำเข้าซ้ำ)", "already applied")
        counts = {"created": 0, "updated": 0, "skipped": 0}
        new_organisations: dict[str, Organisation] = {}
        coded: dict[int, str] = {}
        placed: list[tuple[dict[str, Any], str | int]] = []  # each row and its organisation (new: identity)
        for row in pending.rows:
            action, organisation_id = row["action"], row.get("organisation")
            if action == AMBIGUOUS:
                choice = choices.get(row["row"], "")
                if choice == "skip":
                    counts["skipped"] += 1
                    continue
                if choice == "new":
                    action = NEW
                elif choice.isdigit() and int(choice) in row["candidates"]:
                    action, organisation_id = UPDATE, int(choice)
                else:
                    raise NationalImportError(
                        f"แถวที่ {row['row']} ({row['name']}): ยังไม่ได้เลือกว่าเป็นหน่วยงานใด", "undecided row"
                    )
            if action == NEW:
                identity = row_identity(row)
                new_organisations.setdefault(
                    identity,
                    Organisation(
                        name=row["name"],
                        type=row["type"],
                        district=row["district"],
                        province=row["province"],
                        code=row["code"],
                        slug=f"org-{row['code']}" if row["code"] else f"org-{secrets.token_hex(5)}",
                    ),
                )
                placed.append((row, identity))
            else:
                if row["code"]:
                    coded.setdefault(int(organisation_id), row["code"])
                placed.append((row, int(organisation_id)))
        Organisation.objects.bulk_create(list(new_organisations.values()), batch_size=1000)
        by_slug = dict(
            Organisation.objects.filter(slug__in=[o.slug for o in new_organisations.values()]).values_list(
                "slug", "pk"
            )
        )
        created_ids = {identity: by_slug[o.slug] for identity, o in new_organisations.items()}
        uncoded = Organisation.objects.filter(pk__in=list(coded), code="")
        for organisation in uncoded:
            organisation.code = coded[organisation.pk]
        Organisation.objects.bulk_update(list(uncoded), ["code"], batch_size=1000)
        counts["created"] = len(new_organisations)
        counts["updated"] = len({target for _, target in placed if isinstance(target, int)})
        results = [
            PublishedResult(
                organisation_id=created_ids[target] if isinstance(target, str) else target,
                fiscal_year=row["year"],
                total=Decimal(row["total"]),
                grade=row["grade"],
                indicators=row["indicators"],
                source=pending.name,
            )
            for row, target in placed
        ]
        PublishedResult.objects.bulk_create(
            results,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["organisation", "fiscal_year"],
            update_fields=["total", "grade", "indicators", "source"],
        )
        touched = {r.organisation_id for r in results}
        pending.state = NationalImport.APPLIED
        pending.save(update_fields=["state"])
        audit(
            organisation=None,
            user=user,
            action="oversight.import",
            obj=pending,
            summary=f"นำเข้าผลการประเมินจาก {pending.name[:100]}: หน่วยงานใหม่ {counts['created']} "
            f"ปรับปรุง {counts['updated']} ข้าม {counts['skipped']}",
            after=counts,
        )
        refresh_overview(organisation_ids=touched if len(touched) < 5000 else None)
    return counts


# --- the overview rows ---------------------------------------------------------------------------------------


def refresh_overview(*, organisation_ids: Iterable[int] | None = None, today: dt.date | None = None) -> int:
    """Rebuild the overview rows of the given organisations (all when None) from their results (entered in
    Prongsai first, else as published by the NACC), their measures and their publications."""
    today = today or timezone.localdate()
    now = timezone.now()
    with transaction.atomic():
        return _refresh(organisation_ids, today, now)


def _refresh(organisation_ids: Iterable[int] | None, today: dt.date, now: dt.datetime) -> int:
    organisations = Organisation.objects.all()
    mine: dict[str, Any] = {}  # every organisation when None: no list of thousands of ids in the queries
    if organisation_ids is not None:
        chosen = list(organisation_ids)
        organisations = organisations.filter(pk__in=chosen)
        mine = {"organisation_id__in": chosen}
    # The organisations' rows locked, in one order: two writers refreshing the same organisation take turns
    # (else both delete, both insert, and the second breaks the unique row per organisation and year).
    orgs = {
        o.pk: o
        for o in organisations.select_for_update().order_by("pk").only("pk", "type", "province", "district")
    }
    totals: dict[tuple[int, int], tuple[Decimal, str, dict[int, Decimal]]] = {}
    for published in PublishedResult.objects.filter(**mine):
        totals[published.organisation_id, published.fiscal_year] = (
            published.total,
            published.grade,
            {int(k): Decimal(v) for k, v in published.indicators.items()},
        )
    for result in Result.objects.filter(**mine):
        try:
            indicators = dict(core_result(result).indicators)
        except ProngsaiError:  # scored under a file no longer in force: its stored total stands
            indicators = {}
        totals[result.organisation_id, result.fiscal_year] = (result.total, result.grade, indicators)
    using = set(Membership.objects.filter(**mine).values_list("organisation_id", flat=True))
    measures: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    reported = Exists(ProgressEntry.objects.filter(measure=OuterRef("pk")))
    for organisation_id, year, status, end, has_progress in (
        Measure.objects.filter(**mine)
        .annotate(reported=reported)
        .values_list("organisation_id", "fiscal_year", "status", "end", "reported")
    ):
        counts = measures[organisation_id, year]
        counts[0] += 1
        counts[1] += status == "completed"
        counts[2] += status not in ("completed", "not_possible") and end is not None and end < today
        counts[3] += not has_progress
    published_years = set(
        Publication.objects.filter(**{f"version__{k}": v for k, v in mine.items()}).values_list(
            "version__organisation_id", "version__fiscal_year"
        )
    )
    pass_marks: dict[int, Decimal] = {}
    rows = []
    for (organisation_id, year), (total, grade, indicators) in totals.items():
        organisation = orgs[organisation_id]
        if year not in pass_marks:
            framework = registry().for_year(year)
            pass_marks[year] = framework.pass_mark if framework else Decimal(85)
        before = totals.get((organisation_id, year - 1))
        answered = measures.get((organisation_id, year + 1), [0, 0, 0, 0])
        rows.append(
            OverviewRow(
                organisation_id=organisation_id,
                fiscal_year=year,
                type=organisation.type,
                province=organisation.province,
                district=organisation.district,
                total=_hundredths(total),
                previous_total=_hundredths(before[0]) if before else None,
                grade=grade,
                passed=total >= pass_marks[year],
                **{f"i{n}": _hundredths(indicators[n]) if n in indicators else None for n in range(1, 11)},
                uses_prongsai=organisation_id in using,
                measures=answered[0],
                measures_completed=answered[1],
                measures_late=answered[2],
                measures_unreported=answered[3],
                published=(organisation_id, year + 1) in published_years,
                refreshed_at=now,
            )
        )
    OverviewRow.objects.filter(**mine).delete()
    OverviewRow.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
