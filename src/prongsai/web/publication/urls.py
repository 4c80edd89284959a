from django.urls import path

import prongsai.web.converters  # noqa: F401  (registers the <year:…> converter)
from prongsai.web.publication import opendata, views

urlpatterns = [
    path("o/<slug:org>/<year:year>/approvals/", views.approvals, name="approvals"),
    path("o/<slug:org>/<year:year>/approvals/submit/", views.submit, name="version-submit"),
    path("o/<slug:org>/versions/<int:pk>/decide/", views.decide, name="version-decide"),
    path("o/<slug:org>/versions/<int:pk>/publish/", views.publish, name="version-publish"),
    path("o/<slug:org>/versions/<int:pk>/file.<str:fmt>", views.version_file, name="version-file"),
    path("o/<slug:org>/approval-chain/", views.chain_edit, name="approval-chain"),
    path("notifications/", views.notifications, name="notifications"),
]

public_urlpatterns = [
    path("p/", views.public_index, name="public-index"),
    path("p/data.json", opendata.catalogue, name="public-open-data-catalogue"),
    path("p/fields.json", opendata.fields, name="public-open-data-fields"),
    path("p/<slug:slug>/", views.public_organisation, name="public-organisation"),
    path("p/<slug:slug>/<year:year>/", views.public_year, name="public-year"),
    path(
        "p/<slug:slug>/<year:year>/<str:kind>-<int:number>.<str:fmt>", views.public_file, name="public-file"
    ),
    path("p/<slug:slug>/<year:year>/measures.<str:fmt>", opendata.measures_file, name="public-open-data"),
    path("p/<slug:slug>/evidence/<int:pk>/", views.public_evidence, name="public-evidence"),
]
