"""Who may see and change carriers and alliances.

Recognised carriers and alliances (and their yearly evaluations) are public information (they were publicised before recognition):
everyone may view them.  Changes belong to platform admins and to officers whose region subtree holds
the carrier (for carriers with a responsible department, only officers of that department).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.carriers.models import (
    Alliance,
    AllianceEvaluation,
    AllianceMember,
    AllianceProject,
    Carrier,
    CarrierEvent,
    CarrierHost,
)
from kechuang.core.permissions import register_rule
from kechuang.registry.selectors import user_officer_roles


def officer_scope_q(user: Any, *, department_field: str | None, region_field: str) -> Q:
    """Rows inside one of the officer's region subtrees and (if given) of that role's department."""
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        cond = Q(**{f"{region_field}__startswith": role.region.path})
        if department_field:
            cond &= Q(**{department_field: role.department_id}) | Q(**{f"{department_field}__isnull": True})
        q |= cond
    return q


@register_rule(Carrier)
def carrier_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "change":
        return qs.filter(
            officer_scope_q(user, department_field="responsible_department", region_field="region_path")
        )
    return qs.none()


@register_rule(Alliance)
def alliance_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "change":
        return qs.filter(officer_scope_q(user, department_field=None, region_field="region_path"))
    return qs.none()


def _public_child(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view" or user_is_platform_admin(user):
        return qs
    return qs.none()


@register_rule(AllianceProject)
def alliance_project_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """Public to read; its alliance's officers (of the region subtree) move it along."""
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "change":
        return qs.filter(officer_scope_q(user, department_field=None, region_field="alliance__region_path"))
    return qs.none()


for _model in (CarrierHost, CarrierEvent, AllianceMember, AllianceEvaluation):
    register_rule(_model)(_public_child)
