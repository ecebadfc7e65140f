"""Excel import of the expert pool (专家库): one row per expert, resolved by ``expert_resolve`` (the page's
and the API's rules and messages), written by ``expert_create`` with the declared conflicts — every row or
none (``core.excel_import``)."""

from __future__ import annotations

import re
from typing import Any

from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import cell_text
from kechuang.core.excel_import import SheetColumn
from kechuang.registry.models import Organization
from kechuang.registry.services_experts import (
    expert_create,
    expert_declare_conflict,
    expert_resolve,
)

SHEET = "专家"
FILENAME = "专家导入模板.xlsx"
LIST_SPLIT = re.compile(r"[\n,，、;；]+")
KEYS = ("name", "organization", "region", "title", "fields", "max_load", "user")


def columns() -> list[SheetColumn]:
    return [
        SheetColumn("name", _("姓名"), True, "", "张明"),
        SheetColumn(
            "organization", _("工作单位"), False, _("统一社会信用代码或单位全称（须已在主体库中）。")
        ),
        SheetColumn("region", _("所在地区"), False, _("6位行政区划代码或地区全称。"), "220102"),
        SheetColumn("title", _("职称"), False, "", "教授"),
        SheetColumn("fields", _("专业领域"), False, _("国民经济行业代码，多个用顿号分隔。"), "C39、I65"),
        SheetColumn("max_load", _("每批最多评审数"), False, _("正整数，留空不限。"), 8),
        SheetColumn(
            "user", _("登录账号"), False, _("已有账号的用户名或电子邮箱；有账号的专家才能在线评审。")
        ),
        SheetColumn(
            "conflicts", _("回避单位"), False, _("需回避的单位（统一社会信用代码或全称），多个用顿号分隔。")
        ),
    ]


def notes() -> list[str]:
    return [
        _("第1行为列名，从第2行起每行一位专家；“填写说明”工作表不导入。"),
        _("官员只能导入本辖区（或未填地区）的专家；一个账号只能对应一位专家。"),
    ]


def clean(record: dict[str, Any]) -> dict[str, Any]:
    text = {key: cell_text(value) for key, value in record.items()}
    problems: dict[str, str] = {}
    values: dict[str, Any] = {}
    try:
        values = expert_resolve({key: text.get(key, "") for key in KEYS})
    except ApplicationError as exc:
        problems.update(exc.extra.get("fields") or {exc.extra.get("field") or "": exc.message})
    conflicts, missing = [], []
    for name in (t.strip() for t in LIST_SPLIT.split(text.get("conflicts", ""))):
        org = _organization(name) if name else None
        if name and org is None:
            missing.append(name)
        elif org is not None:
            conflicts.append(org)
    if missing:
        problems["conflicts"] = _("主体库中没有这些单位：%(names)s。") % {"names": "、".join(missing)}
    if problems:
        raise ApplicationError(next(iter(problems.values())), extra={"fields": problems})
    return {**values, "conflicts": conflicts}


def _organization(text: str) -> Organization | None:
    return (
        Organization.objects.filter(uscc=text.upper()).first()
        or Organization.objects.filter(name=text).first()
    )


def writer(actor: Any) -> Any:
    def write(values: dict[str, Any]) -> Any:
        data = dict(values)
        conflicts = data.pop("conflicts")
        expert = expert_create(actor=actor, **data)
        for organization in conflicts:
            expert_declare_conflict(
                expert=expert, organization=organization, reason=_("导入时声明"), actor=actor
            )
        return expert

    return write
