"""The park list as a workbook (parks are public reference information, like the park list page)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from kechuang.core.excel import Column
from kechuang.registry.excel.columns import DATE_FORMAT


def park_export_columns() -> list[Column]:
    return [
        Column(_("名称"), "name", width=36),
        Column(_("级别"), lambda p: p.get_level_display()),
        Column(_("类型"), lambda p: p.get_kind_display(), width=18),
        Column(_("所在地区"), "region_id"),
        Column(_("地区名称"), lambda p: str(p.region), width=28),
        Column(_("设立日期"), "established_on", number_format=DATE_FORMAT, width=12),
        Column(_("面积（平方公里）"), "area_km2", number_format="#,##0.00", width=16),
    ]
