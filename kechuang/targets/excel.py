"""Excel imports of a plan (目标分解): its indicators, then their allocations to sub-regions and units. Each
row goes through the services the pages use (``indicator_create``, ``allocation_set``) — every row checked,
every problem reported by row and column, all rows written or none (``core.excel_import``)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from kechuang.core.errors import ApplicationError
from kechuang.core.excel import cell_text
from kechuang.core.excel_import import SheetColumn
from kechuang.registry.models import Department
from kechuang.registry.services import clean_date, resolve_region
from kechuang.targets import services
from kechuang.targets.choices import Direction
from kechuang.targets.models import Plan

INDICATOR_SHEET = "指标"
INDICATOR_FILENAME = "规划指标导入模板.xlsx"
ALLOCATION_SHEET = "分解目标"
ALLOCATION_FILENAME = "目标分解导入模板.xlsx"


def indicator_columns() -> list[SheetColumn]:
    return [
        SheetColumn("code", _("编号"), True, _("本规划内不重复。"), "Z1"),
        SheetColumn("name", _("指标名称"), True, "", "市级以上企业技术中心数量"),
        SheetColumn("unit", _("单位"), True, "", "家"),
        SheetColumn("target_value", _("目标值"), True, _("数字。"), 120),
        SheetColumn("target_date", _("目标日期"), True, _("日期，如 2027-12-31。"), "2027-12-31"),
        SheetColumn("baseline_date", _("基期日期"), True, _("日期，须早于目标日期。"), "2025-12-31"),
        SheetColumn("baseline_value", _("基期值"), False, _("数字，可留空。"), 96),
        SheetColumn(
            "direction", _("方向"), False, "、".join(str(label) for label in Direction.labels), "不低于目标"
        ),
        SheetColumn("category", _("目标类别"), False, "", "创新载体"),
        SheetColumn("lead_unit", _("牵头单位"), False, _("政府部门全称（规划地区内）。"), "长春市科学技术局"),
    ]


def allocation_columns() -> list[SheetColumn]:
    return [
        SheetColumn("indicator", _("指标编号"), True, _("本规划已有指标的编号。"), "Z1"),
        SheetColumn("region", _("地区"), False, _("下级地区的6位代码或全称；与“单位”二选一。"), "220122"),
        SheetColumn("department", _("单位"), False, _("政府部门全称；与“地区”二选一。")),
        SheetColumn("target_value", _("分解目标值"), True, _("数字。"), 20),
        SheetColumn("note", _("说明"), False),
    ]


def _number(value: Any, key: str, label: str, problems: dict[str, str]) -> Decimal | None:
    text = cell_text(value).replace(",", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        problems[key] = _("%(label)s“%(value)s”不是数字。") % {"label": label, "value": text}
        return None
    return number


def _department(plan: Plan, text: str, key: str, problems: dict[str, str]) -> Department | None:
    if not text:
        return None
    department = Department.objects.filter(name=text, region__path__startswith=plan.region.path).first()
    if department is None:
        problems[key] = _("规划地区内没有政府部门“%(name)s”。") % {"name": text}
    return department


def _choice(text: str, problems: dict[str, str]) -> str:
    if not text:
        return Direction.AT_LEAST
    by_label = {str(label): value for value, label in Direction.choices}
    if text in by_label or text in Direction.values:
        return by_label.get(text, text)
    problems["direction"] = _("方向应为：%(options)s。") % {"options": "、".join(by_label)}
    return Direction.AT_LEAST


def _raise(problems: dict[str, str]) -> None:
    if problems:
        raise ApplicationError(next(iter(problems.values())), extra={"fields": problems})


def indicator_cleaner(plan: Plan) -> Any:
    def clean(record: dict[str, Any]) -> dict[str, Any]:
        problems: dict[str, str] = {}
        out: dict[str, Any] = {
            "code": cell_text(record.get("code")),
            "name": cell_text(record.get("name")),
            "unit": cell_text(record.get("unit")),
            "category": cell_text(record.get("category")),
            "direction": _choice(cell_text(record.get("direction")), problems),
            "target_value": _number(record.get("target_value"), "target_value", _("目标值"), problems),
            "baseline_value": _number(record.get("baseline_value"), "baseline_value", _("基期值"), problems),
            "lead_unit": _department(plan, cell_text(record.get("lead_unit")), "lead_unit", problems),
        }
        for key, label in (("target_date", _("目标日期")), ("baseline_date", _("基期日期"))):
            try:
                out[key] = clean_date(record.get(key), field=key, label=label, allow_future=True)
            except ApplicationError as exc:
                problems[key] = exc.message
        _raise(problems)
        return out

    return clean


def indicator_writer(plan: Plan, actor: Any) -> Any:
    position = plan.indicators.count()

    def write(values: dict[str, Any]) -> Any:
        nonlocal position
        position += 1
        return services.indicator_create(actor=actor, plan=plan, position=position, **values)

    return write


def allocation_cleaner(plan: Plan) -> Any:
    indicators = {i.code: i for i in plan.indicators.all()}

    def clean(record: dict[str, Any]) -> dict[str, Any]:
        problems: dict[str, str] = {}
        code = cell_text(record.get("indicator"))
        indicator = indicators.get(code)
        if code and indicator is None:
            problems["indicator"] = _("本规划没有编号为“%(code)s”的指标。") % {"code": code}
        region = None
        if cell_text(record.get("region")):
            try:
                region = resolve_region(cell_text(record.get("region")))
            except ApplicationError as exc:
                problems["region"] = exc.message
        department = _department(plan, cell_text(record.get("department")), "department", problems)
        if not cell_text(record.get("region")) and not cell_text(record.get("department")):
            problems["region"] = _("请填写“地区”或“单位”之一。")
        elif cell_text(record.get("region")) and cell_text(record.get("department")):
            problems["department"] = _("“地区”和“单位”只能填写一个。")
        value = _number(record.get("target_value"), "target_value", _("分解目标值"), problems)
        _raise(problems)
        return {
            "indicator": indicator,
            "region": region,
            "department": department,
            "target_value": value,
            "note": cell_text(record.get("note"))[:200],
        }

    return clean


def allocation_writer(actor: Any) -> Any:
    seen: set[tuple[int, str, int]] = set()

    def write(values: dict[str, Any]) -> Any:
        key = (
            values["indicator"].pk,
            getattr(values["region"], "pk", ""),
            getattr(values["department"], "pk", 0),
        )
        if key in seen:
            raise ApplicationError(_("同一指标的同一地区或单位重复分解。"), extra={"field": "region"})
        seen.add(key)
        try:
            return services.allocation_set(actor=actor, **values)
        except ApplicationError as exc:
            raise ApplicationError(exc.message, extra={"field": exc.extra.get("field") or "region"}) from exc

    return write
