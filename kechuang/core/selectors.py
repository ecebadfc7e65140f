"""Reads for shared pages (home dashboard, audit log, notifications)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from kechuang.core.models import AuditRecord, Notification


def home_context(*, user: Any) -> dict[str, Any]:
    """What the home page shows for this user's roles (counts are scoped by permission)."""
    from kechuang.accounts.selectors import (
        user_is_officer,
        user_is_platform_admin,
        user_memberships,
        user_officer_roles,
        user_role_labels,
    )
    from kechuang.core.permissions import restrict
    from kechuang.registry.choices import VerificationStatus
    from kechuang.registry.models import Organization

    ctx: dict[str, Any] = {"roles": user_role_labels(user) if user.is_authenticated else []}
    if not user.is_authenticated:
        return ctx
    if user_is_platform_admin(user) or user_is_officer(user):
        visible = restrict(Organization.objects.all(), user, "view")
        ctx["org_count"] = visible.count()
        ctx["pending_count"] = restrict(
            Organization.objects.filter(verification_status=VerificationStatus.PENDING), user, "verify"
        ).count()
        ctx["officer_roles"] = user_officer_roles(user)
    ctx["memberships"] = user_memberships(user)
    ctx["unread"] = Notification.objects.filter(recipient=user, read_at__isnull=True).count()
    return ctx


def audit_list(
    *, user: Any, target_type: str = "", target_id: str = "", action: str = ""
) -> QuerySet[AuditRecord]:
    """Officers and admins browse the audit log (officers: records about objects they may see)."""
    from kechuang.accounts.selectors import user_is_officer, user_is_platform_admin

    qs = AuditRecord.objects.select_related("actor")
    if not (user_is_platform_admin(user) or user_is_officer(user)):
        return qs.none()
    if not user_is_platform_admin(user):
        from kechuang.core.permissions import restrict
        from kechuang.registry.models import Organization

        org_ids = [
            str(pk)
            for pk in restrict(Organization.objects.all(), user, "view").values_list("pk", flat=True)[:5000]
        ]
        qs = qs.filter(target_type="registry.organization", target_id__in=org_ids) | qs.filter(actor=user)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs.order_by("-id")


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user).order_by("-id")
