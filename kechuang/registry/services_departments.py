"""Government departments and their officers' appointments, kept in the browser rather than the admin.

* Departments: platform admins set them up, rename them and retire them (撤并): a retired department stays
  on record (plans, carriers and schemes refer to it) and takes no new appointments; it is retired only
  once no officer serves in it.
* Appointments (任职): platform admins appoint anywhere and name the department admins (部门管理员); a
  department admin appoints and ends the terms of their own department's officers. An officer's region
  lies within the department's; an ended term (免职) stays on record and no longer gives the officer any
  right (``selectors.user_officer_roles`` reads serving officers only); appointing them again reopens it.

Every change audited in its transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.models import User
from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_changes, audit_log, set_flag, snapshot
from kechuang.core.errors import ApplicationError, collect, raise_problems
from kechuang.registry.choices import DepartmentKind
from kechuang.registry.models import Department, OfficerAssignment, Region
from kechuang.registry.selectors import user_officer_roles
from kechuang.registry.services import full_clean, resolve_region


def ensure_platform_admin(actor: Any) -> None:
    if not user_is_platform_admin(actor):
        raise ApplicationError(_("只有平台管理员可以设立、修改或撤并政府部门。"))


def is_department_admin(user: Any, department: Department) -> bool:
    return any(r.department_id == department.pk and r.is_department_admin for r in user_officer_roles(user))


def ensure_appointer(actor: Any, department: Department) -> None:
    """Platform admins, and the department's own admins, appoint and end its officers."""
    if not (user_is_platform_admin(actor) or is_department_admin(actor, department)):
        raise ApplicationError(_("只有平台管理员或本部门的部门管理员可以任免工作人员。"))


def department_resolve(data: Mapping[str, Any]) -> dict[str, Any]:
    """Name, kind and region as typed; every problem at once (``extra["fields"]``)."""
    problems: dict[str, str] = {}
    out: dict[str, Any] = {"name": " ".join(str(data.get("name") or "").split())}
    if not out["name"]:
        problems["name"] = _("请填写部门名称。")
    kind = str(data.get("kind") or "")
    if kind not in DepartmentKind.values:
        problems["kind"] = _("请选择部门类型。")
    out["kind"] = kind
    out["region"] = collect(problems, "region", lambda: resolve_region(data.get("region")))
    raise_problems(problems)
    return out


def _ensure_unique(*, kind: str, region: Region, exclude_pk: int | None = None) -> None:
    others = Department.objects.filter(kind=kind, region=region)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise ApplicationError(
            _("%(region)s已有%(kind)s。") % {"region": region.name, "kind": DepartmentKind(kind).label},
            extra={"field": "kind"},
        )


@transaction.atomic
def department_add(*, actor: Any, name: str, kind: str, region: Region) -> Department:
    ensure_platform_admin(actor)
    _ensure_unique(kind=kind, region=region)
    department = Department(name=name, kind=kind, region=region)
    full_clean(department)
    department.save()
    audit_log(actor=actor, action="department.create", target=department, after=snapshot(department))
    return department


@transaction.atomic
def department_update(
    *, actor: Any, department: Department, name: str, kind: str, region: Region
) -> Department:
    """Rename a department or correct its kind; its region moves only while no officer serves in it."""
    ensure_platform_admin(actor)
    locked = Department.objects.select_for_update().get(pk=department.pk)
    _ensure_unique(kind=kind, region=region, exclude_pk=locked.pk)
    serving = OfficerAssignment.objects.filter(department=locked, ended_on__isnull=True)
    if region.pk != locked.region_id and serving.exclude(region__path__startswith=region.path).exists():
        raise ApplicationError(
            _("仍有工作人员的管辖地区不在新地区范围内，请先调整或免去其任职。"), extra={"field": "region"}
        )
    before = snapshot(locked)
    locked.name, locked.kind, locked.region = name, kind, region
    full_clean(locked)
    locked.save()
    audit_changes(actor=actor, action="department.update", target=locked, before=before)
    return locked


@transaction.atomic
def department_set_active(*, actor: Any, department: Department, active: bool) -> Department:
    ensure_platform_admin(actor)
    locked = Department.objects.select_for_update().get(pk=department.pk)
    if locked.is_active == active:
        return locked
    if not active and OfficerAssignment.objects.filter(department=locked, ended_on__isnull=True).exists():
        raise ApplicationError(_("该部门仍有在职工作人员，请先免去其任职再撤并。"))
    set_flag(
        locked, value=active, actor=actor, action="department.restore" if active else "department.retire"
    )
    return locked


def appointment_resolve(data: Mapping[str, Any], *, department: Department) -> dict[str, Any]:
    """The user (user name or e-mail) and the region (default: the department's); problems at once."""
    problems: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "user" in data:
        text = str(data.get("user") or "").strip()
        user = User.objects.filter(username=text).first() or (
            User.objects.filter(email__iexact=text).first() if text else None
        )
        if user is None:
            problems["user"] = (
                _("找不到用户名或电子邮箱为“%(user)s”的账号。") % {"user": text}
                if text
                else _("请填写账号。")
            )
        out["user"] = user
    out["region"] = department.region
    if str(data.get("region") or "").strip():
        out["region"] = collect(problems, "region", lambda: resolve_region(data.get("region")))
    out["is_department_admin"] = bool(data.get("is_department_admin"))
    raise_problems(problems)
    return out


def _check_region(department: Department, region: Region) -> None:
    if not region.path.startswith(department.region.path):
        raise ApplicationError(
            _("管辖地区必须在部门所在地区（%(region)s）范围内。") % {"region": department.region.name},
            extra={"field": "region"},
        )


def _check_admin_flag(actor: Any, value: bool, current: bool = False) -> None:
    if value != current and not user_is_platform_admin(actor):
        raise ApplicationError(_("部门管理员只能由平台管理员指定。"), extra={"field": "is_department_admin"})


@transaction.atomic
def officer_appoint_to(
    *, actor: Any, department: Department, user: User, region: Region, is_department_admin: bool = False
) -> OfficerAssignment:
    """Appoint ``user`` to ``department`` over ``region`` (a term that ended is reopened)."""
    ensure_appointer(actor, department)
    if not department.is_active:
        raise ApplicationError(_("该部门已撤并，不能任命工作人员。"))
    _check_region(department, region)
    _check_admin_flag(actor, is_department_admin)
    existing = OfficerAssignment.objects.select_for_update().filter(user=user, department=department).first()
    if existing is not None and existing.ended_on is None:
        raise ApplicationError(_("该用户已在此部门任职。"), extra={"field": "user"})
    assignment = existing or OfficerAssignment(user=user, department=department)
    assignment.region, assignment.is_department_admin, assignment.ended_on = region, is_department_admin, None
    full_clean(assignment)
    assignment.save()
    audit_log(
        actor=actor,
        action="officer.appoint",
        target=assignment,
        after={
            "department_id": department.pk,
            "region": region.code,
            "is_department_admin": is_department_admin,
        },
    )
    return assignment


@transaction.atomic
def officer_change(
    *, actor: Any, assignment: OfficerAssignment, region: Region, is_department_admin: bool
) -> OfficerAssignment:
    locked = (
        OfficerAssignment.objects.select_for_update()
        .select_related("department__region")
        .get(pk=assignment.pk)
    )
    ensure_appointer(actor, locked.department)
    if locked.ended_on is not None:
        raise ApplicationError(_("该任职已结束。"))
    _check_region(locked.department, region)
    _check_admin_flag(actor, is_department_admin, locked.is_department_admin)
    before = {"region": locked.region_id, "is_department_admin": locked.is_department_admin}
    locked.region, locked.is_department_admin = region, is_department_admin
    locked.save(update_fields=["region", "is_department_admin", "updated_at"])
    audit_log(
        actor=actor,
        action="officer.change",
        target=locked,
        before=before,
        after={"region": region.code, "is_department_admin": is_department_admin},
    )
    return locked


@transaction.atomic
def officer_end(
    *, actor: Any, assignment: OfficerAssignment, ended_on: dt.date | None = None
) -> OfficerAssignment:
    """End a term (免职): kept on record; the user no longer acts for the department."""
    locked = OfficerAssignment.objects.select_for_update().select_related("department").get(pk=assignment.pk)
    ensure_appointer(actor, locked.department)
    if locked.ended_on is not None:
        raise ApplicationError(_("该任职已结束。"))
    if locked.user_id == getattr(actor, "pk", None) and not user_is_platform_admin(actor):
        raise ApplicationError(_("不能免去自己的任职，请联系平台管理员。"))
    locked.ended_on = ended_on or timezone.localdate()
    locked.save(update_fields=["ended_on", "updated_at"])
    audit_log(
        actor=actor, action="officer.end", target=locked, after={"ended_on": locked.ended_on.isoformat()}
    )
    return locked
