"""Parks (科技入园) and departments: registering a park, recording which organizations are located in it,
and the departments officers are appointed to. Every write audited, in one transaction."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.registry.models import Department, Organization, Park, ParkMembership, Region
from kechuang.registry.selectors import user_officer_roles
from kechuang.registry.services import clean_date, full_clean, resolve_region


def _ensure_can_manage_region(actor: Any, region: Region) -> None:
    """Platform admins anywhere; officers inside their region subtrees. ``actor=None`` is the system."""
    if actor is None:
        return
    if user_is_platform_admin(actor):
        return
    if not any(region.path.startswith(role.region.path) for role in user_officer_roles(actor)):
        raise ApplicationError(_("您只能管理本辖区内的园区。"), extra={"field": "region"})


@transaction.atomic
def park_create(*, actor: Any, data: dict[str, Any]) -> Park:
    """A platform admin or an officer of the park's region registers a park (``actor=None``: system loaders)."""
    park = Park(
        name=" ".join(str(data.get("name") or "").split()),
        level=data.get("level") or "",
        kind=data.get("kind") or "",
        region=resolve_region(data.get("region")),
        established_on=clean_date(data.get("established_on"), field="established_on", label=_("设立日期")),
        description=str(data.get("description") or ""),
    )
    _ensure_can_manage_region(actor, park.region)
    if Park.objects.filter(name=park.name).exists():
        raise ApplicationError(_("园区“%(name)s”已存在。") % {"name": park.name}, extra={"field": "name"})
    full_clean(park)
    park.save()
    audit_log(actor=actor, action="park.create", target=park, after=snapshot(park))
    return park


@transaction.atomic
def park_add_member(
    *, park: Park, organization: Organization, actor: Any, entered_on: Any = None
) -> ParkMembership:
    """Record an organization as located in the park. The actor must manage the park and see the organization."""
    ensure_can(actor, park, "change")
    ensure_can(actor, organization, "view")
    entered_on = clean_date(entered_on, field="entered_on", label=_("入园日期"))
    if ParkMembership.objects.filter(park=park, organization=organization).exists():
        raise ApplicationError(_("该主体已在此园区。"))
    membership = ParkMembership.objects.create(park=park, organization=organization, entered_on=entered_on)
    audit_log(
        actor=actor,
        action="park.add_member",
        target=park,
        after={"organization_id": organization.pk, "entered_on": entered_on},
    )
    return membership


@transaction.atomic
def park_remove_member(*, park: Park, organization: Organization, actor: Any) -> None:
    ensure_can(actor, park, "change")
    deleted, _rows = ParkMembership.objects.filter(park=park, organization=organization).delete()
    if not deleted:
        raise ApplicationError(_("该主体不在此园区。"))
    audit_log(
        actor=actor, action="park.remove_member", target=park, before={"organization_id": organization.pk}
    )


@transaction.atomic
def department_create(*, actor: Any, name: str, kind: str, region: Region) -> Department:
    department = Department(name=name.strip(), kind=kind, region=region)
    full_clean(department)
    department.save()
    audit_log(actor=actor, action="department.create", target=department, after=snapshot(department))
    return department
