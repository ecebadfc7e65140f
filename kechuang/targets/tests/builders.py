"""Indicators of the 吉林省 plan of ``conftest.jilin`` that several test modules build."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kechuang.targets import services
from kechuang.targets.models import Indicator

PATENTS = {"op": "sum", "model": "yearly_statistics", "field": "valid_invention_patents"}


def patents_indicator(j: Any, **overrides: Any) -> Indicator:
    """G12 企业有效发明专利拥有数: computed from the registry, led by the province's industry department."""
    args: dict[str, Any] = {
        "actor": j.manager,
        "plan": j.plan,
        "code": "G12",
        "name": "企业有效发明专利拥有数",
        "unit": "件",
        "target_value": 100,
        "target_date": dt.date(2026, 12, 31),
        "baseline_date": dt.date(2024, 1, 1),
        "metric": PATENTS,
        "lead_unit": j.industry,
    }
    return services.indicator_create(**{**args, **overrides})


def trademarks_indicator(j: Any, **overrides: Any) -> Indicator:
    """G13 工业企业吉林省著名商标: reported by hand, led by the province's industry department."""
    return patents_indicator(
        j,
        **{
            "code": "G13",
            "name": "工业企业吉林省著名商标",
            "target_value": 1200,
            "metric": None,
            **overrides,
        },
    )
