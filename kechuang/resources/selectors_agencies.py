"""Reads of service agencies: the public catalogue search, the agencies with their latest park checks, the
orders as each side sees them, and the delivered orders a voucher may pay."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from kechuang.core.permissions import restrict
from kechuang.registry.models import Park, Region
from kechuang.registry.selectors import officer_region_q
from kechuang.resources.choices import OrderStatus
from kechuang.resources.models import Voucher
from kechuang.resources.models_agencies import AgencyService, ParkPresence, ServiceAgency, ServiceOrder


def service_search(*, user: Any, q: str = "", kind: str = "", region: str = "") -> QuerySet[AgencyService]:
    """Public: listed services by name, content or agency; ``region`` (a region code) keeps the services
    that serve it (their region served is that region or one above it)."""
    qs = restrict(AgencyService.objects.filter(active=True), user, "view")
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(agency__organization__name__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(region_served_id__in=_region_and_ancestors(region))
    return qs.select_related("agency__organization", "region_served").order_by("kind", "price", "id")


def _region_and_ancestors(code: str) -> list[str]:
    region = Region.objects.filter(code=code).first()
    return [] if region is None else [c for c in region.path.strip("/").split("/") if c]


def agencies_with_presence(*, user: Any) -> list[tuple[ServiceAgency, list[ParkPresence]]]:
    """Every agency with its latest check in each park (two queries)."""
    agencies = list(
        restrict(ServiceAgency.objects.all(), user, "view")
        .select_related("organization")
        .annotate(listed=Count("services", filter=Q(services__active=True)))
    )
    latest: dict[tuple[int, int], ParkPresence] = {}
    for p in (
        ParkPresence.objects.filter(agency__in=agencies).select_related("park").order_by("checked_on", "id")
    ):
        latest[(p.agency_id, p.park_id)] = p
    return [(a, [p for (aid, _), p in sorted(latest.items()) if aid == a.pk]) for a in agencies]


def parks_to_check(*, user: Any) -> QuerySet[Park]:
    """The parks in the officer's regions (where the officer records agencies' presence)."""
    return Park.objects.filter(officer_region_q(user, "region__path")).order_by("name")


def my_agencies(*, user: Any) -> QuerySet[ServiceAgency]:
    return restrict(ServiceAgency.objects.all(), user, "manage").select_related("organization")


def my_orders(*, user: Any) -> QuerySet[ServiceOrder]:
    """The orders the user's organizations placed."""
    return restrict(ServiceOrder.objects.all(), user, "apply").select_related(
        "service__agency__organization", "enterprise"
    )


def agency_orders(*, user: Any) -> QuerySet[ServiceOrder]:
    """The orders of the services of the user's agencies."""
    return (
        restrict(ServiceOrder.objects.all(), user, "manage")
        .select_related("service__agency__organization", "enterprise")
        .order_by("status", "-id")
    )


def redeemable_orders(*, voucher: Voucher) -> QuerySet[ServiceOrder]:
    """The enterprise's delivered orders this voucher has not paid yet."""
    return (
        ServiceOrder.objects.filter(
            enterprise_id=voucher.enterprise_id, status__in=[OrderStatus.DELIVERED, OrderStatus.RATED]
        )
        .exclude(redemptions__voucher=voucher)
        .select_related("service")
    )
