"""Formatting for the targets pages: numbers without trailing zeros, Chinese dates, status labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kechuang.targets.compute import withheld_text
from kechuang.targets.metrics import Withheld

register = template.Library()


def format_number(value: Any, places: int = 2) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Withheld):  # the reason instead of the figure, e.g. "不足3家，不予公开"
        return withheld_text(value)
    d = Decimal(str(value))
    q = d.quantize(Decimal(1)) if d == d.to_integral_value() else round(d, places)
    text = f"{q:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


@register.filter
def num(value: Any) -> str:
    return format_number(value)


@register.filter
def cn_date(value: dt.date | None) -> str:
    if not value:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def pct(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.0f}%"


STATUS_LABELS = {
    "green": gettext_noop("正常"),
    "amber": gettext_noop("预警"),
    "red": gettext_noop("滞后"),
    "grey": gettext_noop("无数据"),
}


@register.filter
def status_label(value: str) -> str:
    return _(STATUS_LABELS.get(value, value))


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key, key)


@register.filter
def reason(value: str) -> str:
    """An assessment's reason (marked in ``forecast.py``), in the user's language."""
    return _(value) if value else ""
