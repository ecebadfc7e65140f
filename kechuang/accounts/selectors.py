"""Reads about who a user is and what roles they hold."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from kechuang.accounts.models import Membership, MembershipRole, OfficerAssignment


def _authenticated(user: Any) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def user_is_platform_admin(user: Any) -> bool:
    return _authenticated(user) and bool(user.is_platform_admin or user.is_superuser)


def user_is_expert(user: Any) -> bool:
    return _authenticated(user) and bool(user.is_expert)


def user_officer_roles(user: Any) -> list[OfficerAssignment]:
    """The departments the user serves, each with its region subtree (cached on the user object)."""
    if not _authenticated(user):
        return []
    cached = getattr(user, "_officer_roles", None)
    if cached is None:
        cached = list(
            OfficerAssignment.objects.filter(user=user).select_related(
                "department", "region", "department__region"
            )
        )
        user._officer_roles = cached
    return cached


def user_is_officer(user: Any) -> bool:
    return bool(user_officer_roles(user))


def user_memberships(user: Any) -> list[Membership]:
    if not _authenticated(user):
        return []
    cached = getattr(user, "_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("organization"))
        user._memberships = cached
    return cached


def user_organization_ids(user: Any, *, admin_only: bool = False) -> list[int]:
    return [
        m.organization_id for m in user_memberships(user) if not admin_only or m.role == MembershipRole.ADMIN
    ]


def user_organizations(user: Any, *, admin_only: bool = False) -> list[Any]:
    return [
        m.organization for m in user_memberships(user) if not admin_only or m.role == MembershipRole.ADMIN
    ]


def officer_region_q(
    user: Any, field: str = "region_path", *, department_kinds: list[str] | None = None
) -> Q:
    """A filter matching rows whose ``field`` (a region path) lies in one of the user's region subtrees.

    With ``department_kinds``, only assignments in departments of those kinds count. No role → matches nothing.
    """
    q = Q(pk__in=[])
    for role in user_officer_roles(user):
        if department_kinds is not None and role.department.kind not in department_kinds:
            continue
        q |= Q(**{f"{field}__startswith": role.region.path})
    return q


def officer_department_ids(user: Any) -> list[int]:
    return [role.department_id for role in user_officer_roles(user)]


def user_role_labels(user: Any) -> list[str]:
    """Human-readable roles for the header and the home page."""
    from django.utils.translation import gettext as _

    labels: list[str] = []
    if user_is_platform_admin(user):
        labels.append(_("平台管理员"))
    labels += [str(role.department) for role in user_officer_roles(user)]
    labels += [
        _("%(org)s（%(role)s）") % {"org": m.organization.name, "role": m.get_role_display()}
        for m in user_memberships(user)
    ]
    if user_is_expert(user):
        labels.append(_("评审专家"))
    return labels


def membership_list(*, organization: Any) -> QuerySet[Membership]:
    return Membership.objects.filter(organization=organization).select_related("user").order_by("role", "id")


def invitation_list(*, user: Any, organization: Any) -> QuerySet[Any]:
    """Invitations of an organization that the user manages (others: none), newest first."""
    from kechuang.accounts.models import Invitation
    from kechuang.core.permissions import restrict

    return (
        restrict(Invitation.objects.filter(organization=organization), user, "view")
        .select_related("invited_by", "accepted_by")
        .order_by("-id")
    )


def invitation_by_token(*, token: str) -> Any:
    """The invitation carrying this token (the token is the secret), or None."""
    from kechuang.accounts.models import Invitation

    if not token or len(token) > 64:
        return None
    return Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()


def invitations_for_user(*, user: Any) -> list[Any]:
    """Open invitations addressed to the user's email (shown on the home page of users without a role)."""
    from django.utils import timezone

    from kechuang.accounts.models import Invitation

    if not _authenticated(user) or not user.email:
        return []
    return list(
        Invitation.objects.filter(
            email__iexact=user.email, accepted_at__isnull=True, expires_at__gt=timezone.now()
        ).select_related("organization")[:10]
    )
