"""The organization and department pickers (htmx options, like the region and industry pickers): for the
officers' forms that name hosts, members, lead and responsible units."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kechuang.registry.guards import officer_required
from kechuang.registry.selectors_pickers import picker_options


def _query(request: HttpRequest) -> str:
    value = request.GET.get("q")
    if value is None:  # htmx sends the input under its own name
        value = next((v for k, v in request.GET.items() if k not in {"size", "after", "before"}), "")
    return value[:60]


@officer_required
def organization_search(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/_picker_named_options.html",
        {"options": picker_options("organization", _query(request))},
    )


@officer_required
def department_search(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registry/_picker_named_options.html",
        {"options": picker_options("department", _query(request))},
    )
