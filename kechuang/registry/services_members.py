"""Writes about people in organizations and departments: enterprise self-sign-up, invitations, members,
officer appointments. The account itself is created by ``kechuang.accounts.services.user_create``."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.models import User
from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.accounts.services import password_set_temporary, user_create
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.core.services import notification_send
from kechuang.registry.choices import MembershipRole, OrganizationKind
from kechuang.registry.models import (
    Department,
    Invitation,
    Membership,
    OfficerAssignment,
    Organization,
    Region,
)
from kechuang.registry.selectors import user_is_expert, user_is_officer, user_organization_ids
from kechuang.registry.services import ensure_uscc_free, organization_create
from kechuang.registry.validators import clean_uscc

INVITATION_DAYS = 14


@transaction.atomic
def enterprise_signup(
    *,
    username: str,
    password: str,
    email: str,
    display_name: str,
    uscc: str,
    organization_data: dict[str, Any],
) -> tuple[User, Organization]:
    """An organization registers itself: a user, the organization (pending verification), admin membership.

    The organization's USCC is validated first so the most common mistake is reported before anything else.
    """
    ensure_uscc_free(clean_uscc(uscc))
    data = {"kind": OrganizationKind.ENTERPRISE, **organization_data}
    if data.get("kind") == OrganizationKind.GOVERNMENT:
        raise ApplicationError(_("政府部门账号由平台管理员开设，不能自助注册。"), extra={"field": "kind"})
    user = user_create(
        actor=None, username=username, password=password, email=email, display_name=display_name
    )
    org = organization_create(actor=user, uscc=uscc, data=data)
    membership = Membership.objects.create(user=user, organization=org, role=MembershipRole.ADMIN)
    audit_log(actor=user, action="membership.create", target=membership, after={"role": membership.role})
    return user, org


@transaction.atomic
def invitation_create(
    *, actor: Any, organization: Organization, email: str, role: str = MembershipRole.MEMBER
) -> Invitation:
    """An organization admin invites someone by email; the link carries a one-time token."""
    ensure_can(actor, organization, "manage_members")
    address = (email or "").strip()
    if not address or "@" not in address:
        raise ApplicationError(_("请填写有效的邮箱地址。"), extra={"field": "email"})
    if role not in MembershipRole.values:
        raise ApplicationError(_("角色无效。"), extra={"field": "role"})
    invitation = Invitation.objects.create(
        organization=organization,
        email=address,
        role=role,
        token=secrets.token_urlsafe(32),
        invited_by=actor,
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    audit_log(
        actor=actor, action="invitation.create", target=invitation, after={"email": address, "role": role}
    )
    _notify_invitee(invitation)
    return invitation


def _notify_invitee(invitation: Invitation) -> None:
    """If the invitee already has an account, the invitation also appears in their notifications."""
    link = reverse("members:invitation_accept", args=[invitation.token])
    for user in User.objects.filter(email__iexact=invitation.email, is_active=True)[:5]:
        notification_send(
            recipient=user,
            title=_("%(org)s邀请您加入，角色：%(role)s")
            % {"org": invitation.organization.name, "role": invitation.get_role_display()},
            link=link,
            kind="invitation",
        )


def _open_invitation(token: str) -> Invitation:
    """The invitation for ``token``, locked; refused when unknown, used or expired."""
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise ApplicationError(_("邀请链接无效。"))
    if invitation.accepted_at is not None:
        raise ApplicationError(_("该邀请已被使用。"))
    if invitation.expires_at < timezone.now():
        raise ApplicationError(_("邀请已过期，请联系机构管理员重新邀请。"))
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    """The invited person joins. The invitation is for one address: a signed-in user whose account email
    is not the invited one is refused (the link may have been forwarded or leaked), whatever the token."""
    invitation = _open_invitation(token)
    if (user.email or "").strip().casefold() != invitation.email.strip().casefold():
        raise ApplicationError(
            _(
                "该邀请是发给%(email)s的，与当前登录账号的邮箱不符，不能接受。"
                "请使用该邮箱的账号登录，或请机构管理员邀请您的邮箱。"
            )
            % {"email": invitation.email}
        )
    if Membership.objects.filter(user=user, organization=invitation.organization).exists():
        raise ApplicationError(_("您已是该机构成员。"))
    membership = Membership.objects.create(
        user=user, organization=invitation.organization, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit_log(actor=user, action="invitation.accept", target=membership, after={"role": membership.role})
    return membership


@transaction.atomic
def invitation_accept_with_signup(
    *, token: str, username: str, password: str, display_name: str = ""
) -> tuple[User, Membership]:
    """Someone invited who has no account yet creates one (with the invited email) and joins, atomically.

    The invitation is checked first, so an expired or used link creates no account.
    """
    invitation = _open_invitation(token)
    user = user_create(
        actor=None, username=username, password=password, email=invitation.email, display_name=display_name
    )
    return user, invitation_accept(token=token, user=user)


@transaction.atomic
def membership_remove(*, actor: Any, membership: Membership) -> None:
    ensure_can(actor, membership.organization, "manage_members")
    admins = Membership.objects.filter(organization=membership.organization, role=MembershipRole.ADMIN)
    if membership.role == MembershipRole.ADMIN and admins.count() == 1:
        raise ApplicationError(_("不能移除机构唯一的管理员。"))
    audit_log(
        actor=actor, action="membership.remove", target=membership, before={"user_id": membership.user_id}
    )
    membership.delete()


@transaction.atomic
def officer_appoint(
    *, actor: Any, user: User, department: Department, region: Region | None = None
) -> OfficerAssignment:
    """A platform admin appoints an officer to a department; the region defaults to the department's.

    The region must lie within the department's region: a county officer cannot be given the province.
    """
    if not user_is_platform_admin(actor):
        raise ApplicationError(_("只有平台管理员可以任命政府工作人员。"))
    region = region or department.region
    if not region.path.startswith(department.region.path):
        raise ApplicationError(_("管辖地区必须在部门所在地区范围内。"), extra={"field": "region"})
    if OfficerAssignment.objects.filter(user=user, department=department).exists():
        raise ApplicationError(_("该用户已在此部门任职。"))
    assignment = OfficerAssignment.objects.create(user=user, department=department, region=region)
    audit_log(
        actor=actor,
        action="officer.appoint",
        target=assignment,
        after={"department_id": department.pk, "region": region.code},
    )
    return assignment


def member_password_reset(*, actor: Any, membership: Membership) -> str:
    """An organization's admin sets a one-time temporary password for one of its members (an intranet
    without mail). Only for a plain account of the organization: not the admin's own, not a platform
    admin, an officer or an expert, and not someone who is also in an organization the actor does not
    administer — their password is a platform admin's business."""
    ensure_can(actor, membership.organization, "manage_members")
    user = membership.user
    administered = set(user_organization_ids(actor, admin_only=True))
    may_reset = (
        user.pk != actor.pk
        and not user_is_platform_admin(user)
        and not user_is_officer(user)
        and not user_is_expert(user)
        and set(user_organization_ids(user)) <= administered
    )
    if not may_reset:
        raise ApplicationError(_("该账户的密码只能由平台管理员重置。"))
    return password_set_temporary(actor=actor, user=user, may_reset=True)
