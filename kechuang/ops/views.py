"""``/healthz`` (the process answers), ``/readyz`` (it can serve: database, cache, task queue, indexes) and
``/metrics`` (Prometheus text, for the operator's scraper only)."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kechuang.core.client_ip import client_ip, parse_networks
from kechuang.ops import metrics, status


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: no dependency is asked, so a slow database does not get healthy workers restarted."""
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when every dependency answers, else 503 (the load balancer stops sending traffic)."""
    ready, checks = status.readiness()
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )


def metrics_allowed(request: HttpRequest) -> bool:
    token = settings.KECHUANG_METRICS_TOKEN
    given = request.META.get("HTTP_AUTHORIZATION", "")
    if token and given.startswith("Bearer ") and hmac.compare_digest(given[7:].strip(), token):
        return True
    address = client_ip(request)
    if not address or not settings.KECHUANG_METRICS_ALLOWED_IPS:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in parse_networks(settings.KECHUANG_METRICS_ALLOWED_IPS))


@never_cache
@require_GET
def metrics_view(request: HttpRequest) -> HttpResponse:
    """Hidden (404) unless the token or an allowed address: KECHUANG_METRICS_TOKEN, KECHUANG_METRICS_ALLOWED_IPS."""
    if not metrics_allowed(request):
        raise Http404
    return HttpResponse(metrics.render(status.metrics_state), content_type=metrics.CONTENT_TYPE_LATEST)
