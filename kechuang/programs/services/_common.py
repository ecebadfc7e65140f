"""Checks shared by the programs services: permission, the call's window, amounts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, not_allowed
from kechuang.programs.choices import CallStatus
from kechuang.programs.models import Call


def ensure_allowed(user: Any, obj: Any, action: str) -> None:
    if not can(user, obj, action):
        raise not_allowed()


def window_open(call: Call, now: dt.datetime) -> bool:
    return call.status == CallStatus.PUBLISHED and call.opens_at <= now <= call.closes_at


def window_message(call: Call, now: dt.datetime) -> str:
    if call.status == CallStatus.DRAFT:
        return _("申报指南尚未发布。")
    if call.status != CallStatus.PUBLISHED or now > call.closes_at:
        return _("申报已截止（截止时间：%(at)s），不能再提交。") % {"at": when(call.closes_at)}
    return _("申报尚未开始（开始时间：%(at)s）。") % {"at": when(call.opens_at)}


def when(value: dt.datetime) -> str:
    return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"


def wan(value: Decimal) -> str:
    """An amount in 万元 without trailing zeros: 100, 12.5."""
    text = format(value.quantize(Decimal("0.01")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_version(obj: Any, expected_version: int | None) -> None:
    if expected_version is not None and obj.version != expected_version:
        raise ApplicationError(_("该记录已被他人修改，请刷新页面后重试。"), extra={"conflict": True})
