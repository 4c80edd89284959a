from django.contrib import admin

from prongsai.web.programme.models import Measure, Result


@admin.register(Result)
class ResultAdmin(admin.ModelAdmin[Result]):
    list_display = ["organisation", "fiscal_year", "framework_version", "total", "grade"]
    list_filter = ["fiscal_year", "grade"]
    search_fields = ["organisation__name"]
    readonly_fields = ["total", "grade"]  # computed by the core from the scores


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin[Measure]):
    list_display = ["organisation", "fiscal_year", "number", "title", "status"]
    list_filter = ["fiscal_year", "status"]
    search_fields = ["title", "organisation__name"]
    readonly_fields = ["version"]
