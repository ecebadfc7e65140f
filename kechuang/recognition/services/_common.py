"""Checks shared by the recognition services: permission, version, the call's window."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, not_allowed
from kechuang.recognition.certificate import chinese_date
from kechuang.recognition.choices import CallStatus
from kechuang.recognition.models import Application, Call


def ensure_allowed(user: Any, obj: Any, action: str) -> None:
    if not can(user, obj, action):
        raise not_allowed()


def window_open(call: Call, now: dt.datetime) -> bool:
    return call.status == CallStatus.OPEN and call.opens_at <= now <= call.closes_at


def window_message(call: Call, now: dt.datetime) -> str:
    if call.status != CallStatus.OPEN or now > call.closes_at:
        return _("申报已截止（截止时间：%(at)s），不能再提交。") % {"at": _when(call.closes_at)}
    return _("申报尚未开始（开始时间：%(at)s）。") % {"at": _when(call.opens_at)}


def _when(value: dt.datetime) -> str:
    local = timezone.localtime(value)
    return f"{chinese_date(local.date())} {local:%H:%M}"


def check_version(application: Application, expected_version: int | None) -> None:
    if expected_version is not None and application.version != expected_version:
        raise ApplicationError(_("该记录已被他人修改，请刷新页面后重试。"), extra={"conflict": True})
