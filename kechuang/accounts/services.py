"""Writes about users themselves: creating an account, API tokens.

Joining an organization, invitations, officer appointments and the expert pool are the directory's
(``kechuang.registry.services_members`` and ``services_experts``); they call :func:`user_create` here.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from kechuang.accounts import otp
from kechuang.accounts.models import User
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import not_allowed


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
    password: str | None,
    email: str = "",
    display_name: str = "",
    is_platform_admin: bool = False,
) -> User:
    """A new account. ``password=None``: one that cannot sign in with a password (e.g. an expert who only
    gets notifications until an admin sets one)."""
    user = User(
        username=_clean_username(username),
        email=(email or "").strip(),
        display_name=(display_name or "").strip(),
        is_platform_admin=is_platform_admin,
        is_staff=is_platform_admin,
    )
    if password is None:
        user.set_unusable_password()
    else:
        _check_password(password, user)
        user.set_password(password)
    user.save()
    audit_log(
        actor=actor,
        action="user.create",
        target=user,
        after={"username": user.username, "is_platform_admin": is_platform_admin},
    )
    return user


# ---------------------------------------------------------------------------------------------------------
# API tokens


def auth_token_obtain(
    *, request: HttpRequest, username: str, password: str, otp_code: str = ""
) -> tuple[User, str]:
    """Exchange a username and password for the user's API token (created on first use).

    ``request`` goes to ``authenticate``: the sign-in throttle (django-axes) counts failures per account
    and per address, and a failure is recorded in the audit chain. The check runs outside the token's
    transaction so that a refused attempt is not rolled back with it.
    """
    user = authenticate(request, username=(username or "").strip(), password=password or "")
    if user is None:
        # One message for unknown user, wrong password and inactive account: do not reveal which. A
        # locked-out client gets the lockout answer instead (axes' middleware, 429).
        raise ApplicationError(_("用户名或密码错误。"), extra={"code": "invalid_credentials"})
    _second_factor(request, user, otp_code)
    if user.must_change_password:
        raise ApplicationError(
            _("您的密码是管理员设置的临时密码，请先在网页上登录并修改密码。"),
            extra={"code": "password_change_required"},
        )
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit_log(actor=user, action="token.create", target=user, after={"username": user.username})
    return user, token.key


def _second_factor(request: HttpRequest, user: User, code: str) -> None:
    """A user with TOTP gives the code in ``otp``; a wrong code counts as a failed sign-in (django-axes:
    the same lockout as a wrong password; the audit chain: ``security.login_failed``)."""
    if not otp.has_two_factor(user):
        if otp.two_factor_required(user):
            raise ApplicationError(
                _("政府工作人员和平台管理员须先在网页上启用两步验证，才能使用 API。"),
                extra={"code": "otp_setup_required"},
            )
        return
    if not code:
        raise ApplicationError(
            _("该账户已启用两步验证，请在 otp 字段提供验证器应用显示的动态验证码（或一个备用码）。"),
            extra={"code": "otp_required", "field": "otp"},
        )
    if otp.verify_code(user, code) is None:
        user_login_failed.send(
            sender=__name__, credentials={"username": user.get_username()}, request=request
        )
        raise ApplicationError(_("动态验证码不正确。"), extra={"code": "otp_invalid", "field": "otp"})


@transaction.atomic
def auth_token_revoke(*, user: User) -> bool:
    """Delete the user's API token (signing out every client that uses it). False if there was none."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        audit_log(actor=user, action="token.revoke", target=user, before={"username": user.username})
    return bool(deleted)


# ---------------------------------------------------------------------------------------------------------
# Passwords: a temporary one set by an administrator, changed by the user at the next sign-in

_TEMPORARY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789"  # no 0/O, 1/l/I


def _temporary_password() -> str:
    while True:
        value = "".join(secrets.choice(_TEMPORARY_ALPHABET) for _ in range(12))
        if any(c.isdigit() for c in value) and any(c.isalpha() for c in value):
            return value


@transaction.atomic
def password_set_temporary(*, actor: Any, user: User, may_reset: bool) -> str:
    """A one-time temporary password for ``user``, returned once for the administrator to hand over (by
    phone, in person). ``may_reset`` is the caller's permission check (a platform admin; an organization's
    admin for its own members). The user must change it at the next sign-in; every session and API token
    of the user ends now. The audit record names who reset whose password, never the password."""
    if not may_reset or actor is None or actor.pk == user.pk:
        raise not_allowed()
    password = _temporary_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    Token.objects.filter(user=user).delete()
    audit_log(
        actor=actor,
        action="user.password_reset",
        target=user,
        after={"must_change_password": True, "tokens_revoked": True},
    )
    return password


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> User:
    """The user's own change (also of a temporary password): old password checked, new one validated."""
    if not user.check_password(old_password or ""):
        raise ApplicationError(_("原密码不正确。"), extra={"field": "old_password"})
    if old_password == new_password:
        raise ApplicationError(_("新密码不能与原密码相同。"), extra={"field": "new_password1"})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"field": "new_password1"}) from None
    was_temporary = user.must_change_password
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit_log(actor=user, action="user.password_change", target=user, after={"was_temporary": was_temporary})
    return user
