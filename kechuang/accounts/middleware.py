"""Pages a signed-in user is held to until they have done what security requires first:

* a temporary password set by an administrator is changed (``User.must_change_password``);
* with ``KECHUANG_REQUIRE_2FA_FOR_STAFF``, an officer or platform admin has enabled TOTP and signed in
  with it.

Everything else answers with a redirect to the page that does it (pages) or a JSON 403 (the API with a
session; the token endpoint refuses such users itself).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from kechuang.accounts import otp

_ALWAYS = ("/static/", "/i18n/", "/jsi18n/", "/media/")


def _exempt(request: HttpRequest, names: tuple[str, ...]) -> bool:
    if request.path.startswith(_ALWAYS):
        return True
    return any(request.path == reverse(name) for name in names)


def _refuse(request: HttpRequest, message: str, code: str, to: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"message": message, "extra": {"code": code}}, status=403)
    return redirect(to)


class SecurityStepsMiddleware:
    """Place after the authentication and django-otp middlewares."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if user.must_change_password and not _exempt(
            request, ("accounts:password_change", "accounts:logout")
        ):
            return _refuse(
                request,
                _("您的密码是管理员设置的临时密码，请先修改密码。"),
                "password_change_required",
                reverse("accounts:password_change"),
            )
        if otp.two_factor_required(user) and not user.is_verified():
            if otp.has_two_factor(user):
                # Signed in without the code (a session from before it was enabled): sign in again.
                logout(request)
                return _refuse(
                    request, _("请重新登录并输入动态验证码。"), "otp_required", reverse(settings.LOGIN_URL)
                )
            if not _exempt(request, ("accounts:security", "accounts:logout")):
                return _refuse(
                    request,
                    _("政府工作人员和平台管理员须先启用两步验证。"),
                    "otp_setup_required",
                    reverse("accounts:security"),
                )
        return self.get_response(request)
