"""Forms of the programme: they validate in Thai and clean input into domain values."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

from prongsai.core.errors import DateError, ReadError, TimeframeError
from prongsai.core.frameworks import Framework
from prongsai.core.scoring import normalise_code
from prongsai.core.thai import ABBREVIATED_MONTHS, FULL_MONTHS, be_to_ce, fiscal_year_bounds, to_arabic_digits
from prongsai.core.timeframe import parse_date, parse_timeframe
from prongsai.core.vocabulary import AUDIT_ACTION
from prongsai.ingest.containers import check_image, check_pdf, check_zip
from prongsai.web.frameworks import framework_for_year, registry
from prongsai.web.organisations.models import Organisation, Unit
from prongsai.web.programme.models import GROUPS, STATUSES, TOOLS
from prongsai.web.programme.services import EvidenceFile

MONTH_CHOICES = [("", "—")] + [(str(n), name) for n, name in enumerate(FULL_MONTHS, start=1)]
# Evidence types accepted, recognised by their first bytes rather than by the name the file came with.
IMAGE_SIGNATURES = [
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
]
EVIDENCE_SIGNATURES = [(b"%PDF", "application/pdf", "pdf"), *IMAGE_SIGNATURES]
PACKAGE_TYPES = {
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
EVIDENCE_LARGEST_PIXELS = 50_000_000  # a PNG of 50 megapixels decodes into about 150 MB


def recognised(head: bytes, signatures: list[tuple[bytes, str, str]]) -> tuple[str, str] | None:
    """The content type and file extension of what starts with `head`, among `signatures`."""
    return next(((kind, extension) for start, kind, extension in signatures if head.startswith(start)), None)


def framework_choices() -> list[tuple[int, str]]:
    return [(v, str(v)) for v in reversed(registry().versions)]


class ResultForm(forms.Form):
    """The result as ten labelled indicator scores, or question by question (ข้อคำถาม, ข้อ OIT) on demand, or
    pasted as "รหัส,คะแนน" lines (a header line such as "code,score" is skipped); all three may be combined."""

    framework_version = forms.TypedChoiceField(label="กรอบการประเมินปี", coerce=int, choices=())
    scores = forms.CharField(
        label="หรือวางคะแนน",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="บรรทัดละหนึ่งรายการ: รหัส,คะแนน เช่น 1,80.50 หรือ i9,40 หรือ O42,ผ่าน บรรทัดหัวตาราง "
        "(code,score หรือ รหัส,คะแนน) ข้ามให้ ใช้เลขไทยได้",
    )

    def __init__(self, *args: Any, framework: Framework, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["framework_version"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = framework_choices()
        self.indicator_names = [f"ind_{i.number}" for i in framework.indicators]
        for indicator in framework.indicators:
            self.fields[f"ind_{indicator.number}"] = forms.CharField(
                label=f"ตัวชี้วัดที่ {indicator.number} {indicator.name} ({indicator.tool})",
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 8}),
            )
        self.item_names = []
        for code, text in [
            *((q.code, q.text) for q in framework.questions),
            *((o.code, o.title) for o in framework.oit_items),
        ]:
            name = f"code_{code}"
            self.item_names.append(name)
            self.fields[name] = forms.CharField(
                label=f"{code} {text[:90]}",
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"size": 8}),
            )

    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.indicator_names]

    def item_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.item_names]

    def clean_scores(self) -> dict[str, str]:
        scores: dict[str, str] = {}
        first = True
        for number, line in enumerate(str(self.cleaned_data["scores"]).splitlines(), start=1):
            if not line.strip():
                continue
            parts = re.split(r"\s*[,\t;:]\s*|\s+", line.strip(), maxsplit=1)
            if first and not any(ch.isdigit() for ch in to_arabic_digits(parts[0])):
                first = False
                continue  # the header line ("code,score", "รหัส,คะแนน"): every code has a digit
            first = False
            if len(parts) != 2:
                raise forms.ValidationError(f"บรรทัดที่ {number}: ต้องเป็น รหัส,คะแนน")
            scores[normalise_code(parts[0])] = to_arabic_digits(parts[1]).strip()
        return scores

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        typed: dict[str, str] = {}
        for name in [*self.indicator_names, *self.item_names]:
            value = to_arabic_digits(str(data.get(name) or "")).strip()
            if value:
                typed[name.split("_", 1)[1]] = value
        pasted: dict[str, str] = data.get("scores") or {}
        for code, value in pasted.items():
            if code in typed and typed[code] != value:
                self.add_error("scores", f"รหัส {code} มีสองค่า: {typed[code]} ในช่อง และ {value} ในข้อความที่วาง")
        if "scores" in data and not typed and not pasted:
            self.add_error(None, "ยังไม่ได้กรอกคะแนน")
        data["scores"] = {**typed, **pasted}
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label="ไฟล์")

    def __init__(self, *args: Any, max_mb: int = 20, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_mb = max_mb

    def clean_file(self) -> UploadedFile[bytes]:
        upload: UploadedFile[bytes] = self.cleaned_data["file"]
        if (upload.size or 0) > self.max_mb * 1024 * 1024:
            raise forms.ValidationError(f"ไฟล์ใหญ่เกิน {self.max_mb} MB")
        return upload


class AnalysisForm(forms.Form):
    analysis_text = forms.CharField(
        label="ผลการวิเคราะห์ของผู้ประสานงาน", required=False, widget=forms.Textarea(attrs={"rows": 8})
    )
    practice_text = forms.CharField(
        label="แนวทางการนำผลการวิเคราะห์ไปสู่การปฏิบัติ", required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class MeasureForm(forms.Form):
    group = forms.ChoiceField(label="กลุ่ม", choices=[*GROUPS, ("", "ไม่ระบุกลุ่ม")], required=False)
    theme = forms.CharField(label="ประเด็น (เมื่อเลือก 'ตามประเด็น')", required=False, max_length=300)
    tool = forms.ChoiceField(label="แบบวัด", choices=[("", "—"), *TOOLS], required=False)
    indicator = forms.TypedChoiceField(
        label="ตัวชี้วัด", coerce=int, empty_value=None, required=False, choices=()
    )
    questions = forms.CharField(label="ข้อคำถามที่เกี่ยวข้อง", required=False, help_text="เช่น i9, e15, O42")
    issue = forms.CharField(
        label="ประเด็นที่ต้องยกระดับ", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    title = forms.CharField(label="มาตรการ/แนวทาง", widget=forms.Textarea(attrs={"rows": 3}))
    steps = forms.CharField(
        label="ขั้นตอน/วิธีปฏิบัติ (บรรทัดละหนึ่งขั้นตอน)", required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    units = forms.ModelMultipleChoiceField(
        label="ผู้รับผิดชอบ",
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        # a measure nobody is responsible for is reported by nobody and never shows as owed
        error_messages={"required": "กรุณาเลือกหน่วยงานผู้รับผิดชอบอย่างน้อยหนึ่งหน่วยงาน"},
    )
    start_month = forms.ChoiceField(label="เริ่ม (เดือน)", choices=MONTH_CHOICES, required=False)
    start_year = forms.IntegerField(label="ปี พ.ศ.", required=False, min_value=2500, max_value=2700)
    end_month = forms.ChoiceField(label="สิ้นสุด (เดือน)", choices=MONTH_CHOICES, required=False)
    end_year = forms.IntegerField(label="ปี พ.ศ.", required=False, min_value=2500, max_value=2700)
    timeframe_text = forms.CharField(
        label="ระยะเวลา (ตามที่เขียนในเอกสาร)",
        required=False,
        max_length=200,
        help_text="เช่น ต.ค. ๖๖ - ก.ย. ๖๗ ถ้าไม่เลือกเดือน ระบบจะอ่านจากข้อความนี้",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, organisation: Organisation, fiscal_year: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fiscal_year = fiscal_year
        self.framework = framework_for_year(fiscal_year)
        units = self.fields["units"]
        indicator = self.fields["indicator"]
        assert isinstance(units, forms.ModelMultipleChoiceField) and isinstance(
            indicator, forms.TypedChoiceField
        )
        units.queryset = Unit.objects.filter(organisation=organisation).select_related("parent")
        indicator.choices = [("", "— (มาตรการตามประเด็น)")] + [
            (i.number, f"{i.number}. {i.name} ({i.tool})") for i in self.framework.indicators
        ]

    def clean_questions(self) -> list[str]:
        known = {q.code for q in self.framework.questions} | {i.code for i in self.framework.oit_items}
        codes = [
            normalise_code(c) for c in re.split(r"[,\s]+", str(self.cleaned_data["questions"])) if c.strip()
        ]
        unknown = [c for c in codes if c not in known]
        if unknown:
            raise forms.ValidationError(
                f"ไม่รู้จักข้อ {', '.join(unknown)} ในกรอบการประเมินปี {self.framework.version}"
            )
        return list(dict.fromkeys(codes))

    def clean_steps(self) -> list[str]:
        return [line.strip() for line in str(self.cleaned_data["steps"]).splitlines() if line.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start = _month_start(data.get("start_month"), data.get("start_year"))
        end = _month_end(data.get("end_month"), data.get("end_year"))
        text = (data.get("timeframe_text") or "").strip()
        if start is None and end is None and text:
            try:
                parsed = parse_timeframe(text, fiscal_year=self.fiscal_year)
                start, end = parsed.start, parsed.end
            except TimeframeError:
                pass  # kept as written; the dates stay empty
        if (data.get("start_month") and not data.get("start_year")) or (
            data.get("end_month") and not data.get("end_year")
        ):
            self.add_error(
                "start_year" if data.get("start_month") and not data.get("start_year") else "end_year",
                "กรุณาระบุปี พ.ศ. ของเดือนที่เลือก",
            )
        if start and end and end < start:
            self.add_error("end_month", "เดือนสิ้นสุดอยู่ก่อนเดือนเริ่มต้น")
        if data.get("group") == "theme" and not (data.get("theme") or "").strip():
            self.add_error("theme", "กรุณาระบุประเด็น")
        data["start"], data["end"] = start, end
        return data

    def measure_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "group": data["group"],
            "theme": data["theme"] if data["group"] == "theme" else "",
            "tool": data["tool"]
            or (self.framework.indicator(data["indicator"]).tool if data["indicator"] else ""),
            "indicator": data["indicator"],
            "questions": data["questions"],
            "issue": data["issue"],
            "title": data["title"],
            "steps": data["steps"],
            "timeframe_text": data["timeframe_text"],
            "start": data["start"],
            "end": data["end"],
        }


def _month_start(month: str | None, year: int | None) -> dt.date | None:
    return dt.date(be_to_ce(year), int(month), 1) if month and year else None


def _month_end(month: str | None, year: int | None) -> dt.date | None:
    if not (month and year):
        return None
    ce = be_to_ce(year)
    return dt.date(ce, int(month), calendar.monthrange(ce, int(month))[1])


def be_date_text(date: dt.date) -> str:
    """ "5 ต.ค. 2567": how a date entry shows a date, and a form of it that `parse_date` reads back."""
    return f"{date.day} {ABBREVIATED_MONTHS[date.month - 1]} {date.year + 543}"


class BuddhistEraDateInput(forms.TextInput):
    """A text entry for one day in the Buddhist Era; it works without JavaScript (the server reads the text)."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "placeholder": "เช่น ๕ ต.ค. ๒๕๖๗ หรือ 5/10/2567",
                "autocomplete": "off",
                "class": "be-date",
                "size": 18,
                **(attrs or {}),
            }
        )

    def format_value(self, value: Any) -> str | None:
        return be_date_text(value) if isinstance(value, dt.date) else super().format_value(value)


class BuddhistEraDateField(forms.Field):
    """One day typed as people write it ("๕ ต.ค. ๖๗", "5/10/2567", Thai or Arabic digits), read by the core."""

    widget = BuddhistEraDateInput
    default_error_messages = {"required": "กรุณากรอกวันที่"}

    def to_python(self, value: Any) -> dt.date | None:
        if isinstance(value, dt.date):
            return value
        if value in self.empty_values or not str(value).strip():
            return None
        if len(str(value)) > 60:
            raise forms.ValidationError("วันที่ยาวเกินไป")
        try:
            return parse_date(str(value))
        except DateError as error:
            raise forms.ValidationError(f"{error.thai} (พิมพ์ เช่น ๕ ต.ค. ๒๕๖๗ หรือ 5/10/2567)") from None


class MeasureFilterForm(forms.Form):
    """What the measures list is narrowed to: a status, a responsible unit (its sections included), a tool, and
    words found in the measure (a plain substring: Thai is written without spaces between words)."""

    q = forms.CharField(label="คำค้น", required=False, max_length=100)
    status = forms.ChoiceField(label="สถานะ", choices=[("", "ทั้งหมด"), *STATUSES], required=False)
    unit = forms.ModelChoiceField(
        label="ผู้รับผิดชอบ", queryset=Unit.objects.none(), required=False, empty_label="ทั้งหมด"
    )
    tool = forms.ChoiceField(label="แบบวัด", choices=[("", "ทั้งหมด"), *TOOLS], required=False)

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit = self.fields["unit"]
        assert isinstance(unit, forms.ModelChoiceField)
        unit.queryset = Unit.objects.filter(organisation=organisation).select_related("parent")


class AuditFilterForm(forms.Form):
    """The audit trail narrowed to a person, an action and a span of days (Buddhist Era, both ends included)."""

    user = forms.TypedChoiceField(label="ผู้ใช้", coerce=int, empty_value=None, required=False, choices=())
    action = forms.ChoiceField(label="การกระทำ", required=False, choices=())
    since = BuddhistEraDateField(label="ตั้งแต่วันที่", required=False)
    until = BuddhistEraDateField(label="ถึงวันที่", required=False)

    def __init__(self, *args: Any, people: list[tuple[int, str]], actions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user, action = self.fields["user"], self.fields["action"]
        assert isinstance(user, forms.TypedChoiceField) and isinstance(action, forms.ChoiceField)
        user.choices = [("", "ทุกคน"), *people]
        action.choices = [("", "ทั้งหมด"), *((a, AUDIT_ACTION.label(a)) for a in actions)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") and data.get("until") and data["until"] < data["since"]:
            self.add_error("until", "วันสุดท้ายอยู่ก่อนวันแรก")
        return data


class ProgressForm(forms.Form):
    date = BuddhistEraDateField(label="วันที่ (พ.ศ.)")
    text = forms.CharField(label="สิ่งที่ดำเนินการ", widget=forms.Textarea(attrs={"rows": 4}))
    file = forms.FileField(label="ไฟล์หลักฐาน (PDF รูปภาพ DOCX XLSX)", required=False)
    link = forms.URLField(label="ลิงก์หลักฐาน", required=False, assume_scheme="https")
    public = forms.BooleanField(label="เผยแพร่หลักฐานนี้ต่อสาธารณะ", required=False)

    def __init__(self, *args: Any, fiscal_year: int, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # what was done for a measure of year Y happened from the year before Y began (plans start early)
        # up to today: a date outside is a typing slip (2030 for 2023, 2466 for 2566)
        self.earliest = fiscal_year_bounds(fiscal_year - 1)[0]
        self.today = today

    def clean_date(self) -> dt.date:
        date: dt.date = self.cleaned_data["date"]
        if date > self.today:
            raise forms.ValidationError(
                f"วันที่ {be_date_text(date)} ยังมาไม่ถึง (วันนี้ {be_date_text(self.today)}) กรุณารายงานสิ่งที่ทำแล้ว"
            )
        if date < self.earliest:
            raise forms.ValidationError(
                f"วันที่ {be_date_text(date)} เก่ากว่าปีของมาตรการ (ต้องไม่ก่อน {be_date_text(self.earliest)})"
            )
        return date

    def clean_file(self) -> EvidenceFile | None:
        """A PDF, image, DOCX or XLSX recognised by its first bytes and then opened as what it claims to be: the
        PDF by PDFium, the image decoded to its last pixel, the package through the ZIP gate with the parts of
        its kind. Nothing is stored unless it passes."""
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        limit = settings.PRONGSAI_MAX_UPLOAD_MB
        if (upload.size or 0) > limit * 1024 * 1024:
            raise forms.ValidationError(f"ไฟล์ใหญ่เกิน {limit} MB")
        name = upload.name or "evidence"
        head = upload.read(16)
        upload.seek(0)
        try:
            if kind := recognised(head, EVIDENCE_SIGNATURES):
                data = upload.read()
                upload.seek(0)
                if kind[1] == "pdf":
                    check_pdf(data, name, largest_pages=None)
                else:
                    check_image(data, name, largest_pixels=EVIDENCE_LARGEST_PIXELS)
                return EvidenceFile(upload, *kind)
            if head.startswith(b"PK\x03\x04"):
                package = check_zip(upload, name)
                return EvidenceFile(upload, *PACKAGE_TYPES[package])
        except ReadError as error:
            raise forms.ValidationError(error.thai) from None
        raise forms.ValidationError("รับเฉพาะไฟล์ PDF, PNG, JPEG, DOCX หรือ XLSX")


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label="ผลการดำเนินการ", choices=STATUSES)
    not_possible_reason = forms.CharField(
        label="เหตุที่ดำเนินการไม่ได้", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    summary = forms.CharField(
        label="สรุปผลการดำเนินการ", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    suggestions = forms.CharField(label="ข้อเสนอแนะ", required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == "not_possible" and not (data.get("not_possible_reason") or "").strip():
            self.add_error("not_possible_reason", "กรุณาระบุเหตุที่ดำเนินการไม่ได้")
        return data


EMBLEM_LARGEST_MB = 2
EMBLEM_LARGEST_SIDE = 4000  # pixels


class EmblemForm(forms.Form):
    file = forms.FileField(label="ตราหน่วยงาน (PNG หรือ JPEG ไม่เกิน 2 MB)", required=False)
    remove = forms.BooleanField(label="ไม่ใช้ตราหน่วยงาน", required=False)

    def clean_file(self) -> EvidenceFile | None:
        """A PNG or JPEG (its first bytes), decoded to its last pixel and stored as a PNG encoded here: a damaged
        image is refused now rather than failing every document later, and nothing but pixels is kept."""
        upload: UploadedFile[bytes] | None = self.cleaned_data.get("file")
        if upload is None:
            return None
        if (upload.size or 0) > EMBLEM_LARGEST_MB * 1024 * 1024:
            raise forms.ValidationError(f"ไฟล์ตราใหญ่เกิน {EMBLEM_LARGEST_MB} MB")
        data = upload.read()
        upload.seek(0)
        if recognised(data[:16], IMAGE_SIGNATURES) is None:
            raise forms.ValidationError("ตราหน่วยงานต้องเป็นไฟล์ PNG หรือ JPEG")
        try:
            width, height, png = check_image(data, "", largest_pixels=EMBLEM_LARGEST_SIDE**2, as_png=True)
        except ReadError:
            raise forms.ValidationError("เปิดไฟล์ภาพนี้ไม่ได้ (ไฟล์เสีย)") from None
        if max(width, height) > EMBLEM_LARGEST_SIDE:
            raise forms.ValidationError(f"ภาพใหญ่เกินไป (ด้านยาวไม่เกิน {EMBLEM_LARGEST_SIDE} จุด)")
        return EvidenceFile(
            SimpleUploadedFile(upload.name or "emblem.png", png, "image/png"), "image/png", "png"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("file") and not data.get("remove") and not self.errors:
            raise forms.ValidationError("กรุณาเลือกไฟล์ตราหน่วยงาน")
        return data


class RegisterPrefixForm(forms.Form):
    """The ที่ of the organisation's memos before the running number, as its register writes it: "มท ๐๘๑๘.๕/"."""

    register_prefix = forms.CharField(
        label="ที่ของหนังสือ (ส่วนหน้าของเลขที่ เช่น มท ๐๘๑๘.๕/)", max_length=60, required=False, strip=True
    )

    def clean_register_prefix(self) -> str:
        prefix: str = self.cleaned_data.get("register_prefix", "")
        if any(ord(c) < 32 or c in "\u2028\u2029\ufffe\uffff" for c in prefix):
            raise forms.ValidationError("ที่ของหนังสือมีอักขระที่พิมพ์ไม่ได้")
        return prefix
