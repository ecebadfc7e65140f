"""The request id and the request's latency by route.

``X-Request-ID``: taken from the request when a trusted proxy (nginx: ``proxy_set_header X-Request-ID
$request_id``) sent a sane one, otherwise made here; set on the answer and on every log record of the
request.  Each request's duration is observed in the ``kechuang_http_request_duration_seconds`` histogram
under its route name (the URL pattern's name, never the raw path: bounded label values), and one access
line is logged at DEBUG (``kechuang.access``).
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from kechuang.ops import metrics
from kechuang.ops.logs import request_id

access_log = logging.getLogger("kechuang.access")
_SANE = re.compile(r"[A-Za-z0-9._-]{8,128}")


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = given if _SANE.fullmatch(given) else uuid.uuid4().hex
        request.request_id = rid  # type: ignore[attr-defined]
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = rid
            route = _route(request)
            seconds = time.perf_counter() - started
            metrics.observe_request(
                route=route, method=request.method or "", status=response.status_code, seconds=seconds
            )
            access_log.debug(
                "%s %s %s %.1fms",
                request.method,
                route,
                response.status_code,
                seconds * 1000,
                extra={
                    "status_code": response.status_code,
                    "method": request.method,
                    "route": route,
                    "duration_ms": round(seconds * 1000, 1),
                },
            )
            return response
        finally:
            request_id.reset(token)


def _route(request: Any) -> str:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return "<unmatched>"
    return match.view_name or match.route or "<unnamed>"
