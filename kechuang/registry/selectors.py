"""Reads of the registry. Every list starts from what the user may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.core.text import normalize_for_search
from kechuang.registry.models import Industry, Organization, Park, Region, YearlyStatistics


@dataclass(frozen=True)
class OrganizationFilters:
    q: str = ""
    kind: str = ""
    region: str = ""
    industry: str = ""
    size: str = ""
    verification_status: str = ""
    designation: str = ""
    park: int | None = None


def organization_list(*, user: Any, filters: OrganizationFilters | None = None) -> QuerySet[Organization]:
    """Organizations the user may see, filtered; newest first. Region and industry filters include subtrees."""
    f = filters or OrganizationFilters()
    qs = restrict(Organization.objects.all(), user, "view")
    if f.q:
        text = normalize_for_search(f.q)
        qs = qs.filter(Q(search_text__contains=text) | Q(uscc=f.q.strip().upper()))
    if f.kind:
        qs = qs.filter(kind=f.kind)
    if f.region:
        region = Region.objects.filter(code=f.region).only("path").first()
        qs = qs.filter(region_path__startswith=region.path) if region else qs.none()
    if f.industry:
        industry = (
            Industry.objects.filter(Q(code=f.industry) | Q(code_with_section=f.industry)).only("path").first()
        )
        qs = qs.filter(industry__path__startswith=industry.path) if industry else qs.none()
    if f.size:
        qs = qs.filter(size=f.size)
    if f.verification_status:
        qs = qs.filter(verification_status=f.verification_status)
    if f.designation:
        qs = qs.filter(designations__kind=f.designation).distinct()
    if f.park:
        qs = qs.filter(park_memberships__park_id=f.park)
    return qs.select_related("region", "industry").order_by("-id")


def organization_get(*, user: Any, pk: Any, action: str = "view") -> Organization:
    return get_object_or_404_for(
        user, Organization.objects.select_related("region", "industry", "verified_by"), action, pk=pk
    )


def organization_statistics(*, organization: Organization) -> QuerySet[YearlyStatistics]:
    return organization.statistics.order_by("-year")


def statistics_latest(*, organization: Organization) -> YearlyStatistics | None:
    return organization.statistics.order_by("-year").first()


def park_list(*, user: Any) -> QuerySet[Park]:
    return restrict(Park.objects.all(), user, "view").select_related("region")


def park_get(*, user: Any, pk: Any) -> Park:
    return get_object_or_404_for(user, Park.objects.select_related("region", "operator"), "view", pk=pk)


def park_members(*, user: Any, park: Park) -> QuerySet[Organization]:
    """Organizations in the park that the user may see."""
    return organization_list(user=user, filters=OrganizationFilters(park=park.pk))


def region_search(*, q: str, limit: int = 20) -> QuerySet[Region]:
    """Regions by code prefix, name, or pinyin initials (``ccs`` → 长春市)."""
    text = (q or "").strip()
    qs = Region.objects.all()
    if not text:
        return qs.filter(level="province")[:limit]
    if text.isdigit():
        return qs.filter(code__startswith=text)[:limit]
    if text.isascii():
        return qs.filter(pinyin_initials__startswith=text.lower()).order_by("level", "code")[:limit]
    name = normalize_for_search(text)
    return qs.filter(Q(name__contains=name) | Q(full_name__contains=name)).order_by("level", "code")[:limit]


def industry_search(*, q: str, limit: int = 20) -> QuerySet[Industry]:
    text = (q or "").strip()
    qs = Industry.objects.all()
    if not text:
        return qs.filter(level="section")[:limit]
    upper = text.upper()
    if upper[:1].isalpha() and upper[1:].isdigit() and upper.isascii() and len(upper) > 1:
        return qs.filter(code_with_section__startswith=upper)[:limit]
    if text.isdigit():
        return qs.filter(code__startswith=text).order_by("code")[:limit]
    if text.isascii():
        return qs.filter(pinyin_initials__startswith=text.lower()).order_by("level", "code")[:limit]
    return qs.filter(name__contains=normalize_for_search(text)).order_by("level", "code")[:limit]
