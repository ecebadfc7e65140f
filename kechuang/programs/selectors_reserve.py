"""Reads of the reserve library (储备项目库) and of recommendations to higher-level programs."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, QuerySet

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.programs.choices import ApplicationStatus
from kechuang.programs.models import Application, HigherRecommendation, ReserveEntry
from kechuang.programs.services.reserve import RECOMMENDABLE
from kechuang.registry.models import Department


def reserve_entries(*, user: Any, status: str = "", year: int | None = None) -> QuerySet[ReserveEntry]:
    qs = restrict(ReserveEntry.objects.all(), user, "view")
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    return qs.select_related("organization", "department", "application").order_by("-year", "-id")


def reserve_counts(*, user: Any) -> dict[str, int]:
    rows = restrict(ReserveEntry.objects.all(), user, "view").values("status").annotate(n=Count("id"))
    return {r["status"]: r["n"] for r in rows}


def reserve_get(*, user: Any, pk: int, action: str = "view") -> ReserveEntry:
    return get_object_or_404_for(user, ReserveEntry.objects.all(), action, pk=pk)


def reservable_applications(*, user: Any) -> QuerySet[Application]:
    """未立项 applications the officer decides on and not yet in the library (the page's pick list)."""
    return (
        restrict(Application.objects.filter(status=ApplicationStatus.REJECTED), user, "decide")
        .filter(reserve_entry__isnull=True)
        .select_related("organization")
        .order_by("-id")[:200]
    )


def recommendable_applications(*, user: Any) -> QuerySet[Application]:
    return (
        restrict(Application.objects.filter(status__in=RECOMMENDABLE), user, "decide")
        .select_related("organization")
        .order_by("-id")[:200]
    )


def program_departments() -> QuerySet[Department]:
    """Departments running programs (where an organization may register a candidate)."""
    return Department.objects.filter(program_types__isnull=False).distinct().order_by("id")


def higher_recommendations(*, user: Any, status: str = "") -> QuerySet[HigherRecommendation]:
    qs = restrict(HigherRecommendation.objects.all(), user, "view")
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("application__organization").order_by("-year", "-id")


def higher_get(*, user: Any, pk: int, action: str = "view") -> HigherRecommendation:
    return get_object_or_404_for(user, HigherRecommendation.objects.all(), action, pk=pk)
