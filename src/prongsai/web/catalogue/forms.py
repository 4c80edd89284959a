from __future__ import annotations

import re

from django import forms

from prongsai.core.scoring import normalise_code
from prongsai.web.catalogue.models import OUTCOMES
from prongsai.web.catalogue.queries import SearchFilters
from prongsai.web.organisations.models import ORGANISATION_TYPES
from prongsai.web.programme.models import TOOLS

ANY = [("", "ทั้งหมด")]


class SearchForm(forms.Form):
    q = forms.CharField(label="คำค้น", max_length=200, required=False)
    question = forms.CharField(label="ข้อคำถาม", max_length=10, required=False, help_text="เช่น e15 i7 O12")
    indicator = forms.TypedChoiceField(
        label="ตัวชี้วัด",
        choices=ANY + [(str(n), str(n)) for n in range(1, 11)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    tool = forms.ChoiceField(label="แบบวัด", choices=ANY + TOOLS, required=False)
    type = forms.ChoiceField(label="ประเภทหน่วยงาน", choices=ANY + ORGANISATION_TYPES, required=False)
    year = forms.IntegerField(
        label="ปีงบประมาณ (พ.ศ.)",
        min_value=2500,
        max_value=2700,
        required=False,
        error_messages={"invalid": "ปีงบประมาณต้องเป็นตัวเลขปี พ.ศ. เช่น 2567"},
    )
    outcome = forms.ChoiceField(label="ผลการดำเนินการ", choices=ANY + OUTCOMES, required=False)

    def clean_question(self) -> str:
        raw = self.cleaned_data["question"].strip()
        if not raw:
            return ""
        code = normalise_code(raw)
        if not re.fullmatch(r"[ie][0-9]{1,2}|O[0-9]{1,2}", code):
            raise forms.ValidationError("รหัสข้อคำถามไม่ถูกต้อง (เช่น e15 i7 O12)")
        return code

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            text=data["q"],
            question=data["question"],
            indicator=data["indicator"],
            tool=data["tool"],
            organisation_type=data["type"],
            year=data["year"],
            outcome=data["outcome"],
        )
