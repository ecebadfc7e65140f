"""Checks shared by the recognition services: permission, version, the call's window; a new draft."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, not_allowed
from kechuang.core.text import clean_name
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


def draft_create(
    *,
    call: Call,
    organization: Any,
    title: str,
    summary: str,
    actor: Any,
    action: str,
    taken: ApplicationError,
    nominator: Any = None,
) -> Application:
    """A new draft application of ``organization`` to ``call`` (the caller has checked who may start it),
    while the call's window is open; ``taken`` is the refusal when the organization is already in the call
    (checked first, and again by the database against a concurrent double click)."""
    now = timezone.now()
    if not window_open(call, now):
        raise ApplicationError(window_message(call, now))
    title = clean_name(title)  # no bidi overrides or zero-width characters in an application's name
    if not title:
        raise ApplicationError(_("请填写申报名称。"), extra={"field": "title"})
    if Application.objects.filter(call=call, organization=organization).exists():
        raise taken
    application = Application(
        call=call,
        organization=organization,
        nominator=nominator,
        region_path=organization.region_path,
        title=title,
        summary=summary.strip(),
        created_by=actor,
    )
    application.full_clean()
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as exc:
        raise taken from exc
    audit_log(actor=actor, action=action, target=application, after=snapshot(application))
    return application
