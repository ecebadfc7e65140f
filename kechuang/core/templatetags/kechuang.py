"""Display filters used by every page: money in 元/万元, Chinese dates, region paths, export links.

``{% load kechuang %}`` then ``{{ amount|wan }}`` → ``1,234.56万元``, ``{{ amount|yuan }}`` → ``12,345,600.00元``,
``{{ day|cn_date }}`` → ``2026年11月26日``, ``{{ region|region_path }}`` → ``吉林省 / 长春市 / 南关区``.
In English the units and date pattern follow the active language.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kechuang.core.panels import render_panels

register = template.Library()

_TEN_THOUSAND = Decimal(10_000)


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _grouped(number: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    return f"{number.quantize(quantum):,.{places}f}"


def _is_english() -> bool:
    return (translation.get_language() or "").startswith("en")


@register.filter
def wan(value: Any, places: int = 2) -> str:
    """An amount in 元 shown in 万元: ``12345600`` → ``1,234.56万元``; empty for a missing figure."""
    number = _decimal(value)
    if number is None:
        return ""
    shown = _grouped(number / _TEN_THOUSAND, int(places))
    unit = _("万元")
    return f"{shown} {unit}" if _is_english() else f"{shown}万元"


@register.filter
def wan_num(value: Any, places: int = 2) -> str:
    """The 万元 figure without its unit, for tables whose header states the unit."""
    number = _decimal(value)
    return "" if number is None else _grouped(number / _TEN_THOUSAND, int(places))


@register.filter
def percent_of(part: Any, whole: Any) -> str:
    """``part`` as a percentage of ``whole`` with two decimals (R&D intensity); empty when undefined."""
    a, b = _decimal(part), _decimal(whole)
    if a is None or b is None or b == 0:
        return ""
    return f"{a * 100 / b:.2f}%"


@register.filter
def yuan(value: Any, places: int = 2) -> str:
    """An amount in 元 with thousands separators: ``12345.6`` → ``12,345.60元``."""
    number = _decimal(value)
    if number is None:
        return ""
    shown = _grouped(number, int(places))
    unit = _("元")
    return f"{shown} {unit}" if _is_english() else f"{shown}元"


@register.filter
def cn_date(value: Any) -> str:
    """A date as ``2026年11月26日`` (English: ``26 Nov 2026``); datetimes in the local time zone."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        value = value.date()
    if not isinstance(value, dt.date):
        return str(value)
    if _is_english():
        return value.strftime("%d %b %Y").lstrip("0")
    return f"{value.year}年{value.month}月{value.day}日"


@register.filter
def cn_datetime(value: Any) -> str:
    """A timestamp as ``2026年11月26日 14:05`` in the local time zone."""
    if not value:
        return ""
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not isinstance(value, dt.datetime):
        return cn_date(value)
    return f"{cn_date(value)} {value:%H:%M}"


@register.filter
def region_path(region: Any, separator: str = " / ") -> str:
    """A region with its ancestors: ``吉林省 / 长春市 / 南关区``.

    Municipal districts of the four direct-administered municipalities have a placeholder prefecture level
    (市辖区); it is skipped. Ancestors are walked through ``parent`` and cached per region object, so call
    it on regions fetched with ``select_related("parent__parent")`` to stay at one query.
    """
    if region is None or region == "":
        return ""
    names: list[str] = []
    node = region
    depth = 0
    while node is not None and depth < 4:
        if node.name not in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
            names.append(node.name)
        node = node.parent if node.parent_id else None
        depth += 1
    return separator.join(reversed(names))


@register.simple_tag(takes_context=True)
def export_link(context: template.Context, url_name: str, label: str = "") -> str:
    """An "导出Excel" link to ``url_name`` carrying the page's filters, or nothing while that URL is absent.

    List pages call it with the export view's name; the export feature only has to add the URL.
    """
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    query = ""
    if request is not None:
        params = request.GET.copy()
        for key in ("after", "page"):
            params.pop(key, None)
        query = params.urlencode()
    href = f"{url}?{query}" if query else url
    return format_html('<a class="button secondary" href="{}">{}</a>', href, label or _("导出Excel"))


@register.simple_tag
def url_if_exists(url_name: str, *args: Any) -> str:
    """The URL of ``url_name``, or "" when no app provides it (pages link to other apps without failing)."""
    try:
        return reverse(url_name, args=args or None)
    except NoReverseMatch:
        return ""


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, **changes: Any) -> str:
    """The current query string with some parameters replaced (``None`` or ``""`` removes one)."""
    request = context.get("request")
    params = request.GET.copy() if request is not None else None
    if params is None:
        return ""
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = str(value)
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def panels(slot: str, obj: Any) -> str:
    """The panels other apps add to this page's ``slot`` for ``obj`` (see :mod:`kechuang.core.panels`)."""
    return render_panels(slot, obj)


@register.filter
def pretty_json(value: Any) -> str:
    """Audit before/after as indented JSON, Chinese left readable."""
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True, default=str)
