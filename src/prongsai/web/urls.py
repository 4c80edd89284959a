from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import prongsai.web.converters  # noqa: F401  (registers the <year:…> converter)
from prongsai.web import views
from prongsai.web.programme.views.dashboard import home
from prongsai.web.publication.urls import public_urlpatterns

urlpatterns = [
    path("", home, name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/<year:version>/", views.framework_detail, name="framework-detail"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("prongsai.web.programme.urls")),
    path("", include("prongsai.web.publication.urls")),
    path("", include(public_urlpatterns)),
]
