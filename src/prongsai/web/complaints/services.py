"""Writes of the complaint channel, each atomic; the officers' in the audit trail, the reporter's nowhere.

The reporter's side writes no audit entry and keeps no time: an audit entry's time would date the report to the
second. Staff actions are audited (who did what) without the report's text.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AnonymousUser, User
from django.db import transaction

from prongsai.core import complaints as core
from prongsai.core.errors import ProngsaiError
from prongsai.core.thai import fiscal_year
from prongsai.web.complaints.cleaning import CleanFile
from prongsai.web.complaints.models import Complaint, ComplaintFile, ComplaintMessage
from prongsai.web.complaints.privacy import decrypt, encrypt, keyed_digest
from prongsai.web.organisations.models import Organisation
from prongsai.web.programme.services import audit

Person = User | AnonymousUser
RECEIPT_DIGITS = 16


@cache
def _no_such_receipt(_hasher: str) -> str:
    """Checked against when a code matches nothing, so "no such code" costs what a wrong code costs."""
    return make_password(secrets.token_hex(16))


def _spend(code: str) -> None:
    check_password(code, _no_such_receipt(settings.PASSWORD_HASHERS[0]))


@dataclass(frozen=True)
class ReportText:
    what: str
    when: str
    where: str
    who: str
    contact: str = ""

    def encrypted(self) -> bytes:
        return encrypt(json.dumps(self.__dict__, ensure_ascii=False).encode("utf-8"))

    @classmethod
    def of(cls, complaint: Complaint) -> ReportText:
        try:
            return cls(**json.loads(decrypt(complaint.report)))
        except (ValueError, TypeError):
            return cls(decrypt(complaint.report).decode("utf-8", "replace"), "", "", "")


def new_form_token() -> str:
    """The hidden token of one report form, from `secrets`; the receipt code is derived from it on submission."""
    return secrets.token_urlsafe(24)


def receipt_for(form_token: str) -> str:
    """The 16-digit receipt of the form carrying `form_token`.

    Derived (HMAC with the channel's key) rather than drawn at submission, so that a double click, which sends
    the same form twice, finds the report already made and shows the same receipt instead of making a second
    report whose receipt the person never sees. The token exists only in the person's page: it is not stored.
    """
    number = int(keyed_digest(form_token, "receipt"), 16) % 10**RECEIPT_DIGITS
    return f"{number:0{RECEIPT_DIGITS}d}"


def normalise_receipt(text: str) -> str:
    """Digits only (Thai digits read as Arabic); spaces and dashes between groups ignored."""
    digits = text.translate(str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789"))
    return "".join(c for c in digits if c not in " -\u00a0")


def receipt_lookup(code: str) -> Complaint | None:
    """The complaint whose receipt is `code`, or None.

    A salted hash cannot be searched for, and checking a slow hash against every row would cost seconds per try.
    So a row is found by the HMAC of the code keyed with the channel's own key, then proved by the slow salted
    hash. The HMAC gives nothing to someone holding the database alone; someone who also holds the key can read
    every report anyway, since the same key decrypts them.
    """
    code = normalise_receipt(code)
    complaint = None
    if len(code) == RECEIPT_DIGITS and code.isdigit():
        complaint = (
            Complaint.objects.filter(lookup=keyed_digest(code, "lookup"))
            .select_related("organisation")
            .first()
        )
    if complaint is None:
        _spend(code)
        return None
    return complaint if check_password(code, complaint.receipt_hash) else None


def spend_receipt_time(code: str) -> None:
    """What a lookup costs, for answers (throttled) that must not come back faster than a wrong code."""
    _spend(code)


def _add_files(complaint: Complaint, message: ComplaintMessage | None, files: Sequence[CleanFile]) -> None:
    first = complaint.files.count() + 1
    for number, file in enumerate(files, start=first):
        ComplaintFile.objects.create(
            complaint=complaint,
            message=message,
            number=number,
            extension=file.extension,
            content_type=file.content_type,
            size=len(file.data),
            data=encrypt(file.data),
        )


@transaction.atomic
def complaint_submit(
    *,
    organisation: Organisation,
    form_token: str,
    kind: str,
    text: ReportText,
    files: Sequence[CleanFile],
    today: dt.date,
) -> tuple[Complaint, str]:
    """Record a report; returns it with its receipt code, the only time the code exists on the server."""
    if kind not in dict(core.KINDS):
        raise ProngsaiError("กรุณาเลือกประเภทเรื่อง", "unknown kind")
    code = receipt_for(form_token)
    lookup = keyed_digest(code, "lookup")
    existing = Complaint.objects.select_for_update().filter(lookup=lookup).first()
    if existing is not None:  # the same form sent again (a double click): the report is made already
        return existing, code
    complaint = Complaint.objects.create(
        organisation=organisation,
        lookup=lookup,
        receipt_hash=make_password(code),
        kind=kind,
        report=text.encrypted(),
        received_on=today,
        fiscal_year=fiscal_year(today),
        waiting_since=today,
    )
    _add_files(complaint, None, files)
    _figures_changed(complaint, "เรื่องร้องเรียนใหม่")
    return complaint, code


def _figures_changed(complaint: Complaint, change: str) -> None:
    """The year's statistics document, if submitted, no longer states these figures: void it (same transaction)."""
    from prongsai.web.publication.voiding import void_changed_versions

    void_changed_versions(organisation=complaint.organisation, years=[complaint.fiscal_year], change=change)


@transaction.atomic
def reporter_reply(*, complaint: Complaint, text: str, files: Sequence[CleanFile], today: dt.date) -> None:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not text.strip() and not files:
        raise ProngsaiError("กรุณาพิมพ์ข้อความหรือแนบไฟล์", "empty reply")
    message = ComplaintMessage.objects.create(
        complaint=complaint, from_reporter=True, on=today, text=encrypt(text.strip().encode("utf-8"))
    )
    _add_files(complaint, message, files)
    if complaint.status != core.CLOSED:
        complaint.waiting_since = complaint.waiting_since or today
        complaint.save(update_fields=["waiting_since"])


@transaction.atomic
def officer_message(*, complaint: Complaint, user: Person, text: str, today: dt.date) -> ComplaintMessage:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if not text.strip():
        raise ProngsaiError("กรุณาพิมพ์ข้อความถึงผู้ร้องเรียน", "empty message")
    message = ComplaintMessage.objects.create(
        complaint=complaint,
        from_reporter=False,
        author=user if isinstance(user, User) else None,
        on=today,
        text=encrypt(text.strip().encode("utf-8")),
    )
    complaint.first_answer_on = complaint.first_answer_on or today
    complaint.waiting_since = None
    if complaint.status == core.NEW:
        complaint.status = core.REVIEW
    complaint.save(update_fields=["first_answer_on", "waiting_since", "status"])
    _figures_changed(complaint, f"ตอบเรื่องร้องเรียนที่ {complaint.pk}")
    audit(
        organisation=complaint.organisation,
        user=user,
        action="complaint.message",
        obj=complaint,
        summary=f"ตอบผู้ร้องเรียน เรื่องที่ {complaint.pk}",
    )
    return message


@transaction.atomic
def complaint_set_status(
    *,
    complaint: Complaint,
    user: Person,
    status: str,
    forwarded_to: str = "",
    forwarded_name: str = "",
    outcome: str = "",
    today: dt.date,
) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    statuses = dict(core.STATUSES)
    if status not in statuses:
        raise ProngsaiError("สถานะไม่ถูกต้อง", "unknown status")
    forwarded_name = forwarded_name.strip()[:200]
    if status == core.FORWARDED:
        if forwarded_to not in dict(core.DESTINATIONS):
            raise ProngsaiError("กรุณาเลือกหน่วยงานที่ส่งต่อ", "forwarded without a destination")
        if forwarded_to == "named" and not forwarded_name:
            raise ProngsaiError("กรุณาระบุชื่อหน่วยงานที่ส่งต่อ", "forwarded to a body without its name")
    if status == core.CLOSED and not outcome.strip():
        raise ProngsaiError("การยุติเรื่องต้องระบุผลการดำเนินการ", "closing needs an outcome")
    before = {"status": complaint.status, "forwarded_to": complaint.forwarded_to}
    complaint.status = status
    if status == core.FORWARDED:
        complaint.forwarded_to, complaint.forwarded_name = forwarded_to, forwarded_name
    if status == core.CLOSED:
        complaint.outcome = outcome.strip()
        complaint.closed_on = today
        complaint.waiting_since = None
    else:
        complaint.closed_on = None
    complaint.save()
    _figures_changed(complaint, f"สถานะเรื่องร้องเรียนที่ {complaint.pk}")
    audit(
        organisation=complaint.organisation,
        user=user,
        action="complaint.status",
        obj=complaint,
        summary=f"เรื่องร้องเรียนที่ {complaint.pk}: {statuses[status]}"
        + (f" ({complaint.forwarded_text})" if status == core.FORWARDED else ""),
        before=before,
        after={"status": status, "forwarded_to": complaint.forwarded_to},
    )
    return complaint


def statistics_for(organisation: Organisation, year: int) -> core.ComplaintStatistics:
    rows = [
        core.ComplaintRow(kind, status, received, answered, closed, forwarded)
        for kind, status, received, answered, closed, forwarded in Complaint.objects.filter(
            organisation=organisation, fiscal_year=year
        ).values_list("kind", "status", "received_on", "first_answer_on", "closed_on", "forwarded_to")
    ]
    return core.complaint_statistics(rows)
