"""A plan's life after its managers enter it: previewed as a draft, published, and its indicators' definitions
versioned — once published, a change to an indicator applies only from a future date (a new
``IndicatorVersion``), and the history says which version each past figure was measured against."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError, raise_problems
from kechuang.core.permissions import ensure_can
from kechuang.core.workflow import transition
from kechuang.targets.choices import COUNT_UNITS, PLAN_TRANSITIONS, Direction, PlanStatus
from kechuang.targets.models import Indicator, IndicatorVersion, Plan, ProgressReport, ValueSnapshot

DEFINITION = ("name", "unit", "direction", "target_value", "target_max")


def _first_version(indicator: Indicator, *, actor: Any, valid_from: dt.date) -> IndicatorVersion:
    version = IndicatorVersion(
        indicator=indicator,
        number=1,
        valid_from=valid_from,
        applied=True,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{key: getattr(indicator, key) for key in DEFINITION},
    )
    version.full_clean()
    version.save()
    return version


@transaction.atomic
def plan_publish(*, actor: Any, plan: Plan, expected_version: int | None = None) -> Plan:
    """Publish a draft: its units and the public see it; each indicator's definition becomes version 1."""
    ensure_can(actor, plan, "change")
    if not plan.indicators.exists():
        raise ApplicationError(_("请先添加至少一个指标再发布。"))
    transition(
        obj=plan,
        to=PlanStatus.PUBLISHED,
        actor=actor,
        transitions=PLAN_TRANSITIONS,
        expected_version=expected_version,
    )
    for indicator in plan.indicators.filter(versions__isnull=True):
        _first_version(indicator, actor=actor, valid_from=plan.period_start)
    audit_log(actor=actor, action="targets.plan_publish", target=plan, after={"status": plan.status})
    return plan


def indicator_added(*, actor: Any, indicator: Indicator) -> None:
    """An indicator added to a published plan starts its history at version 1 from today."""
    if indicator.plan.status == PlanStatus.PUBLISHED:
        _first_version(indicator, actor=actor, valid_from=timezone.localdate())


def _last_measured(indicator: Indicator) -> dt.date | None:
    dates = [
        ValueSnapshot.objects.filter(indicator=indicator)
        .order_by("-taken_on")
        .values_list("taken_on", flat=True)
        .first(),
        ProgressReport.objects.filter(indicator=indicator)
        .order_by("-as_of")
        .values_list("as_of", flat=True)
        .first(),
    ]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def _clean_definition(data: dict[str, Any], current: Indicator) -> tuple[dict[str, Any], dict[str, str]]:
    problems: dict[str, str] = {}
    out: dict[str, Any] = {}
    out["name"] = " ".join(str(data.get("name", current.name) or "").split())
    if not out["name"]:
        problems["name"] = _("请填写指标名称。")
    out["unit"] = str(data.get("unit", current.unit) or "").strip()
    if not out["unit"]:
        problems["unit"] = _("请填写单位。")
    out["direction"] = str(data.get("direction", current.direction) or Direction.AT_LEAST)
    if out["direction"] not in Direction.values:
        problems["direction"] = _("方向不正确。")
    for key, label in (("target_value", _("目标值")), ("target_max", _("目标上限"))):
        raw = data.get(key, getattr(current, key))
        if raw in (None, ""):
            out[key] = None
            continue
        try:
            out[key] = Decimal(str(raw).replace(",", ""))
        except ArithmeticError:
            out[key] = None
        if out[key] is None or not out[key].is_finite():
            problems[key] = _("%(label)s必须是数字。") % {"label": label}
    if out.get("target_value") is None and "target_value" not in problems:
        problems["target_value"] = _("请填写目标值。")
    target, maximum = out.get("target_value"), out.get("target_max")
    if target is not None and maximum is not None and maximum < target:
        problems["target_max"] = _("目标上限不能小于目标值。")
    if target is not None and out["unit"] in COUNT_UNITS and target < 0:
        problems["target_value"] = _("计数类指标的目标值不能为负数。")
    return out, problems


@transaction.atomic
def indicator_revise(
    *, actor: Any, indicator: Indicator, valid_from: dt.date | None, data: dict[str, Any], reason: str
) -> IndicatorVersion:
    """A new definition of a published plan's indicator from ``valid_from`` (after today and after the last
    figure measured under the current one); it takes effect on that day (``indicator_versions_apply``)."""
    locked = Indicator.objects.select_for_update().select_related("plan").get(pk=indicator.pk)
    ensure_can(actor, locked.plan, "change")
    if locked.plan.status != PlanStatus.PUBLISHED:
        raise ApplicationError(_("草稿中的指标可直接修改，发布后才按版本调整。"))
    values, problems = _clean_definition(data, locked)
    today = timezone.localdate()
    measured = _last_measured(locked)
    if valid_from is None:
        problems["valid_from"] = _("请填写适用起始日期。")
    elif valid_from <= today:
        problems["valid_from"] = _("调整只适用于今后的期间：适用起始日期须晚于今天。")
    elif measured is not None and valid_from <= measured:
        problems["valid_from"] = _("适用起始日期须晚于最近一次统计或填报的日期（%(on)s）。") % {
            "on": f"{measured.year}年{measured.month}月{measured.day}日"
        }
    elif valid_from > locked.plan.period_end:
        problems["valid_from"] = _("适用起始日期不能晚于规划截止日期。")
    if not (reason or "").strip():
        problems["reason"] = _("请填写调整原因。")
    raise_problems(problems)
    assert valid_from is not None  # a missing date is one of the problems above
    versions = list(locked.versions.order_by("number"))
    if not versions:
        versions = [_first_version(locked, actor=actor, valid_from=locked.plan.period_start)]
    if any(v.valid_from >= valid_from for v in versions if not v.applied):
        raise ApplicationError(
            _("已有一个尚未生效的调整，请等其生效后再调整，或调整到它之后的日期。"),
            extra={"field": "valid_from"},
        )
    current = {key: getattr(versions[-1], key) for key in DEFINITION}
    if all(current[key] == values[key] for key in DEFINITION):
        raise ApplicationError(_("定义没有变化。"))
    version = IndicatorVersion(
        indicator=locked,
        number=versions[-1].number + 1,
        valid_from=valid_from,
        reason=reason.strip()[:200],
        created_by=actor if getattr(actor, "pk", None) else None,
        **values,
    )
    version.full_clean()
    version.save()
    audit_log(
        actor=actor,
        action="targets.indicator_revise",
        target=locked,
        before={k: str(v) if isinstance(v, Decimal) else v for k, v in current.items()},
        after={
            **{k: str(v) if isinstance(v, Decimal) else v for k, v in values.items()},
            "valid_from": valid_from.isoformat(),
            "version": version.number,
            "reason": reason,
        },
    )
    return version


@transaction.atomic
def indicator_versions_apply(*, today: dt.date, actor: Any = None, plan: Any = None) -> int:
    """Make each version due by ``today`` the indicator's definition (the daily task; ``plan``: only that
    plan's indicators, before a snapshot of it taken from its page); audited."""
    due = (
        IndicatorVersion.objects.select_for_update()
        .filter(applied=False, valid_from__lte=today)
        .order_by("indicator_id", "number")
    )
    if plan is not None:
        due = due.filter(indicator__plan=plan)
    count = 0
    for version in due.select_related("indicator"):
        indicator = version.indicator
        before = snapshot(indicator, list(DEFINITION))
        for key in DEFINITION:
            setattr(indicator, key, getattr(version, key))
        indicator.full_clean()
        indicator.save(update_fields=[*DEFINITION, "updated_at"])
        version.applied = True
        version.save(update_fields=["applied", "updated_at"])
        audit_log(
            actor=actor,
            action="targets.indicator_version_apply",
            target=indicator,
            before=before,
            after={**snapshot(indicator, list(DEFINITION)), "version": version.number},
        )
        count += 1
    return count


def version_on(versions: list[IndicatorVersion], on: dt.date) -> IndicatorVersion | None:
    """The version that applied on ``on`` (versions in number order)."""
    applied = [v for v in versions if v.valid_from <= on]
    return applied[-1] if applied else (versions[0] if versions else None)
