"""Builders shared by the tests of recognition, review and carriers (and the browser test, the demo)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.recognition.choices import CallStatus
from kechuang.recognition.models import Call, Scheme
from kechuang.recognition.services import call_create, call_transition, scheme_create

# 市级企业技术中心认定: 40 points from the enterprise's figures by threshold tables, 60 points from experts.
TECH_CENTER_INDICATORS: dict[str, Any] = {
    "indicators": [
        {
            "code": "rd_intensity",
            "name": "研发投入强度",
            "max_score": "15",
            "method": "threshold",
            "metric": "rd_intensity",
            "bands": [{"min": "1", "score": "5"}, {"min": "3", "score": "10"}, {"min": "5", "score": "15"}],
        },
        {
            "code": "rd_staff_ratio",
            "name": "研发人员占比",
            "max_score": "10",
            "method": "threshold",
            "metric": "rd_staff_ratio",
            "bands": [{"min": "5", "score": "4"}, {"min": "10", "score": "7"}, {"min": "20", "score": "10"}],
        },
        {
            "code": "patents",
            "name": "有效发明专利",
            "max_score": "15",
            "method": "threshold",
            "metric": "valid_invention_patents",
            "bands": [{"min": "1", "score": "5"}, {"min": "3", "score": "10"}, {"min": "10", "score": "15"}],
        },
        {"code": "organisation", "name": "技术中心组织体系与运行机制", "max_score": "20", "method": "expert"},
        {"code": "capability", "name": "技术创新能力与水平", "max_score": "25", "method": "expert"},
        {"code": "outlook", "name": "发展规划与示范作用", "max_score": "15", "method": "expert"},
    ]
}

TECH_CENTER_ELIGIBILITY: dict[str, Any] = {
    "organization_kinds": ["enterprise"],
    "verified_only": True,
    "min": {"revenue_wan": 1000, "rd_intensity": 1},
}


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
