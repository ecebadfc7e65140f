"""Signing in and out, 账户安全 (two-factor sign-in, password), 账户管理 for platform admins, and password
reset by e-mail where configured. Organization sign-up, members and invitations keep their /accounts/…
paths but are the directory's pages (``kechuang/registry/urls_members.py``)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from kechuang.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.login_otp, name="login_otp"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("security/", views.security, name="security"),
    path("password/", views.password_change, name="password_change"),
    path("users/", views.user_admin, name="user_admin"),
    path("users/<int:pk>/otp-reset/", views.user_otp_reset, name="user_otp_reset"),
    path("users/<int:pk>/password-reset/", views.user_password_reset, name="user_password_reset"),
    path("password/reset/", views.password_reset, name="password_reset"),
    path("password/reset/done/", views.password_reset_done, name="password_reset_done"),
    path("password/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("password/reset/complete/", views.password_reset_complete, name="password_reset_complete"),
]
