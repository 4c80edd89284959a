from django.contrib import admin
from django.urls import include, path

import prongsai.web.converters  # noqa: F401  (registers the <year:…> converter)
from prongsai.web import views
from prongsai.web.api.api import api
from prongsai.web.catalogue import urls as catalogue_urls
from prongsai.web.complaints import urls as complaint_urls
from prongsai.web.frameworks import views as framework_views
from prongsai.web.programme.views.dashboard import home
from prongsai.web.publication.urls import public_urlpatterns

urlpatterns = [
    path("", home, name="home"),
    path("accounts/", include("prongsai.web.accounts.urls")),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/<year:version>/", views.framework_detail, name="framework-detail"),
    path("frameworks/files/", framework_views.framework_files, name="framework-files"),
    path("frameworks/files/<int:pk>/", framework_views.framework_file, name="framework-file"),
    path(
        "frameworks/files/<int:pk>/action/",
        framework_views.framework_file_action,
        name="framework-file-action",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("accounts/tokens/", include("prongsai.web.api.urls")),
    path("", include("prongsai.web.oversight.urls")),
    path("", include("prongsai.web.programme.urls")),
    path("", include(catalogue_urls.urlpatterns + catalogue_urls.organisation_urlpatterns)),
    path("", include("prongsai.web.publication.urls")),
    path("", include(complaint_urls.urlpatterns)),
    path("", include(complaint_urls.public_urlpatterns)),  # before p/<slug>/
    path("", include(public_urlpatterns)),
]

# Thai error pages with the site's menu (403 and 404 are Django's own views, on the templates of the same names)
handler400 = "prongsai.web.errors.bad_request"
handler500 = "prongsai.web.errors.server_error"
