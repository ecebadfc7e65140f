"""Content-Security-Policy and Permissions-Policy on every response.

Pages load scripts only from the site itself (htmx, ECharts, kechuang.js under /static/) plus the few
inline ``<script nonce="{{ request.csp_nonce }}">`` blocks that draw charts; no ``'unsafe-eval'``, no inline
event handlers (``data-autosubmit`` and ``data-select-all`` in kechuang.js replace them). Inline
``style`` attributes are allowed (progress bars, ECharts' own layout). The API's documentation pages
(Swagger UI, Redoc, from drf-spectacular-sidecar) run inline bootstrap code and get a policy with
``'unsafe-inline'`` scripts, still same-origin only.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), "
    "payment=(), usb=(), interest-cohort=()"
)
DOC_PATHS = ("/api/v1/docs/", "/api/v1/redoc/")


def content_security_policy(nonce: str, *, docs: bool = False) -> str:
    script = "'self' 'unsafe-inline'" if docs else f"'self' 'nonce-{nonce}'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        nonce = secrets.token_urlsafe(16)
        request.csp_nonce = nonce  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy",
            content_security_policy(nonce, docs=request.path.startswith(DOC_PATHS)),
        )
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response
