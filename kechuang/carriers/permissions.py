"""Who may see and change carriers and alliances.

Recognised carriers and alliances (and their yearly evaluations) are public information (they were publicised before recognition):
everyone may view them.  Changes belong to platform admins and to officers whose region subtree holds
the carrier (for carriers with a responsible department, only officers of that department).

A workstation's residents (personal records) are not public — only their counts are: the admins of the
workstation's lead host organization and the officers who may change the carrier see them and record
entries and exits (``view`` and ``manage``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.carriers.choices import HostRole
from kechuang.carriers.models import (
    Alliance,
    AllianceEvaluation,
    AllianceMember,
    AllianceProject,
    Carrier,
    CarrierEvent,
    CarrierHost,
    Resident,
)
from kechuang.core.permissions import register_rule
from kechuang.registry.guards import public_read_rule
from kechuang.registry.selectors import user_officer_roles, user_organization_ids


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


@register_rule(AllianceProject)
def alliance_project_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """Public to read; its alliance's officers (of the region subtree) move it along."""
    if action == "view" or user_is_platform_admin(user):
        return qs
    if action == "change":
        return qs.filter(officer_scope_q(user, department_field=None, region_field="alliance__region_path"))
    return qs.none()


for _model in (CarrierHost, CarrierEvent, AllianceMember, AllianceEvaluation):
    register_rule(_model)(public_read_rule)


def residents_q(user: Any, prefix: str = "") -> Q:
    """Rows of workstations whose lead host the user administers, or that the user may change as an
    officer (``carrier_rule``'s ``change``)."""
    lead_admin = Q(
        **{
            f"{prefix}host_links__role": HostRole.LEAD,
            f"{prefix}host_links__organization_id__in": user_organization_ids(user, admin_only=True),
        }
    )
    return lead_admin | officer_scope_q(
        user,
        department_field=f"{prefix}responsible_department",
        region_field=f"{prefix}region_path",
    )


@register_rule(Resident)
def resident_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """Residents are seen and moved by the lead host's admins and the carrier's officers only."""
    if user_is_platform_admin(user):
        return qs
    if action in {"view", "manage"}:
        return qs.filter(carrier__in=Carrier.objects.filter(residents_q(user)))
    return qs.none()
