"""Excel import of carriers that already exist (a bureau starts from its spreadsheet of recognised
centers): one row per carrier, resolved by ``services_records.carrier_resolve`` (the page's and the API's
rules and messages), written by ``carrier_register`` — every row or none (``core.excel_import``)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from kechuang.carriers.choices import CarrierKind, Tier
from kechuang.carriers.services_records import carrier_register, carrier_resolve
from kechuang.core.excel import cell_text
from kechuang.core.excel_import import SheetColumn

SHEET = "创新载体"
FILENAME = "创新载体导入模板.xlsx"


def columns() -> list[SheetColumn]:
    return [
        SheetColumn("name", _("载体名称"), True, _("证书上的全称。"), "吉林省光电子企业技术中心"),
        SheetColumn(
            "kind", _("载体类型"), True, "、".join(str(label) for label in CarrierKind.labels), "企业技术中心"
        ),
        SheetColumn("tier", _("级别"), True, "、".join(str(label) for label in Tier.labels), "国家级"),
        SheetColumn("region", _("所在地区"), True, _("6位行政区划代码或地区全称。"), "220102"),
        SheetColumn(
            "lead",
            _("主建单位"),
            True,
            _("统一社会信用代码或单位全称（须已在主体库中）。"),
            "91220101MA0000000X",
        ),
        SheetColumn("joint", _("联建单位"), False, _("多个单位用顿号或逗号分隔。")),
        SheetColumn("co_built", _("共建单位"), False, _("多个单位用顿号或逗号分隔。")),
        SheetColumn(
            "responsible_department",
            _("主管部门"),
            False,
            _("政府部门全称；只能填写本部门，或留空。"),
            "长春市科学技术局",
        ),
        SheetColumn("industry", _("所属领域"), False, _("国民经济行业代码或名称。"), "C39"),
        SheetColumn("certificate_no", _("证书编号"), False, "", "国认企技〔2015〕12号"),
        SheetColumn("recognised_on", _("认定日期"), False, _("日期，如 2015-06-30。"), "2015-06-30"),
        SheetColumn("valid_until", _("有效期至"), False, _("日期，如 2027-06-30。")),
        SheetColumn("description", _("简介"), False),
    ]


def notes() -> list[str]:
    return [
        _("第1行为列名，从第2行起每行一个载体；“填写说明”工作表不导入。"),
        _("同名同类的在册载体、已登记的证书编号视为错误。"),
        _("官员只能导入本辖区、本部门主管（或未指定主管部门）的载体。"),
    ]


def clean(record: dict[str, Any]) -> dict[str, Any]:
    text = {
        key: cell_text(value) if key not in ("recognised_on", "valid_until") else value
        for key, value in record.items()
    }
    return carrier_resolve(
        {
            key: text.get(key, "")
            for key in (
                "name",
                "kind",
                "tier",
                "region",
                "lead",
                "joint",
                "co_built",
                "responsible_department",
                "industry",
                "certificate_no",
                "recognised_on",
                "valid_until",
                "description",
            )
        }
    )


def writer(actor: Any) -> Any:
    return lambda values: carrier_register(actor=actor, values=values)
