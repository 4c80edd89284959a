from django.contrib import admin
from django.urls import path

from prongsai.web import views

urlpatterns = [
    path("", views.home, name="home"),
    path("frameworks/<int:version>/", views.framework_detail, name="framework-detail"),
    path("healthz", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]
