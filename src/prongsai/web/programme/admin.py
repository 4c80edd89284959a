from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from prongsai.web.programme.models import Measure, Result
from prongsai.web.publication.voiding import void_changed_versions

ADMIN_CHANGE = "แก้ไขในหน้าผู้ดูแลระบบ: {what}"


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin[Result]):
    list_display = ["organisation", "fiscal_year", "framework_version", "total", "grade"]
    list_filter = ["fiscal_year", "grade"]
    search_fields = ["organisation__name"]
    readonly_fields = ["total", "grade"]  # computed by the core from the scores

    def save_related(
        self, request: HttpRequest, form: ModelForm[Result], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)
        result = form.instance
        void_changed_versions(
            organisation=result.organisation,
            years=[result.fiscal_year + 1, result.fiscal_year + 2],
            change=ADMIN_CHANGE.format(what=f"ผลการประเมินปี {result.fiscal_year}"),
        )


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin[Measure]):
    """Changes made here void the submitted versions they touch, as the pages' own services do."""

    list_display = ["organisation", "fiscal_year", "number", "title", "status"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["title", "organisation__name"]
    readonly_fields = ["version"]

    def save_related(
        self, request: HttpRequest, form: ModelForm[Measure], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)  # after the units, which the documents show
        measure = form.instance
        void_changed_versions(
            organisation=measure.organisation,
            years=[measure.fiscal_year],
            change=ADMIN_CHANGE.format(what=f"มาตรการที่ {measure.number}"),
        )

    def delete_model(self, request: HttpRequest, obj: Measure) -> None:
        self.delete_queryset(request, Measure.objects.filter(pk=obj.pk))

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Measure]) -> None:
        touched = {(m.organisation, m.fiscal_year) for m in queryset.select_related("organisation")}
        with transaction.atomic():  # the list's bulk delete runs outside the admin's own transaction
            super().delete_queryset(request, queryset)
            for organisation, year in touched:
                void_changed_versions(
                    organisation=organisation, years=[year], change=ADMIN_CHANGE.format(what="ลบมาตรการ")
                )
