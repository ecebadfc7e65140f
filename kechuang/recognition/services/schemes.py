"""Recognition schemes (认定类别) and their yearly calls (申报批次)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from kechuang.core.audit import audit_log, snapshot
from kechuang.core.errors import ApplicationError
from kechuang.core.models import clean_and_save
from kechuang.core.workflow import transition
from kechuang.policies.selectors import measure_by_code
from kechuang.recognition import conditions as cond
from kechuang.recognition.choices import CALL_TRANSITIONS
from kechuang.recognition.indicators import IndicatorSystemError, parse_indicator_system
from kechuang.recognition.models import Call, Scheme
from kechuang.recognition.services._common import ensure_allowed

# ---------------------------------------------------------------------------------------------- schemes


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
    eligibility: Mapping[str, Any] | None = None,
    pass_score: Decimal = Decimal(60),
    publicity_days: int = 7,
    validity_years: int = 3,
    re_evaluation_years: int = 2,
    description: str = "",
) -> Scheme:
    try:
        parse_indicator_system(indicator_system, require_total=Decimal(100))
    except IndicatorSystemError as exc:
        raise ApplicationError(exc.problems[0], extra={"problems": exc.problems}) from exc
    problems = cond.validate_conditions(eligibility or {})
    measure_code = (eligibility or {}).get("measure")
    if measure_code and measure_by_code(code=str(measure_code)) is None:
        problems.append(_("申报条件引用的政策事项“%(code)s”不存在。") % {"code": measure_code})
    if problems:
        raise ApplicationError(problems[0], extra={"problems": problems})
    scheme = Scheme(
        code=code,
        name=name,
        department=department,
        tier=tier,
        carrier_kind=carrier_kind,
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
    audit_log(actor=actor, action="scheme.create", target=scheme, after=snapshot(scheme))
    return scheme


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
    if closes_at <= opens_at:
        raise ApplicationError(_("申报截止时间必须晚于开始时间。"), extra={"field": "closes_at"})
    if Call.objects.filter(scheme=scheme, year=year).exists():
        raise ApplicationError(_("该认定类别本年度已有申报批次。"), extra={"field": "year"})
    call = Call(
        scheme=scheme,
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
