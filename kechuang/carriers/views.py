"""Carrier and alliance pages (public information)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kechuang.carriers import selectors
from kechuang.carriers.choices import CarrierKind, CarrierStatus, Tier
from kechuang.carriers.models import Alliance, Carrier
from kechuang.core.permissions import get_object_or_404_for


def carrier_list(request: HttpRequest) -> HttpResponse:
    filters = {k: request.GET.get(k, "").strip() for k in ("kind", "tier", "status", "q")}
    qs = selectors.carrier_list(user=request.user, filters=filters)
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "carriers/carrier_list.html",
        {
            "page": page,
            "filters": filters,
            "kinds": CarrierKind.choices,
            "tiers": Tier.choices,
            "statuses": CarrierStatus.choices,
        },
    )


def carrier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    carrier = get_object_or_404_for(
        request.user,
        Carrier.objects.select_related("region", "responsible_department", "merged_into"),
        "view",
        pk=pk,
    )
    return render(
        request,
        "carriers/carrier_detail.html",
        {
            "carrier": carrier,
            "hosts": carrier.host_links.select_related("organization"),
            "history": selectors.carrier_history(carrier=carrier),
        },
    )


def alliance_list(request: HttpRequest) -> HttpResponse:
    alliances = selectors.alliance_list(user=request.user, filters={"q": request.GET.get("q", "")})
    return render(
        request, "carriers/alliance_list.html", {"alliances": alliances, "q": request.GET.get("q", "")}
    )


def alliance_detail(request: HttpRequest, pk: int) -> HttpResponse:
    alliance = get_object_or_404_for(
        request.user, Alliance.objects.select_related("lead", "industry"), "view", pk=pk
    )
    return render(
        request,
        "carriers/alliance_detail.html",
        {"alliance": alliance, **selectors.alliance_detail(alliance=alliance)},
    )
