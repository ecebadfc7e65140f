"""Small display helpers for recognition pages: Chinese dates and 万元."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.utils import timezone
from django.utils.translation import gettext as _

from kechuang.recognition.choices import ApplicationStatus
from kechuang.recognition.conditions import fmt_number
from kechuang.recognition.indicators import METRICS

register = template.Library()


@register.filter
def cn_date(value: Any) -> str:
    """2026年11月26日 (datetimes in local time)."""
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return _("%(y)d年%(m)d月%(d)d日") % {"y": value.year, "m": value.month, "d": value.day}


@register.filter
def wan_yuan(value: Any) -> str:
    """元 -> 1,234.56万元."""
    if value in (None, ""):
        return "—"
    try:
        amount = Decimal(str(value)) / Decimal(10000)
    except InvalidOperation:
        return str(value)
    return _("%(amount)s万元") % {"amount": f"{amount:,.2f}"}


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def application_status(value: str) -> str:
    return str(dict(ApplicationStatus.choices).get(value, value))


@register.filter
def metric_label(code: str) -> str:
    """A metric code of an indicator system as its name: rd_intensity → 研发投入占营业收入比例."""
    metric = METRICS.get(code)
    return _(metric.label) if metric else code


@register.filter
def metric_unit(code: str) -> str:
    metric = METRICS.get(code)
    return metric.unit if metric else ""


@register.filter
def plain_number(value: Any) -> str:
    """3.50 → 3.5, 100.00 → 100 (scores and thresholds as officers write them)."""
    if value in (None, ""):
        return ""
    return fmt_number(Decimal(str(value)))
