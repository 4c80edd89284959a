from django.urls import path

from prongsai.web.api import views

urlpatterns = [
    path("", views.tokens, name="api-tokens"),
    path("<int:pk>/revoke/", views.revoke, name="api-token-revoke"),
]
