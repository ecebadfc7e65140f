"""Writes to the expert pool (专家库): entries, their status, declared conflicts and past co-operations.

Whether a user is a review expert is derived from their entry here (active or not); every change to it
goes through these services, each audited.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.models import User
from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_changes, audit_log, set_flag, snapshot
from kechuang.core.errors import ApplicationError, collect, raise_problems
from kechuang.core.permissions import can
from kechuang.registry.models import Expert, ExpertConflict, ExpertCooperation, Organization, Region
from kechuang.registry.selectors import user_officer_roles
from kechuang.registry.services import resolve_industry, resolve_region

EDITABLE = ("name", "user", "organization", "region", "title", "fields", "max_load")
OWN_PROFILE = ("title", "fields", "max_load")  # what an expert keeps up to date themself
FIELD_SPLIT = re.compile(r"[\s,，、;；]+")


def ensure_pool_manager(actor: Any, region: Region | None) -> None:
    """Officers manage the pool's experts of their region subtrees (and those with no region); platform
    admins every one; ``actor=None`` is the system (loaders)."""
    if actor is None or user_is_platform_admin(actor):
        return
    roles = user_officer_roles(actor)
    if not roles:
        raise ApplicationError(_("只有主管部门的工作人员可以管理专家库。"))
    if region is not None and not any(region.path.startswith(r.region.path) for r in roles):
        raise ApplicationError(_("您只能管理本辖区的专家。"), extra={"field": "region"})


def expert_resolve(data: Mapping[str, Any], *, partial: bool = False) -> dict[str, Any]:
    """Text as an officer types it (a page, the API, an Excel row) → the values of an expert entry.

    ``user``: an account's user name or e-mail; ``organization``: the employer's 统一社会信用代码 or exact
    name; ``region``: a code or name; ``fields``: industry codes separated by 、 or commas. Every problem is
    reported at once (``extra["fields"]``: field → message)."""
    out: dict[str, Any] = {}
    problems: dict[str, str] = {}
    if "name" in data or not partial:
        name = " ".join(str(data.get("name") or "").split())
        if not name:
            problems["name"] = _("请填写专家姓名。")
        out["name"] = name
    if "user" in data:
        text = str(data.get("user") or "").strip()
        user = None
        if text:
            user = (
                User.objects.filter(username=text).first() or User.objects.filter(email__iexact=text).first()
            )
            if user is None:
                problems["user"] = _("找不到用户名或电子邮箱为“%(user)s”的账号。") % {"user": text}
        out["user"] = user
    if "organization" in data:
        text = str(data.get("organization") or "").strip()
        org = None
        if text:
            org = Organization.objects.filter(uscc=text.upper()).first() or (
                Organization.objects.filter(name=text).first()
            )
            if org is None:
                problems["organization"] = _("主体库中没有“%(org)s”（请填写统一社会信用代码或全称）。") % {
                    "org": text
                }
        out["organization"] = org
    if "region" in data:
        region = None
        if str(data.get("region") or "").strip():
            region = collect(problems, "region", lambda: resolve_region(data.get("region")))
        out["region"] = region
    if "title" in data:
        out["title"] = str(data.get("title") or "").strip()[:60]
    if "fields" in data:
        raw = data.get("fields") or []
        codes = [c for c in FIELD_SPLIT.split(raw) if c] if isinstance(raw, str) else [str(c) for c in raw]
        fields: list[str] = []
        bad: list[str] = []
        for code in codes:
            try:
                industry = resolve_industry(code)
            except ApplicationError:
                bad.append(code)
                continue
            if industry is not None and industry.code not in fields:
                fields.append(industry.code)
        if bad:
            problems["fields"] = _("这些行业代码不存在：%(codes)s。") % {"codes": "、".join(bad)}
        out["fields"] = fields
    if "max_load" in data:
        value = data.get("max_load")
        load = None
        if value not in (None, ""):
            try:
                load = int(str(value).strip())
            except ValueError:
                load = 0
            if load < 1:
                problems["max_load"] = _("每批最多评审数须为正整数。")
        out["max_load"] = load
    raise_problems(problems)
    return out


@transaction.atomic
def expert_create(
    *,
    name: str,
    actor: Any,
    user: Any = None,
    organization: Organization | None = None,
    region: Any = None,
    title: str = "",
    fields: Sequence[str] = (),
    max_load: int | None = None,
) -> Expert:
    """Add someone to the pool; with ``user`` that account becomes a review expert."""
    ensure_pool_manager(actor, region)
    if user is not None and Expert.objects.filter(user=user).exists():
        raise ApplicationError(_("该账号已在专家库中。"), extra={"field": "user"})
    expert = Expert(
        name=name.strip(),
        user=user,
        organization=organization,
        region=region,
        title=title,
        fields=list(fields),
        max_load=max_load,
    )
    expert.full_clean()
    expert.save()
    audit_log(actor=actor, action="expert.create", target=expert, after=snapshot(expert))
    return expert


def _is_self(actor: Any, expert: Expert) -> bool:
    return actor is not None and expert.user_id is not None and expert.user_id == getattr(actor, "pk", None)


def _ensure_manager_of(actor: Any, expert: Expert) -> None:
    if actor is None or user_is_platform_admin(actor):
        return
    if not can(actor, expert, "manage"):
        raise ApplicationError(_("您只能管理本辖区的专家。"))


def _ensure_may_change(actor: Any, expert: Expert, data: Mapping[str, Any]) -> None:
    """The pool's managers change everything; an expert changes the fields of their own profile only."""
    if _is_self(actor, expert) and not can(actor, expert, "manage"):
        others = set(data) - set(OWN_PROFILE)
        if others:
            raise ApplicationError(_("专家本人只能修改职称、专业领域和每批最多评审数。"))
        return
    _ensure_manager_of(actor, expert)


@transaction.atomic
def expert_update(*, expert: Expert, actor: Any, data: Mapping[str, Any]) -> Expert:
    """Change an entry's details, including the account it belongs to (not its status:
    :func:`expert_set_active`)."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        raise ApplicationError(
            _("不能修改这些专家信息：%(fields)s。") % {"fields": "、".join(sorted(unknown))}
        )
    locked = Expert.objects.select_for_update().get(pk=expert.pk)
    _ensure_may_change(actor, locked, data)
    if "region" in data and not _is_self(actor, locked):
        ensure_pool_manager(actor, data["region"])
    before = snapshot(locked)
    for key, value in data.items():
        setattr(locked, key, list(value) if key == "fields" else value)
    locked.full_clean()
    locked.save()
    audit_changes(actor=actor, action="expert.update", target=locked, before=before)
    return locked


@transaction.atomic
def expert_set_active(*, expert: Expert, actor: Any, active: bool) -> Expert:
    """Take an expert into the pool or out of it: an inactive expert gets no new review assignments and
    their account is no longer a review expert."""
    locked = Expert.objects.select_for_update().get(pk=expert.pk)
    _ensure_manager_of(actor, locked)
    set_flag(locked, value=active, actor=actor, action="expert.activate" if active else "expert.deactivate")
    return locked


@transaction.atomic
def expert_declare_conflict(
    *, expert: Expert, organization: Organization, reason: str, actor: Any
) -> ExpertConflict:
    """Record the expert's conflict of interest with an organization (回避声明); declaring it again keeps
    the first reason. The expert declares it, or an officer managing them records it."""
    if not _is_self(actor, expert):
        _ensure_manager_of(actor, expert)
    conflict, _created = ExpertConflict.objects.get_or_create(
        expert=expert, organization=organization, defaults={"reason": reason.strip()[:200]}
    )
    audit_log(
        actor=actor, action="expert.declare_conflict", target=expert, after={"organization": organization.pk}
    )
    return conflict


@transaction.atomic
def expert_cooperation_add(
    *, expert: Expert, organization: Organization, occurred_on: dt.date, description: str = "", actor: Any
) -> ExpertCooperation:
    """Record a past co-operation of the expert with an organization (reviews avoid it for some years)."""
    cooperation = ExpertCooperation(
        expert=expert, organization=organization, occurred_on=occurred_on, description=description.strip()
    )
    cooperation.full_clean()
    cooperation.save()
    audit_log(
        actor=actor,
        action="expert.add_cooperation",
        target=expert,
        after={"organization": organization.pk, "occurred_on": occurred_on.isoformat()},
    )
    return cooperation
