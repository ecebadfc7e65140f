"""Recognition schemes (认定类别) and their yearly calls (申报批次)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.accounts.selectors import user_is_platform_admin
from kechuang.core.audit import audit_log, diff, set_flag, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.workflow import transition
from kechuang.policies.selectors import measure_by_code
from kechuang.recognition import conditions as cond
from kechuang.recognition.choices import CALL_TRANSITIONS
from kechuang.recognition.indicators import IndicatorSystemError, parse_indicator_system
from kechuang.recognition.models import Call, Scheme, SchemeVersion
from kechuang.recognition.services._common import ensure_allowed
from kechuang.registry.selectors import officer_department_ids

# ---------------------------------------------------------------------------------------------- schemes


SCHEME_EDITABLE = (
    "name",
    "tier",
    "carrier_kind",
    "designation_kind",
    "recognition_title",
    "eligibility",
    "indicator_system",
    "pass_score",
    "publicity_days",
    "validity_years",
    "re_evaluation_years",
    "description",
)
VERSIONED = ("indicator_system", "pass_score")


def _ensure_department(actor: Any, department: Any) -> None:
    """Only officers of the scheme's department (or platform admins) create and change its schemes."""
    if user_is_platform_admin(actor):
        return
    if department is None or department.pk not in officer_department_ids(actor):
        raise ApplicationError(_("只有主管部门的工作人员可以设立和修改认定类别。"))


def scheme_problems(
    *, indicator_system: Mapping[str, Any], eligibility: Mapping[str, Any] | None, pass_score: Decimal
) -> list[str]:
    """Every problem of an indicator system, its conditions and pass score, all at once (translated)."""
    problems: list[str] = []
    try:
        system = parse_indicator_system(indicator_system, require_total=Decimal(100))
    except IndicatorSystemError as exc:
        problems.extend(exc.problems)
    else:
        if pass_score > system.max_total:
            problems.append(
                _("合格分数线%(score)s高于满分%(max)s。") % {"score": pass_score, "max": system.max_total}
            )
    problems.extend(cond.validate_conditions(eligibility or {}))
    measure_code = (eligibility or {}).get("measure")
    if measure_code and measure_by_code(code=str(measure_code)) is None:
        problems.append(_("申报条件引用的政策事项“%(code)s”不存在。") % {"code": measure_code})
    return problems


def _raise(problems: list[str]) -> None:
    if problems:
        raise ApplicationError(problems[0], extra={"problems": problems})


def _new_version(scheme: Scheme, *, actor: Any, note: str = "") -> SchemeVersion:
    last = scheme.versions.order_by("-number").values_list("number", flat=True).first() or 0
    version = SchemeVersion(
        scheme=scheme,
        number=last + 1,
        indicator_system=dict(scheme.indicator_system),
        pass_score=scheme.pass_score,
        note=note[:300],
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    clean_and_save(version)
    return version


@transaction.atomic
def scheme_create(
    *,
    code: str,
    name: str,
    department: Any,
    tier: str,
    recognition_title: str,
    indicator_system: Mapping[str, Any],
    actor: Any,
    carrier_kind: str = "",
    designation_kind: str = "",
    eligibility: Mapping[str, Any] | None = None,
    pass_score: Decimal = Decimal(60),
    publicity_days: int = 7,
    validity_years: int = 3,
    re_evaluation_years: int = 2,
    description: str = "",
) -> Scheme:
    """Set up a scheme with version 1 of its indicator system."""
    _ensure_department(actor, department)
    problems = scheme_problems(
        indicator_system=indicator_system, eligibility=eligibility, pass_score=Decimal(pass_score)
    )
    if Scheme.objects.filter(code=code).exists():
        problems.append(_("代码“%(code)s”已被其他认定类别使用。") % {"code": code})
    _raise(problems)
    scheme = Scheme(
        code=code,
        name=name,
        department=department,
        tier=tier,
        carrier_kind=carrier_kind,
        designation_kind=designation_kind,
        recognition_title=recognition_title,
        eligibility=dict(eligibility or {}),
        indicator_system=dict(indicator_system),
        pass_score=pass_score,
        publicity_days=publicity_days,
        validity_years=validity_years,
        re_evaluation_years=re_evaluation_years,
        description=description,
    )
    clean_and_save(scheme)
    _new_version(scheme, actor=actor)
    audit_log(actor=actor, action="scheme.create", target=scheme, after=snapshot(scheme))
    return scheme


@transaction.atomic
def scheme_update(*, scheme: Scheme, actor: Any, data: Mapping[str, Any], note: str = "") -> Scheme:
    """Change a scheme; a changed indicator system or pass score becomes a new version that applies to
    calls created from now on (existing calls keep the version they were created with)."""
    unknown = set(data) - set(SCHEME_EDITABLE)
    if unknown:
        raise ApplicationError(_("不能修改这些字段：%(fields)s。") % {"fields": "、".join(sorted(unknown))})
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _ensure_department(actor, locked.department)
    _raise(
        scheme_problems(
            indicator_system=data.get("indicator_system", locked.indicator_system),
            eligibility=data.get("eligibility", locked.eligibility),
            pass_score=Decimal(data.get("pass_score", locked.pass_score)),
        )
    )
    before = snapshot(locked)
    for key, value in data.items():
        setattr(locked, key, dict(value) if key in ("indicator_system", "eligibility") else value)
    clean_and_save(locked)
    locked.refresh_from_db()
    old, new = diff(before, snapshot(locked))
    if not new:
        return locked
    version = None
    if any(k in new for k in VERSIONED):
        version = _new_version(locked, actor=actor, note=note)
    audit_log(
        actor=actor,
        action="scheme.update",
        target=locked,
        before=old,
        after={**new, **({"version": version.number} if version else {})},
    )
    return locked


@transaction.atomic
def scheme_set_active(*, scheme: Scheme, actor: Any, active: bool) -> Scheme:
    """Retire a scheme (no new calls; its calls, applications and certificates stay) or bring it back."""
    locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
    _ensure_department(actor, locked.department)
    set_flag(locked, value=active, actor=actor, action="scheme.activate" if active else "scheme.retire")
    return locked


def current_version(scheme: Scheme) -> SchemeVersion | None:
    return scheme.versions.order_by("-number").first()


# ------------------------------------------------------------------------------------------------ calls


@transaction.atomic
def call_create(
    *,
    scheme: Scheme,
    year: int,
    title: str,
    opens_at: dt.datetime,
    closes_at: dt.datetime,
    actor: Any,
    quota: int | None = None,
    notice: str = "",
) -> Call:
    ensure_allowed(actor, scheme, "manage")
    if not Scheme.objects.filter(pk=scheme.pk, is_active=True).exists():
        raise ApplicationError(_("该认定类别已停用，不能再发布申报批次。"), extra={"field": "scheme"})
    if closes_at <= opens_at:
        raise ApplicationError(_("申报截止时间必须晚于开始时间。"), extra={"field": "closes_at"})
    if Call.objects.filter(scheme=scheme, year=year).exists():
        raise ApplicationError(_("该认定类别本年度已有申报批次。"), extra={"field": "year"})
    call = Call(
        scheme=scheme,
        scheme_version=current_version(scheme),
        year=year,
        title=title,
        opens_at=opens_at,
        closes_at=closes_at,
        quota=quota,
        notice=notice,
    )
    clean_and_save(call)
    audit_log(actor=actor, action="call.create", target=call, after=snapshot(call))
    return call


@transaction.atomic
def call_transition(*, call: Call, to: str, actor: Any, expected_version: int | None = None) -> Call:
    """Publish, close, reopen or archive a call."""
    ensure_allowed(actor, call, "manage")
    transition(obj=call, to=to, actor=actor, transitions=CALL_TRANSITIONS, expected_version=expected_version)
    return call
