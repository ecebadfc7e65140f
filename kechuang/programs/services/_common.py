"""Checks shared by the programs services: permission, the call's window, amounts; a project's expert panel."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.permissions import can, not_allowed
from kechuang.programs.choices import CallStatus
from kechuang.programs.models import Call, Project
from kechuang.review.models import Panel
from kechuang.review.selectors import panel_for_owner
from kechuang.review.services import panel_add_item, panel_create


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


def project_panel(
    *, project: Project, owner: Any, name: str, indicators: Any, actor: Any, experts_per_item: int
) -> Panel:
    """The expert panel (the review app) that ``owner`` (a mid-term report, an acceptance request) holds
    on its project, with the project as its one item: formed once, then returned as it is."""
    panel = panel_for_owner(owner=owner)
    if panel is not None:
        return panel
    application = project.application
    panel = panel_create(
        owner=owner,
        name=name,
        department=application.topic.call.program_type.department,
        indicators=indicators,
        actor=actor,
        experts_per_item=experts_per_item,
    )
    panel_add_item(
        panel=panel,
        subject=owner,
        organization=application.organization,
        label=application.title,
        actor=actor,
    )
    return panel
