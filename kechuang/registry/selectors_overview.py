"""The registry at a glance for an officer (主体统计): the organizations of their region subtree by
subdivision, by kind, by industry section and by designation held. Each figure comes with the filters
of the organization list that shows exactly the organizations it counted, so every number can be opened."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.utils import timezone

from kechuang.core.permissions import restrict
from kechuang.registry.choices import DesignationKind, OrganizationKind
from kechuang.registry.models import Designation, Industry, Organization, Region
from kechuang.registry.selectors import user_officer_roles


@dataclass(frozen=True)
class Figure:
    """One counted cell: its label, the count, and the organization-list filters that reproduce it."""

    label: str
    count: int
    filters: dict[str, str]


@dataclass(frozen=True)
class Overview:
    region: Region | None
    up: Region | None
    total: int
    by_region: list[Figure]
    by_kind: list[Figure]
    by_section: list[Figure]
    by_designation: list[Figure]


def overview_roots(*, user: Any) -> list[Region]:
    """The top regions of the user's appointments (platform admins: the provinces)."""
    roles = user_officer_roles(user)
    if not roles:
        return list(Region.objects.filter(level="province").order_by("code"))
    paths = sorted({r.region.path for r in roles})
    tops = [p for p in paths if not any(p != q and p.startswith(q) for q in paths)]
    return list(Region.objects.filter(path__in=tops).order_by("code"))


def registry_overview(*, user: Any, region_code: str = "") -> Overview:
    """The figures for ``region_code`` (one of the user's regions or below; default: their own)."""
    roots = overview_roots(user=user)
    region = None
    if region_code:
        region = Region.objects.filter(code=region_code).first()
        if region is not None and not any(region.path.startswith(r.path) for r in roots):
            region = None
    if region is None and len(roots) == 1:
        region = roots[0]
    qs: QuerySet[Organization] = restrict(Organization.objects.all(), user, "view")
    if region is not None:
        qs = qs.filter(region_path__startswith=region.path)
    parts = list(region.children.order_by("code")) if region is not None else roots
    here = {"region": region.code} if region is not None else {}
    by_region = [
        Figure(p.name, qs.filter(region_path__startswith=p.path).count(), {"region": p.code}) for p in parts
    ]
    kinds = dict(OrganizationKind.choices)
    by_kind = [
        Figure(str(kinds.get(r["kind"], r["kind"])), r["n"], {**here, "kind": r["kind"]})
        for r in qs.order_by().values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    ]
    sections = dict(Industry.objects.filter(level="section").values_list("code", "name"))
    by_section = [
        Figure(sections.get(r["s"], r["s"]), r["n"], {**here, "industry": r["s"]})
        for r in qs.order_by()
        .exclude(industry__isnull=True)
        .annotate(s=Substr("industry__path", 1, 1))
        .values("s")
        .annotate(n=Count("id"))
        .order_by("-n", "s")
    ]
    today = timezone.localdate()
    held = Designation.objects.filter(organization__in=qs).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )
    labels = dict(DesignationKind.choices)
    by_designation = [
        Figure(str(labels.get(r["kind"], r["kind"])), r["n"], {**here, "designation": r["kind"]})
        for r in held.order_by()
        .values("kind")
        .annotate(n=Count("organization_id", distinct=True))
        .order_by("-n")
    ]
    up = region.parent if region is not None and region not in roots else None
    return Overview(region, up, qs.count(), by_region, by_kind, by_section, by_designation)
