"""主体统计: the officer's region at a glance, each figure a link to the organizations it counted."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from kechuang.registry.guards import officer_required
from kechuang.registry.selectors_overview import Figure, registry_overview


def _rows(figures: list[Figure]) -> list[dict[str, object]]:
    base = reverse("registry:organization_list")
    return [{"name": f.label, "value": f.count, "url": f"{base}?{urlencode(f.filters)}"} for f in figures]


@officer_required
def registry_overview_page(request: HttpRequest) -> HttpResponse:
    overview = registry_overview(user=request.user, region_code=request.GET.get("region", "")[:6])
    return render(
        request,
        "registry/overview.html",
        {
            "overview": overview,
            "regions": [
                {**row, "code": f.filters["region"]}
                for row, f in zip(_rows(overview.by_region), overview.by_region, strict=True)
            ],
            "kinds": _rows(overview.by_kind),
            "sections": _rows(overview.by_section),
            "designations": _rows(overview.by_designation),
            "list_url": reverse("registry:organization_list")
            + (f"?region={overview.region.code}" if overview.region else ""),
        },
    )
