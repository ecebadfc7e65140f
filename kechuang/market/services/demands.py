"""Demands (技术需求/难题): posted by an enterprise, open for contact until closed."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.dates import check_date_range
from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money
from kechuang.core.permissions import ensure_can
from kechuang.market.choices import DemandStatus, TransferMode
from kechuang.market.models import Demand
from kechuang.market.services.common import (
    clean_list,
    clean_text,
    clean_trl,
    ensure_member,
    industry,
    parse_date,
)
from kechuang.market.services.listings import announce, listing_create, listing_move, listing_transition
from kechuang.registry.models import Organization

DUPLICATE_TITLE = gettext_lazy("本单位已有同名需求，请勿重复发布。")


def demand_fields(data: dict[str, Any]) -> dict[str, Any]:
    """The demand's fields cleaned from form or API input."""
    deadline = parse_date(data.get("deadline") or None, "deadline", _("截止日期格式不正确。"))
    if isinstance(deadline, dt.date):
        check_date_range(deadline, field="deadline", label=_("截止日期"))  # 9999-12-31 is not a deadline
    is_bounty = bool(data.get("is_bounty"))
    bounty = clean_money(data.get("bounty_amount"), field="bounty_amount", label=_("榜单金额"))
    if is_bounty and not bounty:
        raise ApplicationError(_("揭榜挂帅需求必须填写榜单金额。"), extra={"field": "bounty_amount"})
    return {
        "title": clean_text(data.get("title"), "title", _("需求名称"), max_length=200, name=True),
        "problem": clean_text(data.get("problem"), "problem", _("问题描述")),
        "confidential_detail": clean_text(
            data.get("confidential_detail"), "confidential_detail", _("保密内容"), required=False
        ),
        "keywords": clean_list(data.get("keywords"), "keywords", _("关键词")),
        "field": industry(data.get("field")),
        "budget": clean_money(data.get("budget"), field="budget", label=_("预算")),
        "deadline": deadline,
        "cooperation_modes": clean_list(
            data.get("cooperation_modes"),
            "cooperation_modes",
            _("合作方式"),
            allowed=set(TransferMode.values),
        ),
        "min_trl": clean_trl(data.get("min_trl"), "min_trl", required=False),
        "is_bounty": is_bounty,
        "bounty_amount": bounty if is_bounty else None,
    }


@transaction.atomic
def demand_create(*, actor: Any, owner: Organization, data: dict[str, Any], publish: bool = False) -> Demand:
    """A new demand of ``owner`` (draft, or published at once)."""
    ensure_member(actor, owner)
    fields = demand_fields(data)
    if fields["deadline"] and fields["deadline"] < timezone.localdate():
        raise ApplicationError(_("截止日期不能早于今天。"), extra={"field": "deadline"})
    demand = listing_create(Demand, actor=actor, owner=owner, fields=fields, duplicate=str(DUPLICATE_TITLE))
    if publish:
        demand_publish(demand=demand, actor=actor)
    return demand


def demand_transition(*, demand: Demand, to: str, actor: Any, note: str = "") -> Demand:
    """Move the demand along ``DEMAND_TRANSITIONS``; the caller checked the permission."""
    return listing_transition(demand, to=to, actor=actor, note=note)


@transaction.atomic
def demand_publish(*, demand: Demand, actor: Any) -> Demand:
    ensure_can(actor, demand, "publish")
    demand_transition(demand=demand, to=DemandStatus.OPEN, actor=actor)
    demand.published_at = timezone.now()
    demand.save(update_fields=["published_at", "updated_at"])
    announce(demand)
    return demand


@transaction.atomic
def demand_close(*, demand: Demand, actor: Any) -> Demand:
    """The owner stops collecting proposals."""
    return listing_move(demand, actor=actor, action="close", to=DemandStatus.CLOSED)
