"""Forms of the channel: they validate in Thai and turn uploads into cleaned files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from prongsai.core import complaints as core
from prongsai.core.errors import ProngsaiError
from prongsai.web.complaints.cleaning import CleanFile, clean_attachment

MAX_FILES = 5
TEXT_LIMIT = 5000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Up to MAX_FILES files, each judged by its content and stripped of its metadata."""

    widget = MultipleFileInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        uploads = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(uploads) > MAX_FILES:
            raise forms.ValidationError(f"แนบได้ไม่เกิน {MAX_FILES} ไฟล์")
        limit = settings.PRONGSAI_MAX_UPLOAD_MB * 1024 * 1024
        cleaned = []
        for upload in uploads:
            assert isinstance(upload, UploadedFile)
            if upload.size is None or upload.size > limit:
                raise forms.ValidationError(f"ไฟล์แต่ละไฟล์ต้องไม่เกิน {settings.PRONGSAI_MAX_UPLOAD_MB} MB")
            try:
                cleaned.append(clean_attachment(upload.read()))
            except ProngsaiError as error:
                raise forms.ValidationError(error.thai) from None
        return cleaned


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label="เรื่องที่ร้องเรียนเกี่ยวกับ", choices=core.KINDS, widget=forms.RadioSelect)
    what = forms.CharField(label="เกิดอะไรขึ้น", max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 6}))
    when = forms.CharField(label="เมื่อใด (โดยประมาณก็ได้)", max_length=200, required=False)
    where = forms.CharField(label="ที่ใด", max_length=300, required=False)
    who = forms.CharField(label="ผู้เกี่ยวข้อง (ชื่อ ตำแหน่ง หรือหน่วยงาน)", max_length=500, required=False)
    attachments = AttachmentsField(label="ไฟล์หลักฐาน (ไม่บังคับ)")
    contact = forms.CharField(
        label="ช่องทางติดต่อกลับ (ไม่บังคับ ใส่เฉพาะเมื่อท่านต้องการ)",
        max_length=300,
        required=False,
        help_text="หากเว้นว่าง หน่วยงานจะติดต่อท่านได้ทางรหัสติดตามเรื่องเท่านั้น",
    )
    # Left empty by people (it is hidden from them); filled in by robots that fill in every field.
    website = forms.CharField(
        required=False,
        label="เว็บไซต์",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_what(self) -> str:
        text = str(self.cleaned_data["what"]).strip()
        if len(text) < 10:
            raise forms.ValidationError("กรุณาเล่าเหตุการณ์อย่างน้อยสองสามประโยค")
        return text


class FollowUpForm(forms.Form):
    receipt = forms.CharField(label="รหัสติดตามเรื่อง ๑๖ หลัก", max_length=40, strip=True)


class ReplyForm(forms.Form):
    receipt = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label="ข้อความถึงหน่วยงาน",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = AttachmentsField(label="แนบไฟล์เพิ่ม (ไม่บังคับ)")


class OfficerMessageForm(forms.Form):
    text = forms.CharField(
        label="ข้อความถึงผู้ร้องเรียน", max_length=TEXT_LIMIT, widget=forms.Textarea(attrs={"rows": 4})
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="สถานะ", choices=core.STATUSES)
    forwarded_to = forms.ChoiceField(label="ส่งต่อถึง", choices=[("", "—"), *core.DESTINATIONS], required=False)
    forwarded_name = forms.CharField(label="ชื่อหน่วยงานที่ส่งต่อ", max_length=200, required=False)
    outcome = forms.CharField(
        label="ผลการดำเนินการ (เมื่อยุติเรื่อง)",
        max_length=TEXT_LIMIT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
