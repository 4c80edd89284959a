from django.urls import path

import prongsai.web.converters  # noqa: F401  (registers the <year:…> converter)
from prongsai.web.complaints import views

# Organisation-scoped: each has its row in tests/web/test_access.py.
urlpatterns = [
    path("o/<slug:org>/complaints/", views.inbox, name="complaints"),
    path("o/<slug:org>/complaints/<int:pk>/", views.detail, name="complaint"),
    path("o/<slug:org>/complaints/<int:pk>/message/", views.message, name="complaint-message"),
    path("o/<slug:org>/complaints/<int:pk>/status/", views.status, name="complaint-status"),
    path("o/<slug:org>/complaints/<int:pk>/files/<int:number>/", views.file, name="complaint-file"),
    path("o/<slug:org>/<year:year>/complaint-statistics/", views.statistics, name="complaint-statistics"),
    path(
        "o/<slug:org>/<year:year>/complaint-statistics.<str:fmt>",
        views.statistics_file,
        name="complaint-statistics-file",
    ),
]

# The reporter's, without an account; before the public pages, whose p/<slug>/ would take p/complaint/.
public_urlpatterns = [
    path("p/complaint/", views.follow_up, name="complaint-follow-up"),
    path("p/complaint/reply/", views.reply, name="complaint-reply"),
    path("p/<slug:slug>/complaint/", views.report, name="complaint-report"),
]
