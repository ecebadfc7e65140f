"""Program types, yearly calls (申报指南) and their topics (指南方向): set up by the department's officers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.numbers import clean_money
from kechuang.core.permissions import not_allowed
from kechuang.core.workflow import transition
from kechuang.programs.choices import CALL_TRANSITIONS, CallStatus
from kechuang.programs.eligibility import parse_call_rule
from kechuang.programs.models import Call, ProgramType, Topic
from kechuang.programs.services._common import ensure_allowed, wan
from kechuang.registry.selectors import officer_department_ids
from kechuang.registry.services import full_clean


def _amount(value: Any, *, field: str, label: str) -> Decimal:
    amount = clean_money(value, field=field, label=label)
    if amount is None:
        raise ApplicationError(_("请填写%(label)s。") % {"label": label}, extra={"field": field})
    return amount


@transaction.atomic
def program_type_create(
    *, department: Any, actor: Any, code: str, name: str, description: str = ""
) -> ProgramType:
    """A program type (计划类别) of a department: its officers (or a platform admin) create it."""
    if department.pk not in officer_department_ids(actor) and not user_is_platform_admin(actor):
        raise not_allowed()
    program_type = ProgramType(
        department=department, code=code.strip(), name=name.strip(), description=description
    )
    full_clean(program_type)
    program_type.save()
    audit_log(actor=actor, action="program_type.create", target=program_type, after=snapshot(program_type))
    return program_type


@transaction.atomic
def call_create(
    *,
    program_type: ProgramType,
    actor: Any,
    year: int,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    total_budget: Any,
    leader_limit: int = 1,
    eligibility_rule: str = "",
    notice: str = "",
) -> Call:
    """A draft call; its eligibility rule, when given, must be a valid rule (the error says where)."""
    ensure_allowed(actor, program_type, "manage")
    if not title.strip():
        raise ApplicationError(_("请填写标题。"), extra={"field": "title"})
    if eligibility_rule.strip():
        parse_call_rule(eligibility_rule)
    call = Call(
        program_type=program_type,
        year=year,
        title=title.strip(),
        notice=notice,
        opens_at=opens_at,
        closes_at=closes_at,
        total_budget=_amount(total_budget, field="total_budget", label=_("资助总额")),
        leader_limit=leader_limit,
        eligibility_rule=eligibility_rule.strip(),
    )
    full_clean(call)
    call.save()
    audit_log(actor=actor, action="program_call.create", target=call, after=snapshot(call))
    return call


@transaction.atomic
def topic_add(
    *,
    call: Call,
    actor: Any,
    title: str,
    funding_cap: Any,
    project_count: int,
    duration_months: int,
    co_funding_ratio: Any = 0,
    description: str = "",
) -> Topic:
    """A topic of a draft call; its funds (cap × number of projects) must fit in the call's total budget."""
    ensure_allowed(actor, call, "manage")
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != CallStatus.DRAFT:
        raise ApplicationError(_("指南已发布，不能再添加方向。"))
    if not title.strip():
        raise ApplicationError(_("请填写方向名称。"), extra={"field": "title"})
    cap = _amount(funding_cap, field="funding_cap", label=_("单项资助上限"))
    ratio = clean_money(co_funding_ratio, field="co_funding_ratio", label=_("自筹比例")) or Decimal("0")
    planned = sum((t.funding_cap * t.project_count for t in call.topics.all()), Decimal("0"))
    if planned + cap * project_count > call.total_budget:
        raise ApplicationError(
            _("各方向资助额合计将超过指南资助总额%(total)s万元。") % {"total": wan(call.total_budget)},
            extra={"field": "funding_cap"},
        )
    if call.topics.filter(title=title.strip()).exists():
        raise ApplicationError(_("该指南已有同名方向。"), extra={"field": "title"})
    topic = Topic(
        call=call,
        title=title.strip(),
        description=description,
        funding_cap=cap,
        project_count=project_count,
        duration_months=duration_months,
        co_funding_ratio=ratio,
    )
    full_clean(topic)
    topic.save()
    audit_log(actor=actor, action="program_topic.add", target=call, after=snapshot(topic))
    return topic


@transaction.atomic
def call_publish(*, call: Call, actor: Any, expected_version: int | None = None) -> Call:
    """Publish a draft call: it needs at least one topic."""
    ensure_allowed(actor, call, "manage")
    if not call.topics.exists():
        raise ApplicationError(_("请先添加至少一个指南方向。"))
    transition(
        obj=call,
        to=CallStatus.PUBLISHED,
        actor=actor,
        transitions=CALL_TRANSITIONS,
        expected_version=expected_version,
    )
    return call


@transaction.atomic
def call_close(*, call: Call, actor: Any, expected_version: int | None = None) -> Call:
    ensure_allowed(actor, call, "manage")
    transition(
        obj=call,
        to=CallStatus.CLOSED,
        actor=actor,
        transitions=CALL_TRANSITIONS,
        expected_version=expected_version,
    )
    return call
