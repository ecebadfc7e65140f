from django.urls import path

from kechuang.accounts.api import views

urlpatterns = [
    path("auth/token/", views.AuthTokenApi.as_view(), name="api-auth-token"),
    path("auth/token/revoke/", views.AuthTokenRevokeApi.as_view(), name="api-auth-token-revoke"),
]
