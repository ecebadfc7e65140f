"""Who may see membership and invitation rows: the organization's admins, officers of its region, admins."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.models import Invitation, Membership
from kechuang.accounts.selectors import officer_region_q, user_is_platform_admin, user_organization_ids
from kechuang.core.permissions import register_rule


@register_rule(Membership)
def membership_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            Q(organization_id__in=user_organization_ids(user))
            | officer_region_q(user, "organization__region_path")
        )
    return qs.filter(organization_id__in=user_organization_ids(user, admin_only=True))


@register_rule(Invitation)
def invitation_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    return qs.filter(organization_id__in=user_organization_ids(user, admin_only=True))
