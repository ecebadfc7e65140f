"""Reads of achievements and demands (the market's listings), scoped by permission first."""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.market.choices import AchievementStatus, ContactStatus
from kechuang.market.models import Achievement, Contact, Demand
from kechuang.registry.selectors import user_organization_ids

Listing = TypeVar("Listing", Achievement, Demand)


def _listing_list(model: type[Listing], *, user: Any, filters: dict[str, Any]) -> QuerySet[Listing]:
    qs = restrict(model.objects.all(), user, "view")
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    if filters.get("owner"):
        qs = qs.filter(owner_id=filters["owner"])
    if filters.get("mine"):
        qs = qs.filter(owner_id__in=user_organization_ids(user))
    return qs


def achievement_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Achievement]:
    filters = filters or {}
    qs = _listing_list(Achievement, user=user, filters=filters)
    if filters.get("maturity"):
        qs = qs.filter(maturity=filters["maturity"])
    return qs.select_related("owner", "field", "owner__region")


def achievement_public_list(*, filters: dict[str, Any] | None = None) -> QuerySet[Achievement]:
    """Published achievements; ``filters`` as the search takes them: ``industry`` (a code with or without its
    section letter, all levels below), ``region`` (a code: the owner's region subtree), ``trl_min``."""
    qs = Achievement.objects.filter(status=AchievementStatus.PUBLISHED).select_related("owner", "field")
    filters = filters or {}
    if industry := str(filters.get("industry") or "").upper():
        lookup = "field__code_with_section" if industry[0].isalpha() else "field__code"
        qs = qs.filter(**{f"{lookup}__startswith": industry})
    if region := str(filters.get("region") or ""):
        qs = qs.filter(owner__region_path__contains=f"{region}/")
    if isinstance(filters.get("trl_min"), int):
        qs = qs.filter(trl__gte=filters["trl_min"])
    return qs


def achievement_get(*, user: Any, pk: Any, action: str = "view") -> Achievement:
    return get_object_or_404_for(user, Achievement.objects.select_related("owner", "field"), action, pk=pk)


def achievement_review_queue(*, user: Any) -> QuerySet[Achievement]:
    return restrict(
        Achievement.objects.filter(status=AchievementStatus.SUBMITTED), user, "review"
    ).select_related("owner")


def demand_list(*, user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Demand]:
    filters = filters or {}
    qs = _listing_list(Demand, user=user, filters=filters)
    if filters.get("bounty"):
        qs = qs.filter(is_bounty=True)
    return qs.select_related("owner", "field")


def demand_get(*, user: Any, pk: Any, action: str = "view") -> Demand:
    return get_object_or_404_for(user, Demand.objects.select_related("owner", "field"), action, pk=pk)


def demand_confidential_visible(*, user: Any, demand: Demand) -> bool:
    """The confidential part: the owner, and organizations whose contact the owner accepted."""
    orgs = user_organization_ids(user)
    if demand.owner_id in orgs or user_is_platform_admin(user):
        return True
    return Contact.objects.filter(demand=demand, from_org_id__in=orgs, status=ContactStatus.ACCEPTED).exists()


def my_market_summary(*, user: Any) -> dict[str, Any]:
    orgs = user_organization_ids(user)
    return {
        "achievements": Achievement.objects.filter(owner_id__in=orgs).count(),
        "demands": Demand.objects.filter(owner_id__in=orgs).count(),
        "contacts_pending": Contact.objects.filter(to_org_id__in=orgs, status=ContactStatus.PENDING).count(),
        "contacts": Contact.objects.filter(Q(from_org_id__in=orgs) | Q(to_org_id__in=orgs)).count(),
    }
