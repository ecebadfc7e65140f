"""Writes about users and roles: enterprise self-sign-up, invitations, officer appointments."""

from __future__ import annotations

import datetime as dt
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.accounts.models import Invitation, Membership, MembershipRole, OfficerAssignment, User
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import ensure_can
from kechuang.registry.choices import OrganizationKind
from kechuang.registry.models import Department, Organization, Region
from kechuang.registry.services import organization_create

INVITATION_DAYS = 14


def _clean_username(username: str) -> str:
    name = (username or "").strip()
    if not name:
        raise ApplicationError(_("请填写用户名。"), extra={"field": "username"})
    if len(name) > 150:
        raise ApplicationError(_("用户名不能超过150个字符。"), extra={"field": "username"})
    if User.objects.filter(username__iexact=name).exists():
        raise ApplicationError(_("用户名“%(name)s”已被使用。") % {"name": name}, extra={"field": "username"})
    return name


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"field": "password"}) from None


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str,
    email: str = "",
    display_name: str = "",
    is_platform_admin: bool = False,
    is_expert: bool = False,
) -> User:
    user = User(
        username=_clean_username(username),
        email=(email or "").strip(),
        display_name=(display_name or "").strip(),
        is_platform_admin=is_platform_admin,
        is_expert=is_expert,
        is_staff=is_platform_admin,
    )
    _check_password(password, user)
    user.set_password(password)
    user.save()
    audit_log(
        actor=actor,
        action="user.create",
        target=user,
        after={"username": user.username, "is_platform_admin": is_platform_admin, "is_expert": is_expert},
    )
    return user


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
    from kechuang.registry.services import ensure_uscc_free
    from kechuang.registry.validators import clean_uscc

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
    from django.urls import reverse

    from kechuang.core.services import notification_send

    link = reverse("accounts:invitation_accept", args=[invitation.token])
    for user in User.objects.filter(email__iexact=invitation.email, is_active=True)[:5]:
        notification_send(
            recipient=user,
            title=_("%(org)s邀请您加入，角色：%(role)s")
            % {"org": invitation.organization.name, "role": invitation.get_role_display()},
            link=link,
            kind="invitation",
        )


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise ApplicationError(_("邀请链接无效。"))
    if invitation.accepted_at is not None:
        raise ApplicationError(_("该邀请已被使用。"))
    if invitation.expires_at < timezone.now():
        raise ApplicationError(_("邀请已过期，请联系机构管理员重新邀请。"))
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
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None:
        raise ApplicationError(_("邀请链接无效。"))
    if invitation.accepted_at is not None:
        raise ApplicationError(_("该邀请已被使用。"))
    if invitation.expires_at < timezone.now():
        raise ApplicationError(_("邀请已过期，请联系机构管理员重新邀请。"))
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
    from kechuang.accounts.selectors import user_is_platform_admin

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


# ---------------------------------------------------------------------------------------------------------
# API tokens


@transaction.atomic
def auth_token_obtain(*, username: str, password: str) -> tuple[User, str]:
    """Exchange a username and password for the user's API token (created on first use)."""
    from django.contrib.auth import authenticate
    from rest_framework.authtoken.models import Token

    user = authenticate(username=(username or "").strip(), password=password or "")
    if user is None:
        # One message for unknown user, wrong password and inactive account: do not reveal which.
        raise ApplicationError(_("用户名或密码错误。"), extra={"code": "invalid_credentials"})
    token, created = Token.objects.get_or_create(user=user)
    if created:
        audit_log(actor=user, action="token.create", target=user, after={"username": user.username})
    return user, token.key


@transaction.atomic
def auth_token_revoke(*, user: User) -> bool:
    """Delete the user's API token (signing out every client that uses it). False if there was none."""
    from rest_framework.authtoken.models import Token

    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        audit_log(actor=user, action="token.revoke", target=user, before={"username": user.username})
    return bool(deleted)
