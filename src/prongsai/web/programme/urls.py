from django.urls import path

import prongsai.web.converters  # noqa: F401  (registers the <year:…> converter)
from prongsai.web.programme.views import audit, dashboard, documents, export, measures, progress, results

urlpatterns = [
    path("o/<slug:org>/", dashboard.organisation_home, name="organisation"),
    path("o/<slug:org>/<year:year>/", dashboard.dashboard, name="dashboard"),
    path("o/<slug:org>/<year:year>/remind/<int:pk>/", dashboard.remind_unit, name="remind-unit"),
    path("o/<slug:org>/<year:year>/result/", results.result, name="result"),
    path("o/<slug:org>/<year:year>/result/import/", results.result_import, name="result-import"),
    path("o/<slug:org>/<year:year>/analysis/", results.analysis, name="analysis"),
    path("o/<slug:org>/<year:year>/measures/", measures.measure_list, name="measures"),
    path("o/<slug:org>/<year:year>/measures.xlsx", export.measures_xlsx, name="measures-xlsx"),
    path("o/<slug:org>/<year:year>/measures/new/", measures.measure_new, name="measure-new"),
    path("o/<slug:org>/<year:year>/measures/copy/", measures.measures_copy, name="measures-copy"),
    path(
        "o/<slug:org>/<year:year>/measures/import/", measures.measures_import_upload, name="measures-import"
    ),
    path(
        "o/<slug:org>/<year:year>/measures/import/<int:pk>/",
        measures.measures_import_job,
        name="measures-import-job",
    ),
    path(
        "o/<slug:org>/<year:year>/measures/import/save/",
        measures.measures_import_save,
        name="measures-import-save",
    ),
    path("o/<slug:org>/measures/<int:pk>/", measures.measure_detail, name="measure"),
    path("o/<slug:org>/measures/<int:pk>/edit/", measures.measure_edit, name="measure-edit"),
    path("o/<slug:org>/measures/<int:pk>/progress/", progress.progress_new, name="progress-new"),
    path("o/<slug:org>/measures/<int:pk>/outcome/", progress.outcome, name="outcome"),
    path("o/<slug:org>/evidence/<int:pk>/", progress.evidence_file, name="evidence"),
    path("o/<slug:org>/<year:year>/documents/", documents.documents, name="documents"),
    path("o/<slug:org>/<year:year>/documents/emblem/", documents.emblem, name="documents-emblem"),
    path(
        "o/<slug:org>/<year:year>/documents/register/", documents.register_prefix, name="documents-register"
    ),
    path(
        "o/<slug:org>/<year:year>/documents/<str:kind>.<str:fmt>",
        documents.document_file,
        name="document-file",
    ),
    path("o/<slug:org>/audit/", audit.audit_log, name="audit"),
]
