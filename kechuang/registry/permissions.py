"""Who may see and change registry rows.

Organizations: platform admins all; officers those in their region subtrees; members their own.
Departments, regions, industries and parks are reference data everyone may read; only admins and
officers of the region change parks. Memberships: the organization's own members see them, its admins and
platform admins change them, officers of its region see them; invitations only its admins. The expert
pool: officers and admins see it, an expert sees and changes their own entry.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.permissions import can, register_rule
from kechuang.registry.guards import public_read_rule
from kechuang.registry.models import (
    Department,
    Designation,
    Expert,
    ExpertConflict,
    ExpertCooperation,
    Industry,
    IntegrityRecord,
    Invitation,
    Membership,
    OfficerAssignment,
    Organization,
    Park,
    Region,
    YearlyStatistics,
)
from kechuang.registry.selectors import (
    officer_region_q,
    user_is_officer,
    user_officer_roles,
    user_organization_ids,
)

READ = "view"


@register_rule(Organization)
def organization_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if action in {"view", "export"}:
        return qs.filter(officer_region_q(user) | Q(pk__in=user_organization_ids(user)))
    if action == "change":
        return qs.filter(officer_region_q(user) | Q(pk__in=user_organization_ids(user, admin_only=True)))
    if action in {"verify", "import"}:
        return qs.filter(officer_region_q(user))
    if action == "manage_members":
        return qs.filter(pk__in=user_organization_ids(user, admin_only=True))
    return qs.none()


AUTHORITY = "authority"
ORGANIZATION_ADMIN = "organization_admin"


def organization_editor_role(user: Any, organization: Organization) -> str | None:
    """In which capacity ``user`` edits ``organization``: the registry's authority over it (an officer of its
    region or a platform admin, who verify it), its own admin, or not at all (None).

    ``services.EDITABLE_FIELDS`` says which fields each capacity may change.
    """
    if can(user, organization, "verify"):
        return AUTHORITY
    if organization.pk in user_organization_ids(user, admin_only=True):
        return ORGANIZATION_ADMIN
    return None


def can_register_organization(user: Any, region: Region | None = None) -> bool:
    """Platform admins register organizations anywhere; officers within their region subtrees.

    Without ``region``: whether the user may register organizations at all.
    """
    if user_is_platform_admin(user):
        return True
    roles = user_officer_roles(user)
    if region is None:
        return bool(roles)
    return any(region.path.startswith(role.region.path) for role in roles)


def _child_rule(prefix: str):  # type: ignore[no-untyped-def]
    def rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
        if user_is_platform_admin(user):
            return qs
        own = (
            user_organization_ids(user) if action == "view" else user_organization_ids(user, admin_only=True)
        )
        return qs.filter(officer_region_q(user, f"{prefix}region_path") | Q(**{f"{prefix}id__in": own}))

    return rule


register_rule(YearlyStatistics)(_child_rule("organization__"))
register_rule(Designation)(_child_rule("organization__"))


@register_rule(Park)
def park_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if action == "view":
        return qs
    if user_is_platform_admin(user):
        return qs
    if action == "change" and user_is_officer(user):
        return qs.filter(officer_region_q(user, "region__path"))
    return qs.none()


for _model in (Region, Industry, Department):
    register_rule(_model)(public_read_rule)


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


def _authenticated(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


@register_rule(Expert)
def expert_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if not _authenticated(user):
        return qs.none()
    if action == "view":
        return qs if user_is_officer(user) else qs.filter(user=user)
    if action == "change":
        return qs.filter(Q(user=user) | _pool_manager_q(user))
    if action == "manage":
        return qs.filter(_pool_manager_q(user))
    return qs.none()


def _pool_manager_q(user: Any) -> Q:
    """Experts an officer manages: those of their region subtrees, and those with no region."""
    if not user_is_officer(user):
        return Q(pk__in=[])
    return Q(region__isnull=True) | officer_region_q(user, "region__path")


def _expert_child(qs: QuerySet, user: Any, action: str) -> QuerySet:
    if user_is_platform_admin(user):
        return qs
    if not _authenticated(user):
        return qs.none()
    if action == "view" and user_is_officer(user):
        return qs
    return qs.filter(expert__user=user)


register_rule(ExpertConflict)(_expert_child)
register_rule(ExpertCooperation)(_expert_child)


@register_rule(IntegrityRecord)
def integrity_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """The integrity list: the authority over the organization's region sees and keeps it; the organization's
    own members see their own records (so they know why they may not apply); nobody else sees them."""
    if user_is_platform_admin(user):
        return qs
    if action == "view":
        return qs.filter(
            officer_region_q(user, "organization__region_path")
            | Q(organization_id__in=user_organization_ids(user))
        )
    if action == "change":
        return qs.filter(officer_region_q(user, "organization__region_path"))
    return qs.none()


@register_rule(OfficerAssignment)
def officer_assignment_rule(qs: QuerySet, user: Any, action: str) -> QuerySet:
    """Platform admins see and change every appointment; a department's serving officers see its
    appointments; its department admins change them (``services_departments.ensure_appointer``)."""
    if user_is_platform_admin(user):
        return qs
    roles = user_officer_roles(user)
    if action == "view":
        return qs.filter(department_id__in=[r.department_id for r in roles])
    if action == "change":
        return qs.filter(department_id__in=[r.department_id for r in roles if r.is_department_admin])
    return qs.none()
