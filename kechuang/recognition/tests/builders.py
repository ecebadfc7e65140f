"""Builders for the tests of recognition (and the browser test and the ranking benchmark): a scheme with the
demo's 市级企业技术中心 indicators, an open call, figures that pass."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.recognition.choices import CallStatus
from kechuang.recognition.demo import TECH_CENTER_ELIGIBILITY, TECH_CENTER_INDICATORS
from kechuang.recognition.models import Call, Scheme
from kechuang.recognition.services import call_create, call_transition, scheme_create


def make_scheme(*, department: Any, actor: Any, code: str = "ccetc", **overrides: Any) -> Scheme:
    values: dict[str, Any] = {
        "code": code,
        "name": "长春市企业技术中心认定",
        "department": department,
        "tier": Tier.MUNICIPAL,
        "carrier_kind": CarrierKind.ENTERPRISE_TECH_CENTER,
        "recognition_title": "长春市企业技术中心",
        "indicator_system": TECH_CENTER_INDICATORS,
        "eligibility": TECH_CENTER_ELIGIBILITY,
        "publicity_days": 7,
        "actor": actor,
    }
    values.update(overrides)
    return scheme_create(**values)


def make_call(
    *,
    scheme: Scheme,
    actor: Any,
    year: int = 2026,
    quota: int | None = 20,
    open_call: bool = True,
    days: int = 30,
) -> Call:
    now = timezone.now()
    call = call_create(
        scheme=scheme,
        year=year,
        title=f"{year}年度{scheme.name}",
        opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=days),
        quota=quota,
        notice="请符合条件的企业在申报期内提交材料。",
        actor=actor,
    )
    if open_call:
        call_transition(call=call, to=CallStatus.OPEN, actor=actor)
        call.refresh_from_db()
    return call


GOOD_FIGURES: dict[str, Any] = {
    "revenue": Decimal("80000000"),
    "rd_expenditure": Decimal("3200000"),  # 4 %
    "employees": 200,
    "rd_staff": 30,  # 15 %
    "valid_invention_patents": 4,
}
