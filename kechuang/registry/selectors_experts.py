"""Reads of the expert pool for its pages and API: scoped by permission first."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from kechuang.core.permissions import get_object_or_404_for, restrict
from kechuang.registry.models import Expert, ExpertConflict, Industry


def expert_list(*, user: Any, q: str = "", active: str = "") -> QuerySet[Expert]:
    """The pool as the user may see it (officers: every expert), by name, employer, title or field."""
    qs = restrict(Expert.objects.all(), user, "view").select_related("organization", "region", "user")
    if q:
        qs = qs.filter(
            Q(name__contains=q)
            | Q(organization__name__contains=q)
            | Q(title__contains=q)
            | Q(fields__icontains=q)
        )
    if active in ("1", "0"):
        qs = qs.filter(is_active=active == "1")
    return qs.annotate(n_conflicts=Count("conflicts")).order_by("-is_active", "name", "id")


def expert_get(*, user: Any, pk: Any, action: str = "view") -> Expert:
    return get_object_or_404_for(
        user, Expert.objects.select_related("organization", "region", "user"), action, pk=pk
    )


def expert_of_user(*, user: Any) -> Expert | None:
    """The signed-in user's own entry in the pool (active or not), or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return Expert.objects.select_related("organization", "region").filter(user=user).first()


def expert_conflicts(*, expert: Expert) -> QuerySet[ExpertConflict]:
    return ExpertConflict.objects.filter(expert=expert).select_related("organization").order_by("id")


def field_labels(experts: Any) -> dict[str, str]:
    """Industry code → "code name" for every field of expertise of these experts (codes shown with names)."""
    codes = {code for e in experts for code in (e.fields or [])}
    return {i.code: f"{i.code_with_section} {i.name}" for i in Industry.objects.filter(code__in=codes)}
