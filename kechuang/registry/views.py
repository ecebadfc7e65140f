"""Registry pages (minimal versions; extended by the pages work)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kechuang.registry import selectors


@login_required
def organization_list(request: HttpRequest) -> HttpResponse:
    orgs = selectors.organization_list(user=request.user)[:50]
    return render(request, "registry/organization_list.html", {"organizations": orgs})


@login_required
def organization_detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organization_get(user=request.user, pk=pk)
    return render(
        request,
        "registry/organization_detail.html",
        {"org": org, "statistics": selectors.organization_statistics(organization=org)},
    )


def park_list(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/park_list.html", {"parks": selectors.park_list(user=request.user)})
