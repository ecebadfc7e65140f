"""The audit log in the domain's words: who did what to which record, each changed field with its label and
its value before → after (choice labels, related records by name, 是/否, dates), never an action code or a
JSON key.

An audit record stores ``action`` (``claim.transition``), ``target_type`` (``policies.claim``) and the
``before``/``after`` snapshots keyed by field names. The portal knows every app, so it reads the models'
own metadata (verbose names, choices, foreign keys) to put them into words; related records are fetched
in one query per model for a whole page.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kechuang.core.models import AuditRecord

# What the last part of an action code means (``claim.transition`` → 变更状态). Longest suffix first.
VERBS: dict[str, Any] = {
    "transition": gettext_lazy("变更状态"),
    "create": gettext_lazy("新建"),
    "update": gettext_lazy("修改"),
    "edit": gettext_lazy("修改"),
    "change": gettext_lazy("修改"),
    "delete": gettext_lazy("删除"),
    "remove": gettext_lazy("移除"),
    "verify": gettext_lazy("核验"),
    "add": gettext_lazy("添加"),
    "add_item": gettext_lazy("添加评审对象"),
    "add_member": gettext_lazy("添加成员"),
    "member_add": gettext_lazy("添加成员"),
    "project_add": gettext_lazy("添加项目"),
    "attachment_add": gettext_lazy("上传附件"),
    "add_cooperation": gettext_lazy("登记合作关系"),
    "assign": gettext_lazy("分配"),
    "import": gettext_lazy("导入"),
    "load": gettext_lazy("载入"),
    "demo_load": gettext_lazy("载入演示数据"),
    "lodge": gettext_lazy("提出"),
    "issue": gettext_lazy("发放"),
    "redeem": gettext_lazy("抵扣"),
    "push": gettext_lazy("推送"),
    "save_rule": gettext_lazy("保存条件规则"),
    "start": gettext_lazy("发起"),
    "auto_generate": gettext_lazy("自动生成"),
    "compute": gettext_lazy("计算"),
    "appoint": gettext_lazy("任命"),
    "record_use": gettext_lazy("登记使用"),
    "request": gettext_lazy("申请"),
    "register": gettext_lazy("登记"),
    "publish": gettext_lazy("发布"),
    "set": gettext_lazy("设置"),
    "set_baseline": gettext_lazy("设置基期值"),
    "escalation": gettext_lazy("逾期督办"),
    "reminder": gettext_lazy("到期提醒"),
    "profile_set": gettext_lazy("设置专家档案"),
    "submit": gettext_lazy("提交"),
    "review": gettext_lazy("审核"),
    "approve": gettext_lazy("批准"),
    "reject": gettext_lazy("退回"),
    "withdraw": gettext_lazy("撤回"),
    "disburse": gettext_lazy("兑现"),
    "close": gettext_lazy("结束"),
    "resolve": gettext_lazy("处理"),
    "score": gettext_lazy("评分"),
    "decline": gettext_lazy("回避"),
    "login_failed": gettext_lazy("登录失败"),
    "login": gettext_lazy("登录"),
    "export": gettext_lazy("导出"),
}
# Keys of snapshots that are not model fields, in words.
EXTRA_KEYS: dict[str, Any] = {
    "note": gettext_lazy("说明"),
    "last_note": gettext_lazy("说明"),
    "reason": gettext_lazy("理由"),
    "organization": gettext_lazy("主体"),
    "organizations": gettext_lazy("主体数"),
    "role": gettext_lazy("角色"),
    "project": gettext_lazy("项目"),
    "created": gettext_lazy("新建数量"),
    "count": gettext_lazy("数量"),
    "year": gettext_lazy("年度"),
    "grade": gettext_lazy("等级"),
    "amount": gettext_lazy("金额"),
    "balance": gettext_lazy("余额"),
    "hours": gettext_lazy("机时"),
    "occurred_on": gettext_lazy("发生日期"),
    "participating_units": gettext_lazy("参与单位"),
    "attachment": gettext_lazy("附件"),
    "item": gettext_lazy("评审对象"),
    "subject": gettext_lazy("评审对象"),
    "organization_id": gettext_lazy("主体"),
    "number": gettext_lazy("编号"),
    "item_id": gettext_lazy("对接项目"),
    "demand_id": gettext_lazy("技术需求"),
    "achievement_id": gettext_lazy("科技成果"),
    "title": gettext_lazy("名称"),
    "call_id": gettext_lazy("申报批次"),
    "description": gettext_lazy("说明"),
    "funding_cap": gettext_lazy("资助上限"),
    "project_count": gettext_lazy("拟立项数"),
    "duration_months": gettext_lazy("实施期（月）"),
    "co_funding_ratio": gettext_lazy("配套比例"),
    "objection": gettext_lazy("异议"),
    "repairs": gettext_lazy("补充分配"),
    "capacity": gettext_lazy("评审容量"),
}
# Bookkeeping columns nobody asked about.
HIDDEN = {"id", "created_at", "updated_at", "version", "region_path", "rule_hash", "record_hash", "prev_hash"}


@dataclass
class Change:
    label: str
    before: str = ""
    after: str = ""


@dataclass
class AuditRow:
    record: AuditRecord
    actor: str
    verb: str
    kind: str
    target: str
    changes: list[Change] = field(default_factory=list)


def model_for(target_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def kind_label(target_type: str) -> str:
    """``policies.claim`` → 政策兑现申请 (the model's verbose name), or 记录 for what no model has."""
    model = model_for(target_type)
    return str(model._meta.verbose_name) if model is not None else _("记录")


def verb_label(action: str) -> str:
    """The last part of an action code in words: ``market.achievement_import`` → 导入."""
    tail = action.rsplit(".", 1)[-1]
    parts = tail.split("_")
    for i in range(len(parts)):
        suffix = "_".join(parts[i:])
        if suffix in VERBS:
            return str(VERBS[suffix])
    return _("操作")


def action_label(action: str, target_type: str = "") -> str:
    """An action code for the filter: 变更状态（政策兑现申请）."""
    model_name = action.split(".", 1)[0] if "." in action else ""
    kind = kind_label(target_type) if target_type else ""
    if not kind:
        for model in apps.get_models():
            if model._meta.model_name == model_name.replace("_", "") and model.__module__.startswith(
                "kechuang."
            ):
                kind = str(model._meta.verbose_name)
                break
    return f"{verb_label(action)}（{kind}）" if kind else verb_label(action)


def _field(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    for f in model._meta.concrete_fields:
        if key in (f.name, f.attname):
            return f
    return None


def _plain(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("是") if value else _("否")
    if isinstance(value, list) and all(isinstance(v, str | int | float | Decimal) for v in value):
        return "、".join(_plain(v) for v in value) or "—"
    if isinstance(value, list | dict):
        # a structured setting (a metric definition, a score sheet): its own page shows it in words
        return _("已设置") if value else "—"
    if isinstance(value, str):
        moment = parse_datetime(value) if "T" in value else None
        if moment is not None:
            return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}"
        day = parse_date(value) if len(value) == 10 else None
        if day is not None:
            return f"{day.year}年{day.month}月{day.day}日"
    return str(value)


def _value(f: models.Field | None, value: Any, names: dict[tuple[Any, str], str]) -> str:
    if f is None or value is None or value == "":
        return _plain(value)
    if f.choices:
        labels = {str(k): str(v) for k, v in f.flatchoices}
        if isinstance(value, list):
            return "、".join(labels.get(str(v), str(v)) for v in value)
        return labels.get(str(value), str(value))
    base = getattr(f, "base_field", None)  # an array of choices (designation kinds …)
    if base is not None and base.choices and isinstance(value, list):
        labels = {str(k): str(v) for k, v in base.flatchoices}
        return "、".join(labels.get(str(v), str(v)) for v in value) or "—"
    if f.is_relation and f.related_model is not None:
        return names.get((f.related_model, str(value)), "—")
    if isinstance(f, models.DecimalField):
        try:
            return f"{Decimal(str(value)):,}"
        except InvalidOperation:
            return str(value)
    return _plain(value)


def _related_names(records: Iterable[AuditRecord]) -> dict[tuple[Any, str], str]:
    """Names of every record a page's snapshots point to: one query per related model."""
    wanted: dict[Any, set[str]] = defaultdict(set)
    for r in records:
        model = model_for(r.target_type)
        for snap in (r.before, r.after):
            for key, value in (snap or {}).items() if isinstance(snap, dict) else ():
                f = _field(model, key)
                if (
                    f is not None
                    and f.is_relation
                    and f.related_model is not None
                    and value not in (None, "")
                ) and not isinstance(value, list | dict):
                    wanted[f.related_model].add(str(value))
    names: dict[tuple[Any, str], str] = {}
    for model, ids in wanted.items():
        pk = model._meta.pk
        try:
            keys = [pk.to_python(i) for i in ids]
        except Exception:
            continue
        for obj in model._default_manager.filter(pk__in=keys)[:500]:
            names[(model, str(obj.pk))] = str(obj)
    return names


def describe(records: Iterable[AuditRecord]) -> list[AuditRow]:
    """Each record as who did what to which record, with the changed fields in words."""
    records = list(records)
    names = _related_names(records)
    rows = []
    for r in records:
        model = model_for(r.target_type)
        before = r.before if isinstance(r.before, dict) else {}
        after = r.after if isinstance(r.after, dict) else {}
        changes = []
        for key in list(dict.fromkeys([*before, *after])):
            if key in HIDDEN or key.endswith("_hash"):
                continue
            f = _field(model, key)
            if f is not None:
                label = str(f.verbose_name)
            elif key in EXTRA_KEYS:
                label = str(EXTRA_KEYS[key])
            else:
                label = _("其他信息")
            old = _value(f, before.get(key), names) if key in before else ""
            new = _value(f, after.get(key), names) if key in after else ""
            if old == new and key in before:
                continue
            changes.append(Change(label, old, new))
        rows.append(
            AuditRow(
                record=r,
                actor=r.actor_label or _("系统"),
                verb=verb_label(r.action),
                kind=kind_label(r.target_type),
                target=r.target_label or f"#{r.target_id}",
                changes=changes,
            )
        )
    return rows


def target_type_choices() -> list[tuple[str, str]]:
    """Record kinds the audit log may be filtered by: (app_label.model, verbose name)."""
    out = [
        (f"{m._meta.app_label}.{m._meta.model_name}", str(m._meta.verbose_name))
        for m in apps.get_models()
        if m.__module__.startswith("kechuang.")
    ]
    return sorted(out, key=lambda c: c[1])


__all__ = [
    "AuditRow",
    "Change",
    "action_label",
    "describe",
    "kind_label",
    "target_type_choices",
    "verb_label",
]
