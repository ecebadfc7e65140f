"""Signing-in security: failed sign-ins and lockouts (django-axes) recorded in the audit chain, and the
answer a locked-out client gets — JSON in the API's error format under ``/api/``, the sign-in page with
the message elsewhere.

Axes counts failures per account and per address (``AXES_LOCKOUT_PARAMETERS``); the address is
:func:`kechuang.core.client_ip.client_ip` (``X-Forwarded-For`` only from ``KECHUANG_TRUSTED_PROXIES``).
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from kechuang.accounts.models import User
from kechuang.core.audit import security_event
from kechuang.core.client_ip import client_ip


def lockout_minutes() -> int:
    return max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))


def lockout_message() -> str:
    return _("登录失败次数过多，该账户或地址已被暂时锁定，请%(minutes)s分钟后再试。") % {
        "minutes": lockout_minutes()
    }


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: 429 with the message, in the form the client reads."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"message": lockout_message(), "extra": {"code": "locked_out", "retry_after_seconds": seconds}},
            status=429,
        )
    else:
        response = render(
            request,
            "accounts/login.html",
            {"form": AuthenticationForm(request), "lockout": lockout_message()},
            status=429,
        )
    response["Retry-After"] = str(seconds)
    return response


def _details(request: Any, username: str) -> dict[str, Any]:
    return {
        "username": username[:150],
        "ip_address": client_ip(request) if request is not None else None,
        "path": getattr(request, "path", "")[:255],
    }


@receiver(user_login_failed, dispatch_uid="kechuang.accounts.security.login_failed")
def record_login_failure(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username") or "")
    user = User.objects.filter(username=username).first() if username else None
    security_event(
        action="security.login_failed",
        target=user,
        label=username,
        details={
            **_details(request, username),
            "locked_out": bool(getattr(request, "axes_locked_out", False)),
        },
    )


@receiver(user_locked_out, dispatch_uid="kechuang.accounts.security.locked_out")
def record_lockout(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    name = str(username or "")
    user = User.objects.filter(username=name).first() if name else None
    security_event(action="security.lockout", target=user, label=name, details=_details(request, name))
