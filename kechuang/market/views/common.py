"""What the market's pages share: search filters from the query string, the user's own organizations."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import Http404, HttpRequest

from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.models import Organization
from kechuang.registry.selectors import user_organizations

SEARCH_FILTERS = ("industry", "region", "maturity", "trl_min", "transfer_mode")


def search_filters(request: HttpRequest) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key in SEARCH_FILTERS:
        value = request.GET.get(key, "").strip()
        if value:
            out[key] = int(value) if key == "trl_min" and value.isdigit() else value
    return out


def own_org(request: HttpRequest, pk: int) -> Organization:
    """One of the user's organizations (anything else is a 404)."""
    for org in user_organizations(request.user):
        if org.pk == pk:
            return org
    raise Http404


def can_organize(user: Any) -> bool:
    """Officers, platform admins and members of an organization organize matchmaking events."""
    return user_is_officer_or_admin(user) or bool(user_organizations(user))


def wan(value: Any) -> Decimal | None:
    """元 → 万元 with two decimals, for spreadsheets whose header states the unit."""
    return None if value is None else (Decimal(value) / 10000).quantize(Decimal("0.01"))
