"""Uploading, activating and restoring a framework file: each atomic, audited; activation re-scores the results
it concerns, and changes nothing if one of them cannot be scored under the new file."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from prongsai.core.errors import FrameworkError, ProngsaiError
from prongsai.core.frameworks import Framework, FrameworkChange, framework_changes
from prongsai.frameworks import MAX_FILE_BYTES, load_frameworks, parse_framework
from prongsai.web.frameworks import forget_registry, registry
from prongsai.web.frameworks.models import FrameworkFile
from prongsai.web.programme.models import Result
from prongsai.web.programme.services import Person, audit, score


class FrameworkFileError(ProngsaiError):
    """An upload or activation refused, with the reason in Thai."""


@dataclass(frozen=True)
class Rescored:
    """A stored result scored again under a newly active file: its organisation and year, before and after."""

    organisation: str
    fiscal_year: int
    before: str
    after: str


def framework_file_upload(*, data: bytes, name: str, user: Person) -> FrameworkFile:
    """Check a file with the loader (the same messages: file, entry, problem) and keep it, not yet active."""
    if len(data) > MAX_FILE_BYTES:
        raise FrameworkFileError(
            f"{name}: ไฟล์ใหญ่เกิน {MAX_FILE_BYTES // 1_000_000} MB", f"{name}: file too large"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FrameworkFileError(f"{name}: ไฟล์ต้องเป็นข้อความ UTF-8", f"{name}: not UTF-8 text") from None
    framework = parse_framework(text, name)  # raises FrameworkError naming the entry and the problem
    with transaction.atomic():
        file = FrameworkFile.objects.create(
            version=framework.version,
            name=name[:200],
            text=text,
            sha256=hashlib.sha256(text.encode()).hexdigest(),
            uploaded_by=user if isinstance(user, User) else None,
        )
        audit(
            organisation=None,
            user=user,
            action="framework.upload",
            obj=file,
            summary=f"นำเข้าไฟล์กรอบการประเมินปี {framework.version} ({name[:100]}) รอเปิดใช้",
            after={"version": framework.version, "sha256": file.sha256},
        )
    return file


def replaced_by(file: FrameworkFile) -> Framework | None:
    """What activating `file` replaces: the version of its year now in force, else the latest before it."""
    current = registry()
    return current.by_version.get(file.version) or current.previous(file.version)


def framework_file_changes(file: FrameworkFile) -> list[FrameworkChange]:
    return framework_changes(replaced_by(file), parse_framework(file.text, file.origin))


def _describe(result: Result) -> str:
    return f"{result.total} {result.grade} (กรอบปี {result.framework_version})"


def _rescore(version: int, user: Person) -> list[Rescored]:
    """Score again the results of `version`'s year that borrowed another version, and those under `version`."""
    changed: list[Rescored] = []
    problems: list[str] = []
    concerned = Result.objects.select_related("organisation").filter(
        Q(fiscal_year=version) | Q(framework_version=version)
    )
    for result in concerned.select_for_update(of=("self",)):
        target = version if result.fiscal_year == version else result.framework_version
        try:
            scored = score(target, result.scores)
        except ProngsaiError as error:
            problems.append(f"{result.organisation.name} ปี {result.fiscal_year}: {error.thai}")
            continue
        before = _describe(result)
        if (result.framework_version, result.total, result.grade) == (
            target,
            scored.total,
            scored.grade.label,
        ):
            continue
        snapshot = {"framework": result.framework_version, "total": str(result.total), "grade": result.grade}
        result.framework_version, result.total, result.grade = target, scored.total, scored.grade.label
        result.save(update_fields=["framework_version", "total", "grade", "updated_at"])
        audit(
            organisation=result.organisation,
            user=user,
            action="result.rescore",
            obj=result,
            summary=f"คิดคะแนนใหม่ตามกรอบการประเมินปี {target}: {before} → {_describe(result)}",
            before=snapshot,
            after={"framework": target, "total": str(result.total), "grade": result.grade},
        )
        changed.append(Rescored(result.organisation.name, result.fiscal_year, before, _describe(result)))
    if changed:
        from prongsai.web.oversight.services import refresh_overview

        refresh_overview(organisation_ids={r.organisation_id for r in concerned})
    if problems:
        raise FrameworkFileError(
            "เปิดใช้ไม่ได้ เพราะคิดคะแนนผลการประเมินที่บันทึกไว้ตามไฟล์นี้ไม่ได้: " + "; ".join(problems[:10]),
            "cannot activate: stored results do not score under this file",
        )
    return changed


def framework_file_activate(*, file: FrameworkFile, user: Person) -> list[Rescored]:
    """Put `file` in force for its year (a pending one, or a retired one restored), retire the one it replaces,
    and re-score the results concerned. Refused, with nothing changed, if a stored result does not score."""
    try:
        with transaction.atomic():
            file = FrameworkFile.objects.select_for_update().get(pk=file.pk)
            if file.state == FrameworkFile.ACTIVE:
                raise FrameworkFileError("ไฟล์นี้ใช้อยู่แล้ว", "this file is already active")
            parse_framework(file.text, file.origin)  # still valid under this release's loader
            previous = FrameworkFile.objects.filter(version=file.version, state=FrameworkFile.ACTIVE).first()
            if previous is not None:
                previous.state = FrameworkFile.RETIRED
                previous.save(update_fields=["state"])
            file.state, file.activated_at = FrameworkFile.ACTIVE, timezone.now()
            file.save(update_fields=["state", "activated_at"])
            forget_registry()
            rescored = _rescore(file.version, user)
            audit(
                organisation=None,
                user=user,
                action="framework.activate",
                obj=file,
                summary=f"เปิดใช้กรอบการประเมินปี {file.version} ({file.name[:100]}) คิดคะแนนใหม่ {len(rescored)} รายการ",
                before={"active": previous.sha256 if previous else "ไฟล์ที่มากับโปรแกรม"},
                after={"active": file.sha256, "rescored": len(rescored)},
            )
    finally:
        forget_registry()  # committed or rolled back, the next use reads what is in force
    return rescored


def framework_file_withdraw(*, file: FrameworkFile, user: Person) -> list[Rescored]:
    """Go back to the version shipped with the program (or the site directory's) for the year of `file`."""
    try:
        with transaction.atomic():
            file = FrameworkFile.objects.select_for_update().get(pk=file.pk)
            if file.state != FrameworkFile.ACTIVE:
                raise FrameworkFileError("ไฟล์นี้ไม่ได้ใช้อยู่", "this file is not active")
            try:
                from django.conf import settings

                shipped = load_frameworks(settings.PRONGSAI_FRAMEWORKS_DIR).by_version.get(file.version)
            except FrameworkError:
                shipped = None
            if shipped is None:
                raise FrameworkFileError(
                    f"ไม่มีกรอบการประเมินปี {file.version} ที่มากับโปรแกรม จึงเลิกใช้ไฟล์นี้ไม่ได้ "
                    "(เปิดใช้ไฟล์อื่นของปีเดียวกันแทนได้)",
                    "no shipped version of this year to go back to",
                )
            file.state = FrameworkFile.RETIRED
            file.save(update_fields=["state"])
            forget_registry()
            rescored = _rescore(file.version, user)
            audit(
                organisation=None,
                user=user,
                action="framework.withdraw",
                obj=file,
                summary=f"กลับไปใช้กรอบการประเมินปี {file.version} ที่มากับโปรแกรม",
                before={"active": file.sha256},
                after={"active": "ไฟล์ที่มากับโปรแกรม", "rescored": len(rescored)},
            )
    finally:
        forget_registry()
    return rescored
