"""The list of organizations qualifying for a measure as a workbook: built in the request, or — when large —
by a task worker (:mod:`kechuang.core.background`), from the same selector with the same permission scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from kechuang.core.background import ExportSpec, export_provider
from kechuang.core.dates import check_date_range
from kechuang.core.excel import Column, dated_filename
from kechuang.policies import selectors


def on_of(query: QueryDict) -> dt.date:
    """The application date of ``?on=YYYY-MM-DD`` (today when absent or malformed; refused when out of range)."""
    raw = query.get("on", "")
    try:
        on = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        on = None
    if on is None:
        return selectors.today()
    return check_date_range(on, field="on", label=pgettext("field", "申请日"))


@export_provider
def qualified_export_spec(user: Any, query: QueryDict) -> ExportSpec:
    """``query`` carries ``measure`` (its id) and ``on``; the measure is fetched as the user may select it."""
    measure = selectors.measure_get(user=user, pk=int(query.get("measure", "0") or 0), action="select")
    qs = selectors.qualified_organizations(user=user, measure=measure, on=on_of(query))
    columns = [
        Column(_("统一社会信用代码"), "uscc", width=22),
        Column(_("名称"), "name", width=36),
        Column(_("主体类型"), lambda o: o.get_kind_display()),
        Column(_("所在地区"), "region.name"),
        Column(_("区划代码"), "region_id"),
        Column(_("所属行业"), lambda o: o.industry.name if o.industry_id else ""),
        Column(_("企业规模"), lambda o: o.get_size_display()),
    ]
    return ExportSpec(
        rows=qs.select_related("region", "industry").order_by("region_id", "name"),
        columns=columns,
        title=_("符合条件主体"),
        filename=dated_filename(measure.code),
    )
