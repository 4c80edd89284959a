from django.urls import path

import prongsai.web.converters  # noqa: F401  (registers the <year:…> converter)
from prongsai.web.catalogue import views

urlpatterns = [
    path("catalogue/", views.catalogue_search, name="catalogue"),
    path("catalogue/<int:pk>/", views.catalogue_entry, name="catalogue-entry"),
    path("catalogue/effect/<str:code>/", views.catalogue_effect, name="catalogue-effect"),
]
# Addresses of an organisation's year (the role × address matrix in tests/web/test_access.py covers them).
organisation_urlpatterns = [
    path("o/<slug:org>/<year:year>/catalogue/<int:pk>/use/", views.catalogue_use, name="catalogue-use"),
]
