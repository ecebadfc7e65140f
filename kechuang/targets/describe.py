"""A metric definition in words, for the indicator page: what is counted or added up, which records, on
which date — never the definition's keys or codes (“统计有效的资质认定的数量，条件：资质类型为高新技术企业”)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from kechuang.targets.metrics import Aggregate, Condition, Metric, ModelSpec, Ratio

# How each time mode reads (catalogue ``ModelSpec.time``).
_TIME = {
    "year_field": gettext_noop("按截至统计日期的最近一个统计年度"),
    "valid_range": gettext_noop("统计日期当天仍在有效期内"),
    "since": gettext_noop("统计日期之前已设立"),
    "event_date": gettext_noop("统计日期所在年度内、截至该日发生"),
    "none": "",
}


def _model_field(spec: ModelSpec, lookup: str) -> Any:
    """The Django field at the end of an ORM lookup (``organization__kind``), or None."""
    try:
        model = apps.get_model(spec.model)
        parts = lookup.split("__")
        for name in parts[:-1]:
            model = model._meta.get_field(name).related_model
        return model._meta.get_field(parts[-1])
    except (LookupError, FieldDoesNotExist, AttributeError):
        return None


def _value_text(spec: ModelSpec, cond: Condition, value: Any) -> str:
    """A condition's value as a reader knows it: a choice's label, an industry's name."""
    if cond.field.name == "industry":
        industry = apps.get_model("registry.Industry").objects.filter(code=value).first()
        return f"“{industry.name}”" if industry else _("所列行业")
    field = _model_field(spec, cond.field.lookup)
    choices = dict(getattr(field, "flatchoices", None) or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, Decimal | int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value) if cond.field.type != "choice" else _("所列类别")


def _condition_text(spec: ModelSpec, cond: Condition) -> str:
    label = cond.field.label
    if cond.operator == "in":
        return _("%(field)s为%(values)s之一") % {
            "field": label,
            "values": "、".join(_value_text(spec, cond, v) for v in cond.value),
        }
    if cond.operator == "gte":
        return _("%(field)s不低于%(value)s") % {"field": label, "value": _value_text(spec, cond, cond.value)}
    if cond.operator == "lte":
        return _("%(field)s不高于%(value)s") % {"field": label, "value": _value_text(spec, cond, cond.value)}
    if cond.operator == "isnull":
        return (_("%(field)s未填写") if cond.value else _("%(field)s已填写")) % {"field": label}
    return _("%(field)s为%(value)s") % {"field": label, "value": _value_text(spec, cond, cond.value)}


def _aggregate_text(agg: Aggregate) -> str:
    what = (
        _("%(model)s的数量") % {"model": agg.model.label}
        if agg.op == "count"
        else _("%(model)s中“%(field)s”的合计")
        % {"model": agg.model.label, "field": agg.field.label if agg.field else ""}
    )
    parts = [what]
    if when := _TIME.get(agg.model.time, ""):
        parts.append(_(when))
    if agg.where:
        parts.append(
            _("条件：%(conditions)s")
            % {"conditions": "，".join(_condition_text(agg.model, c) for c in agg.where)}
        )
    return "（".join(parts[:1]) + ("（" + "；".join(parts[1:]) + "）" if len(parts) > 1 else "")


def describe_metric(metric: Metric) -> str:
    """The definition in one Chinese sentence: the region is the one shown (its whole subtree)."""
    if isinstance(metric, Ratio):
        scale = metric.scale
        tail = "" if scale == 1 else _("，乘以%(scale)s") % {"scale": f"{scale.normalize():f}"}
        return _("所选地区（含下级）%(num)s除以%(den)s%(tail)s。") % {
            "num": _aggregate_text(metric.numerator),
            "den": _aggregate_text(metric.denominator),
            "tail": tail,
        }
    return _("所选地区（含下级）%(what)s。") % {"what": _aggregate_text(metric)}
