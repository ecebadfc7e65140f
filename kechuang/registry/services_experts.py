"""Writes to the expert pool (专家库): entries, their status, declared conflicts and past co-operations.

Whether a user is a review expert is derived from their entry here (active or not); every change to it
goes through these services, each audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.registry.models import Expert, ExpertConflict, ExpertCooperation, Organization

EDITABLE = ("name", "user", "organization", "region", "title", "fields", "max_load")


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
    before = snapshot(locked)
    for key, value in data.items():
        setattr(locked, key, list(value) if key == "fields" else value)
    locked.full_clean()
    locked.save()
    after = snapshot(locked)
    changed = {k: v for k, v in after.items() if before.get(k) != v and k != "updated_at"}
    audit_log(
        actor=actor,
        action="expert.update",
        target=locked,
        before={k: before.get(k) for k in changed},
        after=changed,
    )
    return locked


@transaction.atomic
def expert_set_active(*, expert: Expert, actor: Any, active: bool) -> Expert:
    """Take an expert into the pool or out of it: an inactive expert gets no new review assignments and
    their account is no longer a review expert."""
    locked = Expert.objects.select_for_update().get(pk=expert.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.save(update_fields=["is_active", "updated_at"])
    audit_log(
        actor=actor,
        action="expert.activate" if active else "expert.deactivate",
        target=locked,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return locked


@transaction.atomic
def expert_declare_conflict(
    *, expert: Expert, organization: Organization, reason: str, actor: Any
) -> ExpertConflict:
    """Record the expert's conflict of interest with an organization (回避声明); declaring it again keeps
    the first reason."""
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
