"""Two-factor sign-in (双因素鉴别): TOTP authenticator apps and one-time backup codes, with django-otp.

* A user enables TOTP on 账户安全: :func:`totp_start` makes an unconfirmed device (secret shown as a QR
  code and as text), :func:`totp_confirm` confirms it with a first code and issues ten backup codes
  (each works once; shown once).
* Signing in: a user with a confirmed device gives a code after the password (the sign-in page's second
  step; the API token endpoint's ``otp`` field). :func:`verify_code` checks it against the TOTP device,
  then the backup codes; django-otp throttles a device after failures.
* A platform admin resets a user's second factor (lost phone): :func:`otp_reset`, audited.
* Who must: with ``KECHUANG_REQUIRE_2FA_FOR_STAFF``, the users :func:`is_staff_user` names — officers and
  platform admins. Officers are the directory's; it registers the rule with :func:`register_staff_rule`
  at start-up, so this app does not import it.
"""

from __future__ import annotations

import base64
import unicodedata
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_otp import devices_for_user
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kechuang.accounts.models import User
from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import not_allowed

BACKUP_CODES = 10
TOTP_NAME = "totp"
BACKUP_NAME = "backup"

_staff_rules: list[Callable[[Any], bool]] = []


def register_staff_rule(rule: Callable[[Any], bool]) -> None:
    """Another app's "this user is staff" rule (the directory registers its officer rule)."""
    if rule not in _staff_rules:
        _staff_rules.append(rule)


def is_staff_user(user: Any) -> bool:
    """Platform admins and whoever a registered rule names (officers)."""
    return user_is_platform_admin(user) or any(rule(user) for rule in _staff_rules)


def two_factor_required(user: Any) -> bool:
    return bool(getattr(settings, "KECHUANG_REQUIRE_2FA_FOR_STAFF", False)) and is_staff_user(user)


def has_two_factor(user: Any) -> bool:
    """A confirmed TOTP device (backup codes alone do not count)."""
    if user is None or not getattr(user, "pk", None):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def users_with_two_factor(user_ids: list[int]) -> set[int]:
    return set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list("user_id", flat=True)
    )


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app that cannot scan."""
    text = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def backup_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def clean_code(value: Any) -> str:
    """What a person types: ``123 456`` or full-width digits → ``123456``; backup codes lower-cased."""
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split()).lower()[:16]


def verify_code(user: User, code: Any) -> Device | None:
    """The device (TOTP, else a backup code, which is then used up) that accepts ``code``, or None."""
    token = clean_code(code)
    if not token:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            if device.verify_token(token):
                return device
    return None


@transaction.atomic
def totp_start(*, user: User) -> TOTPDevice:
    """A new unconfirmed TOTP device for ``user`` (a previous unconfirmed one is replaced)."""
    if has_two_factor(user):
        raise ApplicationError(_("已启用两步验证。如需更换手机，请联系平台管理员重置。"))
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


@transaction.atomic
def totp_confirm(*, user: User, code: Any) -> list[str]:
    """Confirm the pending device with a first code; return the new backup codes (shown once)."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        raise ApplicationError(_("请先生成二维码，再输入验证码。"))
    if not device.verify_token(clean_code(code)):
        raise ApplicationError(
            _("验证码不正确，请核对手机时间后输入验证器应用当前显示的6位数字。"), extra={"field": "code"}
        )
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_backup_codes(user)
    audit_log(actor=user, action="otp.enable", target=user, after={"devices": ["totp", "backup"]})
    return codes


def _new_backup_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


@transaction.atomic
def backup_codes_renew(*, user: User) -> list[str]:
    """Ten new backup codes (the old ones stop working)."""
    if not has_two_factor(user):
        raise ApplicationError(_("请先启用两步验证。"))
    codes = _new_backup_codes(user)
    audit_log(actor=user, action="otp.backup_codes_renew", target=user)
    return codes


@transaction.atomic
def otp_reset(*, actor: Any, user: User) -> int:
    """A platform admin removes every second-factor device of ``user`` (who then signs in with the password
    alone and, where required, enables TOTP again). Returns the number of devices removed."""
    if not user_is_platform_admin(actor):
        raise not_allowed()
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        count, _detail = model.objects.filter(user=user).delete()
        removed += count
    audit_log(actor=actor, action="otp.reset", target=user, before={"devices": removed}, after={"devices": 0})
    return removed
