"""Writes about users themselves: creating an account, API tokens.

Joining an organization, invitations, officer appointments and the expert pool are the directory's
(``kechuang.registry.services_members`` and ``services_experts``); they call :func:`user_create` here.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from kechuang.accounts.models import User
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError


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


def auth_token_obtain(*, request: HttpRequest, username: str, password: str) -> tuple[User, str]:
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
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        if created:
            audit_log(actor=user, action="token.create", target=user, after={"username": user.username})
    return user, token.key


@transaction.atomic
def auth_token_revoke(*, user: User) -> bool:
    """Delete the user's API token (signing out every client that uses it). False if there was none."""
    deleted, _rows = Token.objects.filter(user=user).delete()
    if deleted:
        audit_log(actor=user, action="token.revoke", target=user, before={"username": user.username})
    return bool(deleted)
