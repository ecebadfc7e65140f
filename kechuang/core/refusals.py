"""Refused writes as security events (等保 安全审计: "重要的安全事件"), in the audit chain.

A write (POST, PUT, PATCH, DELETE) to a page or the API that a permission check refuses — a hidden or
missing object (404 from :func:`kechuang.core.permissions.get_object_or_404_for`), a role the user does not
hold, an action on an object the user may see but not change (``ensure_can``), a 403 from the API's
permission classes or CSRF — is recorded as ``security.write_refused``: who, from which address, which
route and method, the status and the reason. Never the body, the query string or a header: they may hold
passwords and tokens.

The checks note the refusal on a context variable (they know nothing of the request); the middleware reads
it after the view. Volume is bounded: one event per user (or address, when anonymous) and route per
``KECHUANG_REFUSAL_EVENT_SECONDS`` (60), through the cache — a script hammering one URL leaves one record a
minute, not thousands.
"""

from __future__ import annotations

import contextvars
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from kechuang.core.audit import security_event
from kechuang.core.client_ip import client_ip

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
ACTION = "security.write_refused"
_refusal: contextvars.ContextVar[str | None] = contextvars.ContextVar("kechuang_refusal", default=None)


def note_refusal(reason: str) -> None:
    """Called by a permission check that refuses (the first reason of a request is kept)."""
    if _refusal.get() is None:
        _refusal.set(reason)


def _window_seconds() -> int:
    return int(getattr(settings, "KECHUANG_REFUSAL_EVENT_SECONDS", 60))


def _route(request: HttpRequest) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    return match.view_name or match.route or ""


class RefusedWriteMiddleware:
    """Records a refused write after the view has answered (place it after the authentication
    middleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in WRITE_METHODS:
            return self.get_response(request)
        token = _refusal.set(None)
        try:
            response = self.get_response(request)
            reason = _refusal.get()
        finally:
            _refusal.reset(token)
        if reason is None and response.status_code in {403, 404}:
            # A 404 on a route that exists is a hidden or missing object (the same thing, by design).
            reason = "forbidden" if response.status_code == 403 else "not_found"
        if reason is not None:
            self._record(request, response, reason)
        return response

    def _record(self, request: HttpRequest, response: HttpResponse, reason: str) -> None:
        route = _route(request)
        if not route or route.endswith("not_found"):
            return  # no such URL (the API's catch-all): a scan, not a refused write
        user = getattr(request, "user", None)
        signed_in = bool(getattr(user, "is_authenticated", False))
        address = client_ip(request)
        who = f"user:{user.pk}" if signed_in and user is not None else f"ip:{address}"
        key = "refused:" + hashlib.sha256(f"{who}|{route}".encode()).hexdigest()[:32]
        if not cache.add(key, 1, timeout=_window_seconds()):
            return
        details: dict[str, Any] = {
            "method": request.method,
            "route": route[:120],
            "path": request.path[:255],
            "status": response.status_code,
            "reason": reason,
            "ip_address": address,
        }
        security_event(action=ACTION, actor=user if signed_in else None, label=route[:255], details=details)
