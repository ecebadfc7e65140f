"""Structured eligibility conditions of a scheme (申报条件), until the policy engine's rules replace them.

A scheme's ``eligibility`` JSON, e.g. for a provincial enterprise technology center::

    {"organization_kinds": ["enterprise"], "verified_only": true, "min_years_established": 2,
     "min": {"revenue_wan": 5000, "rd_intensity": 3, "rd_staff": 30},
     "requires_tier": "municipal"}

``requires_tier`` means the applicant must already hold a live carrier of the scheme's kind at that tier
or above (the ladder 市级 → 省级 → 国家级).  :func:`unmet_conditions` returns one translated message per
unmet condition, so the applicant sees exactly what is missing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from kechuang.carriers.choices import TIER_ORDER, Tier
from kechuang.recognition.indicators import METRICS


def fmt_number(value: Decimal) -> str:
    """2 decimals at most, no trailing zeros, never exponent notation: 3.50 -> 3.5, 100 -> 100."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def validate_conditions(conditions: Mapping[str, Any]) -> list[str]:
    problems: list[str] = []
    for metric in conditions.get("min") or {}:
        if metric not in METRICS:
            problems.append(_("申报条件引用了未知的数据项“%(metric)s”。") % {"metric": metric})
    tier = conditions.get("requires_tier")
    if tier and tier not in TIER_ORDER:
        problems.append(_("申报条件中的前置级别不正确。"))
    return problems


def unmet_conditions(
    conditions: Mapping[str, Any],
    *,
    organization_kind: str,
    verified: bool,
    founded_on: dt.date | None,
    figures: Mapping[str, Any] | None,
    figures_year: int | None,
    held_tier: str | None,
    today: dt.date,
) -> list[str]:
    """Every unmet condition as a message; an empty list means eligible."""
    unmet: list[str] = []
    kinds = conditions.get("organization_kinds")
    if kinds and organization_kind not in kinds:
        unmet.append(_("申报单位类型不符合要求。"))
    if conditions.get("verified_only") and not verified:
        unmet.append(_("申报单位尚未通过核验。"))
    years = conditions.get("min_years_established")
    if years:
        if founded_on is None:
            unmet.append(_("缺少成立日期，无法判断成立年限。"))
        elif (today - founded_on).days < int(years) * 365:
            unmet.append(_("成立不满%(years)s年。") % {"years": years})
    minimums = conditions.get("min") or {}
    if minimums and not figures:
        unmet.append(_("缺少年度统计数据。"))
    elif minimums:
        for code, threshold in minimums.items():
            metric = METRICS[code]
            value = metric.compute(figures or {})
            need = Decimal(str(threshold))
            if value is None:
                unmet.append(
                    _("缺少%(year)s年度“%(label)s”数据。")
                    % {"year": figures_year or "", "label": _(metric.label)}
                )
            elif value < need:
                unmet.append(
                    _("“%(label)s”为%(value)s%(unit)s，低于要求的%(need)s%(unit)s。")
                    % {
                        "label": _(metric.label),
                        "value": fmt_number(value),
                        "need": fmt_number(need),
                        "unit": metric.unit,
                    }
                )
    required = conditions.get("requires_tier")
    if required and (held_tier is None or TIER_ORDER[held_tier] < TIER_ORDER[required]):
        unmet.append(_("须已获得%(tier)s认定。") % {"tier": Tier(required).label})
    return unmet
