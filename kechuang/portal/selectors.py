"""Reads for the portal's pages: the home dashboard per role and the audit log scoped by the directory."""

from __future__ import annotations

from typing import Any

from django.db.models import CharField, Q, QuerySet
from django.db.models.functions import Cast
from django.utils import timezone

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.models import AuditRecord, Notification
from kechuang.core.permissions import restrict
from kechuang.portal import workbench
from kechuang.registry.choices import MembershipRole, VerificationStatus
from kechuang.registry.guards import user_is_officer_or_admin
from kechuang.registry.models import Designation, Membership, Organization, Park, YearlyStatistics
from kechuang.registry.selectors import (
    invitations_for_user,
    reports_yearly_statistics,
    user_is_expert,
    user_is_officer,
    user_memberships,
    user_officer_roles,
    user_role_labels,
)


def home_context(*, user: Any) -> dict[str, Any]:
    """What the home page shows for this user's roles: counts scoped by permission and the next steps.

    Keys: ``roles``; for admins and officers ``org_count``, ``pending_count``, ``officer_roles``,
    ``park_count``; for organization users ``memberships`` with per-organization ``org_cards``; for users
    without any role ``invitations`` addressed to them; ``work`` (the workbench: waiting items grouped by capability), ``unread`` and
    ``recent_notifications`` for all.
    """
    ctx: dict[str, Any] = {"roles": user_role_labels(user) if user.is_authenticated else []}
    if not user.is_authenticated:
        return ctx
    is_admin = user_is_platform_admin(user)
    is_officer = user_is_officer(user)
    ctx["is_admin"] = is_admin
    ctx["is_officer"] = is_officer
    ctx["is_expert"] = user_is_expert(user)
    if is_admin or is_officer:
        visible = restrict(Organization.objects.all(), user, "view")
        ctx["org_count"] = visible.count()
        ctx["pending_count"] = restrict(
            Organization.objects.filter(verification_status=VerificationStatus.PENDING), user, "verify"
        ).count()
        ctx["officer_roles"] = user_officer_roles(user)
        ctx["park_count"] = restrict(Park.objects.all(), user, "change").count()
    memberships = user_memberships(user)
    ctx["memberships"] = memberships
    if memberships:
        last_year = timezone.localdate().year - 1
        filed = set(
            YearlyStatistics.objects.filter(
                organization_id__in=[m.organization_id for m in memberships], year=last_year
            ).values_list("organization_id", flat=True)
        )
        ctx["last_year"] = last_year
        ctx["org_cards"] = [
            {
                "membership": m,
                "organization": m.organization,
                "is_admin": m.role == MembershipRole.ADMIN,
                "files_statistics": reports_yearly_statistics(m.organization),
                "missing_last_year": m.organization_id not in filed,
            }
            for m in memberships
        ]
        # The applicant's shortcuts (my policies, applications, matching) for a member of any organization that
        # applies — not for a government bureau's staff, whose work is on the workbench.
        ctx["applicant_links"] = any(reports_yearly_statistics(m.organization) for m in memberships)
    if not (is_admin or is_officer or memberships or ctx["is_expert"]):
        ctx["invitations"] = invitations_for_user(user=user)
    ctx["work"] = workbench.pending_for(user)
    ctx["work_total"] = sum(len(items) for _section, items in ctx["work"])
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    ctx["unread"] = unread.count()
    ctx["recent_notifications"] = list(unread.order_by("-id")[:5])
    return ctx


def _as_text_ids(qs: QuerySet[Any]) -> QuerySet[Any]:
    """``qs``'s primary keys as text, for matching ``AuditRecord.target_id`` in a subquery (no id list)."""
    return qs.annotate(_sid=Cast("pk", output_field=CharField())).values("_sid")


def audit_list(
    *,
    user: Any,
    target_type: str = "",
    target_id: str = "",
    action: str = "",
    organization_id: int | None = None,
) -> QuerySet[AuditRecord]:
    """Officers and admins browse the audit log.

    Officers see records about organizations they may see and their own acts. With ``organization_id``
    (an organization the user may see; otherwise nothing) the list is that organization's history: the
    organization itself, its yearly statistics, designations and memberships.
    """
    qs = AuditRecord.objects.select_related("actor")
    if not user_is_officer_or_admin(user):
        return qs.none()
    if organization_id is not None:
        org = restrict(Organization.objects.filter(pk=organization_id), user, "view")
        if not org.exists():
            return qs.none()
        qs = qs.filter(
            Q(target_type="registry.organization", target_id=str(organization_id))
            | Q(
                target_type="registry.yearlystatistics",
                target_id__in=_as_text_ids(YearlyStatistics.objects.filter(organization_id=organization_id)),
            )
            | Q(
                target_type="registry.designation",
                target_id__in=_as_text_ids(Designation.objects.filter(organization_id=organization_id)),
            )
            | Q(
                # memberships moved from accounts to the registry: records written before keep the old label
                target_type__in=("accounts.membership", "registry.membership"),
                target_id__in=_as_text_ids(Membership.objects.filter(organization_id=organization_id)),
            )
        )
    elif not user_is_platform_admin(user):
        visible = _as_text_ids(restrict(Organization.objects.all(), user, "view"))
        qs = qs.filter(Q(target_type="registry.organization", target_id__in=visible) | Q(actor=user))
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if action:
        qs = qs.filter(action__startswith=action)
    return qs.order_by("-id")
