"""API authentication classes (kept free of DRF view imports: DRF loads them while its views load)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication with a translated, actionable CSRF message."""

    def enforce_csrf(self, request: Any) -> None:
        try:
            super().enforce_csrf(request)
        except exceptions.PermissionDenied:
            raise exceptions.PermissionDenied(
                _(
                    "CSRF 校验失败：使用会话登录时，写操作须在 X-CSRFToken 请求头中携带 csrftoken；脚本请改用令牌认证。"
                )
            ) from None
