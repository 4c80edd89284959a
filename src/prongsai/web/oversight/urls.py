from django.urls import path

from prongsai.web.oversight import views

urlpatterns = [
    path("overview/", views.overview_home, name="overview"),
    path("overview/import/", views.national_import, name="national-import"),
    path("overview/import/<int:pk>/", views.national_import_review, name="national-import-review"),
    path("overview/export.<str:fmt>", views.overview_export, name="overview-export"),
    path("overview/<str:province>/", views.overview, name="overview-province"),
    path("overview/<str:province>/export.<str:fmt>", views.overview_export, name="overview-export-province"),
    path("overview/<str:province>/<str:district>/", views.overview, name="overview-district"),
    path(
        "overview/<str:province>/<str:district>/export.<str:fmt>",
        views.overview_export,
        name="overview-export-district",
    ),
]
